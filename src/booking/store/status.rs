//! The one write of a booking's stage, and the step that judges it first.

use crate::account::UserId;
use crate::booking::Stage;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::fact::Fact;
use crate::types::{Km, Money};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// What a step records beside the stage, written in the same UPDATE: the
/// dealer's reason for a cancel, the arrival's time and mileage, when the
/// visit ended (done or a no-show) and what it cost; `at`, when the step is
/// taken, dates its fact.
#[derive(Debug, Clone, Copy)]
pub(super) struct Records<'a> {
    pub at: DateTime<Utc>,
    pub dealer_change: Option<&'a str>,
    pub checked_in: Option<(DateTime<Utc>, Km)>,
    pub ended_at: Option<DateTime<Utc>>,
    pub amount: Option<Money>,
}

impl Records<'_> {
    /// A step taken at `at` that records nothing else.
    pub fn at(at: DateTime<Utc>) -> Self {
        Self { at, dealer_change: None, checked_in: None, ended_at: None, amount: None }
    }
}

/// Moves a booking at `dealer` one step along its lifecycle: the step is judged
/// by `booking::transition` against the stage the row is in, then written by
/// `write_status` on that very stage with what it records, so a stale page or
/// a second click cannot skip or repeat a step. Another dealer's booking is
/// not there at all (404). Returns the booking's owner.
pub(super) async fn step(
    tx: &mut Transaction<'static, Any>,
    dealer: i64,
    booking: i64,
    step: crate::booking::Step,
    by: crate::booking::Party,
    records: Records<'_>,
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
    match write_status(tx, booking, from, to, records).await? {
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
/// decided from, with what the step records. None: zero rows, someone moved
/// the booking first (the caller answers that).
pub(super) async fn write_status(
    tx: &mut Transaction<'static, Any>,
    booking: i64,
    from: Stage,
    to: Stage,
    records: Records<'_>,
) -> Result<Option<Placed>, sqlx::Error> {
    let ((from_status, from_workshop), (to_status, to_workshop)) = (from.columns(), to.columns());
    let millis = |at: Option<DateTime<Utc>>| at.map(|at| at.timestamp_millis());
    let moved: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = $1, workshop_stage = $2, dealer_change = COALESCE($3, dealer_change),
                checked_in_at = COALESCE($4, checked_in_at), checkin_mileage = COALESCE($5, checkin_mileage),
                completed_at = COALESCE($6, completed_at), amount_fen = COALESCE($7, amount_fen)
         WHERE id = $8 AND status = $9 AND COALESCE(workshop_stage, '') = $10
         RETURNING dealer_id, bays, starts_at",
    )
    .bind(to_status)
    .bind(to_workshop)
    .bind(records.dealer_change)
    .bind(millis(records.checked_in.map(|(at, _)| at)))
    .bind(records.checked_in.map(|(_, km)| i64::from(km.get())))
    .bind(millis(records.ended_at))
    .bind(records.amount.map(Money::fen))
    .bind(booking)
    .bind(from_status)
    .bind(from_workshop.unwrap_or(""))
    .fetch_optional(&mut **tx)
    .await?;
    let Some((dealer, bays, starts_at)) = moved else { return Ok(None) };
    crate::fact::store::emit(tx, Fact::BookingStageChanged { booking, dealer, to }, records.at).await?;
    Ok(Some(Placed { dealer, bays, starts_at: DateTime::from_timestamp_millis(starts_at).unwrap_or_default() }))
}
