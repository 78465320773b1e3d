//! What a person signs in with: a mobile number or an e-mail address.

use super::email::{Email, EmailError};
use super::mobile::{Mobile, MobileError};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Identifier {
    Mobile(Mobile),
    Email(Email),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum IdentifierError {
    #[error("enter a mobile number or an e-mail address")]
    Empty,
    #[error(transparent)]
    Mobile(MobileError),
    #[error(transparent)]
    Email(EmailError),
}

impl Identifier {
    /// Anything with an `@` is meant as an e-mail address; the rest as a mobile number.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            Err(IdentifierError::Empty)
        } else if trimmed.contains('@') {
            Email::parse(trimmed).map(Self::Email).map_err(IdentifierError::Email)
        } else {
            Mobile::parse(trimmed).map(Self::Mobile).map_err(IdentifierError::Mobile)
        }
    }

    /// The key login throttling counts failures under.
    pub fn key(&self) -> String {
        match self {
            Self::Mobile(m) => format!("mobile:{m}"),
            Self::Email(e) => format!("email:{e}"),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Mobile(m) => m.fmt(f),
            Self::Email(e) => e.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_at_sign_means_email_otherwise_mobile() {
        assert!(matches!(Identifier::parse("a@b.cn"), Ok(Identifier::Email(_))));
        assert!(matches!(Identifier::parse("13900001111"), Ok(Identifier::Mobile(_))));
        assert_eq!(Identifier::parse("1390000"), Err(IdentifierError::Mobile(MobileError::NotMainland)));
        assert_eq!(Identifier::parse("a@b"), Err(IdentifierError::Email(EmailError::Malformed)));
        assert_eq!(Identifier::parse(" "), Err(IdentifierError::Empty));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Identifier>(r#""1390000""#).is_err());
        let good = serde_json::from_str::<Identifier>(r#""a@b.cn""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""a@b.cn""#);
    }
}
