//! Sanctions on members — the ladder of strikes (warning, suspension, ban),
//! explicit suspensions and bans, pre-approval, lifting — and appeals, which
//! someone other than the decision's author decides.

use super::moderate::tell_decision;
use super::queue::log_line_by_id;
use super::shared::{
    advance, back_out, decode_error, ensure_member, log_line, member, moderates, place, tell_member, Tx,
};
use crate::account::{Role, User, UserId};
use crate::clock::Clock;
use crate::club::moderation::{
    may_decide_appeal, may_discipline, not_own_case, LogAction, ModerationError, Moderator, Rule, Sanction,
    MAX_REASON_CHARS,
};
use crate::club::views::AppealLine;
use crate::club::{transition, Action, Item, ItemKind, Party, Status};
use crate::db::{is_unique_violation, Db};
use crate::error::{required_text, text, DomainError, Field, Problem};
use crate::fact::{store::emit, Fact};
use crate::notify::Notice;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

pub const MAX_APPEAL_CHARS: usize = 1_000;

/// What a moderator does about a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discipline {
    /// The next step of the ladder: a warning, a week, a month, a ban.
    Strike,
    Suspend {
        days: i64,
    },
    Ban,
    /// Every contribution waits for a moderator for a while.
    PreApprove {
        days: i64,
    },
    /// Ends a suspension, a ban or pre-approval.
    Lift,
}

impl Discipline {
    /// Parses the console's choice; `days` is needed by the timed ones.
    pub fn parse(kind: &str, days: &str) -> Result<Self, DomainError> {
        let days = || match days.trim().parse::<i64>() {
            Ok(d) if (1..=365).contains(&d) => Ok(d),
            _ => Err(DomainError::invalid(Field::Days, Problem::OutOfRange)),
        };
        Ok(match kind.trim() {
            "strike" => Discipline::Strike,
            "suspend" => Discipline::Suspend { days: days()? },
            "ban" => Discipline::Ban,
            "pre_approve" => Discipline::PreApprove { days: days()? },
            "lift" => Discipline::Lift,
            _ => return Err(DomainError::invalid(Field::Reason, Problem::UnknownChoice)),
        })
    }
}

/// Disciplines a member over `context`, an item of theirs on a board the
/// moderator looks after (admins need no context).
#[allow(clippy::too_many_arguments)]
pub async fn discipline(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    member_id: UserId,
    context: Option<Item>,
    discipline: Discipline,
    rule: Rule,
    words: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let board = match context {
        Some(item) => {
            let place = place(db.pool(), item).await?;
            if place.author_id != member_id || !moderates(db.pool(), moderator, place.board_id).await? {
                return Err(DomainError::NotFound);
            }
            Some(place.board_id)
        }
        None if moderator.role == Role::Admin => None,
        None => return Err(DomainError::NotFound),
    };
    not_own_case(moderator.id, member_id).map_err(|e| DomainError::invalid(Field::Reason, e))?;
    let kind = Moderator::of(moderator.role).ok_or(DomainError::NotFound)?;
    let member_role = role_of(db, member_id).await?;
    let reason = text(Field::Reason, words, MAX_REASON_CHARS, discipline != Discipline::Lift)?;
    let mut tx = db.begin_write().await?;
    ensure_member(&mut tx, member_id).await?;
    let record = member(&mut *tx, member_id, now).await?;
    let sanction = match discipline {
        Discipline::Strike => Some(Sanction::next(record.strikes_in_force)),
        Discipline::Suspend { days } => Some(Sanction::Suspension { days }),
        Discipline::Ban => Some(Sanction::Ban),
        Discipline::PreApprove { .. } | Discipline::Lift => None,
    };
    let (action, until) = match (discipline, sanction) {
        (_, Some(sanction)) => (sanction.log_action(), sanction.until(now)),
        (Discipline::PreApprove { days }, None) => (LogAction::PreApproval, Some(now + Duration::days(days))),
        _ => (LogAction::Lift, None),
    };
    // Judged on what it comes to: a strike is a warning, or the ladder's next
    // step, which reaches the whole club.
    may_discipline(kind, member_role, action).map_err(|e| DomainError::invalid(Field::Reason, e))?;
    let log = log_line(
        &mut tx,
        board,
        Some(moderator.id),
        action,
        context,
        Some(member_id),
        rule,
        reason.as_deref(),
        None,
        until,
        now,
    )
    .await?;
    match (action, sanction) {
        (_, Some(sanction)) => {
            sqlx::query("INSERT INTO club_strikes (member_id, level, log_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(member_id)
                .bind(sanction.level())
                .bind(log)
                .bind(now.timestamp_millis())
                .bind(Sanction::strike_expires(now).timestamp_millis())
                .execute(&mut *tx)
                .await?;
            let restrict = match sanction {
                Sanction::Warning => None,
                // A longer suspension in force is never shortened by a shorter one.
                Sanction::Suspension { .. } => Some(
                    "UPDATE club_members SET suspended_until = $1 WHERE user_id = $2 AND (suspended_until IS NULL OR suspended_until < $1)",
                ),
                Sanction::Ban => Some("UPDATE club_members SET banned_at = $1 WHERE user_id = $2"),
            };
            if let Some(sql) = restrict {
                let at = until.unwrap_or(now).timestamp_millis();
                sqlx::query(sql).bind(at).bind(member_id).execute(&mut *tx).await?;
            }
        }
        (LogAction::PreApproval, None) => {
            sqlx::query("UPDATE club_members SET pre_approval_until = $1 WHERE user_id = $2")
                .bind(until.map(|u| u.timestamp_millis()))
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
        }
        _ => lift(&mut tx, member_id).await?,
    }
    tell_decision(&mut tx, member_id, action, rule, reason.as_deref(), log, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn role_of(db: &Db, member: UserId) -> Result<Role, DomainError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1").bind(member).fetch_optional(db.pool()).await?;
    role.and_then(|r| Role::parse(&r)).ok_or(DomainError::NotFound)
}

async fn lift(tx: &mut Tx, member_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE club_members SET suspended_until = NULL, banned_at = NULL, pre_approval_until = NULL WHERE user_id = $1")
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

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
        "INSERT INTO club_appeals (log_id, member_id, reasons, status, created_at) VALUES ($1, $2, $3, 'open', $4)",
    )
    .bind(log_id)
    .bind(member_user.id)
    .bind(&reasons)
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

/// Open appeals on the boards `moderator` looks after (admins: all).
pub async fn appeals(pool: &AnyPool, moderator: &User) -> Result<Vec<AppealLine>, DomainError> {
    let open: Vec<(i64, i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT a.id, a.log_id, a.member_id, a.reasons, l.actor_id FROM club_appeals a JOIN club_moderation_log l ON l.id = a.log_id
         WHERE a.status = 'open' AND ($1 = 1 OR l.board_id IN (SELECT board_id FROM club_board_moderators WHERE user_id = $2))
         ORDER BY a.created_at",
    )
    .bind(i64::from(moderator.role == Role::Admin))
    .bind(moderator.id)
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(open.len());
    for (id, log_id, member_id, reasons, actor_id) in open {
        lines.push(AppealLine {
            id: Some(id),
            log: log_line_by_id(pool, log_id, true).await?,
            member_id,
            actor_id,
            reasons: Some(reasons),
            status: Some("open".to_owned()),
            decision: None,
        });
    }
    Ok(lines)
}

/// The decision about a member, for them to read and perhaps appeal.
pub async fn decision_for(pool: &AnyPool, member_user: &User, log_id: i64) -> Result<AppealLine, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        member_id: Option<i64>,
        id: Option<i64>,
        reasons: Option<String>,
        status: Option<String>,
        decision: Option<String>,
    }
    let row: Row = sqlx::query_as(
        "SELECT l.member_id, a.id, a.reasons, a.status, a.decision
         FROM club_moderation_log l LEFT JOIN club_appeals a ON a.log_id = l.id WHERE l.id = $1",
    )
    .bind(log_id)
    .fetch_optional(pool)
    .await?
    .ok_or(DomainError::NotFound)?;
    if row.member_id != Some(member_user.id) {
        return Err(DomainError::NotFound);
    }
    Ok(AppealLine {
        id: row.id,
        // The board's signature decides whether the member sees a name.
        log: log_line_by_id(pool, log_id, false).await?,
        member_id: member_user.id,
        actor_id: None,
        reasons: row.reasons,
        status: row.status,
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
        log_id: i64,
        member_id: i64,
        actor_id: Option<i64>,
        board_id: Option<i64>,
        action: String,
        item_kind: Option<String>,
        item_id: Option<i64>,
        rule: String,
    }
    let row: Row = sqlx::query_as(
        "SELECT a.log_id, a.member_id, l.actor_id, l.board_id, l.action, l.item_kind, l.item_id, l.rule
         FROM club_appeals a JOIN club_moderation_log l ON l.id = a.log_id WHERE a.id = $1 AND a.status = 'open'",
    )
    .bind(appeal_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)?;
    let in_scope = match row.board_id {
        Some(board) => moderates(db.pool(), moderator, board).await?,
        None => moderator.role == Role::Admin,
    };
    if !in_scope {
        return Err(DomainError::NotFound);
    }
    may_decide_appeal(moderator.id, row.actor_id, row.member_id)
        .map_err(|e| DomainError::invalid(Field::Message, e))?;
    let reason = required_text(Field::Reason, words, MAX_REASON_CHARS)?;
    let item = match (row.item_kind.as_deref().and_then(ItemKind::parse), row.item_id) {
        (Some(kind), Some(id)) => Some(Item { kind, id }),
        _ => None,
    };
    let action = LogAction::parse(&row.action).ok_or_else(|| decode_error("log action"))?;
    if overturn && matches!(action, LogAction::Suspend | LogAction::Ban | LogAction::PreApproval) {
        // Overturning one lifts a restriction on the whole club: an admin's, as a lift is.
        let kind = Moderator::of(moderator.role).ok_or(DomainError::NotFound)?;
        let member_role = role_of(db, row.member_id).await?;
        may_discipline(kind, member_role, LogAction::Lift).map_err(|e| DomainError::invalid(Field::Reason, e))?;
    }
    let rule = Rule::parse(&row.rule).unwrap_or(Rule::Fine);
    let mut tx = db.begin_write().await?;
    let settled = sqlx::query("UPDATE club_appeals SET status = $1, decided_by = $2, decision = $3, decided_at = $4 WHERE id = $5 AND status = 'open'")
        .bind(if overturn { "overturned" } else { "upheld" })
        .bind(moderator.id)
        .bind(&reason)
        .bind(now.timestamp_millis())
        .bind(appeal_id)
        .execute(&mut *tx)
        .await?;
    if settled.rows_affected() != 1 {
        return Err(DomainError::NotFound);
    }
    if overturn {
        match (action, item) {
            (LogAction::Hide | LogAction::Delete, Some(item)) => {
                let place = place(&mut *tx, item).await?;
                let from = place.status()?;
                if from != Status::Visible {
                    let to = transition(from, Action::Restore, Party::Moderator)?;
                    advance(&mut tx, item, from, to, None, None).await?;
                    back_out(&mut tx, item, &place, now).await?;
                    emit(&mut tx, Fact::ClubContentRestored { item, member: place.author_id }, now).await?;
                }
            }
            // Undone is what this decision imposed, nothing decided since.
            (LogAction::Warn | LogAction::Suspend | LogAction::Ban, _) => {
                sqlx::query("DELETE FROM club_strikes WHERE log_id = $1").bind(row.log_id).execute(&mut *tx).await?;
                let restore = match action {
                    LogAction::Suspend => Some(
                        "UPDATE club_members SET suspended_until = (SELECT MAX(l.until_at) FROM club_moderation_log l
                             JOIN club_strikes s ON s.log_id = l.id WHERE l.member_id = $1 AND l.action = 'suspend')
                         WHERE user_id = $1",
                    ),
                    LogAction::Ban => Some(
                        "UPDATE club_members SET banned_at = NULL WHERE user_id = $1
                           AND NOT EXISTS (SELECT 1 FROM club_strikes WHERE member_id = $1 AND level = 'ban')",
                    ),
                    _ => None,
                };
                if let Some(sql) = restore {
                    sqlx::query(sql).bind(row.member_id).execute(&mut *tx).await?;
                }
            }
            (LogAction::PreApproval, _) => {
                sqlx::query("UPDATE club_members SET pre_approval_until = NULL WHERE user_id = $1")
                    .bind(row.member_id)
                    .execute(&mut *tx)
                    .await?;
            }
            _ => {}
        }
    }
    let outcome = if overturn { LogAction::AppealOverturned } else { LogAction::AppealUpheld };
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
    let answer = Notice::ClubAppeal { overturned: overturn, reason: reason.to_string() };
    tell_member(&mut tx, row.member_id, answer, &format!("/club/decisions/{}", row.log_id), now).await?;
    tx.commit().await?;
    Ok(())
}
