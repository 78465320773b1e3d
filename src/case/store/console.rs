//! The care console's actions on a case besides its status: who works it,
//! its priority, merging a duplicate, linking a booking or a car.

use super::row::{at, event, on_desk};
use super::sla::policy;
use super::status::{write_status, Records};
use crate::account::{Staff, UserId};
use crate::case::{transition, Action, Party, Priority, TransitionError};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};

/// Who works the case: an agent, and which dealer it concerns.
pub async fn assign(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    assignee: Option<UserId>,
    dealer: Option<i64>,
) -> Result<(), DomainError> {
    let row = on_desk(db, staff.desk, id).await?;
    // A dealer-bound desk cannot hand a case to another dealer's patch.
    let dealer = staff.desk.dealer().or(dealer);
    if let Some(agent) = assignee {
        let found: Option<(String, Option<i64>)> = sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1")
            .bind(agent)
            .fetch_optional(db.pool())
            .await?;
        // The agent must be able to open the case: brand-wide, or at its dealer.
        let case_dealer = dealer.or(row.dealer_id);
        let fits = matches!(&found, Some((role, at)) if matches!(role.as_str(), "care_agent" | "admin") && (at.is_none() || *at == case_dealer));
        if !fits {
            return Err(FieldError::new(Field::Role, Problem::UnknownChoice).into());
        }
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE cases SET assignee_id = $1, dealer_id = COALESCE($2, dealer_id) WHERE id = $3")
        .bind(assignee)
        .bind(dealer)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = format!(
        "agent={} dealer={}",
        assignee.map(|a| a.to_string()).unwrap_or_default(),
        dealer.map(|d| d.to_string()).unwrap_or_default()
    );
    event(&mut tx, id, now, Some(staff.id), "assigned", &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A new priority moves the targets not yet met (measured from the opening).
pub async fn set_priority(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    priority: Priority,
) -> Result<(), DomainError> {
    let row = on_desk(db, staff.desk, id).await?;
    let sla = policy(db, priority).await?;
    let opened = at(row.created_at);
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE cases SET priority = $1,
            response_due = CASE WHEN responded_at IS NULL THEN $2 ELSE response_due END,
            resolution_due = CASE WHEN resolved_at IS NULL THEN $3 ELSE resolution_due END
         WHERE id = $4",
    )
    .bind(priority.as_str())
    .bind(sla.response_due(opened).timestamp_millis())
    .bind(sla.resolution_due(opened).timestamp_millis())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    event(&mut tx, id, now, Some(staff.id), "priority", &format!("{} -> {}", row.priority, priority.as_str())).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes a duplicate into the case it repeats (same owner); both histories say so.
pub async fn merge(db: &Db, clock: &dyn Clock, staff: Staff, id: i64, into: i64) -> Result<(), DomainError> {
    let duplicate = on_desk(db, staff.desk, id).await?;
    let target =
        on_desk(db, staff.desk, into).await.map_err(|_| FieldError::new(Field::MergeInto, Problem::UnknownChoice))?;
    if id == into || target.owner_id != duplicate.owner_id || target.merged_into.is_some() {
        return Err(FieldError::new(Field::MergeInto, Problem::UnknownChoice).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    // Lock both rows in id order, so agents merging A into B and B into A at
    // once queue instead of deadlocking (PostgreSQL; SQLite's write lock queues).
    for row_id in [id.min(into), id.max(into)] {
        sqlx::query("UPDATE cases SET title = title WHERE id = $1").bind(row_id).execute(&mut *tx).await?;
    }
    // The target must still be open, so crossed merges cannot both win.
    let target_open =
        sqlx::query("UPDATE cases SET merged_into = NULL WHERE id = $1 AND merged_into IS NULL AND status <> 'closed'")
            .bind(into)
            .execute(&mut *tx)
            .await?;
    if target_open.rows_affected() != 1 {
        return Err(FieldError::new(Field::MergeInto, Problem::Case(TransitionError::NotFromHere)).into());
    }
    let from = duplicate.status()?;
    let to = transition(from, Action::Merge, Party::Staff)
        .map_err(|e| FieldError::new(Field::MergeInto, Problem::Case(e)))?;
    if !write_status(&mut tx, id, from, to, Records::Merged { into }, now).await? {
        return Err(FieldError::new(Field::MergeInto, Problem::Case(TransitionError::NotFromHere)).into());
    }
    sqlx::query("UPDATE case_photos SET case_id = $1 WHERE case_id = $2").bind(into).bind(id).execute(&mut *tx).await?;
    event(&mut tx, id, now, Some(staff.id), "merged_into", &into.to_string()).await?;
    event(&mut tx, into, now, Some(staff.id), "merged_from", &format!("{id}: {}", duplicate.title)).await?;
    tx.commit().await?;
    Ok(())
}

/// What a case can be linked to: one of its owner's bookings (and so that
/// car and dealer), or one of the owner's cars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Booking(i64),
    Car(crate::types::Vin),
}

pub async fn link(db: &Db, clock: &dyn Clock, staff: Staff, id: i64, to: Link) -> Result<(), DomainError> {
    let row = on_desk(db, staff.desk, id).await?;
    let (booking, vin, dealer): (Option<i64>, String, Option<i64>) = match &to {
        Link::Booking(booking) => {
            let found: Option<(String, i64)> =
                sqlx::query_as("SELECT vin, dealer_id FROM bookings WHERE id = $1 AND owner_id = $2")
                    .bind(booking)
                    .bind(row.owner_id)
                    .fetch_optional(db.pool())
                    .await?;
            let (vin, dealer) = found.ok_or(FieldError::new(Field::Booking, Problem::UnknownChoice))?;
            (Some(*booking), vin, Some(dealer))
        }
        Link::Car(vin) => {
            let owned: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM ownerships WHERE vin = $1 AND owner_id = $2 AND ended_at IS NULL")
                    .bind(vin.as_str())
                    .bind(row.owner_id)
                    .fetch_optional(db.pool())
                    .await?;
            owned.ok_or(FieldError::new(Field::Vin, Problem::UnknownChoice))?;
            (None, vin.to_string(), None)
        }
    };
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE cases SET booking_id = COALESCE($1, booking_id), vin = $2, dealer_id = COALESCE(dealer_id, $3) WHERE id = $4",
    )
    .bind(booking)
    .bind(&vin)
    .bind(dealer)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let detail = booking.map_or_else(|| vin.clone(), |b| format!("#{b}"));
    event(&mut tx, id, now, Some(staff.id), "linked", &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Care agents (and admins) a case can be assigned to at this desk.
pub async fn agents(db: &Db, staff: Staff) -> Result<Vec<(i64, String)>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role IN ('care_agent', 'admin') AND ($1 IS NULL OR dealer_id = $1)
         ORDER BY display_name",
    )
    .bind(staff.desk.dealer())
    .fetch_all(db.pool())
    .await?)
}
