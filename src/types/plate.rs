//! A mainland China licence plate: province character, issuing-office letter,
//! then 5 characters (6 for new-energy vehicles), no I or O.

use serde::{Deserialize, Serialize};
use std::fmt;

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Plate(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PlateError {
    #[error("a plate starts with a province character such as 沪 or 京")]
    Province,
    #[error("a plate has 7 characters (8 for new-energy vehicles) of letters and digits, no I or O")]
    Malformed,
}

impl Plate {
    pub fn parse(raw: &str) -> Result<Self, PlateError> {
        let chars: Vec<char> = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '·' && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let Some((first, rest)) = chars.split_first() else {
            return Err(PlateError::Malformed);
        };
        if !PROVINCES.contains(*first) {
            return Err(PlateError::Province);
        }
        let office_ok = rest.first().is_some_and(|c| c.is_ascii_uppercase());
        let serial = rest.get(1..).unwrap_or_default();
        let serial_ok = (serial.len() == 5 || serial.len() == 6)
            && serial.iter().all(|c| (c.is_ascii_uppercase() || c.is_ascii_digit()) && *c != 'I' && *c != 'O');
        if office_ok && serial_ok {
            Ok(Self(chars.into_iter().collect()))
        } else {
            Err(PlateError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_petrol_and_new_energy_plates() {
        assert_eq!(Plate::parse("沪A·12345").map(|p| p.to_string()), Ok("沪A12345".into()));
        assert_eq!(Plate::parse("粤b d12345").map(|p| p.to_string()), Ok("粤BD12345".into()));
    }

    #[test]
    fn refuses_what_no_office_issues() {
        assert_eq!(Plate::parse("A12345"), Err(PlateError::Province));
        assert_eq!(Plate::parse("沪A1234"), Err(PlateError::Malformed));
        assert_eq!(Plate::parse("沪AO2345"), Err(PlateError::Malformed));
        assert_eq!(Plate::parse("沪1A2345"), Err(PlateError::Malformed));
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Plate>(r#""XA12345""#).is_err());
        let good = serde_json::from_str::<Plate>(r#""沪A12345""#).unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), r#""沪A12345""#);
    }
}
