//! When the dealer has to move or cancel a booking (a bay out of action, a
//! part not in): the owner is told why, in the portal and by their channel,
//! and answers by accepting or picking another time. The history names the
//! advisor who made the change.

use super::book::check_start;
use super::change::{cancel_places, move_places, Move};
use super::plan::dealer_plan;
use super::row::{event, service};
use crate::account::UserId;
use crate::booking::{DealerVisit, Stage};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::{DateTime, Utc};

/// A booking the dealer may still change: its owner and where it holds places.
#[derive(sqlx::FromRow)]
struct Booked {
    owner_id: UserId,
    starts_at: i64,
    status: String,
    workshop_stage: Option<String>,
    service_type_id: i64,
    bays: i64,
}

/// The booking at `dealer`, only while it is booked (the car not yet there).
async fn booked_at(db: &Db, dealer: i64, booking: i64) -> Result<Booked, DomainError> {
    let row: Booked = sqlx::query_as(
        "SELECT owner_id, starts_at, status, workshop_stage, service_type_id, bays FROM bookings
         WHERE id = $1 AND dealer_id = $2",
    )
    .bind(booking)
    .bind(dealer)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    if Stage::from_columns(&row.status, row.workshop_stage.as_deref()) != Some(Stage::Booked) {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    Ok(row)
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
    let booked = booked_at(db, dealer, booking).await?;
    let old_start = DateTime::from_timestamp_millis(booked.starts_at).unwrap_or_default();
    let plan = dealer_plan(db, dealer).await?;
    let service = service(db, booked.service_type_id).await?;
    check_start(&plan, &service, starts_at, now)?;
    let mut tx = db.begin_write().await?;
    let moving = Move { plan: &plan, service: &service, booking, bays: booked.bays, from: old_start, at: now };
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
    tell(&mut tx, booked.owner_id, message, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels the booking on the dealer's side, for a reason the owner sees.
pub async fn dealer_cancel(db: &Db, clock: &dyn Clock, visit: DealerVisit, reason: &str) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let booked = booked_at(db, dealer, booking).await?;
    let service = service(db, booked.service_type_id).await?;
    let mut tx = db.begin_write().await?;
    if !cancel_places(&mut tx, booking, &service, Some(reason), now).await? {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    event(&mut tx, booking, now, advisor, "cancelled_by_dealer", reason).await?;
    let link = format!("/me/bookings/{booking}");
    let notice = Notice::BookingCancelled { reason: reason.to_owned() };
    let message = Message { notice, link: &link, category: Category::Service };
    tell(&mut tx, booked.owner_id, message, now).await?;
    tx.commit().await?;
    Ok(())
}
