//! Sign-in throttling. Each attempt is written down *before* its password is
//! checked, so parallel guesses see each other and at most the allowance ever
//! reaches the (slow) password check.
//! - One account from one address: after a few failures each further try waits
//!   (1 s, 2 s, 4 s … at most a minute), never a lock. An attacker elsewhere
//!   does not slow the owner down at their own address.
//! - One account from everywhere: only a flood of failures (many addresses at
//!   once) slows it down for everyone, the same way.
//! - One address, all accounts: too many failures stop it until the window
//!   has passed (a sprayer of many accounts).
//!
//! Kept in the database so every app instance sees the same counts.

use crate::db::Db;
use crate::error::{DomainError, Throttle};
use chrono::{DateTime, Duration, Utc};

pub const WINDOW_MINUTES: i64 = 15;
/// Failures one account may have from one address in the window before each
/// try from there must wait.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures one account may have from all addresses together before each try
/// from anywhere must wait.
pub const FREE_FAILURES_PER_ACCOUNT_EVERYWHERE: i64 = 50;
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

/// How long `failures` recent failures, of which `free` cost nothing, make the
/// next try wait: nothing for the free ones, then 1 s, 2 s, 4 s … up to the maximum.
pub fn account_wait(failures: i64, free: i64) -> Duration {
    let over = failures - free;
    if over < 0 {
        return Duration::zero();
    }
    let secs = if over >= 6 { MAX_ACCOUNT_WAIT_SECS } else { (1_i64 << over).min(MAX_ACCOUNT_WAIT_SECS) };
    Duration::seconds(secs)
}

/// What a try is judged against: the account's recent failures from this
/// address and from everywhere (newest first), and this address's for all
/// accounts (oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct History {
    pub here: Recent,
    pub everywhere: Recent,
    pub address: Recent,
}

/// Whether a try may go ahead now, or how many seconds it must wait.
pub fn verdict(now: DateTime<Utc>, history: History) -> Result<(), i64> {
    let now_ms = now.timestamp_millis();
    let waits = |recent: Recent, free: i64| {
        recent
            .at
            .filter(|_| recent.count >= free)
            .map(|last| last + account_wait(recent.count, free).num_milliseconds())
    };
    let here_ready = waits(history.here, FREE_FAILURES_PER_ACCOUNT);
    let everywhere_ready = waits(history.everywhere, FREE_FAILURES_PER_ACCOUNT_EVERYWHERE);
    let address = history.address;
    let address_ready = address
        .at
        .filter(|_| address.count >= FAILURES_PER_ADDRESS)
        .map(|oldest| oldest + Duration::minutes(WINDOW_MINUTES).num_milliseconds());
    match [here_ready, everywhere_ready, address_ready].into_iter().flatten().max() {
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
    db: &Db,
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
    .fetch_one(db.pool())
    .await?;
    let since = (now - Duration::minutes(WINDOW_MINUTES)).timestamp_millis();
    // A success settles what came before it: at its address for that address's
    // count, anywhere for the account's count. Ids give the order (several
    // attempts can share a millisecond).
    let (account_count, account_last): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_attempts
         WHERE account_key = $1 AND outcome IN ('pending', 'failed') AND at > $2 AND id <> $3
           AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE account_key = $1 AND outcome = 'succeeded'), 0)",
    )
    .bind(account_key)
    .bind(since)
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let (here_count, here_last): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_attempts
         WHERE account_key = $1 AND client_addr = $4 AND outcome IN ('pending', 'failed') AND at > $2 AND id <> $3
           AND id > COALESCE((SELECT MAX(id) FROM login_attempts
                              WHERE account_key = $1 AND client_addr = $4 AND outcome = 'succeeded'), 0)",
    )
    .bind(account_key)
    .bind(since)
    .bind(id)
    .bind(client_addr)
    .fetch_one(db.pool())
    .await?;
    let (address_count, address_oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_attempts
         WHERE client_addr = $1 AND outcome IN ('pending', 'failed') AND at > $2 AND id <> $3",
    )
    .bind(client_addr)
    .bind(since)
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let history = History {
        here: Recent { count: here_count, at: here_last },
        everywhere: Recent { count: account_count, at: account_last },
        address: Recent { count: address_count, at: address_oldest },
    };
    match verdict(now, history) {
        Ok(()) => Ok(Attempt { id }),
        Err(retry_after_secs) => {
            settle(db, Attempt { id }, Outcome::Refused).await?;
            Err(DomainError::Throttled { what: Throttle::SignIn, retry_after_secs })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Failed,
    Refused,
}

pub async fn settle(db: &Db, attempt: Attempt, outcome: Outcome) -> Result<(), DomainError> {
    let outcome = match outcome {
        Outcome::Succeeded => "succeeded",
        Outcome::Failed => "failed",
        Outcome::Refused => "refused",
    };
    sqlx::query("UPDATE login_attempts SET outcome = $1 WHERE id = $2")
        .bind(outcome)
        .bind(attempt.id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    const NONE: Recent = Recent { count: 0, at: None };

    fn history(here: Recent, everywhere: Recent, address: Recent) -> History {
        History { here, everywhere, address }
    }

    #[test]
    fn the_wait_grows_with_failures_and_stops_at_the_maximum() {
        let free = FREE_FAILURES_PER_ACCOUNT;
        assert_eq!(account_wait(free - 1, free), Duration::zero());
        assert_eq!(account_wait(free, free), Duration::seconds(1));
        assert_eq!(account_wait(free + 3, free), Duration::seconds(8));
        assert_eq!(account_wait(free + 6, free), Duration::seconds(MAX_ACCOUNT_WAIT_SECS));
        assert_eq!(account_wait(10_000, free), Duration::seconds(MAX_ACCOUNT_WAIT_SECS));
    }

    #[test]
    fn an_account_is_slowed_down_at_the_guessers_address_but_never_locked() {
        let last = 1_000_000;
        let failures = Recent { count: 1_000, at: Some(last) };
        assert_eq!(verdict(at(last + 1), history(failures, failures, NONE)), Err(MAX_ACCOUNT_WAIT_SECS));
        let nearly = at(last + MAX_ACCOUNT_WAIT_SECS * 1000 - 1);
        assert_eq!(verdict(nearly, history(failures, failures, NONE)), Err(1));
        let later = at(last + MAX_ACCOUNT_WAIT_SECS * 1000);
        assert_eq!(verdict(later, history(failures, failures, NONE)), Ok(()));
        let few = Recent { count: FREE_FAILURES_PER_ACCOUNT - 1, at: Some(last) };
        assert_eq!(verdict(at(last), history(few, few, NONE)), Ok(()));
    }

    #[test]
    fn a_guesser_elsewhere_does_not_slow_the_owner_down_until_it_is_a_flood() {
        let last = 1_000_000;
        let elsewhere = Recent { count: FREE_FAILURES_PER_ACCOUNT_EVERYWHERE - 1, at: Some(last) };
        assert_eq!(verdict(at(last), history(NONE, elsewhere, NONE)), Ok(()), "the owner's address is clean");
        let flood = Recent { count: FREE_FAILURES_PER_ACCOUNT_EVERYWHERE, at: Some(last) };
        assert_eq!(verdict(at(last), history(NONE, flood, NONE)), Err(1));
    }

    #[test]
    fn an_address_is_stopped_until_its_oldest_failure_leaves_the_window() {
        let oldest = 5_000_000;
        let window = Duration::minutes(WINDOW_MINUTES).num_milliseconds();
        let address = Recent { count: FAILURES_PER_ADDRESS, at: Some(oldest) };
        assert_eq!(verdict(at(oldest + window - 1), history(NONE, NONE, address)), Err(1));
        assert_eq!(verdict(at(oldest + window), history(NONE, NONE, address)), Ok(()));
        let below = Recent { count: FAILURES_PER_ADDRESS - 1, at: Some(oldest) };
        assert_eq!(verdict(at(oldest), history(NONE, NONE, below)), Ok(()));
    }
}
