//! Login throttling: too many failures for one account, or from one client
//! address, within a window locks further attempts until the window has passed.
//! Kept in the database so every app instance sees the same counts.

use crate::error::DomainError;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyPool;

pub const WINDOW_MINUTES: i64 = 15;
pub const FAILURES_PER_ACCOUNT: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;

/// Refuses the attempt when the account or the address has failed too often.
/// A success for the account clears its count; the address count stands.
pub async fn check(
    pool: &AnyPool,
    now: DateTime<Utc>,
    account_key: &str,
    client_addr: &str,
) -> Result<(), DomainError> {
    let since = (now - Duration::minutes(WINDOW_MINUTES)).timestamp_millis();
    let (account_failures, account_oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_attempts
         WHERE account_key = $1 AND succeeded = 0 AND at > $2
           AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE account_key = $1 AND succeeded = 1), 0)",
    )
    .bind(account_key)
    .bind(since)
    .fetch_one(pool)
    .await?;
    let (address_failures, address_oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE client_addr = $1 AND succeeded = 0 AND at > $2",
    )
    .bind(client_addr)
    .bind(since)
    .fetch_one(pool)
    .await?;
    let locked_since = [
        (account_failures >= FAILURES_PER_ACCOUNT).then_some(account_oldest).flatten(),
        (address_failures >= FAILURES_PER_ADDRESS).then_some(address_oldest).flatten(),
    ]
    .into_iter()
    .flatten()
    .max();
    match locked_since {
        Some(oldest) => {
            let unlock = oldest + Duration::minutes(WINDOW_MINUTES).num_milliseconds();
            let retry_after_secs = ((unlock - now.timestamp_millis()) / 1000).max(1);
            Err(DomainError::Throttled { retry_after_secs })
        }
        None => Ok(()),
    }
}

pub async fn record(
    pool: &AnyPool,
    now: DateTime<Utc>,
    account_key: &str,
    client_addr: &str,
    succeeded: bool,
) -> Result<(), DomainError> {
    sqlx::query("INSERT INTO login_attempts (account_key, client_addr, succeeded, at) VALUES ($1, $2, $3, $4)")
        .bind(account_key)
        .bind(client_addr)
        .bind(i64::from(succeeded))
        .bind(now.timestamp_millis())
        .execute(pool)
        .await?;
    Ok(())
}
