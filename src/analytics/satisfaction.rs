//! Satisfaction as the brand reports it: CSAT from 1–5 scores (the mean, and
//! the share of 4s and 5s) and NPS from 0–10 answers (promoters 9–10 minus
//! detractors 0–6, in points from -100 to 100).

use super::Share;
use serde::{Deserialize, Serialize};

/// 1–5 answers, counted by score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Csat {
    /// `by_score[0]` counts the 1s, `by_score[4]` the 5s.
    by_score: [u64; 5],
}

impl Csat {
    /// Counts an answer; a score outside 1–5 is not an answer and is refused.
    pub fn add(&mut self, score: i64) -> bool {
        match usize::try_from(score).ok().filter(|s| (1..=5).contains(s)) {
            Some(s) => {
                self.by_score[s - 1] += 1;
                true
            }
            None => false,
        }
    }

    pub fn merge(&mut self, other: &Csat) {
        for (mine, theirs) in self.by_score.iter_mut().zip(other.by_score) {
            *mine += theirs;
        }
    }

    pub fn answers(&self) -> u64 {
        self.by_score.iter().sum()
    }

    pub fn mean(&self) -> Option<f64> {
        let answers = self.answers();
        let total: u64 = self.by_score.iter().zip(1u64..).map(|(count, score)| count * score).sum();
        (answers > 0).then(|| total as f64 / answers as f64)
    }

    /// The share that answered 4 or 5.
    pub fn satisfied(&self) -> Share {
        Share::new(self.by_score[3] + self.by_score[4], self.answers())
    }
}

/// 0–10 answers to "how likely are you to recommend us", by group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nps {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
}

impl Nps {
    /// Counts an answer; a score outside 0–10 is refused.
    pub fn add(&mut self, score: i64) -> bool {
        match score {
            9..=10 => self.promoters += 1,
            7..=8 => self.passives += 1,
            0..=6 => self.detractors += 1,
            _ => return false,
        }
        true
    }

    pub fn merge(&mut self, other: &Nps) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
    }

    pub fn answers(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// Promoters' share minus detractors' share, in points (-100 to 100).
    pub fn score(&self) -> Option<f64> {
        let answers = self.answers();
        (answers > 0).then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / answers as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_is_the_mean_and_the_share_of_fours_and_fives() {
        let mut csat = Csat::default();
        for score in [5, 4, 4, 3, 1] {
            assert!(csat.add(score));
        }
        assert!(!csat.add(0));
        assert!(!csat.add(6));
        assert_eq!(csat.answers(), 5);
        // (5 + 4 + 4 + 3 + 1) / 5
        assert_eq!(csat.mean(), Some(3.4));
        assert_eq!(csat.satisfied(), Share { part: 3, whole: 5 });
        assert_eq!(Csat::default().mean(), None);
    }

    #[test]
    fn nps_counts_nine_and_ten_as_promoters_and_six_and_below_as_detractors() {
        let mut nps = Nps::default();
        // Edges of each group: 6 detracts, 7 and 8 are passive, 9 promotes.
        for score in [10, 9, 9, 8, 7, 6, 0, 10, 10, 3] {
            assert!(nps.add(score));
        }
        assert!(!nps.add(11));
        assert!(!nps.add(-1));
        assert_eq!(nps, Nps { promoters: 5, passives: 2, detractors: 3 });
        // 50 % promoters - 30 % detractors
        assert_eq!(nps.score(), Some(20.0));
        assert_eq!(Nps::default().score(), None);
    }

    #[test]
    fn merged_counts_equal_counting_everything_at_once() {
        let (mut a, mut b, mut all) = (Nps::default(), Nps::default(), Nps::default());
        for s in [10, 2, 8] {
            a.add(s);
            all.add(s);
        }
        for s in [9, 9] {
            b.add(s);
            all.add(s);
        }
        a.merge(&b);
        assert_eq!(a, all);
        let (mut c, mut d) = (Csat::default(), Csat::default());
        c.add(5);
        d.add(1);
        c.merge(&d);
        assert_eq!(c.mean(), Some(3.0));
    }
}
