//! Who is asking: the visitor the server's middleware recognised, the checks
//! every page and server function makes before it shows or touches anything,
//! and the error page a failed check (or a missing page) answers with.

use crate::i18n::{Lang, E, T};
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
    /// The form whose post just failed, if one did: shown once, on the page it
    /// was posted from.
    pub failed: Option<FailedForm>,
}

/// A plain form post that failed: which server function refused it, its error
/// (as the server function protocol encodes it) and what the user typed, by
/// field name (`form::kept_value`). Carried in the session, never in the URL,
/// where a mobile, an address or the error would land in logs and the
/// browser's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FailedForm {
    /// The server function's path (`ServerFn::PATH`).
    pub server_fn: String,
    pub error: String,
    pub kept: Vec<(String, String)>,
}

/// The session key holding a failed form ([`FailedForm`]) until the next page
/// shows it, once.
pub const SESSION_FAILED_FORM: &str = "failed_form";

/// The session key holding the sign-in (`pitlane::account::session::SignIn`).
pub const SESSION_SIGN_IN: &str = "sign_in";

/// The session key holding the registration or password reset waiting for its
/// code (a `pitlane::verification::store::VerificationId`): only the browser
/// that asked can finish it.
pub const SESSION_PENDING_CODE: &str = "pending_code";

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

/// Pages only for signed-in people live under these paths. A signed-out visitor
/// is sent to sign in (with the way back) before any of them renders.
pub const SIGNED_IN_AREAS: [&str; 10] = [
    "/me",
    "/rewards",
    "/staff",
    "/admin",
    "/service/book",
    "/club/new",
    "/club/reports",
    "/club/decisions",
    "/club/checkin",
    "/club/moderation",
];

/// Whether `path` is a page only signed-in people may open.
pub fn needs_sign_in(path: &str) -> bool {
    SIGNED_IN_AREAS
        .iter()
        .any(|area| path.strip_prefix(area).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// Renders its children only for a signed-in user whose role `allow`s it;
/// anyone else gets 403. (Signed-out visitors never get here: the server sends
/// them to sign in first, see [`needs_sign_in`]).
#[component]
pub fn RequireRole(allow: fn(Role) -> bool, children: Children) -> impl IntoView {
    match visitor().user {
        None => view! { <ErrorPage status=401 /> }.into_any(),
        Some(user) if !allow(user.role) => view! { <ErrorPage status=403 /> }.into_any(),
        Some(_) => children().into_any(),
    }
}

/// A styled error page that also sets the response status.
#[component]
pub fn ErrorPage(status: u16) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Ok(code) = http::StatusCode::from_u16(status) {
        ssr::set_status(code);
    }
    let lang = visitor().lang;
    let (title, text) = match status {
        401 => (E::ErrUnauthenticated, E::ErrUnauthenticated),
        403 => (E::Error403Title, E::Error403Text),
        404 => (E::Error404Title, E::Error404Text),
        _ => (E::Error500Title, E::Error500Text),
    };
    view! {
        <section class="card narrow error-page">
            <p class="error-code">{status}</p>
            <h1>{title.text(lang)}</h1>
            <p>{text.text(lang)}</p>
            <p>
                <a href="/" class="button">
                    {T::BackHome.text(lang)}
                </a>
            </p>
        </section>
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

    /// Where a signed-out visitor to `path_and_query` is sent: sign in, then back.
    pub fn sign_in_then(path_and_query: &str) -> String {
        let next: String = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
        format!("/login?next={next}")
    }

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

    /// A signed-in staff member at their desk, if their role is allowed.
    pub fn require_staff(allow: fn(Role) -> bool) -> Result<pitlane::account::Staff, AppError> {
        let (user, _) = require(allow)?;
        user.as_staff().ok_or(AppError::Forbidden)
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
    /// form post is sent back to its page, the error waiting in the session.
    pub async fn respond<T: Send + 'static>(
        body: impl Future<Output = Result<T, AppError>> + Send + 'static,
    ) -> Result<T, AppError> {
        respond_keeping(&[], body).await
    }

    /// Like [`respond`], and a failed plain form post also carries back what the
    /// user typed in the `keep` fields (never a password), so nothing is retyped.
    pub async fn respond_keeping<T: Send + 'static>(
        keep: &[(&str, String)],
        body: impl Future<Output = Result<T, AppError>> + Send + 'static,
    ) -> Result<T, AppError> {
        let result = to_the_end(body).await;
        if let Err(err) = &result {
            match use_context::<Parts>().filter(is_plain_form) {
                Some(parts) => back_with_error(&parts, err, keep).await,
                None => set_status(err.status()),
            }
        }
        result
    }

    /// Runs the body as a task of its own (with this request's context). A page
    /// that calls a server function while rendering may be dropped halfway
    /// (Suspense walks its children more than once); a query dropped halfway
    /// costs its database connection, a task runs to its end and returns it.
    async fn to_the_end<T: Send + 'static>(
        body: impl Future<Output = Result<T, AppError>> + Send + 'static,
    ) -> Result<T, AppError> {
        let (done, result) = futures::channel::oneshot::channel();
        leptos::task::spawn(async move {
            // Nobody waiting any more is fine: the work is done either way.
            let _ = done.send(body.await);
        });
        result.await.unwrap_or_else(|_| {
            tracing::error!("a server function's task ended without an answer");
            Err(AppError::Internal)
        })
    }

    fn is_plain_form(parts: &Parts) -> bool {
        parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    }

    /// Kept text waits in the session: cap it (every field we keep allows less).
    const KEEP_MAX: usize = 4000;

    /// Sends the browser back to the form's page, with the error and the kept
    /// values in the session (`Visitor::failed`): the page shows the error on
    /// its field, and its address stays clean. Without a page on this site to
    /// go back to, the error is answered where it is.
    async fn back_with_error(parts: &Parts, err: &AppError, keep: &[(&str, String)]) {
        use server_fn::error::FromServerFnError;
        let Some(page) = form_page(parts) else {
            set_status(err.status());
            return;
        };
        let failed = crate::auth::FailedForm {
            server_fn: parts.uri.path().to_owned(),
            error: String::from_utf8_lossy(&err.clone().ser()).into_owned(),
            kept: keep
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.chars().take(KEEP_MAX).collect()))
                .collect(),
        };
        let stored = match session().await {
            Ok(session) => session.insert(crate::auth::SESSION_FAILED_FORM, failed).await.map_err(|e| e.to_string()),
            Err(_) => Err("no session".to_owned()),
        };
        // The page comes back then without the message: say so in the log.
        if let Err(error) = stored {
            tracing::warn!(%error, "cannot keep a failed form's error");
        }
        if let (Some(response), Ok(location)) =
            (use_context::<ResponseOptions>(), http::HeaderValue::from_str(page.as_str()))
        {
            response.insert_header(http::header::LOCATION, location);
        }
    }

    /// The page the form was posted from: the Referer's path, only when the
    /// Referer is this very site and the path cannot lead a browser elsewhere.
    fn form_page(parts: &Parts) -> Option<pitlane::types::LocalPath> {
        use pitlane::types::LocalPath;
        let header = |name| parts.headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
        let page = LocalPath::of_location(header(http::header::REFERER)?, header(http::header::HOST)?).ok()?;
        LocalPath::parse(page.as_str().split(['?', '#']).next()?).ok()
    }

    /// Sends the browser on after a successful server function.
    pub fn redirect(path: &str) {
        leptos_axum::redirect(path);
    }
}
