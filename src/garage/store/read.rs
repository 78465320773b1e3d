//! What the owner reads about their cars: the garage, one car, its history and
//! its last maintenance, each scoped to the owner's current ownership.

use crate::account::UserId;
use crate::db::{date_column, optional_date_column, Db};
use crate::error::DomainError;
use crate::garage::{Car, HeldReading, ServiceEntry, Source};
use crate::types::Vin;
use sqlx::FromRow;

#[derive(FromRow)]
struct CarRow {
    ownership_id: i64,
    vin: Vin,
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

pub(super) fn held(id: Option<i64>, km: Option<i64>, on: Option<&str>) -> Result<Option<HeldReading>, sqlx::Error> {
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

/// The car's history as its current owner sees it: every dealer visit and every
/// reported job, earlier owners' marked as such.
pub async fn history(db: &Db, car: &Car) -> Result<Vec<ServiceEntry>, DomainError> {
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
    .fetch_all(db.pool())
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

/// The last scheduled maintenance on record for a VIN (date, km).
pub async fn last_maintenance(db: &Db, vin: &str) -> Result<Option<(chrono::NaiveDate, u32)>, DomainError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT performed_on, mileage_km FROM service_records WHERE vin = $1 AND counts_as_service = 1
         ORDER BY performed_on DESC, id DESC LIMIT 1",
    )
    .bind(vin)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(on, km)| Ok((date_column(&on)?, u32::try_from(km).unwrap_or(0)))).transpose()
}

/// The last maintenance of each of the owner's current cars, by VIN (one query).
pub async fn last_maintenance_by_car(
    db: &Db,
    owner: UserId,
) -> Result<std::collections::HashMap<String, (chrono::NaiveDate, u32)>, DomainError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT s.vin, s.performed_on, s.mileage_km FROM service_records s
         JOIN ownerships o ON o.vin = s.vin AND o.owner_id = $1 AND o.ended_at IS NULL
         WHERE s.counts_as_service = 1
         ORDER BY s.vin, s.performed_on DESC, s.id DESC",
    )
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    let mut last = std::collections::HashMap::new();
    for (vin, on, km) in rows {
        // Latest first: the first row of each car is its last maintenance.
        if let std::collections::hash_map::Entry::Vacant(slot) = last.entry(vin) {
            slot.insert((date_column(&on)?, u32::try_from(km).unwrap_or(0)));
        }
    }
    Ok(last)
}
