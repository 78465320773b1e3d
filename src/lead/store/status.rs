//! The prospect's private status link: the lead's state and appointment, a
//! withdrawal while nothing is decided, and the short survey once it is lost.

use super::shared::drive;
use super::shared::{begin_on_token, event, write_status, Outcome};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{Conflict, DomainError, Field};
use crate::lead::drive::ending;
use crate::lead::progress::Seen;
use crate::lead::views::StatusView;
use crate::lead::{
    asks_why, transition, EventKind, Kind, LostReason, Move, PartOfDay, Party, Progress, Stage, TransitionError,
};

#[derive(sqlx::FromRow)]
struct StatusRow {
    id: i64,
    kind: Kind,
    stage: Stage,
    name: String,
    model_zh: String,
    model_en: String,
    dealer_id: i64,
    city: String,
    created_at: i64,
    part_of_day: Option<PartOfDay>,
    lost_reason: Option<LostReason>,
    first_contact_at: Option<i64>,
    drive_at: Option<i64>,
    answered: Option<i64>,
}

/// What the link shows; an unknown token is not found, whatever it looks like.
pub async fn status(db: &Db, token: &str) -> Result<StatusView, DomainError> {
    let pool = db.pool();
    let row: StatusRow = sqlx::query_as(
        "SELECT l.id, l.kind, l.stage, l.name, m.name_zh AS model_zh, m.name_en AS model_en, l.dealer_id,
                l.city, l.created_at, l.part_of_day, l.lost_reason, l.first_contact_at,
                (SELECT d.starts_at FROM test_drives d WHERE d.lead_id = l.id AND d.status = 'booked') AS drive_at,
                (SELECT s.answered_at FROM lead_surveys s WHERE s.lead_id = l.id) AS answered
         FROM leads l JOIN car_models m ON m.id = l.model_id WHERE l.status_token = $1",
    )
    .bind(token)
    .fetch_optional(pool)
    .await?
    .ok_or(DomainError::NotFound)?;
    let dealer = crate::dealer::find(db, row.dealer_id).await?.ok_or(DomainError::NotFound)?;
    let moves: Vec<(i64, String)> =
        sqlx::query_as("SELECT at, detail FROM lead_events WHERE lead_id = $1 AND kind = 'moved' ORDER BY at, id")
            .bind(row.id)
            .fetch_all(pool)
            .await?;
    let mut reached = vec![(Stage::New, row.created_at)];
    // A move's detail begins with the stage reached (then the handler's note,
    // which the prospect never sees).
    reached.extend(moves.into_iter().filter_map(|(at, detail)| {
        Stage::parse(detail.split(':').next().unwrap_or_default()).map(|stage| (stage, at))
    }));
    let progress = Progress::of(&Seen {
        kind: row.kind,
        stage: row.stage,
        created_at: row.created_at,
        reached: &reached,
        lost_reason: row.lost_reason,
        drive_at: row.drive_at,
        part_of_day: row.part_of_day,
    });
    // Only a prospect someone spoke with is asked why (never one who cancelled).
    let asked = row.lost_reason.is_some_and(|reason| asks_why(reason, row.first_contact_at.is_some()));
    Ok(StatusView {
        kind: row.kind,
        name: row.name,
        model_zh: row.model_zh,
        model_en: row.model_en,
        dealer,
        city: row.city,
        progress,
        may_withdraw: transition(row.stage, Move::Withdraw, Party::Prospect).is_ok(),
        survey_open: row.stage == Stage::Lost && asked && row.answered.is_none(),
        survey_answered: row.answered.is_some(),
    })
}

/// The prospect withdraws: the lead is lost (reason: withdrawn), the demo car
/// given back, and the handler sees it on the board.
pub async fn withdraw(db: &Db, clock: &dyn Clock, token: &str) -> Result<(), DomainError> {
    let now = clock.now();
    let (mut tx, lead) = begin_on_token(db, token).await?;
    let to =
        transition(lead.stage, Move::Withdraw, Party::Prospect).map_err(|e| DomainError::invalid(Field::Outcome, e))?;
    drive::end(&mut tx, lead.id, Party::Prospect, |at| ending(at, now)).await?;
    let withdrawn = Outcome::Lost { reason: LostReason::Withdrawn, competitor: None };
    write_status(&mut tx, &lead, to, withdrawn, now).await?;
    let detail = super::pipeline::moved_detail(Stage::Lost, LostReason::Withdrawn.as_str());
    event(&mut tx, lead.id, None, EventKind::Moved, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The lost prospect's answers: why, and what would have changed their mind.
/// One answer per lead.
pub async fn answer_survey(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    reason: &str,
    would_change: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let reason =
        LostReason::parse(reason).ok_or(DomainError::invalid(Field::Reason, crate::error::Problem::UnknownChoice))?;
    let would_change = crate::error::text(Field::Comment, would_change, 1000, false)?;
    let (mut tx, lead) = begin_on_token(db, token).await?;
    if lead.stage != Stage::Lost {
        return Err(DomainError::invalid(Field::Reason, TransitionError::NotFromHere));
    }
    let done = sqlx::query(
        "INSERT INTO lead_surveys (lead_id, reason, would_change, answered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(lead.id)
    .bind(reason.as_str())
    .bind(would_change.as_deref())
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::Conflict(Conflict::AlreadyAnswered));
    }
    event(&mut tx, lead.id, None, EventKind::Surveyed, reason.as_str(), now).await?;
    tx.commit().await?;
    Ok(())
}
