//! A forgotten password: a code to the verified contact, then the new password.

use super::code::{
    fresh_code, insert, load, refused, send, throttle_requests, throttle_tries, try_code, use_up, NewRow,
    VerificationId,
};
use crate::account::password_hash;
use crate::account::session::SignIn;
use crate::account::store::{self as accounts};
use crate::account::UserId;
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::types::{Identifier, Password};
use crate::verification::{code_notice, Code, CodeError, Purpose, MAX_TRIES};
use chrono::{DateTime, Utc};

/// Password reset, step one: a code to the account that signs in with
/// `identifier`, if there is one and that contact is verified (and the
/// account is not disabled); nothing otherwise. The answer is the same.
pub async fn start_reset(
    db: &Db,
    clock: &dyn Clock,
    identifier: Identifier,
    client_addr: &str,
    locale: &str,
) -> Result<VerificationId, DomainError> {
    let now = clock.now();
    throttle_requests(db, now, Purpose::Reset, client_addr, &identifier).await?;
    let (code, code_hash) = fresh_code().await?;
    let (mobile, email) = accounts::identifier_columns(&identifier);
    let account: Option<(UserId, Option<String>)> = sqlx::query_as(
        "SELECT id, locale FROM users WHERE disabled_at IS NULL
           AND ((mobile = $1 AND mobile_verified_at IS NOT NULL) OR (email = $2 AND email_verified_at IS NOT NULL))",
    )
    .bind(mobile)
    .bind(email)
    .fetch_optional(db.pool())
    .await?;
    let mut tx = db.pool().begin().await?;
    let row = NewRow {
        purpose: Purpose::Reset,
        identifier: &identifier,
        user: account.as_ref().map(|(user, _)| *user),
        display_name: None,
        password_hash: None,
        code_hash: &code_hash,
        sent: account.is_some(),
    };
    let id = insert(&mut tx, now, row).await?;
    if let Some((user, account_locale)) = account {
        let locale = account_locale.as_deref().unwrap_or(locale);
        send(&mut tx, Some(user), &identifier, &code_notice(Purpose::Reset, &code), Some(locale), now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Password reset, step two: the right code sets the new password and ends
/// every session of the account; returns the sign-in of a fresh one.
pub async fn finish_reset(
    db: &Db,
    clock: &dyn Clock,
    id: VerificationId,
    code: Code,
    password: Password,
    client_addr: &str,
) -> Result<SignIn, DomainError> {
    let now = clock.now();
    let row = load(db, id, Purpose::Reset).await?;
    throttle_tries(db, now, client_addr, &row.recipient).await?;
    try_code(db, &row, &code, now).await?;
    let user = row.user_id.ok_or(refused(CodeError::Wrong))?;
    let hash = password_hash::hash(password.expose().to_owned()).await?;
    let mut tx = db.pool().begin().await?;
    use_up(&mut tx, id, now).await?;
    let epoch: Option<i64> = sqlx::query_scalar(
        "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1
         WHERE id = $2 AND disabled_at IS NULL RETURNING session_epoch",
    )
    .bind(hash)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    let epoch = epoch.ok_or(DomainError::AccountDisabled)?;
    let entry = Entry::on_account(
        now,
        user,
        Action::PasswordReset,
        user,
        format!("by code to {}", crate::verification::mask(&row.recipient)),
        Some(client_addr),
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(SignIn::new(user, epoch, now))
}

/// Where the code of a pending registration or reset went (as typed by the
/// visitor who asked), while it can still be entered.
pub async fn recipient(db: &Db, id: VerificationId, now: DateTime<Utc>) -> Result<Option<String>, DomainError> {
    Ok(sqlx::query_scalar(
        "SELECT recipient FROM verifications WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND tries < $3",
    )
    .bind(id)
    .bind(now.timestamp_millis())
    .bind(MAX_TRIES)
    .fetch_optional(db.pool())
    .await?)
}
