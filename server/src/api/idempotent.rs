//! `Idempotency-Key` on every write (`pitlane::integration::idempotency`): a
//! retried POST or PUT is answered with the first answer, marked
//! `Idempotent-Replayed: true`, and runs once.

use super::problem::Problem;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use pitlane::integration::idempotency::{self, Answer, CallKey, Claim};
use pitlane::integration::ApiKey;

static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
static REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

pub async fn answer_once(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    request: Request,
    next: Next,
) -> Response {
    let writes = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    let Some(raw) = request.headers().get(&IDEMPOTENCY_KEY).filter(|_| writes) else {
        return next.run(request).await;
    };
    let Some(call) = raw.to_str().ok().and_then(CallKey::parse) else {
        return Problem::malformed("Idempotency-Key: 1 to 255 visible ASCII characters").into_response();
    };
    let (parts, body) = request.into_parts();
    // The body is bounded already (`security::body_limits`): past it, reading fails.
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Problem::too_large(super::problem::API_LIMIT).into_response();
    };
    let digest = idempotency::request_digest(parts.method.as_str(), parts.uri.path(), &bytes);
    let db = &state.db;
    match idempotency::claim(db, key.id, &call, &digest, state.clock.now()).await {
        Err(err) => Problem::unavailable(&err).into_response(),
        Ok(Claim::OtherRequest) => {
            Problem::unprocessable("idempotency_key_reused", "this Idempotency-Key was sent with another request")
                .into_response()
        }
        Ok(Claim::Running) => Problem::in_progress().into_response(),
        Ok(Claim::Replay(answer)) => replay(answer),
        Ok(Claim::First) => {
            let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
            let (parts, body) = response.into_parts();
            let Ok(bytes) = to_bytes(body, usize::MAX).await else {
                let _ = idempotency::abandon(db, key.id, &call).await;
                return Problem::unavailable(&"the answer could not be read").into_response();
            };
            let kept = if parts.status.is_server_error() {
                idempotency::abandon(db, key.id, &call).await
            } else {
                let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
                let answer = Answer {
                    status: parts.status.as_u16(),
                    content_type: content_type.unwrap_or("application/json").to_owned(),
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                };
                idempotency::finish(db, key.id, &call, &answer).await
            };
            if let Err(err) = kept {
                // The write stands; only its replay is lost, and a retry would then run it again.
                tracing::error!(%err, api_key = key.id, "an idempotent answer was not kept");
            }
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

fn replay(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    if let Ok(content_type) = HeaderValue::from_str(&answer.content_type) {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    headers.insert(REPLAYED.clone(), HeaderValue::from_static("true"));
    response
}
