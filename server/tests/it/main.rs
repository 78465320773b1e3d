//! The integration tests, linked as one binary (one link instead of one per
//! file: faster to build, a fraction of the disk). Each module is one feature;
//! every test runs on SQLite and on PostgreSQL (`on_both_engines!`).

#[macro_use]
mod helpers;

mod access_matrix;
mod accounts;
mod analytics;
mod api_callers;
mod api_cases_leads;
mod api_events;
mod api_guards;
mod api_keys;
mod api_loyalty;
mod api_recalls;
mod api_register;
mod api_repair_orders;
mod api_webhooks;
mod booking;
mod booking_choices;
mod booking_fair_use;
mod booking_workshop;
mod cases;
mod club;
mod club_sanitiser;
mod customer_card;
mod customers;
mod first_start;
mod garage;
mod garage_claims;
mod garage_staff;
mod instances;
mod integrations_desk;
mod leads;
mod leads_prospect;
mod loyalty;
mod profile;
mod reminders;
mod roles;
mod scores;
mod security;
mod segments;
mod shell;
mod uploads;
mod verification;
mod warranty;
