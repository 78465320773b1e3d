//! Making a booking: the request, where it may start, and taking its places in
//! the same transaction that writes it (`take_places`: a slot can never over-fill).

use super::plan::{dealer_plan, DealerPlan};
use super::row::{count_write, event, service};
use crate::account::UserId;
use crate::booking::{covered, BookingForm, MadeVia, ServiceType, Submitter};
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError, Field, FieldError, Problem};
use crate::fact::Fact;
use crate::notify::notice::Bilingual;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

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
    fn via(self) -> MadeVia {
        match self {
            Channel::Portal => MadeVia::Portal,
            Channel::Phone { .. } => MadeVia::Phone,
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

impl BookingForm {
    /// What `book` takes: the form with the owner's extras (recalls fixed in
    /// the same visit, photos of the concern).
    pub fn into_request(self, with_recalls: bool, photos: Vec<crate::upload::CleanImage>) -> Request {
        Request {
            by: match self.by {
                Submitter::Owner(_) => Channel::Portal,
                Submitter::Advisor(advisor) => Channel::Phone { advisor },
            },
            vin: self.vin,
            dealer: self.dealer,
            service_type: self.service_type,
            starts_at: self.starts_at,
            note: self.note,
            idempotency_key: self.idempotency_key.as_str().to_owned(),
            with_recalls,
            photos,
        }
    }
}

/// A start may be booked (or a booking moved to it) when the whole service
/// fits inside the day's hours, after the lead time and within the horizon.
pub(super) fn check_start(
    plan: &DealerPlan,
    service: &ServiceType,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let day = crate::zone::local_date(plan.zone, starts_at);
    let fits =
        plan.hours_on(day).is_some_and(|h| crate::booking::starts(day, h, plan.zone, service).contains(&starts_at))
            && starts_at >= now + chrono::Duration::minutes(crate::booking::LEAD_MINUTES)
            && starts_at <= now + chrono::Duration::days(crate::booking::HORIZON_DAYS + 1);
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
    if request.photos.len() > crate::booking::MAX_BOOKING_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(crate::booking::MAX_BOOKING_PHOTOS)).into());
    }
    let car = crate::garage::store::car(db, owner, &request.vin).await?;
    let service = service(db, request.service_type).await?;
    let plan = dealer_plan(db, request.dealer).await?;
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
    if !crate::booking::FAIR_USE.allows_another(open_bookings) {
        return Err(DomainError::Conflict(Conflict::TooManyOpenBookings));
    }
    take_places(&mut tx, &plan, &service, request.starts_at).await?;
    let ends_at = request.starts_at + chrono::Duration::minutes(service.slots() * crate::booking::SLOT_MINUTES);
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
    .bind(request.by.via().as_str())
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
    let made = Fact::BookingMade {
        booking: id,
        owner,
        dealer: plan.dealer_id,
        vin: car.vin.clone(),
        starts_at: request.starts_at,
    };
    crate::fact::store::emit(&mut tx, made, now).await?;
    event(
        &mut tx,
        id,
        now,
        request.by.actor(owner),
        "booked",
        &format!("{} via {}", request.starts_at.to_rfc3339(), request.by.via().as_str()),
    )
    .await?;
    if let Channel::Phone { .. } = request.by {
        // The owner hears of it at once: theirs to confirm, or to cancel if it is not theirs.
        let at = crate::zone::wall_clock(plan.zone, request.starts_at);
        let (dealer_zh, dealer_en): (String, String) =
            sqlx::query_as("SELECT name_zh, name_en FROM dealers WHERE id = $1")
                .bind(plan.dealer_id)
                .fetch_one(&mut *tx)
                .await?;
        let link = format!("/me/bookings/{id}");
        let notice = Notice::BookedForYou { dealer: Bilingual::new(dealer_zh, dealer_en), at };
        tell(&mut tx, owner, Message { notice, link: &link, category: Category::Service }, now).await?;
    }
    save_photos(&mut tx, files, owner, id, &request.photos, now).await?;
    if request.with_recalls {
        let open =
            crate::warranty::store::fixable_campaigns(db, car.vin.as_str()).await?.ok_or(DomainError::NotFound)?;
        for campaign in &open {
            sqlx::query("INSERT INTO booking_recalls (booking_id, campaign_id) VALUES ($1, $2)")
                .bind(id)
                .bind(campaign.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn save_photos(
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
