//! Who did what, and when, to a booking or a case: one row per step, written
//! in the same transaction as the step itself.

use crate::account::UserId;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// What a history line is about; each has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Booking(i64),
    Case(i64),
}

/// Records one step. `actor` is None for the system (a scheduled job).
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    subject: Subject,
    at: DateTime<Utc>,
    actor: Option<UserId>,
    kind: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let (insert, id) = match subject {
        Subject::Booking(id) => {
            ("INSERT INTO booking_events (booking_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)", id)
        }
        Subject::Case(id) => {
            ("INSERT INTO case_events (case_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)", id)
        }
    };
    sqlx::query(insert)
        .bind(id)
        .bind(at.timestamp_millis())
        .bind(actor)
        .bind(kind)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets a "done at" column on one row if it is still empty; true when this
/// caller did it. Scheduled jobs claim each row this way, so a second run, or
/// a second instance, acts on it no more than once.
pub async fn claim_once(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    column: &'static str,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE id = $2 AND {column} IS NULL"))
        .bind(at.timestamp_millis())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(claimed.rows_affected() == 1)
}
