//! The service advisor's day: the dealer's bookings by hour with free
//! capacity, and the visit's steps (check-in, completion, no-show). Every
//! function is scoped to the advisor's dealer: another dealer's booking is
//! "not found".

use super::store::step;
use super::store::{usage, BookingRow, DealerPlan, BOOKING_COLUMNS};
use super::{DaySheet, DealerVisit, NamedAdvisor, SlotLoad, Visit};
use super::{Party, Step, WorkDone};
use crate::account::{Role, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::fact::Fact;
use crate::garage::store::odometer::{odometer, write_odometer};
use crate::garage::{raises, Reading};
use crate::types::{Km, Vin};
use chrono::{DateTime, NaiveDate};

#[derive(sqlx::FromRow)]
struct VisitRow {
    #[sqlx(flatten)]
    booking: BookingRow,
    owner_name: String,
    owner_mobile: Option<String>,
    model_zh: String,
    model_en: String,
    service_zh: String,
    service_en: String,
    recalls: i64,
    photos: i64,
}

impl VisitRow {
    fn visit(self) -> Visit {
        Visit {
            booking: self.booking.booking(),
            owner_name: self.owner_name,
            owner_mobile: self.owner_mobile,
            model_zh: self.model_zh,
            model_en: self.model_en,
            service_zh: self.service_zh,
            service_en: self.service_en,
            recalls: u32::try_from(self.recalls).unwrap_or(0),
            photos: Vec::new(),
        }
    }
}

/// The dealer's bookings on `day` (its local date) and the load of each slot.
pub async fn day_sheet(db: &Db, plan: &DealerPlan, day: NaiveDate) -> Result<DaySheet, DomainError> {
    let start = crate::zone::day_start(plan.zone, day).ok_or(DomainError::NotFound)?;
    let end = start + chrono::Duration::days(1);
    let used = usage(db, plan.dealer_id, start, end).await?;
    let slots = match plan.hours_on(day) {
        Some(hours) => {
            let every = super::ServiceType {
                id: 0,
                code: String::new(),
                name_zh: String::new(),
                name_en: String::new(),
                minutes: 30,
                bays: 1,
            };
            super::starts(day, hours, plan.zone, &every)
                .into_iter()
                .map(|s| SlotLoad {
                    starts_at: s,
                    capacity: plan.bays,
                    used: used.get(&s.timestamp_millis()).copied().unwrap_or(0),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let rows: Vec<VisitRow> = sqlx::query_as(
        "SELECT b.id, b.vin, b.dealer_id, b.service_type_id, b.starts_at, b.ends_at, b.bays, b.status, b.workshop_stage,
                b.note, b.dealer_change, b.channel, b.owner_confirmed_at, b.created_at, u.display_name AS owner_name, u.mobile AS owner_mobile, m.name_zh AS model_zh, m.name_en AS model_en,
                s.name_zh AS service_zh, s.name_en AS service_en,
                (SELECT COUNT(*) FROM booking_recalls r WHERE r.booking_id = b.id) AS recalls,
                (SELECT COUNT(*) FROM booking_photos p WHERE p.booking_id = b.id) AS photos
         FROM bookings b JOIN users u ON u.id = b.owner_id JOIN vehicles v ON v.vin = b.vin
         JOIN car_models m ON m.id = v.model_id JOIN service_types s ON s.id = b.service_type_id
         WHERE b.dealer_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3 AND b.status <> 'cancelled'
         ORDER BY b.starts_at, b.id",
    )
    .bind(plan.dealer_id)
    .bind(start.timestamp_millis())
    .bind(end.timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    let mut visits = Vec::with_capacity(rows.len());
    for row in rows {
        let with_photos = row.photos > 0;
        let mut visit = row.visit();
        if with_photos {
            visit.photos = super::store::photos(db, visit.booking.id).await?;
        }
        visits.push(visit);
    }
    Ok(DaySheet { day, slots, visits })
}

/// The booking's dealer-side facts, only if it is at `dealer`.
async fn at_dealer(db: &Db, dealer: i64, booking: i64) -> Result<(String, String, i64), DomainError> {
    let row: Option<(String, String, i64)> =
        sqlx::query_as("SELECT status, vin, owner_id FROM bookings WHERE id = $1 AND dealer_id = $2")
            .bind(booking)
            .bind(dealer)
            .fetch_optional(db.pool())
            .await?;
    row.ok_or(DomainError::NotFound)
}

/// The car has arrived: its mileage is read off the dashboard.
pub async fn check_in(db: &Db, clock: &dyn Clock, visit: DealerVisit, mileage: Km) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let row: BookingRow =
        sqlx::query_as(&format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1 AND dealer_id = $2"))
            .bind(booking)
            .bind(dealer)
            .fetch_optional(db.pool())
            .await?
            .ok_or(DomainError::NotFound)?;
    let starts_at = DateTime::from_timestamp_millis(row.starts_at).unwrap_or_default();
    if !crate::booking::check_in_open(row.made(), starts_at, now) {
        return Err(FieldError::new(Field::Mileage, Problem::CheckInClosed).into());
    }
    let mut tx = db.begin_write().await?;
    step(&mut tx, dealer, booking, Step::CheckIn, Party::Dealer).await?;
    sqlx::query("UPDATE bookings SET checked_in_at = $1, checkin_mileage = $2 WHERE id = $3")
        .bind(now.timestamp_millis())
        .bind(i64::from(mileage.get()))
        .bind(booking)
        .execute(&mut *tx)
        .await?;
    super::store::event(&mut tx, booking, now, advisor, "checked_in", &format!("{mileage} km")).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner did not come.
pub async fn no_show(db: &Db, clock: &dyn Clock, visit: DealerVisit) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    step(&mut tx, dealer, booking, Step::NoShow, Party::Dealer).await?;
    sqlx::query("UPDATE bookings SET completed_at = $1 WHERE id = $2")
        .bind(now.timestamp_millis())
        .bind(booking)
        .execute(&mut *tx)
        .await?;
    super::store::event(&mut tx, booking, now, advisor, "no_show", "").await?;
    tx.commit().await?;
    Ok(())
}

/// Completes the visit: the service record joins the car's history, the
/// odometer moves on, fixed campaigns are marked done and a "service
/// completed" event is left for loyalty, all in one transaction.
pub async fn complete(db: &Db, clock: &dyn Clock, visit: DealerVisit, done: WorkDone) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let (_, vin, _) = at_dealer(db, dealer, booking).await?;
    let booked_recalls: Vec<i64> = sqlx::query_scalar("SELECT campaign_id FROM booking_recalls WHERE booking_id = $1")
        .bind(booking)
        .fetch_all(db.pool())
        .await?;
    let (garage, is_maintenance): (String, i64) = sqlx::query_as(
        "SELECT d.name_zh, s.is_maintenance FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         JOIN service_types s ON s.id = b.service_type_id WHERE b.id = $1",
    )
    .bind(booking)
    .fetch_one(db.pool())
    .await?;
    let fixed_campaigns: Vec<i64> =
        match (done.fix_open_campaigns, crate::warranty::store::open_campaigns(db, &vin).await?) {
            (true, Some(open)) => open.into_iter().map(|c| c.id).collect(),
            _ => booked_recalls,
        };
    let now = clock.now();
    let today = now.date_naive().to_string();
    let work = match &done.parts {
        Some(parts) => format!("{}（{parts}）", done.work),
        None => done.work.clone(),
    };
    let mut tx = db.begin_write().await?;
    step(&mut tx, dealer, booking, Step::Complete, Party::Dealer).await?;
    sqlx::query("UPDATE bookings SET completed_at = $1, amount_fen = $2 WHERE id = $3")
        .bind(now.timestamp_millis())
        .bind(done.amount.fen())
        .bind(booking)
        .execute(&mut *tx)
        .await?;
    let ownership: Option<i64> = sqlx::query_scalar("SELECT id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
        .bind(&vin)
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO service_records (vin, ownership_id, source, performed_on, mileage_km, work, garage_name, dealer_id, counts_as_service, created_by, created_at, booking_id)
         VALUES ($1, $2, 'dealer', $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&vin)
    .bind(ownership)
    .bind(&today)
    .bind(i64::from(done.mileage.get()))
    .bind(&work)
    .bind(&garage)
    .bind(dealer)
    .bind(is_maintenance)
    .bind(advisor)
    .bind(now.timestamp_millis())
    .bind(booking)
    .execute(&mut *tx)
    .await?;
    let car = odometer(db, &mut tx, &vin).await?.ok_or(DomainError::NotFound)?;
    if raises(car.km, done.mileage.get()) {
        write_odometer(&mut tx, &vin, car.km, Reading { km: done.mileage.get(), on: now.date_naive() }).await?;
    }
    for campaign in &fixed_campaigns {
        crate::warranty::store::mark_done(&mut tx, *campaign, &vin, now.date_naive(), Some(dealer), advisor).await?;
    }
    let vin = Vin::parse(&vin).map_err(|e| DomainError::Database(sqlx::Error::Decode(e.into())))?;
    let fact = Fact::ServiceCompleted { booking, vin, dealer, amount: done.amount };
    crate::fact::store::emit(&mut tx, fact, now).await?;
    super::store::event(&mut tx, booking, now, advisor, "completed", &done.amount.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes `advisor` the owner's named advisor (one-to-one service). Only an
/// advisor may be named, and one at the staff member's own dealer when they
/// belong to one.
pub async fn assign_advisor(
    db: &Db,
    owner: UserId,
    advisor: UserId,
    staff_dealer: Option<i64>,
) -> Result<(), DomainError> {
    let found: Option<(String, Option<i64>)> = sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1")
        .bind(advisor)
        .fetch_optional(db.pool())
        .await?;
    let valid = matches!(&found, Some((role, dealer)) if Role::parse(role).is_some_and(Role::is_advisor) && (staff_dealer.is_none() || *dealer == staff_dealer));
    if !valid {
        return Err(FieldError::new(Field::Role, Problem::UnknownChoice).into());
    }
    let set = sqlx::query("UPDATE users SET advisor_id = $1 WHERE id = $2 AND role = 'owner'")
        .bind(advisor)
        .bind(owner)
        .execute(db.pool())
        .await?;
    if set.rows_affected() == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// The owner's named advisor, if one was named.
pub async fn named_advisor(db: &Db, owner: UserId) -> Result<Option<NamedAdvisor>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT a.display_name AS name, d.name_zh AS dealer_zh, d.name_en AS dealer_en, d.phone AS dealer_phone FROM users o
         JOIN users a ON a.id = o.advisor_id JOIN dealers d ON d.id = a.dealer_id WHERE o.id = $1",
    )
    .bind(owner)
    .fetch_optional(db.pool())
    .await?)
}

/// The advisors of a dealer (or all), for choosing one.
pub async fn advisors(db: &Db, dealer: Option<i64>) -> Result<Vec<(i64, String)>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role = 'service_advisor' AND ($1 IS NULL OR dealer_id = $1) ORDER BY display_name",
    )
    .bind(dealer)
    .fetch_all(db.pool())
    .await?)
}

/// The owner an advisor books for on the phone, found by mobile or e-mail.
pub async fn owner_by_identifier(db: &Db, identifier: &crate::types::Identifier) -> Result<UserId, DomainError> {
    let (mobile, email) = match identifier {
        crate::types::Identifier::Mobile(m) => (Some(m.as_str()), None),
        crate::types::Identifier::Email(e) => (None, Some(e.as_str())),
    };
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1 OR email = $2")
        .bind(mobile)
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    id.ok_or_else(|| FieldError::new(Field::Identifier, Problem::NoSuchAccount).into())
}

/// Seven day sheets from `first`, for the advisor's week view.
pub async fn week(db: &Db, plan: &DealerPlan, first: NaiveDate) -> Result<Vec<DaySheet>, DomainError> {
    let mut days = Vec::with_capacity(7);
    for offset in 0..7 {
        days.push(day_sheet(db, plan, first + chrono::Duration::days(offset)).await?);
    }
    Ok(days)
}
