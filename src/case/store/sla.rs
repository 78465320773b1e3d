//! Service-level targets: the policy per priority (admins edit it), the watch
//! that marks a breach, escalates the case one level and tells the
//! supervisors, and the 7-day follow-up of resolved cases nobody rated.
//! Every step is a conditional update, so runs on several instances, or
//! twice, act once.

use super::status::{write_status, Records};
use crate::account::UserId;
use crate::case::{Priority, SlaPolicy, FOLLOW_UP_AFTER_DAYS, REOPEN_WITHIN_DAYS};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::history::{self, Subject};
use crate::notify::notice::CaseClock;
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message, Notice};

pub async fn policies(db: &Db) -> Result<Vec<SlaPolicy>, DomainError> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies")
            .fetch_all(db.pool())
            .await?;
    let mut all: Vec<SlaPolicy> = rows
        .into_iter()
        .filter_map(|(p, first_response_minutes, resolution_minutes)| {
            Priority::parse(&p).map(|priority| SlaPolicy { priority, first_response_minutes, resolution_minutes })
        })
        .collect();
    all.sort_by_key(|p| std::cmp::Reverse(Priority::ALL.iter().position(|q| *q == p.priority)));
    Ok(all)
}

pub async fn policy(db: &Db, priority: Priority) -> Result<SlaPolicy, DomainError> {
    policies(db).await?.into_iter().find(|p| p.priority == priority).ok_or(DomainError::NotFound)
}

/// An admin's change; open cases keep the dates they were promised.
pub async fn save_policy(db: &Db, clock: &dyn Clock, admin: UserId, policy: SlaPolicy) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE sla_policies SET first_response_minutes = $1, resolution_minutes = $2, updated_by = $3, updated_at = $4
         WHERE priority = $5",
    )
    .bind(policy.first_response_minutes)
    .bind(policy.resolution_minutes)
    .bind(admin)
    .bind(clock.now().timestamp_millis())
    .bind(policy.priority.as_str())
    .execute(&mut *tx)
    .await?;
    let entry = crate::audit::Entry {
        at: clock.now(),
        actor: Some(admin),
        action: crate::audit::Action::SlaPolicyChanged,
        subject: format!("sla:{}", policy.priority.as_str()),
        detail: format!("{} min / {} min", policy.first_response_minutes, policy.resolution_minutes),
        client_addr: None,
    };
    crate::audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks each newly missed target: the case is flagged, escalated one level,
/// and the supervisors (admins) are told. Returns how many breaches it found.
pub async fn watch(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let mut found = 0;
    for (flag, due, met, kind) in [
        ("response_breached", "response_due", "responded_at", "breach_response"),
        ("resolution_breached", "resolution_due", "resolved_at", "breach_resolution"),
    ] {
        let missed: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, title FROM cases WHERE {flag} = 0 AND {met} IS NULL AND {due} < $1
               AND status NOT IN ('resolved', 'closed') AND merged_into IS NULL"
        ))
        .bind(now.timestamp_millis())
        .fetch_all(db.pool())
        .await?;
        for (id, title) in missed {
            let mut tx = db.begin_write().await?;
            // The conditions again: a reply or resolution since the SELECT means no breach.
            let marked = sqlx::query(&format!(
                "UPDATE cases SET {flag} = 1, escalation = escalation + 1
                 WHERE id = $1 AND {flag} = 0 AND {met} IS NULL AND {due} < $2
                   AND status NOT IN ('resolved', 'closed') AND merged_into IS NULL"
            ))
            .bind(id)
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
            if marked.rows_affected() != 1 {
                continue;
            }
            history::record(&mut tx, Subject::Case(id), now, None, kind, "").await?;
            let supervisors: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin'").fetch_all(&mut *tx).await?;
            let clock = if kind == "breach_response" { CaseClock::FirstResponse } else { CaseClock::Resolution };
            let link = format!("/staff/cases/{id}");
            for supervisor in supervisors {
                let notice = Notice::CaseBreach { case: id, title: title.clone(), clock };
                let message = Message { notice, link: &link, category: Topic::Service };
                tell(&mut tx, supervisor, message, now).await?;
            }
            tx.commit().await?;
            found += 1;
        }
    }
    Ok(found)
}

/// Seven days after resolution without a rating: the owner gets a follow-up
/// message and care gets a task, once. Resolved cases left alone for the
/// reopening window close. Returns (follow-ups opened, cases closed).
pub async fn follow_up(db: &Db, clock: &dyn Clock) -> Result<(usize, usize), DomainError> {
    let now = clock.now();
    let due_before = (now - chrono::Duration::days(FOLLOW_UP_AFTER_DAYS)).timestamp_millis();
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, owner_id FROM cases WHERE resolved_at IS NOT NULL AND resolved_at <= $1 AND rated_at IS NULL
           AND followed_up_at IS NULL AND merged_into IS NULL",
    )
    .bind(due_before)
    .fetch_all(db.pool())
    .await?;
    let mut opened = 0;
    for (id, owner) in due {
        let mut tx = db.begin_write().await?;
        // Claimed only while still unrated and resolved long enough (a rating or a
        // reopening may have landed since the SELECT).
        let claimed = sqlx::query(
            "UPDATE cases SET followed_up_at = $1 WHERE id = $2 AND followed_up_at IS NULL AND rated_at IS NULL
               AND resolved_at IS NOT NULL AND resolved_at <= $3",
        )
        .bind(now.timestamp_millis())
        .bind(id)
        .bind(due_before)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        // A case reopened and resolved again gets a fresh follow-up; the earlier
        // outcome stays in the case's history.
        sqlx::query(
            "INSERT INTO case_followups (case_id, created_at) VALUES ($1, $2)
             ON CONFLICT (case_id) DO UPDATE SET created_at = $2, done_at = NULL, done_by = NULL, outcome = NULL",
        )
        .bind(id)
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?;
        history::record(&mut tx, Subject::Case(id), now, None, "follow_up", "").await?;
        let link = format!("/me/cases/{id}");
        let message = Message { notice: Notice::CaseFollowUp { case: id }, link: &link, category: Topic::Service };
        tell(&mut tx, owner, message, now).await?;
        tx.commit().await?;
        opened += 1;
    }
    let expired_before = now - chrono::Duration::days(REOPEN_WITHIN_DAYS);
    let expired = expired_before.timestamp_millis();
    let stale: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE status = 'resolved' AND resolved_at IS NOT NULL AND resolved_at < $1",
    )
    .bind(expired)
    .fetch_all(db.pool())
    .await?;
    let mut closed = 0;
    let from = crate::case::Status::Resolved;
    for id in stale {
        let resolved_at: Option<i64> =
            sqlx::query_scalar("SELECT resolved_at FROM cases WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
        let resolved_at = resolved_at.and_then(chrono::DateTime::from_timestamp_millis);
        let close = crate::case::Action::Close;
        let Ok(to) = crate::case::transition(from, close.clone(), crate::case::Party::System) else { continue };
        if crate::case::window(&close, resolved_at, now).is_err() {
            continue;
        }
        let mut tx = db.begin_write().await?;
        let unanswered = Records::ClosedUnanswered { resolved_before: expired_before };
        if !write_status(&mut tx, id, from, to, unanswered, now).await? {
            continue;
        }
        history::record(&mut tx, Subject::Case(id), now, None, "closed", "no reopening within 14 days").await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok((opened, closed))
}
