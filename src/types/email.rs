//! An e-mail address, lower-cased so that one person has one account.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than 254 characters")]
    TooLong,
    #[error("the e-mail address is not of the form name@example.com")]
    Malformed,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.split_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(trimmed.to_ascii_lowercase()))
        } else {
            Err(EmailError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(Email::parse("  Li.Wei@Example.COM ").map(|e| e.to_string()), Ok("li.wei@example.com".into()));
    }

    #[test]
    fn refuses_addresses_without_a_real_domain() {
        for raw in [
            "li",
            "li@",
            "@example.com",
            "li@example",
            "li@exa mple.com",
            "li..wei@example.com",
            "li@-example.com",
            "李@example.com",
        ] {
            assert_eq!(Email::parse(raw), Err(EmailError::Malformed), "{raw}");
        }
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse(&format!("{}@example.com", "a".repeat(250))), Err(EmailError::TooLong));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Email>(r#""a@b""#).is_err());
        let good = serde_json::from_str::<Email>(r#""a@b.cn""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""a@b.cn""#);
    }
}
