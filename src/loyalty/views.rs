//! What the loyalty pages show (the browser build has these types too).

use super::{EntryKind, RewardKind, Rule, RuleConfig, Tier, VoucherStatus};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Entry {
    pub id: i64,
    pub amount: i64,
    pub kind: EntryKind,
    pub rule: Option<Rule>,
    pub source: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reward {
    pub id: i64,
    pub kind: RewardKind,
    pub name_zh: String,
    pub name_en: String,
    pub points: i64,
    pub cash_fen: i64,
    pub stock: i64,
    pub per_owner_limit: i64,
    pub valid_days: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Voucher {
    pub id: i64,
    pub code: String,
    pub reward_zh: String,
    pub reward_en: String,
    pub cash_fen: i64,
    pub status: VoucherStatus,
    pub issued_at: i64,
    pub valid_until: i64,
    pub redeemed_at: Option<i64>,
}

/// The owner's `/rewards` page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardsPage {
    pub balance: i64,
    pub tier: Tier,
    /// Points earned in the last 12 months (what the tier is measured by).
    pub earned_12m: i64,
    pub next: Option<(Tier, i64)>,
    /// Points expiring in the next 30 days, and the first such date.
    pub expiring: i64,
    pub expiring_first: Option<i64>,
    pub months: Vec<(String, i64)>,
    pub history: Vec<Entry>,
    pub catalogue: Vec<Reward>,
    pub vouchers: Vec<Voucher>,
}

/// A voucher as the dealer's counter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CounterVoucher {
    pub code: String,
    pub owner: String,
    pub reward_zh: String,
    pub reward_en: String,
    pub cash_fen: i64,
    pub status: VoucherStatus,
    pub valid_until: i64,
    pub redeemed_at: Option<i64>,
}

/// An owner earning far above the rest (a bonus hunter, or a bug).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlier {
    pub owner: i64,
    pub name: String,
    pub earned_30d: i64,
}

/// The admin's `/admin/loyalty` page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyAdmin {
    pub rules: Vec<RuleConfig>,
    pub rewards: Vec<Reward>,
    pub outliers: Vec<Outlier>,
    /// Owners whose cached balance differs from their ledger's sum (should be none).
    pub mismatches: i64,
}
