//! Values parsed at the edge: once one of these exists it is valid, and nothing
//! inside re-checks it.

mod code;
mod day;
mod display_name;
mod email;
mod idempotency_key;
mod identifier;
mod local_path;
mod mileage;
mod mobile;
mod money;
mod origin;
mod password;
mod plate;
mod vin;

pub use code::{CheckIn, CheckInCode, Code, CodeKind, NotACode, Referral, ReferralCode, Voucher, VoucherCode};
pub use day::{parse_date, parse_optional_date, parse_past_date, DateError};
pub use display_name::{DisplayName, DisplayNameError};
pub use email::{Email, EmailError};
pub use idempotency_key::{IdempotencyKey, IdempotencyKeyError, MAX_SUBMITTED_KEY_CHARS};
pub use identifier::{Identifier, IdentifierError};
pub use local_path::{LocalPath, LocalPathError};
pub use mileage::{Km, KmError, MAX_KM};
pub use mobile::{Mobile, MobileError};
pub use money::{Money, MoneyError};
pub use origin::{Origin, OriginError};
pub use password::{Password, PasswordError};
pub use plate::{Plate, PlateError};
pub use vin::{Vin, VinError};

/// Visible text of 1 to `max` characters, trimmed: a name or a line that
/// another system sends.
pub fn visible_text(raw: &str, max: usize) -> Option<String> {
    let trimmed = raw.trim();
    let length = trimmed.chars().count();
    (length > 0 && length <= max && !trimmed.chars().any(char::is_control)).then(|| trimmed.to_owned())
}

/// Serde goes through `parse` as well, so a value deserialised from a request
/// or a session is as checked as one typed into a form.
macro_rules! serde_via_parse {
    ($($ty:ident: $err:ty),* $(,)?) => {$(
        impl TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.to_string()
            }
        }
    )*};
}

serde_via_parse!(
    DisplayName: DisplayNameError,
    Email: EmailError,
    Identifier: IdentifierError,
    Mobile: MobileError,
    Origin: OriginError,
    Plate: PlateError,
    Vin: VinError,
);

/// A column read into one of these types goes through `parse` too, so an entity
/// loaded from the database can keep the parsed type instead of a `String`.
#[cfg(feature = "ssr")]
macro_rules! sqlx_via_parse {
    ($($ty:ident),* $(,)?) => {$(
        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                Ok(Self::parse(&<String as sqlx::Decode<'r, DB>>::decode(value)?)?)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            String: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut DB::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, DB>>::encode(self.to_string(), buf)
            }
        }
    )*};
}

#[cfg(feature = "ssr")]
sqlx_via_parse!(Vin);
