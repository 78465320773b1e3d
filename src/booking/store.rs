//! Bookings in the database. Taking places is one transaction per booking:
//! each covered slot's `used` is raised only while it stays within capacity
//! (a conditional UPDATE, plus a CHECK constraint behind it), so concurrent
//! bookings can never over-fill a slot on either engine.

use super::{covered, offers, Booking, Decision, Details, Estimate, Event, Hours, Offer, ServiceType, Stage};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError, Field, FieldError, Problem};
use crate::notify::{tell, Message};
use crate::outbox::Category;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use sqlx::{Any, AnyPool, Transaction};
use std::collections::{HashMap, HashSet};

/// What a dealer's calendar is computed from.
#[derive(Debug, Clone)]
pub struct DealerPlan {
    pub dealer_id: i64,
    pub bays: u32,
    pub cutoff_minutes: i64,
    pub zone: FixedOffset,
    /// Index 0 = Monday.
    pub hours: [Option<Hours>; 7],
    pub closed: HashSet<NaiveDate>,
}

impl DealerPlan {
    pub fn hours_on(&self, day: NaiveDate) -> Option<Hours> {
        if self.closed.contains(&day) {
            return None;
        }
        self.hours[day.weekday().num_days_from_monday() as usize]
    }
}

pub async fn service_types(pool: &AnyPool) -> Result<Vec<ServiceType>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, i64)> =
        sqlx::query_as("SELECT id, code, name_zh, name_en, minutes, bays FROM service_types ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name_zh, name_en, minutes, bays)| ServiceType {
            id,
            code,
            name_zh,
            name_en,
            minutes: u32::try_from(minutes).unwrap_or(30),
            bays: u32::try_from(bays).unwrap_or(1),
        })
        .collect())
}

pub async fn dealer_plan(pool: &AnyPool, dealer: i64) -> Result<DealerPlan, DomainError> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT service_bays, cancel_cutoff_minutes, time_zone FROM dealers WHERE id = $1")
            .bind(dealer)
            .fetch_optional(pool)
            .await?;
    let (bays, cutoff_minutes, zone) = row.ok_or(DomainError::invalid(Field::Dealer, Problem::UnknownChoice))?;
    let zone = super::zone_offset(&zone)
        .ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("unsupported time zone {zone}").into())))?;
    let mut hours = [None; 7];
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT weekday, opens, closes FROM opening_hours WHERE dealer_id = $1")
            .bind(dealer)
            .fetch_all(pool)
            .await?;
    for (weekday, opens, closes) in rows {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|e| sqlx::Error::Decode(e.into()));
        if let Some(slot) = usize::try_from(weekday - 1).ok().and_then(|i| hours.get_mut(i)) {
            *slot = Some(Hours { opens: time(&opens)?, closes: time(&closes)? });
        }
    }
    let closed: Vec<(String,)> =
        sqlx::query_as("SELECT day FROM closed_dates WHERE dealer_id = $1").bind(dealer).fetch_all(pool).await?;
    let closed = closed.iter().map(|(d,)| crate::db::date_column(d)).collect::<Result<_, _>>()?;
    Ok(DealerPlan { dealer_id: dealer, bays: u32::try_from(bays).unwrap_or(0), cutoff_minutes, zone, hours, closed })
}

/// Places used per slot start (UTC milliseconds) in `[from, to)`.
pub async fn usage(
    pool: &AnyPool,
    dealer: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<i64, u32>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT starts_at, used FROM slot_usage WHERE dealer_id = $1 AND starts_at >= $2 AND starts_at < $3",
    )
    .bind(dealer)
    .bind(from.timestamp_millis())
    .bind(to.timestamp_millis())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(at, used)| (at, u32::try_from(used).unwrap_or(u32::MAX))).collect())
}

/// The free starts of one day at one dealer for one service.
pub async fn day_offers(
    pool: &AnyPool,
    plan: &DealerPlan,
    service: &ServiceType,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, DomainError> {
    let from = plan.zone.from_local_datetime(&day.and_time(NaiveTime::MIN)).single().map(|d| d.with_timezone(&Utc));
    let Some(from) = from else { return Ok(Vec::new()) };
    let used = usage(pool, plan.dealer_id, from, from + chrono::Duration::days(2)).await?;
    Ok(offers(day, plan.hours_on(day), plan.zone, service, plan.bays, &used, now))
}

/// How a booking was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    /// An advisor booked it for the owner on the phone.
    Phone {
        advisor: UserId,
    },
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Phone { .. } => "phone",
        }
    }

    fn actor(self, owner: UserId) -> UserId {
        match self {
            Channel::Portal => owner,
            Channel::Phone { advisor } => advisor,
        }
    }
}

/// A booking as asked for, already parsed.
#[derive(Debug, Clone)]
pub struct Request {
    /// Who makes it: the owner in the portal, or an advisor on the phone.
    pub by: Channel,
    pub vin: String,
    pub dealer: i64,
    pub service_type: i64,
    pub starts_at: DateTime<Utc>,
    pub note: Option<String>,
    pub idempotency_key: String,
    /// Fix the car's open recalls in the same visit.
    pub with_recalls: bool,
    /// Photos of the concern, already cleaned (at most `MAX_BOOKING_PHOTOS`).
    pub photos: Vec<crate::upload::CleanImage>,
}

/// A start may be booked (or a booking moved to it) when the whole service
/// fits inside the day's hours, after the lead time and within the horizon.
pub(super) fn check_start(
    plan: &DealerPlan,
    service: &ServiceType,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let day = starts_at.with_timezone(&plan.zone).date_naive();
    let fits = plan.hours_on(day).is_some_and(|h| super::starts(day, h, plan.zone, service).contains(&starts_at))
        && starts_at >= now + chrono::Duration::minutes(super::LEAD_MINUTES)
        && starts_at <= now + chrono::Duration::days(super::HORIZON_DAYS + 1);
    if fits {
        Ok(())
    } else {
        Err(FieldError::new(Field::Slot, Problem::SlotUnavailable).into())
    }
}

pub(super) async fn take_places(
    tx: &mut Transaction<'static, Any>,
    plan: &DealerPlan,
    service: &ServiceType,
    start: DateTime<Utc>,
) -> Result<(), DomainError> {
    for slot in covered(start, service) {
        sqlx::query(
            "INSERT INTO slot_usage (dealer_id, starts_at, capacity, used) VALUES ($1, $2, $3, 0)
             ON CONFLICT (dealer_id, starts_at) DO NOTHING",
        )
        .bind(plan.dealer_id)
        .bind(slot.timestamp_millis())
        .bind(i64::from(plan.bays))
        .execute(&mut **tx)
        .await?;
        let taken = sqlx::query(
            "UPDATE slot_usage SET used = used + $3 WHERE dealer_id = $1 AND starts_at = $2 AND used + $3 <= capacity",
        )
        .bind(plan.dealer_id)
        .bind(slot.timestamp_millis())
        .bind(i64::from(service.bays))
        .execute(&mut **tx)
        .await?;
        if taken.rows_affected() != 1 {
            return Err(DomainError::Conflict(Conflict::SlotTaken));
        }
    }
    Ok(())
}

pub(super) async fn release_places(
    tx: &mut Transaction<'static, Any>,
    dealer: i64,
    service: &ServiceType,
    bays: i64,
    start: DateTime<Utc>,
) -> Result<(), DomainError> {
    for slot in covered(start, service) {
        sqlx::query("UPDATE slot_usage SET used = used - $3 WHERE dealer_id = $1 AND starts_at = $2")
            .bind(dealer)
            .bind(slot.timestamp_millis())
            .bind(bays)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn event(
    tx: &mut Transaction<'static, Any>,
    booking: i64,
    at: DateTime<Utc>,
    actor: UserId,
    kind: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    crate::history::record(tx, crate::history::Subject::Booking(booking), at, Some(actor), kind, detail).await
}

pub(super) async fn service(pool: &AnyPool, id: i64) -> Result<ServiceType, DomainError> {
    service_types(pool)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(DomainError::invalid(Field::ServiceType, Problem::UnknownChoice))
}

/// Counts one booking write by `account` against `FAIR_USE`'s hourly limit.
async fn count_write(db: &Db, account: UserId, now: DateTime<Utc>) -> Result<(), DomainError> {
    let limit = i64::from(super::FAIR_USE.booking_writes_per_hour);
    crate::rate_limit::hit(db.pool(), "booking_write", &account.to_string(), now, limit, chrono::Duration::hours(1))
        .await
}

/// Books a slot for the owner's car. The same idempotency key twice (a double
/// click, a retried post) gives the same booking. Fair use: the car may have no
/// other open booking, the owner at most `FAIR_USE.open_bookings_per_owner`
/// (an advisor booking on the phone is held to the same), and whoever books
/// is rate-limited.
pub async fn book(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn crate::upload::store::FileStore,
    owner: UserId,
    request: Request,
) -> Result<i64, DomainError> {
    if request.photos.len() > super::MAX_BOOKING_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(super::MAX_BOOKING_PHOTOS)).into());
    }
    let car = crate::garage::store::car(db, owner, &request.vin).await?;
    let service = service(db.pool(), request.service_type).await?;
    let plan = dealer_plan(db.pool(), request.dealer).await?;
    let now = clock.now();
    check_start(&plan, &service, request.starts_at, now)?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM bookings WHERE idempotency_key = $1 AND owner_id = $2")
            .bind(&request.idempotency_key)
            .bind(owner)
            .fetch_optional(db.pool())
            .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    // Only now: a repeat answered above is not a new write.
    count_write(db, request.by.actor(owner), now).await?;
    let mut tx = db.begin_write().await?;
    // From here to commit no other booking of this owner's is written, so the
    // checks below stay true; the unique index on open bookings per car backs
    // the first one whoever books.
    db.lock_user(&mut tx, owner).await?;
    let twin: Option<i64> = sqlx::query_scalar("SELECT id FROM bookings WHERE idempotency_key = $1 AND owner_id = $2")
        .bind(&request.idempotency_key)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(id) = twin {
        // The same submit committed while this one waited for the lock.
        return Ok(id);
    }
    let holding: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, owner_id FROM bookings WHERE vin = $1 AND status IN ('booked', 'checked_in')")
            .bind(&car.vin)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((id, holder)) = holding {
        return Err(DomainError::Conflict(Conflict::CarAlreadyBooked { booking: (holder == owner).then_some(id) }));
    }
    let open_bookings: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE owner_id = $1 AND status IN ('booked', 'checked_in')")
            .bind(owner)
            .fetch_one(&mut *tx)
            .await?;
    if !super::FAIR_USE.allows_another(open_bookings) {
        return Err(DomainError::Conflict(Conflict::TooManyOpenBookings));
    }
    take_places(&mut tx, &plan, &service, request.starts_at).await?;
    let ends_at = request.starts_at + chrono::Duration::minutes(service.slots() * super::SLOT_MINUTES);
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO bookings (owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, note, channel, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $11, $9, $10) RETURNING id",
    )
    .bind(owner)
    .bind(&car.vin)
    .bind(plan.dealer_id)
    .bind(service.id)
    .bind(request.starts_at.timestamp_millis())
    .bind(ends_at.timestamp_millis())
    .bind(i64::from(service.bays))
    .bind(&request.note)
    .bind(&request.idempotency_key)
    .bind(now.timestamp_millis())
    .bind(request.by.as_str())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(err) if is_unique_violation(&err) => {
            // Either the same submit won a moment ago (answer with that one),
            // or, the key being free, the car's one open booking was made in
            // the meantime by someone this owner's lock does not hold back.
            // Which one is read from the data: SQLite names no constraint.
            tx.rollback().await?;
            let first: Option<i64> = sqlx::query_scalar("SELECT id FROM bookings WHERE idempotency_key = $1")
                .bind(&request.idempotency_key)
                .fetch_optional(db.pool())
                .await?;
            return first.ok_or(DomainError::Conflict(Conflict::CarAlreadyBooked { booking: None }));
        }
        Err(err) => return Err(err.into()),
    };
    event(
        &mut tx,
        id,
        now,
        request.by.actor(owner),
        "booked",
        &format!("{} via {}", request.starts_at.to_rfc3339(), request.by.as_str()),
    )
    .await?;
    save_photos(&mut tx, files, owner, id, &request.photos, now).await?;
    if request.with_recalls {
        let open = crate::warranty::store::campaigns_for(db.pool(), &car_entry(db, &car.vin).await?).await?;
        for campaign in open.iter().filter(|c| c.completed_on.is_none()) {
            sqlx::query("INSERT INTO booking_recalls (booking_id, campaign_id) VALUES ($1, $2)")
                .bind(id)
                .bind(campaign.campaign.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

async fn car_entry(db: &Db, vin: &str) -> Result<crate::warranty::store::RegisterRow, DomainError> {
    crate::warranty::store::register_entry(db.pool(), vin).await?.ok_or(DomainError::NotFound)
}

#[derive(sqlx::FromRow)]
pub(super) struct BookingRow {
    pub(super) id: i64,
    pub(super) vin: String,
    pub(super) dealer_id: i64,
    pub(super) service_type_id: i64,
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
    pub(super) bays: i64,
    pub(super) status: String,
    pub(super) workshop_stage: Option<String>,
    pub(super) note: Option<String>,
    pub(super) dealer_change: Option<String>,
}

impl BookingRow {
    pub(super) fn booking(&self) -> Booking {
        Booking {
            id: self.id,
            vin: self.vin.clone(),
            dealer_id: self.dealer_id,
            service_type_id: self.service_type_id,
            starts_at: DateTime::from_timestamp_millis(self.starts_at).unwrap_or_default(),
            ends_at: DateTime::from_timestamp_millis(self.ends_at).unwrap_or_default(),
            // The CHECK constraints allow no other pair; a booking is never hidden for it.
            stage: Stage::from_columns(&self.status, self.workshop_stage.as_deref()).unwrap_or(Stage::Booked),
            note: self.note.clone(),
        }
    }
}

pub(super) const BOOKING_COLUMNS: &str =
    "id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, workshop_stage, note, dealer_change";

async fn owned(pool: &AnyPool, owner: UserId, id: i64) -> Result<BookingRow, DomainError> {
    let row: Option<BookingRow> =
        sqlx::query_as(&format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1 AND owner_id = $2"))
            .bind(id)
            .bind(owner)
            .fetch_optional(pool)
            .await?;
    row.ok_or(DomainError::NotFound)
}

pub async fn booking(db: &Db, owner: UserId, id: i64) -> Result<Booking, DomainError> {
    Ok(owned(db.pool(), owner, id).await?.booking())
}

pub async fn bookings(db: &Db, owner: UserId) -> Result<Vec<Booking>, DomainError> {
    let rows: Vec<BookingRow> =
        sqlx::query_as(&format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE owner_id = $1 ORDER BY starts_at DESC"))
            .bind(owner)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.iter().map(BookingRow::booking).collect())
}

/// The owner's next visit for a car that is booked or under way, if any.
/// An appointment left "booked" after its time (nobody marked the no-show)
/// does not count.
pub async fn next_visit(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    vin: &str,
) -> Result<Option<super::NextVisit>, DomainError> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT b.id, b.starts_at,
                CASE WHEN s.code = 'recall' OR EXISTS (SELECT 1 FROM booking_recalls r WHERE r.booking_id = b.id)
                     THEN 1 ELSE 0 END
         FROM bookings b JOIN service_types s ON s.id = b.service_type_id
         WHERE b.owner_id = $1 AND b.vin = $2 AND (b.status = 'checked_in' OR (b.status = 'booked' AND b.ends_at > $3))
         ORDER BY b.starts_at LIMIT 1",
    )
    .bind(owner)
    .bind(vin)
    .bind(clock.now().timestamp_millis())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, at, recalls)| super::NextVisit {
        id,
        starts_at: DateTime::from_timestamp_millis(at).unwrap_or_default(),
        fixes_recalls: recalls == 1,
    }))
}

/// Cancels up to the dealer's cut-off; the places go back on offer.
pub async fn cancel(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<(), DomainError> {
    let row = owned(db.pool(), owner, id).await?;
    if row.status != "booked" {
        return Ok(());
    }
    let plan = dealer_plan(db.pool(), row.dealer_id).await?;
    let now = clock.now();
    if !super::may_change(row.booking().starts_at, now, plan.cutoff_minutes) {
        return Err(DomainError::Conflict(Conflict::PastCutoff));
    }
    let service = service(db.pool(), row.service_type_id).await?;
    let mut tx = db.begin_write().await?;
    if cancel_places(&mut tx, id, &service, None).await? {
        event(&mut tx, id, now, owner, "cancelled", "").await?;
    }
    tx.commit().await?;
    Ok(())
}

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

/// Cancels a booked visit inside the caller's transaction and frees its
/// places where the visit stands now: the start comes back from the update
/// itself, so a move that committed a moment earlier is not undone twice.
/// False when it was no longer booked. `dealer_change` is the dealer's reason.
pub(super) async fn cancel_places(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    service: &ServiceType,
    dealer_change: Option<&str>,
) -> Result<bool, DomainError> {
    let by = if dealer_change.is_some() { super::Party::Dealer } else { super::Party::Owner };
    let from = Stage::Booked;
    let to = super::transition(from, super::Step::Cancel, by)
        .map_err(|_| FieldError::new(Field::Slot, Problem::WrongState))?;
    let cancelled: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = $1, dealer_change = $2 WHERE id = $3 AND status = $4
         RETURNING dealer_id, bays, starts_at",
    )
    .bind(to.columns().0)
    .bind(dealer_change)
    .bind(id)
    .bind(from.columns().0)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((dealer, bays, starts_at)) = cancelled else { return Ok(false) };
    release_places(tx, dealer, service, bays, DateTime::from_timestamp_millis(starts_at).unwrap_or_default()).await?;
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
    let row = owned(db.pool(), owner, id).await?;
    let plan = dealer_plan(db.pool(), row.dealer_id).await?;
    let now = clock.now();
    // After the dealer moved it, picking another time is the owner's answer, whatever the cut-off.
    let answering_dealer = row.dealer_change.is_some();
    if row.status != "booked"
        || !(answering_dealer || super::may_change(row.booking().starts_at, now, plan.cutoff_minutes))
    {
        return Err(DomainError::Conflict(Conflict::PastCutoff));
    }
    let service = service(db.pool(), row.service_type_id).await?;
    check_start(&plan, &service, starts_at, now)?;
    count_write(db, owner, now).await?;
    let mut tx = db.begin_write().await?;
    let moving = Move { plan: &plan, service: &service, booking: id, bays: row.bays, from: row.booking().starts_at };
    move_places(&mut tx, moving, starts_at, None).await?;
    event(
        &mut tx,
        id,
        now,
        owner,
        "rescheduled",
        &format!("{} -> {}", row.booking().starts_at.to_rfc3339(), starts_at.to_rfc3339()),
    )
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
    let ends_at = to + chrono::Duration::minutes(moving.service.slots() * super::SLOT_MINUTES);
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
    take_places(tx, moving.plan, moving.service, to).await
}

/// Free starts per day for the next `HORIZON_DAYS` days (the dealer's dates).
pub async fn calendar(
    pool: &AnyPool,
    plan: &DealerPlan,
    service: &ServiceType,
    now: DateTime<Utc>,
) -> Result<Vec<(NaiveDate, u32)>, DomainError> {
    let today = now.with_timezone(&plan.zone).date_naive();
    let used = usage(
        pool,
        plan.dealer_id,
        now - chrono::Duration::days(1),
        now + chrono::Duration::days(super::HORIZON_DAYS + 2),
    )
    .await?;
    Ok((0..=super::HORIZON_DAYS)
        .map(|d| {
            let day = today + chrono::Duration::days(d);
            let starts = offers(day, plan.hours_on(day), plan.zone, service, plan.bays, &used, now);
            (day, u32::try_from(starts.len()).unwrap_or(u32::MAX))
        })
        .collect())
}

pub async fn details(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<Details, DomainError> {
    let row = owned(db.pool(), owner, id).await?;
    let (name_zh, name_en, address_zh, address_en, phone, cutoff): (String, String, String, String, String, i64) =
        sqlx::query_as(
            "SELECT name_zh, name_en, address_zh, address_en, phone, cancel_cutoff_minutes FROM dealers WHERE id = $1",
        )
        .bind(row.dealer_id)
        .fetch_one(db.pool())
        .await?;
    let (service_zh, service_en): (String, String) =
        sqlx::query_as("SELECT name_zh, name_en FROM service_types WHERE id = $1")
            .bind(row.service_type_id)
            .fetch_one(db.pool())
            .await?;
    let (model_zh, model_en): (String, String) = sqlx::query_as(
        "SELECT m.name_zh, m.name_en FROM vehicles v JOIN car_models m ON m.id = v.model_id WHERE v.vin = $1",
    )
    .bind(&row.vin)
    .fetch_one(db.pool())
    .await?;
    let booking = row.booking();
    let changeable = booking.stage == Stage::Booked && super::may_change(booking.starts_at, clock.now(), cutoff);
    Ok(Details {
        booking,
        dealer_name_zh: name_zh,
        dealer_name_en: name_en,
        dealer_address_zh: address_zh,
        dealer_address_en: address_en,
        dealer_phone: phone,
        service_zh,
        service_en,
        model_zh,
        model_en,
        changeable,
        dealer_change: row.dealer_change.clone(),
        estimates: estimates(db.pool(), id).await?,
        photos: photos(db.pool(), id).await?,
        recalls: sqlx::query_as(
            "SELECT c.title_zh, c.title_en FROM booking_recalls r JOIN campaigns c ON c.id = r.campaign_id
             WHERE r.booking_id = $1 ORDER BY c.id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?,
        history: history(db.pool(), id, owner).await?,
    })
}

pub async fn estimates(pool: &AnyPool, booking: i64) -> Result<Vec<Estimate>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct EstimateRow {
        id: i64,
        items: String,
        amount_fen: i64,
        sent_at: i64,
        decision: Option<String>,
        decided_at: Option<i64>,
    }
    let rows: Vec<EstimateRow> = sqlx::query_as(
        "SELECT id, items, amount_fen, sent_at, decision, decided_at FROM estimates WHERE booking_id = $1 ORDER BY id",
    )
    .bind(booking)
    .fetch_all(pool)
    .await?;
    let at = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|row| Estimate {
            id: row.id,
            items: row.items,
            amount: crate::types::Money::from_fen(row.amount_fen),
            sent_at: at(row.sent_at),
            decision: row.decision.as_deref().and_then(Decision::parse).zip(row.decided_at.map(at)),
        })
        .collect())
}

pub async fn photos(pool: &AnyPool, booking: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT upload_id FROM booking_photos WHERE booking_id = $1 ORDER BY upload_id")
        .bind(booking)
        .fetch_all(pool)
        .await
}

/// The booking's events, oldest first; staff actors are named, the owner is not.
pub async fn history(pool: &AnyPool, booking: i64, owner: UserId) -> Result<Vec<Event>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct EventRow {
        at: i64,
        kind: String,
        detail: String,
        actor_id: Option<i64>,
        /// The actor's name; `None` for events the system wrote.
        actor_name: Option<String>,
    }
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.detail, e.actor_id, u.display_name AS actor_name FROM booking_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.booking_id = $1 ORDER BY e.at, e.id",
    )
    .bind(booking)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Event {
            at: DateTime::from_timestamp_millis(row.at).unwrap_or_default(),
            kind: row.kind,
            detail: row.detail,
            by_staff: if row.actor_id == Some(owner) { None } else { row.actor_name },
        })
        .collect())
}

/// The owner takes the dealer's move as it is.
pub async fn accept_change(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<(), DomainError> {
    owned(db.pool(), owner, id).await?;
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
    let row = owned(db.pool(), owner, id).await?;
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
    if usize::try_from(have).unwrap_or(usize::MAX).saturating_add(pictures.len()) > super::MAX_BOOKING_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(super::MAX_BOOKING_PHOTOS)).into());
    }
    save_photos(&mut tx, files, owner, id, pictures, now).await?;
    event(&mut tx, id, now, owner, "photos", &pictures.len().to_string()).await?;
    tx.commit().await?;
    Ok(())
}

async fn save_photos(
    tx: &mut Transaction<'static, Any>,
    files: &dyn crate::upload::store::FileStore,
    owner: UserId,
    booking: i64,
    pictures: &[crate::upload::CleanImage],
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    for picture in pictures {
        let upload = files.put(tx, owner, crate::upload::Purpose::BookingPhoto, picture, now).await?;
        sqlx::query("INSERT INTO booking_photos (booking_id, upload_id) VALUES ($1, $2)")
            .bind(booking)
            .bind(upload)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Tells each owner, once, about an appointment in the next 48 hours (in the
/// portal and by their channel); the daily run makes that "the day before".
/// Returns how many were sent; a second run sends none.
pub async fn remind_day_before(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let due: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT b.id, b.owner_id, b.starts_at, d.name_zh, d.name_en, d.time_zone
         FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         WHERE b.status = 'booked' AND b.reminded_at IS NULL AND b.starts_at > $1 AND b.starts_at <= $2",
    )
    .bind(now.timestamp_millis())
    .bind((now + chrono::Duration::hours(48)).timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for (id, owner, starts_at, dealer_zh, dealer_en, zone) in due {
        let mut tx = db.begin_write().await?;
        // Claimed once, and only while still booked (not cancelled or moved since the SELECT).
        let claimed = sqlx::query(
            "UPDATE bookings SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'booked' AND starts_at = $3",
        )
        .bind(now.timestamp_millis())
        .bind(id)
        .bind(starts_at)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let at = super::zone_offset(&zone)
            .map(|z| DateTime::from_timestamp_millis(starts_at).unwrap_or_default().with_timezone(&z))
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let zh = format!("提醒：您在{dealer_zh}的预约时间为 {at}。如需更改，请在预约页面操作或致电经销商。");
        let en = format!("Reminder: your appointment at {dealer_en} is at {at}. To change it, use the booking page or call the dealer.");
        let link = format!("/me/bookings/{id}");
        let message = Message { kind: "booking_reminder", zh: &zh, en: &en, link: &link, category: Category::Service };
        tell(&mut tx, owner, message, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
