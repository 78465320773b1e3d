//! Sanctions on members — the ladder of strikes (warning, suspension, ban),
//! explicit suspensions and bans, pre-approval, lifting — and undoing one
//! when its appeal is overturned.

use super::moderate::tell_decision;
use super::shared::{ensure_member, log_line, member, moderates, place, Tx};
use crate::account::{Role, User, UserId};
use crate::clock::Clock;
use crate::club::moderation::{
    may_discipline, moderates_everywhere, not_own_case, Breach, LogAction, ModerationError, Moderator, Rule, Sanction,
    MAX_REASON_CHARS,
};
use crate::club::Item;
use crate::db::Db;
use crate::error::{text, DomainError, Field, Problem};
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// What a moderator does about a member. Every sanction names the rule that
/// was broken; lifting one names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discipline {
    /// The next step of the ladder: a warning, a week, a month, a ban.
    Strike(Breach),
    Suspend {
        days: i64,
        breach: Breach,
    },
    Ban(Breach),
    /// Every contribution waits for a moderator for a while.
    PreApprove {
        days: i64,
        breach: Breach,
    },
    /// Ends a suspension, a ban or pre-approval.
    Lift,
}

impl Discipline {
    /// Parses the console's choice; `days` is needed by the timed ones, `rule`
    /// (`""` for none) by all but lifting.
    pub fn parse(kind: &str, days: &str, rule: &str) -> Result<Self, DomainError> {
        let days = || match days.trim().parse::<i64>() {
            Ok(d) if (1..=365).contains(&d) => Ok(d),
            _ => Err(DomainError::invalid(Field::Days, Problem::OutOfRange)),
        };
        let cited = Breach::cited(rule)?;
        let breach = || cited.ok_or_else(|| DomainError::invalid(Field::Rule, ModerationError::RuleRequired));
        Ok(match kind.trim() {
            "strike" => Discipline::Strike(breach()?),
            "suspend" => Discipline::Suspend { days: days()?, breach: breach()? },
            "ban" => Discipline::Ban(breach()?),
            "pre_approve" => Discipline::PreApprove { days: days()?, breach: breach()? },
            "lift" if cited.is_none() => Discipline::Lift,
            "lift" => return Err(DomainError::invalid(Field::Rule, ModerationError::NoRuleBroken)),
            "" => return Err(DomainError::invalid(Field::Decision, Problem::Required)),
            _ => return Err(DomainError::invalid(Field::Decision, Problem::UnknownChoice)),
        })
    }

    /// The rule it cites, as the log and the member's message record it.
    pub fn rule(self) -> Rule {
        Breach::or_none(match self {
            Discipline::Strike(breach) | Discipline::Ban(breach) => Some(breach),
            Discipline::Suspend { breach, .. } | Discipline::PreApprove { breach, .. } => Some(breach),
            Discipline::Lift => None,
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
    words: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let rule = discipline.rule();
    let board = match context {
        Some(item) => {
            let place = place(db.pool(), item).await?;
            if place.author_id != member_id || !moderates(db.pool(), moderator, place.board_id).await? {
                return Err(DomainError::NotFound);
            }
            Some(place.board_id)
        }
        None if moderates_everywhere(moderator.role) => None,
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
        Discipline::Strike(_) => Some(Sanction::next(record.strikes_in_force)),
        Discipline::Suspend { days, .. } => Some(Sanction::Suspension { days }),
        Discipline::Ban(_) => Some(Sanction::Ban),
        Discipline::PreApprove { .. } | Discipline::Lift => None,
    };
    let (action, until) = match (discipline, sanction) {
        (_, Some(sanction)) => (sanction.log_action(), sanction.until(now)),
        (Discipline::PreApprove { days, .. }, None) => (LogAction::PreApproval, Some(now + Duration::days(days))),
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

pub(super) async fn role_of(db: &Db, member: UserId) -> Result<Role, DomainError> {
    Ok(crate::account::store::find(db, member).await?.ok_or(DomainError::NotFound)?.role)
}

async fn lift(tx: &mut Tx, member_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE club_members SET suspended_until = NULL, banned_at = NULL, pre_approval_until = NULL WHERE user_id = $1")
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Undoes what a sanction imposed when its appeal is overturned: its strike,
/// and the restriction it set unless another strike in force still sets it.
/// Nothing decided since is touched.
pub(super) async fn undo(tx: &mut Tx, action: LogAction, log_id: i64, member_id: UserId) -> Result<(), sqlx::Error> {
    let restore = match action {
        LogAction::Warn => None,
        LogAction::Suspend => Some(
            "UPDATE club_members SET suspended_until = (SELECT MAX(l.until_at) FROM club_moderation_log l
                 JOIN club_strikes s ON s.log_id = l.id WHERE l.member_id = $1 AND l.action = 'suspend')
             WHERE user_id = $1",
        ),
        LogAction::Ban => Some(
            "UPDATE club_members SET banned_at = NULL WHERE user_id = $1
               AND NOT EXISTS (SELECT 1 FROM club_strikes WHERE member_id = $1 AND level = 'ban')",
        ),
        LogAction::PreApproval => Some("UPDATE club_members SET pre_approval_until = NULL WHERE user_id = $1"),
        _ => return Ok(()),
    };
    sqlx::query("DELETE FROM club_strikes WHERE log_id = $1").bind(log_id).execute(&mut **tx).await?;
    if let Some(sql) = restore {
        sqlx::query(sql).bind(member_id).execute(&mut **tx).await?;
    }
    Ok(())
}
