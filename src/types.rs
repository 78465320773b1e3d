//! Values parsed at the edge: once one of these exists it is valid, and nothing
//! inside re-checks it.

mod day;
mod display_name;
mod email;
mod identifier;
mod local_path;
mod mileage;
mod mobile;
mod money;
mod password;
mod plate;
mod vin;

pub use day::{parse_date, parse_optional_date, parse_past_date, DateError};
pub use display_name::{DisplayName, DisplayNameError};
pub use email::{Email, EmailError};
pub use identifier::{Identifier, IdentifierError};
pub use local_path::{LocalPath, LocalPathError};
pub use mileage::{Km, KmError, MAX_KM};
pub use mobile::{Mobile, MobileError};
pub use money::{Money, MoneyError};
pub use password::{Password, PasswordError};
pub use plate::{Plate, PlateError};
pub use vin::{Vin, VinError};
