//! A vehicle identification number: 17 characters, no I/O/Q, and the ISO 3779
//! check digit at position 9 (required for vehicles sold in China, GB 16735).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vin(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum VinError {
    #[error("the VIN is empty")]
    Empty,
    #[error("a VIN has 17 characters, this has {0}")]
    WrongLength(usize),
    /// I, O and Q are never used: they are too easily read as 1 and 0.
    #[error("the letter {letter} at position {position} is never used in a VIN")]
    LetterNotAllowed { position: usize, letter: char },
    #[error("the character at position {0} is not a letter or digit")]
    NotAlphanumeric(usize),
    #[error("the check digit (position 9) should be {expected}, not {found}")]
    CheckDigit { expected: char, found: char },
}

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

fn transliterate(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A' | 'J' => Some(1),
        'B' | 'K' | 'S' => Some(2),
        'C' | 'L' | 'T' => Some(3),
        'D' | 'M' | 'U' => Some(4),
        'E' | 'N' | 'V' => Some(5),
        'F' | 'W' => Some(6),
        'G' | 'P' | 'X' => Some(7),
        'H' | 'Y' => Some(8),
        'R' | 'Z' => Some(9),
        _ => None,
    }
}

/// The check digit for 17 valid characters (position 9's own value is ignored).
fn check_digit(chars: &[char]) -> char {
    let sum: u32 = chars.iter().zip(WEIGHTS).map(|(c, w)| transliterate(*c).unwrap_or(0) * w).sum();
    match sum % 11 {
        10 => 'X',
        n => char::from_digit(n, 10).unwrap_or('0'),
    }
}

/// Upper-cases and checks every character; the check digit is left to the caller.
fn characters(raw: &str) -> Result<Vec<char>, VinError> {
    let chars: Vec<char> =
        raw.trim().chars().filter(|c| *c != ' ' && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if chars.is_empty() {
        return Err(VinError::Empty);
    }
    if chars.len() != 17 {
        return Err(VinError::WrongLength(chars.len()));
    }
    for (i, c) in chars.iter().enumerate() {
        match c {
            'I' | 'O' | 'Q' => return Err(VinError::LetterNotAllowed { position: i + 1, letter: *c }),
            c if transliterate(*c).is_none() => return Err(VinError::NotAlphanumeric(i + 1)),
            _ => {}
        }
    }
    Ok(chars)
}

impl Vin {
    pub fn parse(raw: &str) -> Result<Self, VinError> {
        let chars = characters(raw)?;
        let expected = check_digit(&chars);
        if chars[8] != expected {
            return Err(VinError::CheckDigit { expected, found: chars[8] });
        }
        Ok(Self(chars.into_iter().collect()))
    }

    /// Completes 17 valid characters with their check digit; for minting VINs
    /// (demo data, test fixtures), never for checking what someone typed.
    pub fn with_check_digit(body: &str) -> Result<Self, VinError> {
        let mut chars = characters(body)?;
        chars[8] = check_digit(&chars);
        Ok(Self(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// World manufacturer identifier (positions 1–3).
    pub fn wmi(&self) -> &str {
        &self.0[..3]
    }
}

impl fmt::Display for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real-format VINs whose check digits are published or well known.
    const VALID: [&str; 5] = [
        "1M8GDM9AXKP042788", // ISO 3779 worked example, check digit X
        "1HGCM82633A004352",
        "11111111111111111",
        "5GZCZ43D13S812715",
        "LFV2A21K3C4017463",
    ];

    #[test]
    fn accepts_vins_with_correct_check_digits() {
        for raw in VALID {
            assert_eq!(Vin::parse(raw).map(|v| v.to_string()), Ok(raw.to_owned()), "{raw}");
        }
    }

    #[test]
    fn normalises_case_spaces_and_dashes() {
        assert_eq!(Vin::parse(" 1hgcm8263-3a004352 ").map(|v| v.to_string()), Ok("1HGCM82633A004352".into()));
    }

    #[test]
    fn refuses_each_valid_vin_with_one_character_changed() {
        for raw in VALID {
            let mut wrong: Vec<char> = raw.chars().collect();
            wrong[12] = if wrong[12] == '5' { '6' } else { '5' };
            let wrong: String = wrong.into_iter().collect();
            assert!(matches!(Vin::parse(&wrong), Err(VinError::CheckDigit { .. })), "{wrong}");
        }
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(Vin::parse(""), Err(VinError::Empty));
        assert_eq!(Vin::parse("1HGCM82633A00435"), Err(VinError::WrongLength(16)));
        assert_eq!(Vin::parse("1HGCM82633A0043521"), Err(VinError::WrongLength(18)));
        assert_eq!(Vin::parse("1HGCM82633AO04352"), Err(VinError::LetterNotAllowed { position: 12, letter: 'O' }));
        assert_eq!(Vin::parse("1HGCM82633A00435!"), Err(VinError::NotAlphanumeric(17)));
        assert_eq!(Vin::parse("1HGCM82643A004352"), Err(VinError::CheckDigit { expected: '3', found: '4' }));
    }

    #[test]
    fn minting_sets_the_check_digit() {
        let minted = Vin::with_check_digit("LMVAB1E20R0000001").map(|v| v.to_string());
        let reparsed = minted.clone().and_then(|v| Vin::parse(&v).map(|v| v.to_string()));
        assert_eq!(minted, reparsed);
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Vin>(r#""1HGCM82643A004352""#).is_err());
        let good = serde_json::from_str::<Vin>(r#""1HGCM82633A004352""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""1HGCM82633A004352""#);
    }
}
