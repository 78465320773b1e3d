//! Opening a case: by the owner in the portal, or by staff recording a call,
//! with its photos, its SLA targets and the owner's acknowledgement, all at once.

use super::row::{event, owner_link};
use super::sla::policy;
use crate::account::UserId;
use crate::case::{Channel, NewCase, MAX_CASE_PHOTOS};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::fact::Fact;
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note, Notice};
use crate::types::IdempotencyKey;
use crate::upload::store::FileStore;
use crate::upload::{CleanImage, Purpose};

/// Who opens a case: the owner in the portal, or staff recording a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    Owner,
    Staff { staff: UserId, channel: Channel },
}

/// Opens a case with its photos, all or nothing. A repeated submit (same
/// idempotency key) gives the case the first one made.
#[allow(clippy::too_many_arguments)] // who, by whom, what, its photos and its key; each needed
pub async fn open(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn FileStore,
    owner: UserId,
    by: Opener,
    case: NewCase,
    photos: &[CleanImage],
    idempotency_key: &str,
) -> Result<i64, DomainError> {
    if photos.len() > MAX_CASE_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(MAX_CASE_PHOTOS)).into());
    }
    if let Some(vin) = &case.vin {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM ownerships WHERE vin = $1 AND owner_id = $2 AND ended_at IS NULL")
                .bind(vin)
                .bind(owner)
                .fetch_optional(db.pool())
                .await?;
        if known.is_none() {
            return Err(FieldError::new(Field::Vin, Problem::UnknownChoice).into());
        }
    }
    if let Some(dealer) = case.dealer {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM dealers WHERE id = $1").bind(dealer).fetch_optional(db.pool()).await?;
        if known.is_none() {
            return Err(FieldError::new(Field::Dealer, Problem::UnknownChoice).into());
        }
    }
    let key = IdempotencyKey::of(&[&owner, &idempotency_key]);
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE idempotency_key = $1")
        .bind(key.as_str())
        .fetch_optional(db.pool())
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let now = clock.now();
    let priority = case.initial_priority();
    let sla = policy(db, priority).await?;
    let (opened_by, channel) = match by {
        Opener::Owner => (owner, Channel::Portal),
        Opener::Staff { staff, channel } => (staff, channel),
    };
    let mut tx = db.begin_write().await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO cases (owner_id, kind, category, title, description, vin, dealer_id, priority, status, channel,
                            opened_by, response_due, resolution_due, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(owner)
    .bind(case.kind.as_str())
    .bind(case.category.as_str())
    .bind(&case.title)
    .bind(&case.description)
    .bind(&case.vin)
    .bind(case.dealer)
    .bind(priority.as_str())
    .bind(channel.as_str())
    .bind(opened_by)
    .bind(sla.response_due(now).timestamp_millis())
    .bind(sla.resolution_due(now).timestamp_millis())
    .bind(key.as_str())
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(err) if crate::db::is_unique_violation(&err) => {
            // The same submit won a moment ago: answer with that case.
            tx.rollback().await?;
            return Ok(sqlx::query_scalar("SELECT id FROM cases WHERE idempotency_key = $1")
                .bind(key.as_str())
                .fetch_one(db.pool())
                .await?);
        }
        Err(err) => return Err(err.into()),
    };
    for photo in photos {
        let upload = files.put(&mut tx, owner, Purpose::CasePhoto, photo, now).await?;
        sqlx::query("INSERT INTO case_photos (case_id, upload_id) VALUES ($1, $2)")
            .bind(id)
            .bind(upload)
            .execute(&mut *tx)
            .await?;
    }
    let opened = Fact::CaseOpened { case: id, owner, dealer: case.dealer, kind: case.kind, channel };
    crate::fact::store::emit(&mut tx, opened, now).await?;
    event(&mut tx, id, now, Some(opened_by), "opened", channel.as_str()).await?;
    let hours = (sla.first_response_minutes + 59) / 60;
    let link = owner_link(id);
    let notice = Notice::CaseOpened { case: id, hours };
    tell(&mut tx, owner, Note { notice, link: &link, category: Topic::Service }, now).await?;
    tx.commit().await?;
    Ok(id)
}
