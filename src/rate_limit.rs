//! Per-client rate limits for public endpoints, kept in the database so every
//! app instance counts the same. A request is written down first and judged
//! against everything written before it, so parallel requests cannot all slip
//! through a check that none of them has been counted in yet.

use crate::db::Db;
use crate::error::{DomainError, Throttle};
use chrono::{DateTime, Duration, Utc};

const SWEEP_EVERY: i64 = 64;

/// Counts this request and refuses it when the client already had `limit` in
/// the window (a refused request does not count); the refusal names `what`.
pub async fn hit(
    db: &Db,
    (what, bucket): (Throttle, &str),
    client: &str,
    now: DateTime<Utc>,
    limit: i64,
    window: Duration,
) -> Result<(), DomainError> {
    let since = (now - window).timestamp_millis();
    let pool = db.pool();
    let one_writer = db.one_writer().await;
    let id: i64 = sqlx::query_scalar("INSERT INTO rate_events (bucket, client, at) VALUES ($1, $2, $3) RETURNING id")
        .bind(bucket)
        .bind(client)
        .bind(now.timestamp_millis())
        .fetch_one(pool)
        .await?;
    drop(one_writer);
    let (earlier, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM rate_events WHERE bucket = $1 AND client = $2 AND at > $3 AND id <> $4",
    )
    .bind(bucket)
    .bind(client)
    .bind(since)
    .bind(id)
    .fetch_one(pool)
    .await?;
    if earlier >= limit {
        let _one_writer = db.one_writer().await;
        sqlx::query("DELETE FROM rate_events WHERE id = $1").bind(id).execute(pool).await?;
        let free_at = oldest.unwrap_or(since) + window.num_milliseconds();
        let retry_after_secs = ((free_at - now.timestamp_millis()) / 1000).max(1);
        return Err(DomainError::Throttled { what, retry_after_secs });
    }
    // Old events are worth nothing; one request in `SWEEP_EVERY` drops them, so
    // most lookups write once, and the table holds about one window's events.
    if id % SWEEP_EVERY == 0 {
        let _one_writer = db.one_writer().await;
        sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND at <= $2")
            .bind(bucket)
            .bind(since)
            .execute(pool)
            .await?;
    }
    Ok(())
}
