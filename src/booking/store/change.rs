//! Changing a booking: the owner cancels, moves or confirms it, accepts the dealer's move,
//! or adds photos; the place-moving writes the dealer's changes use too.

use super::book::{check_start, release_places, save_photos, take_places};
use super::plan::{dealer_plan, DealerPlan};
use super::row::{count_write, event, owned, service};
use super::status::{write_status, Records};
use crate::account::UserId;
use crate::booking::{ServiceType, Stage};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{Conflict, DomainError, Field, FieldError, Problem};
use crate::fact::Fact;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Cancels up to the dealer's cut-off; the places go back on offer.
pub async fn cancel(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<(), DomainError> {
    let row = owned(db, owner, id).await?;
    if row.status != "booked" {
        return Ok(());
    }
    let plan = dealer_plan(db, row.dealer_id).await?;
    let now = clock.now();
    if !crate::booking::may_change(row.booking().starts_at, now, plan.cutoff_minutes) {
        return Err(DomainError::Conflict(Conflict::PastCutoff));
    }
    let service = service(db, row.service_type_id).await?;
    let mut tx = db.begin_write().await?;
    if cancel_places(&mut tx, id, &service, None, now).await? {
        event(&mut tx, id, now, owner, "cancelled", "").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The owner confirms a booking the dealer made for them on the phone: from
/// now on it relates the dealer to them as their own booking would
/// (`account::reach`), and the car may be checked in whenever it comes. A
/// repeat, or a booking they made themselves, changes nothing.
pub async fn confirm(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<(), DomainError> {
    let row = owned(db, owner, id).await?;
    if row.made() == crate::booking::Made::ByOwner || !row.booking().stage.is_open() {
        return Ok(());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let confirmed = sqlx::query(
        "UPDATE bookings SET owner_confirmed_at = $1 WHERE id = $2 AND owner_id = $3 AND owner_confirmed_at IS NULL",
    )
    .bind(now.timestamp_millis())
    .bind(id)
    .bind(owner)
    .execute(&mut *tx)
    .await?;
    if confirmed.rows_affected() == 1 {
        event(&mut tx, id, now, owner, "confirmed_by_owner", "").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Cancels a booked visit inside the caller's transaction and frees its
/// places where the visit stands now: the start comes back from the update
/// itself, so a move that committed a moment earlier is not undone twice.
/// False when it was no longer booked. `dealer_change` is the dealer's reason.
pub(super) async fn cancel_places(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    service: &ServiceType,
    dealer_change: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let by = if dealer_change.is_some() { crate::booking::Party::Dealer } else { crate::booking::Party::Owner };
    let from = Stage::Booked;
    let to = crate::booking::transition(from, crate::booking::Step::Cancel, by)
        .map_err(|_| FieldError::new(Field::Slot, Problem::WrongState))?;
    let records = Records { dealer_change, ..Records::at(now) };
    let Some(placed) = write_status(tx, id, from, to, records).await? else { return Ok(false) };
    release_places(tx, placed.dealer, service, placed.bays, placed.starts_at).await?;
    Ok(true)
}

/// Moves a booking to another free start (any day), up to the cut-off. The old
/// places are freed and the new ones taken in one transaction: if the new time
/// is full, nothing changes.
pub async fn reschedule(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    id: i64,
    starts_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let row = owned(db, owner, id).await?;
    let plan = dealer_plan(db, row.dealer_id).await?;
    let now = clock.now();
    // After the dealer moved it, picking another time is the owner's answer, whatever the cut-off.
    let answering_dealer = row.dealer_change.is_some();
    if row.status != "booked"
        || !(answering_dealer || crate::booking::may_change(row.booking().starts_at, now, plan.cutoff_minutes))
    {
        return Err(DomainError::Conflict(Conflict::PastCutoff));
    }
    let service = service(db, row.service_type_id).await?;
    check_start(&plan, &service, starts_at, now)?;
    count_write(db, owner, now).await?;
    let mut tx = db.begin_write().await?;
    let from = row.booking().starts_at;
    let moving = Move { plan: &plan, service: &service, booking: id, bays: row.bays, from, at: now };
    move_places(&mut tx, moving, starts_at, None).await?;
    event(&mut tx, id, now, owner, "rescheduled", &format!("{} -> {}", from.to_rfc3339(), starts_at.to_rfc3339()))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A booked visit on its way to another start.
pub(super) struct Move<'a> {
    pub plan: &'a DealerPlan,
    pub service: &'a ServiceType,
    pub booking: i64,
    pub bays: i64,
    pub from: DateTime<Utc>,
    /// When the move is made.
    pub at: DateTime<Utc>,
}

/// Moves a booked visit to `to`, inside the caller's transaction. The booking
/// row is changed first, and only while it is still booked at `from`: if a
/// cancellation, a check-in or another move won the race, nothing is released
/// or taken. `dealer_change` is the dealer's reason (None when the owner moves it).
pub(super) async fn move_places(
    tx: &mut Transaction<'static, Any>,
    moving: Move<'_>,
    to: DateTime<Utc>,
    dealer_change: Option<&str>,
) -> Result<(), DomainError> {
    let ends_at = to + chrono::Duration::minutes(moving.service.slots() * crate::booking::SLOT_MINUTES);
    let moved = sqlx::query(
        "UPDATE bookings SET starts_at = $1, ends_at = $2, dealer_change = $3, reminded_at = NULL
         WHERE id = $4 AND status = 'booked' AND starts_at = $5",
    )
    .bind(to.timestamp_millis())
    .bind(ends_at.timestamp_millis())
    .bind(dealer_change)
    .bind(moving.booking)
    .bind(moving.from.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    release_places(tx, moving.plan.dealer_id, moving.service, moving.bays, moving.from).await?;
    take_places(tx, moving.plan, moving.service, to).await?;
    let fact = Fact::BookingMoved { booking: moving.booking, dealer: moving.plan.dealer_id, starts_at: to };
    crate::fact::store::emit(tx, fact, moving.at).await?;
    Ok(())
}

/// The owner takes the dealer's move as it is.
pub async fn accept_change(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<(), DomainError> {
    owned(db, owner, id).await?;
    let mut tx = db.begin_write().await?;
    let cleared = sqlx::query("UPDATE bookings SET dealer_change = NULL WHERE id = $1 AND dealer_change IS NOT NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if cleared.rows_affected() == 1 {
        event(&mut tx, id, clock.now(), owner, "change_accepted", "").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds photos of the concern while the booking is open, up to
/// `MAX_BOOKING_PHOTOS` in all. All or none are saved.
pub async fn add_photos(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn crate::upload::store::FileStore,
    owner: UserId,
    id: i64,
    pictures: &[crate::upload::CleanImage],
) -> Result<(), DomainError> {
    let row = owned(db, owner, id).await?;
    if !(row.booking().stage == Stage::Booked || row.booking().stage.in_workshop()) {
        return Err(FieldError::new(Field::Photos, Problem::WrongState).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    // Lock the booking row first, so two uploads at once count one after the
    // other on PostgreSQL too (SQLite's write transaction already serialises them).
    sqlx::query("UPDATE bookings SET note = note WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM booking_photos WHERE booking_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if usize::try_from(have).unwrap_or(usize::MAX).saturating_add(pictures.len()) > crate::booking::MAX_BOOKING_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(crate::booking::MAX_BOOKING_PHOTOS)).into());
    }
    save_photos(&mut tx, files, owner, id, pictures, now).await?;
    event(&mut tx, id, now, owner, "photos", &pictures.len().to_string()).await?;
    tx.commit().await?;
    Ok(())
}
