//! Club events: a post with a date, a place and a number of places. Members
//! take a place or join the waiting list (which moves up when someone
//! cancels), and check in at the event by scanning the organiser's code.

pub use super::refusal::CheckInError;
use crate::error::{required_text, Field, FieldError, Problem};
use chrono::{DateTime, Duration, Utc};

pub const MAX_PLACE_CHARS: usize = 200;
pub const MAX_CAPACITY: i64 = 5_000;
/// Check-in opens this long before the start (people arrive early).
pub const CHECK_IN_OPENS_MINUTES: i64 = 60;

stored_enum! {
    pub enum Rsvp { Going = "going", Waiting = "waiting", Cancelled = "cancelled" }
}

/// An event's particulars, parsed whole. Times are typed in China time
/// (`datetime-local`), stored in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: i64,
}

impl NewEvent {
    pub fn parse(
        starts: &str,
        ends: &str,
        place: &str,
        capacity: &str,
        now: DateTime<Utc>,
    ) -> Result<Self, FieldError> {
        let starts_at = china_time(Field::StartsAt, starts)?;
        let ends_at = china_time(Field::EndsAt, ends)?;
        if starts_at <= now {
            return Err(FieldError::new(Field::StartsAt, Problem::OutOfRange));
        }
        if ends_at <= starts_at || ends_at - starts_at > Duration::days(14) {
            return Err(FieldError::new(Field::EndsAt, Problem::OutOfRange));
        }
        let capacity = match capacity.trim().parse::<i64>() {
            Ok(c) if (1..=MAX_CAPACITY).contains(&c) => c,
            _ => return Err(FieldError::new(Field::Capacity, Problem::OutOfRange)),
        };
        Ok(Self { starts_at, ends_at, place: required_text(Field::Place, place, MAX_PLACE_CHARS)?, capacity })
    }
}

/// `2026-12-05T09:30` (what a `datetime-local` input posts) in China time,
/// read as the booking form reads a start.
fn china_time(field: Field, raw: &str) -> Result<DateTime<Utc>, FieldError> {
    crate::zone::parse_local(raw, crate::zone::CHINA).ok_or(FieldError::new(field, Problem::Required))
}

/// Where a new answer lands: a place while there is one, else the waiting list.
pub fn answer(capacity: i64, going: i64) -> Rsvp {
    if going < capacity {
        Rsvp::Going
    } else {
        Rsvp::Waiting
    }
}

/// Whether a member with `rsvp` may check in at `now`.
pub fn check_in(
    rsvp: Option<Rsvp>,
    checked_in: bool,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), CheckInError> {
    if now < starts_at - Duration::minutes(CHECK_IN_OPENS_MINUTES) || now > ends_at {
        return Err(CheckInError::NotNow);
    }
    if checked_in {
        return Err(CheckInError::Already);
    }
    match rsvp {
        Some(Rsvp::Going) => Ok(()),
        _ => Err(CheckInError::NoPlace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0).single().unwrap_or_default()
    }

    #[test]
    fn places_then_the_waiting_list() {
        assert_eq!(answer(2, 0), Rsvp::Going);
        assert_eq!(answer(2, 1), Rsvp::Going);
        assert_eq!(answer(2, 2), Rsvp::Waiting);
    }

    #[test]
    fn check_in_only_during_the_event_and_once() {
        let (start, end) = (at(10, 0), at(12, 0));
        let going = Some(Rsvp::Going);
        assert_eq!(check_in(going, false, start, end, at(8, 59)), Err(CheckInError::NotNow));
        assert_eq!(check_in(going, false, start, end, at(9, 0)), Ok(()), "an hour early is fine");
        assert_eq!(check_in(going, false, start, end, at(12, 0)), Ok(()));
        assert_eq!(check_in(going, false, start, end, at(12, 1)), Err(CheckInError::NotNow));
        assert_eq!(check_in(going, true, start, end, at(11, 0)), Err(CheckInError::Already));
        assert_eq!(check_in(Some(Rsvp::Waiting), false, start, end, at(11, 0)), Err(CheckInError::NoPlace));
        assert_eq!(check_in(None, false, start, end, at(11, 0)), Err(CheckInError::NoPlace));
    }

    #[test]
    fn an_event_is_in_the_future_ends_after_it_starts_and_has_places() {
        let now = at(0, 0);
        let ok = NewEvent::parse("2026-12-06T09:30", "2026-12-06T12:00", "Huangpu riverside", "30", now);
        assert_eq!(ok.map(|e| e.starts_at).ok(), Utc.with_ymd_and_hms(2026, 12, 6, 1, 30, 0).single());
        let field = |r: Result<NewEvent, FieldError>| r.map_err(|e| e.field);
        assert_eq!(field(NewEvent::parse("2026-12-04T09:30", "2026-12-06T12:00", "x", "3", now)), Err(Field::StartsAt));
        assert_eq!(field(NewEvent::parse("2026-12-06T09:30", "2026-12-06T09:00", "x", "3", now)), Err(Field::EndsAt));
        assert_eq!(field(NewEvent::parse("2026-12-06T09:30", "2026-12-06T12:00", "x", "0", now)), Err(Field::Capacity));
        assert_eq!(field(NewEvent::parse("2026-12-06T09:30", "2026-12-06T12:00", " ", "3", now)), Err(Field::Place));
        assert_eq!(field(NewEvent::parse("tomorrow", "2026-12-06T12:00", "x", "3", now)), Err(Field::StartsAt));
    }
}
