//! What every request handler and server function can reach: the database, the
//! clock and Leptos's options. Provided through context, never a global.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use pitlane::db::Db;
use pitlane::Clock;
use std::sync::Arc;

/// Cloned for every middleware, handler and server function a request passes
/// through, so a clone is one shared count: copying the parts (Leptos's options
/// alone hold a dozen shared strings) was a quarter of the home page's CPU, the
/// cores fighting over the counts.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Where uploaded pictures are kept (the database unless configured otherwise).
    pub files: Arc<dyn pitlane::upload::store::FileStore>,
    /// Where people reach the portal, for links that leave it (texts, QR codes).
    pub public_origin: pitlane::types::Origin,
    /// Analytics pages already summed from the current roll-up.
    pub analytics: pitlane::analytics::store::page::Summed,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
