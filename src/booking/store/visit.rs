//! The visit at the dealer: the car arrives (check-in) or does not (no-show),
//! and the visit is completed: the service record joins the car's history, the
//! odometer moves on, fixed campaigns are marked done and a "service completed"
//! fact is left for loyalty, all in one transaction.

use super::row::{event, BookingRow, BOOKING_COLUMNS};
use super::status::{step, Records};
use crate::booking::{DealerVisit, Party, Step, WorkDone};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError};
use crate::fact::Fact;
use crate::garage::store::odometer::{odometer, write_odometer};
use crate::garage::store::ownership::current_ownership;
use crate::garage::{raises, Reading};
use crate::types::{Km, Vin};
use chrono::DateTime;

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
    crate::booking::check_in_open(row.made(), row.booking().starts_at, now)
        .map_err(|refused| FieldError::new(Field::Mileage, refused))?;
    let mut tx = db.begin_write().await?;
    let records = Records { checked_in: Some((now, mileage)), ..Records::at(now) };
    step(&mut tx, dealer, booking, Step::CheckIn, Party::Dealer, records).await?;
    event(&mut tx, booking, now, advisor, "checked_in", &format!("{mileage} km")).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner did not come: known from the visit's day on.
pub async fn no_show(db: &Db, clock: &dyn Clock, visit: DealerVisit) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let starts_at: i64 = sqlx::query_scalar("SELECT starts_at FROM bookings WHERE id = $1 AND dealer_id = $2")
        .bind(booking)
        .bind(dealer)
        .fetch_optional(db.pool())
        .await?
        .ok_or(DomainError::NotFound)?;
    crate::booking::no_show_open(DateTime::from_timestamp_millis(starts_at).unwrap_or_default(), now)
        .map_err(|refused| FieldError::new(Field::Slot, refused))?;
    let mut tx = db.begin_write().await?;
    let records = Records { ended_at: Some(now), ..Records::at(now) };
    step(&mut tx, dealer, booking, Step::NoShow, Party::Dealer, records).await?;
    event(&mut tx, booking, now, advisor, "no_show", "").await?;
    tx.commit().await?;
    Ok(())
}

/// What a completed visit's service record names: the car, the dealer's name
/// as its garage, and whether the service counts as maintenance.
#[derive(sqlx::FromRow)]
struct Finishing {
    vin: String,
    garage: String,
    is_maintenance: i64,
}

/// Completes the visit (see the module's line).
pub async fn complete(db: &Db, clock: &dyn Clock, visit: DealerVisit, done: WorkDone) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let finishing: Finishing = sqlx::query_as(
        "SELECT b.vin, d.name_zh AS garage, s.is_maintenance FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         JOIN service_types s ON s.id = b.service_type_id WHERE b.id = $1 AND b.dealer_id = $2",
    )
    .bind(booking)
    .bind(dealer)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    let vin = finishing.vin.as_str();
    let booked_recalls: Vec<i64> = sqlx::query_scalar("SELECT campaign_id FROM booking_recalls WHERE booking_id = $1")
        .bind(booking)
        .fetch_all(db.pool())
        .await?;
    let fixed_campaigns: Vec<i64> =
        match (done.fix_open_campaigns, crate::warranty::store::fixable_campaigns(db, vin).await?) {
            (true, Some(open)) => open.into_iter().map(|c| c.id).collect(),
            _ => booked_recalls,
        };
    let now = clock.now();
    // The visit's date as the dealer's calendar shows it (UTC is still on yesterday before 08:00).
    let today = crate::booking::lifecycle::visit_day(now);
    let mut tx = db.begin_write().await?;
    let records = Records { ended_at: Some(now), amount: Some(done.amount), ..Records::at(now) };
    step(&mut tx, dealer, booking, Step::Complete, Party::Dealer, records).await?;
    let ownership = current_ownership(&mut tx, vin).await?;
    sqlx::query(
        "INSERT INTO service_records (vin, ownership_id, source, performed_on, mileage_km, work, garage_name, dealer_id, counts_as_service, created_by, created_at, booking_id)
         VALUES ($1, $2, 'dealer', $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(vin)
    .bind(ownership)
    .bind(today.to_string())
    .bind(i64::from(done.mileage.get()))
    .bind(done.record())
    .bind(&finishing.garage)
    .bind(dealer)
    .bind(finishing.is_maintenance)
    .bind(advisor)
    .bind(now.timestamp_millis())
    .bind(booking)
    .execute(&mut *tx)
    .await?;
    let car = odometer(db, &mut tx, vin).await?.ok_or(DomainError::NotFound)?;
    if raises(car.km, done.mileage.get()) {
        write_odometer(&mut tx, vin, car.km, Reading { km: done.mileage.get(), on: today }).await?;
    }
    let vin = Vin::parse(vin).map_err(|e| DomainError::Database(sqlx::Error::Decode(e.into())))?;
    for campaign in &fixed_campaigns {
        crate::warranty::store::mark_done(&mut tx, *campaign, &vin, today, Some(dealer), Some(advisor), now).await?;
    }
    let fact = Fact::ServiceCompleted { booking, vin, dealer, amount: done.amount };
    crate::fact::store::emit(&mut tx, fact, now).await?;
    event(&mut tx, booking, now, advisor, "completed", &done.amount.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// A visit closed in the dealer's workshop system (a repair order naming the
/// booking): the car was there, so a booking still waiting is checked in with
/// the order's mileage, then completed with its amount. Another car's or
/// another dealer's booking is not there at all; a cancelled or finished one
/// is in the wrong state. The order itself writes the service record.
pub(crate) async fn close_from_workshop(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    dealer: i64,
    booking: i64,
    vin: &Vin,
    (mileage, amount): (Km, crate::types::Money),
    now: DateTime<chrono::Utc>,
) -> Result<(), DomainError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1 AND dealer_id = $2 AND vin = $3")
            .bind(booking)
            .bind(dealer)
            .bind(vin.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let status = status.ok_or(DomainError::NotFound)?;
    if crate::booking::Stage::from_columns(&status, None) == Some(crate::booking::Stage::Booked) {
        let records = Records { checked_in: Some((now, mileage)), ..Records::at(now) };
        step(tx, dealer, booking, Step::CheckIn, Party::Dealer, records).await?;
    }
    let records = Records { ended_at: Some(now), amount: Some(amount), ..Records::at(now) };
    step(tx, dealer, booking, Step::Complete, Party::Dealer, records).await?;
    let history = crate::history::Subject::Booking(booking);
    crate::history::record(tx, history, now, None, "completed", &amount.to_string()).await?;
    Ok(())
}
