//! A dealer's capacity and what is on offer: 30-minute slots inside opening
//! hours (in the dealer's own time zone), the bays a service takes, and the
//! free starts an owner may pick.

use crate::zone::{instant, Hours};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    let (Some(opens), Some(closes)) = (instant(zone, day, hours.opens), instant(zone, day, hours.closes)) else {
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

/// Owners may move or cancel until the dealer's cut-off before the start.
pub fn may_change(starts_at: DateTime<Utc>, now: DateTime<Utc>, cutoff_minutes: i64) -> bool {
    now <= starts_at - Duration::minutes(cutoff_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::CHINA;
    use chrono::NaiveTime;

    fn service(minutes: u32, bays: u32) -> ServiceType {
        ServiceType { id: 1, code: "x".into(), name_zh: String::new(), name_en: String::new(), minutes, bays }
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
        instant(CHINA, day(), NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()).unwrap_or_default()
    }

    #[test]
    fn starts_are_local_and_the_whole_service_fits_before_closing() {
        let all = starts(day(), hours(9, 12), CHINA, &service(90, 1));
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
        let offered: Vec<DateTime<Utc>> =
            offers(day(), Some(hours(9, 12)), CHINA, &job, 2, &used, now).into_iter().map(|o| o.starts_at).collect();
        assert_eq!(offered, vec![at(10, 30), at(11, 30)], "within an hour of now, and full, are not offered");
        assert!(offers(day(), None, CHINA, &job, 2, &used, now).is_empty(), "closed all day");
    }

    #[test]
    fn changes_are_allowed_until_the_cut_off() {
        let start = at(10, 0);
        assert!(may_change(start, at(8, 0), 120));
        assert!(!may_change(start, at(8, 1), 120));
    }
}
