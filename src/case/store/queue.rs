//! The desk's queue of cases, most urgent first, and the 7-day follow-up calls.

use super::row::{at, event, on_desk, CaseRow, CASE_SELECT};
use crate::account::Staff;
use crate::case::{Category, Priority, Status, Summary};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, Utc};

/// What the queue can be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub priority: Option<Priority>,
    pub dealer: Option<i64>,
    pub overdue: bool,
}

/// The desk's cases, most urgent first, and how many are in each status (and overdue).
pub async fn queue(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    filter: &Filter,
) -> Result<(Vec<Summary>, Vec<(Status, i64)>, i64), DomainError> {
    let now = clock.now().timestamp_millis();
    let dealer = staff.desk.dealer().or(filter.dealer);
    let overdue = "(c.status NOT IN ('resolved', 'closed') AND ((c.responded_at IS NULL AND c.response_due < $6) OR c.resolution_due < $6))";
    let rows: Vec<CaseRow> = sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) AND ($2 IS NULL OR c.status = $2)
           AND ($3 IS NULL OR c.category = $3) AND ($4 IS NULL OR c.priority = $4) AND ($5 = 0 OR {overdue})
         ORDER BY CASE c.status WHEN 'closed' THEN 2 WHEN 'resolved' THEN 1 ELSE 0 END,
                  CASE c.priority WHEN 'safety' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
                  c.resolution_due, c.id
         LIMIT 200"
    ))
    .bind(dealer)
    .bind(filter.status.map(Status::as_str))
    .bind(filter.category.map(Category::as_str))
    .bind(filter.priority.map(Priority::as_str))
    .bind(i64::from(filter.overdue))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM cases c WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) GROUP BY status",
    )
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    let overdue_count: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM cases c WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) AND {}",
        overdue.replace("$6", "$2")
    ))
    .bind(dealer)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    let counts = Status::ALL
        .iter()
        .map(|s| (*s, counts.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect();
    let time = clock.now();
    Ok((rows.iter().map(|r| r.summary(time)).collect::<Result<_, _>>()?, counts, overdue_count))
}

/// The open 7-day follow-ups at this desk: (case id, title, owner, created).
pub async fn followups(db: &Db, staff: Staff) -> Result<Vec<(i64, String, String, DateTime<Utc>)>, DomainError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.title, o.display_name, f.created_at FROM case_followups f JOIN cases c ON c.id = f.case_id
         JOIN users o ON o.id = c.owner_id WHERE f.done_at IS NULL AND ($1 IS NULL OR c.dealer_id = $1) ORDER BY f.created_at",
    )
    .bind(staff.desk.dealer())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, title, owner, created)| (id, title, owner, at(created))).collect())
}

/// Care records the outcome of the 7-day follow-up call.
pub async fn close_followup(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    outcome: &str,
) -> Result<(), DomainError> {
    on_desk(db, staff.desk, id).await?;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE case_followups SET done_at = $1, done_by = $2, outcome = $3 WHERE case_id = $4 AND done_at IS NULL",
    )
    .bind(now.timestamp_millis())
    .bind(staff.id)
    .bind(outcome)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DomainError::NotFound);
    }
    event(&mut tx, id, now, Some(staff.id), "followed_up", outcome).await?;
    tx.commit().await?;
    Ok(())
}
