//! Pitlane's domain: the types input is parsed into, the business rules, and
//! (feature `ssr`) the data access that enforces them. Compiles to wasm without
//! `ssr`, so the browser checks input with the same code the server enforces.

#[macro_use]
mod stored_enum;

pub mod account;
pub mod analytics;
pub mod audit;
pub mod booking;
pub mod case;
pub mod clock;
pub mod club;
pub mod customer;
pub mod dealer;
pub mod error;
pub mod export;
pub mod fact;
pub mod followup;
pub mod garage;
pub mod integration;
pub mod lang;
pub mod lead;
pub mod loyalty;
pub mod notify;
pub mod profile;
pub mod purchase;
pub mod recall;
pub mod register;
pub mod reminder;
pub mod repair_order;
pub mod segment;
pub mod types;
pub mod upload;
pub mod verification;
pub mod warranty;
pub mod zone;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod seed;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::DomainError;
