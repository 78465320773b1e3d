//! Details, mileage and history in the database (claims are in
//! [`super::claim::store`]). Every owner's read and write is scoped to the
//! owner's current ownership: another owner's car is "not found". By what it
//! does, in `store/`; the pages that show several of them at once in `page`.

mod details;
pub(crate) mod odometer;
pub(crate) mod ownership;
pub mod page;
mod read;
mod staff;

pub use details::{release, report_work, update_details};
pub use read::{car, cars, history, last_maintenance, last_maintenance_by_car};
pub use staff::{correct_mileage, decide_held, staff_view, transfer};
