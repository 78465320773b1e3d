//! `Idempotency-Key` on the integration API: the first call with a key claims
//! it, its answer is kept a day, and a call again with the same key and the
//! same request gets that answer back instead of running twice. The same key
//! with another request is a mistake the caller hears about.

use crate::db::{is_unique_violation, Db};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// How long an answer is kept for replays.
pub const KEPT_FOR: Duration = Duration::hours(24);
/// A call claimed but not answered after this long died with its instance;
/// its key may be used again.
const ABANDONED_AFTER: Duration = Duration::minutes(5);
const KEY_MAX: usize = 255;

/// The caller's key for one write, as sent in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallKey(String);

impl CallKey {
    /// 1 to 255 visible ASCII characters (a UUID, an order number).
    pub fn parse(raw: &str) -> Option<Self> {
        (!raw.is_empty() && raw.len() <= KEY_MAX && raw.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| Self(raw.to_owned()))
    }
}

/// What identifies a request: its method, path and body.
pub fn request_digest(method: &str, path: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    for part in [method.as_bytes(), b" ", path.as_bytes(), b"\n", body] {
        hash.update(part);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// An answer kept for replays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// What a call with a key finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The first call with this key: run it, then [`finish`] or [`abandon`].
    First,
    /// The key's first call was this request and was answered so.
    Replay(Answer),
    /// The key was used for another request.
    OtherRequest,
    /// The key's first call is still running.
    Running,
}

/// A claimed key's row: the answer is there once the first call finished.
#[derive(sqlx::FromRow)]
struct Kept {
    request_digest: String,
    status: Option<i64>,
    content_type: Option<String>,
    response_body: Option<String>,
}

pub async fn claim(
    db: &Db,
    api_key: i64,
    key: &CallKey,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<Claim, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // A key expires a day after its first use, or minutes after a call that never answered.
    sqlx::query(
        "DELETE FROM api_idempotency WHERE api_key_id = $1 AND idem_key = $2
           AND (created_at < $3 OR (status IS NULL AND created_at < $4))",
    )
    .bind(api_key)
    .bind(&key.0)
    .bind((now - KEPT_FOR).timestamp_millis())
    .bind((now - ABANDONED_AFTER).timestamp_millis())
    .execute(&mut *tx)
    .await?;
    let claimed = sqlx::query(
        "INSERT INTO api_idempotency (api_key_id, idem_key, request_digest, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(api_key)
    .bind(&key.0)
    .bind(digest)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await;
    match claimed {
        Ok(_) => {
            tx.commit().await?;
            return Ok(Claim::First);
        }
        Err(err) if is_unique_violation(&err) => {}
        Err(err) => return Err(err),
    }
    drop(tx);
    let found: Option<Kept> = sqlx::query_as(
        "SELECT request_digest, status, content_type, response_body FROM api_idempotency
         WHERE api_key_id = $1 AND idem_key = $2",
    )
    .bind(api_key)
    .bind(&key.0)
    .fetch_optional(db.pool())
    .await?;
    Ok(match found {
        Some(kept) if kept.request_digest != digest => Claim::OtherRequest,
        Some(Kept { status: Some(status), content_type: Some(content_type), response_body: Some(body), .. }) => {
            Claim::Replay(Answer { status: u16::try_from(status).unwrap_or(500), content_type, body })
        }
        // Claimed and not answered yet, or (gone meanwhile) given back by a failed first call.
        _ => Claim::Running,
    })
}

/// Keeps the first call's answer for its replays.
pub async fn finish(db: &Db, api_key: i64, key: &CallKey, answer: &Answer) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_idempotency SET status = $1, content_type = $2, response_body = $3
         WHERE api_key_id = $4 AND idem_key = $5",
    )
    .bind(i64::from(answer.status))
    .bind(&answer.content_type)
    .bind(&answer.body)
    .bind(api_key)
    .bind(&key.0)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Gives the key back after a call that failed on our side, so that the
/// caller's retry runs again.
pub async fn abandon(db: &Db, api_key: i64, key: &CallKey) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM api_idempotency WHERE api_key_id = $1 AND idem_key = $2 AND status IS NULL")
        .bind(api_key)
        .bind(&key.0)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets answers older than a day (the daily run).
pub async fn prune(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let gone = sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1")
        .bind((now - KEPT_FOR).timestamp_millis())
        .execute(db.pool())
        .await?;
    Ok(gone.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_one_to_255_visible_characters() {
        assert!(CallKey::parse("7f9c0a2e-order-1182").is_some());
        assert!(CallKey::parse(&"k".repeat(255)).is_some());
        assert!(CallKey::parse(&"k".repeat(256)).is_none());
        assert!(CallKey::parse("").is_none());
        assert!(CallKey::parse("two words").is_none());
        assert!(CallKey::parse("订单").is_none());
    }

    #[test]
    fn the_same_body_on_another_path_is_another_request() {
        let body = br#"{"vin":"x"}"#;
        let here = request_digest("PUT", "/api/v1/vehicles/A", body);
        assert_eq!(here, request_digest("PUT", "/api/v1/vehicles/A", body));
        assert_ne!(here, request_digest("PUT", "/api/v1/vehicles/B", body));
        assert_ne!(here, request_digest("POST", "/api/v1/vehicles/A", body));
        assert_ne!(here, request_digest("PUT", "/api/v1/vehicles/A", br#"{"vin":"y"}"#));
    }
}
