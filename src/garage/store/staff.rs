//! What staff do with a car their desk reaches: see it, decide an owner's held
//! reading, correct the odometer, and move the car to its new owner.

use super::odometer::{odometer, write_odometer};
use super::ownership::start_ownership;
use super::read::held;
use crate::account::{MileageChange, MileageChangeError, Staff};
use crate::clock::Clock;
use crate::db::{date_column, optional_date_column, Db};
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::garage::{claim, raises, HeldDecision, OwnerContact, Reading, StaffView};
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note, Notice};
use crate::types::Vin;
use chrono::NaiveDate;
use sqlx::FromRow;

/// A car as a staff member sees it: only a car their desk reaches, and the
/// owner's contacts only for roles that call owners about their car.
pub async fn staff_view(db: &Db, staff: Staff, vin: &Vin) -> Result<StaffView, DomainError> {
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
    Ok(StaffView {
        vin,
        model_zh,
        model_en,
        model_year,
        sale_date: optional_date_column(sale_date.as_deref())?,
        mileage_km: mileage_km.and_then(|km| u32::try_from(km).ok()),
        // The desk reaches the car (checked above) and calls its holder about it.
        owner: owner.map(|(user_id, display_name, mobile, email)| {
            OwnerContact::seen_by(staff.role, true, user_id, display_name, mobile, email)
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
        let car = odometer(db, &mut tx, vin.as_str()).await?.ok_or(DomainError::NotFound)?;
        let reading = Reading { km: u32::try_from(km).unwrap_or(u32::MAX), on: date_column(&read_on)? };
        if car.km.is_some_and(|current| reading.km < current) {
            return Err(FieldError::new(Field::Mileage, Problem::MileageDecrease).into());
        }
        // Equal to the car's reading: confirmed, and nothing to write.
        if raises(car.km, reading.km) {
            write_odometer(&mut tx, vin.as_str(), car.km, reading).await?;
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
        let link = format!("/me/garage/{vin}");
        let notice = Notice::MileageDiscarded { vin: vin.to_string(), km, read_on };
        let note = Note { notice, link: &link, category: Topic::Service };
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
    let mut tx = db.begin_write().await?;
    let before = odometer(db, &mut tx, vin.as_str()).await?.ok_or(DomainError::NotFound)?.km;
    let change = MileageChange::of(before, km.get());
    change.allowed(staff.role, reason.is_some()).map_err(|e| match e {
        MileageChangeError::ReasonRequired => FieldError::new(Field::Reason, Problem::Required),
        MileageChangeError::AdminOnly => FieldError::new(Field::Mileage, Problem::MileageDecrease),
    })?;
    if change == MileageChange::Raise && !raises(before, km.get()) {
        // The reading the car shows already: nothing to correct.
        return Ok(());
    }
    write_odometer(&mut tx, vin.as_str(), before, Reading { km: km.get(), on: now.date_naive() }).await?;
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
    start_ownership(&mut tx, vin.as_str(), new_owner, claim::Basis::Care, now).await?;
    // Claims still waiting end here: approving one later would undo the transfer.
    claim::store::supersede_waiting(&mut tx, vin.as_str(), new_owner, now).await?;
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
        let notice = Notice::CarTransferred { vin: vin.to_string() };
        tell(&mut tx, previous, Note { notice, link: "/me/garage", category: Topic::Service }, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
