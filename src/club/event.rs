//! Club events: a post with a date, a place and a number of places. Members
//! take a place or join the waiting list (which moves up when someone
//! cancels), and check in at the event by scanning the organiser's code.

pub use super::refusal::CheckInError;
use super::TransitionError;
use crate::error::{required_text, Field, FieldError, Problem};
use chrono::{DateTime, Duration, Utc};

pub const MAX_PLACE_CHARS: usize = 200;
pub const MAX_CAPACITY: i64 = 5_000;
/// Check-in opens this long before the start (people arrive early).
pub const CHECK_IN_OPENS_MINUTES: i64 = 60;

stored_enum! {
    /// A member's answer to an event. A member who never answered stands where
    /// one who cancelled does: not coming.
    pub enum Rsvp { Going = "going", Waiting = "waiting", Cancelled = "cancelled" }
}

/// What happens to a member's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpAction {
    /// Comes, to a free place ([`answer`] says whether there is one).
    TakePlace,
    /// Comes, to the end of the waiting list.
    Queue,
    /// Gives up the place, or leaves the waiting list.
    Cancel,
    /// Takes the place someone gave up: the first on the waiting list.
    MoveUp,
}

/// Who moves an answer: the member, or the waiting list when a place frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Member,
    System,
}

/// The answer after `action`, or why it is refused.
pub fn transition(from: Rsvp, action: RsvpAction, by: Party) -> Result<Rsvp, TransitionError> {
    use Rsvp::*;
    match (by, action, from) {
        (Party::Member, RsvpAction::TakePlace, Cancelled) => Ok(Going),
        (Party::Member, RsvpAction::Queue, Cancelled) => Ok(Waiting),
        (Party::Member, RsvpAction::Cancel, Going | Waiting) => Ok(Cancelled),
        (Party::System, RsvpAction::MoveUp, Waiting) => Ok(Going),
        _ => Err(TransitionError::NotFromHere),
    }
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

/// Where a member who comes lands: a place while one of `capacity` is free
/// (`taken` are), else the waiting list.
pub fn answer(capacity: i64, taken: i64) -> RsvpAction {
    if taken < capacity {
        RsvpAction::TakePlace
    } else {
        RsvpAction::Queue
    }
}

/// Whether an event still takes answers: until it ends.
pub fn taking_answers(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < ends_at
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
        assert_eq!(answer(2, 0), RsvpAction::TakePlace);
        assert_eq!(answer(2, 1), RsvpAction::TakePlace, "the last free place");
        assert_eq!(answer(2, 2), RsvpAction::Queue);
        assert_eq!(answer(2, 3), RsvpAction::Queue);
    }

    #[test]
    fn a_member_comes_once_and_leaves_once() {
        use Rsvp::*;
        assert_eq!(transition(Cancelled, RsvpAction::TakePlace, Party::Member), Ok(Going));
        assert_eq!(transition(Cancelled, RsvpAction::Queue, Party::Member), Ok(Waiting));
        for coming in [Going, Waiting] {
            assert_eq!(transition(coming, RsvpAction::Cancel, Party::Member), Ok(Cancelled));
            for again in [RsvpAction::TakePlace, RsvpAction::Queue] {
                assert_eq!(transition(coming, again, Party::Member), Err(TransitionError::NotFromHere), "a double tap");
            }
        }
        assert_eq!(transition(Cancelled, RsvpAction::Cancel, Party::Member), Err(TransitionError::NotFromHere));
    }

    #[test]
    fn only_the_waiting_list_moves_up_and_only_by_itself() {
        use Rsvp::*;
        assert_eq!(transition(Waiting, RsvpAction::MoveUp, Party::System), Ok(Going));
        assert_eq!(transition(Waiting, RsvpAction::MoveUp, Party::Member), Err(TransitionError::NotFromHere));
        for from in [Going, Cancelled] {
            assert_eq!(transition(from, RsvpAction::MoveUp, Party::System), Err(TransitionError::NotFromHere));
        }
        for action in [RsvpAction::TakePlace, RsvpAction::Queue, RsvpAction::Cancel] {
            assert_eq!(transition(Waiting, action, Party::System), Err(TransitionError::NotFromHere), "{action:?}");
        }
    }

    #[test]
    fn answers_are_taken_until_the_event_ends() {
        let end = at(12, 0);
        assert!(taking_answers(end, at(11, 59)));
        assert!(!taking_answers(end, end), "the last moment is past");
        assert!(!taking_answers(end, at(12, 1)));
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
