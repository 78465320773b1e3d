//! An amount of renminbi, kept in fen so sums are exact.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum MoneyError {
    #[error("the amount is not a number of yuan like 1280 or 1280.50")]
    Malformed,
    #[error("the amount is out of range")]
    OutOfRange,
}

impl Money {
    /// Parses yuan as typed: "1280", "1,280.5", "¥1280.50"; at most two decimals.
    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let cleaned: String =
            raw.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',' && *c != ' ').collect();
        let (yuan, fen) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        if yuan.is_empty()
            || !yuan.bytes().all(|b| b.is_ascii_digit())
            || fen.len() > 2
            || !fen.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(MoneyError::Malformed);
        }
        let yuan: i64 = yuan.parse().map_err(|_| MoneyError::OutOfRange)?;
        let fen: i64 = format!("{fen:0<2}").parse().map_err(|_| MoneyError::Malformed)?;
        yuan.checked_mul(100)
            .and_then(|y| y.checked_add(fen))
            .filter(|v| *v <= 10_000_000_000)
            .map(Self)
            .ok_or(MoneyError::OutOfRange)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn from_fen(fen: i64) -> Self {
        Self(fen)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan_as_typed_into_exact_fen() {
        assert_eq!(Money::parse("1280").map(Money::fen), Ok(128_000));
        assert_eq!(Money::parse("¥1,280.5").map(Money::fen), Ok(128_050));
        assert_eq!(Money::parse("0.05").map(Money::fen), Ok(5));
        assert_eq!(Money::parse("12.345"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("-3"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse(""), Err(MoneyError::Malformed));
        assert_eq!(Money::from_fen(128_050).to_string(), "¥1280.50");
    }
}
