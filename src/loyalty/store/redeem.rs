//! Redeeming: points buy a reward, and a voucher code is issued, in one
//! transaction (stock, the owner's limit, the balance and the lots); the
//! dealer's counter looks a code up and uses it, once.

use super::shared::{account, debit, write_status, Line, Redemption};
use crate::account::{Staff, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, Problem};
use crate::loyalty::views::CounterVoucher;
use crate::loyalty::{may_use, transition, EntryKind, VoucherAction, VoucherError, VoucherParty, VoucherStatus};
use crate::types::{IdempotencyKey, IdempotencyKeyError, VoucherCode, MAX_SUBMITTED_KEY_CHARS};
use chrono::{DateTime, Duration};

fn refused(e: VoucherError) -> DomainError {
    DomainError::invalid(Field::Item, e)
}

/// Buys `reward` with points; a repeated submit (same `key`) answers with the
/// voucher the first one issued. Returns the voucher's code.
pub async fn redeem(db: &Db, clock: &dyn Clock, owner: UserId, reward: i64, key: &str) -> Result<String, DomainError> {
    let now = clock.now();
    let key = IdempotencyKey::submitted(format!("redeem:{owner}"), key).map_err(|e| {
        let problem = match e {
            IdempotencyKeyError::Missing => Problem::Required,
            IdempotencyKeyError::TooLong => Problem::TooLong(MAX_SUBMITTED_KEY_CHARS),
        };
        DomainError::invalid(Field::Item, problem)
    })?;
    let mut tx = db.begin_write().await?;
    account(db, &mut tx, owner, now).await?;
    let earlier: Option<String> = sqlx::query_scalar(
        "SELECT v.code FROM vouchers v JOIN loyalty_ledger l ON l.id = v.ledger_id WHERE l.idempotency_key = $1",
    )
    .bind(key.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(code) = earlier {
        return Ok(code);
    }
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT points, per_owner_limit, valid_days FROM rewards WHERE id = $1 AND active = 1")
            .bind(reward)
            .fetch_optional(&mut *tx)
            .await?;
    let (points, limit, valid_days) = row.ok_or(DomainError::NotFound)?;
    let mine: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vouchers WHERE owner_id = $1 AND reward_id = $2")
        .bind(owner)
        .bind(reward)
        .fetch_one(&mut *tx)
        .await?;
    if mine >= limit {
        return Err(refused(VoucherError::LimitReached));
    }
    let taken = sqlx::query("UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0")
        .bind(reward)
        .execute(&mut *tx)
        .await?;
    if taken.rows_affected() == 0 {
        return Err(refused(VoucherError::OutOfStock));
    }
    let source = format!("reward:{reward}");
    let line =
        Line { owner, kind: EntryKind::Redeem, rule: None, source: &source, key: &key, reason: None, actor: None };
    let ledger = debit(&mut tx, line, points, now).await?;
    let code = VoucherCode::fresh();
    sqlx::query(
        "INSERT INTO vouchers (code, owner_id, reward_id, ledger_id, status, issued_at, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(code.as_str())
    .bind(owner)
    .bind(reward)
    .bind(ledger)
    .bind(VoucherStatus::Issued.as_str())
    .bind(now.timestamp_millis())
    .bind((now + Duration::days(valid_days)).timestamp_millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(code.to_string())
}

/// A voucher as typed at the counter; what is no voucher code is no voucher.
fn typed(code: &str) -> Result<VoucherCode, DomainError> {
    VoucherCode::parse(code).map_err(|_| DomainError::NotFound)
}

pub async fn counter_voucher(db: &Db, staff: &Staff, code: &str) -> Result<CounterVoucher, DomainError> {
    if !staff.role.is_workshop() {
        return Err(DomainError::NotFound);
    }
    sqlx::query_as(
        "SELECT v.code, u.display_name AS owner, r.name_zh AS reward_zh, r.name_en AS reward_en, r.cash_fen,
                v.status, v.valid_until, v.redeemed_at
         FROM vouchers v JOIN users u ON u.id = v.owner_id JOIN rewards r ON r.id = v.reward_id WHERE v.code = $1",
    )
    .bind(typed(code)?.as_str())
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)
}

/// Uses the voucher at the counter: once, while valid; the second use of the
/// same code is refused, also when two counters try at the same moment (the
/// second waits for the first's lock, then finds it used).
pub async fn use_voucher(db: &Db, clock: &dyn Clock, staff: &Staff, code: &str) -> Result<(), DomainError> {
    if !staff.role.is_workshop() {
        return Err(DomainError::NotFound);
    }
    let now = clock.now();
    let code = typed(code)?;
    let mut tx = db.begin_write().await?;
    let lock = db.for_update();
    let row: Option<(i64, VoucherStatus, i64)> =
        sqlx::query_as(&format!("SELECT id, status, valid_until FROM vouchers WHERE code = $1{lock}"))
            .bind(code.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let (id, from, valid_until) = row.ok_or(DomainError::NotFound)?;
    let to = transition(from, VoucherAction::Use, VoucherParty::Counter).map_err(refused)?;
    may_use(DateTime::from_timestamp_millis(valid_until).unwrap_or(now), now).map_err(refused)?;
    let used = Redemption { at: now, by: staff.id, dealer: staff.desk.dealer() };
    write_status(&mut tx, id, from, to, Some(used)).await?;
    tx.commit().await?;
    Ok(())
}
