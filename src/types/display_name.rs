//! The name a person is greeted by (张伟, Li Wei).

use serde::{Deserialize, Serialize};
use std::fmt;

pub const MAX_NAME_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DisplayNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name has more than {MAX_NAME_CHARS} characters")]
    TooLong,
    #[error("the name contains control characters")]
    ControlCharacters,
}

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            Err(DisplayNameError::Empty)
        } else if trimmed.chars().count() > MAX_NAME_CHARS {
            Err(DisplayNameError::TooLong)
        } else if trimmed.chars().any(char::is_control) {
            Err(DisplayNameError::ControlCharacters)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds_the_name() {
        assert_eq!(DisplayName::parse("  张伟 ").map(|n| n.to_string()), Ok("张伟".into()));
        assert_eq!(DisplayName::parse(" "), Err(DisplayNameError::Empty));
        assert!(DisplayName::parse(&"名".repeat(40)).is_ok());
        assert_eq!(DisplayName::parse(&"名".repeat(41)), Err(DisplayNameError::TooLong));
        assert_eq!(DisplayName::parse("a\u{0007}b"), Err(DisplayNameError::ControlCharacters));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<DisplayName>(r#""  ""#).is_err());
        let good = serde_json::from_str::<DisplayName>(r#""张伟""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""张伟""#);
    }
}
