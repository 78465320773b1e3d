//! Who did what, and when, to a booking, a case or a profile: one row per step,
//! written in the same transaction as the step itself.

use crate::account::UserId;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// What a history line is about; each has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Booking(i64),
    Case(i64),
}

/// One history line as read back, with the actor's name beside their id.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub at: i64,
    pub kind: String,
    pub detail: String,
    pub actor_id: Option<i64>,
    /// The actor's name; `None` for events the system wrote.
    pub actor_name: Option<String>,
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

/// One field of a profile changed, for its history.
pub(crate) struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Writes one line of the profile history in the caller's transaction.
pub(crate) async fn record_profile_change(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    change: FieldChange,
    actor: UserId,
    by_staff: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO profile_changes (user_id, field, old_value, new_value, changed_by, by_staff, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user)
    .bind(change.field)
    .bind(change.old)
    .bind(change.new)
    .bind(actor)
    .bind(i64::from(by_staff))
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
