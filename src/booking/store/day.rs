//! The service advisor's day as the dealer's bookings show it: each slot's
//! load and the visits that start in it, one day or a week of them. Scoped to
//! the advisor's dealer by its plan.

use super::plan::{usage, DealerPlan};
use super::read::photos;
use super::row::BookingRow;
use crate::booking::{advisor::slot_loads, DaySheet, Visit};
use crate::db::Db;
use crate::error::DomainError;
use chrono::NaiveDate;

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
    let slots = slot_loads(day, plan.hours_on(day), plan.zone, plan.bays, &used);
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
            visit.photos = photos(db, visit.booking.id).await?;
        }
        visits.push(visit);
    }
    Ok(DaySheet { day, slots, visits })
}

/// Seven day sheets from `first`, for the advisor's week view.
pub async fn week(db: &Db, plan: &DealerPlan, first: NaiveDate) -> Result<Vec<DaySheet>, DomainError> {
    let mut days = Vec::with_capacity(7);
    for offset in 0..7 {
        days.push(day_sheet(db, plan, first + chrono::Duration::days(offset)).await?);
    }
    Ok(days)
}
