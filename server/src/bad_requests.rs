//! A server function whose arguments cannot be read (a missing field, text
//! where a number goes) fails inside server_fn, before our code runs, and
//! server_fn answers 500. That is the client's mistake, not ours: this turns
//! those answers into 400, so they are neither reported nor logged as faults.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server-function error bodies are small JSON values.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn api_errors(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Our own failures are AppError::Internal; Request(..) at 500 can only be
    // server_fn's argument decoding (our code sets 400 for its own).
    if let Ok(AppError::Request(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
