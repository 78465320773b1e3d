//! When a signed-in session still holds. A session remembers who signed in,
//! when, and the account's session epoch at that moment; bumping the epoch
//! ends every session of the account at once (no scan of the session table).

use super::UserId;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// However active a session is, it ends this long after its sign-in.
pub const MAX_AGE_DAYS: i64 = 30;

/// What a session keeps of its sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub user: UserId,
    pub epoch: i64,
    /// UTC milliseconds.
    pub at: i64,
}

/// What the account says about its sessions now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub epoch: i64,
    pub disabled: bool,
}

impl SignIn {
    pub fn new(user: UserId, epoch: i64, now: DateTime<Utc>) -> Self {
        Self { user, epoch, at: now.timestamp_millis() }
    }

    /// Whether the session is still signed in: same epoch, account not
    /// disabled, and younger than [`MAX_AGE_DAYS`].
    pub fn holds(&self, standing: Standing, now: DateTime<Utc>) -> bool {
        let age = now.timestamp_millis() - self.at;
        standing.epoch == self.epoch && !standing.disabled && age < Duration::days(MAX_AGE_DAYS).num_milliseconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    const ACTIVE: Standing = Standing { epoch: 3, disabled: false };

    #[test]
    fn a_session_ends_at_the_thirtieth_day_however_active() {
        let start = 1_700_000_000_000;
        let sign_in = SignIn::new(7, 3, at(start));
        let limit = Duration::days(MAX_AGE_DAYS).num_milliseconds();
        assert!(sign_in.holds(ACTIVE, at(start)));
        assert!(sign_in.holds(ACTIVE, at(start + limit - 1)));
        assert!(!sign_in.holds(ACTIVE, at(start + limit)));
    }

    #[test]
    fn a_new_epoch_or_a_disabled_account_ends_the_session() {
        let sign_in = SignIn::new(7, 3, at(0));
        assert!(!sign_in.holds(Standing { epoch: 4, ..ACTIVE }, at(1)));
        assert!(!sign_in.holds(Standing { disabled: true, ..ACTIVE }, at(1)));
    }
}
