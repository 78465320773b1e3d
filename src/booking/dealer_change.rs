//! When the dealer has to move or cancel a booking (a bay out of action, a
//! part not in): the owner is told why, in the portal and by their channel,
//! and answers by accepting or picking another time. The history names the
//! advisor who made the change.

use super::store::{cancel_places, check_start, dealer_plan, event, move_places, service, Move};
use super::DealerVisit;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::{DateTime, Utc};

/// The booked (not yet started) booking at `dealer`: owner, start, service, bays.
async fn booked_at(db: &Db, dealer: i64, booking: i64) -> Result<(i64, DateTime<Utc>, i64, i64), DomainError> {
    let row: Option<(i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT owner_id, starts_at, status, service_type_id, bays FROM bookings WHERE id = $1 AND dealer_id = $2",
    )
    .bind(booking)
    .bind(dealer)
    .fetch_optional(db.pool())
    .await?;
    let (owner, starts_at, status, service, bays) = row.ok_or(DomainError::NotFound)?;
    if status != "booked" {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    Ok((owner, DateTime::from_timestamp_millis(starts_at).unwrap_or_default(), service, bays))
}

/// Moves the booking to another start with the places taken there, for a
/// reason the owner sees.
pub async fn dealer_move(
    db: &Db,
    clock: &dyn Clock,
    visit: DealerVisit,
    starts_at: DateTime<Utc>,
    reason: &str,
) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let (owner, old_start, service_id, bays) = booked_at(db, dealer, booking).await?;
    let plan = dealer_plan(db, dealer).await?;
    let service = service(db, service_id).await?;
    check_start(&plan, &service, starts_at, now)?;
    let mut tx = db.begin_write().await?;
    let moving = Move { plan: &plan, service: &service, booking, bays, from: old_start };
    move_places(&mut tx, moving, starts_at, Some(reason)).await?;
    event(
        &mut tx,
        booking,
        now,
        advisor,
        "moved_by_dealer",
        &format!("{} -> {}: {reason}", old_start.to_rfc3339(), starts_at.to_rfc3339()),
    )
    .await?;
    let at = crate::zone::wall_clock(plan.zone, starts_at);
    let link = format!("/me/bookings/{booking}");
    let notice = Notice::BookingMoved { at, reason: reason.to_owned() };
    let message = Message { notice, link: &link, category: Category::Service };
    tell(&mut tx, owner, message, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels the booking on the dealer's side, for a reason the owner sees.
pub async fn dealer_cancel(db: &Db, clock: &dyn Clock, visit: DealerVisit, reason: &str) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let (owner, _, service_id, _) = booked_at(db, dealer, booking).await?;
    let service = service(db, service_id).await?;
    let mut tx = db.begin_write().await?;
    if !cancel_places(&mut tx, booking, &service, Some(reason)).await? {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    event(&mut tx, booking, now, advisor, "cancelled_by_dealer", reason).await?;
    let link = format!("/me/bookings/{booking}");
    let notice = Notice::BookingCancelled { reason: reason.to_owned() };
    let message = Message { notice, link: &link, category: Category::Service };
    tell(&mut tx, owner, message, now).await?;
    tx.commit().await?;
    Ok(())
}
