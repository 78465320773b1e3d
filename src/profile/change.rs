//! A profile's history as read back. The store keeps each change as text
//! (`profile_changes`: the field's name, the old and new value as stored);
//! `Change::read` turns a line into values a page words in its reader's
//! language, so nobody reads `contact_channel sms→phone` or `preferred_dealer 1`.

use crate::dealer::Dealer;
use crate::notify::outbox::Preference;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// A field of the profile, as its history names it.
    pub enum ChangedField {
        DisplayName = "display_name",
        Mobile = "mobile",
        Email = "email",
        City = "city",
        Address = "address",
        PreferredDealer = "preferred_dealer",
        Birthday = "birthday",
        ContactChannel = "contact_channel",
        MarketingConsent = "marketing_consent",
    }
}

/// A value before or after a change, as the page words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    /// Empty, or a value that can no longer be read (a dealer since removed).
    Nothing,
    /// What the owner typed: a name, a number, an address.
    Text(String),
    Dealer {
        name_zh: String,
        name_en: String,
    },
    Channel(Preference),
    /// Marketing consent given (`true`) or withdrawn.
    Consent(bool),
    Date(NaiveDate),
}

/// One changed field, as shown in the profile history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// `None`: a field this version does not know (the page says "other").
    pub field: Option<ChangedField>,
    pub old: Value,
    pub new: Value,
    pub by_staff: bool,
    pub changed_by: String,
    pub at: i64,
}

impl Value {
    /// The value of `field` as stored; `dealers` name a dealer's id.
    pub fn read(field: Option<ChangedField>, stored: Option<&str>, dealers: &[Dealer]) -> Value {
        let Some(stored) = stored.map(str::trim).filter(|s| !s.is_empty()) else {
            return Value::Nothing;
        };
        match field {
            Some(ChangedField::PreferredDealer) => stored
                .parse::<i64>()
                .ok()
                .and_then(|id| dealers.iter().find(|d| d.id == id))
                .map_or(Value::Nothing, |d| Value::Dealer { name_zh: d.name_zh.clone(), name_en: d.name_en.clone() }),
            Some(ChangedField::ContactChannel) => Preference::parse(stored).map_or(Value::Nothing, Value::Channel),
            Some(ChangedField::MarketingConsent) => match stored {
                "true" => Value::Consent(true),
                "false" => Value::Consent(false),
                _ => Value::Nothing,
            },
            Some(ChangedField::Birthday) => stored.parse::<NaiveDate>().map_or(Value::Nothing, Value::Date),
            Some(_) => Value::Text(stored.to_owned()),
            // An unknown field's stored form means nothing to a reader.
            None => Value::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pudong() -> Dealer {
        Dealer {
            id: 1,
            code: "SH01".into(),
            name_zh: "子午汽车上海浦东服务中心".into(),
            name_en: "Meridian Shanghai Pudong".into(),
            city_zh: "上海".into(),
            city_en: "Shanghai".into(),
            phone: String::new(),
        }
    }

    fn read(field: &str, stored: Option<&str>) -> Value {
        Value::read(ChangedField::parse(field), stored, &[pudong()])
    }

    #[test]
    fn stored_values_are_read_into_words_never_shown_raw() {
        assert_eq!(read("contact_channel", Some("sms")), Value::Channel(Preference::Sms));
        assert_eq!(read("contact_channel", Some("phone")), Value::Channel(Preference::Phone));
        assert_eq!(
            read("preferred_dealer", Some("1")),
            Value::Dealer {
                name_zh: "子午汽车上海浦东服务中心".into(), name_en: "Meridian Shanghai Pudong".into()
            }
        );
        assert_eq!(read("marketing_consent", Some("true")), Value::Consent(true));
        assert_eq!(read("marketing_consent", Some("false")), Value::Consent(false));
        assert_eq!(
            read("birthday", Some("1990-02-28")),
            NaiveDate::from_ymd_opt(1990, 2, 28).map_or(Value::Nothing, Value::Date)
        );
        assert_eq!(read("city", Some(" 上海 ")), Value::Text("上海".into()));
    }

    #[test]
    fn what_cannot_be_read_says_nothing_rather_than_the_stored_text() {
        assert_eq!(read("preferred_dealer", Some("9")), Value::Nothing, "a dealer since removed");
        assert_eq!(read("preferred_dealer", Some("SH01")), Value::Nothing);
        assert_eq!(read("contact_channel", Some("fax")), Value::Nothing);
        assert_eq!(read("marketing_consent", Some("1")), Value::Nothing);
        assert_eq!(read("birthday", Some("someday")), Value::Nothing);
        assert_eq!(read("city", None), Value::Nothing);
        assert_eq!(read("city", Some("  ")), Value::Nothing);
        assert_eq!(read("shoe_size", Some("42")), Value::Nothing, "a field this version does not know");
    }

    #[test]
    fn every_field_the_store_writes_is_known_by_its_stored_name() {
        for field in ChangedField::ALL {
            assert_eq!(ChangedField::parse(field.as_str()), Some(field));
        }
    }
}
