//! A new or unverified mobile or e-mail: a code to it, then the contact on the account.

use super::code::{
    channel_column, corrupt, fresh_code, holder, insert, load, refused, send, throttle_requests, throttle_tries,
    try_code, use_up, NewRow, VerificationId,
};
use crate::account::session::SignIn;
use crate::account::store::bump_epoch;
use crate::account::UserId;
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError};
use crate::history::{self, FieldChange};
use crate::lang::Lang;
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::Notice;
use crate::types::Identifier;
use crate::verification::{
    channel_of, code_notice, contact_changed_notice, Code, CodeError, PendingContact, Purpose, MAX_TRIES,
};
use chrono::{DateTime, Utc};

/// A new (or not yet verified) mobile or e-mail for `user`: a code goes to it,
/// and the account keeps its old contact until the code comes back. A contact
/// that belongs to another account gets a warning instead. An earlier code
/// for the same channel stops working.
pub async fn start_contact(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    identifier: &Identifier,
    client_addr: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    throttle_requests(db, now, Purpose::Contact, client_addr, identifier).await?;
    let (code, code_hash) = fresh_code().await?;
    let other = holder(db, identifier).await?.filter(|(holder, _)| *holder != user);
    let locale: Option<Option<String>> =
        sqlx::query_scalar("SELECT locale FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await?;
    let locale = locale.ok_or(DomainError::NotFound)?;
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM verifications WHERE user_id = $1 AND purpose = $2 AND channel = $3 AND used_at IS NULL")
        .bind(user)
        .bind(Purpose::Contact.as_str())
        .bind(channel_of(identifier).as_str())
        .execute(&mut *tx)
        .await?;
    let row = NewRow {
        purpose: Purpose::Contact,
        identifier,
        user: Some(user),
        display_name: None,
        password_hash: None,
        code_hash: &code_hash,
        sent: other.is_none(),
    };
    insert(&mut tx, now, row).await?;
    match other {
        None => {
            send(&mut tx, Some(user), identifier, &code_notice(Purpose::Contact, &code), locale.as_deref(), now).await?
        }
        Some((other, other_locale)) => {
            send(&mut tx, Some(other), identifier, &Notice::ContactTaken, other_locale.as_deref(), now).await?
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A code to the account's own mobile (or e-mail) that was never verified
/// (accounts older than verification), so the owner can prove it.
pub async fn start_reverify(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    channel: Channel,
    client_addr: &str,
) -> Result<(), DomainError> {
    let current: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT mobile, email FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await?;
    let (mobile, email) = current.ok_or(DomainError::NotFound)?;
    let contact = match channel {
        Channel::Sms => mobile,
        Channel::Email => email,
    };
    let identifier = Identifier::parse(&contact.ok_or(DomainError::NotFound)?).map_err(|_| corrupt("contact"))?;
    start_contact(db, clock, user, &identifier, client_addr).await
}

/// The contact changes of `user` still waiting for a code that can work.
pub async fn pending_contacts(db: &Db, user: UserId, now: DateTime<Utc>) -> Result<Vec<PendingContact>, DomainError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, channel, recipient FROM verifications
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 AND tries < $4 ORDER BY id",
    )
    .bind(user)
    .bind(Purpose::Contact.as_str())
    .bind(now.timestamp_millis())
    .bind(MAX_TRIES)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(id, channel, recipient)| Ok(PendingContact { id, channel: channel_column(&channel)?, recipient }))
        .collect()
}

/// The right code puts the new contact on the account, verified; the change is
/// kept in the profile history and the old contact is told. Like a new
/// password, a new sign-in contact ends every other session of the account:
/// the caller keeps its own by storing the returned sign-in.
pub async fn confirm_contact(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    id: VerificationId,
    code: Code,
    client_addr: &str,
) -> Result<SignIn, DomainError> {
    let now = clock.now();
    let row = load(db, id, Purpose::Contact).await?;
    if row.user_id != Some(user) {
        return Err(refused(CodeError::Expired));
    }
    throttle_tries(db, now, client_addr, &row.recipient).await?;
    try_code(db, &row, &code, now).await?;
    let channel = channel_column(&row.channel)?;
    let at = now.timestamp_millis();
    let mut tx = db.pool().begin().await?;
    use_up(&mut tx, id, now).await?;
    let before: Option<(Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT mobile, email, locale FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
    let (old_mobile, old_email, locale) = before.ok_or(DomainError::NotFound)?;
    let (field, old, update) = match channel {
        Channel::Sms => ("mobile", old_mobile, "UPDATE users SET mobile = $1, mobile_verified_at = $2 WHERE id = $3"),
        Channel::Email => ("email", old_email, "UPDATE users SET email = $1, email_verified_at = $2 WHERE id = $3"),
    };
    let saved = sqlx::query(update).bind(&row.recipient).bind(at).bind(user).execute(&mut *tx).await;
    match saved {
        Err(err) if is_unique_violation(&err) => return Err(DomainError::Conflict(Conflict::AccountExists)),
        other => other?,
    };
    if old.as_deref() != Some(row.recipient.as_str()) {
        let change = FieldChange { field, old: old.clone(), new: Some(row.recipient.clone()) };
        history::record_profile_change(&mut tx, user, change, user, false, now).await?;
        if let Some(old) = old {
            let notice = contact_changed_notice(channel, Some(&row.recipient));
            outbox::enqueue(
                &mut *tx,
                Some(user),
                (channel, old),
                Category::Security,
                &notice,
                Lang::of_locale(locale.as_deref()),
                now,
            )
            .await?;
        }
    }
    let entry = Entry::on_account(
        now,
        user,
        Action::ContactVerified,
        user,
        format!("{field} {}", crate::verification::mask(&row.recipient)),
        Some(client_addr),
    );
    audit::record(&mut *tx, entry).await?;
    let epoch = bump_epoch(&mut tx, user).await?;
    tx.commit().await?;
    Ok(SignIn::new(user, epoch, now))
}
