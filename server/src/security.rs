//! What every request passes and every answer carries: signed-out visitors sent
//! to sign in before a private page renders, state-changing requests accepted
//! from this site only (CSRF), and the security headers with the page's CSP nonce.

use app::auth::Visitor;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;

/// A signed-out visitor asking for a signed-in page gets `303` to sign in,
/// with the page (and its query) to return to.
pub async fn sign_in_first(request: Request, next: Next) -> Response {
    let signed_out = request.extensions().get::<Visitor>().is_none_or(|v| v.user.is_none());
    let page_request = matches!(*request.method(), Method::GET | Method::HEAD);
    if signed_out && page_request && app::auth::needs_sign_in(request.uri().path()) {
        let wanted = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        return Redirect::to(&app::auth::ssr::sign_in_then(wanted)).into_response();
    }
    next.run(request).await
}

/// Every `Location` we send stays on this site. Server functions posted as
/// plain forms are sent back to their `Referer` by Leptos, which a request can
/// set to anything: a `Location` elsewhere is dropped (a redirect then goes home).
pub async fn redirects_stay_on_site(request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let mut response = next.run(request).await;
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else {
        return response;
    };
    match pitlane::types::LocalPath::of_location(location, &host) {
        Ok(path) if path.as_str() == location => {}
        Ok(path) => {
            if let Ok(value) = HeaderValue::from_str(path.as_str()) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
        Err(_) => {
            tracing::warn!(%location, "a redirect off the site was dropped");
            if response.status().is_redirection() {
                response.headers_mut().insert(header::LOCATION, HeaderValue::from_static("/"));
            } else {
                response.headers_mut().remove(header::LOCATION);
            }
        }
    }
    response
}

/// The largest form with files, plus room for the multipart framing.
const MULTIPART_LIMIT: usize = app::form::ssr::MAX_POST_BYTES + 64 * 1024;
/// Any other body (forms without files, server-function calls).
const FORM_LIMIT: usize = 256 * 1024;

/// Bounds every request body, streamed ones too (server functions read
/// multipart as a stream, which axum's `DefaultBodyLimit` does not cover):
/// forms with files may carry photos, an integration call a batch, everything
/// else stays small. A declared length past the limit is refused at once (413).
pub async fn body_limits(mut request: Request, next: Next) -> Response {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/"));
    let integration = request.uri().path().starts_with("/api/v1/");
    let limit = if integration {
        crate::api::problem::API_LIMIT
    } else if multipart {
        MULTIPART_LIMIT
    } else {
        FORM_LIMIT
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        if integration {
            return crate::api::problem::Problem::too_large(limit).into_response();
        }
        return (StatusCode::PAYLOAD_TOO_LARGE, "the request body is too large").into_response();
    }
    let body = std::mem::take(request.body_mut());
    *request.body_mut() = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(request).await
}

/// Which site a state-changing request comes from, as the browser tells it.
#[derive(Debug, PartialEq, Eq)]
enum Provenance {
    ThisSite,
    Elsewhere,
    /// No browser headers at all: a program, not a page (it carries no one's
    /// cookies unasked, so it cannot forge a request for them).
    NotABrowser,
}

fn provenance(headers: &http::HeaderMap) -> Provenance {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return if site == "same-origin" { Provenance::ThisSite } else { Provenance::Elsewhere };
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (None, _) => Provenance::NotABrowser,
        (Some(origin), Some(host))
            if origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .is_some_and(|authority| authority.eq_ignore_ascii_case(host)) =>
        {
            Provenance::ThisSite
        }
        (Some(_), _) => Provenance::Elsewhere,
    }
}

/// Refuses (403) a state-changing request another site's page made.
pub async fn same_site_writes(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && provenance(request.headers()) == Provenance::Elsewhere {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site requests are not accepted").into_response();
    }
    next.run(request).await
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
/// Scripts: this site's and the nonce's only, wasm allowed; style attributes
/// stay (bars and charts are sized with them), style sheets are this site's.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Whether to send HSTS (only behind HTTPS, which secure cookies announce).
#[derive(Debug, Clone, Copy)]
pub struct Hsts(pub bool);

/// A fresh nonce per request, handed to the page through the request's
/// extensions (the shell renders it on Leptos's scripts), and the headers.
pub async fn security_headers(State(hsts): State<Hsts>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    let policy = content_security_policy(&nonce);
    request.extensions_mut().insert(nonce);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        // A handler with a stricter policy of its own (uploaded files) keeps it.
        headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(policy);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if hsts.0 {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("test header"));
        }
        map
    }

    #[test]
    fn the_browsers_word_on_where_a_request_comes_from_decides() {
        assert_eq!(provenance(&headers(&[("sec-fetch-site", "same-origin")])), Provenance::ThisSite);
        for other in ["cross-site", "same-site", "none"] {
            assert_eq!(provenance(&headers(&[("sec-fetch-site", other)])), Provenance::Elsewhere, "{other}");
        }
        let host = ("host", "portal.example:3000");
        assert_eq!(provenance(&headers(&[host, ("origin", "http://portal.example:3000")])), Provenance::ThisSite);
        assert_eq!(provenance(&headers(&[host, ("origin", "https://evil.example")])), Provenance::Elsewhere);
        assert_eq!(provenance(&headers(&[host, ("origin", "null")])), Provenance::Elsewhere);
        assert_eq!(provenance(&headers(&[host, ("origin", "http://portal.example:3000.evil")])), Provenance::Elsewhere);
        assert_eq!(provenance(&headers(&[host])), Provenance::NotABrowser);
    }

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let policy = content_security_policy("abc");
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src ")).unwrap_or_default();
        assert!(scripts.contains("'nonce-abc'"));
        assert!(!scripts.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
