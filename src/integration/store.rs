//! The keys' SQL: made (with an audit line), found by the key a caller
//! presents, listed for the admins, revoked.

use super::{ApiKey, KeyName, KeySecret, Scopes};
use crate::account::{DealerId, UserId};
use crate::audit::{self, Action, Entry};
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, Utc};

const COLUMNS: &str = "id, name, shown_prefix, scopes, dealer_id, created_at, last_used_at, revoked_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    shown_prefix: String,
    scopes: String,
    dealer_id: Option<i64>,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl Row {
    /// `None` for a row this version cannot read (a scope renamed since),
    /// which then is no key at all rather than a key with fewer scopes.
    fn read(self) -> Option<ApiKey> {
        Some(ApiKey {
            id: self.id,
            name: KeyName::parse(&self.name).ok()?,
            shown_prefix: self.shown_prefix,
            scopes: Scopes::parse(&self.scopes).ok()?,
            dealer: self.dealer_id,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
        })
    }
}

/// What [`create`] is asked to make.
pub struct NewKey {
    pub name: KeyName,
    pub scopes: Scopes,
    pub dealer: Option<DealerId>,
    /// The admin who made it; `None` from the command line.
    pub by: Option<UserId>,
}

/// Makes a key and returns it with its secret, which is shown this once.
pub async fn create(db: &Db, now: DateTime<Utc>, new: NewKey) -> Result<(ApiKey, KeySecret), DomainError> {
    let secret = KeySecret::generate();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (name, secret_digest, shown_prefix, scopes, dealer_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.name.as_str())
    .bind(secret.digest())
    .bind(secret.shown_prefix())
    .bind(new.scopes.to_string())
    .bind(new.dealer)
    .bind(new.by)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    let detail = format!(
        "{} [{}]{}",
        new.name.as_str(),
        new.scopes,
        new.dealer.map(|d| format!(" dealer:{d}")).unwrap_or_default()
    );
    let entry = Entry {
        at: now,
        actor: new.by,
        action: Action::ApiKeyCreated,
        subject: format!("api_key:{id}"),
        detail,
        client_addr: None,
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    let key = ApiKey {
        id,
        name: new.name,
        shown_prefix: secret.shown_prefix().to_owned(),
        scopes: new.scopes,
        dealer: new.dealer,
        created_at: now.timestamp_millis(),
        last_used_at: None,
        revoked_at: None,
    };
    Ok((key, secret))
}

/// The live key whose secret a caller presented (`None`: no such key, or
/// revoked), marked as used now.
pub async fn authenticate(db: &Db, now: DateTime<Utc>, presented: &KeySecret) -> Result<Option<ApiKey>, DomainError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys WHERE secret_digest = $1 AND revoked_at IS NULL"))
            .bind(presented.digest())
            .fetch_optional(db.pool())
            .await?;
    let Some(mut key) = row.and_then(Row::read) else { return Ok(None) };
    // Once a minute is enough to say "last used", and spares a write per call.
    let at = now.timestamp_millis();
    if key.last_used_at.is_none_or(|last| at - last >= 60_000) {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(key.id)
            .execute(db.pool())
            .await?;
        key.last_used_at = Some(at);
    }
    Ok(Some(key))
}

/// Every key, newest first, revoked ones too (they say when).
pub async fn list(db: &Db) -> Result<Vec<ApiKey>, DomainError> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys ORDER BY id DESC")).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().filter_map(Row::read).collect())
}

/// Revokes a key at once; `NotFound` for no such key or one revoked already.
pub async fn revoke(db: &Db, now: DateTime<Utc>, id: i64, by: Option<UserId>) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    let revoked = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if revoked.rows_affected() == 0 {
        return Err(DomainError::NotFound);
    }
    let entry = Entry {
        at: now,
        actor: by,
        action: Action::ApiKeyRevoked,
        subject: format!("api_key:{id}"),
        detail: String::new(),
        client_addr: None,
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
