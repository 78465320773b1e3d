//! Surveys and call-back tasks in the database, and the daily run that sends
//! each survey exactly once and opens each task exactly once.

use super::{Answer, CareTask, Survey, ANSWER_WITHIN_DAYS, SURVEY_AFTER_DAYS};
use crate::account::{DealerId, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::fact::Fact;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use sqlx::{Any, Transaction};

async fn open_task(tx: &mut Transaction<'static, Any>, kind: &str, booking: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO care_tasks (kind, dealer_id, owner_id, booking_id, created_at)
         SELECT $1, dealer_id, owner_id, id, $2 FROM bookings WHERE id = $3
         ON CONFLICT (booking_id, kind) DO NOTHING",
    )
    .bind(kind)
    .bind(now)
    .bind(booking)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sends the surveys that are due and opens tasks for the silent ones.
/// Returns (surveys sent, tasks opened). Running it twice changes nothing.
pub async fn run(db: &Db, clock: &dyn Clock) -> Result<(usize, usize), DomainError> {
    let now = clock.now();
    let due_before = (now - chrono::Duration::days(SURVEY_AFTER_DAYS)).timestamp_millis();
    let due: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT b.id, b.owner_id, b.dealer_id FROM bookings b
         WHERE b.status = 'completed' AND b.completed_at <= $1
           AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.booking_id = b.id)",
    )
    .bind(due_before)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for (booking, owner, dealer) in due {
        let mut tx = db.begin_write().await?;
        let survey: Option<i64> = sqlx::query_scalar(
            "INSERT INTO surveys (booking_id, owner_id, dealer_id, sent_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (booking_id) DO NOTHING RETURNING id",
        )
        .bind(booking)
        .bind(owner)
        .bind(dealer)
        .bind(now.timestamp_millis())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(survey) = survey else { continue };
        let link = format!("/me/surveys/{survey}");
        let message = Message { notice: Notice::Survey, link: &link, category: Category::Service };
        tell(&mut tx, owner, message, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    let silent_before = (now - chrono::Duration::days(ANSWER_WITHIN_DAYS)).timestamp_millis();
    let silent: Vec<(i64,)> = sqlx::query_as(
        "SELECT s.booking_id FROM surveys s WHERE s.answered_at IS NULL AND s.sent_at <= $1
           AND NOT EXISTS (SELECT 1 FROM care_tasks t WHERE t.booking_id = s.booking_id AND t.kind = 'survey_no_answer')",
    )
    .bind(silent_before)
    .fetch_all(db.pool())
    .await?;
    let opened = silent.len();
    for (booking,) in silent {
        let mut tx = db.begin_write().await?;
        open_task(&mut tx, "survey_no_answer", booking, now.timestamp_millis()).await?;
        tx.commit().await?;
    }
    Ok((sent, opened))
}

pub async fn survey(db: &Db, owner: UserId, id: i64) -> Result<Survey, DomainError> {
    #[derive(sqlx::FromRow)]
    struct SurveyRow {
        id: i64,
        booking_id: i64,
        dealer_zh: String,
        dealer_en: String,
        completed_at: Option<i64>,
        answered_at: Option<i64>,
    }
    let row: Option<SurveyRow> = sqlx::query_as(
        "SELECT s.id, s.booking_id, d.name_zh AS dealer_zh, d.name_en AS dealer_en, b.completed_at, s.answered_at
         FROM surveys s JOIN dealers d ON d.id = s.dealer_id JOIN bookings b ON b.id = s.booking_id
         WHERE s.id = $1 AND s.owner_id = $2",
    )
    .bind(id)
    .bind(owner)
    .fetch_optional(db.pool())
    .await?;
    let row = row.ok_or(DomainError::NotFound)?;
    Ok(Survey {
        id: row.id,
        booking_id: row.booking_id,
        dealer_zh: row.dealer_zh,
        dealer_en: row.dealer_en,
        visit_on: row.completed_at.unwrap_or_default(),
        answered: row.answered_at.is_some(),
    })
}

/// Records the owner's one answer; a low score opens a call-back task with it.
pub async fn answer(db: &Db, clock: &dyn Clock, owner: UserId, id: i64, answer: &Answer) -> Result<(), DomainError> {
    let survey = survey(db, owner, id).await?;
    let at = clock.now();
    let now = at.timestamp_millis();
    let mut tx = db.begin_write().await?;
    let saved = sqlx::query(
        "UPDATE surveys SET satisfaction = $1, recommend = $2, comment = $3, answered_at = $4
         WHERE id = $5 AND owner_id = $6 AND answered_at IS NULL",
    )
    .bind(i64::from(answer.satisfaction()))
    .bind(i64::from(answer.recommend()))
    .bind(answer.comment())
    .bind(now)
    .bind(id)
    .bind(owner)
    .execute(&mut *tx)
    .await?;
    if saved.rows_affected() != 1 {
        return Err(DomainError::Conflict(crate::error::Conflict::AlreadyAnswered));
    }
    if answer.needs_call_back() {
        open_task(&mut tx, "survey_low_score", survey.booking_id, now).await?;
    }
    // Loyalty credits an answer, whatever it says.
    crate::fact::store::emit(&mut tx, Fact::SurveyAnswered { survey: id, owner }, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Open call-back tasks: one dealer's, or every dealer's for brand-wide care.
pub async fn open_tasks(db: &Db, dealer: Option<DealerId>) -> Result<Vec<CareTask>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.kind, u.id AS owner_id, u.display_name AS owner_name, u.mobile AS owner_mobile, t.booking_id,
                s.satisfaction, s.recommend, s.comment, t.created_at
         FROM care_tasks t JOIN users u ON u.id = t.owner_id LEFT JOIN surveys s ON s.booking_id = t.booking_id
         WHERE t.done_at IS NULL AND ($1 IS NULL OR t.dealer_id = $1) ORDER BY t.created_at, t.id",
    )
    .bind(dealer)
    .fetch_all(db.pool())
    .await?)
}

/// The agent records how the call went; the task closes.
pub async fn close_task(
    db: &Db,
    clock: &dyn Clock,
    agent: UserId,
    dealer: Option<DealerId>,
    id: i64,
    outcome: &str,
) -> Result<(), DomainError> {
    let closed = sqlx::query(
        "UPDATE care_tasks SET done_at = $1, done_by = $2, outcome = $3
         WHERE id = $4 AND done_at IS NULL AND ($5 IS NULL OR dealer_id = $5)",
    )
    .bind(clock.now().timestamp_millis())
    .bind(agent)
    .bind(outcome)
    .bind(id)
    .bind(dealer)
    .execute(db.pool())
    .await?;
    if closed.rows_affected() == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// The owner's surveys still waiting for an answer, newest first.
pub async fn pending(db: &Db, owner: UserId) -> Result<Vec<Survey>, DomainError> {
    let rows: Vec<(i64, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT s.id, s.booking_id, d.name_zh, d.name_en, b.completed_at
         FROM surveys s JOIN dealers d ON d.id = s.dealer_id JOIN bookings b ON b.id = s.booking_id
         WHERE s.owner_id = $1 AND s.answered_at IS NULL ORDER BY s.id DESC",
    )
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, booking_id, dealer_zh, dealer_en, visit_on)| Survey {
            id,
            booking_id,
            dealer_zh,
            dealer_en,
            visit_on: visit_on.unwrap_or_default(),
            answered: false,
        })
        .collect())
}
