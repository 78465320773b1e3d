//! A dealer's capacity and what is still on offer: its plan (bays, hours,
//! closed days), the places used per slot, one day's free starts and the calendar.

use crate::booking::{offers, Offer, ServiceType};
use crate::db::Db;
use crate::error::{DomainError, Field, Problem};
use crate::zone::{day_start, local_date, Hours};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Utc};
use std::collections::{HashMap, HashSet};

/// What a dealer's calendar is computed from.
#[derive(Debug, Clone)]
pub struct DealerPlan {
    pub dealer_id: i64,
    pub bays: u32,
    pub cutoff_minutes: i64,
    pub zone: FixedOffset,
    /// Index 0 = Monday.
    pub hours: [Option<Hours>; 7],
    pub closed: HashSet<NaiveDate>,
}

impl DealerPlan {
    pub fn hours_on(&self, day: NaiveDate) -> Option<Hours> {
        if self.closed.contains(&day) {
            return None;
        }
        self.hours[day.weekday().num_days_from_monday() as usize]
    }
}

pub async fn service_types(db: &Db) -> Result<Vec<ServiceType>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, i64)> =
        sqlx::query_as("SELECT id, code, name_zh, name_en, minutes, bays FROM service_types ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name_zh, name_en, minutes, bays)| ServiceType {
            id,
            code,
            name_zh,
            name_en,
            minutes: u32::try_from(minutes).unwrap_or(30),
            bays: u32::try_from(bays).unwrap_or(1),
        })
        .collect())
}

pub async fn dealer_plan(db: &Db, dealer: i64) -> Result<DealerPlan, DomainError> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT service_bays, cancel_cutoff_minutes, time_zone FROM dealers WHERE id = $1")
            .bind(dealer)
            .fetch_optional(db.pool())
            .await?;
    let (bays, cutoff_minutes, zone) = row.ok_or(DomainError::invalid(Field::Dealer, Problem::UnknownChoice))?;
    let zone = crate::zone::named(&zone)
        .ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("unsupported time zone {zone}").into())))?;
    let mut hours = [None; 7];
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT weekday, opens, closes FROM opening_hours WHERE dealer_id = $1")
            .bind(dealer)
            .fetch_all(db.pool())
            .await?;
    for (weekday, opens, closes) in rows {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|e| sqlx::Error::Decode(e.into()));
        if let Some(slot) = usize::try_from(weekday - 1).ok().and_then(|i| hours.get_mut(i)) {
            *slot = Some(Hours { opens: time(&opens)?, closes: time(&closes)? });
        }
    }
    let closed: Vec<(String,)> =
        sqlx::query_as("SELECT day FROM closed_dates WHERE dealer_id = $1").bind(dealer).fetch_all(db.pool()).await?;
    let closed = closed.iter().map(|(d,)| crate::db::date_column(d)).collect::<Result<_, _>>()?;
    Ok(DealerPlan { dealer_id: dealer, bays: u32::try_from(bays).unwrap_or(0), cutoff_minutes, zone, hours, closed })
}

/// Places used per slot start (UTC milliseconds) in `[from, to)`.
pub async fn usage(
    db: &Db,
    dealer: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<i64, u32>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT starts_at, used FROM slot_usage WHERE dealer_id = $1 AND starts_at >= $2 AND starts_at < $3",
    )
    .bind(dealer)
    .bind(from.timestamp_millis())
    .bind(to.timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(at, used)| (at, u32::try_from(used).unwrap_or(u32::MAX))).collect())
}

/// The free starts of one day at one dealer for one service.
pub async fn day_offers(
    db: &Db,
    plan: &DealerPlan,
    service: &ServiceType,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, DomainError> {
    let Some(from) = day_start(plan.zone, day) else { return Ok(Vec::new()) };
    let used = usage(db, plan.dealer_id, from, from + chrono::Duration::days(2)).await?;
    Ok(offers(day, plan.hours_on(day), plan.zone, service, plan.bays, &used, now))
}

/// Free starts per day for the next `HORIZON_DAYS` days (the dealer's dates).
pub async fn calendar(
    db: &Db,
    plan: &DealerPlan,
    service: &ServiceType,
    now: DateTime<Utc>,
) -> Result<Vec<(NaiveDate, u32)>, DomainError> {
    let today = local_date(plan.zone, now);
    let used = usage(
        db,
        plan.dealer_id,
        now - chrono::Duration::days(1),
        now + chrono::Duration::days(crate::booking::HORIZON_DAYS + 2),
    )
    .await?;
    Ok((0..=crate::booking::HORIZON_DAYS)
        .map(|d| {
            let day = today + chrono::Duration::days(d);
            let starts = offers(day, plan.hours_on(day), plan.zone, service, plan.bays, &used, now);
            (day, u32::try_from(starts.len()).unwrap_or(u32::MAX))
        })
        .collect())
}
