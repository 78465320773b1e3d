//! Churn risk: the reasons to fear an owner is drifting away, each one a
//! fact staff can act on (call them, fix the complaint), never a bare score.

use serde::{Deserialize, Serialize};

/// An owner who has not come for service in this many months is at risk.
pub const NO_VISIT_MONTHS: u32 = 12;
/// A satisfaction score (1–5) at or below this, in the last year, is a warning.
pub const LOW_SATISFACTION: i64 = 2;
/// A recommendation score (0–10) at or below this is a detractor's.
pub const LOW_RECOMMEND: i64 = 6;

/// What is known of an owner that bears on churn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signals {
    /// Whole months since the last completed visit; `None` if there was none.
    pub months_since_visit: Option<u32>,
    /// Whether the owner has a car at all (no car, nothing to service).
    pub has_car: bool,
    /// The lowest satisfaction (1–5) and recommendation (0–10) in the last year.
    pub lowest_satisfaction: Option<i64>,
    pub lowest_recommend: Option<i64>,
    /// Complaints not yet resolved, and of those the ones past their SLA.
    pub open_complaints: u32,
    pub overdue_complaints: u32,
}

/// One reason, with the figure that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    NoVisit { months: u32 },
    NeverServiced,
    LowSatisfaction { score: i64 },
    Detractor { score: i64 },
    OpenComplaints { open: u32, overdue: u32 },
}

/// The reasons, most pressing first (an overdue complaint before a quiet year).
pub fn reasons(s: &Signals) -> Vec<Reason> {
    let mut found = Vec::new();
    if s.open_complaints > 0 {
        found.push(Reason::OpenComplaints { open: s.open_complaints, overdue: s.overdue_complaints });
    }
    if let Some(score) = s.lowest_satisfaction.filter(|v| *v <= LOW_SATISFACTION) {
        found.push(Reason::LowSatisfaction { score });
    }
    if let Some(score) = s.lowest_recommend.filter(|v| *v <= LOW_RECOMMEND) {
        found.push(Reason::Detractor { score });
    }
    match s.months_since_visit {
        Some(months) if months >= NO_VISIT_MONTHS => found.push(Reason::NoVisit { months }),
        None if s.has_car => found.push(Reason::NeverServiced),
        _ => {}
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_owner_seen_this_year_has_no_reason() {
        let s = Signals {
            months_since_visit: Some(11),
            has_car: true,
            lowest_satisfaction: Some(3),
            lowest_recommend: Some(7),
            ..Signals::default()
        };
        assert_eq!(reasons(&s), []);
    }

    #[test]
    fn each_reason_starts_at_its_edge_and_complaints_come_first() {
        let s = Signals {
            months_since_visit: Some(12),
            has_car: true,
            lowest_satisfaction: Some(2),
            lowest_recommend: Some(6),
            open_complaints: 2,
            overdue_complaints: 1,
        };
        assert_eq!(
            reasons(&s),
            [
                Reason::OpenComplaints { open: 2, overdue: 1 },
                Reason::LowSatisfaction { score: 2 },
                Reason::Detractor { score: 6 },
                Reason::NoVisit { months: 12 },
            ]
        );
    }

    #[test]
    fn a_car_never_serviced_is_a_reason_but_no_car_is_not() {
        let with_car = Signals { has_car: true, ..Signals::default() };
        assert_eq!(reasons(&with_car), [Reason::NeverServiced]);
        assert_eq!(reasons(&Signals::default()), []);
    }
}
