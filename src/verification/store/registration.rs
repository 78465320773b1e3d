//! Signing up: a code to the new number, then the account.

use super::code::{
    corrupt, fresh_code, holder, insert, load, send, throttle_requests, throttle_tries, try_code, use_up, NewRow,
    VerificationId,
};
use crate::account::password_hash;
use crate::account::session::SignIn;
use crate::account::store::{self as accounts, NewUser};
use crate::account::{Registration, RoleAssignment};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::notify::Notice;
use crate::types::{DisplayName, Identifier};
use crate::verification::{code_notice, Code, Purpose};

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
    throttle_requests(db, clock.now(), Purpose::Register, client_addr, &registration.identifier).await?;
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
        None => send(&mut tx, None, identifier, &code_notice(Purpose::Register, &code), Some(locale), now).await?,
        Some((owner, owner_locale)) => {
            send(&mut tx, Some(owner), identifier, &Notice::ContactTaken, owner_locale.as_deref(), now).await?
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
