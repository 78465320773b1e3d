//! Codes in the database. Each request writes one row (the code's hash and what
//! it unlocks) and one outbox message in one transaction. Each try is counted
//! by a conditional UPDATE *before* the code is checked, so parallel guesses
//! share the five tries; a code is spent by another conditional UPDATE in the
//! transaction that does what it unlocks, so it works once.
//!
//! Whether a number has an account never shows: a taken number gets a warning
//! to its owner instead of a code, an unknown one gets nothing, and both leave
//! a row (`sent = 0`) that answers every try like a real one and never unlocks.

use super::{
    channel_of, code_message, contact_changed_notice, taken_warning, Challenge, Code, CodeError, PendingContact,
    Purpose, Text, MAX_TRIES,
};
use crate::account::password_hash;
use crate::account::session::SignIn;
use crate::account::store::{self as accounts, NewUser};
use crate::account::{Registration, RoleAssignment, UserId};
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError, Field};
use crate::history::{self, FieldChange};
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::rate_limit::hit;
use crate::types::{DisplayName, Identifier, Password};
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, FromRow, Transaction};

pub type VerificationId = i64;

/// Password resets and contact changes one client address may ask for in an hour.
pub const REQUESTS_PER_ADDRESS_HOUR: i64 = 20;
/// Codes one client address may have sent to one number or e-mail address
/// (or warnings about it) in an hour. Counted per address, so nobody can use
/// up a victim's own requests from elsewhere.
pub const REQUESTS_PER_RECIPIENT_HOUR: i64 = 3;
/// Codes one number or e-mail address may be sent in a day, from everywhere
/// together: each costs an SMS, and each gives a guesser five more tries.
pub const REQUESTS_PER_RECIPIENT_DAY: i64 = 10;
/// Codes one client address may enter in an hour, right or wrong.
pub const TRIES_PER_ADDRESS_HOUR: i64 = 50;
/// Codes one client address may enter for one recipient in an hour (two
/// codes' worth of tries); each code also takes at most `MAX_TRIES`.
pub const TRIES_PER_RECIPIENT_HOUR: i64 = 2 * MAX_TRIES;

fn refused(problem: CodeError) -> DomainError {
    DomainError::invalid(Field::Code, problem)
}

fn corrupt(what: &str) -> DomainError {
    DomainError::Database(sqlx::Error::Decode(format!("stored verification: {what}").into()))
}

/// A new row, its code already hashed (hashing is slow: never inside the transaction).
struct NewRow<'a> {
    purpose: Purpose,
    identifier: &'a Identifier,
    user: Option<UserId>,
    display_name: Option<&'a str>,
    password_hash: Option<&'a str>,
    code_hash: &'a str,
    sent: bool,
}

async fn insert(
    tx: &mut Transaction<'static, Any>,
    now: DateTime<Utc>,
    row: NewRow<'_>,
) -> Result<VerificationId, DomainError> {
    // Rows a day past their expiry are worth nothing; drop them as we go.
    sqlx::query("DELETE FROM verifications WHERE expires_at < $1")
        .bind((now - Duration::days(1)).timestamp_millis())
        .execute(&mut **tx)
        .await?;
    let challenge = Challenge::new(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verifications (purpose, channel, recipient, user_id, display_name, password_hash, code_hash, sent,
                                    created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(row.purpose.as_str())
    .bind(channel_of(row.identifier).as_str())
    .bind(row.identifier.to_string())
    .bind(row.user)
    .bind(row.display_name)
    .bind(row.password_hash)
    .bind(row.code_hash)
    .bind(i64::from(row.sent))
    .bind(now.timestamp_millis())
    .bind(challenge.expires_at.timestamp_millis())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Puts a message to `identifier` in the outbox, in the reader's language.
async fn send(
    tx: &mut Transaction<'static, Any>,
    user: Option<UserId>,
    identifier: &Identifier,
    text: &Text,
    locale: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let route = (channel_of(identifier), identifier.to_string());
    outbox::enqueue(&mut **tx, user, route, Category::Security, text.pick(locale), now).await?;
    Ok(())
}

/// The account that signs in with `identifier`, and its language.
async fn holder(db: &Db, identifier: &Identifier) -> Result<Option<(UserId, Option<String>)>, DomainError> {
    let (mobile, email) = accounts::identifier_columns(identifier);
    Ok(sqlx::query_as("SELECT id, locale FROM users WHERE mobile = $1 OR email = $2")
        .bind(mobile)
        .bind(email)
        .fetch_optional(db.pool())
        .await?)
}

async fn fresh_code() -> Result<(Code, String), DomainError> {
    let code = Code::generate();
    let hash = password_hash::hash(code.as_str().to_owned()).await?;
    Ok((code, hash))
}

/// An owner signing themselves up, throttled like every request for a code
/// (per address, per number from that address, per number a day), so nobody
/// mass-creates accounts or probes which numbers are taken.
pub async fn register_owner(
    db: &Db,
    clock: &dyn Clock,
    registration: Registration,
    client_addr: &str,
    locale: &str,
) -> Result<VerificationId, DomainError> {
    let buckets = ("register-address", "register-identifier");
    throttle_requests(db, clock.now(), buckets, client_addr, &registration.identifier).await?;
    start_registration(db, clock, registration, locale).await
}

/// Registration, step one (after [`register_owner`]'s throttles):
/// keeps the name and the password's hash with a code, and sends the code, or,
/// when the number already has an account, warns its owner instead.
pub async fn start_registration(
    db: &Db,
    clock: &dyn Clock,
    registration: Registration,
    locale: &str,
) -> Result<VerificationId, DomainError> {
    let password_hash = password_hash::hash(registration.password.expose().to_owned()).await?;
    let (code, code_hash) = fresh_code().await?;
    let identifier = &registration.identifier;
    let holder = holder(db, identifier).await?;
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let row = NewRow {
        purpose: Purpose::Register,
        identifier,
        user: None,
        display_name: Some(registration.display_name.as_str()),
        password_hash: Some(&password_hash),
        code_hash: &code_hash,
        sent: holder.is_none(),
    };
    let id = insert(&mut tx, now, row).await?;
    match holder {
        None => send(&mut tx, None, identifier, &code_message(Purpose::Register, &code), Some(locale), now).await?,
        Some((owner, owner_locale)) => {
            send(&mut tx, Some(owner), identifier, &taken_warning(), owner_locale.as_deref(), now).await?
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// Registration, step two: the right code makes the account (its contact
/// verified) and signs it in.
pub async fn finish_registration(
    db: &Db,
    clock: &dyn Clock,
    id: VerificationId,
    code: Code,
    client_addr: &str,
) -> Result<SignIn, DomainError> {
    let now = clock.now();
    let row = load(db, id, Purpose::Register).await?;
    throttle_tries(db, now, client_addr, &row.recipient).await?;
    try_code(db, &row, &code, now).await?;
    let identifier = Identifier::parse(&row.recipient).map_err(|_| corrupt("recipient"))?;
    let display_name =
        DisplayName::parse(row.display_name.as_deref().unwrap_or_default()).map_err(|_| corrupt("display name"))?;
    let hash = row.password_hash.as_deref().ok_or_else(|| corrupt("password hash"))?;
    let mut tx = db.pool().begin().await?;
    use_up(&mut tx, id, now).await?;
    let new = NewUser { identifier: &identifier, display_name: &display_name, hash };
    let user = accounts::insert_user(&mut tx, now, new, RoleAssignment::owner(), Some(client_addr)).await?;
    tx.commit().await?;
    Ok(SignIn::new(user, 0, now))
}

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
    throttle_requests(db, now, ("reset-address", "reset-recipient"), client_addr, &identifier).await?;
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
        send(&mut tx, Some(user), &identifier, &code_message(Purpose::Reset, &code), Some(locale), now).await?;
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
    let entry = Entry {
        at: now,
        actor: Some(user),
        action: Action::PasswordReset,
        subject: format!("user:{user}"),
        detail: format!("by code to {}", super::mask(&row.recipient)),
        client_addr: Some(client_addr),
    };
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
    throttle_requests(db, now, ("contact-address", "contact-recipient"), client_addr, identifier).await?;
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
            send(&mut tx, Some(user), identifier, &code_message(Purpose::Contact, &code), locale.as_deref(), now)
                .await?
        }
        Some((other, other_locale)) => {
            send(&mut tx, Some(other), identifier, &taken_warning(), other_locale.as_deref(), now).await?
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
/// kept in the profile history and the old contact is told.
pub async fn confirm_contact(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    id: VerificationId,
    code: Code,
    client_addr: &str,
) -> Result<(), DomainError> {
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
                notice.pick(locale.as_deref()),
                now,
            )
            .await?;
        }
    }
    let entry = Entry {
        at: now,
        actor: Some(user),
        action: Action::ContactVerified,
        subject: format!("user:{user}"),
        detail: format!("{field} {}", super::mask(&row.recipient)),
        client_addr: Some(client_addr),
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    channel: String,
    recipient: String,
    user_id: Option<i64>,
    display_name: Option<String>,
    password_hash: Option<String>,
    code_hash: String,
    sent: i64,
    tries: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

impl Row {
    fn challenge(&self) -> Challenge {
        Challenge {
            expires_at: DateTime::from_timestamp_millis(self.expires_at).unwrap_or_default(),
            tries: self.tries,
            used: self.used_at.is_some(),
        }
    }
}

/// The row behind a pending code; one that is gone has expired.
async fn load(db: &Db, id: VerificationId, purpose: Purpose) -> Result<Row, DomainError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, channel, recipient, user_id, display_name, password_hash, code_hash, sent, tries, expires_at, used_at
         FROM verifications WHERE id = $1 AND purpose = $2",
    )
    .bind(id)
    .bind(purpose.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.ok_or(refused(CodeError::Expired))
}

/// Counts the try, then checks the code. The count comes first and is
/// conditional, so however many tries arrive at once, five at most are checked.
async fn try_code(db: &Db, row: &Row, code: &Code, now: DateTime<Utc>) -> Result<(), DomainError> {
    let claimed = sqlx::query(
        "UPDATE verifications SET tries = tries + 1
         WHERE id = $1 AND tries < $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(row.id)
    .bind(MAX_TRIES)
    .bind(now.timestamp_millis())
    .execute(db.pool())
    .await?;
    let challenge = row.challenge();
    if claimed.rows_affected() == 0 {
        // Tries made since the row was read can leave nothing but "no tries left".
        return Err(refused(challenge.may_try(now).err().unwrap_or(CodeError::TooManyTries)));
    }
    // Checked whether or not a code was sent, so both take the same time.
    let matches = password_hash::verify(code.as_str().to_owned(), Some(row.code_hash.clone())).await?;
    challenge.judge(now, matches && row.sent == 1).map_err(refused)
}

/// Spends the code inside the transaction that does what it unlocks.
async fn use_up(tx: &mut Transaction<'static, Any>, id: VerificationId, now: DateTime<Utc>) -> Result<(), DomainError> {
    let spent = sqlx::query("UPDATE verifications SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if spent.rows_affected() == 1 {
        Ok(())
    } else {
        Err(refused(CodeError::Used))
    }
}

pub(crate) async fn throttle_requests(
    db: &Db,
    now: DateTime<Utc>,
    (address_bucket, recipient_bucket): (&str, &str),
    client_addr: &str,
    identifier: &Identifier,
) -> Result<(), DomainError> {
    let (hour, day) = (Duration::hours(1), Duration::days(1));
    let recipient = identifier.key();
    hit(db.pool(), address_bucket, client_addr, now, REQUESTS_PER_ADDRESS_HOUR, hour).await?;
    hit(db.pool(), recipient_bucket, &format!("{recipient}@{client_addr}"), now, REQUESTS_PER_RECIPIENT_HOUR, hour)
        .await?;
    hit(db.pool(), "code-recipient-day", &recipient, now, REQUESTS_PER_RECIPIENT_DAY, day).await
}

async fn throttle_tries(db: &Db, now: DateTime<Utc>, client_addr: &str, recipient: &str) -> Result<(), DomainError> {
    let hour = Duration::hours(1);
    hit(db.pool(), "code-address", client_addr, now, TRIES_PER_ADDRESS_HOUR, hour).await?;
    hit(db.pool(), "code-recipient", &format!("{recipient}@{client_addr}"), now, TRIES_PER_RECIPIENT_HOUR, hour).await
}

fn channel_column(raw: &str) -> Result<Channel, DomainError> {
    match raw {
        "sms" => Ok(Channel::Sms),
        "email" => Ok(Channel::Email),
        _ => Err(corrupt("channel")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_code_that_was_hashed_matches_its_hash() {
        let (code, hash) = fresh_code().await.unwrap_or_else(|e| panic!("hashing: {e}"));
        let other =
            Code::parse(if code.as_str() == "000000" { "000001" } else { "000000" }).unwrap_or_else(|e| panic!("{e}"));
        assert!(password_hash::verify(code.as_str().to_owned(), Some(hash.clone())).await.unwrap_or(false));
        assert!(!password_hash::verify(other.as_str().to_owned(), Some(hash.clone())).await.unwrap_or(true));
        assert!(!hash.contains(code.as_str()), "only the hash is kept");
    }
}
