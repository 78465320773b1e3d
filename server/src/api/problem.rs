//! RFC 9457 problems, the one shape of every refusal the API gives, and the
//! JSON body reader that answers a bad body with one.

use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pitlane::integration::Refusal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong: `type` is a stable name under `/api/v1/problems/`,
/// which integrators match on; `title` and `detail` are for people;
/// `errors` names each field refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "/api/v1/problems/invalid")]
    kind: String,
    title: String,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldProblem>,
    /// Seconds to wait before trying again (also sent as `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

/// One field refused: where (`vehicles[3].sale.buyer_mobile`), a stable code,
/// and a sentence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    #[schema(example = "invalid_mobile")]
    pub code: String,
    pub detail: String,
}

/// A domain's refusal of one field, as its parse errors give it.
pub trait FieldFault: std::fmt::Display {
    fn field(&self) -> String;
    fn code(&self) -> &'static str;
}

macro_rules! field_faults {
    ($($ty:ty),*) => {$(
        impl FieldFault for $ty {
            fn field(&self) -> String {
                <$ty>::field(self).into()
            }
            fn code(&self) -> &'static str {
                <$ty>::code(self)
            }
        }
    )*};
}

field_faults!(
    pitlane::repair_order::OrderError,
    pitlane::recall::CampaignError,
    pitlane::register::LineError,
    pitlane::integration::webhook::WebhookError,
    pitlane::purchase::PurchaseError
);

impl FieldProblem {
    /// The fault, its field named under `prefix` (`vehicles[3].`).
    pub fn of(prefix: &str, fault: &impl FieldFault) -> Self {
        Self { field: format!("{prefix}{}", fault.field()), code: fault.code().to_owned(), detail: fault.to_string() }
    }
}

/// The largest body of an integration call: a batch of `register::BATCH_MAX`
/// vehicles fits. `security::body_limits` holds every call to it.
pub const API_LIMIT: usize = 8 * 1024 * 1024;

/// At most this many field problems are listed; the detail counts the rest.
const ERRORS_SHOWN: usize = 100;

impl Problem {
    fn new(status: StatusCode, name: &str, title: &str, detail: Option<String>) -> Self {
        Self {
            kind: format!("/api/v1/problems/{name}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn unauthorised(detail: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorised", "No valid API key", Some(detail.to_owned()))
    }

    pub fn forbidden(refusal: Refusal) -> Self {
        let detail = match refusal {
            Refusal::MissingScope(scope) => format!("the key lacks the scope `{}`", scope.as_str()),
            Refusal::OtherDealer => "the key is bound to one dealer and this is not its data".to_owned(),
        };
        Self::new(StatusCode::FORBIDDEN, "forbidden", "The key may not do this", Some(detail))
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not found", Some(detail.into()))
    }

    /// A body that is no JSON of the documented shape.
    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "malformed", "The request cannot be read", Some(detail.into()))
    }

    /// One field refused: where, a stable code, a sentence.
    pub fn field(field: impl Into<String>, code: &str, detail: impl Into<String>) -> Self {
        Self::invalid(vec![FieldProblem { field: field.into(), code: code.to_owned(), detail: detail.into() }])
    }

    /// Fields that were read and refused, each named.
    pub fn invalid(mut errors: Vec<FieldProblem>) -> Self {
        let hidden = errors.len().saturating_sub(ERRORS_SHOWN);
        errors.truncate(ERRORS_SHOWN);
        let detail = (hidden > 0).then(|| format!("{hidden} more refused fields are not listed"));
        Self { errors, ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "Some fields are refused", detail) }
    }

    /// Every fault of a parse, each named.
    pub fn refused(faults: &[impl FieldFault]) -> Self {
        Self::invalid(faults.iter().map(|fault| FieldProblem::of("", fault)).collect())
    }

    pub fn conflict(name: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, name, "The request conflicts with what is recorded", Some(detail.into()))
    }

    pub fn too_large(limit: usize) -> Self {
        let detail = format!("at most {limit} bytes");
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "The request body is too large", Some(detail))
    }

    pub fn unprocessable(name: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, name, "The request cannot be done", Some(detail.into()))
    }

    pub fn busy(name: &str, title: &str, retry_after: u64) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(StatusCode::TOO_MANY_REQUESTS, name, title, None) }
    }

    pub fn in_progress() -> Self {
        let detail = "the first request with this Idempotency-Key has not been answered yet";
        Self { retry_after: Some(1), ..Self::conflict("in_progress", detail) }
    }

    pub fn detail(self, detail: String) -> Self {
        Self { detail: Some(detail), ..self }
    }

    /// Our fault; the cause goes to the log with the request id, never out.
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "integration call failed");
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Try again shortly", None)
    }
}

impl From<sqlx::Error> for Problem {
    fn from(err: sqlx::Error) -> Self {
        Self::unavailable(&err)
    }
}

/// A domain function's refusal as the API says it: a field refused by name
/// (a step the state does not allow is a conflict), an unknown or unreachable
/// thing as not found.
impl From<pitlane::DomainError> for Problem {
    fn from(err: pitlane::DomainError) -> Self {
        use pitlane::error::Problem as Why;
        use pitlane::DomainError;
        match err {
            DomainError::Invalid(fault) => {
                let (field, detail) = (fault.field.as_str(), fault.problem.to_string());
                match fault.problem {
                    Why::Case(_) | Why::Lead(_) | Why::WrongState | Why::Arrival(_) => {
                        Self::conflict("not_from_here", detail)
                    }
                    Why::Required => Self::field(field, "required", detail),
                    Why::UnknownChoice | Why::NoSuchAccount => Self::field(field, "unknown", detail),
                    _ => Self::field(field, "invalid", detail),
                }
            }
            DomainError::NotFound => Self::not_found("nothing this key reaches has this id"),
            DomainError::Conflict(what) => Self::conflict("conflict", format!("{what:?}")),
            DomainError::Throttled { retry_after_secs, .. } => {
                Self::busy("throttled", "Too many attempts", u64::try_from(retry_after_secs).unwrap_or(1))
            }
            other => Self::unavailable(&other),
        }
    }
}

impl From<Refusal> for Problem {
    fn from(refusal: Refusal) -> Self {
        Self::forbidden(refusal)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let mut response = (status, Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"pitlane\""));
        }
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON body of `T`: anything else is a problem naming what is wrong
/// (400 for no JSON, 422 for JSON of another shape, 413 past the limit).
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        use axum::extract::rejection::JsonRejection;
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(JsonRejection::JsonDataError(err)) => Err(Self::shape(err.body_text())),
            Err(JsonRejection::BytesRejection(err)) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Problem::too_large(API_LIMIT))
            }
            Err(other) => Err(Problem::malformed(other.body_text())),
        }
    }
}

/// A query string of `T`: anything else is a 400 problem naming what is wrong.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Problem::malformed(rejection.body_text())),
        }
    }
}

impl<T> Body<T> {
    /// serde's words carry the path to the field (`vehicles[2].model_year: invalid type …`).
    fn shape(text: String) -> Problem {
        let text = text.trim_start_matches("Failed to deserialize the JSON body into the target type: ").to_owned();
        let field = text.split_once(": ").map_or("", |(path, _)| path).to_owned();
        Problem::field(field, "wrong_shape", text)
    }
}
