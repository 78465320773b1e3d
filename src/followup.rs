//! Follow-up after a visit (回访): three days after completion the owner gets a
//! survey; an unhappy answer, or silence for four more days, becomes a
//! call-back task for customer care at that dealer.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// Days from completion to the survey.
pub const SURVEY_AFTER_DAYS: i64 = 3;
/// Days a survey may stay unanswered before care calls.
pub const ANSWER_WITHIN_DAYS: i64 = 4;
/// What care notes when they close a call-back task.
pub const MAX_OUTCOME_CHARS: usize = 1000;

/// A parsed answer: satisfaction 1–5, likelihood to recommend 0–10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    satisfaction: u8,
    recommend: u8,
    comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AnswerError {
    #[error("satisfaction is a score from 1 to 5")]
    Satisfaction,
    #[error("likelihood to recommend is a score from 0 to 10")]
    Recommend,
}

impl Answer {
    pub fn parse(satisfaction: &str, recommend: &str, comment: &str) -> Result<Self, AnswerError> {
        let satisfaction =
            satisfaction.trim().parse::<u8>().ok().filter(|s| (1..=5).contains(s)).ok_or(AnswerError::Satisfaction)?;
        let recommend = recommend.trim().parse::<u8>().ok().filter(|r| *r <= 10).ok_or(AnswerError::Recommend)?;
        let comment = Some(comment.trim().chars().take(1000).collect::<String>()).filter(|c| !c.is_empty());
        Ok(Self { satisfaction, recommend, comment })
    }

    /// The brand's rule: 1–2 stars or 0–6 on recommendation gets a call.
    pub fn needs_call_back(&self) -> bool {
        self.satisfaction <= 2 || self.recommend <= 6
    }

    pub fn satisfaction(&self) -> u8 {
        self.satisfaction
    }

    pub fn recommend(&self) -> u8 {
        self.recommend
    }

    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }
}

/// A survey as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub id: i64,
    pub booking_id: i64,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub visit_on: i64,
    pub answered: bool,
}

/// A call-back task as customer care sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CareTask {
    pub id: i64,
    pub kind: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_mobile: Option<String>,
    pub booking_id: i64,
    pub satisfaction: Option<i64>,
    pub recommend: Option<i64>,
    pub comment: Option<String>,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_bounded_and_low_scores_get_a_call() {
        assert_eq!(Answer::parse("0", "9", ""), Err(AnswerError::Satisfaction));
        assert_eq!(Answer::parse("6", "9", ""), Err(AnswerError::Satisfaction));
        assert_eq!(Answer::parse("5", "11", ""), Err(AnswerError::Recommend));
        assert_eq!(Answer::parse("3", "7", " ").map(|a| a.needs_call_back()), Ok(false));
        assert_eq!(Answer::parse("2", "10", "").map(|a| a.needs_call_back()), Ok(true));
        assert_eq!(Answer::parse("5", "6", "").map(|a| a.needs_call_back()), Ok(true));
    }
}
