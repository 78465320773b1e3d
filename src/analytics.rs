//! What the brand measures about its customers: satisfaction (CSAT, NPS),
//! shares and spreads of times, RFM value classes and churn risk. Pure
//! arithmetic over counts the stores gather, so every figure can be checked
//! against a small dataset computed by hand.

pub mod churn;
pub mod figures;
pub mod rfm;
pub mod satisfaction;
pub mod score;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// A part of a whole ("SLA met in 45 of 50 cases"); no share of nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub part: u64,
    pub whole: u64,
}

impl Share {
    pub fn new(part: u64, whole: u64) -> Self {
        Self { part: part.min(whole), whole }
    }

    /// Counts one more item, in the part when `counted`.
    pub fn add(&mut self, counted: bool) {
        self.whole += 1;
        self.part += u64::from(counted);
    }

    /// Per cent, or `None` when there is nothing to take a share of.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 * 100.0 / self.whole as f64)
    }
}

/// The value at `per_cent` (0–100) of `sorted` by the nearest-rank method (the
/// median is 50, p90 is 90): always a value that occurred, never an average of two.
pub fn percentile<T: Copy>(sorted: &[T], per_cent: u8) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (usize::from(per_cent.min(100)) * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_nothing_is_no_figure_and_a_part_never_exceeds_its_whole() {
        assert_eq!(Share::default().percent(), None);
        assert_eq!(Share::new(45, 50).percent(), Some(90.0));
        assert_eq!(Share::new(7, 5), Share { part: 5, whole: 5 });
        let mut met = Share::default();
        for counted in [true, false, true, true] {
            met.add(counted);
        }
        assert_eq!(met.percent(), Some(75.0));
    }

    #[test]
    fn percentiles_are_values_that_occurred_by_nearest_rank() {
        let hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(percentile(&hours, 50), Some(5));
        assert_eq!(percentile(&hours, 90), Some(9));
        assert_eq!(percentile(&hours, 100), Some(10));
        assert_eq!(percentile(&hours, 0), Some(1));
        assert_eq!(percentile(&[42], 90), Some(42));
        assert_eq!(percentile::<i64>(&[], 50), None);
        // Odd count: the middle one.
        assert_eq!(percentile(&[3, 8, 20], 50), Some(8));
    }
}
