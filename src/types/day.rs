//! A calendar date as typed in a form (YYYY-MM-DD, the format of `<input type=date>`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DateError {
    #[error("the date is not of the form YYYY-MM-DD")]
    Malformed,
    #[error("the date is in the future")]
    InFuture,
    #[error("the date is too far in the past")]
    TooOld,
}

pub fn parse_date(raw: &str) -> Result<NaiveDate, DateError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| DateError::Malformed)
}

/// An optional date: empty means "not given".
pub fn parse_optional_date(raw: &str) -> Result<Option<NaiveDate>, DateError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(raw).map(Some)
    }
}

/// A date that already happened, no earlier than 1900 (birthdays, work done).
pub fn parse_past_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_date(raw)?;
    if date > today {
        Err(DateError::InFuture)
    } else if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        Err(DateError::TooOld)
    } else {
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_and_past_dates_are_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        assert_eq!(parse_date("2026-02-30"), Err(DateError::Malformed));
        assert_eq!(parse_date("23/11/2026"), Err(DateError::Malformed));
        assert_eq!(parse_optional_date(" "), Ok(None));
        assert_eq!(parse_past_date("2026-11-23", today), Ok(today));
        assert_eq!(parse_past_date("2026-11-24", today), Err(DateError::InFuture));
        assert_eq!(parse_past_date("1899-12-31", today), Err(DateError::TooOld));
    }
}
