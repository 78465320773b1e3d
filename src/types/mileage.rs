//! An odometer reading in whole kilometres.

use serde::{Deserialize, Serialize};
use std::fmt;

/// No road car reaches this; a bigger number is a typing slip.
pub const MAX_KM: u32 = 2_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Km(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum KmError {
    #[error("the mileage is empty")]
    Empty,
    #[error("the mileage is whole kilometres, digits only")]
    NotANumber,
    #[error("the mileage is above {MAX_KM} km")]
    TooLarge,
}

impl Km {
    /// Accepts thousands separators people type: 12,345 / 12 345.
    pub fn parse(raw: &str) -> Result<Self, KmError> {
        let digits: String =
            raw.trim().trim_end_matches("km").chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
        if digits.is_empty() {
            return Err(KmError::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(KmError::NotANumber);
        }
        match digits.parse::<u32>() {
            Ok(km) if km <= MAX_KM => Ok(Self(km)),
            _ => Err(KmError::TooLarge),
        }
    }

    pub fn new(km: u32) -> Result<Self, KmError> {
        if km <= MAX_KM {
            Ok(Self(km))
        } else {
            Err(KmError::TooLarge)
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Km {
    type Error = KmError;
    fn try_from(km: u32) -> Result<Self, KmError> {
        Self::new(km)
    }
}

impl From<Km> for u32 {
    fn from(km: Km) -> u32 {
        km.0
    }
}

impl fmt::Display for Km {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_readings_as_typed() {
        assert_eq!(Km::parse("12,345").map(Km::get), Ok(12_345));
        assert_eq!(Km::parse(" 800km").map(Km::get), Ok(800));
        assert_eq!(Km::parse("2000000").map(Km::get), Ok(2_000_000));
        assert_eq!(Km::parse("2000001"), Err(KmError::TooLarge));
        assert_eq!(Km::parse("-5"), Err(KmError::NotANumber));
        assert_eq!(Km::parse("1.5"), Err(KmError::NotANumber));
        assert_eq!(Km::parse(""), Err(KmError::Empty));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Km>(r#"2000001"#).is_err());
        let good = serde_json::from_str::<Km>(r#"2000000"#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#"2000000"#);
    }
}
