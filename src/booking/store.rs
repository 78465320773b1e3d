//! Bookings in the database. Taking places is one transaction per booking:
//! each covered slot's `used` is raised only while it stays within capacity
//! (a conditional UPDATE, plus a CHECK constraint behind it), so concurrent
//! bookings can never over-fill a slot on either engine. The one write of a
//! stage is `status::write_status`; the rest by what it does, in `store/`.

mod advisors;
mod book;
mod change;
mod choices;
mod day;
mod dealer_change;
mod estimate;
mod plan;
mod read;
mod remind;
mod row;
mod status;
mod visit;
mod workshop;

pub use advisors::{advisors, assign_advisor, name_for_buyer, named_advisor, owner_by_identifier};
pub use book::{book, Channel, Request};
pub use change::{accept_change, add_photos, cancel, confirm, reschedule};
pub use choices::{booking_choices, offers_on};
pub use day::{day_sheet, week};
pub use dealer_change::{dealer_cancel, dealer_move};
pub use estimate::{decide, send_estimate};
pub use plan::{calendar, day_offers, dealer_plan, service_types, usage, DealerPlan};
pub use read::{booking, bookings, details, estimates, history, next_visit, next_visits, photos};
pub use remind::remind_day_before;
pub(crate) use visit::close_from_workshop;
pub use visit::{check_in, complete, no_show};
pub use workshop::{ready, start_work};
