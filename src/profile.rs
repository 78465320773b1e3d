//! An owner's profile: contact details, preferences, and an explicit marketing
//! consent recorded with its time and wording. Every change is kept.

use crate::error::{text, DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Preference;
use crate::types::{parse_past_date, DisplayName, Email, Mobile};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod change;
#[cfg(feature = "ssr")]
pub mod store;

pub use change::{Change, ChangedField, Value};

/// The consent text the owner sees; a new wording gets a new version.
pub const CONSENT_WORDING_VERSION: &str = "2026-11";
pub const MAX_CITY_CHARS: usize = 40;
pub const MAX_ADDRESS_CHARS: usize = 200;

/// What an owner tells the brand about themselves besides how they sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    pub city: Option<String>,
    pub address: Option<String>,
    pub preferred_dealer_id: Option<i64>,
    pub birthday: Option<NaiveDate>,
    pub contact_channel: Preference,
    pub marketing_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub display_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub details: PersonalDetails,
    /// Whether the mobile number was proven with a code (see `crate::verification`).
    pub mobile_verified: bool,
    pub email_verified: bool,
}

/// The owner's profile with what its page offers and shows: the dealers to
/// prefer, the change history and the new contacts waiting for their code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileData {
    pub profile: Profile,
    pub dealers: Vec<crate::dealer::Dealer>,
    pub history: Vec<Change>,
    pub pending: Vec<crate::verification::PendingContact>,
}

/// What saving the profile did: an owner's new mobile or e-mail waits for the
/// code sent to it (`awaiting_code`), everything else is saved at once. A
/// sign-in contact that changed at once (one removed, or set by staff) ended
/// every session of the account; `sign_in` is the one the owner carries on with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub awaiting_code: bool,
    pub sign_in: Option<crate::account::session::SignIn>,
}

/// A submitted profile, parsed field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileForm {
    pub display_name: DisplayName,
    pub mobile: Option<Mobile>,
    pub email: Option<Email>,
    pub details: PersonalDetails,
}

/// The raw strings of the profile form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawProfile {
    pub display_name: String,
    pub mobile: String,
    pub email: String,
    pub city: String,
    pub address: String,
    pub preferred_dealer: String,
    pub birthday: String,
    pub contact_channel: String,
    pub marketing_consent: bool,
}

impl ProfileForm {
    pub fn parse(raw: &RawProfile, today: NaiveDate) -> Result<Self, DomainError> {
        let invalid = |field, problem: Problem| DomainError::Invalid(FieldError::new(field, problem));
        let mobile = match raw.mobile.trim() {
            "" => None,
            m => Some(Mobile::parse(m).map_err(|e| FieldError::new(Field::Mobile, e))?),
        };
        let email = match raw.email.trim() {
            "" => None,
            e => Some(Email::parse(e).map_err(|e| FieldError::new(Field::Email, e))?),
        };
        if mobile.is_none() && email.is_none() {
            return Err(invalid(Field::Mobile, Problem::Required));
        }
        let contact_channel = Preference::parse(raw.contact_channel.trim())
            .ok_or_else(|| invalid(Field::ContactChannel, Problem::UnknownChoice))?;
        let reachable = match contact_channel {
            Preference::Sms | Preference::Phone => mobile.is_some(),
            Preference::Email => email.is_some(),
            Preference::None => true,
        };
        if !reachable {
            return Err(invalid(Field::ContactChannel, Problem::ChannelUnreachable));
        }
        let preferred_dealer_id = match raw.preferred_dealer.trim() {
            "" => None,
            d => Some(d.parse::<i64>().map_err(|_| invalid(Field::PreferredDealer, Problem::UnknownChoice))?),
        };
        let birthday = match raw.birthday.trim() {
            "" => None,
            b => Some(parse_past_date(b, today).map_err(|e| FieldError::new(Field::Birthday, e))?),
        };
        Ok(Self {
            display_name: DisplayName::parse(&raw.display_name).map_err(|e| FieldError::new(Field::DisplayName, e))?,
            mobile,
            email,
            details: PersonalDetails {
                city: text(Field::City, &raw.city, MAX_CITY_CHARS, false)?,
                address: text(Field::Address, &raw.address, MAX_ADDRESS_CHARS, false)?,
                preferred_dealer_id,
                birthday,
                contact_channel,
                marketing_consent: raw.marketing_consent,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawProfile {
        RawProfile {
            display_name: "王芳".into(),
            mobile: "13800000001".into(),
            contact_channel: "sms".into(),
            ..RawProfile::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn field_of(result: Result<ProfileForm, DomainError>) -> Option<(Field, Problem)> {
        match result {
            Err(DomainError::Invalid(e)) => Some((e.field, e.problem)),
            _ => None,
        }
    }

    #[test]
    fn a_minimal_profile_parses() {
        assert!(ProfileForm::parse(&raw(), today()).is_ok());
    }

    #[test]
    fn the_chosen_channel_must_be_reachable() {
        let email_without_address = RawProfile { contact_channel: "email".into(), ..raw() };
        assert_eq!(
            field_of(ProfileForm::parse(&email_without_address, today())),
            Some((Field::ContactChannel, Problem::ChannelUnreachable))
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let bad_mobile = RawProfile { mobile: "12345".into(), ..raw() };
        assert!(matches!(field_of(ProfileForm::parse(&bad_mobile, today())), Some((Field::Mobile, _))));
        let future_birthday = RawProfile { birthday: "2027-01-01".into(), ..raw() };
        assert!(matches!(field_of(ProfileForm::parse(&future_birthday, today())), Some((Field::Birthday, _))));
        let nobody = RawProfile { mobile: String::new(), ..raw() };
        assert_eq!(field_of(ProfileForm::parse(&nobody, today())), Some((Field::Mobile, Problem::Required)));
    }
}
