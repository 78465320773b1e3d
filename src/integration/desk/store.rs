//! The desk's reads, and a secret held for its one showing: a page without
//! JavaScript cannot be handed a value by the post that made it, and a secret
//! never goes into a URL, so the post holds it here behind a random token for
//! the admin who made it, and their next page takes it (deleting it), or it
//! is gone after ten minutes.

use super::{DealerChoice, DeliveryLine, Desk, HookLine, KeyLine, DELIVERIES_SHOWN};
use crate::account::UserId;
use crate::db::Db;
use crate::error::DomainError;
use crate::integration::webhook::DeliveryState;
use chrono::{DateTime, Duration, Utc};

/// How long a secret waits for its page.
const HELD_MINUTES: i64 = 10;

#[derive(sqlx::FromRow)]
struct HookRow {
    id: i64,
    key_name: String,
    url: String,
    event_types: String,
    failing_since: Option<i64>,
    paused_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: i64,
    kind: String,
    subject: String,
    status: DeliveryState,
    attempts: i64,
    last_status: Option<i64>,
    last_error: Option<String>,
    next_attempt_at: i64,
    delivered_at: Option<i64>,
}

/// Everything the desk shows. `shown` is the token of a secret this admin
/// made a moment ago: it is taken, so shown once.
pub async fn desk(db: &Db, now: DateTime<Utc>, admin: UserId, shown: &str) -> Result<Desk, DomainError> {
    let dealers: Vec<DealerChoice> =
        crate::dealer::list(db).await?.into_iter().map(|d| DealerChoice { id: d.id, code: d.code }).collect();
    let code = |id: Option<i64>| id.and_then(|id| dealers.iter().find(|d| d.id == id)).map(|d| d.code.clone());
    let keys = crate::integration::store::list(db)
        .await?
        .into_iter()
        .map(|k| KeyLine {
            id: k.id,
            name: k.name.as_str().to_owned(),
            shown_prefix: k.shown_prefix,
            scopes: k.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            dealer: code(k.dealer),
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        })
        .collect();
    let rows: Vec<HookRow> = sqlx::query_as(
        "SELECT w.id, k.name AS key_name, w.url, w.event_types, w.failing_since, w.paused_at
         FROM webhooks w JOIN api_keys k ON k.id = w.key_id ORDER BY w.id DESC",
    )
    .fetch_all(db.pool())
    .await?;
    let mut hooks = Vec::with_capacity(rows.len());
    for row in rows {
        let deliveries: Vec<DeliveryRow> = sqlx::query_as(
            "SELECT d.id, e.kind, d.subject, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at,
                    d.delivered_at
             FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
             WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2",
        )
        .bind(row.id)
        .bind(DELIVERIES_SHOWN)
        .fetch_all(db.pool())
        .await?;
        hooks.push(HookLine {
            id: row.id,
            key: row.key_name,
            url: row.url,
            events: row.event_types.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            failing_since: row.failing_since,
            paused_at: row.paused_at,
            deliveries: deliveries
                .into_iter()
                .map(|d| DeliveryLine {
                    id: d.id,
                    kind: d.kind,
                    subject: d.subject,
                    delivered: d.status == DeliveryState::Delivered,
                    attempts: d.attempts,
                    last_status: d.last_status,
                    last_error: d.last_error,
                    next_attempt_at: d.next_attempt_at,
                    delivered_at: d.delivered_at,
                })
                .collect(),
        });
    }
    let shown = if shown.is_empty() { None } else { take(db, now, admin, shown).await? };
    Ok(Desk { keys, hooks, dealers, shown })
}

fn digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Holds `secret` for `admin`'s next page; returns the token that page names.
pub async fn hold(db: &Db, now: DateTime<Utc>, admin: UserId, secret: &str) -> Result<String, DomainError> {
    use rand::distributions::{Alphanumeric, DistString};
    let token = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM shown_secrets WHERE expires_at < $1")
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO shown_secrets (token_digest, user_id, secret, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(digest(&token))
        .bind(admin)
        .bind(secret)
        .bind((now + Duration::minutes(HELD_MINUTES)).timestamp_millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}

/// The secret held behind `token` for `admin`, once: none when taken already,
/// out of time, or held for someone else.
async fn take(db: &Db, now: DateTime<Utc>, admin: UserId, token: &str) -> Result<Option<String>, DomainError> {
    let mut tx = db.begin_write().await?;
    let secret: Option<String> = sqlx::query_scalar(
        "DELETE FROM shown_secrets WHERE token_digest = $1 AND user_id = $2 AND expires_at >= $3 RETURNING secret",
    )
    .bind(digest(token))
    .bind(admin)
    .bind(now.timestamp_millis())
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(secret)
}
