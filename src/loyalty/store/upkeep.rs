//! The daily upkeep: lots past their expiry are written off (oldest first is
//! automatic: each lot goes on its own date), owners hear of points expiring
//! within 30 days once per lot, tiers are re-evaluated from points earned in the
//! last 12 months, and vouchers past their date expire. `mismatches` proves
//! every cached balance equals its ledger's sum.

use super::shared::{account, debited, write_status};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::loyalty::{
    may_use, transition, EntryKind, Tier, VoucherAction, VoucherParty, VoucherStatus, EXPIRY_NOTICE_DAYS,
};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use crate::types::IdempotencyKey;
use chrono::{DateTime, Duration, Utc};

/// Writes off expired lots and warns of soon-expiring ones; returns how many
/// lots expired.
pub async fn expire(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let due: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, owner_id, remaining FROM loyalty_ledger WHERE remaining > 0 AND expires_at <= $1 ORDER BY expires_at, id",
    )
    .bind(now.timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    for (lot, owner, _) in &due {
        let mut tx = db.begin_write().await?;
        account(db, &mut tx, *owner, now).await?;
        // Read again under the lock: a redemption may have spent some meanwhile.
        let left: i64 = sqlx::query_scalar("SELECT remaining FROM loyalty_ledger WHERE id = $1")
            .bind(lot)
            .fetch_one(&mut *tx)
            .await?;
        if left > 0 {
            sqlx::query("UPDATE loyalty_ledger SET remaining = 0 WHERE id = $1").bind(lot).execute(&mut *tx).await?;
            let source = format!("lot:{lot}");
            sqlx::query(
                "INSERT INTO loyalty_ledger (owner_id, amount, kind, source, idempotency_key, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(owner)
            .bind(-left)
            .bind(EntryKind::Expire.as_str())
            .bind(&source)
            .bind(IdempotencyKey::of(&[&"expire", &"lot", lot]).as_str())
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE loyalty_accounts SET balance = balance - $1, updated_at = $2 WHERE owner_id = $3")
                .bind(left)
                .bind(now.timestamp_millis())
                .bind(owner)
                .execute(&mut *tx)
                .await?;
            debited(&mut tx, *owner, left, EntryKind::Expire, &source, now).await?;
        }
        tx.commit().await?;
    }
    let soon: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.id, l.owner_id FROM loyalty_ledger l
         WHERE l.remaining > 0 AND l.expires_at <= $1
           AND NOT EXISTS (SELECT 1 FROM loyalty_expiry_notices n WHERE n.ledger_id = l.id)
         ORDER BY l.owner_id, l.id",
    )
    .bind((now + Duration::days(EXPIRY_NOTICE_DAYS)).timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    // Every lot is noted; each owner hears once per run, however many lots.
    let mut owners: Vec<i64> = soon.iter().map(|(_, owner)| *owner).collect();
    owners.dedup();
    for owner in owners {
        let mut tx = db.begin_write().await?;
        let mut fresh = 0;
        for (lot, _) in soon.iter().filter(|(_, o)| *o == owner) {
            let noted = sqlx::query(
                "INSERT INTO loyalty_expiry_notices (ledger_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(lot)
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
            fresh += noted.rows_affected();
        }
        if fresh > 0 {
            let message = Message { notice: Notice::PointsExpiring, link: "/rewards", category: Category::Service };
            tell(&mut tx, owner, message, now).await?;
        }
        tx.commit().await?;
    }
    expire_vouchers(db, now).await?;
    Ok(due.len())
}

/// Expires the issued vouchers past their date, in one transaction; each is
/// locked as it is read, so a counter using it meanwhile waits and then finds
/// it expired.
async fn expire_vouchers(db: &Db, now: DateTime<Utc>) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    let lock = db.for_update();
    // The query narrows to those past their date; `may_use` is the rule that says so.
    let issued: Vec<(i64, VoucherStatus, i64)> = sqlx::query_as(&format!(
        "SELECT id, status, valid_until FROM vouchers WHERE status = $1 AND valid_until < $2 ORDER BY id{lock}"
    ))
    .bind(VoucherStatus::Issued.as_str())
    .bind(now.timestamp_millis())
    .fetch_all(&mut *tx)
    .await?;
    let past = issued.into_iter().filter(|(_, _, until)| {
        DateTime::from_timestamp_millis(*until).is_some_and(|until| may_use(until, now).is_err())
    });
    for (id, from, _) in past {
        let to = transition(from, VoucherAction::Expire, VoucherParty::System)
            .map_err(|e| DomainError::invalid(Field::Item, e))?;
        write_status(&mut tx, id, from, to, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets every account's tier from points earned (less reversals) in the last
/// 12 months, and tells owners who moved up. Returns how many changed.
pub async fn retier(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let rows: Vec<(i64, Tier, i64)> = sqlx::query_as(
        "SELECT a.owner_id, a.tier,
                CAST(COALESCE((SELECT SUM(l.amount) FROM loyalty_ledger l
                               WHERE l.owner_id = a.owner_id AND l.kind IN ('earn', 'reverse') AND l.created_at >= $1), 0)
                     AS BIGINT)
         FROM loyalty_accounts a",
    )
    .bind((now - Duration::days(365)).timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    let mut changed = 0;
    for (owner, was, earned) in rows {
        let tier = Tier::for_earned(earned);
        if tier == was {
            continue;
        }
        let mut tx = db.begin_write().await?;
        // Another instance's run may have moved it first: one message, from whoever did.
        let moved =
            sqlx::query("UPDATE loyalty_accounts SET tier = $1, updated_at = $2 WHERE owner_id = $3 AND tier = $4")
                .bind(tier.as_str())
                .bind(now.timestamp_millis())
                .bind(owner)
                .bind(was.as_str())
                .execute(&mut *tx)
                .await?;
        if moved.rows_affected() == 0 {
            continue;
        }
        if tier.threshold() > was.threshold() {
            let message = Message { notice: Notice::TierUp, link: "/rewards", category: Category::Service };
            tell(&mut tx, owner, message, now).await?;
        }
        tx.commit().await?;
        changed += 1;
    }
    Ok(changed)
}

/// Owners whose cached balance differs from the sum of their ledger.
pub async fn mismatches(db: &Db) -> Result<i64, DomainError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM loyalty_accounts a
         WHERE a.balance <> CAST(COALESCE((SELECT SUM(l.amount) FROM loyalty_ledger l WHERE l.owner_id = a.owner_id), 0) AS BIGINT)",
    )
    .fetch_one(db.pool())
    .await?)
}
