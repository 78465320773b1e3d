//! Test drives: a drive takes a demo car for an hour, starting on the hour
//! inside the dealer's opening hours; what is offered is every start in the
//! next two weeks (not sooner than two hours from now) with a demo car of the
//! model still free. A booked drive ends done once it has begun, or given back.

use super::{Party, TransitionError};
use crate::zone::{instant, Hours};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const DRIVE_MINUTES: i64 = 60;
pub const HORIZON_DAYS: i64 = 14;
/// The dealer needs this long to prepare a car and a consultant.
pub const NOTICE_MINUTES: i64 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriveOffer {
    pub starts_at: DateTime<Utc>,
    /// Demo cars of the model still free at that hour.
    pub free: u32,
}

stored_enum! {
    /// Where a test drive stands. Only a booked or done drive holds its demo
    /// car's hour (the unique indexes on `test_drives` say so too).
    pub enum Status { Booked = "booked", Done = "done", Cancelled = "cancelled" }
}

/// What ends a booked drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// It took place (or began): the lead's step after it records it so.
    Finish,
    /// The car's hour is given back: the drive was moved to another hour, or
    /// the lead ended before the drive began.
    GiveBack,
}

/// The status after `action`, or why it is refused: a drive ends once, by the
/// handler working the lead or by the prospect withdrawing from it.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    match (by, action, from) {
        (Party::Handler | Party::Prospect, Action::Finish, Status::Booked) => Ok(Status::Done),
        (Party::Handler | Party::Prospect, Action::GiveBack, Status::Booked) => Ok(Status::Cancelled),
        (_, _, Status::Done | Status::Cancelled) => Err(TransitionError::NotFromHere),
    }
}

/// How the lead's end ends its booked drive: done when it has begun by `now`,
/// else given back.
pub fn ending(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Action {
    if starts_at <= now {
        Action::Finish
    } else {
        Action::GiveBack
    }
}

/// The hourly starts on `day` at which a whole drive fits inside `hours`.
pub fn drive_starts(day: NaiveDate, hours: Hours, zone: FixedOffset) -> Vec<DateTime<Utc>> {
    let first_hour = if hours.opens.minute() == 0 { hours.opens.hour() } else { hours.opens.hour() + 1 };
    (first_hour..24)
        .filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0))
        .filter(|t| {
            // A drive past midnight would wrap round to a small time: never inside the hours.
            let (end, wrapped) = t.overflowing_add_signed(Duration::minutes(DRIVE_MINUTES));
            wrapped == 0 && end <= hours.closes && *t >= hours.opens
        })
        .filter_map(|t| instant(zone, day, t))
        .collect()
}

/// The starts on `day` a prospect may pick: inside the hours, with notice, and
/// with one of the `cars` demo cars not already out (`taken`: drives booked per
/// start, in UTC milliseconds).
pub fn drive_offers(
    day: NaiveDate,
    hours: Option<Hours>,
    zone: FixedOffset,
    cars: u32,
    taken: &HashMap<i64, u32>,
    now: DateTime<Utc>,
) -> Vec<DriveOffer> {
    let Some(hours) = hours else { return Vec::new() };
    let earliest = now + Duration::minutes(NOTICE_MINUTES);
    let latest = now + Duration::days(HORIZON_DAYS);
    drive_starts(day, hours, zone)
        .into_iter()
        .filter(|s| *s >= earliest && *s <= latest)
        .map(|s| DriveOffer {
            starts_at: s,
            free: cars.saturating_sub(taken.get(&s.timestamp_millis()).copied().unwrap_or(0)),
        })
        .filter(|o| o.free > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn a_drive_ends_once_done_from_its_first_minute_else_given_back() {
        let at = DateTime::from_timestamp_millis(1_800_000_000_000).unwrap_or_default();
        assert_eq!(ending(at, at), Action::Finish, "the first minute counts as begun");
        assert_eq!(ending(at, at - Duration::milliseconds(1)), Action::GiveBack);
        assert_eq!(transition(Status::Booked, Action::Finish, Party::Prospect), Ok(Status::Done));
        assert_eq!(transition(Status::Booked, Action::GiveBack, Party::Handler), Ok(Status::Cancelled));
        for ended in [Status::Done, Status::Cancelled] {
            for action in [Action::Finish, Action::GiveBack] {
                assert_eq!(transition(ended, action, Party::Handler), Err(TransitionError::NotFromHere));
            }
        }
    }

    #[test]
    fn drives_start_on_the_hour_and_end_by_closing_with_a_free_car() {
        let zone = crate::zone::CHINA;
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let hours = Hours { opens: t(8, 30), closes: t(12, 0) };
        let starts = drive_starts(day, hours, zone);
        let local: Vec<u32> = starts.iter().map(|s| s.with_timezone(&zone).hour()).collect();
        assert_eq!(local, vec![9, 10, 11], "08:30 opening: the first drive is at 9; the last ends at 12");
        let now = starts[0] - Duration::minutes(NOTICE_MINUTES) - Duration::minutes(1);
        let taken = HashMap::from([(starts[1].timestamp_millis(), 2)]);
        let offers = drive_offers(day, Some(hours), zone, 2, &taken, now);
        assert_eq!(offers.iter().map(|o| o.starts_at).collect::<Vec<_>>(), vec![starts[0], starts[2]]);
        assert_eq!(offers[0].free, 2);
        let later = starts[0] - Duration::minutes(NOTICE_MINUTES) + Duration::minutes(1);
        assert_eq!(drive_offers(day, Some(hours), zone, 2, &taken, later).len(), 1, "too little notice for 9:00");
        assert!(drive_offers(day, None, zone, 2, &taken, now).is_empty(), "closed");
    }
}
