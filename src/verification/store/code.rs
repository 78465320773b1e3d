//! A code's row: writing it with its message, reading it back, counting tries
//! and spending it, and the throttles on asking for and entering codes.

use crate::account::password_hash;
use crate::account::store as accounts;
use crate::account::UserId;
use crate::db::Db;
use crate::error::{DomainError, Field, Throttle};
use crate::lang::Lang;
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::Notice;
use crate::rate_limit::hit;
use crate::types::Identifier;
use crate::verification::{channel_of, Challenge, Code, CodeError, Purpose, MAX_TRIES};
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

pub(super) fn refused(problem: CodeError) -> DomainError {
    DomainError::invalid(Field::Code, problem)
}

pub(super) fn corrupt(what: &str) -> DomainError {
    DomainError::Database(sqlx::Error::Decode(format!("stored verification: {what}").into()))
}

/// A new row, its code already hashed (hashing is slow: never inside the transaction).
pub(super) struct NewRow<'a> {
    pub(super) purpose: Purpose,
    pub(super) identifier: &'a Identifier,
    pub(super) user: Option<UserId>,
    pub(super) display_name: Option<&'a str>,
    pub(super) password_hash: Option<&'a str>,
    pub(super) code_hash: &'a str,
    pub(super) sent: bool,
}

pub(super) async fn insert(
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
pub(super) async fn send(
    tx: &mut Transaction<'static, Any>,
    user: Option<UserId>,
    identifier: &Identifier,
    notice: &Notice,
    locale: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let route = (channel_of(identifier), identifier.to_string());
    outbox::enqueue(&mut **tx, user, route, Category::Security, notice, Lang::of_locale(locale), now).await?;
    Ok(())
}

/// The account that signs in with `identifier`, and its language.
pub(super) async fn holder(db: &Db, identifier: &Identifier) -> Result<Option<(UserId, Option<String>)>, DomainError> {
    let (mobile, email) = accounts::identifier_columns(identifier);
    Ok(sqlx::query_as("SELECT id, locale FROM users WHERE mobile = $1 OR email = $2")
        .bind(mobile)
        .bind(email)
        .fetch_optional(db.pool())
        .await?)
}

pub(super) async fn fresh_code() -> Result<(Code, String), DomainError> {
    let code = Code::generate();
    let hash = password_hash::hash(code.as_str().to_owned()).await?;
    Ok((code, hash))
}

#[derive(FromRow)]
pub(super) struct Row {
    pub(super) id: i64,
    pub(super) channel: String,
    pub(super) recipient: String,
    pub(super) user_id: Option<i64>,
    pub(super) display_name: Option<String>,
    pub(super) password_hash: Option<String>,
    pub(super) code_hash: String,
    pub(super) sent: i64,
    pub(super) tries: i64,
    pub(super) expires_at: i64,
    pub(super) used_at: Option<i64>,
}

impl Row {
    pub(super) fn challenge(&self) -> Challenge {
        Challenge {
            expires_at: DateTime::from_timestamp_millis(self.expires_at).unwrap_or_default(),
            tries: self.tries,
            used: self.used_at.is_some(),
        }
    }
}

/// The row behind a pending code; one that is gone has expired.
pub(super) async fn load(db: &Db, id: VerificationId, purpose: Purpose) -> Result<Row, DomainError> {
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
pub(super) async fn try_code(db: &Db, row: &Row, code: &Code, now: DateTime<Utc>) -> Result<(), DomainError> {
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
pub(super) async fn use_up(
    tx: &mut Transaction<'static, Any>,
    id: VerificationId,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
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

/// Throttles a request for a code sent for `purpose` (the first one and every
/// "send it again" alike): per address, per recipient from that address, and
/// per recipient a day.
pub(super) async fn throttle_requests(
    db: &Db,
    now: DateTime<Utc>,
    purpose: Purpose,
    client_addr: &str,
    identifier: &Identifier,
) -> Result<(), DomainError> {
    let (address_bucket, recipient_bucket) = match purpose {
        Purpose::Register => ("register-address", "register-identifier"),
        Purpose::Reset => ("reset-address", "reset-recipient"),
        Purpose::Contact => ("contact-address", "contact-recipient"),
    };
    let (hour, day) = (Duration::hours(1), Duration::days(1));
    let recipient = identifier.key();
    hit(db, (Throttle::CodeRequest, address_bucket), client_addr, now, REQUESTS_PER_ADDRESS_HOUR, hour).await?;
    hit(
        db,
        (Throttle::CodeRequest, recipient_bucket),
        &format!("{recipient}@{client_addr}"),
        now,
        REQUESTS_PER_RECIPIENT_HOUR,
        hour,
    )
    .await?;
    hit(db, (Throttle::CodeRequest, "code-recipient-day"), &recipient, now, REQUESTS_PER_RECIPIENT_DAY, day).await
}

pub(super) async fn throttle_tries(
    db: &Db,
    now: DateTime<Utc>,
    client_addr: &str,
    recipient: &str,
) -> Result<(), DomainError> {
    let hour = Duration::hours(1);
    hit(db, (Throttle::CodeTry, "code-address"), client_addr, now, TRIES_PER_ADDRESS_HOUR, hour).await?;
    hit(
        db,
        (Throttle::CodeTry, "code-recipient"),
        &format!("{recipient}@{client_addr}"),
        now,
        TRIES_PER_RECIPIENT_HOUR,
        hour,
    )
    .await
}

pub(super) fn channel_column(raw: &str) -> Result<Channel, DomainError> {
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
