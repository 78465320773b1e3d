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

fn multipart_without_boundary(headers: &http::HeaderMap) -> bool {
    let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let lower = content_type.to_ascii_lowercase();
    lower.starts_with("multipart/")
        && !lower.split(';').any(|p| p.trim().strip_prefix("boundary=").is_some_and(|b| !b.is_empty()))
}

/// Server-function error bodies are small JSON values.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn api_errors(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if multipart_without_boundary(request.headers()) {
        // server_fn's multipart reader panics on these; refuse them before it runs.
        return (StatusCode::BAD_REQUEST, "multipart body without a boundary").into_response();
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Only server_fn's argument errors (its other faults stay 500).
    if let Ok(AppError::BadArguments(message)) = serde_json::from_slice::<AppError>(&bytes) {
        tracing::info!(%message, "server function called with unreadable arguments");
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
