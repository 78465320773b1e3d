//! The CRM's figures in the database: what the daily job measures and keeps.

pub mod page;
pub mod rollup;
pub mod scores;
