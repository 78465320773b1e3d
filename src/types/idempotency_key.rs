//! What makes a write happen once: a unique column holds the key, and a second
//! write with the same key is answered with the first one's result (or not
//! written at all). A key is either sent by a form or made from what the write
//! records.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A form's key as the browser made it, before it is scoped.
pub const MAX_SUBMITTED_KEY_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdempotencyKeyError {
    #[error("the form sent no idempotency key")]
    Missing,
    #[error("the form's idempotency key is longer than {MAX_SUBMITTED_KEY_CHARS} characters")]
    TooLong,
}

impl IdempotencyKey {
    /// A form's key (a fresh random value in each form shown), scoped to who
    /// submits it: the same key from two people is two submits, the same key
    /// from one person twice is one.
    pub fn submitted(scope: impl fmt::Display, raw: &str) -> Result<Self, IdempotencyKeyError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(IdempotencyKeyError::Missing);
        }
        if raw.chars().count() > MAX_SUBMITTED_KEY_CHARS {
            return Err(IdempotencyKeyError::TooLong);
        }
        Ok(Self(format!("{scope}:{raw}")))
    }

    /// A key made of what the write records (a fact and a person, a lot and
    /// its expiry), the parts joined by `:`.
    pub fn of(parts: &[&(dyn fmt::Display + Sync)]) -> Self {
        Self(parts.iter().map(ToString::to_string).collect::<Vec<_>>().join(":"))
    }

    /// A key for a write that is new every time (an admin's adjustment): the
    /// parts and a random tail.
    #[cfg(feature = "ssr")]
    pub fn unique(parts: &[&(dyn fmt::Display + Sync)]) -> Self {
        let tail = super::code::random(super::code::ALPHANUMERIC, 16);
        let mut key = Self::of(parts);
        key.0 = format!("{}:{tail}", key.0);
        key
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_key_is_scoped_to_who_sent_it() {
        assert_eq!(IdempotencyKey::submitted(7, " k1 ").map(|k| k.0), Ok("7:k1".into()));
        assert_eq!(IdempotencyKey::submitted("phone:3", "k1").map(|k| k.0), Ok("phone:3:k1".into()));
        assert_eq!(IdempotencyKey::submitted(7, "  "), Err(IdempotencyKeyError::Missing));
        let longest = "k".repeat(MAX_SUBMITTED_KEY_CHARS);
        assert!(IdempotencyKey::submitted(7, &longest).is_ok());
        assert_eq!(IdempotencyKey::submitted(7, &format!("{longest}k")), Err(IdempotencyKeyError::TooLong));
    }

    #[test]
    fn a_made_key_joins_its_parts() {
        assert_eq!(IdempotencyKey::of(&[&"club_liked", &"post:3", &"user", &5]).as_str(), "club_liked:post:3:user:5");
    }
}
