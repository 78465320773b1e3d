//! What the owner reads about their bookings: the list, the next visit, and one
//! booking's details with its estimates, photos and history.

use super::row::{owned, BookingRow, EstimateRow, BOOKING_COLUMNS, ESTIMATE_COLUMNS};
use crate::account::UserId;
use crate::booking::{Booking, Details, Estimate, Event, Listed, Stage};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use chrono::DateTime;
use std::collections::HashMap;

pub async fn booking(db: &Db, owner: UserId, id: i64) -> Result<Booking, DomainError> {
    Ok(owned(db, owner, id).await?.booking())
}

/// The owner's bookings, latest first, each with its dealer's, service's and
/// car's names (one query).
pub async fn bookings(db: &Db, owner: UserId) -> Result<Vec<Listed>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Names {
        dealer_zh: String,
        dealer_en: String,
        time_zone: String,
        service_zh: String,
        service_en: String,
        model_zh: String,
        model_en: String,
        plate: Option<String>,
    }
    #[derive(sqlx::FromRow)]
    struct ListedRow {
        #[sqlx(flatten)]
        row: BookingRow,
        #[sqlx(flatten)]
        names: Names,
    }
    let columns = BOOKING_COLUMNS.split(',').map(|c| format!("b.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let rows: Vec<ListedRow> = sqlx::query_as(&format!(
        "SELECT {columns}, d.name_zh AS dealer_zh, d.name_en AS dealer_en, d.time_zone,
                s.name_zh AS service_zh, s.name_en AS service_en, m.name_zh AS model_zh, m.name_en AS model_en,
                o.plate
         FROM bookings b
         JOIN dealers d ON d.id = b.dealer_id
         JOIN service_types s ON s.id = b.service_type_id
         JOIN vehicles v ON v.vin = b.vin
         JOIN car_models m ON m.id = v.model_id
         LEFT JOIN ownerships o ON o.vin = b.vin AND o.owner_id = b.owner_id AND o.ended_at IS NULL
         WHERE b.owner_id = $1 ORDER BY b.starts_at DESC"
    ))
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|ListedRow { row, names }| {
            let booking = row.booking();
            let zone = crate::zone::named(&names.time_zone).unwrap_or(crate::zone::CHINA);
            Listed {
                local_start: booking.starts_at.with_timezone(&zone).naive_local(),
                booking,
                dealer_zh: names.dealer_zh,
                dealer_en: names.dealer_en,
                service_zh: names.service_zh,
                service_en: names.service_en,
                model_zh: names.model_zh,
                model_en: names.model_en,
                plate: names.plate,
            }
        })
        .collect())
}

/// The owner's next visit for a car that is booked or under way, if any.
/// An appointment left "booked" after its time (nobody marked the no-show)
/// does not count.
pub async fn next_visit(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    vin: &str,
) -> Result<Option<crate::booking::NextVisit>, DomainError> {
    Ok(visits_ahead(db, clock, owner, Some(vin)).await?.remove(vin))
}

/// The next visit of each of the owner's cars that has one, by VIN (one query).
pub async fn next_visits(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
) -> Result<HashMap<String, crate::booking::NextVisit>, DomainError> {
    visits_ahead(db, clock, owner, None).await
}

async fn visits_ahead(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    vin: Option<&str>,
) -> Result<HashMap<String, crate::booking::NextVisit>, DomainError> {
    let one_car = if vin.is_some() { "AND b.vin = $3" } else { "" };
    let sql = format!(
        "SELECT b.vin, b.id, b.starts_at,
                CASE WHEN s.code = 'recall' OR EXISTS (SELECT 1 FROM booking_recalls r WHERE r.booking_id = b.id)
                     THEN 1 ELSE 0 END
         FROM bookings b JOIN service_types s ON s.id = b.service_type_id
         WHERE b.owner_id = $1 AND (b.status = 'checked_in' OR (b.status = 'booked' AND b.ends_at > $2)) {one_car}
         ORDER BY b.starts_at DESC"
    );
    let mut query = sqlx::query_as(&sql).bind(owner).bind(clock.now().timestamp_millis());
    if let Some(vin) = vin {
        query = query.bind(vin);
    }
    let rows: Vec<(String, i64, i64, i64)> = query.fetch_all(db.pool()).await?;
    // Latest first, so the earliest visit of each car is the one kept.
    Ok(rows
        .into_iter()
        .map(|(vin, id, at, recalls)| {
            let visit = crate::booking::NextVisit {
                id,
                starts_at: DateTime::from_timestamp_millis(at).unwrap_or_default(),
                fixes_recalls: recalls == 1,
            };
            (vin, visit)
        })
        .collect())
}

pub async fn details(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<Details, DomainError> {
    let row = owned(db, owner, id).await?;
    let (name_zh, name_en, address_zh, address_en, phone, cutoff): (String, String, String, String, String, i64) =
        sqlx::query_as(
            "SELECT name_zh, name_en, address_zh, address_en, phone, cancel_cutoff_minutes FROM dealers WHERE id = $1",
        )
        .bind(row.dealer_id)
        .fetch_one(db.pool())
        .await?;
    let (service_zh, service_en): (String, String) =
        sqlx::query_as("SELECT name_zh, name_en FROM service_types WHERE id = $1")
            .bind(row.service_type_id)
            .fetch_one(db.pool())
            .await?;
    let (model_zh, model_en): (String, String) = sqlx::query_as(
        "SELECT m.name_zh, m.name_en FROM vehicles v JOIN car_models m ON m.id = v.model_id WHERE v.vin = $1",
    )
    .bind(&row.vin)
    .fetch_one(db.pool())
    .await?;
    let booking = row.booking();
    let changeable =
        booking.stage == Stage::Booked && crate::booking::may_change(booking.starts_at, clock.now(), cutoff);
    Ok(Details {
        booking,
        dealer_name_zh: name_zh,
        dealer_name_en: name_en,
        dealer_address_zh: address_zh,
        dealer_address_en: address_en,
        dealer_phone: phone,
        service_zh,
        service_en,
        model_zh,
        model_en,
        changeable,
        dealer_change: row.dealer_change.clone(),
        estimates: estimates(db, id).await?,
        photos: photos(db, id).await?,
        recalls: sqlx::query_as(
            "SELECT c.title_zh, c.title_en FROM booking_recalls r JOIN campaigns c ON c.id = r.campaign_id
             WHERE r.booking_id = $1 ORDER BY c.id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?,
        history: history(db, id, owner).await?,
    })
}

pub async fn estimates(db: &Db, booking: i64) -> Result<Vec<Estimate>, DomainError> {
    let rows: Vec<EstimateRow> =
        sqlx::query_as(&format!("SELECT {ESTIMATE_COLUMNS} FROM estimates WHERE booking_id = $1 ORDER BY id"))
            .bind(booking)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(EstimateRow::estimate).collect())
}

pub async fn photos(db: &Db, booking: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT upload_id FROM booking_photos WHERE booking_id = $1 ORDER BY upload_id")
        .bind(booking)
        .fetch_all(db.pool())
        .await
}

/// The booking's events, oldest first; staff actors are named, the owner is not.
pub async fn history(db: &Db, booking: i64, owner: UserId) -> Result<Vec<Event>, sqlx::Error> {
    let rows: Vec<crate::history::EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.detail, e.actor_id, u.display_name AS actor_name FROM booking_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.booking_id = $1 ORDER BY e.at, e.id",
    )
    .bind(booking)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Event {
            at: DateTime::from_timestamp_millis(row.at).unwrap_or_default(),
            kind: row.kind,
            detail: row.detail,
            by_staff: if row.actor_id == Some(owner) { None } else { row.actor_name },
        })
        .collect())
}
