//! Per-key rate limits: a token bucket per key on each instance, so one
//! system's runaway loop cannot crowd out the others. Behind several
//! instances a key's allowance is this one's times their number.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Calls a key may make at once after a quiet spell…
const BURST: f64 = 120.0;
/// …and for as long as it likes at this pace.
const PER_SECOND: f64 = 20.0;

#[derive(Clone, Default)]
pub struct Buckets(Arc<Mutex<HashMap<i64, Bucket>>>);

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Buckets {
    /// Takes one call from `key`'s allowance, or says in how many whole
    /// seconds the next one is allowed.
    pub fn take(&self, key: i64) -> Result<(), u64> {
        let now = Instant::now();
        // A poisoned lock only means another call panicked while counting: the counts are still counts.
        let mut buckets = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: BURST, at: now });
        let refilled = bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * PER_SECOND;
        bucket.tokens = refilled.min(BURST);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / PER_SECOND).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_waits_and_other_keys_do_not() {
        let buckets = Buckets::default();
        for _ in 0..120 {
            assert_eq!(buckets.take(1), Ok(()));
        }
        assert_eq!(buckets.take(1), Err(1), "the 121st call at once waits a second");
        assert_eq!(buckets.take(2), Ok(()), "another key has its own allowance");
    }
}
