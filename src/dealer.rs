//! Dealers: where owners buy, service and are served. Staff may belong to one.

use crate::account::DealerId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Dealer {
    pub id: DealerId,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub city_zh: String,
    pub city_en: String,
    pub phone: String,
}

#[cfg(feature = "ssr")]
pub async fn list(db: &crate::db::Db) -> Result<Vec<Dealer>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name_zh, name_en, city_zh, city_en, phone FROM dealers ORDER BY code")
        .fetch_all(db.pool())
        .await
}

#[cfg(feature = "ssr")]
pub async fn find(db: &crate::db::Db, id: DealerId) -> Result<Option<Dealer>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name_zh, name_en, city_zh, city_en, phone FROM dealers WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// The figures on the staff console's first page, for one dealer or brand-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// The staff member's dealer; `None` brand-wide.
    pub dealer: Option<Dealer>,
    pub owners: i64,
    pub vehicles_sold: i64,
    pub vehicles_claimed: i64,
}

/// Counts what a member of staff may see: their dealer's sales, or all of them.
#[cfg(feature = "ssr")]
pub async fn overview(db: &crate::db::Db, dealer: Option<DealerId>) -> Result<Overview, sqlx::Error> {
    let (owners, vehicles_sold, vehicles_claimed): (i64, i64, i64) = sqlx::query_as(
        "SELECT
            (SELECT COUNT(DISTINCT o.owner_id) FROM ownerships o JOIN vehicles v ON v.vin = o.vin
              WHERE o.ended_at IS NULL AND ($1 IS NULL OR v.selling_dealer_id = $1)),
            (SELECT COUNT(*) FROM vehicles v WHERE v.sale_date IS NOT NULL AND ($1 IS NULL OR v.selling_dealer_id = $1)),
            (SELECT COUNT(*) FROM ownerships o JOIN vehicles v ON v.vin = o.vin
              WHERE o.ended_at IS NULL AND ($1 IS NULL OR v.selling_dealer_id = $1))",
    )
    .bind(dealer)
    .fetch_one(db.pool())
    .await?;
    let dealer = match dealer {
        Some(id) => find(db, id).await?,
        None => None,
    };
    Ok(Overview { dealer, owners, vehicles_sold, vehicles_claimed })
}
