//! What the owner changes: the car's details, work done elsewhere, the odometer
//! reading either brings, and handing the car on.

use super::odometer::{odometer, write_odometer};
use super::read::car;
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::garage::{plausible, raises, Car, CarDetails, OwnerWork, Reading, ReadingOutcome};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Takes an owner's odometer reading in the caller's transaction. A rise the
/// days since the last reading allow is applied, only where the car's reading
/// is still the one judged (so nothing races it); a bigger one is held for
/// staff, replacing the reading held for the car before. A reading below the
/// car's is refused when `refuse_lower` (staff correct mistakes), else ignored;
/// an equal one changes nothing (`garage::raises`).
async fn owner_reading(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    now: DateTime<Utc>,
    owner: UserId,
    car: &Car,
    next: Reading,
    refuse_lower: bool,
) -> Result<ReadingOutcome, DomainError> {
    let odometer = odometer(db, tx, car.vin.as_str()).await?.ok_or(DomainError::NotFound)?;
    let last_on = odometer.on.or(car.sale_date).unwrap_or(next.on);
    let last = odometer.km.map(|km| Reading { km, on: last_on });
    if refuse_lower && odometer.km.is_some_and(|km| next.km < km) {
        return Err(FieldError::new(Field::Mileage, Problem::MileageDecrease).into());
    }
    if !raises(odometer.km, next.km) {
        return Ok(ReadingOutcome::Unchanged);
    }
    if plausible(last, car.sale_date, next) {
        write_odometer(tx, car.vin.as_str(), odometer.km, next).await?;
        return Ok(ReadingOutcome::Applied);
    }
    let replaced = sqlx::query(
        "UPDATE held_readings SET ownership_id = $1, mileage_km = $2, read_on = $3, reported_by = $4, reported_at = $5
         WHERE vin = $6 AND status = 'held'",
    )
    .bind(car.ownership_id)
    .bind(i64::from(next.km))
    .bind(next.on.to_string())
    .bind(owner)
    .bind(now.timestamp_millis())
    .bind(&car.vin)
    .execute(&mut **tx)
    .await?;
    if replaced.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO held_readings (vin, ownership_id, mileage_km, read_on, reported_by, reported_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&car.vin)
        .bind(car.ownership_id)
        .bind(i64::from(next.km))
        .bind(next.on.to_string())
        .bind(owner)
        .bind(now.timestamp_millis())
        .execute(&mut **tx)
        .await
        .map_err(|e| match is_unique_violation(&e) {
            // Another report for the car was held at the same moment.
            true => DomainError::from(FieldError::new(Field::Mileage, Problem::WrongState)),
            false => e.into(),
        })?;
    }
    Ok(ReadingOutcome::Held)
}

/// Saves the owner's details. The odometer may only go up (staff correct
/// mistakes), and only as far as the days since the last reading allow;
/// further, the reading waits for staff.
pub async fn update_details(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    vin: &str,
    details: CarDetails,
) -> Result<ReadingOutcome, DomainError> {
    let car = car(db, owner, vin).await?;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE ownerships SET plate = $1, insurance_due = $2, inspection_due = $3 WHERE id = $4")
        .bind(details.plate.as_ref().map(|p| p.as_str().to_owned()))
        .bind(details.insurance_due.map(|d| d.to_string()))
        .bind(details.inspection_due.map(|d| d.to_string()))
        .bind(car.ownership_id)
        .execute(&mut *tx)
        .await?;
    let outcome = match details.mileage {
        Some(km) => {
            let reading = Reading { km: km.get(), on: now.date_naive() };
            owner_reading(db, &mut tx, now, owner, &car, reading, true).await?
        }
        None => ReadingOutcome::Unchanged,
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Records work done elsewhere, with its receipt if there is one, in one
/// transaction; its mileage is the car's new reading if it is the newest (and
/// plausible: else it is held, the work recorded all the same).
pub async fn report_work(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn crate::upload::store::FileStore,
    owner: UserId,
    vin: &str,
    work: OwnerWork,
    receipt: Option<&crate::upload::CleanImage>,
) -> Result<ReadingOutcome, DomainError> {
    let car = car(db, owner, vin).await?;
    let mut tx = db.begin_write().await?;
    let receipt = match receipt {
        Some(image) => Some(files.put(&mut tx, owner, crate::upload::Purpose::Receipt, image, clock.now()).await?),
        None => None,
    };
    sqlx::query(
        "INSERT INTO service_records (vin, ownership_id, source, performed_on, mileage_km, work, garage_name, counts_as_service, created_by, created_at, receipt_upload_id)
         VALUES ($1, $2, 'owner', $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&car.vin)
    .bind(car.ownership_id)
    .bind(work.performed_on.to_string())
    .bind(i64::from(work.mileage.get()))
    .bind(&work.work)
    .bind(&work.garage_name)
    .bind(i64::from(work.is_maintenance))
    .bind(owner)
    .bind(clock.now().timestamp_millis())
    .bind(receipt)
    .execute(&mut *tx)
    .await?;
    let reading = Reading { km: work.mileage.get(), on: work.performed_on };
    let outcome = owner_reading(db, &mut tx, clock.now(), owner, &car, reading, false).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The owner hands the car on: the ownership ends, its personal details stay
/// with it, and the car's history stays with the VIN for the next owner.
pub async fn release(db: &Db, clock: &dyn Clock, owner: UserId, vin: &str) -> Result<(), DomainError> {
    let car = car(db, owner, vin).await?;
    sqlx::query("UPDATE ownerships SET ended_at = $1, ended_reason = 'released' WHERE id = $2 AND ended_at IS NULL")
        .bind(clock.now().timestamp_millis())
        .bind(car.ownership_id)
        .execute(db.pool())
        .await?;
    Ok(())
}
