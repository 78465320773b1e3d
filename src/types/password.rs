//! A new password as chosen by its owner; only its hash is ever stored.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PasswordError {
    #[error("the password has fewer than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password has more than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("the password needs both letters and digits")]
    TooSimple,
    #[error("the password is one of the most common ones")]
    Common,
}

/// The 10,000 most common passwords (zxcvbn's list, from leaked sets; MIT
/// licence) and Chinese favourites such as `woaini1314`, one per line, lower case.
#[cfg(feature = "ssr")]
const COMMON: &str = include_str!("password/common.txt");

/// Whether `raw` is on the common list (case ignored). Only the server asks:
/// the list would cost the browser's download about 30 KB.
#[cfg(feature = "ssr")]
fn is_common(raw: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| COMMON.lines().collect()).contains(raw.to_lowercase().as_str())
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > MAX_PASSWORD_CHARS {
            Err(PasswordError::TooLong)
        } else if !(raw.chars().any(char::is_alphabetic) && raw.chars().any(|c| c.is_ascii_digit())) {
            Err(PasswordError::TooSimple)
        } else if Self::common(raw) {
            Err(PasswordError::Common)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    #[cfg(feature = "ssr")]
    fn common(raw: &str) -> bool {
        is_common(raw)
    }

    /// The browser does not carry the list; the server, which parses again, does.
    #[cfg(not(feature = "ssr"))]
    fn common(_: &str) -> bool {
        false
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A strong random password (20 letters and digits, both kinds present),
    /// for accounts made from the command line.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::distributions::{Alphanumeric, DistString};
        loop {
            let candidate = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20);
            if let Ok(password) = Self::parse(&candidate) {
                return password;
            }
        }
    }
}

/// Never print a password, not even in a debug log.
impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_at_both_edges() {
        assert_eq!(Password::parse("abc1234"), Err(PasswordError::TooShort));
        assert!(Password::parse("abd12346").is_ok());
        assert!(Password::parse("密码密码密码12").is_ok());
        assert!(Password::parse(&format!("a1{}", "x".repeat(126))).is_ok());
        assert_eq!(Password::parse(&format!("a1{}", "x".repeat(127))), Err(PasswordError::TooLong));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_most_common_passwords_are_refused_whatever_their_case() {
        for common in ["woaini1314", "WoAiNi1314", "password1", "qwer1234", "a12345678", "1qaz2wsx"] {
            assert_eq!(Password::parse(common), Err(PasswordError::Common), "{common}");
        }
        assert!(Password::parse("meridian-s5-2026").is_ok());
    }

    #[test]
    fn needs_letters_and_digits() {
        assert_eq!(Password::parse("abcdefghij"), Err(PasswordError::TooSimple));
        assert_eq!(Password::parse("1234567890"), Err(PasswordError::TooSimple));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let password = Password::parse("secret123").map(|p| format!("{p:?}"));
        assert_eq!(password, Ok("Password(***)".into()));
    }
}
