//! One page per customer (`/staff/owners/{id}`): everything Pitlane knows of
//! an owner, as the desk may see it, and one timeline of every touchpoint.

use crate::account::UserId;
use crate::booking::lifecycle::Stage as BookingStage;
use crate::booking::NamedAdvisor;
use crate::case::{Kind as CaseKind, SlaClock, Status as CaseStatus};
use crate::error::{Field, FieldError};
use crate::lead::{Kind as LeadKind, Source, Stage as LeadStage};
use crate::loyalty::{EntryKind, Tier};
use crate::profile::{ChangedField, Profile};
use crate::warranty::Lookup;
use serde::{Deserialize, Serialize};

/// The timeline shows at most this many touchpoints (of the kind asked for).
pub const TIMELINE_MAX: i64 = 100;
/// A staff note is at most this many characters.
pub const NOTE_MAX: usize = 2000;
/// The lists beside the timeline show this many of their newest lines.
pub const LIST_MAX: i64 = 20;
/// The last ledger lines shown beside the balance.
pub const LEDGER_LINES: i64 = 10;

stored_enum! {
    /// What a touchpoint is, as the timeline's filter names it (`?kind=bookings`).
    pub enum TouchKind {
        Bookings = "bookings",
        Visits = "visits",
        Cases = "cases",
        Surveys = "surveys",
        Leads = "leads",
        Points = "points",
        Club = "club",
        Profile = "profile",
        Notes = "notes",
    }
}

stored_enum! {
    /// A club strike's level, as `club_strikes` stores it (`club::moderation::Sanction::level`).
    pub enum StrikeLevel { Warning = "warning", Suspension = "suspension", Ban = "ban" }
}

/// One touchpoint: what happened, with what the page needs to word it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Touch {
    Booked { booking: i64, starts_at: i64, stage: Option<BookingStage> },
    Visited { booking: i64, amount_fen: Option<i64> },
    CaseOpened { case: i64, kind: CaseKind, title: String },
    SurveyAnswered { booking: i64, satisfaction: Option<i64>, recommend: Option<i64> },
    LeadOpened { lead: i64, kind: LeadKind, stage: LeadStage },
    Points { amount: i64, kind: EntryKind },
    ClubPost { post: i64, title: String },
    ClubComment { post: i64 },
    ClubStrike { level: StrikeLevel },
    ProfileChanged { field: Option<ChangedField>, by_staff: bool },
    Note { author: String, body: String },
}

impl Touch {
    pub fn kind(&self) -> TouchKind {
        match self {
            Touch::Booked { .. } => TouchKind::Bookings,
            Touch::Visited { .. } => TouchKind::Visits,
            Touch::CaseOpened { .. } => TouchKind::Cases,
            Touch::SurveyAnswered { .. } => TouchKind::Surveys,
            Touch::LeadOpened { .. } => TouchKind::Leads,
            Touch::Points { .. } => TouchKind::Points,
            Touch::ClubPost { .. } | Touch::ClubComment { .. } | Touch::ClubStrike { .. } => TouchKind::Club,
            Touch::ProfileChanged { .. } => TouchKind::Profile,
            Touch::Note { .. } => TouchKind::Notes,
        }
    }
}

/// A touchpoint and when it happened (ms UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: i64,
    pub touch: Touch,
}

/// A booking beside the timeline: the next ones and the past ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingLine {
    pub id: i64,
    pub vin: String,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub starts_at: i64,
    pub stage: Option<BookingStage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub id: i64,
    pub title: String,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub sla: SlaClock,
    /// A target was missed at some point (the first response or the resolution).
    pub breached: bool,
    pub opened_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyLine {
    pub booking: i64,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub satisfaction: Option<i64>,
    pub recommend: Option<i64>,
    pub comment: Option<String>,
    pub answered_at: i64,
}

/// A lead of the owner's: a test drive they asked for, or a trade-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadLine {
    pub id: i64,
    pub kind: LeadKind,
    pub stage: LeadStage,
    pub source: Option<Source>,
    pub model_zh: String,
    pub model_en: String,
    pub trade_vin: Option<String>,
    pub created_at: i64,
}

/// A friend the owner referred whose purchase was credited to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLine {
    pub lead: i64,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub at: i64,
    pub amount: i64,
    pub kind: EntryKind,
}

/// Points and tier (an owner who never earned has no account: zero, silver).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Points {
    pub balance: i64,
    pub tier: Tier,
    pub lines: Vec<LedgerLine>,
}

/// How the owner stands in the club.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClubStanding {
    pub posts: i64,
    pub comments: i64,
    /// Strikes not yet expired.
    pub strikes: i64,
    pub suspended_until: Option<i64>,
    pub banned: bool,
}

/// The consent on record: the latest grant or withdrawal and its wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub granted: bool,
    pub wording_version: String,
    pub at: i64,
}

/// Everything the customer page shows, as the desk may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub owner: UserId,
    /// Contacts already masked or removed for the desk (`OwnerContact::seen_by`).
    pub profile: Profile,
    pub consent: Option<ConsentRecord>,
    pub cars: Vec<Lookup>,
    /// Newest first; the page splits them into next (still open) and past.
    pub bookings: Vec<BookingLine>,
    pub cases: Vec<CaseLine>,
    pub surveys: Vec<SurveyLine>,
    pub leads: Vec<LeadLine>,
    pub referrals: Vec<ReferralLine>,
    pub points: Points,
    pub club: ClubStanding,
    pub advisor: Option<NamedAdvisor>,
    /// The advisors the desk may name (empty for desks that do not name one).
    pub advisors: Vec<(i64, String)>,
    pub score: Option<crate::analytics::score::Score>,
    /// Newest first, at most `TIMELINE_MAX`, of `filter`'s kind when given.
    pub timeline: Vec<TimelineEntry>,
    pub filter: Option<TouchKind>,
}

/// A staff note on a customer, as typed: trimmed, not empty, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText(String);

impl NoteText {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        crate::error::required_text(Field::Note, raw, NOTE_MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn a_note_is_trimmed_and_must_say_something_within_its_length() {
        assert_eq!(NoteText::parse("  Prefers calls after six  ").map(|n| n.0), Ok("Prefers calls after six".into()));
        assert_eq!(NoteText::parse(" \n "), Err(FieldError::new(Field::Note, Problem::Required)));
        let longest = "长".repeat(NOTE_MAX);
        assert!(NoteText::parse(&longest).is_ok(), "the longest note fits");
        let over = format!("{longest}长");
        assert_eq!(NoteText::parse(&over), Err(FieldError::new(Field::Note, Problem::TooLong(NOTE_MAX))));
    }

    #[test]
    fn every_filter_kind_round_trips_through_its_name() {
        for kind in TouchKind::ALL {
            assert_eq!(TouchKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(TouchKind::parse("everything"), None);
    }
}
