//! Bookings in the database. Taking places is one transaction per booking:
//! each covered slot's `used` is raised only while it stays within capacity
//! (a conditional UPDATE, plus a CHECK constraint behind it), so concurrent
//! bookings can never over-fill a slot on either engine. The one write of a
//! stage is `status::write_status`; the rest by what it does, in `store/`.

mod book;
mod change;
mod choices;
mod plan;
mod read;
mod remind;
mod row;
mod status;

pub use book::{book, Channel, Request};
pub use change::{accept_change, add_photos, cancel, confirm, reschedule};
pub use choices::{booking_choices, offers_on};
pub use plan::{calendar, day_offers, dealer_plan, service_types, usage, DealerPlan};
pub use read::{booking, bookings, details, estimates, history, next_visit, next_visits, photos};
pub use remind::remind_day_before;

pub(super) use book::check_start;
pub(super) use change::{cancel_places, move_places, Move};
pub(super) use row::{event, service, BookingRow, BOOKING_COLUMNS};
pub(super) use status::step;
