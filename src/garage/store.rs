//! Claims, details and history in the database. Every read and write here is
//! scoped to the owner's current ownership: another owner's car is "not found".

use super::{Car, CarDetails, OwnerWork, ServiceEntry, Source};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::{date_column, is_unique_violation, optional_date_column, Db};
use crate::error::{Conflict, DomainError, Field, FieldError, Problem};
use crate::types::Vin;
use sqlx::{AnyPool, FromRow};

#[derive(FromRow)]
struct CarRow {
    ownership_id: i64,
    vin: String,
    model_zh: String,
    model_en: String,
    model_year: i64,
    powertrain: String,
    plate: Option<String>,
    mileage_km: Option<i64>,
    mileage_on: Option<String>,
    insurance_due: Option<String>,
    inspection_due: Option<String>,
    sale_date: Option<String>,
}

impl CarRow {
    fn into_car(self) -> Result<Car, sqlx::Error> {
        Ok(Car {
            ownership_id: self.ownership_id,
            vin: self.vin,
            model_zh: self.model_zh,
            model_en: self.model_en,
            model_year: self.model_year,
            powertrain: self.powertrain,
            plate: self.plate,
            mileage_km: self.mileage_km.and_then(|km| u32::try_from(km).ok()),
            mileage_on: optional_date_column(self.mileage_on.as_deref())?,
            insurance_due: optional_date_column(self.insurance_due.as_deref())?,
            inspection_due: optional_date_column(self.inspection_due.as_deref())?,
            sale_date: optional_date_column(self.sale_date.as_deref())?,
        })
    }
}

const CAR_SELECT: &str =
    "SELECT o.id AS ownership_id, v.vin, m.name_zh AS model_zh, m.name_en AS model_en, v.model_year,
        m.powertrain, o.plate, v.mileage_km, v.mileage_on, o.insurance_due, o.inspection_due, v.sale_date
     FROM ownerships o JOIN vehicles v ON v.vin = o.vin JOIN car_models m ON m.id = v.model_id
     WHERE o.ended_at IS NULL";

/// Adds a car from the register to the owner's garage. Claiming one's own car
/// again is harmless; another owner's car is refused.
pub async fn claim(db: &Db, clock: &dyn Clock, owner: UserId, vin: &str) -> Result<Vin, DomainError> {
    let vin = Vin::parse(vin).map_err(|e| FieldError::new(Field::Vin, e))?;
    let registered: Option<(Option<String>,)> = sqlx::query_as("SELECT sale_date FROM vehicles WHERE vin = $1")
        .bind(vin.as_str())
        .fetch_optional(db.pool())
        .await?;
    match registered {
        None => return Err(FieldError::new(Field::Vin, Problem::VinNotRegistered).into()),
        Some((None,)) => return Err(FieldError::new(Field::Vin, Problem::VinNotSold).into()),
        Some(_) => {}
    }
    let inserted = sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at) VALUES ($1, $2, $3)")
        .bind(vin.as_str())
        .bind(owner)
        .bind(clock.now().timestamp_millis())
        .execute(db.pool())
        .await;
    match inserted {
        Ok(_) => Ok(vin),
        // The one-current-owner index decides races; then we look at who won.
        Err(err) if is_unique_violation(&err) => {
            let holder: Option<i64> =
                sqlx::query_scalar("SELECT owner_id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
                    .bind(vin.as_str())
                    .fetch_optional(db.pool())
                    .await?;
            if holder == Some(owner) {
                Ok(vin)
            } else {
                Err(DomainError::Conflict(Conflict::CarClaimed))
            }
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn cars(db: &Db, owner: UserId) -> Result<Vec<Car>, DomainError> {
    let rows: Vec<CarRow> = sqlx::query_as(&format!("{CAR_SELECT} AND o.owner_id = $1 ORDER BY o.started_at, o.id"))
        .bind(owner)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(CarRow::into_car).collect::<Result<_, _>>()?)
}

/// The owner's car with this VIN; `NotFound` when it is not theirs (whether or
/// not it exists), so nobody learns about other owners' cars.
pub async fn car(db: &Db, owner: UserId, vin: &str) -> Result<Car, DomainError> {
    let row: Option<CarRow> = sqlx::query_as(&format!("{CAR_SELECT} AND o.owner_id = $1 AND v.vin = $2"))
        .bind(owner)
        .bind(vin.trim().to_ascii_uppercase())
        .fetch_optional(db.pool())
        .await?;
    row.ok_or(DomainError::NotFound)?.into_car().map_err(DomainError::from)
}

/// Saves the owner's details. The odometer may only go up (staff correct
/// mistakes); the check and the write are one statement, so nothing races it.
pub async fn update_details(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    vin: &str,
    details: CarDetails,
) -> Result<(), DomainError> {
    let car = car(db, owner, vin).await?;
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE ownerships SET plate = $1, insurance_due = $2, inspection_due = $3 WHERE id = $4")
        .bind(details.plate.as_ref().map(|p| p.as_str().to_owned()))
        .bind(details.insurance_due.map(|d| d.to_string()))
        .bind(details.inspection_due.map(|d| d.to_string()))
        .bind(car.ownership_id)
        .execute(&mut *tx)
        .await?;
    if let Some(km) = details.mileage {
        let today = clock.now().date_naive().to_string();
        let updated = sqlx::query(
            "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND (mileage_km IS NULL OR mileage_km <= $1)",
        )
        .bind(i64::from(km.get()))
        .bind(today)
        .bind(&car.vin)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(FieldError::new(Field::Mileage, Problem::MileageDecrease).into());
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Records work done elsewhere, with its receipt if there is one, in one
/// transaction; it raises the odometer if it is the newest reading.
pub async fn report_work(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn crate::upload::store::FileStore,
    owner: UserId,
    vin: &str,
    work: OwnerWork,
    receipt: Option<&crate::upload::CleanImage>,
) -> Result<(), DomainError> {
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
    sqlx::query(
        "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND (mileage_km IS NULL OR mileage_km < $1)",
    )
    .bind(i64::from(work.mileage.get()))
    .bind(work.performed_on.to_string())
    .bind(&car.vin)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The car's history as its current owner sees it: every dealer visit and every
/// reported job, earlier owners' marked as such.
pub async fn history(pool: &AnyPool, car: &Car) -> Result<Vec<ServiceEntry>, DomainError> {
    let rows: Vec<(String, i64, String, String, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT performed_on, mileage_km, work, garage_name, source, ownership_id, receipt_upload_id FROM service_records
         WHERE vin = $1 ORDER BY performed_on DESC, id DESC",
    )
    .bind(&car.vin)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(on, km, work, garage_name, source, ownership, receipt)| {
            let mine = ownership == Some(car.ownership_id);
            let source = match (source.as_str(), mine) {
                ("dealer", _) => Source::Dealer,
                (_, true) => Source::Owner,
                (_, false) => Source::EarlierOwner,
            };
            Ok(ServiceEntry {
                performed_on: date_column(&on)?,
                mileage_km: u32::try_from(km).unwrap_or(0),
                work,
                garage_name,
                source,
                receipt: receipt.filter(|_| mine),
            })
        })
        .collect()
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

/// The last scheduled maintenance on record for a VIN (date, km).
pub async fn last_maintenance(pool: &AnyPool, vin: &str) -> Result<Option<(chrono::NaiveDate, u32)>, DomainError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT performed_on, mileage_km FROM service_records WHERE vin = $1 AND counts_as_service = 1
         ORDER BY performed_on DESC, id DESC LIMIT 1",
    )
    .bind(vin)
    .fetch_optional(pool)
    .await?;
    row.map(|(on, km)| Ok((date_column(&on)?, u32::try_from(km).unwrap_or(0)))).transpose()
}

/// The register entry and current owner of a VIN, for staff.
pub async fn staff_view(db: &Db, vin: &Vin) -> Result<super::StaffView, DomainError> {
    let row: Option<(String, String, String, i64, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT v.vin, m.name_zh, m.name_en, v.model_year, v.sale_date, v.mileage_km
         FROM vehicles v JOIN car_models m ON m.id = v.model_id WHERE v.vin = $1",
    )
    .bind(vin.as_str())
    .fetch_optional(db.pool())
    .await?;
    let (vin, model_zh, model_en, model_year, sale_date, mileage_km) = row.ok_or(DomainError::NotFound)?;
    let owner: Option<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.mobile, u.email FROM ownerships o JOIN users u ON u.id = o.owner_id
         WHERE o.vin = $1 AND o.ended_at IS NULL",
    )
    .bind(&vin)
    .fetch_optional(db.pool())
    .await?;
    Ok(super::StaffView {
        vin,
        model_zh,
        model_en,
        model_year,
        sale_date: optional_date_column(sale_date.as_deref())?,
        mileage_km: mileage_km.and_then(|km| u32::try_from(km).ok()),
        owner: owner.map(|(user_id, display_name, mobile, email)| super::OwnerContact {
            user_id,
            display_name,
            mobile,
            email,
        }),
    })
}

/// Staff set the odometer to a checked reading, down as well as up.
pub async fn correct_mileage(
    db: &Db,
    clock: &dyn Clock,
    staff: UserId,
    vin: &Vin,
    km: crate::types::Km,
) -> Result<(), DomainError> {
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let before: Option<Option<i64>> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
        .bind(vin.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.ok_or(DomainError::NotFound)?;
    sqlx::query("UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3")
        .bind(i64::from(km.get()))
        .bind(now.date_naive().to_string())
        .bind(vin.as_str())
        .execute(&mut *tx)
        .await?;
    crate::audit::record_staff_action(
        &mut *tx,
        now,
        staff,
        crate::audit::Action::MileageCorrected,
        vin,
        format!("{} -> {km}", before.map_or("-".to_owned(), |b| b.to_string())),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Care staff move a car to its new owner on proof of sale: the old ownership
/// ends (its personal details stay behind), a new one starts, in one transaction.
pub async fn transfer(
    db: &Db,
    clock: &dyn Clock,
    staff: UserId,
    vin: &Vin,
    to: &crate::types::Identifier,
    proof: &str,
) -> Result<(), DomainError> {
    let (mobile, email) = match to {
        crate::types::Identifier::Mobile(m) => (Some(m.as_str()), None),
        crate::types::Identifier::Email(e) => (None, Some(e.as_str())),
    };
    let new_owner: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1 OR email = $2")
        .bind(mobile)
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    let new_owner = new_owner.ok_or_else(|| FieldError::new(Field::Identifier, Problem::NoSuchAccount))?;
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT vin FROM vehicles WHERE vin = $1")
        .bind(vin.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(DomainError::NotFound)?;
    sqlx::query(
        "UPDATE ownerships SET ended_at = $1, ended_reason = 'transferred' WHERE vin = $2 AND ended_at IS NULL",
    )
    .bind(now.timestamp_millis())
    .bind(vin.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at) VALUES ($1, $2, $3)")
        .bind(vin.as_str())
        .bind(new_owner)
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?;
    crate::audit::record_staff_action(
        &mut *tx,
        now,
        staff,
        crate::audit::Action::CarTransferred,
        vin,
        format!("to user:{new_owner}; proof: {proof}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
