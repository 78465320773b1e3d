//! The integration API under `/api/v1` (issue 27): other systems call it with
//! `Authorization: Bearer <key>` (`pitlane::integration`), never with a
//! session, so it sits beside the pages' stack rather than inside it. Errors
//! are RFC 9457 `application/problem+json`.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use pitlane::integration::{store, ApiKey, KeySecret};
use serde::Serialize;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/key", get(this_key))
        .layer(axum::middleware::from_fn_with_state(state.clone(), authenticate))
        .with_state(state)
}

/// An RFC 9457 problem: `type` is a stable name under `/api/v1/problems/`,
/// which integrators match on; `title` and `detail` are for people.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl Problem {
    fn new(status: StatusCode, name: &str, title: &'static str) -> Self {
        Self { kind: format!("/api/v1/problems/{name}"), title, status: status.as_u16(), detail: None }
    }

    fn unauthorised(detail: &str) -> Self {
        Self {
            detail: Some(detail.to_owned()),
            ..Self::new(StatusCode::UNAUTHORIZED, "unauthorised", "No valid API key")
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"pitlane\""));
        }
        response
    }
}

/// Finds the key the call presents before anything else is read: no key, a
/// malformed one, an unknown or a revoked one is 401.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(presented) = presented else {
        return Problem::unauthorised("send the key as `Authorization: Bearer <key>`").into_response();
    };
    let Some(secret) = KeySecret::from_presented(presented) else {
        return Problem::unauthorised("that is not a Pitlane API key").into_response();
    };
    match store::authenticate(&state.db, state.clock.now(), &secret).await {
        Ok(Some(key)) => {
            request.extensions_mut().insert(key);
            next.run(request).await
        }
        Ok(None) => Problem::unauthorised("the key is unknown or revoked").into_response(),
        Err(err) => {
            tracing::error!(%err, "api key lookup failed");
            Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Try again shortly").into_response()
        }
    }
}

/// A key as the API shows it: scopes by their documented names.
#[derive(Serialize)]
struct KeyView {
    id: i64,
    name: String,
    scopes: Vec<&'static str>,
    /// The dealer whose data the key reaches; absent for a brand-wide key.
    dealer: Option<i64>,
}

/// `GET /api/v1/key`: the calling key's name, scopes and dealer, so an
/// integrator can check a key before the first real call.
async fn this_key(Extension(key): Extension<ApiKey>) -> Json<KeyView> {
    Json(KeyView {
        id: key.id,
        name: key.name.as_str().to_owned(),
        scopes: key.scopes.iter().map(|s| s.as_str()).collect(),
        dealer: key.dealer,
    })
}
