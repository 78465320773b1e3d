//! Pitlane's server: configuration, the router with its middleware, sessions,
//! and start-up (migrations, demo data).

mod bad_requests;
mod calendar;
pub mod client_addr;
pub mod commands;
pub mod config;
mod files;
pub mod jobs;
mod recognise;
pub mod security;
pub mod session_store;
pub mod startup;

pub use config::Config;
pub use startup::Application;
