//! Service booking: a dealer's capacity is its service bays in every 30-minute
//! slot of its opening hours (in its own time zone); a service type takes some
//! bays for some slots. Offers are what is still free; a booking takes its
//! places in one transaction that cannot over-fill a slot.

use crate::error::{choice_id, required_text, text, Field, FieldError, Problem};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
pub mod advisor;
#[cfg(feature = "ssr")]
pub mod dealer_change;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod workshop;

pub const SLOT_MINUTES: i64 = 30;
/// How far ahead owners can book.
pub const HORIZON_DAYS: i64 = 30;
/// The earliest bookable start is this far from now (the workshop must prepare).
pub const LEAD_MINUTES: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceType {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub minutes: u32,
    pub bays: u32,
}

impl ServiceType {
    /// How many slots the service occupies, rounding up.
    pub fn slots(&self) -> i64 {
        (i64::from(self.minutes) + SLOT_MINUTES - 1) / SLOT_MINUTES
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// China keeps one clock (UTC+8, no daylight saving), whatever the zone's name.
pub fn zone_offset(name: &str) -> Option<FixedOffset> {
    const BEIJING_TIME: [&str; 7] = [
        "Asia/Shanghai",
        "Asia/Chongqing",
        "Asia/Harbin",
        "Asia/Urumqi",
        "Asia/Hong_Kong",
        "Asia/Macau",
        "Asia/Taipei",
    ];
    BEIJING_TIME.contains(&name).then(|| FixedOffset::east_opt(8 * 3600)).flatten()
}

/// A booking as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub id: i64,
    pub vin: String,
    pub dealer_id: i64,
    pub service_type_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub stage: Stage,
    pub note: Option<String>,
}

/// Where a booking stands. Stored as `status` plus, while the car is in the
/// workshop, `workshop_stage`; one value here so no impossible pair exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Booked,
    CheckedIn,
    InWork,
    /// An estimate for extra work waits for the owner's decision.
    AwaitingApproval,
    ReadyForPickup,
    Completed,
    Cancelled,
    NoShow,
}

impl Stage {
    /// The steps an owner watches once the car is at the dealer, in order.
    pub const WORKSHOP: [Stage; 5] =
        [Stage::CheckedIn, Stage::InWork, Stage::AwaitingApproval, Stage::ReadyForPickup, Stage::Completed];

    pub fn from_columns(status: &str, workshop: Option<&str>) -> Option<Stage> {
        Some(match (status, workshop) {
            ("booked", _) => Stage::Booked,
            ("checked_in", None) => Stage::CheckedIn,
            ("checked_in", Some("in_work")) => Stage::InWork,
            ("checked_in", Some("awaiting_approval")) => Stage::AwaitingApproval,
            ("checked_in", Some("ready")) => Stage::ReadyForPickup,
            ("completed", _) => Stage::Completed,
            ("cancelled", _) => Stage::Cancelled,
            ("no_show", _) => Stage::NoShow,
            _ => return None,
        })
    }

    /// The two columns a stage is stored in: `status`, and `workshop_stage`
    /// while the car is at the dealer past check-in.
    pub fn columns(self) -> (&'static str, Option<&'static str>) {
        match self {
            Stage::Booked => ("booked", None),
            Stage::CheckedIn => ("checked_in", None),
            Stage::InWork => ("checked_in", Some("in_work")),
            Stage::AwaitingApproval => ("checked_in", Some("awaiting_approval")),
            Stage::ReadyForPickup => ("checked_in", Some("ready")),
            Stage::Completed => ("completed", None),
            Stage::Cancelled => ("cancelled", None),
            Stage::NoShow => ("no_show", None),
        }
    }

    /// The car is at the dealer and the visit is not finished.
    pub fn in_workshop(self) -> bool {
        matches!(self, Stage::CheckedIn | Stage::InWork | Stage::AwaitingApproval | Stage::ReadyForPickup)
    }

    /// Not finished: booked, or the car is at the dealer. Stored as `status IN
    /// ('booked', 'checked_in')`, the condition of the one-open-booking-per-car
    /// index (migration 0008) and of the owner's count in `store::book`.
    pub fn is_open(self) -> bool {
        self == Stage::Booked || self.in_workshop()
    }

    /// How far along the workshop steps the visit is (None before check-in or
    /// when it never happened).
    pub fn workshop_step(self) -> Option<usize> {
        Self::WORKSHOP.iter().position(|s| *s == self)
    }
}

/// Extra work the advisor found, for the owner to approve or decline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub id: i64,
    pub items: String,
    pub amount: crate::types::Money,
    pub sent_at: DateTime<Utc>,
    pub decision: Option<(Decision, DateTime<Utc>)>,
}

stored_enum! {
    pub enum Decision {
        Approved = "approved",
        Declined = "declined",
    }
}

/// One line of a booking's history: what happened, when, and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
    /// The actor's name, None when the owner did it themselves.
    pub by_staff: Option<String>,
}

/// A booking with what its pages show: the dealer (whose phone and address are
/// on every booking page) and the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub booking: Booking,
    pub dealer_name_zh: String,
    pub dealer_name_en: String,
    pub dealer_address_zh: String,
    pub dealer_address_en: String,
    pub dealer_phone: String,
    pub service_zh: String,
    pub service_en: String,
    pub model_zh: String,
    pub model_en: String,
    /// Whether the owner may still move or cancel it online.
    pub changeable: bool,
    /// The dealer moved or cancelled it for this reason and the owner has not answered yet.
    pub dealer_change: Option<String>,
    pub estimates: Vec<Estimate>,
    /// Upload ids of the owner's photos of the concern.
    pub photos: Vec<i64>,
    /// Open recalls fixed in the same visit (zh, en).
    pub recalls: Vec<(String, String)>,
    pub history: Vec<Event>,
}

/// A car's next visit that is booked or under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextVisit {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    /// It fixes the car's recalls (a recall service, or recalls booked with it).
    pub fixes_recalls: bool,
}

/// Photos an owner may add to one booking.
pub const MAX_BOOKING_PHOTOS: usize = 3;

/// The owner's note on a booking (what the workshop should look at).
pub const MAX_NOTE_CHARS: usize = 500;
/// A form's idempotency key as the browser made it, before it is scoped.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 64;
/// What the advisor says was done when a visit ends.
pub const MAX_WORK_CHARS: usize = 500;
/// The parts used, as the advisor lists them when a visit ends.
pub const MAX_PARTS_CHARS: usize = 500;
/// The extra work an estimate lists for the owner to approve.
pub const MAX_ESTIMATE_ITEMS_CHARS: usize = 500;
/// Why the dealer moved or cancelled a booking (the owner reads it).
pub const MAX_DEALER_REASON_CHARS: usize = 300;

/// Who submits a booking form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Submitter {
    /// The owner, in the portal.
    Owner(crate::account::UserId),
    /// An advisor, booking for an owner on the phone.
    Advisor(crate::account::UserId),
}

#[cfg(feature = "ssr")]
impl Submitter {
    pub fn channel(self) -> store::Channel {
        match self {
            Submitter::Owner(_) => store::Channel::Portal,
            Submitter::Advisor(advisor) => store::Channel::Phone { advisor },
        }
    }
}

/// A form's idempotency key, scoped to who submits it: the same key from two
/// people is two submits (keys are unique across all bookings), the same key
/// from one person twice is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str, by: Submitter) -> Result<Self, FieldError> {
        let key = required_text(Field::Slot, raw, MAX_IDEMPOTENCY_KEY_CHARS)?;
        Ok(Self(match by {
            Submitter::Owner(owner) => format!("{owner}:{key}"),
            Submitter::Advisor(advisor) => format!("phone:{advisor}:{key}"),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A booking form, parsed: the owner's in the portal and the advisor's on the
/// phone are the same form (the advisor's dealer is their own workshop's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingForm {
    pub by: Submitter,
    pub vin: String,
    pub dealer: i64,
    pub service_type: i64,
    pub starts_at: DateTime<Utc>,
    pub note: Option<String>,
    pub idempotency_key: IdempotencyKey,
}

impl BookingForm {
    /// `starts_at` is the start in UTC milliseconds, as the slot picker posts it.
    pub fn parse(
        by: Submitter,
        vin: &str,
        dealer: &str,
        service_type: &str,
        starts_at: &str,
        note: &str,
        idempotency_key: &str,
    ) -> Result<Self, FieldError> {
        let starts_at = DateTime::from_timestamp_millis(choice_id(Field::Slot, starts_at)?)
            .ok_or(FieldError::new(Field::Slot, Problem::SlotUnavailable))?;
        let idempotency_key = IdempotencyKey::parse(idempotency_key, by)?;
        let dealer = choice_id(Field::Dealer, dealer)?;
        let service_type = choice_id(Field::ServiceType, service_type)?;
        let note = text(Field::Note, note, MAX_NOTE_CHARS, false)?;
        Ok(Self { by, vin: vin.to_owned(), dealer, service_type, starts_at, note, idempotency_key })
    }

    /// What `store::book` takes: the form with the owner's extras (recalls
    /// fixed in the same visit, photos of the concern).
    #[cfg(feature = "ssr")]
    pub fn into_request(self, with_recalls: bool, photos: Vec<crate::upload::CleanImage>) -> store::Request {
        store::Request {
            by: self.by.channel(),
            vin: self.vin,
            dealer: self.dealer,
            service_type: self.service_type,
            starts_at: self.starts_at,
            note: self.note,
            idempotency_key: self.idempotency_key.0,
            with_recalls,
            photos,
        }
    }
}

/// What the advisor records when the visit ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDone {
    pub work: String,
    pub parts: Option<String>,
    pub amount: crate::types::Money,
    pub mileage: crate::types::Km,
    /// The visit also fixed every open campaign on the car (otherwise only
    /// the recalls booked with it).
    pub fix_open_campaigns: bool,
}

impl WorkDone {
    pub fn parse(
        work: &str,
        parts: &str,
        amount: &str,
        mileage: &str,
        fix_open_campaigns: bool,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            work: required_text(Field::Work, work, MAX_WORK_CHARS)?,
            parts: text(Field::Note, parts, MAX_PARTS_CHARS, false)?,
            amount: crate::types::Money::parse(amount).map_err(|e| FieldError::new(Field::Amount, e))?,
            mileage: crate::types::Km::parse(mileage).map_err(|e| FieldError::new(Field::Mileage, e))?,
            fix_open_campaigns,
        })
    }
}

/// Fair use of the workshop: one owner cannot fill a dealer's calendar. A car
/// is in one bay at a time, which the database itself enforces (one open
/// booking per VIN); the rest is this policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FairUse {
    /// Open bookings (see `Stage::is_open`) one owner may hold at once, however made.
    pub open_bookings_per_owner: u32,
    /// Booking writes (new bookings and moves) one account may make per hour.
    pub booking_writes_per_hour: u32,
}

/// The policy `store::book` and `store::reschedule` apply.
pub const FAIR_USE: FairUse = FairUse { open_bookings_per_owner: 3, booking_writes_per_hour: 20 };

impl FairUse {
    /// An owner who already holds `open` open bookings may make one more.
    pub fn allows_another(self, open: i64) -> bool {
        open < i64::from(self.open_bookings_per_owner)
    }
}

/// One row of the day sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub booking: Booking,
    pub owner_name: String,
    pub owner_mobile: Option<String>,
    pub model_zh: String,
    pub model_en: String,
    pub service_zh: String,
    pub service_en: String,
    /// Recall fixes booked with the visit.
    pub recalls: u32,
    /// Upload ids of the owner's photos of the concern.
    pub photos: Vec<i64>,
}

/// A slot of the day with its capacity and use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLoad {
    pub starts_at: DateTime<Utc>,
    pub capacity: u32,
    pub used: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySheet {
    pub day: NaiveDate,
    pub slots: Vec<SlotLoad>,
    pub visits: Vec<Visit>,
}

/// A free start time and how many more bookings of the service it can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub starts_at: DateTime<Utc>,
    pub free: u32,
}

/// The slots (their starts, UTC) a service beginning at `start` occupies.
pub fn covered(start: DateTime<Utc>, service: &ServiceType) -> Vec<DateTime<Utc>> {
    (0..service.slots()).map(|i| start + Duration::minutes(i * SLOT_MINUTES)).collect()
}

/// Every start on `day` at which the whole service fits inside opening hours.
pub fn starts(day: NaiveDate, hours: Hours, zone: FixedOffset, service: &ServiceType) -> Vec<DateTime<Utc>> {
    let local = |t: NaiveTime| zone.from_local_datetime(&day.and_time(t)).single().map(|d| d.with_timezone(&Utc));
    let (Some(opens), Some(closes)) = (local(hours.opens), local(hours.closes)) else {
        return Vec::new();
    };
    let length = Duration::minutes(service.slots() * SLOT_MINUTES);
    let mut all = Vec::new();
    let mut at = opens;
    while at + length <= closes {
        all.push(at);
        at += Duration::minutes(SLOT_MINUTES);
    }
    all
}

/// Bookings of `service` that still fit at `start`, given each slot's use.
pub fn free_at(start: DateTime<Utc>, service: &ServiceType, capacity: u32, used: &HashMap<i64, u32>) -> u32 {
    covered(start, service)
        .iter()
        .map(|slot| {
            capacity.saturating_sub(used.get(&slot.timestamp_millis()).copied().unwrap_or(0)) / service.bays.max(1)
        })
        .min()
        .unwrap_or(0)
}

/// What an owner may pick on `day`: starts inside the hours, not in the past
/// (nor within the lead time), within the horizon, with at least one place.
#[allow(clippy::too_many_arguments)] // the inputs of one pure rule, kept visible
pub fn offers(
    day: NaiveDate,
    hours: Option<Hours>,
    zone: FixedOffset,
    service: &ServiceType,
    capacity: u32,
    used: &HashMap<i64, u32>,
    now: DateTime<Utc>,
) -> Vec<Offer> {
    let Some(hours) = hours else {
        return Vec::new();
    };
    let earliest = now + Duration::minutes(LEAD_MINUTES);
    let latest = now + Duration::days(HORIZON_DAYS + 1);
    starts(day, hours, zone, service)
        .into_iter()
        .filter(|s| *s >= earliest && *s <= latest)
        .map(|s| Offer { starts_at: s, free: free_at(s, service, capacity, used) })
        .filter(|o| o.free > 0)
        .collect()
}

/// A wall-clock start as typed in a `datetime-local` field ("2026-12-01T10:30"),
/// in the dealer's zone.
pub fn local_start(raw: &str, zone: FixedOffset) -> Option<DateTime<Utc>> {
    let naive = chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
    zone.from_local_datetime(&naive).single().map(|d| d.with_timezone(&Utc))
}

/// Owners may move or cancel until the dealer's cut-off before the start.
pub fn may_change(starts_at: DateTime<Utc>, now: DateTime<Utc>, cutoff_minutes: i64) -> bool {
    now <= starts_at - Duration::minutes(cutoff_minutes)
}

/// An iCalendar (RFC 5545) file for one appointment, with the dealer's address
/// as its location. Lines are folded at 75 octets and text is escaped.
#[allow(clippy::too_many_arguments)] // one field of the event each
pub fn ics(
    id: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    stamp: DateTime<Utc>,
    summary: &str,
    location: &str,
    description: &str,
) -> String {
    fn escape(text: &str) -> String {
        text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
    }
    fn fold(line: &str) -> String {
        let mut out = String::new();
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
        out
    }
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Meridian Motors//Pitlane//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:booking-{id}@pitlane.meridian-motors.cn"),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("DTSTART:{}", utc(starts_at)),
        format!("DTEND:{}", utc(ends_at)),
        format!("SUMMARY:{}", escape(summary)),
        format!("LOCATION:{}", escape(location)),
        format!("DESCRIPTION:{}", escape(description)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ]
    .iter()
    .map(|l| fold(l))
    .collect()
}

#[cfg(test)]
mod ics_tests {
    use super::*;

    #[test]
    fn long_lines_are_folded_and_text_escaped() {
        let at = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        let file =
            ics(7, at, at + Duration::minutes(90), at, "保养, 子午 S5", &"上海市浦东新区张杨路1888号".repeat(3), "a;b");
        assert!(file.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(file.contains("SUMMARY:保养\\, 子午 S5\r\n"));
        assert!(file.lines().all(|l| l.len() <= 75), "{file}");
        assert!(file.contains("\r\n "), "continuation lines start with a space");
        assert!(file.ends_with("END:VCALENDAR\r\n"));
    }
}

/// What moves a booking along its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    CheckIn,
    NoShow,
    StartWork,
    SendEstimate,
    /// The owner approves or declines the estimate; work goes on either way.
    AnswerEstimate,
    ReadyForPickup,
    Complete,
    Cancel,
}

/// Who takes a step: the owner in the portal, or the dealer's workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Owner,
    Dealer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this step cannot be taken from where the booking stands")]
    NotFromHere,
    #[error("this step is the other party's")]
    NotYours,
}

/// The one place a booking's stage changes: where `step` by `by` leads from
/// `from`, or why it may not be taken. The store writes the result with one
/// conditional UPDATE on `from` (`store::advance`).
pub fn transition(from: Stage, step: Step, by: Party) -> Result<Stage, TransitionError> {
    use Stage as S;
    let (to, party) = match (from, step) {
        (S::Booked, Step::CheckIn) => (S::CheckedIn, Some(Party::Dealer)),
        (S::Booked, Step::NoShow) => (S::NoShow, Some(Party::Dealer)),
        (S::Booked, Step::Cancel) => (S::Cancelled, None),
        (S::CheckedIn, Step::StartWork) => (S::InWork, Some(Party::Dealer)),
        (S::CheckedIn | S::InWork, Step::SendEstimate) => (S::AwaitingApproval, Some(Party::Dealer)),
        (S::AwaitingApproval, Step::AnswerEstimate) => (S::InWork, Some(Party::Owner)),
        (S::CheckedIn | S::InWork, Step::ReadyForPickup) => (S::ReadyForPickup, Some(Party::Dealer)),
        // Not while an estimate waits: the bill depends on the answer.
        (S::CheckedIn | S::InWork | S::ReadyForPickup, Step::Complete) => (S::Completed, Some(Party::Dealer)),
        _ => return Err(TransitionError::NotFromHere),
    };
    match party {
        Some(only) if only != by => Err(TransitionError::NotYours),
        _ => Ok(to),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_visit_moves_step_by_step_and_only_by_the_right_party() {
        use Party::{Dealer, Owner};
        assert_eq!(transition(Stage::Booked, Step::CheckIn, Dealer), Ok(Stage::CheckedIn));
        assert_eq!(transition(Stage::Booked, Step::CheckIn, Owner), Err(TransitionError::NotYours));
        assert_eq!(transition(Stage::CheckedIn, Step::StartWork, Dealer), Ok(Stage::InWork));
        assert_eq!(transition(Stage::InWork, Step::SendEstimate, Dealer), Ok(Stage::AwaitingApproval));
        assert_eq!(transition(Stage::AwaitingApproval, Step::AnswerEstimate, Dealer), Err(TransitionError::NotYours));
        assert_eq!(transition(Stage::AwaitingApproval, Step::AnswerEstimate, Owner), Ok(Stage::InWork));
        assert_eq!(transition(Stage::InWork, Step::ReadyForPickup, Dealer), Ok(Stage::ReadyForPickup));
        assert_eq!(transition(Stage::ReadyForPickup, Step::Complete, Dealer), Ok(Stage::Completed));
    }

    #[test]
    fn no_step_skips_repeats_or_leaves_a_finished_visit() {
        use Party::{Dealer, Owner};
        assert_eq!(transition(Stage::AwaitingApproval, Step::Complete, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::InWork, Step::StartWork, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::Booked, Step::StartWork, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::CheckedIn, Step::Cancel, Owner), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::CheckedIn, Step::NoShow, Dealer), Err(TransitionError::NotFromHere));
        for done in [Stage::Completed, Stage::Cancelled, Stage::NoShow] {
            for step in [Step::CheckIn, Step::Complete, Step::Cancel, Step::NoShow] {
                assert_eq!(transition(done, step, Dealer), Err(TransitionError::NotFromHere), "{done:?} {step:?}");
            }
        }
        assert_eq!(transition(Stage::Booked, Step::Cancel, Owner), Ok(Stage::Cancelled));
        assert_eq!(transition(Stage::Booked, Step::Cancel, Dealer), Ok(Stage::Cancelled));
    }

    #[test]
    fn every_stage_is_stored_and_read_back_as_itself() {
        for stage in [
            Stage::Booked,
            Stage::CheckedIn,
            Stage::InWork,
            Stage::AwaitingApproval,
            Stage::ReadyForPickup,
            Stage::Completed,
            Stage::Cancelled,
            Stage::NoShow,
        ] {
            let (status, workshop) = stage.columns();
            assert_eq!(Stage::from_columns(status, workshop), Some(stage));
        }
    }

    use super::*;

    fn service(minutes: u32, bays: u32) -> ServiceType {
        ServiceType { id: 1, code: "x".into(), name_zh: String::new(), name_en: String::new(), minutes, bays }
    }

    fn beijing() -> FixedOffset {
        zone_offset("Asia/Shanghai").unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("UTC is valid")))
    }

    fn hours(o: u32, c: u32) -> Hours {
        Hours {
            opens: NaiveTime::from_hms_opt(o, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(c, 0, 0).unwrap_or_default(),
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        beijing()
            .from_local_datetime(&day().and_hms_opt(h, m, 0).unwrap_or_default())
            .single()
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn starts_are_local_and_the_whole_service_fits_before_closing() {
        let all = starts(day(), hours(9, 12), beijing(), &service(90, 1));
        assert_eq!(all.first(), Some(&at(9, 0)));
        assert_eq!(
            all.first().map(|s| s.format("%H:%M").to_string()),
            Some("01:00".into()),
            "09:00 in Beijing is 01:00 UTC"
        );
        assert_eq!(all.last(), Some(&at(10, 30)), "a 90-minute job may start at 10:30 and end at 12:00");
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn the_last_free_place_is_counted_across_every_covered_slot() {
        let job = service(60, 1);
        let mut used = HashMap::new();
        used.insert(at(10, 30).timestamp_millis(), 2);
        assert_eq!(free_at(at(10, 0), &job, 3, &used), 1, "10:30 has one bay left");
        used.insert(at(10, 30).timestamp_millis(), 3);
        assert_eq!(free_at(at(10, 0), &job, 3, &used), 0);
        assert_eq!(free_at(at(11, 0), &job, 3, &used), 3);
        assert_eq!(free_at(at(11, 0), &service(30, 2), 3, &used), 1, "a two-bay job needs two free bays");
    }

    #[test]
    fn offers_leave_out_full_past_and_closed_times() {
        let job = service(30, 1);
        let now = at(9, 10);
        let mut used = HashMap::new();
        used.insert(at(11, 0).timestamp_millis(), 2);
        let offered: Vec<DateTime<Utc>> = offers(day(), Some(hours(9, 12)), beijing(), &job, 2, &used, now)
            .into_iter()
            .map(|o| o.starts_at)
            .collect();
        assert_eq!(offered, vec![at(10, 30), at(11, 30)], "within an hour of now, and full, are not offered");
        assert!(offers(day(), None, beijing(), &job, 2, &used, now).is_empty(), "closed all day");
    }

    #[test]
    fn every_stored_pair_is_one_stage_and_unknown_pairs_are_refused() {
        assert_eq!(Stage::from_columns("checked_in", Some("awaiting_approval")), Some(Stage::AwaitingApproval));
        assert_eq!(Stage::from_columns("checked_in", None), Some(Stage::CheckedIn));
        assert_eq!(Stage::from_columns("checked_in", Some("parked")), None);
        assert_eq!(Stage::from_columns("lost", None), None);
        assert_eq!(Stage::ReadyForPickup.workshop_step(), Some(3));
        assert_eq!(Stage::Booked.workshop_step(), None);
        assert!(Stage::AwaitingApproval.in_workshop() && !Stage::Completed.in_workshop());
    }

    #[test]
    fn booked_and_workshop_stages_are_open_and_finished_ones_are_not() {
        for (status, workshop) in
            [("booked", None), ("checked_in", None), ("checked_in", Some("in_work")), ("checked_in", Some("ready"))]
        {
            assert_eq!(Stage::from_columns(status, workshop).map(Stage::is_open), Some(true), "{status} {workshop:?}");
        }
        for status in ["completed", "cancelled", "no_show"] {
            assert_eq!(Stage::from_columns(status, None).map(Stage::is_open), Some(false), "{status}");
        }
    }

    #[test]
    fn the_third_open_booking_is_the_last_one_allowed() {
        let policy = FairUse { open_bookings_per_owner: 3, booking_writes_per_hour: 20 };
        assert!(policy.allows_another(0));
        assert!(policy.allows_another(2), "two open: the third is allowed");
        assert!(!policy.allows_another(3), "three open: no fourth");
        assert!(!policy.allows_another(7));
        assert!(!FairUse { open_bookings_per_owner: 0, ..policy }.allows_another(0), "a cap of none allows none");
        assert_eq!(FAIR_USE.open_bookings_per_owner, 3);
    }

    #[test]
    fn a_typed_local_start_is_read_in_the_dealers_zone() {
        assert_eq!(local_start("2026-12-01T10:30", beijing()), Some(at(10, 30)));
        assert_eq!(local_start("2026-12-01 10:30", beijing()), None);
        assert_eq!(local_start("tomorrow", beijing()), None);
    }

    #[test]
    fn changes_are_allowed_until_the_cut_off() {
        let start = at(10, 0);
        assert!(may_change(start, at(8, 0), 120));
        assert!(!may_change(start, at(8, 1), 120));
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    const START: &str = "1767225600000"; // 2026-01-01T00:00:00Z

    fn owner_form(note: &str) -> Result<BookingForm, FieldError> {
        BookingForm::parse(Submitter::Owner(7), "LSVAU2180N2183294", "3", "2", START, note, "k-1")
    }

    fn field<T>(r: Result<T, FieldError>) -> Option<Field> {
        r.err().map(|e| e.field)
    }

    #[test]
    fn a_booking_note_may_be_as_long_as_the_limit_and_not_one_char_longer() {
        let longest = "修".repeat(MAX_NOTE_CHARS);
        assert_eq!(owner_form(&longest).map(|f| f.note), Ok(Some(longest.clone())));
        assert_eq!(
            owner_form(&format!("{longest}x")).err(),
            Some(FieldError::new(Field::Note, Problem::TooLong(MAX_NOTE_CHARS)))
        );
        assert_eq!(owner_form("  ").map(|f| f.note), Ok(None), "the note is optional");
    }

    #[test]
    fn a_booking_form_names_the_field_it_refuses() {
        fn parse(dealer: &str, service: &str, start: &str, key: &str) -> Result<BookingForm, FieldError> {
            BookingForm::parse(Submitter::Owner(7), "LSVAU2180N2183294", dealer, service, start, "", key)
        }
        assert_eq!(field(parse("x", "2", START, "k")), Some(Field::Dealer));
        assert_eq!(field(parse("3", "", START, "k")), Some(Field::ServiceType));
        assert_eq!(field(parse("3", "2", "tomorrow", "k")), Some(Field::Slot));
        assert_eq!(
            parse("3", "2", &i64::MAX.to_string(), "k").err(),
            Some(FieldError::new(Field::Slot, Problem::SlotUnavailable)),
            "a number but no time"
        );
        assert_eq!(parse("3", "2", START, " ").err(), Some(FieldError::new(Field::Slot, Problem::Required)));
        let form = parse(" 3 ", "2", START, "k").expect("a whole form");
        assert_eq!((form.dealer, form.service_type, form.starts_at.timestamp_millis()), (3, 2, 1_767_225_600_000));
    }

    #[test]
    fn an_idempotency_key_is_scoped_to_who_submits_it() {
        let key = |raw: &str, by| IdempotencyKey::parse(raw, by).map(|k| k.as_str().to_owned());
        assert_eq!(key(" k-1 ", Submitter::Owner(7)), Ok("7:k-1".to_owned()));
        assert_eq!(key("k-1", Submitter::Advisor(7)), Ok("phone:7:k-1".to_owned()));
        let longest = "k".repeat(MAX_IDEMPOTENCY_KEY_CHARS);
        assert!(key(&longest, Submitter::Owner(7)).is_ok());
        assert_eq!(
            key(&format!("{longest}k"), Submitter::Owner(7)),
            Err(FieldError::new(Field::Slot, Problem::TooLong(MAX_IDEMPOTENCY_KEY_CHARS)))
        );
    }

    #[test]
    fn work_done_keeps_the_longest_work_and_refuses_one_char_more() {
        let longest = "换机油".repeat(MAX_WORK_CHARS / 3) + &"x".repeat(MAX_WORK_CHARS % 3);
        let done = WorkDone::parse(&longest, "", "380.50", "12000", false).expect("at the limit");
        assert_eq!((done.work.chars().count(), done.parts), (MAX_WORK_CHARS, None));
        assert_eq!(
            WorkDone::parse(&format!("{longest}x"), "", "380", "12000", false).err(),
            Some(FieldError::new(Field::Work, Problem::TooLong(MAX_WORK_CHARS)))
        );
        let parts = "p".repeat(MAX_PARTS_CHARS + 1);
        assert_eq!(field(WorkDone::parse("oil", &parts, "380", "12000", false)), Some(Field::Note));
    }

    #[test]
    fn work_done_names_the_missing_or_bad_field() {
        assert_eq!(
            WorkDone::parse("  ", "", "380", "12000", false).err(),
            Some(FieldError::new(Field::Work, Problem::Required))
        );
        assert_eq!(field(WorkDone::parse("oil", "", "lots", "12000", false)), Some(Field::Amount));
        assert_eq!(field(WorkDone::parse("oil", "", "380", "twelve", false)), Some(Field::Mileage));
        assert_eq!(field(WorkDone::parse("oil", "", "380", "", false)), Some(Field::Mileage));
    }
}
