//! Dates as people read them in each language: "12月8日 周二" and "Tue 8 Dec".
//! The one place a weekday or a month gets its name (chrono's `%a`/`%b` are
//! English only); compiles to wasm, so a page names them the same either way.

use super::Lang;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The weekday's short name: 周二, Tue.
pub fn weekday(day: Weekday, lang: Lang) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::Zh => WEEKDAYS_ZH[i],
        Lang::En => WEEKDAYS_EN[i],
    }
}

/// The day of the month and the month: 12月8日, 8 Dec.
pub fn day_month(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}月{}日", day.month(), day.day()),
        Lang::En => format!("{} {}", day.day(), MONTHS_EN[day.month0() as usize]),
    }
}

/// A day with its weekday: 12月8日 周二, Tue 8 Dec.
pub fn day_with_weekday(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} {}", day_month(day, lang), weekday(day.weekday(), lang)),
        Lang::En => format!("{} {}", weekday(day.weekday(), lang), day_month(day, lang)),
    }
}

/// A local wall-clock time with its day: 12月8日 周二 10:00, Tue 8 Dec 10:00.
pub fn moment(at: NaiveDateTime, lang: Lang) -> String {
    format!("{} {}", day_with_weekday(at.date(), lang), at.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn every_weekday_has_a_name_in_each_language() {
        // 2026-12-07 is a Monday.
        let week: Vec<_> = (7..=13).map(|d| weekday(day(2026, 12, d).weekday(), Lang::Zh)).collect();
        assert_eq!(week, WEEKDAYS_ZH);
        let week: Vec<_> = (7..=13).map(|d| weekday(day(2026, 12, d).weekday(), Lang::En)).collect();
        assert_eq!(week, WEEKDAYS_EN);
    }

    #[test]
    fn days_read_in_the_readers_language_at_the_ends_of_the_year() {
        assert_eq!(day_with_weekday(day(2026, 12, 31), Lang::Zh), "12月31日 周四");
        assert_eq!(day_with_weekday(day(2026, 12, 31), Lang::En), "Thu 31 Dec");
        assert_eq!(day_with_weekday(day(2027, 1, 1), Lang::Zh), "1月1日 周五");
        assert_eq!(day_with_weekday(day(2027, 1, 1), Lang::En), "Fri 1 Jan");
        assert_eq!(day_month(day(2028, 2, 29), Lang::En), "29 Feb");
    }

    #[test]
    fn a_moment_keeps_its_wall_clock_time() {
        let at = day(2026, 12, 8).and_hms_opt(9, 5, 0).unwrap_or_default();
        assert_eq!(moment(at, Lang::Zh), "12月8日 周二 09:05");
        assert_eq!(moment(at, Lang::En), "Tue 8 Dec 09:05");
    }
}
