//! Why the club refuses something, in one leaf module (it imports nothing of
//! the crate) so that `crate::error` can wrap these without a cycle.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this step does not follow from the item's status")]
    NotFromHere,
}

/// Why a member may not post now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("banned from posting in the club")]
    Banned,
    #[error("suspended from posting until {until}")]
    Suspended { until: DateTime<Utc> },
    #[error("posting too fast; try again in {retry_after_secs} s")]
    TooFast { retry_after_secs: i64 },
    #[error("the club is for owners: add your car to your garage to post")]
    NotAnOwner,
    #[error("the post is locked")]
    Locked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ModerationError {
    #[error("only the member the decision was about may appeal it")]
    NotYours,
    #[error("this decision cannot be appealed")]
    NotAppealable,
    #[error("a decision is appealed once")]
    AlreadyAppealed,
    #[error("an appeal is decided by someone other than who made the decision")]
    OwnDecision,
    #[error("a moderator does not decide about their own words or standing")]
    OwnCase,
    #[error("suspensions, bans, pre-approval, lifting and held words reach the whole club: an admin decides")]
    AdminOnly,
    #[error("staff and moderators answer to an admin, not a board seat; admins are not sanctioned in the club")]
    NotOverStaff,
    #[error("hiding, deleting or sanctioning cites the rule that was broken")]
    RuleRequired,
    #[error("approving, restoring, dismissing reports or lifting a restriction cites no rule")]
    NoRuleBroken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CheckInError {
    #[error("check-in opens an hour before the event and closes at its end")]
    NotNow,
    #[error("already checked in")]
    Already,
    #[error("this code is not this event's")]
    WrongCode,
    #[error("only members with a place can check in")]
    NoPlace,
}
