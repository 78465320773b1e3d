//! The error every server function returns: serialisable, mapped to an HTTP
//! status, and described to the user in their language.

use crate::i18n::{problem_text, throttled_text, Lang, E};
use pitlane::error::{Conflict, Field, FieldError, Throttle};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(FieldError),
    #[error("bad credentials")]
    BadCredentials,
    /// An admin disabled the account (said only after the right password).
    #[error("account disabled")]
    AccountDisabled,
    #[error("throttled for {retry_after_secs} s")]
    Throttled { what: Throttle, retry_after_secs: i64 },
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// The cause is logged with the request id, never sent.
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Request(String),
    /// The call's arguments could not be read (a missing field, text where a
    /// number goes): server_fn refuses it before our code runs.
    #[error("unreadable arguments: {0}")]
    BadArguments(String),
    /// A post past the limits on parts or bytes; reading stopped there.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The club will not take this member's contribution now.
    #[error("refused: {0}")]
    Refused(pitlane::club::refusal::Refusal),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadArguments(value.to_string()),
            other => AppError::Request(other.to_string()),
        }
    }
}

/// A parser's refusal, named by its field: `?` on a `Result<_, FieldError>`.
impl From<FieldError> for AppError {
    fn from(err: FieldError) -> Self {
        AppError::Invalid(err)
    }
}

impl AppError {
    /// The value posted for `field` is refused for `problem`.
    pub fn invalid(field: Field, problem: impl Into<pitlane::error::Problem>) -> Self {
        AppError::Invalid(FieldError::new(field, problem))
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::Forbidden | AppError::AccountDisabled => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Invalid(_) | AppError::BadCredentials => S::UNPROCESSABLE_ENTITY,
            AppError::Throttled { .. } => S::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => S::CONFLICT,
            AppError::Internal => S::INTERNAL_SERVER_ERROR,
            AppError::Request(_) | AppError::BadArguments(_) => S::BAD_REQUEST,
            AppError::PayloadTooLarge => S::PAYLOAD_TOO_LARGE,
            AppError::Refused(pitlane::club::refusal::Refusal::TooFast { .. }) => S::TOO_MANY_REQUESTS,
            AppError::Refused(_) => S::FORBIDDEN,
        }
    }

    /// The field this error belongs next to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::Invalid(e) => Some(e.field),
            _ => None,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthenticated => E::ErrUnauthenticated.text(lang).to_owned(),
            AppError::Forbidden => E::ErrForbidden.text(lang).to_owned(),
            AppError::NotFound => E::ErrNotFound.text(lang).to_owned(),
            AppError::Invalid(e) => problem_text(e.problem, lang),
            AppError::BadCredentials => E::ErrBadCredentials.text(lang).to_owned(),
            AppError::AccountDisabled => E::ErrAccountDisabled.text(lang).to_owned(),
            AppError::Throttled { what, retry_after_secs } => throttled_text(*what, *retry_after_secs, lang),
            AppError::Conflict(Conflict::AccountExists) => E::ErrAccountExists.text(lang).to_owned(),
            AppError::Conflict(Conflict::CarClaimed) => E::ErrCarClaimed.text(lang).to_owned(),
            AppError::Conflict(Conflict::SlotTaken) => E::ErrSlotTaken.text(lang).to_owned(),
            AppError::Conflict(Conflict::PastCutoff) => E::ErrPastCutoff.text(lang).to_owned(),
            AppError::Conflict(Conflict::AlreadyAnswered) => E::ErrAlreadyAnswered.text(lang).to_owned(),
            AppError::Conflict(Conflict::CarAlreadyBooked { .. }) => E::ErrCarAlreadyBooked.text(lang).to_owned(),
            AppError::Conflict(Conflict::TooManyOpenBookings) => E::ErrTooManyOpenBookings.text(lang).to_owned(),
            AppError::Internal => E::ErrInternal.text(lang).to_owned(),
            AppError::Request(_) | AppError::BadArguments(_) => E::ErrRequest.text(lang).to_owned(),
            AppError::PayloadTooLarge => E::ErrPayloadTooLarge.text(lang).to_owned(),
            AppError::Refused(refusal) => crate::club::words::refusal(*refusal, lang),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<pitlane::DomainError> for AppError {
    fn from(err: pitlane::DomainError) -> Self {
        use pitlane::DomainError as D;
        match err {
            D::Invalid(e) => AppError::Invalid(e),
            D::BadCredentials => AppError::BadCredentials,
            D::AccountDisabled => AppError::AccountDisabled,
            D::Throttled { what, retry_after_secs } => AppError::Throttled { what, retry_after_secs },
            D::Conflict(c) => AppError::Conflict(c),
            D::NotFound => AppError::NotFound,
            D::Club(refusal) => AppError::Refused(refusal),
            D::Hashing(_) | D::Database(_) => {
                tracing::error!(error = %err, "server function failed");
                AppError::Internal
            }
        }
    }
}
