//! argon2id hashing, run off the async threads because it is slow on purpose.

use crate::error::DomainError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub async fn hash(password: String) -> Result<String, DomainError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DomainError::Hashing(e.to_string()))
    })
    .await
    .map_err(|e| DomainError::Hashing(e.to_string()))?
}

/// Verifies against the stored hash, or against a dummy when there is no account,
/// so that both answers take the same time and nobody learns which accounts exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, DomainError> {
    let exists = stored.is_some();
    let stored = match stored {
        Some(hash) => hash,
        None => dummy_hash()?.to_owned(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .map_err(|e| DomainError::Hashing(e.to_string()))
    })
    .await
    .map_err(|e| DomainError::Hashing(e.to_string()))??;
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
