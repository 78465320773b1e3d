//! Appeals: a member appeals a decision about them, once; someone other than
//! the decision's author answers it (`club::appeal::transition`), and an
//! overturned decision is undone.

use super::logbook::{log_columns, log_joins, LogRow};
use super::sanctions::{role_of, undo};
use super::shared::{self, back_out, log_line, moderates, place, tell_member, Tx};
use crate::account::{User, UserId};
use crate::clock::Clock;
use crate::club::appeal::{transition, Action, Status};
use crate::club::moderation::{
    may_decide_appeal, may_discipline, moderates_everywhere, LogAction, ModerationError, Moderator, Rule,
    MAX_REASON_CHARS,
};
use crate::club::views::AppealLine;
use crate::club::{self as club, Item, ItemKind, Party, TransitionError};
use crate::db::{is_unique_violation, Db};
use crate::error::{required_text, DomainError, Field};
use crate::fact::{store::emit, Fact};
use crate::notify::Notice;
use chrono::{DateTime, Utc};

const MAX_APPEAL_CHARS: usize = 1_000;

/// The member appeals a decision about them, once, with their reasons.
pub async fn appeal(
    db: &Db,
    clock: &dyn Clock,
    member_user: &User,
    log_id: i64,
    reasons: &str,
) -> Result<(), DomainError> {
    let reasons = required_text(Field::Message, reasons, MAX_APPEAL_CHARS)?;
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT member_id, action FROM club_moderation_log WHERE id = $1")
            .bind(log_id)
            .fetch_optional(db.pool())
            .await?;
    let (member_id, action) = row.ok_or(DomainError::NotFound)?;
    if member_id != Some(member_user.id) {
        return Err(DomainError::NotFound);
    }
    if !LogAction::parse(&action).is_some_and(LogAction::appealable) {
        return Err(DomainError::invalid(Field::Message, ModerationError::NotAppealable));
    }
    let inserted = sqlx::query(
        "INSERT INTO club_appeals (log_id, member_id, reasons, status, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(log_id)
    .bind(member_user.id)
    .bind(&reasons)
    .bind(Status::Open.as_str())
    .bind(clock.now().timestamp_millis())
    .execute(db.pool())
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            Err(DomainError::invalid(Field::Message, ModerationError::AlreadyAppealed))
        }
        other => other.map(|_| ()).map_err(DomainError::from),
    }
}

/// Open appeals on the boards `moderator` looks after (admins: all), each with
/// its decision's log line: one query, however many there are.
pub async fn appeals(db: &Db, moderator: &User) -> Result<Vec<AppealLine>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        appeal_id: i64,
        appellant: i64,
        reasons: String,
        actor_id: Option<i64>,
        #[sqlx(flatten)]
        log: LogRow,
    }
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT a.id AS appeal_id, a.member_id AS appellant, a.reasons, l.actor_id, ",
        log_columns!(),
        " FROM club_appeals a JOIN club_moderation_log l ON l.id = a.log_id",
        log_joins!(),
        "WHERE a.status = $1 AND ($2 = 1 OR l.board_id IN (SELECT board_id FROM club_board_moderators WHERE user_id = $3))
         ORDER BY a.created_at"
    ))
    .bind(Status::Open.as_str())
    .bind(i64::from(moderates_everywhere(moderator.role)))
    .bind(moderator.id)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AppealLine {
                id: Some(row.appeal_id),
                log: row.log.line(true).ok_or(DomainError::NotFound)?,
                member_id: row.appellant,
                actor_id: row.actor_id,
                reasons: Some(row.reasons),
                status: Some(Status::Open),
                decision: None,
            })
        })
        .collect()
}

/// The decision about a member, with their appeal if any, for them to read
/// and perhaps appeal.
pub async fn decision_for(db: &Db, member_user: &User, log_id: i64) -> Result<AppealLine, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        subject: Option<i64>,
        appeal_id: Option<i64>,
        reasons: Option<String>,
        appeal_status: Option<Status>,
        decision: Option<String>,
        #[sqlx(flatten)]
        log: LogRow,
    }
    let row: Row = sqlx::query_as(concat!(
        "SELECT l.member_id AS subject, a.id AS appeal_id, a.reasons, a.status AS appeal_status, a.decision, ",
        log_columns!(),
        " FROM club_moderation_log l",
        log_joins!(),
        "LEFT JOIN club_appeals a ON a.log_id = l.id WHERE l.id = $1"
    ))
    .bind(log_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    if row.subject != Some(member_user.id) {
        return Err(DomainError::NotFound);
    }
    Ok(AppealLine {
        id: row.appeal_id,
        // The board's signature decides whether the member sees a name.
        log: row.log.line(false).ok_or(DomainError::NotFound)?,
        member_id: member_user.id,
        actor_id: None,
        reasons: row.reasons,
        status: row.appeal_status,
        decision: row.decision,
    })
}

/// Decides an appeal: `overturn` undoes the decision (the item comes back,
/// the strike and the restriction go). Never by the one who decided.
pub async fn decide_appeal(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    appeal_id: i64,
    overturn: bool,
    words: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    #[derive(sqlx::FromRow)]
    struct Row {
        status: Status,
        log_id: i64,
        member_id: i64,
        actor_id: Option<i64>,
        board_id: Option<i64>,
        action: LogAction,
        item_kind: Option<ItemKind>,
        item_id: Option<i64>,
        rule: String,
    }
    let row: Row = sqlx::query_as(
        "SELECT a.status, a.log_id, a.member_id, l.actor_id, l.board_id, l.action, l.item_kind, l.item_id, l.rule
         FROM club_appeals a JOIN club_moderation_log l ON l.id = a.log_id WHERE a.id = $1",
    )
    .bind(appeal_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    let in_scope = match row.board_id {
        Some(board) => moderates(db.pool(), moderator, board).await?,
        None => moderates_everywhere(moderator.role),
    };
    if !in_scope {
        return Err(DomainError::NotFound);
    }
    may_decide_appeal(moderator.id, row.actor_id, row.member_id)
        .map_err(|e| DomainError::invalid(Field::Message, e))?;
    let reason = required_text(Field::Reason, words, MAX_REASON_CHARS)?;
    let to = transition(row.status, Action::of(overturn), Party::Moderator)?;
    let item = match (row.item_kind, row.item_id) {
        (Some(kind), Some(id)) => Some(Item { kind, id }),
        _ => None,
    };
    let overturned = to == Status::Overturned;
    if overturned && matches!(row.action, LogAction::Suspend | LogAction::Ban | LogAction::PreApproval) {
        // Overturning one lifts a restriction on the whole club: an admin's, as a lift is.
        let kind = Moderator::of(moderator.role).ok_or(DomainError::NotFound)?;
        let member_role = role_of(db, row.member_id).await?;
        may_discipline(kind, member_role, LogAction::Lift).map_err(|e| DomainError::invalid(Field::Reason, e))?;
    }
    let rule = Rule::parse(&row.rule).unwrap_or(Rule::Fine);
    let mut tx = db.begin_write().await?;
    write_status(&mut tx, appeal_id, row.status, to, Answer { by: moderator.id, decision: &reason, at: now }).await?;
    if overturned {
        match (row.action, item) {
            (LogAction::Hide | LogAction::Delete, Some(item)) => restore(&mut tx, item, now).await?,
            (action, _) => undo(&mut tx, action, row.log_id, row.member_id).await?,
        }
    }
    let outcome = if overturned { LogAction::AppealOverturned } else { LogAction::AppealUpheld };
    log_line(
        &mut tx,
        row.board_id,
        Some(moderator.id),
        outcome,
        item,
        Some(row.member_id),
        rule,
        Some(&reason),
        None,
        None,
        now,
    )
    .await?;
    let answer = Notice::ClubAppeal { overturned, reason: reason.to_string() };
    tell_member(&mut tx, row.member_id, answer, &format!("/club/decisions/{}", row.log_id), now).await?;
    tx.commit().await?;
    Ok(())
}

/// What answering an appeal records beside its status.
struct Answer<'a> {
    by: UserId,
    decision: &'a str,
    at: DateTime<Utc>,
}

/// Writes an appeal's answer decided by `club::appeal::transition`; zero rows
/// means someone answered it first, which is answered, never overwritten.
async fn write_status(
    tx: &mut Tx,
    appeal: i64,
    from: Status,
    to: Status,
    answer: Answer<'_>,
) -> Result<(), DomainError> {
    let written = sqlx::query(
        "UPDATE club_appeals SET status = $1, decided_by = $2, decision = $3, decided_at = $4 WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(answer.by)
    .bind(answer.decision)
    .bind(answer.at.timestamp_millis())
    .bind(appeal)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    if written.rows_affected() != 1 {
        return Err(TransitionError::NotFromHere.into());
    }
    Ok(())
}

/// An overturned removal: the item is out again (unless it already is).
async fn restore(tx: &mut Tx, item: Item, now: DateTime<Utc>) -> Result<(), DomainError> {
    let place = place(&mut **tx, item).await?;
    let from = place.status()?;
    if from != club::Status::Visible {
        let to = club::transition(from, club::Action::Restore, Party::Moderator)?;
        shared::write_status(tx, item, from, to, None, None).await?;
        back_out(tx, item, &place, now).await?;
        emit(tx, Fact::ClubContentRestored { item, member: place.author_id }, now).await?;
    }
    Ok(())
}
