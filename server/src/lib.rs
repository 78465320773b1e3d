//! Pitlane's server: configuration, the router with its middleware, sessions,
//! and start-up (migrations, demo data).

pub mod api;
mod bad_requests;
pub mod bare;
mod calendar;
pub mod client_addr;
pub mod commands;
pub mod config;
pub mod deliveries;
mod export;
mod files;
pub mod jobs;
mod page_cache;
mod recognise;
pub mod security;
pub mod session_store;
pub mod startup;

pub use config::Config;
pub use startup::Application;
