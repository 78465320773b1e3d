//! A lead's test drive in the database: taking a demo car for an hour, and the
//! one writer of a drive's status (`write_status`), which every end of a drive
//! goes through.

use super::{LeadRow, Tx};
use crate::error::{Conflict, DomainError, Field};
use crate::lead::drive::{transition, Action, Status};
use crate::lead::{Party, TransitionError};
use chrono::{DateTime, Utc};

/// The lead's booked drive (a lead has at most one: a unique index says so).
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub(in crate::lead::store) struct Booked {
    pub id: i64,
    pub status: Status,
    pub starts_at: i64,
}

pub(in crate::lead::store) async fn booked(tx: &mut Tx, lead: i64) -> Result<Option<Booked>, sqlx::Error> {
    sqlx::query_as("SELECT id, status, starts_at FROM test_drives WHERE lead_id = $1 AND status = $2")
        .bind(lead)
        .bind(Status::Booked.as_str())
        .fetch_optional(&mut **tx)
        .await
}

/// The start of the lead's booked drive, if any.
pub(in crate::lead::store) async fn drive_at(tx: &mut Tx, lead: i64) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    Ok(booked(tx, lead).await?.and_then(|d| DateTime::from_timestamp_millis(d.starts_at)))
}

/// Ends the lead's booked drive, if it has one, by the action `how` picks from
/// its start (`drive::ending` when the lead ends; `GiveBack` when it moves).
pub(in crate::lead::store) async fn end(
    tx: &mut Tx,
    lead: i64,
    by: Party,
    how: impl FnOnce(DateTime<Utc>) -> Action,
) -> Result<(), DomainError> {
    let Some(drive) = booked(tx, lead).await? else { return Ok(()) };
    let starts_at = DateTime::from_timestamp_millis(drive.starts_at).unwrap_or_default();
    let to = transition(drive.status, how(starts_at), by).map_err(|e| DomainError::invalid(Field::Outcome, e))?;
    write_status(tx, drive.id, drive.status, to).await
}

/// Writes a drive's decided change, only if nobody moved it first (zero rows:
/// answered as a step that no longer follows).
pub(in crate::lead::store) async fn write_status(
    tx: &mut Tx,
    id: i64,
    from: Status,
    to: Status,
) -> Result<(), DomainError> {
    let done = sqlx::query("UPDATE test_drives SET status = $1 WHERE id = $2 AND status = $3")
        .bind(to.as_str())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::invalid(Field::Outcome, TransitionError::NotFromHere));
    }
    Ok(())
}

/// Books a demo car of the lead's model at `at` for the lead: the first of the
/// dealer's cars not out then. The unique index on (car, start) is the last
/// word when two requests race for the last car.
pub(in crate::lead::store) async fn take_car(
    tx: &mut Tx,
    lead: &LeadRow,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let at = at.timestamp_millis();
    let car: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM demo_cars c
         WHERE c.dealer_id = $1 AND c.model_id = $2 AND c.active = 1
           AND NOT EXISTS (SELECT 1 FROM test_drives d WHERE d.demo_car_id = c.id AND d.starts_at = $3 AND d.status <> $4)
         ORDER BY c.id LIMIT 1",
    )
    .bind(lead.dealer_id)
    .bind(lead.model_id)
    .bind(at)
    .bind(Status::Cancelled.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let car = car.ok_or(DomainError::Conflict(Conflict::SlotTaken))?;
    sqlx::query(
        "INSERT INTO test_drives (lead_id, demo_car_id, starts_at, status, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(lead.id)
    .bind(car)
    .bind(at)
    .bind(Status::Booked.as_str())
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            DomainError::Conflict(Conflict::SlotTaken)
        } else {
            DomainError::Database(e)
        }
    })?;
    Ok(())
}
