//! The service advisor's day as the dealer's bookings show it: each slot's
//! load and the visits that start in it, with their photos, latest estimate
//! and whether the car may be checked in now, one day or a week of them. A day
//! reads in four queries however many visits it has. Scoped to the advisor's
//! dealer by its plan.

use super::plan::{usage, DealerPlan};
use super::row::{BookingRow, EstimateRow, ESTIMATE_COLUMNS};
use crate::booking::{advisor::slot_loads, check_in_open, no_show_open, DaySheet, Estimate, Visit};
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct VisitRow {
    #[sqlx(flatten)]
    booking: BookingRow,
    owner_id: i64,
    owner_name: String,
    owner_mobile: Option<String>,
    model_zh: String,
    model_en: String,
    service_zh: String,
    service_en: String,
    recalls: i64,
    checkin_mileage: Option<i64>,
}

/// The day's bookings at the dealer: `$1` the dealer, `[$2, $3)` the day's
/// instants; cancelled ones are off the sheet.
const DAYS_BOOKINGS: &str =
    "SELECT id FROM bookings WHERE dealer_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled'";

/// The dealer's bookings on `day` (its local date) and the load of each slot,
/// as they stand at `now`.
pub async fn day_sheet(
    db: &Db,
    plan: &DealerPlan,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DaySheet, DomainError> {
    let start = crate::zone::day_start(plan.zone, day).ok_or(DomainError::NotFound)?;
    let end = start + chrono::Duration::days(1);
    let used = usage(db, plan.dealer_id, start, end).await?;
    let slots = slot_loads(day, plan.hours_on(day), plan.zone, plan.bays, &used);
    let (from, to) = (start.timestamp_millis(), end.timestamp_millis());
    let rows: Vec<VisitRow> = sqlx::query_as(&format!(
        "SELECT b.id, b.vin, b.dealer_id, b.service_type_id, b.starts_at, b.ends_at, b.bays, b.status, b.workshop_stage,
                b.note, b.dealer_change, b.channel, b.owner_confirmed_at, b.created_at, b.owner_id, b.checkin_mileage,
                u.display_name AS owner_name, u.mobile AS owner_mobile, m.name_zh AS model_zh, m.name_en AS model_en,
                s.name_zh AS service_zh, s.name_en AS service_en,
                (SELECT COUNT(*) FROM booking_recalls r WHERE r.booking_id = b.id) AS recalls
         FROM bookings b JOIN users u ON u.id = b.owner_id JOIN vehicles v ON v.vin = b.vin
         JOIN car_models m ON m.id = v.model_id JOIN service_types s ON s.id = b.service_type_id
         WHERE b.id IN ({DAYS_BOOKINGS})
         ORDER BY b.starts_at, b.id"
    ))
    .bind(plan.dealer_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let photos: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT booking_id, upload_id FROM booking_photos WHERE booking_id IN ({DAYS_BOOKINGS}) ORDER BY upload_id"
    ))
    .bind(plan.dealer_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let mut photos_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (booking, upload) in photos {
        photos_of.entry(booking).or_default().push(upload);
    }
    #[derive(sqlx::FromRow)]
    struct DayEstimate {
        booking_id: i64,
        #[sqlx(flatten)]
        estimate: EstimateRow,
    }
    let estimates: Vec<DayEstimate> = sqlx::query_as(&format!(
        "SELECT booking_id, {ESTIMATE_COLUMNS} FROM estimates WHERE booking_id IN ({DAYS_BOOKINGS}) ORDER BY id"
    ))
    .bind(plan.dealer_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    // In order of sending, so the latest of each booking is the one kept.
    let latest: HashMap<i64, Estimate> = estimates.into_iter().map(|e| (e.booking_id, e.estimate.estimate())).collect();
    let visits = rows
        .into_iter()
        .map(|row| {
            let booking = row.booking.booking();
            Visit {
                check_in_refused: check_in_open(row.booking.made(), booking.starts_at, now).err(),
                no_show_refused: no_show_open(booking.starts_at, now).err(),
                photos: photos_of.remove(&booking.id).unwrap_or_default(),
                estimate: latest.get(&booking.id).cloned(),
                booking,
                owner_id: row.owner_id,
                owner_name: row.owner_name,
                owner_mobile: row.owner_mobile,
                model_zh: row.model_zh,
                model_en: row.model_en,
                service_zh: row.service_zh,
                service_en: row.service_en,
                recalls: u32::try_from(row.recalls).unwrap_or(0),
                checkin_mileage: row.checkin_mileage.and_then(|km| u32::try_from(km).ok()),
            }
        })
        .collect();
    Ok(DaySheet { day, slots, visits })
}

/// Seven day sheets from `first`, for the advisor's week view.
pub async fn week(
    db: &Db,
    plan: &DealerPlan,
    first: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<DaySheet>, DomainError> {
    let mut days = Vec::with_capacity(7);
    for offset in 0..7 {
        days.push(day_sheet(db, plan, first + chrono::Duration::days(offset), now).await?);
    }
    Ok(days)
}
