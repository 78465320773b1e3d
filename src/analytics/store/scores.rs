//! Every owner's score, measured in a handful of grouped queries and written
//! whole in one transaction, so a page or a segment reads one row per owner.

use crate::account::UserId;
use crate::analytics::rfm::{self, RfmClass, Thresholds};
use crate::analytics::score::{Measured, Score};
use crate::db::Db;
use crate::types::Money;
use chrono::{DateTime, Duration, Months, Utc};
use std::collections::HashMap;

/// Rows per INSERT: 11 values each stays far below either engine's limit.
const ROWS_PER_INSERT: usize = 500;
const PER_ROW: usize = 11;

/// Measures every owner as of `now` and replaces all scores. Returns the rows written.
pub async fn refresh(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let measured = measure(db, now).await?;
    let rfms: Vec<_> = measured.iter().map(|(_, m)| m.rfm(now)).collect();
    let thresholds = Thresholds::of_population(&rfms);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM customer_scores").execute(&mut *tx).await?;
    for chunk in measured.chunks(ROWS_PER_INSERT) {
        // Each row: its owner, `$1` (the time), then ten more values.
        let rows = (0..chunk.len())
            .map(|i| {
                let rest = (3..=PER_ROW + 1).map(|k| format!("${}", i * PER_ROW + k)).collect::<Vec<_>>().join(", ");
                format!("(${}, $1, {rest})", i * PER_ROW + 2)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO customer_scores (owner_id, computed_at, last_visit_at, visits, spend_fen, rfm_class, has_car,
                 lowest_satisfaction, lowest_recommend, open_complaints, overdue_complaints, at_risk) VALUES {rows}"
        );
        let mut insert = sqlx::query(&sql).bind(now.timestamp_millis());
        for (owner, m) in chunk {
            let class = thresholds.map_or(RfmClass::GeneralRetain, |t| RfmClass::of(&m.rfm(now), &t));
            let score = Score::of(m, class, now);
            insert = insert
                .bind(*owner)
                .bind(m.last_visit.map(|at| at.timestamp_millis()))
                .bind(i64::from(m.visits))
                .bind(m.spend.fen())
                .bind(class.as_str())
                .bind(i64::from(m.has_car))
                .bind(m.lowest_satisfaction)
                .bind(m.lowest_recommend)
                .bind(i64::from(m.open_complaints))
                .bind(i64::from(m.overdue_complaints))
                .bind(i64::from(!score.reasons().is_empty()));
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(measured.len() as u64)
}

/// What the stores know of every owner, in owner order.
async fn measure(db: &Db, now: DateTime<Utc>) -> Result<Vec<(UserId, Measured)>, sqlx::Error> {
    let ms = |at: DateTime<Utc>| at.timestamp_millis();
    let frequency_from = ms(now.checked_sub_months(Months::new(rfm::FREQUENCY_MONTHS)).unwrap_or(now));
    let year_ago = ms(now - Duration::days(365));
    let owners: Vec<(UserId,)> =
        sqlx::query_as("SELECT id FROM users WHERE role IN ('owner', 'moderator') ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    let mut measured: HashMap<UserId, Measured> = owners.iter().map(|(id,)| (*id, Measured::default())).collect();

    let visits: Vec<(UserId, i64, i64, i64)> = sqlx::query_as(
        "SELECT owner_id, MAX(completed_at),
                COUNT(CASE WHEN completed_at >= $1 THEN 1 END),
                CAST(COALESCE(SUM(CASE WHEN completed_at >= $1 THEN amount_fen END), 0) AS BIGINT)
         FROM bookings WHERE status = 'completed' AND completed_at IS NOT NULL GROUP BY owner_id",
    )
    .bind(frequency_from)
    .fetch_all(db.pool())
    .await?;
    for (owner, last, count, spend) in visits {
        if let Some(m) = measured.get_mut(&owner) {
            m.last_visit = DateTime::from_timestamp_millis(last);
            m.visits = u32::try_from(count).unwrap_or(u32::MAX);
            m.spend = Money::from_fen(spend);
        }
    }
    // Dealer work the register holds from before the portal (no booking behind
    // it) is a visit too, without an amount; a car's history with no ownership
    // named is its current owner's.
    let history: Vec<(UserId, String, i64)> = sqlx::query_as(
        "SELECT o.owner_id, MAX(s.performed_on), COUNT(CASE WHEN s.performed_on >= $1 THEN 1 END)
         FROM service_records s JOIN ownerships o ON o.vin = s.vin AND o.ended_at IS NULL
         WHERE s.source = 'dealer' AND s.booking_id IS NULL AND (s.ownership_id IS NULL OR s.ownership_id = o.id)
         GROUP BY o.owner_id",
    )
    .bind(DateTime::from_timestamp_millis(frequency_from).map_or_else(String::new, |at| at.date_naive().to_string()))
    .fetch_all(db.pool())
    .await?;
    for (owner, last, count) in history {
        let Some(m) = measured.get_mut(&owner) else { continue };
        let last = crate::db::date_column(&last)?.and_hms_opt(12, 0, 0).map(|at| at.and_utc());
        m.last_visit = m.last_visit.max(last);
        m.visits = m.visits.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
    }
    let estimates: Vec<(UserId, i64)> = sqlx::query_as(
        "SELECT b.owner_id, CAST(SUM(e.amount_fen) AS BIGINT) FROM estimates e JOIN bookings b ON b.id = e.booking_id
         WHERE e.decision = 'approved' AND e.decided_at >= $1 GROUP BY b.owner_id",
    )
    .bind(frequency_from)
    .fetch_all(db.pool())
    .await?;
    for (owner, fen) in estimates {
        if let Some(m) = measured.get_mut(&owner) {
            m.spend = Money::from_fen(m.spend.fen() + fen);
        }
    }
    let with_car: Vec<(UserId,)> =
        sqlx::query_as("SELECT DISTINCT owner_id FROM ownerships WHERE ended_at IS NULL").fetch_all(db.pool()).await?;
    for (owner,) in with_car {
        if let Some(m) = measured.get_mut(&owner) {
            m.has_car = true;
        }
    }
    let answers: Vec<(UserId, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT owner_id, MIN(satisfaction), MIN(recommend) FROM surveys
         WHERE answered_at >= $1 GROUP BY owner_id",
    )
    .bind(year_ago)
    .fetch_all(db.pool())
    .await?;
    for (owner, satisfaction, recommend) in answers {
        if let Some(m) = measured.get_mut(&owner) {
            m.lowest_satisfaction = satisfaction;
            m.lowest_recommend = recommend;
        }
    }
    let complaints: Vec<(UserId, i64, i64)> = sqlx::query_as(
        "SELECT owner_id, COUNT(*), COUNT(CASE WHEN resolution_due < $1 THEN 1 END) FROM cases
         WHERE kind = 'complaint' AND status NOT IN ('resolved', 'closed') AND merged_into IS NULL
         GROUP BY owner_id",
    )
    .bind(ms(now))
    .fetch_all(db.pool())
    .await?;
    for (owner, open, overdue) in complaints {
        if let Some(m) = measured.get_mut(&owner) {
            m.open_complaints = u32::try_from(open).unwrap_or(u32::MAX);
            m.overdue_complaints = u32::try_from(overdue).unwrap_or(u32::MAX);
        }
    }
    Ok(owners.into_iter().filter_map(|(id,)| measured.remove(&id).map(|m| (id, m))).collect())
}

#[derive(sqlx::FromRow)]
struct Stored {
    computed_at: i64,
    last_visit_at: Option<i64>,
    visits: i64,
    spend_fen: i64,
    rfm_class: RfmClass,
    has_car: i64,
    lowest_satisfaction: Option<i64>,
    lowest_recommend: Option<i64>,
    open_complaints: i64,
    overdue_complaints: i64,
}

/// The owner's score as last computed, or `None` before the first run counted them.
pub async fn for_owner(db: &Db, owner: UserId) -> Result<Option<Score>, sqlx::Error> {
    let stored: Option<Stored> = sqlx::query_as(
        "SELECT computed_at, last_visit_at, visits, spend_fen, rfm_class, has_car, lowest_satisfaction,
                lowest_recommend, open_complaints, overdue_complaints
         FROM customer_scores WHERE owner_id = $1",
    )
    .bind(owner)
    .fetch_optional(db.pool())
    .await?;
    Ok(stored.and_then(|s| {
        let computed_at = DateTime::from_timestamp_millis(s.computed_at)?;
        let measured = Measured {
            last_visit: s.last_visit_at.and_then(DateTime::from_timestamp_millis),
            visits: u32::try_from(s.visits).unwrap_or(0),
            spend: Money::from_fen(s.spend_fen),
            has_car: s.has_car != 0,
            lowest_satisfaction: s.lowest_satisfaction,
            lowest_recommend: s.lowest_recommend,
            open_complaints: u32::try_from(s.open_complaints).unwrap_or(0),
            overdue_complaints: u32::try_from(s.overdue_complaints).unwrap_or(0),
        };
        Some(Score::of(&measured, s.rfm_class, computed_at))
    }))
}
