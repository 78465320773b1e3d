//! RFM value classes: how recently an owner last came for service, how often
//! in the last 24 months, and how much they spent, each compared with the
//! average owner, give the eight classes CRM teams use ("重要价值客户" …).

use crate::types::Money;
use serde::{Deserialize, Serialize};

/// Visits counted for frequency: the last 24 months.
pub const FREQUENCY_MONTHS: u32 = 24;

/// One owner's recency, frequency and spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rfm {
    /// Days since the last completed visit; `None` if there was none.
    pub days_since_visit: Option<u32>,
    /// Completed visits in the last `FREQUENCY_MONTHS`.
    pub visits: u32,
    /// Spent on repair orders and approved estimates in the same months.
    pub spend: Money,
}

/// The averages an owner is compared with: at the average counts as high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Recent: the last visit at most this many days ago (the average among owners who came).
    pub recent_within_days: f64,
    pub frequent_from: f64,
    pub valuable_from_fen: f64,
}

impl Thresholds {
    /// The averages over `owners`; `None` when there is no owner to average.
    pub fn of_population<'a>(owners: impl IntoIterator<Item = &'a Rfm>) -> Option<Self> {
        let (mut count, mut visits, mut spend, mut came, mut days) = (0u64, 0u64, 0i64, 0u64, 0u64);
        for owner in owners {
            count += 1;
            visits += u64::from(owner.visits);
            spend += owner.spend.fen();
            if let Some(d) = owner.days_since_visit {
                came += 1;
                days += u64::from(d);
            }
        }
        (count > 0).then(|| Self {
            recent_within_days: if came > 0 { days as f64 / came as f64 } else { 0.0 },
            frequent_from: visits as f64 / count as f64,
            valuable_from_fen: spend as f64 / count as f64,
        })
    }
}

stored_enum! {
    /// The eight classes: spend decides "important" or "general", then recency
    /// and frequency say whether to value, keep, develop or win back.
    pub enum RfmClass {
        /// Recent, frequent, high spend: 重要价值客户.
        ImportantValue = "important_value",
        /// Frequent, high spend, but not recent: 重要保持客户.
        ImportantKeep = "important_keep",
        /// Recent, high spend, seldom: 重要发展客户.
        ImportantDevelop = "important_develop",
        /// High spend, neither recent nor frequent: 重要挽留客户.
        ImportantRetain = "important_retain",
        GeneralValue = "general_value",
        GeneralKeep = "general_keep",
        GeneralDevelop = "general_develop",
        GeneralRetain = "general_retain",
    }
}

impl RfmClass {
    pub fn of(owner: &Rfm, t: &Thresholds) -> Self {
        let recent = owner.days_since_visit.is_some_and(|d| f64::from(d) <= t.recent_within_days);
        let frequent = f64::from(owner.visits) >= t.frequent_from && owner.visits > 0;
        let valuable = owner.spend.fen() as f64 >= t.valuable_from_fen && owner.spend.fen() > 0;
        match (valuable, recent, frequent) {
            (true, true, true) => Self::ImportantValue,
            (true, false, true) => Self::ImportantKeep,
            (true, true, false) => Self::ImportantDevelop,
            (true, false, false) => Self::ImportantRetain,
            (false, true, true) => Self::GeneralValue,
            (false, false, true) => Self::GeneralKeep,
            (false, true, false) => Self::GeneralDevelop,
            (false, false, false) => Self::GeneralRetain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(days: Option<u32>, visits: u32, yuan: i64) -> Rfm {
        Rfm { days_since_visit: days, visits, spend: Money::from_fen(yuan * 100) }
    }

    #[test]
    fn the_thresholds_are_the_population_averages() {
        let owners = [owner(Some(30), 4, 6000), owner(Some(90), 2, 2000), owner(None, 0, 0)];
        let t = Thresholds::of_population(&owners).expect("three owners");
        // Recency averages only those who came: (30 + 90) / 2.
        assert_eq!(t.recent_within_days, 60.0);
        assert_eq!(t.frequent_from, 2.0);
        assert_eq!(t.valuable_from_fen, 266_666.666_666_666_7);
        assert_eq!(Thresholds::of_population(&[]), None);
    }

    #[test]
    fn each_of_the_eight_classes_and_the_average_counts_as_high() {
        let t = Thresholds { recent_within_days: 60.0, frequent_from: 2.0, valuable_from_fen: 300_000.0 };
        let class = |days, visits, yuan| RfmClass::of(&owner(days, visits, yuan), &t);
        // Exactly at every average: the best class.
        assert_eq!(class(Some(60), 2, 3000), RfmClass::ImportantValue);
        assert_eq!(class(Some(61), 2, 3000), RfmClass::ImportantKeep);
        assert_eq!(class(Some(10), 1, 3000), RfmClass::ImportantDevelop);
        assert_eq!(class(Some(400), 1, 9000), RfmClass::ImportantRetain);
        assert_eq!(class(Some(10), 5, 2999), RfmClass::GeneralValue);
        assert_eq!(class(Some(200), 3, 100), RfmClass::GeneralKeep);
        assert_eq!(class(Some(1), 1, 0), RfmClass::GeneralDevelop);
        assert_eq!(class(None, 0, 0), RfmClass::GeneralRetain);
    }

    #[test]
    fn an_empty_population_makes_nobody_valuable_for_nothing() {
        // Averages of zero: an owner with no visit and no spend is not "frequent" or "valuable".
        let t = Thresholds { recent_within_days: 0.0, frequent_from: 0.0, valuable_from_fen: 0.0 };
        assert_eq!(RfmClass::of(&owner(None, 0, 0), &t), RfmClass::GeneralRetain);
        assert_eq!(RfmClass::ALL.len(), 8);
        assert_eq!(RfmClass::parse("important_retain"), Some(RfmClass::ImportantRetain));
    }
}
