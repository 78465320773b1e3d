//! One-time codes that prove a person holds a mobile number or e-mail address:
//! to register, to reset a password, and to put a new contact on an account.
//! A code has 6 digits, lives 10 minutes and takes at most 5 tries; only a hash
//! of it is stored. The outbox message carries the code, as an SMS would.

use crate::notify::notice::Notice;
use crate::notify::outbox::Channel;
use crate::types::Identifier;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

pub(crate) mod code_error;
pub(crate) mod purpose;
#[cfg(feature = "ssr")]
pub mod store;

pub use code_error::CodeError;
pub use purpose::Purpose;

pub const CODE_DIGITS: usize = 6;
/// A code works for this long after it is sent.
pub const VALID_MINUTES: i64 = 10;
/// Tries one code takes, right or wrong; after them it is spent.
pub const MAX_TRIES: i64 = 5;

/// Six digits as typed (spaces and dashes between them are fine).
#[derive(Clone, PartialEq, Eq)]
pub struct Code(String);

impl Code {
    pub fn parse(raw: &str) -> Result<Self, CodeError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(digits))
        } else {
            Err(CodeError::Malformed)
        }
    }

    /// A fresh code from the operating system's random source.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::Rng;
        Self(format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Codes stay out of logs.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(******)")
    }
}

/// A sent code as the store knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenge {
    pub expires_at: DateTime<Utc>,
    /// Tries made so far.
    pub tries: i64,
    pub used: bool,
}

impl Challenge {
    pub fn new(sent_at: DateTime<Utc>) -> Self {
        Self { expires_at: sent_at + Duration::minutes(VALID_MINUTES), tries: 0, used: false }
    }

    /// Whether one more try may be made at `now` (the try counts whatever its outcome).
    pub fn may_try(&self, now: DateTime<Utc>) -> Result<(), CodeError> {
        if self.used {
            Err(CodeError::Used)
        } else if now >= self.expires_at {
            Err(CodeError::Expired)
        } else if self.tries >= MAX_TRIES {
            Err(CodeError::TooManyTries)
        } else {
            Ok(())
        }
    }

    /// Whether a fresh code may replace this one ("no code?"): whenever the
    /// code has not been used, expired or tried out included, as those are
    /// why a person asks again. Asking is throttled like the first request.
    pub fn may_resend(&self) -> Result<(), CodeError> {
        if self.used {
            Err(CodeError::Used)
        } else {
            Ok(())
        }
    }

    /// The answer to a try whose code `matches` or not.
    pub fn judge(&self, now: DateTime<Utc>, matches: bool) -> Result<(), CodeError> {
        self.may_try(now)?;
        if matches {
            Ok(())
        } else {
            Err(CodeError::Wrong)
        }
    }
}

/// A new mobile or e-mail waiting for its code before it goes on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingContact {
    pub id: i64,
    pub channel: Channel,
    pub recipient: String,
}

/// The channel a code or notice for `identifier` goes by.
pub fn channel_of(identifier: &Identifier) -> Channel {
    match identifier {
        Identifier::Mobile(_) => Channel::Sms,
        Identifier::Email(_) => Channel::Email,
    }
}

/// The message that carries a code.
pub fn code_notice(purpose: Purpose, code: &Code) -> Notice {
    Notice::VerificationCode { purpose, code: code.as_str().to_owned() }
}

/// Sent to the old contact when an account's mobile or e-mail changes; the new
/// one is masked, as the old contact's holder may not be the account's.
pub fn contact_changed_notice(channel: Channel, new: Option<&str>) -> Notice {
    Notice::ContactChanged { channel, now: new.map(mask) }
}

/// A contact shown to someone who may not be its holder: the first three and
/// last four digits of a number, the first letter and domain of an address.
pub fn mask(contact: &str) -> String {
    match contact.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None if contact.len() == 11 && contact.is_ascii() => format!("{}****{}", &contact[..3], &contact[7..]),
        None => "****".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    const SENT: i64 = 1_800_000_000_000;

    #[test]
    fn a_code_is_six_digits_however_spaced() {
        assert_eq!(Code::parse(" 123 456 ").map(|c| c.as_str().to_owned()), Ok("123456".to_owned()));
        assert_eq!(Code::parse("123-456").map(|c| c.as_str().to_owned()), Ok("123456".to_owned()));
        assert_eq!(Code::parse("12345"), Err(CodeError::Malformed));
        assert_eq!(Code::parse("1234567"), Err(CodeError::Malformed));
        assert_eq!(Code::parse("12345a"), Err(CodeError::Malformed));
        assert_eq!(Code::parse("１２３４５６"), Err(CodeError::Malformed), "full-width digits are not ASCII");
        assert_eq!(Code::parse(""), Err(CodeError::Malformed));
    }

    #[test]
    fn a_code_works_until_the_tenth_minute_and_not_at_it() {
        let challenge = Challenge::new(at(SENT));
        let ten_minutes = Duration::minutes(VALID_MINUTES).num_milliseconds();
        assert_eq!(challenge.judge(at(SENT + ten_minutes - 1), true), Ok(()));
        assert_eq!(challenge.judge(at(SENT + ten_minutes), true), Err(CodeError::Expired));
    }

    #[test]
    fn the_fifth_try_is_the_last() {
        let fourth_made = Challenge { tries: MAX_TRIES - 1, ..Challenge::new(at(SENT)) };
        assert_eq!(fourth_made.judge(at(SENT), true), Ok(()), "the fifth try may still be right");
        let fifth_made = Challenge { tries: MAX_TRIES, ..fourth_made };
        assert_eq!(fifth_made.judge(at(SENT), true), Err(CodeError::TooManyTries), "even the right code, after five");
    }

    #[test]
    fn a_wrong_code_is_refused_and_a_used_one_never_works_again() {
        let challenge = Challenge::new(at(SENT));
        assert_eq!(challenge.judge(at(SENT), false), Err(CodeError::Wrong));
        let used = Challenge { used: true, ..challenge };
        assert_eq!(used.judge(at(SENT), true), Err(CodeError::Used));
    }

    #[test]
    fn a_fresh_code_replaces_an_unused_one_even_expired_or_tried_out_but_never_a_used_one() {
        let challenge = Challenge::new(at(SENT));
        assert_eq!(challenge.may_resend(), Ok(()));
        let tried_out = Challenge { tries: MAX_TRIES, ..challenge };
        assert_eq!(tried_out.may_resend(), Ok(()));
        let expired = Challenge { expires_at: at(SENT), ..challenge };
        assert_eq!(expired.may_try(at(SENT)), Err(CodeError::Expired));
        assert_eq!(expired.may_resend(), Ok(()));
        let used = Challenge { used: true, ..challenge };
        assert_eq!(used.may_resend(), Err(CodeError::Used));
    }

    #[test]
    fn the_message_carries_the_code_and_the_warning_carries_none() {
        let code = Code::parse("042917").unwrap_or_else(|_| Code(String::new()));
        let message = code_notice(Purpose::Register, &code);
        let (zh, en) = (message.text(Lang::Zh), message.text(Lang::En));
        assert!(zh.contains("042917") && en.contains("042917"));
        assert!(en.starts_with("Meridian") && zh.starts_with("【子午汽车】"));
        for lang in [Lang::Zh, Lang::En] {
            assert!(!Notice::ContactTaken.text(lang).chars().any(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn contacts_are_masked_for_the_old_contact() {
        assert_eq!(mask("13912345678"), "139****5678");
        assert_eq!(mask("li.na@example.com"), "l***@example.com");
        assert_eq!(mask("weird"), "****");
    }
}
