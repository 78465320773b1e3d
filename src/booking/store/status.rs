//! The one write of a booking's stage, and the step that judges it first.

use crate::account::UserId;
use crate::booking::Stage;
use crate::error::{DomainError, Field, FieldError, Problem};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Moves a booking at `dealer` one step along its lifecycle: the step is judged
/// by `booking::transition` against the stage the row is in, then written by
/// `write_status` on that very stage, so a stale page or a second click cannot
/// skip or repeat a step. Another dealer's booking is not there at all (404).
/// Returns the booking's owner.
pub(in crate::booking) async fn step(
    tx: &mut Transaction<'static, Any>,
    dealer: i64,
    booking: i64,
    step: crate::booking::Step,
    by: crate::booking::Party,
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
    let to =
        crate::booking::transition(from, step, by).map_err(|_| FieldError::new(Field::Slot, Problem::WrongState))?;
    match write_status(tx, booking, from, to, None).await? {
        Some(_) => Ok(owner),
        None => Err(FieldError::new(Field::Slot, Problem::WrongState).into()),
    }
}

/// Where a booking held its places, as the write that moved it returns them.
pub(super) struct Placed {
    pub dealer: i64,
    pub bays: i64,
    pub starts_at: DateTime<Utc>,
}

/// Writes a decided step with one conditional UPDATE on the stage it was
/// decided from, with the dealer's reason when the dealer cancels. None: zero
/// rows, someone moved the booking first (the caller answers that).
pub(super) async fn write_status(
    tx: &mut Transaction<'static, Any>,
    booking: i64,
    from: Stage,
    to: Stage,
    dealer_change: Option<&str>,
) -> Result<Option<Placed>, sqlx::Error> {
    let ((from_status, from_workshop), (to_status, to_workshop)) = (from.columns(), to.columns());
    let moved: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = $1, workshop_stage = $2, dealer_change = COALESCE($3, dealer_change)
         WHERE id = $4 AND status = $5 AND COALESCE(workshop_stage, '') = $6
         RETURNING dealer_id, bays, starts_at",
    )
    .bind(to_status)
    .bind(to_workshop)
    .bind(dealer_change)
    .bind(booking)
    .bind(from_status)
    .bind(from_workshop.unwrap_or(""))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(moved.map(|(dealer, bays, starts_at)| Placed {
        dealer,
        bays,
        starts_at: DateTime::from_timestamp_millis(starts_at).unwrap_or_default(),
    }))
}
