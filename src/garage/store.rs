//! Details, mileage and history in the database (claims are in
//! [`super::claim::store`]). Every read and write here is scoped to the
//! owner's current ownership: another owner's car is "not found".

use super::{
    plausible, Car, CarDetails, HeldDecision, HeldReading, OwnerWork, Reading, ReadingOutcome, ServiceEntry, Source,
};
use crate::account::{MileageChange, MileageChangeError, Staff, UserId};
use crate::clock::Clock;
use crate::db::{date_column, is_unique_violation, optional_date_column, Db};
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note};
use crate::types::Vin;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, AnyPool, FromRow, Transaction};

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
    held_id: Option<i64>,
    held_km: Option<i64>,
    held_on: Option<String>,
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
            held_mileage: held(self.held_id, self.held_km, self.held_on.as_deref())?,
        })
    }
}

fn held(id: Option<i64>, km: Option<i64>, on: Option<&str>) -> Result<Option<HeldReading>, sqlx::Error> {
    let (Some(id), Some(km), Some(on)) = (id, km, on) else { return Ok(None) };
    Ok(Some(HeldReading { id, km: u32::try_from(km).unwrap_or(u32::MAX), read_on: date_column(on)? }))
}

const CAR_SELECT: &str =
    "SELECT o.id AS ownership_id, v.vin, m.name_zh AS model_zh, m.name_en AS model_en, v.model_year,
        m.powertrain, o.plate, v.mileage_km, v.mileage_on, o.insurance_due, o.inspection_due, v.sale_date,
        h.id AS held_id, h.mileage_km AS held_km, h.read_on AS held_on
     FROM ownerships o JOIN vehicles v ON v.vin = o.vin JOIN car_models m ON m.id = v.model_id
     LEFT JOIN held_readings h ON h.ownership_id = o.id AND h.status = 'held'
     WHERE o.ended_at IS NULL";

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

/// Takes an owner's odometer reading in the caller's transaction. A rise the
/// days since the last reading allow is applied, only where the car's reading
/// is still the one judged (so nothing races it); a bigger one is held for
/// staff, replacing the reading held for the car before. A reading below the
/// car's is refused when `refuse_lower` (staff correct mistakes), else ignored.
async fn owner_reading(
    tx: &mut Transaction<'static, Any>,
    now: DateTime<Utc>,
    owner: UserId,
    car: &Car,
    next: Reading,
    refuse_lower: bool,
) -> Result<ReadingOutcome, DomainError> {
    let (km, on): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT mileage_km, mileage_on FROM vehicles WHERE vin = $1")
            .bind(&car.vin)
            .fetch_one(&mut **tx)
            .await?;
    let last_on = optional_date_column(on.as_deref())?.or(car.sale_date).unwrap_or(next.on);
    let last = km.map(|km| Reading { km: u32::try_from(km).unwrap_or(u32::MAX), on: last_on });
    if let Some(last) = last {
        if next.km < last.km && refuse_lower {
            return Err(FieldError::new(Field::Mileage, Problem::MileageDecrease).into());
        }
        if next.km < last.km || (next.km == last.km && next.on <= last.on) {
            return Ok(ReadingOutcome::Unchanged);
        }
    }
    if plausible(last, car.sale_date, next) {
        let applied = sqlx::query(
            "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND COALESCE(mileage_km, -1) = $4",
        )
        .bind(i64::from(next.km))
        .bind(next.on.to_string())
        .bind(&car.vin)
        .bind(km.unwrap_or(-1))
        .execute(&mut **tx)
        .await?;
        if applied.rows_affected() != 1 {
            return Err(FieldError::new(Field::Mileage, Problem::WrongState).into());
        }
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
            owner_reading(&mut tx, now, owner, &car, reading, true).await?
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
    let outcome = owner_reading(&mut tx, clock.now(), owner, &car, reading, false).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The car's history as its current owner sees it: every dealer visit and every
/// reported job, earlier owners' marked as such.
pub async fn history(pool: &AnyPool, car: &Car) -> Result<Vec<ServiceEntry>, DomainError> {
    #[derive(FromRow)]
    struct RecordRow {
        performed_on: String,
        mileage_km: i64,
        work: String,
        garage_name: String,
        source: String,
        /// The ownership that reported the job; `None` for a dealer's record.
        ownership_id: Option<i64>,
        receipt_upload_id: Option<i64>,
    }
    let rows: Vec<RecordRow> = sqlx::query_as(
        "SELECT performed_on, mileage_km, work, garage_name, source, ownership_id, receipt_upload_id FROM service_records
         WHERE vin = $1 ORDER BY performed_on DESC, id DESC",
    )
    .bind(&car.vin)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let mine = row.ownership_id == Some(car.ownership_id);
            let source = match (row.source.as_str(), mine) {
                ("dealer", _) => Source::Dealer,
                (_, true) => Source::Owner,
                (_, false) => Source::EarlierOwner,
            };
            Ok(ServiceEntry {
                performed_on: date_column(&row.performed_on)?,
                mileage_km: u32::try_from(row.mileage_km).unwrap_or(0),
                work: row.work,
                garage_name: row.garage_name,
                source,
                receipt: row.receipt_upload_id.filter(|_| mine),
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
/// A car as a staff member sees it: only a car their desk reaches, and the
/// owner's contacts only for roles that call owners about their car.
pub async fn staff_view(db: &Db, staff: Staff, vin: &Vin) -> Result<super::StaffView, DomainError> {
    crate::account::reach::car(db, staff.desk, vin).await?;
    #[derive(FromRow)]
    struct VehicleRow {
        vin: Vin,
        model_zh: String,
        model_en: String,
        model_year: i64,
        sale_date: Option<String>,
        mileage_km: Option<i64>,
    }
    let row: Option<VehicleRow> = sqlx::query_as(
        "SELECT v.vin, m.name_zh AS model_zh, m.name_en AS model_en, v.model_year, v.sale_date, v.mileage_km
         FROM vehicles v JOIN car_models m ON m.id = v.model_id WHERE v.vin = $1",
    )
    .bind(vin.as_str())
    .fetch_optional(db.pool())
    .await?;
    let VehicleRow { vin, model_zh, model_en, model_year, sale_date, mileage_km } = row.ok_or(DomainError::NotFound)?;
    let owner: Option<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.mobile, u.email FROM ownerships o JOIN users u ON u.id = o.owner_id
         WHERE o.vin = $1 AND o.ended_at IS NULL",
    )
    .bind(&vin)
    .fetch_optional(db.pool())
    .await?;
    let held_row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, mileage_km, read_on FROM held_readings WHERE vin = $1 AND status = 'held'")
            .bind(&vin)
            .fetch_optional(db.pool())
            .await?;
    let held = match held_row {
        Some((id, km, on)) => held(Some(id), Some(km), Some(&on))?,
        None => None,
    };
    Ok(super::StaffView {
        vin,
        model_zh,
        model_en,
        model_year,
        sale_date: optional_date_column(sale_date.as_deref())?,
        mileage_km: mileage_km.and_then(|km| u32::try_from(km).ok()),
        owner: owner.map(|(user_id, display_name, mobile, email)| {
            let contacts = staff.role.sees_owner_contacts();
            super::OwnerContact {
                user_id,
                display_name,
                mobile: mobile.filter(|_| contacts),
                email: email.filter(|_| contacts),
            }
        }),
        held,
    })
}

/// Staff whose desk reaches the car confirm an owner's held reading (it
/// becomes the car's mileage, unless the car has a higher one by now) or
/// discard it (the owner is told). Each held reading is decided once: the
/// write is conditional on it still being held.
pub async fn decide_held(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    vin: &Vin,
    reading: i64,
    decision: HeldDecision,
) -> Result<(), DomainError> {
    crate::account::reach::car(db, staff.desk, vin).await?;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT mileage_km, read_on, reported_by FROM held_readings WHERE id = $1 AND vin = $2 AND status = 'held'",
    )
    .bind(reading)
    .bind(vin.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let (km, read_on, reported_by) = row.ok_or_else(|| FieldError::new(Field::Mileage, Problem::WrongState))?;
    if decision == HeldDecision::Confirm {
        let applied = sqlx::query(
            "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND (mileage_km IS NULL OR mileage_km <= $1)",
        )
        .bind(km)
        .bind(&read_on)
        .bind(vin.as_str())
        .execute(&mut *tx)
        .await?;
        if applied.rows_affected() != 1 {
            return Err(FieldError::new(Field::Mileage, Problem::MileageDecrease).into());
        }
    }
    let decided = sqlx::query(
        "UPDATE held_readings SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'held'",
    )
    .bind(decision.status())
    .bind(staff.id)
    .bind(now.timestamp_millis())
    .bind(reading)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(FieldError::new(Field::Mileage, Problem::WrongState).into());
    }
    let action = match decision {
        HeldDecision::Confirm => crate::audit::Action::MileageConfirmed,
        HeldDecision::Discard => crate::audit::Action::MileageDiscarded,
    };
    let detail = format!("owner reading {km} km on {read_on} (reading:{reading})");
    crate::audit::record_staff_action(&mut *tx, now, staff.id, action, vin, detail).await?;
    if decision == HeldDecision::Discard {
        let read_on: NaiveDate = date_column(&read_on)?;
        let zh = format!("您为车辆 {vin} 填报的里程 {km} 公里（{read_on}）未获确认，车辆仍按上次确认的里程记录。如有疑问，请联系服务顾问。");
        let en = format!("The mileage you reported for {vin} ({km} km on {read_on}) was not confirmed; the car keeps its last confirmed reading. Ask a service advisor if you have questions.");
        let link = format!("/me/garage/{vin}");
        let note = Note { kind: "mileage_discarded", zh: &zh, en: &en, link: &link, category: Topic::Service };
        tell(&mut tx, reported_by, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Staff set the odometer to a checked reading of a car their desk reaches:
/// up as everyday work, down only by an admin with a reason (it rewrites history).
pub async fn correct_mileage(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    vin: &Vin,
    km: crate::types::Km,
    reason: Option<&str>,
) -> Result<(), DomainError> {
    crate::account::reach::car(db, staff.desk, vin).await?;
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let before: Option<Option<i64>> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
        .bind(vin.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.ok_or(DomainError::NotFound)?;
    let change = MileageChange::of(before.and_then(|b| u32::try_from(b).ok()), km.get());
    change.allowed(staff.role, reason.is_some()).map_err(|e| match e {
        MileageChangeError::ReasonRequired => FieldError::new(Field::Reason, Problem::Required),
        MileageChangeError::AdminOnly => FieldError::new(Field::Mileage, Problem::MileageDecrease),
    })?;
    // Only where it still stands as read: a concurrent change is not overwritten unseen.
    let changed = sqlx::query(
        "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND COALESCE(mileage_km, -1) = $4",
    )
    .bind(i64::from(km.get()))
    .bind(now.date_naive().to_string())
    .bind(vin.as_str())
    .bind(before.unwrap_or(-1))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(FieldError::new(Field::Mileage, Problem::WrongState).into());
    }
    crate::audit::record_staff_action(
        &mut *tx,
        now,
        staff.id,
        crate::audit::Action::MileageCorrected,
        vin,
        format!(
            "{} -> {km}{}",
            before.map_or("-".to_owned(), |b| b.to_string()),
            reason.map(|r| format!("; reason: {r}")).unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Brand-wide care staff move a car to its new owner on proof of sale: the old
/// ownership ends (its personal details stay behind), a new one starts, and the
/// previous owner is told, all in one transaction.
pub async fn transfer(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    vin: &Vin,
    to: &crate::types::Identifier,
    proof: &str,
) -> Result<(), DomainError> {
    if !staff.may_transfer_cars() {
        return Err(DomainError::NotFound);
    }
    let (mobile, email) = match to {
        crate::types::Identifier::Mobile(m) => (Some(m.as_str()), None),
        crate::types::Identifier::Email(e) => (None, Some(e.as_str())),
    };
    let new_owner: Option<(i64, Option<String>)> =
        // Only a proved number goes in the register (see `claim::store::approve`).
        sqlx::query_as(
            "SELECT id, CASE WHEN mobile_verified_at IS NOT NULL THEN mobile END FROM users WHERE mobile = $1 OR email = $2",
        )
            .bind(mobile)
            .bind(email)
            .fetch_optional(db.pool())
            .await?;
    let (new_owner, new_mobile) =
        new_owner.ok_or_else(|| FieldError::new(Field::Identifier, Problem::NoSuchAccount))?;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT vin FROM vehicles WHERE vin = $1")
        .bind(vin.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(DomainError::NotFound)?;
    let previous: Option<i64> = sqlx::query_scalar(
        "UPDATE ownerships SET ended_at = $1, ended_reason = 'transferred' WHERE vin = $2 AND ended_at IS NULL
         RETURNING owner_id",
    )
    .bind(now.timestamp_millis())
    .bind(vin.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at, basis) VALUES ($1, $2, $3, $4)")
        .bind(vin.as_str())
        .bind(new_owner)
        .bind(now.timestamp_millis())
        .bind(super::claim::Basis::Care.as_str())
        .execute(&mut *tx)
        .await?;
    // Claims still waiting end here: approving one later would undo the transfer.
    super::claim::store::supersede_waiting(&mut tx, vin.as_str(), new_owner, now).await?;
    // The sale care has seen is the register's now: the old buyer's number no longer claims the car.
    sqlx::query("UPDATE vehicles SET registered_mobile = $1 WHERE vin = $2")
        .bind(new_mobile)
        .bind(vin.as_str())
        .execute(&mut *tx)
        .await?;
    crate::audit::record_staff_action(
        &mut *tx,
        now,
        staff.id,
        crate::audit::Action::CarTransferred,
        vin,
        format!("to user:{new_owner}; proof: {proof}"),
    )
    .await?;
    if let Some(previous) = previous.filter(|p| *p != new_owner) {
        let (zh, en) = transfer_notice(vin);
        let notice = Note { kind: "car_transferred", zh: &zh, en: &en, link: "/me/garage", category: Topic::Service };
        tell(&mut tx, previous, notice, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn transfer_notice(vin: &Vin) -> (String, String) {
    (
        format!("您的车辆 {vin} 已由客服根据过户证明转给新车主。如有误，请致电 400-820-6688。"),
        format!("Customer care has transferred your car {vin} to its new owner on proof of sale. If this is wrong, call 400-820-6688."),
    )
}
