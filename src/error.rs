//! The domain's one error type. Input problems name the field they belong to so
//! the UI can put a localised message next to it.

use crate::account::RoleError;
use crate::types::{DisplayNameError, EmailError, IdentifierError, MobileError, PasswordError, VinError};
use serde::{Deserialize, Serialize};

/// A form field, named as in the forms that post it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Identifier,
    Password,
    NewPassword,
    DisplayName,
    Role,
    Dealer,
    Vin,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identifier => "identifier",
            Self::Password => "password",
            Self::NewPassword => "new_password",
            Self::DisplayName => "display_name",
            Self::Role => "role",
            Self::Dealer => "dealer",
            Self::Vin => "vin",
        }
    }
}

/// What is wrong with one field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Identifier(#[from] IdentifierError),
    #[error(transparent)]
    Mobile(#[from] MobileError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    DisplayName(#[from] DisplayNameError),
    #[error(transparent)]
    Role(#[from] RoleError),
    #[error(transparent)]
    Vin(#[from] VinError),
    #[error("no such choice")]
    UnknownChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: impl Into<Problem>) -> Self {
        Self { field, problem: problem.into() }
    }
}

/// Something that already exists and may exist only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    AccountExists,
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0}")]
    Invalid(#[from] FieldError),
    /// Deliberately the same for "no such account" and "wrong password".
    #[error("the sign-in details do not match an account")]
    BadCredentials,
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    #[error("already exists: {0:?}")]
    Conflict(Conflict),
    #[error("not found")]
    NotFound,
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[cfg(feature = "ssr")]
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl DomainError {
    pub fn invalid(field: Field, problem: impl Into<Problem>) -> Self {
        Self::Invalid(FieldError::new(field, problem))
    }
}
