//! Loyalty: the points an owner earns (service visits, surveys, club life,
//! referrals, a complete profile, a birthday) and spends on rewards. Points
//! live on an append-only ledger whose earned lots expire oldest first; the
//! tier comes from points earned in the last 12 months, never the balance, so
//! spending never demotes anyone. Club standing is kept apart: points buy none.

use crate::error::{choice_id, required_text, Field, FieldError, Problem};
use crate::zone::{day_start, local_date, CHINA};
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
pub(crate) mod voucher_error;

pub use voucher_error::VoucherError;

/// Earned points keep this long.
pub const EXPIRY_MONTHS: u32 = 24;
/// Owners hear of points about to expire this many days ahead.
pub const EXPIRY_NOTICE_DAYS: i64 = 30;
pub const MAX_ADJUSTMENT: i64 = 100_000;

stored_enum! {
    pub enum Rule {
        ServiceVisit = "service_visit",
        SurveyAnswered = "survey_answered",
        PostApproved = "post_approved",
        CommentApproved = "comment_approved",
        EventAttended = "event_attended",
        ReferralWon = "referral_won",
        ProfileCompleted = "profile_completed",
        BirthdayMonth = "birthday_month",
        Welcome = "welcome",
        Purchase = "purchase",
    }
}

stored_enum! {
    pub enum EntryKind {
        Earn = "earn",
        Redeem = "redeem",
        Expire = "expire",
        Reverse = "reverse",
        Adjust = "adjust",
    }
}

stored_enum! {
    pub enum Tier { Silver = "silver", Gold = "gold", Platinum = "platinum" }
}

stored_enum! {
    pub enum RewardKind {
        ServiceVoucher = "service_voucher",
        Accessory = "accessory",
        Merchandise = "merchandise",
        EventTicket = "event_ticket",
    }
}

stored_enum! {
    pub enum VoucherStatus { Issued = "issued", Redeemed = "redeemed", Expired = "expired" }
}

impl Tier {
    /// Points earned in the last 12 months that reach this tier.
    pub fn threshold(self) -> i64 {
        match self {
            Tier::Silver => 0,
            Tier::Gold => 3_000,
            Tier::Platinum => 10_000,
        }
    }

    /// Earning at this tier, in percent of the rule's points.
    pub fn multiplier_percent(self) -> i64 {
        match self {
            Tier::Silver => 100,
            Tier::Gold => 110,
            Tier::Platinum => 125,
        }
    }

    /// The tier for what was earned in the last 12 months.
    pub fn for_earned(earned: i64) -> Tier {
        Tier::ALL.iter().rev().copied().find(|t| earned >= t.threshold()).unwrap_or(Tier::Silver)
    }

    /// The next tier and the points still to earn for it.
    pub fn next(earned: i64) -> Option<(Tier, i64)> {
        Tier::ALL.iter().copied().find(|t| t.threshold() > earned).map(|t| (t, t.threshold() - earned))
    }
}

/// A rule as the admin sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleConfig {
    pub rule: Rule,
    pub points: i64,
    pub minimum: i64,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub active: bool,
}

impl RuleConfig {
    pub fn parse(
        rule: &str,
        points: &str,
        minimum: &str,
        daily_cap: &str,
        monthly_cap: &str,
        active: bool,
    ) -> Result<Self, FieldError> {
        let number = |field: Field, raw: &str| -> Result<Option<i64>, FieldError> {
            match raw.trim() {
                "" => Ok(None),
                raw => raw
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (0..=MAX_ADJUSTMENT).contains(n))
                    .map(Some)
                    .ok_or(FieldError::new(field, Problem::OutOfRange)),
            }
        };
        // Empty is "no cap"; a cap of 0 would switch the rule off, which is what "active" is for.
        let cap = |field: Field, raw: &str| match number(field, raw)? {
            Some(0) => Err(FieldError::new(field, Problem::OutOfRange)),
            n => Ok(n),
        };
        Ok(Self {
            rule: Rule::parse(rule).ok_or(FieldError::new(Field::Rule, Problem::UnknownChoice))?,
            points: number(Field::Amount, points)?.ok_or(FieldError::new(Field::Amount, Problem::Required))?,
            minimum: number(Field::Capacity, minimum)?.unwrap_or(0),
            daily_cap: cap(Field::Days, daily_cap)?,
            monthly_cap: cap(Field::Days, monthly_cap)?,
            active,
        })
    }

    /// The points one event earns before caps: a service visit by the yuan
    /// paid (at least the minimum), anything else the rule's points; then the
    /// tier's multiplier.
    pub fn base(&self, paid_fen: Option<i64>, tier: Tier) -> i64 {
        let points = match (self.rule, paid_fen) {
            (Rule::ServiceVisit | Rule::Purchase, Some(fen)) => (fen / 100 * self.points).max(self.minimum),
            (Rule::ServiceVisit | Rule::Purchase, None) => self.minimum,
            _ => self.points,
        };
        points * tier.multiplier_percent() / 100
    }

    /// What may still be credited given what the rule already earned the owner
    /// today and this month: never more than either cap leaves.
    pub fn capped(&self, points: i64, today: i64, this_month: i64) -> i64 {
        let left = |cap: Option<i64>, used: i64| cap.map_or(i64::MAX, |c| (c - used).max(0));
        points.min(left(self.daily_cap, today)).min(left(self.monthly_cap, this_month)).max(0)
    }
}

/// An earned lot with points left to spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lot {
    pub id: i64,
    pub remaining: i64,
    pub expires_at: i64,
}

/// How `amount` points come out of the lots: the soonest to expire first.
/// `None` when the lots hold less.
pub fn take_oldest_first(lots: &[Lot], amount: i64) -> Option<Vec<(i64, i64)>> {
    let mut sorted = lots.to_vec();
    sorted.sort_by_key(|l| (l.expires_at, l.id));
    let mut left = amount;
    let mut taken = Vec::new();
    for lot in sorted {
        if left == 0 {
            break;
        }
        let take = lot.remaining.min(left);
        if take > 0 {
            taken.push((lot.id, take));
            left -= take;
        }
    }
    (left == 0).then_some(taken)
}

/// When points earned at `at` expire: `EXPIRY_MONTHS` later (the last day of
/// a shorter month when the day does not exist).
pub fn expires_at(at: DateTime<Utc>) -> DateTime<Utc> {
    at.checked_add_months(chrono::Months::new(EXPIRY_MONTHS)).unwrap_or(at + Duration::days(730))
}

/// The start of today and of this month in China (the caps' periods).
pub fn periods(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = local_date(CHINA, now);
    let start = |day| day_start(CHINA, day).unwrap_or(now);
    (start(local), start(local.with_day(1).unwrap_or(local)))
}

/// An admin's adjustment: a whole number of points (never zero), with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub owner: i64,
    pub amount: i64,
    pub reason: String,
}

impl Adjustment {
    pub fn parse(owner: &str, amount: &str, reason: &str) -> Result<Self, FieldError> {
        let amount = amount
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|a| *a != 0 && a.abs() <= MAX_ADJUSTMENT)
            .ok_or(FieldError::new(Field::Amount, Problem::OutOfRange))?;
        Ok(Self {
            owner: choice_id(Field::Identifier, owner)?,
            amount,
            reason: required_text(Field::Reason, reason, 200)?,
        })
    }
}

/// A new reward for the catalogue, parsed whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReward {
    pub kind: RewardKind,
    pub name_zh: String,
    pub name_en: String,
    pub points: i64,
    pub cash_fen: i64,
    pub stock: i64,
    pub per_owner_limit: i64,
    pub valid_days: i64,
}

impl NewReward {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        kind: &str,
        name_zh: &str,
        name_en: &str,
        points: &str,
        cash_yuan: &str,
        stock: &str,
        per_owner_limit: &str,
        valid_days: &str,
    ) -> Result<Self, FieldError> {
        let positive = |field: Field, raw: &str, max: i64| {
            raw.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or(FieldError::new(field, Problem::OutOfRange))
        };
        let cash_fen = match cash_yuan.trim() {
            "" => 0,
            raw => crate::types::Money::parse(raw).map_err(|e| FieldError::new(Field::Amount, e))?.fen(),
        };
        Ok(Self {
            kind: RewardKind::parse(kind).ok_or(FieldError::new(Field::Category, Problem::UnknownChoice))?,
            name_zh: required_text(Field::Title, name_zh, 60)?,
            name_en: required_text(Field::Description, name_en, 60)?,
            points: positive(Field::Amount, points, MAX_ADJUSTMENT)?,
            cash_fen,
            stock: positive(Field::Capacity, stock, 1_000_000)?,
            per_owner_limit: positive(Field::Items, per_owner_limit, 100)?,
            valid_days: positive(Field::Days, valid_days, 3650)?,
        })
    }
}

/// What is done to an issued voucher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherAction {
    Use,
    Expire,
}

/// Who moves a voucher: a dealer's counter uses it, the daily run expires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherParty {
    Counter,
    System,
}

/// A voucher's status after `action`, or why it is refused: an issued voucher
/// is used once or expires, and then nothing more happens to it. Whether it is
/// still valid is `may_use`'s to say.
pub fn transition(from: VoucherStatus, action: VoucherAction, by: VoucherParty) -> Result<VoucherStatus, VoucherError> {
    match (by, action, from) {
        (VoucherParty::Counter, VoucherAction::Use, VoucherStatus::Issued) => Ok(VoucherStatus::Redeemed),
        (VoucherParty::System, VoucherAction::Expire, VoucherStatus::Issued) => Ok(VoucherStatus::Expired),
        (_, _, VoucherStatus::Redeemed) => Err(VoucherError::AlreadyUsed),
        (_, _, VoucherStatus::Expired) => Err(VoucherError::Expired),
        (_, _, VoucherStatus::Issued) => Err(VoucherError::NotFromHere),
    }
}

/// A voucher is used while valid, its last moment included; after that the
/// daily run expires it.
pub fn may_use(valid_until: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), VoucherError> {
    if now > valid_until {
        Err(VoucherError::Expired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(points: i64, daily: Option<i64>, monthly: Option<i64>) -> RuleConfig {
        RuleConfig {
            rule: Rule::PostApproved,
            points,
            minimum: 0,
            daily_cap: daily,
            monthly_cap: monthly,
            active: true,
        }
    }

    #[test]
    fn caps_stop_at_the_boundary_and_never_go_below_zero() {
        let r = rule(10, Some(30), Some(200));
        assert_eq!(r.capped(10, 20, 20), 10, "exactly reaches the daily cap");
        assert_eq!(r.capped(10, 25, 25), 5, "only what the day leaves");
        assert_eq!(r.capped(10, 30, 30), 0);
        assert_eq!(r.capped(10, 0, 195), 5, "the month's cap binds");
        assert_eq!(r.capped(10, 40, 40), 0, "over a lowered cap: nothing, not negative");
        assert_eq!(rule(10, None, None).capped(10, 1_000, 1_000), 10);
    }

    #[test]
    fn service_visits_earn_by_the_yuan_with_a_floor_and_tiers_multiply() {
        let visit = RuleConfig {
            rule: Rule::ServiceVisit,
            points: 1,
            minimum: 50,
            daily_cap: None,
            monthly_cap: None,
            active: true,
        };
        assert_eq!(visit.base(Some(86_000), Tier::Silver), 860);
        assert_eq!(visit.base(Some(1_000), Tier::Silver), 50, "the minimum");
        assert_eq!(visit.base(Some(86_000), Tier::Platinum), 1075);
        assert_eq!(rule(10, None, None).base(None, Tier::Gold), 11);
    }

    #[test]
    fn tiers_change_at_the_threshold() {
        assert_eq!(Tier::for_earned(2_999), Tier::Silver);
        assert_eq!(Tier::for_earned(3_000), Tier::Gold);
        assert_eq!(Tier::for_earned(10_000), Tier::Platinum);
        assert_eq!(Tier::next(2_999), Some((Tier::Gold, 1)));
        assert_eq!(Tier::next(10_000), None);
    }

    #[test]
    fn spending_takes_the_soonest_expiring_points_first() {
        let lots = [
            Lot { id: 1, remaining: 100, expires_at: 300 },
            Lot { id: 2, remaining: 50, expires_at: 100 },
            Lot { id: 3, remaining: 70, expires_at: 200 },
        ];
        assert_eq!(take_oldest_first(&lots, 80), Some(vec![(2, 50), (3, 30)]));
        assert_eq!(take_oldest_first(&lots, 220), Some(vec![(2, 50), (3, 70), (1, 100)]));
        assert_eq!(take_oldest_first(&lots, 221), None, "more than the lots hold");
        assert_eq!(take_oldest_first(&lots, 0), Some(vec![]));
    }

    #[test]
    fn a_voucher_is_used_once_or_expires_once_and_only_by_its_party() {
        use VoucherAction::{Expire, Use};
        use VoucherParty::{Counter, System};
        assert_eq!(transition(VoucherStatus::Issued, Use, Counter), Ok(VoucherStatus::Redeemed));
        assert_eq!(transition(VoucherStatus::Issued, Expire, System), Ok(VoucherStatus::Expired));
        assert_eq!(transition(VoucherStatus::Redeemed, Use, Counter), Err(VoucherError::AlreadyUsed), "used twice");
        assert_eq!(transition(VoucherStatus::Redeemed, Expire, System), Err(VoucherError::AlreadyUsed));
        assert_eq!(transition(VoucherStatus::Expired, Use, Counter), Err(VoucherError::Expired));
        assert_eq!(transition(VoucherStatus::Issued, Expire, Counter), Err(VoucherError::NotFromHere));
        assert_eq!(transition(VoucherStatus::Issued, Use, System), Err(VoucherError::NotFromHere));
    }

    #[test]
    fn points_keep_24_months_and_a_voucher_is_valid_to_its_last_moment() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(expires_at(at).year(), at.year() + 2);
        let until = at + Duration::days(30);
        assert_eq!(may_use(until, until), Ok(()), "the last moment counts");
        assert_eq!(may_use(until, until + Duration::seconds(1)), Err(VoucherError::Expired));
        assert!(Adjustment::parse("5", "0", "why").is_err());
        assert_eq!(Adjustment::parse("5", "-20", "goodwill").map(|a| a.amount), Ok(-20));
        assert_eq!(Adjustment::parse("5", "20", " ").map_err(|e| e.field), Err(Field::Reason));
    }
}
