//! Cases in the database. Every change is one transaction that also writes
//! the case's history; the owner's queries never select internal notes, so
//! they cannot leak through any page or response. Here: a case's moves along
//! its lifecycle (`act`, `rate`); the rest by what it does, in `store/`.

mod console;
mod open;
mod queue;
mod read;
mod reply;
mod row;
pub mod sla;
mod status;

pub use console::{agents, assign, link, merge, set_priority, Link};
pub use open::{open, Opener};
pub use queue::{close_followup, followups, queue, Filter};
pub use read::{mine, owner_view, staff_view};
pub use reply::{owner_reply, staff_reply};

use super::{transition, window, Action, Party, Priority, Status};
use crate::account::{Desk, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note, Notice};
use row::{at, decode, event, load, on_desk, owned, owner_link};
use sla::policy;
use status::{write_status, Records};

/// Moves a case along its lifecycle; staff act on cases at their desk, the
/// owner only on their own. Refused steps change nothing.
pub async fn act(
    db: &Db,
    clock: &dyn Clock,
    by: Party,
    user: UserId,
    desk: Option<Desk>,
    id: i64,
    action: Action,
) -> Result<(), DomainError> {
    let row = match by {
        Party::Owner => owned(db, user, id).await?,
        Party::Staff => on_desk(db, desk.ok_or(DomainError::NotFound)?, id).await?,
        Party::System => load(db, id).await?,
    };
    let now = clock.now();
    let from = row.status()?;
    let refused = |e| FieldError::new(Field::Confirm, Problem::Case(e));
    let to = transition(from, action.clone(), by).map_err(refused)?;
    window(&action, row.resolved_at.map(at), now).map_err(refused)?;
    let records = match (from, to) {
        // Reopened: a fresh resolution target from now, and a fresh 7-day follow-up once resolved again.
        (Status::Resolved, Status::InProgress) => {
            let priority = decode(Priority::parse(&row.priority), "priority")?;
            Records::Reopened { resolution_due: policy(db, priority).await?.resolution_due(now) }
        }
        (_, Status::Resolved) => Records::Resolved,
        (_, Status::Closed) => Records::Closed,
        _ => Records::Nothing,
    };
    let reopened = matches!(records, Records::Reopened { .. });
    let mut tx = db.begin_write().await?;
    if !write_status(&mut tx, id, from, to, records, now).await? {
        return Err(refused(super::TransitionError::NotFromHere).into());
    }
    match &action {
        // The note is the agent's answer to the owner, and the history's record of what was done.
        Action::Resolve(note) => {
            reply::insert_message(&mut tx, id, user, false, note.as_str(), now).await?;
            event(&mut tx, id, now, Some(user), action.as_str(), note.as_str()).await?;
        }
        _ => event(&mut tx, id, now, Some(user), action.as_str(), to.as_str()).await?,
    }
    if reopened {
        // A follow-up still open is moot: the owner has answered by reopening.
        sqlx::query(
            "UPDATE case_followups SET done_at = $1, done_by = $2, outcome = 'reopened by the owner'
             WHERE case_id = $3 AND done_at IS NULL",
        )
        .bind(now.timestamp_millis())
        .bind(user)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if to == Status::Resolved {
        let link = owner_link(id);
        let note = Note { notice: Notice::CaseResolved { case: id }, link: &link, category: Topic::Service };
        tell(&mut tx, row.owner_id, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The owner rates the handling of a resolved case, which closes it.
pub async fn rate(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    id: i64,
    rating: u8,
    comment: Option<String>,
) -> Result<(), DomainError> {
    if !(1..=5).contains(&rating) {
        return Err(FieldError::new(Field::Rating, Problem::OutOfRange).into());
    }
    let row = owned(db, owner, id).await?;
    let now = clock.now();
    let from = row.status()?;
    let to =
        transition(from, Action::Rate, Party::Owner).map_err(|e| FieldError::new(Field::Rating, Problem::Case(e)))?;
    let mut tx = db.begin_write().await?;
    let rated = Records::Rated { rating, comment: comment.as_deref() };
    if !write_status(&mut tx, id, from, to, rated, now).await? {
        return Err(FieldError::new(Field::Rating, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    event(&mut tx, id, now, Some(owner), "rated", &rating.to_string()).await?;
    tx.commit().await?;
    Ok(())
}
