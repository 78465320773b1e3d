//! Finding a customer from whatever a caller gives: a name, part of a mobile
//! number, an e-mail, part of a VIN or a plate, or the number of a case, a
//! booking or a lead. One box, parsed into everything the text could mean.

pub mod card;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Characters a search needs before it runs (a single letter finds everyone).
pub const MIN_CHARS: usize = 2;
/// Digits of a mobile number that make a useful part (the last four, say).
pub const MIN_PHONE_DIGITS: usize = 4;
/// Characters of a VIN or plate that make a useful part.
pub const MIN_VEHICLE_CHARS: usize = 5;
/// At most this many customers answer a search: staff narrow it, not scroll.
pub const MAX_RESULTS: i64 = 25;

/// One thing the text could mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Needle {
    /// A case, booking or lead number (`#123` or `123`).
    Reference(i64),
    /// Digits of a mobile number, anywhere in it.
    Phone(String),
    /// Part of an e-mail address, lower-cased.
    Email(String),
    /// Part of a VIN or a plate, upper-cased.
    Vehicle(String),
    /// Part of a name, as typed.
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("type at least two characters")]
    TooShort,
}

/// A search as parsed: the text (for the box) and what it could mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    pub text: String,
    pub needles: Vec<Needle>,
}

impl Query {
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() < MIN_CHARS {
            return Err(QueryError::TooShort);
        }
        let mut needles = Vec::new();
        let number = text.strip_prefix('#').unwrap_or(&text);
        if !number.is_empty() && number.len() <= 10 && number.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = number.parse() {
                needles.push(Needle::Reference(n));
            }
        }
        if text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+')) {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            // A number typed with the country code is stored without it.
            let digits = match digits.strip_prefix("86") {
                Some(rest) if text.starts_with('+') => rest.to_owned(),
                _ => digits,
            };
            if digits.len() >= MIN_PHONE_DIGITS {
                needles.push(Needle::Phone(digits));
            }
        }
        if text.contains('@') {
            needles.push(Needle::Email(text.to_lowercase()));
        }
        let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '·')).collect();
        // Digits typed in groups are a phone number; bare digits may end a VIN.
        let grouped_digits = !compact.chars().any(|c| c.is_alphabetic()) && compact != text;
        if !grouped_digits
            && compact.chars().count() >= MIN_VEHICLE_CHARS
            && compact.chars().count() <= 17
            && compact.chars().any(|c| c.is_ascii_digit())
            && compact.chars().all(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        {
            needles.push(Needle::Vehicle(compact.to_uppercase()));
        }
        if !text.chars().any(|c| c.is_ascii_digit()) && !text.contains('@') {
            needles.push(Needle::Name(text.clone()));
        }
        Ok(Self { text, needles })
    }
}

/// What a search found by: shown beside the customer so staff see why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Match {
    Name,
    Mobile,
    Email,
    Vin,
    Plate,
    Case,
    Booking,
    Lead,
}

/// A customer a search found, as the desk may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// The account; `None` for a prospect known only by a lead.
    pub owner: Option<i64>,
    /// The lead, for a prospect (or the number searched for).
    pub lead: Option<i64>,
    pub name: String,
    /// Contacts as the desk may see them (masked, or none).
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub city: Option<String>,
    /// Cars owned now: VIN and plate.
    pub cars: Vec<(String, Option<String>)>,
    pub matched: Vec<Match>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(raw: &str) -> Vec<Needle> {
        Query::parse(raw).map(|q| q.needles).unwrap_or_default()
    }

    #[test]
    fn too_little_to_search_is_refused() {
        assert_eq!(Query::parse(" 李 "), Err(QueryError::TooShort));
        assert_eq!(Query::parse(""), Err(QueryError::TooShort));
        assert!(Query::parse("李伟").is_ok());
    }

    #[test]
    fn a_name_is_a_name_in_either_script() {
        assert_eq!(needles("  李伟 "), [Needle::Name("李伟".into())]);
        assert_eq!(needles("Emily   Zhang"), [Needle::Name("Emily Zhang".into())]);
    }

    #[test]
    fn digits_are_a_number_and_a_part_of_a_mobile() {
        assert_eq!(needles("#12"), [Needle::Reference(12)]);
        assert_eq!(needles("0002"), [Needle::Reference(2), Needle::Phone("0002".into())]);
        assert_eq!(needles("138 0000 0002"), [Needle::Phone("13800000002".into())]);
        assert_eq!(needles("+86 138-0000-0002"), [Needle::Phone("13800000002".into())]);
        // Eleven digits: a mobile, and (as a number too long for ours) also a reference.
        assert_eq!(
            needles("13800000002"),
            [Needle::Phone("13800000002".into()), Needle::Vehicle("13800000002".into())]
        );
    }

    #[test]
    fn part_of_a_vin_or_a_plate_is_a_vehicle() {
        assert_eq!(needles("lmr0a"), [Needle::Vehicle("LMR0A".into())]);
        assert_eq!(needles("沪A·12345"), [Needle::Vehicle("沪A12345".into())]);
        // Six digits, the end of a VIN: a number, a mobile part and a vehicle part.
        assert_eq!(
            needles("123456"),
            [Needle::Reference(123_456), Needle::Phone("123456".into()), Needle::Vehicle("123456".into())]
        );
        // Too short for a vehicle, and not a name either: it has a digit.
        assert_eq!(needles("A12"), []);
    }

    #[test]
    fn an_address_is_an_email() {
        assert_eq!(needles("Chen.Jie@Example.com"), [Needle::Email("chen.jie@example.com".into())]);
    }
}
