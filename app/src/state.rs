//! What every request handler and server function can reach: the database, the
//! clock and Leptos's options. Provided through context, never a global.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use pitlane::db::Db;
use pitlane::Clock;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Where uploaded pictures are kept (the database unless configured otherwise).
    pub files: Arc<dyn pitlane::upload::store::FileStore>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
