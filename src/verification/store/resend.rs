//! "No code?": a fresh code for a registration or a reset still waiting for
//! one, to the same contact, throttled like the first request. The earlier
//! code stops working; the browser's pending request stays the same.

use super::code::{corrupt, fresh_code, holder, load, refused, send, throttle_requests, VerificationId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::notify::Notice;
use crate::types::Identifier;
use crate::verification::{code_notice, Challenge, CodeError, Purpose};

/// Sends the pending request `id` (made for `purpose`) a fresh code in place
/// of its old one, with five fresh tries and ten fresh minutes. Whoever heard
/// the first time hears again: the contact gets its code, or, when it belongs
/// to an account already, that account's holder gets the warning again (a
/// reset for a contact no account uses sends nothing, as the first did), so
/// the answer shows no more than the first one did. `locale` is the asker's.
pub async fn resend(
    db: &Db,
    clock: &dyn Clock,
    id: VerificationId,
    purpose: Purpose,
    client_addr: &str,
    locale: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let row = load(db, id, purpose).await?;
    row.challenge().may_resend().map_err(refused)?;
    let identifier = Identifier::parse(&row.recipient).map_err(|_| corrupt("recipient"))?;
    throttle_requests(db, now, purpose, client_addr, &identifier).await?;
    let (code, code_hash) = fresh_code().await?;
    let account_locale: Option<Option<String>> = match row.user_id {
        Some(user) => {
            sqlx::query_scalar("SELECT locale FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await?
        }
        None => None,
    };
    let warned = match (row.sent == 1, purpose) {
        (false, Purpose::Register | Purpose::Contact) => holder(db, &identifier).await?,
        _ => None,
    };
    let challenge = Challenge::new(now);
    let mut tx = db.pool().begin().await?;
    let replaced = sqlx::query(
        "UPDATE verifications SET code_hash = $1, tries = 0, created_at = $2, expires_at = $3
         WHERE id = $4 AND used_at IS NULL",
    )
    .bind(&code_hash)
    .bind(now.timestamp_millis())
    .bind(challenge.expires_at.timestamp_millis())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if replaced.rows_affected() == 0 {
        return Err(refused(CodeError::Used));
    }
    if row.sent == 1 {
        // A reset or a new contact speaks the account's language; a sign-up the asker's.
        let locale = account_locale.flatten().unwrap_or_else(|| locale.to_owned());
        send(&mut tx, row.user_id, &identifier, &code_notice(purpose, &code), Some(&locale), now).await?;
    } else if let Some((holder, holder_locale)) = warned.filter(|(holder, _)| Some(*holder) != row.user_id) {
        send(&mut tx, Some(holder), &identifier, &Notice::ContactTaken, holder_locale.as_deref(), now).await?;
    }
    tx.commit().await?;
    Ok(())
}
