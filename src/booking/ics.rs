//! The calendar file an owner adds their appointment with.

use chrono::{DateTime, Utc};

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
mod tests {
    use super::*;
    use chrono::Duration;

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
