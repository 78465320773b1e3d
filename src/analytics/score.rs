//! One owner's standing as the daily job last measured it: the RFM figures and
//! class, and the signals behind any churn risk. The class depends on the
//! whole population (its averages), so it is computed for everyone at once and
//! kept; the figures behind it are kept too, so a page can say why.

use super::churn::{self, Reason, Signals};
use super::rfm::{Rfm, RfmClass};
use crate::types::Money;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

/// What the stores counted for one owner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measured {
    pub last_visit: Option<DateTime<Utc>>,
    /// Completed visits within `rfm::FREQUENCY_MONTHS`.
    pub visits: u32,
    /// Paid visits and approved estimates within the same months.
    pub spend: Money,
    pub has_car: bool,
    pub lowest_satisfaction: Option<i64>,
    pub lowest_recommend: Option<i64>,
    pub open_complaints: u32,
    pub overdue_complaints: u32,
}

impl Measured {
    pub fn rfm(&self, now: DateTime<Utc>) -> Rfm {
        let days_since_visit =
            self.last_visit.map(|at| u32::try_from((now - at).num_days().max(0)).unwrap_or(u32::MAX));
        Rfm { days_since_visit, visits: self.visits, spend: self.spend }
    }

    pub fn signals(&self, now: DateTime<Utc>) -> Signals {
        Signals {
            months_since_visit: self.last_visit.map(|at| whole_months(at, now)),
            has_car: self.has_car,
            lowest_satisfaction: self.lowest_satisfaction,
            lowest_recommend: self.lowest_recommend,
            open_complaints: self.open_complaints,
            overdue_complaints: self.overdue_complaints,
        }
    }
}

/// An owner's score as last computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub rfm: Rfm,
    pub class: RfmClass,
    pub signals: Signals,
    pub computed_at: DateTime<Utc>,
}

impl Score {
    pub fn of(measured: &Measured, class: RfmClass, computed_at: DateTime<Utc>) -> Self {
        Self { rfm: measured.rfm(computed_at), class, signals: measured.signals(computed_at), computed_at }
    }

    /// Why this owner may be drifting away; empty when nothing says so.
    pub fn reasons(&self) -> Vec<Reason> {
        churn::reasons(&self.signals)
    }
}

/// Calendar months from `from` to `to` that have fully passed (31 January to
/// 28 February is none; to 1 March, one); never negative.
pub fn whole_months(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    let (a, b) = (from.date_naive(), to.date_naive());
    let months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32 - i32::from(b.day() < a.day());
    u32::try_from(months).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).single().expect("a valid test date")
    }

    #[test]
    fn whole_months_count_only_months_that_have_passed() {
        assert_eq!(whole_months(day(2026, 1, 31), day(2026, 2, 28)), 0);
        assert_eq!(whole_months(day(2026, 1, 31), day(2026, 3, 1)), 1);
        assert_eq!(whole_months(day(2025, 12, 7), day(2026, 12, 6)), 11);
        assert_eq!(whole_months(day(2025, 12, 7), day(2026, 12, 7)), 12);
        assert_eq!(whole_months(day(2026, 5, 1), day(2026, 4, 1)), 0, "a visit after now is not negative");
    }

    #[test]
    fn a_score_reads_its_figures_from_the_day_it_was_computed() {
        let measured = Measured {
            last_visit: Some(day(2025, 11, 1)),
            visits: 3,
            spend: Money::from_fen(120_000),
            has_car: true,
            lowest_satisfaction: Some(2),
            open_complaints: 1,
            ..Measured::default()
        };
        let score = Score::of(&measured, RfmClass::ImportantKeep, day(2026, 12, 1));
        assert_eq!(score.rfm.days_since_visit, Some(395));
        assert_eq!(score.rfm.visits, 3);
        assert_eq!(
            score.reasons(),
            [
                Reason::OpenComplaints { open: 1, overdue: 0 },
                Reason::LowSatisfaction { score: 2 },
                Reason::NoVisit { months: 13 },
            ]
        );
        let never =
            Score::of(&Measured { has_car: true, ..Measured::default() }, RfmClass::GeneralRetain, day(2026, 12, 1));
        assert_eq!(never.rfm.days_since_visit, None);
        assert_eq!(never.reasons(), [Reason::NeverServiced]);
    }
}
