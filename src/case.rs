//! Feedback and complaints as cases: what an owner (or staff on their behalf)
//! submits, the life of a case (submitted → acknowledged → in progress →
//! resolved → closed, reopened when the owner disagrees in time), and the
//! service-level targets each priority promises.

use crate::error::{Field, FieldError, Problem};
use crate::types::Vin;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

mod event;
#[cfg(feature = "ssr")]
pub mod store;
pub(crate) mod transition_error;

pub use event::{Actor, Detail, Event};
pub use transition_error::TransitionError;

/// Photos one submission may carry.
pub const MAX_CASE_PHOTOS: usize = 5;
/// An owner may reopen a resolved case for this long.
pub const REOPEN_WITHIN_DAYS: i64 = 14;
/// Every resolved case is followed up after this long when the owner has not rated it.
pub const FOLLOW_UP_AFTER_DAYS: i64 = 7;
pub const TITLE_MAX: usize = 120;
/// The owner's comment with their rating of a resolution.
pub const MAX_RATING_COMMENT_CHARS: usize = 1000;
/// What care notes after the follow-up call on a resolved case.
pub const MAX_FOLLOWUP_OUTCOME_CHARS: usize = 1000;
/// What was done, written to the owner when a case is resolved.
pub const MAX_RESOLUTION_NOTE_CHARS: usize = 2000;
pub const TEXT_MAX: usize = 4000;

stored_enum! {
    /// Feedback is heard and answered; a complaint is also tracked to resolution.
    pub enum Kind { Praise = "praise", Suggestion = "suggestion", Question = "question", Complaint = "complaint" }
}

stored_enum! {
    pub enum Category {
        ProductQuality = "product_quality",
        DealerService = "dealer_service",
        Parts = "parts",
        Billing = "billing",
        StaffConduct = "staff_conduct",
        AppWebsite = "app_website",
        Other = "other",
    }
}

stored_enum! {
    /// Safety cases (anything that may hurt someone) have the tightest targets.
    pub enum Priority { Low = "low", Normal = "normal", High = "high", Safety = "safety" }
}

stored_enum! {
    pub enum Status {
        Submitted = "submitted",
        Acknowledged = "acknowledged",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
    }
}

stored_enum! {
    /// How the case reached us: the portal, or staff recording a contact.
    pub enum Channel { Portal = "portal", Phone = "phone", Email = "email", WeChat = "wechat", WalkIn = "walk_in", Api = "api" }
}

impl Status {
    /// The steps of the owner's timeline, in order.
    pub const TIMELINE: [Status; 5] =
        [Status::Submitted, Status::Acknowledged, Status::InProgress, Status::Resolved, Status::Closed];

    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

/// What somebody asks to do to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Acknowledge,
    Start,
    /// Resolved with a note of what was done: the owner reads it before they
    /// rate the resolution or reopen the case.
    Resolve(ResolutionNote),
    Close,
    /// The owner disagrees with the resolution.
    Reopen,
    /// The owner rates the resolution, which closes the case.
    Rate,
    /// Staff fold a duplicate into another case.
    Merge,
}

impl Action {
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledge",
            Action::Start => "start",
            Action::Resolve(_) => "resolve",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Rate => "rate",
            Action::Merge => "merge",
        }
    }

    /// A step as posted from the console's buttons; resolving needs its note.
    pub fn parse(raw: &str, note: &str) -> Result<Self, FieldError> {
        match raw {
            "acknowledge" => Ok(Action::Acknowledge),
            "start" => Ok(Action::Start),
            "resolve" => Ok(Action::Resolve(ResolutionNote::parse(note)?)),
            "close" => Ok(Action::Close),
            "reopen" => Ok(Action::Reopen),
            _ => Err(FieldError::new(Field::Confirm, Problem::UnknownChoice)),
        }
    }
}

/// What care did to resolve a case, in words for the owner: required, so no
/// case is resolved without saying how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionNote(String);

impl ResolutionNote {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        crate::error::required_text(Field::Note, raw, MAX_RESOLUTION_NOTE_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who acts decides what they may do: staff move a case along; the owner may
/// only reopen or rate it; the daily run closes what nobody reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Owner,
    Staff,
    System,
}

/// The status after `action` by `by`, or why it is refused. The resolution's
/// 14-day window is a guard of its own (`window`), asked with it.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    use Status::*;
    match (by, action, from) {
        (Party::Staff, Action::Acknowledge, Submitted) => Ok(Acknowledged),
        (Party::Staff, Action::Start, Submitted | Acknowledged) => Ok(InProgress),
        (Party::Staff, Action::Resolve(_), Acknowledged | InProgress) => Ok(Resolved),
        (Party::Staff | Party::System, Action::Close, Resolved) => Ok(Closed),
        (Party::Owner, Action::Reopen, Resolved) => Ok(InProgress),
        (Party::Owner, Action::Rate, Resolved) => Ok(Closed),
        (Party::Staff, Action::Merge, Submitted | Acknowledged | InProgress | Resolved) => Ok(Closed),
        _ => Err(TransitionError::NotFromHere),
    }
}

/// Whether `action` fits the window after the case was resolved at
/// `resolved_at`: the owner may rate or reopen for 14 days; staff close only
/// after that (the daily run does it by itself). Other steps have no window.
pub fn window(action: &Action, resolved_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), TransitionError> {
    let closes = resolved_at.map(|at| at + Duration::days(REOPEN_WITHIN_DAYS));
    match (action, closes) {
        (Action::Close, Some(closes)) if now > closes => Ok(()),
        (Action::Close, _) => Err(TransitionError::OwnerMayStillAnswer),
        (Action::Reopen, Some(closes)) if now <= closes => Ok(()),
        (Action::Reopen, _) => Err(TransitionError::ReopenExpired),
        _ => Ok(()),
    }
}

/// First-response and resolution targets for one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub priority: Priority,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

impl SlaPolicy {
    /// Parses an admin's edit: whole hours for both targets, the response
    /// first and never longer than the resolution.
    pub fn parse(priority: Priority, response_hours: &str, resolution_hours: &str) -> Result<Self, FieldError> {
        let hours = |field, raw: &str| match raw.trim().parse::<i64>() {
            Ok(h) if (1..=24 * 90).contains(&h) => Ok(h * 60),
            _ => Err(FieldError::new(field, Problem::OutOfRange)),
        };
        let first_response_minutes = hours(Field::ResponseHours, response_hours)?;
        let resolution_minutes = hours(Field::ResolutionHours, resolution_hours)?;
        if resolution_minutes < first_response_minutes {
            return Err(FieldError::new(Field::ResolutionHours, Problem::OutOfRange));
        }
        Ok(Self { priority, first_response_minutes, resolution_minutes })
    }

    pub fn response_due(&self, opened: DateTime<Utc>) -> DateTime<Utc> {
        opened + Duration::minutes(self.first_response_minutes)
    }

    pub fn resolution_due(&self, opened: DateTime<Utc>) -> DateTime<Utc> {
        opened + Duration::minutes(self.resolution_minutes)
    }
}

/// Where a case stands against its promised dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaClock {
    /// Time left before the next target.
    Running { minutes_left: i64 },
    /// The next target has passed.
    Overdue { minutes_over: i64 },
    /// Both targets met (or the case no longer runs against them).
    Met,
}

/// The clock of the next unmet target: first the response, then the resolution.
pub fn sla_clock(
    response_due: DateTime<Utc>,
    responded_at: Option<DateTime<Utc>>,
    resolution_due: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaClock {
    let due = match (responded_at, resolved_at) {
        (_, Some(_)) => return SlaClock::Met,
        (None, None) => response_due,
        (Some(_), None) => resolution_due,
    };
    let minutes = (due - now).num_minutes();
    if minutes >= 0 {
        SlaClock::Running { minutes_left: minutes }
    } else {
        SlaClock::Overdue { minutes_over: -minutes }
    }
}

/// A submission, parsed: every field checked before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    pub kind: Kind,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub vin: Option<Vin>,
    pub dealer: Option<i64>,
}

impl NewCase {
    pub fn parse(
        kind: &str,
        category: &str,
        title: &str,
        description: &str,
        vin: &str,
        dealer: &str,
    ) -> Result<Self, FieldError> {
        let kind = Kind::parse(kind).ok_or(FieldError::new(Field::CaseKind, Problem::UnknownChoice))?;
        let category = Category::parse(category).ok_or(FieldError::new(Field::Category, Problem::UnknownChoice))?;
        let title = crate::error::text(Field::Title, title, TITLE_MAX, true)?
            .ok_or(FieldError::new(Field::Title, Problem::Required))?;
        let description = crate::error::text(Field::Description, description, TEXT_MAX, true)?
            .ok_or(FieldError::new(Field::Description, Problem::Required))?;
        let vin = match vin.trim() {
            "" => None,
            raw => Some(Vin::parse(raw).map_err(|e| FieldError::new(Field::Vin, e))?),
        };
        let dealer = match dealer.trim() {
            "" => None,
            raw => Some(crate::error::choice_id(Field::Dealer, raw)?),
        };
        Ok(Self { kind, category, title, description, vin, dealer })
    }

    /// Complaints about safety-relevant product quality start as safety
    /// cases; other complaints as normal; feedback as low.
    pub fn initial_priority(&self) -> Priority {
        match (self.kind, self.category) {
            (Kind::Complaint, _) if looks_safety_related(&self.description) || looks_safety_related(&self.title) => {
                Priority::Safety
            }
            (Kind::Complaint, _) => Priority::Normal,
            (Kind::Question, _) => Priority::Normal,
            _ => Priority::Low,
        }
    }
}

/// Words owners use when a fault may hurt someone; staff can always change
/// the priority, this only makes sure such a case starts on the 2-hour clock.
fn looks_safety_related(text: &str) -> bool {
    const WORDS: [&str; 14] = [
        "刹车", "制动", "起火", "冒烟", "自燃", "失控", "气囊", "转向", "brake", "fire", "smoke", "airbag", "steering",
        "stall",
    ];
    let lower = text.to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// One message of a case's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// None when the owner wrote it; else the staff member's name.
    pub by_staff: Option<String>,
    pub body: String,
    /// An internal note: staff only, never sent to the owner.
    pub internal: bool,
}

/// A case as a list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub kind: Kind,
    pub category: Category,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub opened_at: DateTime<Utc>,
    pub owner_name: String,
    pub dealer_zh: Option<String>,
    pub dealer_en: Option<String>,
    pub assignee: Option<String>,
    pub clock: SlaClock,
    pub breached: bool,
    pub escalation: i64,
}

/// Everything a case page shows. For the owner, `messages` holds public ones only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub summary: Summary,
    pub description: String,
    pub vin: Option<Vin>,
    pub booking: Option<i64>,
    pub channel: Channel,
    pub response_due: DateTime<Utc>,
    pub resolution_due: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub merged_into: Option<i64>,
    pub rating: Option<(u8, Option<String>)>,
    pub photos: Vec<i64>,
    pub messages: Vec<Message>,
    pub history: Vec<Event>,
    /// The owner may still reopen it (resolved within the window).
    pub reopenable: bool,
}

/// One case as the care console shows it: everything, the owner as the desk
/// may see them, and the booking the case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub case: CaseView,
    pub owner: crate::garage::OwnerContact,
    /// The desk reaches the owner, so their profile opens for it.
    pub owner_reached: bool,
    pub booking: Option<CaseBooking>,
}

/// The booking a case is linked to, named for the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseBooking {
    pub booking: crate::booking::Booking,
    pub service_zh: String,
    pub service_en: String,
}

#[cfg(test)]
mod tests;
