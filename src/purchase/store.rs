//! Purchases in the database: one row per dealer and reference, written with
//! its fact in one transaction; the ledger credits from the fact
//! (`loyalty::store::earn_from_events`), so a purchase earns once however
//! often it is reported.

use super::Purchase;
use crate::account::UserId;
use crate::db::Db;
use crate::error::{DomainError, WriteError};
use crate::fact::Fact;
use chrono::{DateTime, Utc};

/// Why a purchase is not recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no owner has verified this mobile number")]
    NoAccount,
    #[error("this reference is recorded at this dealer with another buyer or amount")]
    ReferenceTaken,
}

pub type PurchaseError = WriteError<Refusal>;

/// A recorded purchase; `repeated` when the reference was recorded before with the same details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub owner: UserId,
    pub repeated: bool,
}

fn fact(id: i64, owner: UserId, purchase: &Purchase) -> Fact {
    Fact::PurchaseMade { purchase: id, owner, dealer: purchase.dealer, amount: purchase.amount }
}

/// Records the purchase for the owner who verified its mobile.
pub async fn record(db: &Db, now: DateTime<Utc>, purchase: &Purchase) -> Result<Recorded, PurchaseError> {
    let owner: Option<UserId> = sqlx::query_scalar(
        "SELECT id FROM users
         WHERE mobile = $1 AND mobile_verified_at IS NOT NULL AND disabled_at IS NULL AND role = 'owner'",
    )
    .bind(purchase.mobile.as_str())
    .fetch_optional(db.pool())
    .await?;
    let owner = owner.ok_or(WriteError::Refused(Refusal::NoAccount))?;
    let mut tx = db.begin_write().await?;
    // A parallel report of the same reference waits here for the first, then finds it.
    let made: Option<i64> = sqlx::query_scalar(
        "INSERT INTO purchases (dealer_id, reference, owner_id, amount_fen, purchased_on, description, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dealer_id, reference) DO NOTHING RETURNING id",
    )
    .bind(purchase.dealer)
    .bind(&purchase.reference)
    .bind(owner)
    .bind(purchase.amount.fen())
    .bind(purchase.purchased_on.to_string())
    .bind(&purchase.description)
    .bind(now.timestamp_millis())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = made {
        crate::fact::store::emit(&mut tx, fact(id, owner, purchase), now).await?;
        tx.commit().await?;
        return Ok(Recorded { id, owner, repeated: false });
    }
    let (id, first_owner, amount_fen): (i64, UserId, i64) =
        sqlx::query_as("SELECT id, owner_id, amount_fen FROM purchases WHERE dealer_id = $1 AND reference = $2")
            .bind(purchase.dealer)
            .bind(&purchase.reference)
            .fetch_one(&mut *tx)
            .await?;
    // Not the day: a retry after midnight without `purchased_on` would read as another day.
    if first_owner == owner && amount_fen == purchase.amount.fen() {
        Ok(Recorded { id, owner, repeated: true })
    } else {
        Err(WriteError::Refused(Refusal::ReferenceTaken))
    }
}

/// The points the purchase earned (none while the earning run has not read
/// it, or when the rule is off or capped) and the owner's balance.
pub async fn earned(db: &Db, purchase: &Purchase, recorded: &Recorded) -> Result<(i64, i64), DomainError> {
    let points: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM loyalty_ledger WHERE owner_id = $1 AND source = $2",
    )
    .bind(recorded.owner)
    .bind(fact(recorded.id, recorded.owner, purchase).subject())
    .fetch_one(db.pool())
    .await?;
    let balance: Option<i64> = sqlx::query_scalar("SELECT balance FROM loyalty_accounts WHERE owner_id = $1")
        .bind(recorded.owner)
        .fetch_optional(db.pool())
        .await?;
    Ok((points, balance.unwrap_or(0)))
}
