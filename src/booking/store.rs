//! Bookings in the database. Taking places is one transaction per booking:
//! each covered slot's `used` is raised only while it stays within capacity
//! (a conditional UPDATE, plus a CHECK constraint behind it), so concurrent
//! bookings can never over-fill a slot on either engine. Here: `advance`, the
//! one write of a stage; the rest by what it does, in `store/`.

mod book;
mod change;
mod choices;
mod plan;
mod read;
mod remind;
mod row;

pub use book::{book, Channel, Request};
pub use change::{accept_change, add_photos, cancel, confirm, reschedule};
pub use choices::{booking_choices, offers_on};
pub use plan::{calendar, day_offers, dealer_plan, service_types, usage, DealerPlan};
pub use read::{booking, bookings, details, estimates, history, next_visit, next_visits, photos};
pub use remind::remind_day_before;

pub(super) use book::check_start;
pub(super) use change::{cancel_places, move_places, Move};
pub(super) use row::{event, service, BookingRow, BOOKING_COLUMNS};

use super::Stage;
use crate::account::UserId;
use crate::error::{DomainError, Field, FieldError, Problem};
use sqlx::{Any, Transaction};

/// Moves a booking at `dealer` one step along its lifecycle: the step is judged
/// by `booking::transition` against the stage the row is in, then written with
/// one conditional UPDATE on that very stage, so a stale page or a second click
/// cannot skip or repeat a step. Another dealer's booking is not there at all
/// (404). Returns the booking's owner.
pub(super) async fn advance(
    tx: &mut Transaction<'static, Any>,
    dealer: i64,
    booking: i64,
    step: super::Step,
    by: super::Party,
) -> Result<UserId, DomainError> {
    let row: Option<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT status, workshop_stage, owner_id FROM bookings WHERE id = $1 AND dealer_id = $2")
            .bind(booking)
            .bind(dealer)
            .fetch_optional(&mut **tx)
            .await?;
    let (status, workshop, owner) = row.ok_or(DomainError::NotFound)?;
    let from = Stage::from_columns(&status, workshop.as_deref())
        .ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("booking stage {status}").into())))?;
    let to = super::transition(from, step, by).map_err(|_| FieldError::new(Field::Slot, Problem::WrongState))?;
    let ((from_status, from_workshop), (to_status, to_workshop)) = (from.columns(), to.columns());
    let moved = sqlx::query(
        "UPDATE bookings SET status = $1, workshop_stage = $2
         WHERE id = $3 AND status = $4 AND COALESCE(workshop_stage, '') = $5",
    )
    .bind(to_status)
    .bind(to_workshop)
    .bind(booking)
    .bind(from_status)
    .bind(from_workshop.unwrap_or(""))
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    Ok(owner)
}
