//! Recognises who is asking before any page or server function runs: the user
//! from the session, their language, and their address. A session whose
//! account moved to a new epoch (password changed or reset, "sign out
//! everywhere"), was disabled, or that began 30 days ago is signed out here
//! and forgotten.

use crate::client_addr::ClientAddr;
use app::auth::{FailedForm, Visitor, SESSION_FAILED_FORM, SESSION_SIGN_IN};
use app::i18n::Lang;
use app::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use pitlane::account::session::SignIn;
use pitlane::account::store::Recognised;
use pitlane::account::User;
use tower_sessions::Session;

pub async fn recognise(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let sign_in = session.get::<SignIn>(SESSION_SIGN_IN).await.unwrap_or_else(|err| {
        tracing::warn!(error = %err, "unreadable session");
        None
    });
    let recognised = match sign_in {
        Some(sign_in) => match pitlane::account::store::signed_in(&state.db, &sign_in, state.clock.now()).await {
            Ok(Some(recognised)) => Some(recognised),
            Ok(None) => {
                if let Err(err) = session.flush().await {
                    tracing::error!(error = %err, "cannot forget an ended session");
                }
                None
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot load the signed-in user");
                None
            }
        },
        None => None,
    };
    let (user, unread) = match recognised {
        Some(Recognised { user, unread }) => (Some(user), unread),
        None => (None, 0),
    };
    let headers = req.headers();
    let lang = cookie(headers, Lang::COOKIE)
        .and_then(|v| Lang::parse(&v))
        .or_else(|| user.as_ref().and_then(|u| u.locale.as_deref()).and_then(Lang::parse))
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();
    let client_addr = match req.extensions().get::<ClientAddr>() {
        // Throttles and audit lines count an IPv6 client by its /64.
        Some(ClientAddr(Some(addr))) => pitlane::rate_limit::client_key(*addr),
        _ => "unknown".to_owned(),
    };
    let failed = failed_form(&session).await;
    req.extensions_mut().insert(Visitor { user, lang, client_addr, unread, failed });
    next.run(req).await
}

/// A failed form's error and values, shown once: read (which writes nothing)
/// on every request, removed only when there is one.
async fn failed_form(session: &Session) -> Option<FailedForm> {
    match session.get::<FailedForm>(SESSION_FAILED_FORM).await {
        Ok(Some(failed)) => {
            if let Err(err) = session.remove::<FailedForm>(SESSION_FAILED_FORM).await {
                tracing::warn!(error = %err, "cannot forget a failed form");
            }
            Some(failed)
        }
        Ok(None) => None,
        Err(err) => {
            tracing::warn!(error = %err, "unreadable failed form");
            None
        }
    }
}

/// The signed-in user, for a handler that serves their private files: someone
/// signed out gets the 404 a file that does not exist gets.
pub struct SignedIn {
    pub user: User,
    pub lang: Lang,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // `recognise` runs before every route: no visitor is a wiring mistake.
        let visitor = parts.extensions.get::<Visitor>().ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
        let user = visitor.user.clone().ok_or(StatusCode::NOT_FOUND)?;
        Ok(Self { user, lang: visitor.lang })
    }
}

fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}
