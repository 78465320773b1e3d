//! The conversation on a case: the owner's replies, and staff's replies to the
//! owner or internal notes that stay with staff.

use super::row::{event, on_desk, owned, owner_link};
use super::status::{write_status, Records};
use crate::account::{Staff, UserId};
use crate::case::{transition, Action, Party, Status, TransitionError};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note, Notice};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// The owner adds to the conversation while the case is not closed.
pub async fn owner_reply(db: &Db, clock: &dyn Clock, owner: UserId, id: i64, body: &str) -> Result<(), DomainError> {
    let row = owned(db, owner, id).await?;
    if row.status()? == Status::Closed {
        return Err(FieldError::new(Field::Message, Problem::Case(TransitionError::NotFromHere)).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    insert_message(&mut tx, id, owner, false, body, now).await?;
    event(&mut tx, id, now, Some(owner), "owner_reply", "").await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn insert_message(
    tx: &mut Transaction<'static, Any>,
    case: i64,
    author: UserId,
    internal: bool,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_messages (case_id, author_id, internal, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case)
    .bind(author)
    .bind(i64::from(internal))
    .bind(body)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A reply to the owner (the first one meets the response target and
/// acknowledges a new case) or an internal note that stays with staff.
pub async fn staff_reply(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    body: &str,
    internal: bool,
) -> Result<(), DomainError> {
    let row = on_desk(db, staff.desk, id).await?;
    if row.status()? == Status::Closed {
        return Err(FieldError::new(Field::Message, Problem::Case(TransitionError::NotFromHere)).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    insert_message(&mut tx, id, staff.id, internal, body, now).await?;
    if internal {
        event(&mut tx, id, now, Some(staff.id), "note", body).await?;
    } else {
        sqlx::query("UPDATE cases SET responded_at = $1 WHERE id = $2 AND responded_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The first public reply acknowledges a case still only submitted.
        let from = Status::Submitted;
        let acknowledged = match transition(from, Action::Acknowledge, Party::Staff) {
            Ok(to) => write_status(&mut tx, id, from, to, Records::Nothing, now).await?,
            Err(_) => false,
        };
        event(&mut tx, id, now, Some(staff.id), "reply", "").await?;
        if acknowledged {
            event(&mut tx, id, now, Some(staff.id), "acknowledged", "").await?;
        }
        let link = owner_link(id);
        let note = Note { notice: Notice::CaseReply { case: id }, link: &link, category: Topic::Service };
        tell(&mut tx, row.owner_id, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
