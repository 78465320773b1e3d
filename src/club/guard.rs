//! The automatic guards on posting: who may post at all, how fast, and what
//! waits for a moderator before anyone sees it.

pub use super::refusal::Refusal;
use super::{HoldReason, Status, FIRST_POSTS_HELD};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A member's standing in the club, earned by contributions moderators let
/// through and lost by strikes. Loyalty points cannot buy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Standing {
    /// Fewer than three contributions approved: each one waits for a moderator.
    New,
    Member,
    /// Many contributions and no strike in force.
    Trusted,
}

/// Approved contributions that make a member trusted (with no strike in force).
pub const TRUSTED_AFTER: i64 = 20;

impl Standing {
    pub fn of(approved: i64, strikes_in_force: i64) -> Self {
        match approved {
            a if a < FIRST_POSTS_HELD => Standing::New,
            a if a >= TRUSTED_AFTER && strikes_in_force == 0 => Standing::Trusted,
            _ => Standing::Member,
        }
    }

    /// Contributions allowed per minute and per day: a wave of spam from a new
    /// account stops early, a regular is never in the way.
    pub fn rate_limits(self) -> RateLimits {
        match self {
            Standing::New => RateLimits { per_minute: 1, per_day: 5 },
            Standing::Member => RateLimits { per_minute: 3, per_day: 30 },
            Standing::Trusted => RateLimits { per_minute: 6, per_day: 100 },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimits {
    pub per_minute: i64,
    pub per_day: i64,
}

/// What the club knows about a member when they post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Member {
    pub approved: i64,
    pub strikes_in_force: i64,
    pub pre_approval_until: Option<DateTime<Utc>>,
    pub suspended_until: Option<DateTime<Utc>>,
    pub banned: bool,
}

impl Member {
    pub fn standing(&self) -> Standing {
        Standing::of(self.approved, self.strikes_in_force)
    }

    /// Whether the member may take part at `now` (post, or take a place at an
    /// event): not while banned or suspended.
    pub fn may_take_part(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.banned {
            return Err(Refusal::Banned);
        }
        if let Some(until) = self.suspended_until.filter(|until| *until > now) {
            return Err(Refusal::Suspended { until });
        }
        Ok(())
    }

    /// Whether the member may post at `now`, given what they posted in the
    /// last minute and the last day.
    pub fn may_post(&self, now: DateTime<Utc>, last_minute: i64, last_day: i64) -> Result<(), Refusal> {
        self.may_take_part(now)?;
        let limits = self.standing().rate_limits();
        if last_minute >= limits.per_minute {
            return Err(Refusal::TooFast { retry_after_secs: 60 });
        }
        if last_day >= limits.per_day {
            return Err(Refusal::TooFast { retry_after_secs: 3600 });
        }
        Ok(())
    }

    /// How a new contribution starts: out at once, or held with the reason.
    /// `keyword_hit` is whether it contains a word moderators hold.
    pub fn first_status(&self, now: DateTime<Utc>, keyword_hit: bool) -> (Status, Option<HoldReason>) {
        let hold = if self.pre_approval_until.is_some_and(|until| until > now) {
            Some(HoldReason::PreApproval)
        } else if self.approved < FIRST_POSTS_HELD {
            Some(HoldReason::FirstPosts)
        } else if keyword_hit {
            Some(HoldReason::Keyword)
        } else {
            None
        };
        (if hold.is_some() { Status::Held } else { Status::Visible }, hold)
    }
}

/// Whether `text` contains one of the held words, ignoring case (and for
/// Chinese, anywhere: there are no word breaks to respect).
pub fn holds_keyword<'a>(text: &str, words: impl IntoIterator<Item = &'a str>) -> bool {
    let text = text.to_lowercase();
    words.into_iter().map(str::trim).filter(|w| !w.is_empty()).any(|w| text.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    fn regular() -> Member {
        Member { approved: 5, ..Member::default() }
    }

    #[test]
    fn a_new_members_first_three_contributions_wait() {
        let new = Member { approved: 2, ..Member::default() };
        assert_eq!(new.first_status(now(), false), (Status::Held, Some(HoldReason::FirstPosts)));
        let third_approved = Member { approved: 3, ..Member::default() };
        assert_eq!(third_approved.first_status(now(), false), (Status::Visible, None));
    }

    #[test]
    fn held_words_and_pre_approval_hold_a_regular_too() {
        assert_eq!(regular().first_status(now(), true), (Status::Held, Some(HoldReason::Keyword)));
        let watched = Member { pre_approval_until: Some(now() + Duration::days(3)), ..regular() };
        assert_eq!(watched.first_status(now(), false), (Status::Held, Some(HoldReason::PreApproval)));
        let served = Member { pre_approval_until: Some(now()), ..regular() };
        assert_eq!(served.first_status(now(), false), (Status::Visible, None), "pre-approval ends at its moment");
    }

    #[test]
    fn a_suspension_blocks_until_its_end_and_a_ban_for_good() {
        let until = now() + Duration::days(7);
        let suspended = Member { suspended_until: Some(until), ..regular() };
        assert_eq!(suspended.may_post(now(), 0, 0), Err(Refusal::Suspended { until }));
        assert_eq!(suspended.may_post(until, 0, 0), Ok(()));
        let banned = Member { banned: true, ..regular() };
        assert_eq!(banned.may_post(now() + Duration::days(999), 0, 0), Err(Refusal::Banned));
    }

    #[test]
    fn rate_limits_relax_as_standing_grows() {
        let new = Member { approved: 0, ..Member::default() };
        assert_eq!(new.may_post(now(), 1, 1), Err(Refusal::TooFast { retry_after_secs: 60 }));
        assert_eq!(new.may_post(now(), 0, 5), Err(Refusal::TooFast { retry_after_secs: 3600 }));
        assert_eq!(regular().may_post(now(), 2, 29), Ok(()));
        assert_eq!(regular().may_post(now(), 3, 3), Err(Refusal::TooFast { retry_after_secs: 60 }));
        let trusted = Member { approved: TRUSTED_AFTER, ..Member::default() };
        assert_eq!(trusted.standing(), Standing::Trusted);
        assert_eq!(trusted.may_post(now(), 5, 99), Ok(()));
        let struck = Member { strikes_in_force: 1, ..trusted };
        assert_eq!(struck.standing(), Standing::Member, "a strike in force costs trust");
    }

    #[test]
    fn keywords_match_inside_words_and_any_case() {
        assert!(holds_keyword("Cheap WATCHES here", ["watches"]));
        assert!(holds_keyword("加微信领红包了", ["领红包"]));
        assert!(!holds_keyword("nothing to see", ["spam", " "]));
        assert!(!holds_keyword("anything", [""]), "an empty word holds nothing");
    }
}
