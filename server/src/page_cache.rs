//! The home page is the same for every signed-out visitor in a language: it is
//! rendered once a minute per language and then served from memory, with this
//! response's CSP nonce put where the rendered one was. Anything personal
//! (a signed-in visitor, a query, a cookie set) is rendered as usual.

use app::auth::Visitor;
use app::i18n::Lang;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Pages that show nothing that depends on who or when.
const SHARED_PAGES: [&str; 1] = ["/"];
const FRESH_FOR: Duration = Duration::from_secs(60);
/// A rendered page larger than this is not kept (the home page is ~20 KB).
const LARGEST: usize = 512 * 1024;

#[derive(Debug, Clone, Default)]
pub struct PageCache {
    pages: Arc<RwLock<HashMap<(&'static str, bool), Rendered>>>,
}

/// A page split where its nonce was, with the headers it was sent with.
#[derive(Debug, Clone)]
struct Rendered {
    at: Instant,
    headers: HeaderMap,
    pieces: Vec<Bytes>,
}

impl Rendered {
    fn new(headers: HeaderMap, body: &Bytes, nonce: &str) -> Self {
        let mut pieces = Vec::new();
        let mut rest = 0;
        let needle = nonce.as_bytes();
        let mut at = 0;
        while !needle.is_empty() && at + needle.len() <= body.len() {
            if &body[at..at + needle.len()] == needle {
                pieces.push(body.slice(rest..at));
                at += needle.len();
                rest = at;
            } else {
                at += 1;
            }
        }
        pieces.push(body.slice(rest..));
        Self { at: Instant::now(), headers, pieces }
    }

    fn with_nonce(&self, nonce: &str) -> Response {
        let mut body = Vec::with_capacity(self.pieces.iter().map(Bytes::len).sum::<usize>() + 64);
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        let mut response = Body::from(body).into_response();
        *response.headers_mut() = self.headers.clone();
        response
    }
}

impl PageCache {
    fn fresh(&self, key: &(&'static str, bool)) -> Option<Rendered> {
        let pages = self.pages.read().unwrap_or_else(PoisonError::into_inner);
        pages.get(key).filter(|page| page.at.elapsed() < FRESH_FOR).cloned()
    }

    fn keep(&self, key: (&'static str, bool), page: Rendered) {
        self.pages.write().unwrap_or_else(PoisonError::into_inner).insert(key, page);
    }
}

/// Which shared page, in which language (true for English), this request asks for.
fn shared_page(request: &Request) -> Option<(&'static str, bool)> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let page = SHARED_PAGES.into_iter().find(|page| *page == request.uri().path())?;
    let visitor = request.extensions().get::<Visitor>()?;
    visitor.user.is_none().then_some((page, visitor.lang == Lang::En))
}

pub async fn shared_pages(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let (Some(key), Some(nonce)) = (shared_page(&request), request.extensions().get::<Nonce>().cloned()) else {
        return next.run(request).await;
    };
    if let Some(page) = cache.fresh(&key) {
        return page.with_nonce(&nonce);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, LARGEST).await {
        Ok(bytes) => {
            cache.keep(key, Rendered::new(parts.headers.clone(), &bytes, &nonce));
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot read the rendered page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
