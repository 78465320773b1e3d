//! Local time at our dealers: China keeps one clock (UTC+8, no daylight
//! saving), a day's opening hours, and the conversions between a local day or
//! wall-clock time and the UTC instants everything is stored in. The one place
//! China time is built; compiles to wasm, so the pages show it the same way.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// China's clock, UTC+8 all year.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(china) => china,
    None => panic!("UTC+8 is a valid offset"),
};

/// The zone names a dealer may be stored with: every one of them keeps China's clock.
const CHINA_NAMES: [&str; 7] =
    ["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei"];

/// A dealer's zone by its stored name (`None`: a zone we do not keep).
pub fn named(name: &str) -> Option<FixedOffset> {
    CHINA_NAMES.contains(&name).then_some(CHINA)
}

/// A day's opening hours, in the dealer's own time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// `time` on `day` in `zone`, as an instant (`None` only past chrono's range).
pub fn instant(zone: FixedOffset, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&day.and_time(time)).single().map(|t| t.with_timezone(&Utc))
}

/// The first instant of `day` in `zone`.
pub fn day_start(zone: FixedOffset, day: NaiveDate) -> Option<DateTime<Utc>> {
    instant(zone, day, NaiveTime::MIN)
}

/// The date `zone`'s calendars show at `at`.
pub fn local_date(zone: FixedOffset, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// `at` as `zone`'s wall clock shows it, "2026-12-01 10:00" (messages and pages name times so).
pub fn wall_clock(zone: FixedOffset, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// A wall-clock time as a `datetime-local` field posts it ("2026-12-01T10:30"), in `zone`.
pub fn parse_local(raw: &str, zone: FixedOffset) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
    zone.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap_or_default()
    }

    #[test]
    fn china_is_eight_hours_ahead_and_its_day_starts_at_sixteen_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(day_start(CHINA, day), Some(utc(2026, 11, 30, 16, 0)));
        assert_eq!(local_date(CHINA, utc(2026, 11, 30, 15, 59)), day.pred_opt().unwrap_or_default(), "the day before");
        assert_eq!(local_date(CHINA, utc(2026, 11, 30, 16, 0)), day, "the first moment of the day");
        assert_eq!(wall_clock(CHINA, utc(2026, 12, 1, 2, 0)), "2026-12-01 10:00");
        assert_eq!(parse_local("2026-12-01T10:00", CHINA), Some(utc(2026, 12, 1, 2, 0)));
        assert_eq!(parse_local("2026-12-01 10:00", CHINA), None, "the field's own shape only");
        assert_eq!(parse_local("tomorrow", CHINA), None);
    }

    #[test]
    fn every_name_of_chinas_clock_is_china_and_no_other_zone_is_kept() {
        assert!(CHINA_NAMES.iter().all(|name| named(name) == Some(CHINA)));
        assert_eq!(named("Europe/Berlin"), None);
        assert_eq!(named(""), None);
    }
}
