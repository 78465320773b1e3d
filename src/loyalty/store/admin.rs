//! The admin's side: earning rules, the catalogue, adjustments (with a reason,
//! audited) and the owners earning far above the rest.

use super::read::rewards;
use super::shared::{account, credit, debit, Line, RuleRow, RULE_COLUMNS};
use crate::account::UserId;
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, Problem};
use crate::loyalty::views::{LoyaltyAdmin, Outlier};
use crate::loyalty::{Adjustment, EntryKind, NewReward, Rule, RuleConfig};
use crate::types::IdempotencyKey;
use chrono::Duration;

/// An owner whose last 30 days' earning is this many times the average earner's
/// is listed for a look.
const OUTLIER_FACTOR: i64 = 5;

pub async fn admin_page(db: &Db, clock: &dyn Clock) -> Result<LoyaltyAdmin, DomainError> {
    let now = clock.now();
    let pool = db.pool();
    let rows: Vec<RuleRow> =
        sqlx::query_as(&format!("SELECT {RULE_COLUMNS} FROM loyalty_rules")).fetch_all(pool).await?;
    let mut rules: Vec<RuleConfig> = rows.into_iter().filter_map(RuleRow::config).collect();
    rules.sort_by_key(|r| Rule::ALL.iter().position(|x| *x == r.rule));
    let earners: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT l.owner_id, u.display_name, CAST(SUM(l.amount) AS BIGINT) FROM loyalty_ledger l
         JOIN users u ON u.id = l.owner_id
         WHERE l.kind = 'earn' AND l.created_at >= $1 GROUP BY l.owner_id, u.display_name",
    )
    .bind((now - Duration::days(30)).timestamp_millis())
    .fetch_all(pool)
    .await?;
    let average = earners.iter().map(|e| e.2).sum::<i64>() / i64::try_from(earners.len()).unwrap_or(1).max(1);
    let mut outliers: Vec<Outlier> = earners
        .into_iter()
        .filter(|(_, _, earned)| average > 0 && *earned >= average * OUTLIER_FACTOR)
        .map(|(owner, name, earned_30d)| Outlier { owner, name, earned_30d })
        .collect();
    outliers.sort_by_key(|o| std::cmp::Reverse(o.earned_30d));
    Ok(LoyaltyAdmin { rules, rewards: rewards(db, true).await?, outliers, mismatches: super::mismatches(db).await? })
}

pub async fn save_rule(db: &Db, clock: &dyn Clock, admin: UserId, config: RuleConfig) -> Result<(), DomainError> {
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE loyalty_rules SET points = $1, minimum = $2, daily_cap = $3, monthly_cap = $4, active = $5 WHERE rule = $6",
    )
    .bind(config.points)
    .bind(config.minimum)
    .bind(config.daily_cap)
    .bind(config.monthly_cap)
    .bind(i64::from(config.active))
    .bind(config.rule.as_str())
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "{}: {} points, minimum {}, caps {:?}/{:?}, active {}",
        config.rule.as_str(),
        config.points,
        config.minimum,
        config.daily_cap,
        config.monthly_cap,
        config.active
    );
    let entry = Entry {
        at: now,
        actor: Some(admin),
        action: Action::LoyaltyRuleChanged,
        subject: "loyalty".into(),
        detail,
        client_addr: None,
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_reward(db: &Db, clock: &dyn Clock, reward: NewReward) -> Result<i64, DomainError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO rewards (kind, name_zh, name_en, points, cash_fen, stock, per_owner_limit, valid_days, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(reward.kind.as_str())
    .bind(&reward.name_zh)
    .bind(&reward.name_en)
    .bind(reward.points)
    .bind(reward.cash_fen)
    .bind(reward.stock)
    .bind(reward.per_owner_limit)
    .bind(reward.valid_days)
    .bind(clock.now().timestamp_millis())
    .fetch_one(db.pool())
    .await?)
}

/// Adds to (or takes from) a reward's stock, and puts it on or takes it off the
/// catalogue. A change, not a new figure: redemptions since the page loaded stand.
pub async fn set_reward(db: &Db, id: i64, added: i64, active: bool) -> Result<(), DomainError> {
    if !(-1_000_000..=1_000_000).contains(&added) {
        return Err(DomainError::invalid(Field::Capacity, Problem::OutOfRange));
    }
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM rewards WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    exists.ok_or(DomainError::NotFound)?;
    let done = sqlx::query("UPDATE rewards SET stock = stock + $1, active = $2 WHERE id = $3 AND stock + $1 >= 0")
        .bind(added)
        .bind(i64::from(active))
        .bind(id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::invalid(Field::Capacity, Problem::OutOfRange));
    }
    Ok(())
}

/// An admin's adjustment: points added as a lot (expiring like earned ones) or
/// taken out oldest first; never below zero; audited with its reason.
pub async fn adjust(db: &Db, clock: &dyn Clock, admin: UserId, adjustment: Adjustment) -> Result<(), DomainError> {
    let now = clock.now();
    let owner: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND role = 'owner'")
        .bind(adjustment.owner)
        .fetch_optional(db.pool())
        .await?;
    let owner = owner.ok_or(DomainError::invalid(Field::Identifier, Problem::NoSuchAccount))?;
    let mut tx = db.begin_write().await?;
    account(db, &mut tx, owner, now).await?;
    let key = IdempotencyKey::unique(&[&"adjust", &owner]);
    let line = Line {
        owner,
        kind: EntryKind::Adjust,
        rule: None,
        source: "adjustment",
        key: &key,
        reason: Some(&adjustment.reason),
        actor: Some(admin),
    };
    if adjustment.amount > 0 {
        if !credit(&mut tx, line, adjustment.amount, now).await? {
            return Err(DomainError::Conflict(crate::error::Conflict::AlreadyAnswered));
        }
    } else {
        debit(&mut tx, line, -adjustment.amount, now).await?;
    }
    let detail = format!("{:+} points: {}", adjustment.amount, adjustment.reason);
    audit::record(&mut *tx, Entry::on_account(now, admin, Action::PointsAdjusted, owner, detail, None)).await?;
    tx.commit().await?;
    Ok(())
}
