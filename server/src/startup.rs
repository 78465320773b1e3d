//! Builds the application from its configuration: database, migrations, demo
//! data, sessions, router and middleware. Binds port 0 happily, so tests can
//! spawn the real thing.

use crate::client_addr::{recognise_client, TrustedProxies};
use crate::config::Config;
use crate::page_cache::{shared_pages, PageCache};
use crate::recognise::recognise;
use crate::security::Hsts;
use crate::session_store::{Remembered, Store};
use app::state::{AppState, Shared};
use app::{shell, App};
use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use pitlane::db::Db;
use pitlane::Clock;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] pitlane::db::DbError),
    #[error("seeding demo data failed: {0}")]
    Seed(#[from] pitlane::DomainError),
    #[error("session store: {0}")]
    Sessions(#[source] sqlx::Error),
    #[error(transparent)]
    Origin(#[from] crate::config::MissingOrigin),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        // Refused before anything is touched: a production start must name its address.
        let configured = config.public_origin()?;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartupError::Bind { addr: config.addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartupError::Bind { addr: config.addr, source })?;
        // Without one (a demo), the address this server answers on.
        let public_origin = configured.unwrap_or_else(|| {
            let origin = pitlane::types::Origin::of_listener(addr);
            tracing::warn!("PITLANE_PUBLIC_ORIGIN is not set: links in texts and QR codes name {origin}, which only this machine may reach");
            origin
        });
        let db = Db::connect(&config.database_url, config.db_connections).await?;
        db.migrate().await?;
        if config.seed_demo && pitlane::seed::seed_if_empty(&db, &*clock, &public_origin).await? {
            tracing::info!("seeded demo data into the empty database");
        }
        let sessions = Store::open(&db).await.map_err(StartupError::Sessions)?;
        if config.run_jobs {
            crate::jobs::spawn(db.clone(), clock.clone());
        }
        // Expired sessions are removed hourly so the table does not grow forever.
        tokio::spawn({
            use tower_sessions::session_store::ExpiredDeletion;
            let sessions = sessions.clone();
            async move {
                if let Err(err) = sessions.continuously_delete_expired(std::time::Duration::from_secs(3600)).await {
                    tracing::error!(error = %err, "expired-session cleanup stopped");
                }
            }
        });
        let hashes = asset_hashes();
        let leptos_options = LeptosOptions::builder()
            .output_name("pitlane")
            .hash_files(hashes.is_some())
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let files = Arc::new(pitlane::upload::store::InDatabase);
        let state =
            AppState::new(Shared { leptos_options, db, clock, files, public_origin, analytics: Default::default() });
        let router = router(state.clone(), sessions, config, hashes.as_deref());
        Ok(Self { listener, router, state })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown_signal()).await?;
        self.state.db.close().await;
        Ok(())
    }
}

fn router(state: AppState, sessions: Store, config: &Config, hashes: Option<&str>) -> Router {
    let session_layer = SessionManagerLayer::new(Remembered::new(sessions))
        .with_name("pitlane_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        // Idle for 14 days, a session expires; however active, it ends 30 days after
        // its sign-in (`pitlane::account::session::MAX_AGE_DAYS`, checked by `recognise`).
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::days(14)));
    let routes = generate_route_list(App);
    let pages = Router::new()
        .route("/files/{id}", get(crate::files::serve))
        .route("/me/bookings/{id}/calendar.ics", get(crate::calendar::booking_ics))
        .route("/staff/export/segment.csv", get(crate::export::segment_csv))
        .route("/staff/export/segment/{file}", get(crate::export::saved_segment_csv))
        .route("/staff/export/customers.csv", get(crate::export::customers_csv))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(PageCache::default(), shared_pages))
        .layer(axum::middleware::from_fn(crate::security::sign_in_first))
        .layer(axum::middleware::from_fn_with_state(state.clone(), recognise))
        .layer(axum::middleware::from_fn(crate::bad_requests::api_errors))
        .layer(session_layer)
        .with_state(state.clone());
    let pkg_dir = format!("{}/pkg", state.leptos_options.site_root);
    // A name that changes with the content may be kept for good; a plain one may change under it.
    let caching = match hashes {
        Some(_) => "public, max-age=31536000, immutable",
        None => "public, max-age=3600",
    };
    let assets = Router::new().nest_service("/pkg", ServeDir::new(pkg_dir)).layer(
        SetResponseHeaderLayer::if_not_present(http::header::CACHE_CONTROL, http::HeaderValue::from_static(caching)),
    );
    let error_page = server_error_page(&hashed_name(hashes, "css"));
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(state.clone())
        .merge(crate::api::router(state))
        .merge(assets)
        .merge(pages)
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(crate::security::body_limits))
        .layer(CatchPanicLayer::custom(move |_: Box<dyn std::any::Any + Send + 'static>| {
            tracing::error!("a request handler panicked");
            (StatusCode::INTERNAL_SERVER_ERROR, axum::response::Html(error_page.clone())).into_response()
        }))
        .layer(axum::middleware::from_fn_with_state(
            TrustedProxies(Arc::new(config.trusted_proxies.clone())),
            recognise_client,
        ))
        .layer(axum::middleware::from_fn(crate::security::redirects_stay_on_site))
        // Before anything reads a body: another site's page cannot post here.
        .layer(axum::middleware::from_fn(crate::security::same_site_writes))
        .layer(axum::middleware::from_fn_with_state(Hsts(config.secure_cookies), crate::security::security_headers))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::extract::Request| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The hashes cargo-leptos wrote beside the binary when it named the assets by
/// their content (`hash-files`, release builds); none for a binary built
/// without it (the tests'), which then serves the plain names.
fn asset_hashes() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    std::fs::read_to_string(exe.parent()?.join("hash.txt")).ok()
}

/// `pitlane.<hash>.<ext>`, or `pitlane.<ext>` without hashes.
fn hashed_name(hashes: Option<&str>, ext: &str) -> String {
    let hash = hashes.and_then(|h| {
        h.lines()
            .find_map(|line| line.split_once(':').filter(|(kind, _)| kind.trim() == ext).map(|(_, hash)| hash.trim()))
    });
    match hash {
        Some(hash) => format!("pitlane.{hash}.{ext}"),
        None => format!("pitlane.{ext}"),
    }
}

/// The styled 500 page for a handler that panicked: static, in both languages,
/// because whatever failed may be what renders pages.
fn server_error_page(stylesheet: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>500 · Pitlane</title><link rel="stylesheet" href="/pkg/{stylesheet}"></head><body><main class="page"><section class="card narrow error-page"><p class="error-code">500</p><h1>出错了 · Something went wrong</h1><p>我们这边出了问题，请稍后重试。问题已记录。</p><p lang="en">Something failed on our side. Please try again; the problem has been logged.</p><p><a class="button" href="/">返回首页 · Home</a></p></section></main></body></html>"#
    )
}

/// Liveness and readiness in one: JSON, 503 when the database does not answer.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let engine = match state.db.engine() {
        pitlane::db::Engine::Sqlite => "sqlite",
        pitlane::db::Engine::Postgres => "postgres",
    };
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": engine }))),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "database": engine })))
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::hashed_name;

    #[test]
    fn assets_are_named_by_their_hash_when_the_build_wrote_one() {
        let hashes = "js: 7f3a\nwasm: 91bc\ncss: 0d2e\n";
        assert_eq!(hashed_name(Some(hashes), "css"), "pitlane.0d2e.css");
        assert_eq!(hashed_name(Some(hashes), "js"), "pitlane.7f3a.js");
        assert_eq!(hashed_name(None, "css"), "pitlane.css");
    }
}
