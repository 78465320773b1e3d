//! Sign-in throttling. Each attempt is written down *before* its password is
//! checked, so parallel guesses see each other and at most the allowance ever
//! reaches the (slow) password check. Per account, failures slow further tries
//! down (a growing wait, never a lock, so nobody can shut an owner out); per
//! client address, failures stop further tries until the window has passed.
//! Kept in the database so every app instance sees the same counts.

use crate::error::DomainError;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyPool;

pub const WINDOW_MINUTES: i64 = 15;
/// Failures one account may have in the window before each try must wait.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// The longest wait an account's failures impose on the next try.
pub const MAX_ACCOUNT_WAIT_SECS: i64 = 60;
/// Failures one client address may have in the window, for all accounts together.
pub const FAILURES_PER_ADDRESS: i64 = 20;

/// Unsettled and failed attempts seen in the window (this one left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    pub count: i64,
    /// The newest (for an account) or oldest (for an address) of them, in ms.
    pub at: Option<i64>,
}

/// How long an account with `failures` recent failures makes the next try wait:
/// nothing for the first few, then 1 s, 2 s, 4 s … up to the maximum.
pub fn account_wait(failures: i64) -> Duration {
    let over = failures - FREE_FAILURES_PER_ACCOUNT;
    if over < 0 {
        return Duration::zero();
    }
    let secs = if over >= 6 { MAX_ACCOUNT_WAIT_SECS } else { (1_i64 << over).min(MAX_ACCOUNT_WAIT_SECS) };
    Duration::seconds(secs)
}

/// Whether a try may go ahead now, or how many seconds it must wait.
pub fn verdict(now: DateTime<Utc>, account: Recent, address: Recent) -> Result<(), i64> {
    let now_ms = now.timestamp_millis();
    let account_ready = account
        .at
        .filter(|_| account.count >= FREE_FAILURES_PER_ACCOUNT)
        .map(|last| last + account_wait(account.count).num_milliseconds());
    let address_ready = address
        .at
        .filter(|_| address.count >= FAILURES_PER_ADDRESS)
        .map(|oldest| oldest + Duration::minutes(WINDOW_MINUTES).num_milliseconds());
    match [account_ready, address_ready].into_iter().flatten().max() {
        Some(ready) if ready > now_ms => Err(((ready - now_ms + 999) / 1000).max(1)),
        _ => Ok(()),
    }
}

/// A reserved attempt: settle it with the outcome of the password check.
#[derive(Debug)]
#[must_use = "an attempt counts as a failure until it is settled"]
pub struct Attempt {
    id: i64,
}

/// Writes the attempt down, then judges it against everything already written
/// (so concurrent attempts count each other); a refused attempt is marked so
/// and never reaches the password check.
pub async fn reserve(
    pool: &AnyPool,
    now: DateTime<Utc>,
    account_key: &str,
    client_addr: &str,
) -> Result<Attempt, DomainError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (account_key, client_addr, outcome, at) VALUES ($1, $2, 'pending', $3) RETURNING id",
    )
    .bind(account_key)
    .bind(client_addr)
    .bind(now.timestamp_millis())
    .fetch_one(pool)
    .await?;
    let since = (now - Duration::minutes(WINDOW_MINUTES)).timestamp_millis();
    let (account_count, account_last): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_attempts
         WHERE account_key = $1 AND outcome IN ('pending', 'failed') AND at > $2 AND id <> $3
           AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE account_key = $1 AND outcome = 'succeeded'), 0)",
    )
    .bind(account_key)
    .bind(since)
    .bind(id)
    .fetch_one(pool)
    .await?;
    let (address_count, address_oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_attempts
         WHERE client_addr = $1 AND outcome IN ('pending', 'failed') AND at > $2 AND id <> $3",
    )
    .bind(client_addr)
    .bind(since)
    .bind(id)
    .fetch_one(pool)
    .await?;
    let account = Recent { count: account_count, at: account_last };
    let address = Recent { count: address_count, at: address_oldest };
    match verdict(now, account, address) {
        Ok(()) => Ok(Attempt { id }),
        Err(retry_after_secs) => {
            settle(pool, Attempt { id }, Outcome::Refused).await?;
            Err(DomainError::Throttled { retry_after_secs })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Failed,
    Refused,
}

pub async fn settle(pool: &AnyPool, attempt: Attempt, outcome: Outcome) -> Result<(), DomainError> {
    let outcome = match outcome {
        Outcome::Succeeded => "succeeded",
        Outcome::Failed => "failed",
        Outcome::Refused => "refused",
    };
    sqlx::query("UPDATE login_attempts SET outcome = $1 WHERE id = $2").bind(outcome).bind(attempt.id).execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    const NONE: Recent = Recent { count: 0, at: None };

    #[test]
    fn the_wait_grows_with_failures_and_stops_at_the_maximum() {
        assert_eq!(account_wait(FREE_FAILURES_PER_ACCOUNT - 1), Duration::zero());
        assert_eq!(account_wait(FREE_FAILURES_PER_ACCOUNT), Duration::seconds(1));
        assert_eq!(account_wait(FREE_FAILURES_PER_ACCOUNT + 3), Duration::seconds(8));
        assert_eq!(account_wait(FREE_FAILURES_PER_ACCOUNT + 6), Duration::seconds(MAX_ACCOUNT_WAIT_SECS));
        assert_eq!(account_wait(10_000), Duration::seconds(MAX_ACCOUNT_WAIT_SECS));
    }

    #[test]
    fn an_account_is_slowed_down_but_never_locked() {
        let last = 1_000_000;
        let failures = Recent { count: 1_000, at: Some(last) };
        assert_eq!(verdict(at(last + 1), failures, NONE), Err(MAX_ACCOUNT_WAIT_SECS));
        assert_eq!(verdict(at(last + MAX_ACCOUNT_WAIT_SECS * 1000 - 1), failures, NONE), Err(1));
        assert_eq!(verdict(at(last + MAX_ACCOUNT_WAIT_SECS * 1000), failures, NONE), Ok(()));
        let few = Recent { count: FREE_FAILURES_PER_ACCOUNT - 1, at: Some(last) };
        assert_eq!(verdict(at(last), few, NONE), Ok(()));
    }

    #[test]
    fn an_address_is_stopped_until_its_oldest_failure_leaves_the_window() {
        let oldest = 5_000_000;
        let window = Duration::minutes(WINDOW_MINUTES).num_milliseconds();
        let address = Recent { count: FAILURES_PER_ADDRESS, at: Some(oldest) };
        assert_eq!(verdict(at(oldest + window - 1), NONE, address), Err(1));
        assert_eq!(verdict(at(oldest + window), NONE, address), Ok(()));
        let below = Recent { count: FAILURES_PER_ADDRESS - 1, at: Some(oldest) };
        assert_eq!(verdict(at(oldest), NONE, below), Ok(()));
    }
}
