//! Codes in the database. Each request writes one row (the code's hash and what
//! it unlocks) and one outbox message in one transaction. Each try is counted
//! by a conditional UPDATE *before* the code is checked, so parallel guesses
//! share the five tries; a code is spent by another conditional UPDATE in the
//! transaction that does what it unlocks, so it works once.
//!
//! Whether a number has an account never shows: a taken number gets a warning
//! to its owner instead of a code, an unknown one gets nothing, and both leave
//! a row (`sent = 0`) that answers every try like a real one and never unlocks.

mod code;
mod contact;
mod registration;
mod resend;
mod reset;

pub use code::{
    VerificationId, REQUESTS_PER_ADDRESS_HOUR, REQUESTS_PER_RECIPIENT_DAY, REQUESTS_PER_RECIPIENT_HOUR,
    TRIES_PER_ADDRESS_HOUR, TRIES_PER_RECIPIENT_HOUR,
};
pub use contact::{confirm_contact, pending_contacts, start_contact, start_reverify};
pub use registration::{finish_registration, register_owner, start_registration};
pub use resend::resend;
pub use reset::{finish_reset, recipient, start_reset};
