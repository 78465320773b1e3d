//! Webhooks and their deliveries in the database. Facts become deliveries
//! (`fan_out`) by advancing each endpoint's cursor with a conditional update,
//! and a due delivery is claimed with a lease (`claim_due`) long enough for a
//! whole batch and recorded only by its holder: several instances do not
//! double a send, and one that dies mid-send leaves its lease to run out for
//! another to take. On PostgreSQL a fact's id is taken before its
//! transaction commits, so a fact may appear behind the cursor: the last ten
//! minutes are read again (`LATE`), and the delivery's unique key makes that
//! harmless.

use super::{backoff, gives_up, wants, DeliveryState, DeliveryStep, Subscription};
use crate::account::UserId;
use crate::db::Db;
use crate::error::DomainError;
use crate::fact::store::Recorded;
use crate::integration::ApiKey;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::{DateTime, Duration, Utc};

/// How long a claimed delivery is its sender's before another may take it:
/// longer than a batch of sends that all time out.
const LEASE_SECS: i64 = 900;
/// How far back facts are read again for one committed behind the cursor.
const LATE_MINUTES: i64 = 10;
/// Facts looked at per endpoint and run.
const FAN_OUT_BATCH: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub key_id: i64,
    pub url: String,
    /// Names joined by commas; empty: every type.
    pub event_types: String,
    pub failing_since: Option<i64>,
    pub paused_at: Option<i64>,
    pub created_at: i64,
}

const WEBHOOK_COLUMNS: &str = "id, key_id, url, event_types, failing_since, paused_at, created_at";

/// Subscribes `key`'s endpoint to facts from now on; the signing secret is
/// shown to the caller this once.
pub async fn create(
    db: &Db,
    now: DateTime<Utc>,
    key: &ApiKey,
    sub: &Subscription,
) -> Result<(Webhook, String), DomainError> {
    use rand::distributions::{Alphanumeric, DistString};
    let secret = format!("whsec_{}", Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32));
    let latest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM domain_events").fetch_one(db.pool()).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO webhooks (key_id, url, event_types, secret, after_event, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(key.id)
    .bind(&sub.url)
    .bind(sub.stored_types())
    .bind(&secret)
    .bind(latest)
    .bind(now.timestamp_millis())
    .fetch_one(db.pool())
    .await?;
    let webhook = find(db, key, id).await?.ok_or(DomainError::NotFound)?;
    Ok((webhook, secret))
}

/// Any key's endpoint, for the admins' desk.
pub async fn find_any(db: &Db, id: i64) -> Result<Option<Webhook>, DomainError> {
    Ok(sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// The key's endpoints.
pub async fn list(db: &Db, key: &ApiKey) -> Result<Vec<Webhook>, DomainError> {
    Ok(sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE key_id = $1 ORDER BY id"))
        .bind(key.id)
        .fetch_all(db.pool())
        .await?)
}

/// One of the key's endpoints (another key's is not found).
pub async fn find(db: &Db, key: &ApiKey, id: i64) -> Result<Option<Webhook>, DomainError> {
    Ok(sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1 AND key_id = $2"))
        .bind(id)
        .bind(key.id)
        .fetch_optional(db.pool())
        .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub event_id: i64,
    pub subject: String,
    pub status: DeliveryState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
}

/// The endpoint's latest deliveries, newest first.
pub async fn deliveries(db: &Db, webhook: &Webhook, limit: i64) -> Result<Vec<Delivery>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, event_id, subject, status, attempts, next_attempt_at, last_status, last_error, delivered_at
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(webhook.id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Sends a delivery again at once, delivered or not. False: the endpoint has no such delivery.
pub async fn redeliver(db: &Db, now: DateTime<Utc>, webhook: &Webhook, delivery: i64) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    // Read again if an attempt ended between the read and the write; it
    // ends once, so this turns at most twice unless another resend races it.
    loop {
        let state: Option<DeliveryState> =
            sqlx::query_scalar("SELECT status FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2")
                .bind(delivery)
                .bind(webhook.id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(state) = state else { return Ok(false) };
        if shift(&mut tx, delivery, state, DeliveryStep::Resent, now).await? {
            tx.commit().await?;
            return Ok(true);
        }
    }
}

/// The one writer of a delivery's state: moves it from `from` by `step`
/// (`DeliveryState::transition`), sets its next attempt and frees its lease.
/// False when it no longer stands at `from` or the step cannot happen there.
async fn shift(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    delivery: i64,
    from: DeliveryState,
    step: DeliveryStep,
    next_attempt: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let Some(to) = from.transition(step) else { return Ok(false) };
    let moved = sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, next_attempt_at = $2, lease_until = NULL
         WHERE id = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(next_attempt.timestamp_millis())
    .bind(delivery)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// Takes a paused endpoint back: what waited is sent, from the oldest.
pub async fn resume(db: &Db, now: DateTime<Utc>, webhook: &Webhook) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE webhooks SET paused_at = NULL, failing_since = NULL WHERE id = $1")
        .bind(webhook.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE webhook_id = $2 AND status = $3")
        .bind(now.timestamp_millis())
        .bind(webhook.id)
        .bind(DeliveryState::Pending.as_str())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Listener {
    id: i64,
    event_types: String,
    after_event: i64,
    dealer_id: Option<i64>,
    created_at: i64,
}

/// Makes a delivery of every fact each live endpoint wants and has not been
/// given; a fact another dealer's key may not see is passed over. How many.
pub async fn fan_out(db: &Db, now: DateTime<Utc>) -> Result<usize, DomainError> {
    let listeners: Vec<Listener> = sqlx::query_as(
        "SELECT w.id, w.event_types, w.after_event, k.dealer_id, w.created_at FROM webhooks w
         JOIN api_keys k ON k.id = w.key_id WHERE w.paused_at IS NULL AND k.revoked_at IS NULL",
    )
    .fetch_all(db.pool())
    .await?;
    let mut made = 0;
    for listener in listeners {
        let since = (now - Duration::minutes(LATE_MINUTES))
            .max(DateTime::from_timestamp_millis(listener.created_at).unwrap_or(now));
        let late = crate::fact::store::recent(db.pool(), since, listener.after_event).await?;
        let mut tx = db.begin_write().await?;
        for fact in late.iter().filter(|f| reaches(&listener, f)) {
            made += deliver(&mut tx, listener.id, fact, now).await?;
        }
        tx.commit().await?;
        let facts = crate::fact::store::after(db.pool(), listener.after_event, FAN_OUT_BATCH).await?;
        let Some(last) = facts.last().map(|f| f.id) else { continue };
        let mut tx = db.begin_write().await?;
        let moved = sqlx::query("UPDATE webhooks SET after_event = $1 WHERE id = $2 AND after_event = $3")
            .bind(last)
            .bind(listener.id)
            .bind(listener.after_event)
            .execute(&mut *tx)
            .await?;
        if moved.rows_affected() != 1 {
            // Another instance took this stretch.
            continue;
        }
        for fact in facts.iter().filter(|f| reaches(&listener, f)) {
            made += deliver(&mut tx, listener.id, fact, now).await?;
        }
        tx.commit().await?;
    }
    Ok(made)
}

/// A delivery of the fact to the endpoint, unless it has one: 1 if made.
async fn deliver(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    webhook: i64,
    fact: &Recorded,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let made = sqlx::query(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, subject, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (webhook_id, event_id) DO NOTHING",
    )
    .bind(webhook)
    .bind(fact.id)
    .bind(&fact.stored.subject)
    .bind(DeliveryState::Pending.as_str())
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(usize::try_from(made.rows_affected()).unwrap_or(0))
}

fn reaches(listener: &Listener, fact: &Recorded) -> bool {
    wants(&listener.event_types, &fact.stored.kind)
        && (listener.dealer_id.is_none()
            || fact.fact.as_ref().ok().and_then(crate::fact::Fact::dealer) == listener.dealer_id)
}

/// A delivery claimed for sending.
#[derive(Debug)]
pub struct Due {
    pub delivery: i64,
    /// The lease this claim holds: only its holder records the attempt.
    lease: i64,
    pub webhook: i64,
    pub url: String,
    pub secret: String,
    pub event: Recorded,
}

#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    webhook_id: i64,
    url: String,
    secret: String,
    event_id: i64,
}

/// Claims up to `limit` deliveries due now, each the oldest pending one of
/// its endpoint and subject (so a subject's facts arrive in order).
pub async fn claim_due(db: &Db, now: DateTime<Utc>, limit: i64) -> Result<Vec<Due>, DomainError> {
    let at = now.timestamp_millis();
    let rows: Vec<DueRow> = sqlx::query_as(
        "SELECT d.id, d.webhook_id, w.url, w.secret, d.event_id
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN api_keys k ON k.id = w.key_id
         WHERE d.status = $3 AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1)
           AND w.paused_at IS NULL AND k.revoked_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                           WHERE p.webhook_id = d.webhook_id AND p.subject = d.subject AND p.status = $3
                             AND p.event_id < d.event_id)
         ORDER BY d.event_id LIMIT $2",
    )
    .bind(at)
    .bind(limit)
    .bind(DeliveryState::Pending.as_str())
    .fetch_all(db.pool())
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    let lease = at + LEASE_SECS * 1_000;
    for row in rows {
        // Checked again as the claim is taken: another instance may have tried it since the read.
        let claimed = sqlx::query(
            "UPDATE webhook_deliveries SET lease_until = $1
             WHERE id = $2 AND status = $4 AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)",
        )
        .bind(lease)
        .bind(row.id)
        .bind(at)
        .bind(DeliveryState::Pending.as_str())
        .execute(db.pool())
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        if let Some(event) = crate::fact::store::one(db.pool(), row.event_id).await? {
            due.push(Due { delivery: row.id, lease, webhook: row.webhook_id, url: row.url, secret: row.secret, event });
        }
    }
    Ok(due)
}

/// What the endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx status.
    Delivered { status: u16 },
    /// Another status, or none (`error` says why).
    Failed { status: Option<u16>, error: String },
}

impl Outcome {
    fn step(&self) -> DeliveryStep {
        match self {
            Self::Delivered { .. } => DeliveryStep::Accepted,
            Self::Failed { .. } => DeliveryStep::Refused,
        }
    }
}

/// Records an attempt: delivered, or tried again after a growing wait; an
/// endpoint failing for a day is paused and the admins are told, once. A
/// claim whose lease another instance took since records nothing.
pub async fn record(db: &Db, now: DateTime<Utc>, due: &Due, outcome: &Outcome) -> Result<(), DomainError> {
    let at = now.timestamp_millis();
    let mut tx = db.begin_write().await?;
    // Freeing the lease locks the row until commit, so a resend waits for this record.
    let held = sqlx::query("UPDATE webhook_deliveries SET lease_until = NULL WHERE id = $1 AND lease_until = $2")
        .bind(due.delivery)
        .bind(due.lease)
        .execute(&mut *tx)
        .await?;
    if held.rows_affected() != 1 {
        return Ok(());
    }
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM webhook_deliveries WHERE id = $1")
        .bind(due.delivery)
        .fetch_one(&mut *tx)
        .await?;
    let attempts = attempts + 1;
    let next = now + backoff(u32::try_from(attempts).unwrap_or(u32::MAX));
    if !shift(&mut tx, due.delivery, DeliveryState::Pending, outcome.step(), next).await? {
        return Ok(());
    }
    let (status, error, delivered_at) = match outcome {
        Outcome::Delivered { status } => (Some(*status), None, Some(at)),
        Outcome::Failed { status, error } => (*status, Some(error.chars().take(500).collect::<String>()), None),
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = $1, last_status = $2, last_error = $3,
                delivered_at = COALESCE($4, delivered_at) WHERE id = $5",
    )
    .bind(attempts)
    .bind(status.map(i64::from))
    .bind(error)
    .bind(delivered_at)
    .bind(due.delivery)
    .execute(&mut *tx)
    .await?;
    if delivered_at.is_some() {
        sqlx::query("UPDATE webhooks SET failing_since = NULL WHERE id = $1")
            .bind(due.webhook)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE webhooks SET failing_since = COALESCE(failing_since, $1) WHERE id = $2")
            .bind(at)
            .bind(due.webhook)
            .execute(&mut *tx)
            .await?;
        let since: i64 = sqlx::query_scalar("SELECT failing_since FROM webhooks WHERE id = $1")
            .bind(due.webhook)
            .fetch_one(&mut *tx)
            .await?;
        let since = DateTime::from_timestamp_millis(since).unwrap_or(now);
        if gives_up(since, now) {
            pause(&mut tx, due, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn pause(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let paused = sqlx::query("UPDATE webhooks SET paused_at = $1 WHERE id = $2 AND paused_at IS NULL")
        .bind(now.timestamp_millis())
        .bind(due.webhook)
        .execute(&mut **tx)
        .await?;
    if paused.rows_affected() == 1 {
        let admins: Vec<UserId> =
            sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL")
                .fetch_all(&mut **tx)
                .await?;
        let hours = Duration::hours(super::RETRY_FOR_HOURS).num_hours();
        for admin in admins {
            let notice = Notice::WebhookPaused { url: due.url.clone(), hours };
            tell(tx, admin, Message { notice, link: "/admin", category: Category::Service }, now).await?;
        }
    }
    Ok(())
}
