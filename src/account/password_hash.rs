//! argon2id hashing, run off the async threads because it is slow on purpose,
//! and a few at a time: each takes 19 MiB and a core, so a burst of sign-ins
//! queues here instead of exhausting memory.

use crate::error::DomainError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// At most this many hashes run at once: one per core, so hashing never
/// takes more than the machine has to give.
pub fn at_once() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn places() -> &'static Semaphore {
    static PLACES: OnceLock<Semaphore> = OnceLock::new();
    PLACES.get_or_init(|| Semaphore::new(at_once()))
}

/// Runs `work` on the blocking pool once a place is free.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, DomainError> {
    let _place = places().acquire().await.map_err(|e| DomainError::Hashing(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| DomainError::Hashing(e.to_string()))
}

pub async fn hash(password: String) -> Result<String, DomainError> {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DomainError::Hashing(e.to_string()))
    })
    .await?
}

/// Verifies against the stored hash, or against a dummy when there is no account,
/// so that both answers take the same time and nobody learns which accounts exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, DomainError> {
    let exists = stored.is_some();
    let stored = match stored {
        Some(hash) => hash,
        None => dummy_hash()?.to_owned(),
    };
    let matches = bounded(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .map_err(|e| DomainError::Hashing(e.to_string()))
    })
    .await??;
    Ok(exists && matches)
}

fn dummy_hash() -> Result<&'static str, DomainError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(b"no account has this password", &salt)
        .map_err(|e| DomainError::Hashing(e.to_string()))?
        .to_string();
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_hashes_runs_a_few_at_a_time() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let work = || {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(20));
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        };
        let burst: Vec<_> = (0..8 * at_once()).map(|_| tokio::spawn(bounded(work))).collect();
        for task in burst {
            assert!(matches!(task.await, Ok(Ok(()))), "every piece of work is done");
        }
        let most = MOST.load(Ordering::SeqCst);
        assert!(most >= 1 && most <= at_once(), "{most} ran at once, more than {}", at_once());
        assert!(hash("a-burst-2026".into()).await.is_ok(), "hashing goes through the same gate");
    }
}
