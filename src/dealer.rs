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

impl Dealer {
    /// Whether the dealer is in `city`, named in either language.
    pub fn is_in(&self, city: &str) -> bool {
        let city = city.trim();
        !city.is_empty() && (self.city_zh == city || self.city_en.eq_ignore_ascii_case(city))
    }
}

/// Nearest first: the dealers in `city` before the others, each group in its
/// usual order (we know cities, not coordinates).
pub fn in_city_first(dealers: &mut [Dealer], city: &str) {
    dealers.sort_by_key(|d| !d.is_in(city));
}

/// Every dealer in the usual order (by code); master data, kept a while (`Db::kept`).
#[cfg(feature = "ssr")]
pub async fn list(db: &crate::db::Db) -> Result<Vec<Dealer>, sqlx::Error> {
    let read = sqlx::query_as("SELECT id, code, name_zh, name_en, city_zh, city_en, phone FROM dealers ORDER BY code")
        .fetch_all(db.pool());
    Ok(Vec::clone(&*db.kept("dealers", read).await?))
}

/// The brand's car models by id with their names in Chinese and English;
/// master data, kept a while (`Db::kept`).
#[cfg(feature = "ssr")]
pub async fn model_names(db: &crate::db::Db) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let read = sqlx::query_as("SELECT id, name_zh, name_en FROM car_models ORDER BY id").fetch_all(db.pool());
    Ok(Vec::clone(&*db.kept("car model names", read).await?))
}

/// The dealer with `code` (as people and other systems name it, `SH01`).
#[cfg(feature = "ssr")]
pub async fn id_by_code(db: &crate::db::Db, code: &str) -> Result<Option<DealerId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM dealers WHERE code = $1").bind(code.trim()).fetch_optional(db.pool()).await
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dealer(id: i64, zh: &str, en: &str) -> Dealer {
        Dealer {
            id,
            code: format!("D{id}"),
            name_zh: String::new(),
            name_en: String::new(),
            city_zh: zh.into(),
            city_en: en.into(),
            phone: String::new(),
        }
    }

    #[test]
    fn dealers_in_the_chosen_city_come_first_in_their_usual_order() {
        let mut dealers = vec![
            dealer(1, "北京", "Beijing"),
            dealer(2, "上海", "Shanghai"),
            dealer(3, "北京", "Beijing"),
            dealer(4, "上海", "Shanghai"),
        ];
        in_city_first(&mut dealers, "shanghai ");
        assert_eq!(dealers.iter().map(|d| d.id).collect::<Vec<_>>(), [2, 4, 1, 3]);
        in_city_first(&mut dealers, "北京");
        assert_eq!(dealers.iter().map(|d| d.id).collect::<Vec<_>>(), [1, 3, 2, 4]);
    }

    #[test]
    fn no_city_keeps_the_usual_order() {
        let mut dealers = vec![dealer(2, "上海", "Shanghai"), dealer(1, "北京", "Beijing")];
        in_city_first(&mut dealers, "  ");
        assert_eq!(dealers.iter().map(|d| d.id).collect::<Vec<_>>(), [2, 1]);
    }
}
