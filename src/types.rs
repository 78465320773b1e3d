//! Values parsed at the edge: once one of these exists it is valid, and nothing
//! inside re-checks it.

mod display_name;
mod email;
mod identifier;
mod mobile;
mod password;
mod vin;

pub use display_name::{DisplayName, DisplayNameError};
pub use email::{Email, EmailError};
pub use identifier::{Identifier, IdentifierError};
pub use mobile::{Mobile, MobileError};
pub use password::{Password, PasswordError};
pub use vin::{Vin, VinError};
