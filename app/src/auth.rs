//! Who is asking: the visitor the server's middleware recognised, and the checks
//! every page and server function makes before it shows or touches anything.

use crate::i18n::Lang;
use crate::layout::ErrorPage;
use leptos::prelude::*;
use pitlane::account::{Role, User};

/// The signed-in user (if any), their language and their address, as recognised
/// by the server for this request.
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    pub user: Option<User>,
    pub lang: Lang,
    pub client_addr: String,
    /// Unread in-app notifications, for the badge in the header.
    pub unread: i64,
}

/// The session key holding the signed-in user's id.
pub const SESSION_USER_ID: &str = "user_id";

/// Makes this request's visitor available to every page (read with [`visitor`]).
pub fn provide_visitor() -> Visitor {
    #[cfg(feature = "ssr")]
    let visitor = ssr::request_visitor().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let visitor = Visitor::default();
    provide_context(visitor.clone());
    visitor
}

pub fn visitor() -> Visitor {
    use_context::<Visitor>().unwrap_or_default()
}

/// Renders its children only for a signed-in user whose role `allow`s it:
/// a visitor is sent to sign in, anyone else gets 403.
#[component]
pub fn RequireRole(allow: fn(Role) -> bool, path: &'static str, children: Children) -> impl IntoView {
    let visitor = visitor();
    match visitor.user {
        None => {
            #[cfg(feature = "ssr")]
            leptos_axum::redirect(&format!("/login?next={path}"));
            let _ = path;
            view! { <ErrorPage status=401/> }.into_any()
        }
        Some(user) if !allow(user.role) => view! { <ErrorPage status=403/> }.into_any(),
        Some(_) => children().into_any(),
    }
}

/// Server-side checks for server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::Visitor;
    use crate::error::AppError;
    use crate::state::AppState;
    use http::request::Parts;
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;
    use pitlane::account::{Role, User};
    use std::future::Future;

    pub fn request_visitor() -> Option<Visitor> {
        use_context::<Parts>().and_then(|parts| parts.extensions.get::<Visitor>().cloned())
    }

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })
    }

    pub fn visitor() -> Result<Visitor, AppError> {
        request_visitor().ok_or_else(|| {
            tracing::error!("Visitor missing from request: is the middleware installed?");
            AppError::Internal
        })
    }

    /// The signed-in user, if their role is allowed.
    pub fn require(allow: fn(Role) -> bool) -> Result<(User, Visitor), AppError> {
        let visitor = visitor()?;
        match &visitor.user {
            None => Err(AppError::Unauthenticated),
            Some(user) if !allow(user.role) => Err(AppError::Forbidden),
            Some(user) => Ok((user.clone(), visitor)),
        }
    }

    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })
    }

    pub fn set_status(status: http::StatusCode) {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(status);
        }
    }

    /// Runs a server function's body and maps its error to an HTTP status. A plain
    /// form post keeps the redirect back to its page (the error travels in the URL).
    pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        respond_keeping(&[], body).await
    }

    /// Like [`respond`], and a failed plain form post also carries back what the
    /// user typed in the `keep` fields (never a password), so nothing is retyped.
    pub async fn respond_keeping<T>(
        keep: &[(&str, String)],
        body: impl Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        let result = body.await;
        if let Err(err) = &result {
            match use_context::<Parts>().filter(is_plain_form) {
                Some(parts) => back_with_error(&parts, err, keep),
                None => set_status(err.status()),
            }
        }
        result
    }

    fn is_plain_form(parts: &Parts) -> bool {
        parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    }

    /// Sends the browser back to the form's page with the error (as the server
    /// function protocol encodes it) and the kept values in the query.
    const KEEP_MAX: usize = 4000;

    fn back_with_error(parts: &Parts, err: &AppError, keep: &[(&str, String)]) {
        use base64::Engine as _;
        use server_fn::error::FromServerFnError;
        let Some(referer) = parts.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()) else {
            return;
        };
        let path = referer
            .find("://")
            .and_then(|scheme| referer[scheme + 3..].find('/').map(|slash| &referer[scheme + 3 + slash..]))
            .unwrap_or("/");
        let path = path.split('?').next().unwrap_or("/");
        let encoded = base64::engine::general_purpose::URL_SAFE.encode(err.clone().ser());
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("__path", parts.uri.path())
            .append_pair("__err", &encoded)
            // Kept text travels in the Location header: cap it (every field we keep allows less).
            .extend_pairs(keep.iter().map(|(name, value)| (*name, value.chars().take(KEEP_MAX).collect::<String>())))
            .finish();
        if let (Some(response), Ok(location)) =
            (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&format!("{path}?{query}")))
        {
            response.insert_header(http::header::LOCATION, location);
        }
    }

    /// Sends the browser on after a successful server function.
    pub fn redirect(path: &str) {
        leptos_axum::redirect(path);
    }
}
