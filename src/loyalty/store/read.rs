//! The owner's rewards page: balance, tier and progress, points expiring soon,
//! twelve months of earning, the history (by kind), the catalogue and vouchers.

use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::loyalty::views::{Entry, Reward, RewardsPage, Voucher};
use crate::loyalty::{EntryKind, Tier, EXPIRY_NOTICE_DAYS};
use crate::zone::{local_date, CHINA};
use chrono::{Datelike, Duration};

/// History lines shown at once.
const HISTORY_MAX: i64 = 100;

pub async fn rewards_page(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    kind: Option<EntryKind>,
) -> Result<RewardsPage, DomainError> {
    let now = clock.now();
    let pool = db.pool();
    let account: Option<(i64, Tier)> = sqlx::query_as("SELECT balance, tier FROM loyalty_accounts WHERE owner_id = $1")
        .bind(owner)
        .fetch_optional(pool)
        .await?;
    let (balance, tier) = account.unwrap_or((0, Tier::Silver));
    let year_ago = (now - Duration::days(365)).timestamp_millis();
    let earned: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT created_at, amount FROM loyalty_ledger
         WHERE owner_id = $1 AND kind IN ('earn', 'reverse') AND created_at >= $2",
    )
    .bind(owner)
    .bind(year_ago)
    .fetch_all(pool)
    .await?;
    let earned_12m: i64 = earned.iter().map(|(_, a)| a).sum();
    let this_month = local_date(CHINA, now).with_day(1).unwrap_or_default();
    let months: Vec<(String, i64)> = (0..12)
        .rev()
        .map(|back| {
            let month = this_month.checked_sub_months(chrono::Months::new(back)).unwrap_or(this_month);
            let label = month.format("%Y-%m").to_string();
            let points = earned
                .iter()
                .filter(|(at, _)| {
                    chrono::DateTime::from_timestamp_millis(*at)
                        .is_some_and(|t| t.with_timezone(&CHINA).format("%Y-%m").to_string() == label)
                })
                .map(|(_, a)| a)
                .sum();
            (label, points)
        })
        .collect();
    let (expiring, expiring_first): (i64, Option<i64>) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT), MIN(expires_at) FROM loyalty_ledger
         WHERE owner_id = $1 AND remaining > 0 AND expires_at <= $2",
    )
    .bind(owner)
    .bind((now + Duration::days(EXPIRY_NOTICE_DAYS)).timestamp_millis())
    .fetch_one(pool)
    .await?;
    let history: Vec<Entry> = sqlx::query_as(
        "SELECT id, amount, kind, rule, source, reason, created_at, expires_at FROM loyalty_ledger
         WHERE owner_id = $1 AND ($2 = '' OR kind = $2) ORDER BY id DESC LIMIT $3",
    )
    .bind(owner)
    .bind(kind.map_or("", EntryKind::as_str))
    .bind(HISTORY_MAX)
    .fetch_all(pool)
    .await?;
    let catalogue = rewards(db, false).await?;
    let vouchers: Vec<Voucher> = sqlx::query_as(
        "SELECT v.id, v.code, r.name_zh AS reward_zh, r.name_en AS reward_en, r.cash_fen, v.status, v.issued_at,
                v.valid_until, v.redeemed_at
         FROM vouchers v JOIN rewards r ON r.id = v.reward_id WHERE v.owner_id = $1 ORDER BY v.id DESC",
    )
    .bind(owner)
    .fetch_all(pool)
    .await?;
    Ok(RewardsPage {
        balance,
        tier,
        earned_12m,
        next: Tier::next(earned_12m),
        expiring,
        expiring_first,
        months,
        history,
        catalogue,
        vouchers,
    })
}

#[derive(sqlx::FromRow)]
struct RewardRow {
    id: i64,
    kind: crate::loyalty::RewardKind,
    name_zh: String,
    name_en: String,
    points: i64,
    cash_fen: i64,
    stock: i64,
    per_owner_limit: i64,
    valid_days: i64,
    active: i64,
}

/// The catalogue, cheapest first: what owners may redeem, or (`all`) every
/// reward for the admin.
pub(super) async fn rewards(db: &Db, all: bool) -> Result<Vec<Reward>, sqlx::Error> {
    let rows: Vec<RewardRow> = sqlx::query_as(
        "SELECT id, kind, name_zh, name_en, points, cash_fen, stock, per_owner_limit, valid_days, active
         FROM rewards WHERE active = 1 OR $1 = 1 ORDER BY points, id",
    )
    .bind(i64::from(all))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Reward {
            id: r.id,
            kind: r.kind,
            name_zh: r.name_zh,
            name_en: r.name_en,
            points: r.points,
            cash_fen: r.cash_fen,
            stock: r.stock,
            per_owner_limit: r.per_owner_limit,
            valid_days: r.valid_days,
            active: r.active == 1,
        })
        .collect())
}
