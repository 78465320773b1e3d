//! What the loyalty store's parts share: the owner's account (made on first
//! use, locked for a change), crediting an earned lot, taking points out of
//! the lots soonest-to-expire first, and the one writer of a voucher's status.
//! It imports none of its siblings.

use crate::account::{DealerId, UserId};
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::fact::Fact;
use crate::loyalty::{
    expires_at, take_oldest_first, EntryKind, Lot, Rule, RuleConfig, Tier, VoucherError, VoucherStatus,
};
use crate::types::IdempotencyKey;
use chrono::{DateTime, Utc};

/// The connection of a write transaction (or of a savepoint inside one): the
/// helpers below run on either.
pub(super) type Tx = sqlx::AnyConnection;

/// The owner's account row, made if missing and locked until commit (SQLite's
/// write transaction already holds the only write lock). Returns the tier.
pub(super) async fn account(db: &Db, tx: &mut Tx, owner: UserId, now: DateTime<Utc>) -> Result<Tier, sqlx::Error> {
    sqlx::query(
        "INSERT INTO loyalty_accounts (owner_id, updated_at) VALUES ($1, $2) ON CONFLICT (owner_id) DO NOTHING",
    )
    .bind(owner)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    let lock = db.for_update();
    sqlx::query_scalar(&format!("SELECT tier FROM loyalty_accounts WHERE owner_id = $1{lock}"))
        .bind(owner)
        .fetch_one(&mut *tx)
        .await
}

/// A ledger line to write.
pub(super) struct Line<'a> {
    pub owner: UserId,
    pub kind: EntryKind,
    pub rule: Option<Rule>,
    pub source: &'a str,
    pub key: &'a IdempotencyKey,
    pub reason: Option<&'a str>,
    pub actor: Option<UserId>,
}

/// Credits `points` as a lot that expires in 24 months; `false` when the key
/// was credited before (the same fact never pays twice).
pub(super) async fn credit(tx: &mut Tx, line: Line<'_>, points: i64, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let written = sqlx::query(
        "INSERT INTO loyalty_ledger (owner_id, amount, kind, rule, source, idempotency_key, expires_at, remaining,
                                     reason, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $2, $8, $9, $10) ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(line.owner)
    .bind(points)
    .bind(line.kind.as_str())
    .bind(line.rule.map(Rule::as_str))
    .bind(line.source)
    .bind(line.key.as_str())
    .bind(expires_at(now).timestamp_millis())
    .bind(line.reason)
    .bind(line.actor)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    if written.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE loyalty_accounts SET balance = balance + $1, updated_at = $2 WHERE owner_id = $3")
        .bind(points)
        .bind(now.timestamp_millis())
        .bind(line.owner)
        .execute(&mut *tx)
        .await?;
    let fact = Fact::PointsCredited { owner: line.owner, points, entry: line.kind, source: line.source.to_owned() };
    crate::fact::store::emit(tx, fact, now).await?;
    Ok(true)
}

/// Takes `points` out of the owner's lots (soonest to expire first) and the
/// balance, and writes the negative line; returns its id. Not enough points is
/// refused before anything is written (the balance's CHECK is the backstop).
pub(super) async fn debit(tx: &mut Tx, line: Line<'_>, points: i64, now: DateTime<Utc>) -> Result<i64, DomainError> {
    // Points past their date are gone even before the daily run writes them off.
    let lots: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, remaining, expires_at FROM loyalty_ledger WHERE owner_id = $1 AND remaining > 0 AND expires_at > $2",
    )
    .bind(line.owner)
    .bind(now.timestamp_millis())
    .fetch_all(&mut *tx)
    .await?;
    let lots: Vec<Lot> =
        lots.into_iter().map(|(id, remaining, expires_at)| Lot { id, remaining, expires_at }).collect();
    let taken = take_oldest_first(&lots, points).ok_or(VoucherError::NotEnoughPoints).map_err(not_enough)?;
    let paid = sqlx::query(
        "UPDATE loyalty_accounts SET balance = balance - $1, updated_at = $2 WHERE owner_id = $3 AND balance >= $1",
    )
    .bind(points)
    .bind(now.timestamp_millis())
    .bind(line.owner)
    .execute(&mut *tx)
    .await?;
    if paid.rows_affected() == 0 {
        return Err(not_enough(VoucherError::NotEnoughPoints));
    }
    for (lot, take) in taken {
        sqlx::query("UPDATE loyalty_ledger SET remaining = remaining - $1 WHERE id = $2 AND remaining >= $1")
            .bind(take)
            .bind(lot)
            .execute(&mut *tx)
            .await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO loyalty_ledger (owner_id, amount, kind, rule, source, idempotency_key, reason, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(line.owner)
    .bind(-points)
    .bind(line.kind.as_str())
    .bind(line.rule.map(Rule::as_str))
    .bind(line.source)
    .bind(line.key.as_str())
    .bind(line.reason)
    .bind(line.actor)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    debited(tx, line.owner, points, line.kind, line.source, now).await?;
    Ok(id)
}

/// The fact of points leaving the owner's ledger, in the transaction that took them.
pub(super) async fn debited(
    tx: &mut Tx,
    owner: UserId,
    points: i64,
    entry: EntryKind,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let fact = Fact::PointsDebited { owner, points, entry, source: source.to_owned() };
    crate::fact::store::emit(tx, fact, now).await
}

fn not_enough(e: VoucherError) -> DomainError {
    DomainError::invalid(Field::Amount, e)
}

/// A voucher's use at a counter, as the voucher keeps it.
pub(super) struct Redemption {
    pub at: DateTime<Utc>,
    pub by: UserId,
    /// The counter's dealer (none for an admin's brand-wide desk).
    pub dealer: Option<DealerId>,
}

/// Writes a voucher's decided change (`loyalty::transition`) and, for a use,
/// the redemption, in one statement, only if nobody moved the voucher first
/// (zero rows: refused, never overwritten).
pub(super) async fn write_status(
    tx: &mut Tx,
    id: i64,
    from: VoucherStatus,
    to: VoucherStatus,
    used: Option<Redemption>,
) -> Result<(), DomainError> {
    let owner: Option<UserId> = sqlx::query_scalar(
        "UPDATE vouchers SET status = $1, redeemed_at = COALESCE($2, redeemed_at),
                redeemed_by = COALESCE($3, redeemed_by), dealer_id = COALESCE($4, dealer_id)
         WHERE id = $5 AND status = $6 RETURNING owner_id",
    )
    .bind(to.as_str())
    .bind(used.as_ref().map(|u| u.at.timestamp_millis()))
    .bind(used.as_ref().map(|u| u.by))
    .bind(used.as_ref().and_then(|u| u.dealer))
    .bind(id)
    .bind(from.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let owner = owner.ok_or(DomainError::invalid(Field::Item, VoucherError::NotFromHere))?;
    if let Some(used) = used {
        crate::fact::store::emit(tx, Fact::VoucherUsed { voucher: id, owner, dealer: used.dealer }, used.at).await?;
    }
    Ok(())
}

/// A rule's row as stored.
#[derive(sqlx::FromRow)]
pub(super) struct RuleRow {
    rule: String,
    points: i64,
    minimum: i64,
    daily_cap: Option<i64>,
    monthly_cap: Option<i64>,
    active: i64,
}

pub(super) const RULE_COLUMNS: &str = "rule, points, minimum, daily_cap, monthly_cap, active";

impl RuleRow {
    pub(super) fn config(self) -> Option<RuleConfig> {
        Some(RuleConfig {
            rule: Rule::parse(&self.rule)?,
            points: self.points,
            minimum: self.minimum,
            daily_cap: self.daily_cap,
            monthly_cap: self.monthly_cap,
            active: self.active == 1,
        })
    }
}

/// A rule as configured.
pub(super) async fn rule(tx: &mut Tx, rule: Rule) -> Result<Option<RuleConfig>, sqlx::Error> {
    let row: Option<RuleRow> = sqlx::query_as(&format!("SELECT {RULE_COLUMNS} FROM loyalty_rules WHERE rule = $1"))
        .bind(rule.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    Ok(row.and_then(RuleRow::config))
}

/// Earns the owner points by `rule` for the fact `key`: the rule's points (by
/// the yuan for a visit), the tier's multiplier, then the caps. Nothing is
/// written for an inactive rule or a spent cap. Returns what was credited.
pub(super) async fn earn(
    db: &Db,
    tx: &mut Tx,
    owner: UserId,
    which: Rule,
    (source, key): (&str, &IdempotencyKey),
    paid_fen: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let Some(config) = rule(tx, which).await?.filter(|c| c.active) else { return Ok(0) };
    let tier = account(db, tx, owner, now).await?;
    let (day, month) = crate::loyalty::periods(now);
    let (today, this_month): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN created_at >= $3 THEN amount ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(amount), 0) AS BIGINT)
         FROM loyalty_ledger WHERE owner_id = $1 AND rule = $2 AND kind = 'earn' AND created_at >= $4",
    )
    .bind(owner)
    .bind(which.as_str())
    .bind(day.timestamp_millis())
    .bind(month.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    let points = config.capped(config.base(paid_fen, tier), today, this_month);
    if points == 0 {
        return Ok(0);
    }
    let line = Line { owner, kind: EntryKind::Earn, rule: Some(which), source, key, reason: None, actor: None };
    Ok(if credit(tx, line, points, now).await? { points } else { 0 })
}
