//! Per-client rate limits for public endpoints, kept in the database so every
//! app instance counts the same. A request is written down first and judged
//! against everything written before it, so parallel requests cannot all slip
//! through a check that none of them has been counted in yet.

use crate::db::Db;
use crate::error::{DomainError, Throttle};
use chrono::{DateTime, Duration, Utc};
use std::net::{IpAddr, Ipv6Addr};

const SWEEP_EVERY: i64 = 64;

/// The key a client's requests are counted under: an IPv4 address as it is,
/// an IPv6 address by its /64 network, since one subscriber is given a whole
/// /64 and could otherwise pick a fresh address for every try.
pub fn client_key(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        client_key(raw.parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)))
    }

    #[test]
    fn one_ipv6_subscriber_is_one_client_and_ipv4_is_each_address() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), key("2001:db8:1:2::9"), "the same /64");
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"), "the next /64 is someone else");
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7", "an IPv4 client seen through IPv6");
    }
}
