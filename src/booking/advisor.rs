//! The service advisor's day, its rules: the slots of a dealer's day with the
//! places used in each. The store reads the day (`store::day_sheet`) and takes
//! the visit's steps (`store::check_in`, `store::complete`, …).

use super::{starts, ServiceType, SlotLoad, SLOT_MINUTES};
use crate::zone::Hours;
use chrono::{FixedOffset, NaiveDate};
use std::collections::HashMap;

/// Every slot of `day` in the dealer's `hours` (none on a closed day), with
/// its `bays` and the places `used` there (by slot start, UTC milliseconds).
pub fn slot_loads(
    day: NaiveDate,
    hours: Option<Hours>,
    zone: FixedOffset,
    bays: u32,
    used: &HashMap<i64, u32>,
) -> Vec<SlotLoad> {
    let Some(hours) = hours else { return Vec::new() };
    // One slot of one bay: every start of the day is one.
    let slot = ServiceType {
        id: 0,
        code: String::new(),
        name_zh: String::new(),
        name_en: String::new(),
        minutes: u32::try_from(SLOT_MINUTES).unwrap_or(30),
        bays: 1,
    };
    starts(day, hours, zone, &slot)
        .into_iter()
        .map(|s| SlotLoad { starts_at: s, capacity: bays, used: used.get(&s.timestamp_millis()).copied().unwrap_or(0) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{instant, CHINA};
    use chrono::NaiveTime;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn an_open_day_has_every_half_hour_with_its_use_and_a_closed_day_none() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let hours = Hours { opens: at(9, 0), closes: at(10, 30) };
        let nine_thirty = instant(CHINA, day, at(9, 30)).unwrap_or_default();
        let used = HashMap::from([(nine_thirty.timestamp_millis(), 2)]);
        let slots = slot_loads(day, Some(hours), CHINA, 3, &used);
        let starts: Vec<_> = slots.iter().map(|s| s.starts_at).collect();
        assert_eq!(starts, [at(9, 0), at(9, 30), at(10, 0)].map(|t| instant(CHINA, day, t).unwrap_or_default()));
        assert_eq!(slots.iter().map(|s| (s.used, s.capacity)).collect::<Vec<_>>(), [(0, 3), (2, 3), (0, 3)]);
        assert!(slot_loads(day, None, CHINA, 3, &used).is_empty());
    }
}
