//! A mainland China mobile number (11 digits, 1[3-9]…), stored without prefix.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum MobileError {
    #[error("the mobile number is empty")]
    Empty,
    #[error("a mainland mobile number has 11 digits starting 13–19")]
    NotMainland,
}

impl Mobile {
    /// Accepts the ways people type a number: spaces, dashes, a +86 / 0086 prefix.
    pub fn parse(raw: &str) -> Result<Self, MobileError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.is_empty() {
            return Err(MobileError::Empty);
        }
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .or_else(|| (compact.len() == 13).then(|| compact.strip_prefix("86")).flatten())
            .unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let well_formed = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if well_formed {
            Ok(Self(digits.to_owned()))
        } else {
            Err(MobileError::NotMainland)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****5678: enough for the owner to recognise it, not enough to harvest.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_spellings_of_the_same_number() {
        for raw in ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678", "8613812345678"] {
            assert_eq!(Mobile::parse(raw).map(|m| m.to_string()), Ok("13812345678".into()), "{raw}");
        }
    }

    #[test]
    fn refuses_numbers_that_are_not_mainland_mobiles() {
        for raw in ["1381234567", "138123456789", "12812345678", "23812345678", "1381234567x", "+1 415 555 0100"] {
            assert_eq!(Mobile::parse(raw), Err(MobileError::NotMainland), "{raw}");
        }
        assert_eq!(Mobile::parse("  "), Err(MobileError::Empty));
    }

    #[test]
    fn masks_the_middle_digits() {
        assert_eq!(Mobile::parse("13812345678").map(|m| m.masked()), Ok("138****5678".into()));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Mobile>(r#""12812345678""#).is_err());
        let good = serde_json::from_str::<Mobile>(r#""13812345678""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""13812345678""#);
    }
}
