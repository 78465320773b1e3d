//! Accounts in the database: registration, sign-in, password change, roles.

use super::session::{SignIn, Standing};
use super::{password_hash, throttle, Registration, Role, RoleAssignment, Staff, User, UserId};
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError, Field};
use crate::types::{DisplayName, Identifier, Password};
use chrono::{DateTime, Utc};
use sqlx::{Any, FromRow, Transaction};

#[derive(FromRow)]
struct UserRow {
    id: i64,
    display_name: String,
    role: String,
    dealer_id: Option<i64>,
    mobile: Option<String>,
    email: Option<String>,
    locale: Option<String>,
    manages_leads: i64,
}

impl UserRow {
    fn into_user(self) -> Result<User, DomainError> {
        let role = Role::parse(&self.role).ok_or_else(|| {
            DomainError::Database(sqlx::Error::Decode(format!("unknown role {:?}", self.role).into()))
        })?;
        Ok(User {
            id: self.id,
            display_name: self.display_name,
            role,
            dealer_id: self.dealer_id,
            mobile: self.mobile,
            email: self.email,
            locale: self.locale,
            manages_leads: self.manages_leads == 1,
        })
    }
}

const USER_COLUMNS: &str = "id, display_name, role, dealer_id, mobile, email, locale, manages_leads";

pub(crate) fn identifier_columns(identifier: &Identifier) -> (Option<&str>, Option<&str>) {
    match identifier {
        Identifier::Mobile(m) => (Some(m.as_str()), None),
        Identifier::Email(e) => (None, Some(e.as_str())),
    }
}

/// A sign-out, in the audit log beside the sign-in it ends.
pub async fn logged_out(db: &Db, user: UserId, now: DateTime<Utc>, client_addr: &str) -> Result<(), DomainError> {
    audit::record(db.pool(), Entry::on_account(now, user, Action::Logout, user, String::new(), Some(client_addr)))
        .await?;
    Ok(())
}

/// Creates an account with the given role. Its mobile or e-mail counts as
/// verified: seeding and `server create-admin` are trusted, and an owner's
/// registration ends here only after the code sent to it was entered.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    registration: Registration,
    assignment: RoleAssignment,
    client_addr: Option<&str>,
) -> Result<UserId, DomainError> {
    let hash = password_hash::hash(registration.password.expose().to_owned()).await?;
    let mut tx = db.pool().begin().await?;
    let new = NewUser { identifier: &registration.identifier, display_name: &registration.display_name, hash: &hash };
    let id = insert_user(&mut tx, clock.now(), new, assignment, client_addr).await?;
    tx.commit().await?;
    Ok(id)
}

/// An account about to be written, its password already hashed.
pub(crate) struct NewUser<'a> {
    pub identifier: &'a Identifier,
    pub display_name: &'a DisplayName,
    pub hash: &'a str,
}

/// Writes the account (its sign-in contact verified) and the audit entry, in
/// the caller's transaction.
pub(crate) async fn insert_user(
    tx: &mut Transaction<'static, Any>,
    now: DateTime<Utc>,
    new: NewUser<'_>,
    assignment: RoleAssignment,
    client_addr: Option<&str>,
) -> Result<UserId, DomainError> {
    let (mobile, email) = identifier_columns(new.identifier);
    let at = now.timestamp_millis();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (mobile, email, password_hash, display_name, role, dealer_id, created_at,
                            mobile_verified_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(mobile)
    .bind(email)
    .bind(new.hash)
    .bind(new.display_name.as_str())
    .bind(assignment.role().as_str())
    .bind(assignment.dealer())
    .bind(at)
    .bind(mobile.map(|_| at))
    .bind(email.map(|_| at))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            DomainError::Conflict(Conflict::AccountExists)
        } else {
            DomainError::Database(e)
        }
    })?;
    audit::record(
        &mut **tx,
        Entry::on_account(now, id, Action::Register, id, format!("role={}", assignment.role().as_str()), client_addr),
    )
    .await?;
    if assignment.role() == Role::Owner {
        crate::fact::store::emit(tx, crate::fact::Fact::OwnerRegistered { owner: id }, now).await?;
    }
    Ok(id)
}

/// Signs a person in. Malformed input is a field error; an unknown account and a
/// wrong password give the same answer, in the same time. A disabled account is
/// said to be so only to someone who knows its password. Returns the user and
/// what their new session keeps.
pub async fn login(
    db: &Db,
    clock: &dyn Clock,
    identifier: &str,
    password: &str,
    client_addr: &str,
) -> Result<(User, SignIn), DomainError> {
    let identifier = Identifier::parse(identifier).map_err(|e| DomainError::invalid(Field::Identifier, e))?;
    let key = identifier.key();
    let attempt = throttle::reserve(db, clock.now(), &key, client_addr).await?;

    let (mobile, email) = identifier_columns(&identifier);
    let found: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, password_hash, session_epoch, disabled_at FROM users WHERE mobile = $1 OR email = $2",
    )
    .bind(mobile)
    .bind(email)
    .fetch_optional(db.pool())
    .await?;
    let (id, hash) = found.as_ref().map_or((None, None), |(id, hash, ..)| (Some(*id), Some(hash.clone())));
    let matches = password_hash::verify(password.to_owned(), hash).await?;
    let now = clock.now();
    let outcome = if matches { throttle::Outcome::Succeeded } else { throttle::Outcome::Failed };
    throttle::settle(db, attempt, outcome).await?;
    let id = match (matches, id) {
        (true, Some(id)) => id,
        _ => {
            audit::record(
                db.pool(),
                Entry {
                    at: now,
                    actor: id,
                    action: Action::LoginFailed,
                    subject: key,
                    detail: String::new(),
                    client_addr: Some(client_addr),
                },
            )
            .await?;
            return Err(DomainError::BadCredentials);
        }
    };
    let (epoch, disabled) = found.map_or((0, true), |(_, _, epoch, disabled_at)| (epoch, disabled_at.is_some()));
    let (action, detail) = if disabled { (Action::LoginFailed, "disabled") } else { (Action::Login, "") };
    audit::record(db.pool(), Entry::on_account(now, id, action, id, detail.to_owned(), Some(client_addr))).await?;
    if disabled {
        return Err(DomainError::AccountDisabled);
    }
    let user = find(db, id).await?.ok_or(DomainError::NotFound)?;
    Ok((user, SignIn::new(id, epoch, now)))
}

/// The user a session belongs to, if the session still holds (see
/// [`SignIn::holds`]); `None` means it has ended and should be forgotten.
pub async fn signed_in(db: &Db, sign_in: &SignIn, now: DateTime<Utc>) -> Result<Option<Recognised>, DomainError> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        session_epoch: i64,
        disabled_at: Option<i64>,
        unread: i64,
    }
    // One round trip per request: who, whether the session still holds, and the badge.
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS}, session_epoch, disabled_at,
                (SELECT COUNT(*) FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL) AS unread
         FROM users WHERE id = $1"
    ))
    .bind(sign_in.user)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) if sign_in.holds(Standing { epoch: row.session_epoch, disabled: row.disabled_at.is_some() }, now) => {
            Ok(Some(Recognised { user: row.user.into_user()?, unread: row.unread }))
        }
        _ => Ok(None),
    }
}

/// The signed-in user and how many of their messages are unread.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub user: User,
    pub unread: i64,
}

/// Ends every session of the account ("sign out everywhere"): the epoch moves on.
pub async fn end_sessions(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    client_addr: Option<&str>,
) -> Result<(), DomainError> {
    let mut tx = db.pool().begin().await?;
    bump_epoch(&mut tx, user).await?;
    let entry = Entry::on_account(clock.now(), user, Action::SessionsEnded, user, String::new(), client_addr);
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the account's session epoch on, so every session begun before ends;
/// returns the new epoch.
pub(crate) async fn bump_epoch(tx: &mut Transaction<'static, Any>, user: UserId) -> Result<i64, DomainError> {
    let epoch: Option<i64> =
        sqlx::query_scalar("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch")
            .bind(user)
            .fetch_optional(&mut **tx)
            .await?;
    epoch.ok_or(DomainError::NotFound)
}

/// An admin disables an account (it cannot sign in, and its sessions end at
/// once) or enables it again. Audited; a repeat changes nothing.
pub async fn set_disabled(
    db: &Db,
    clock: &dyn Clock,
    admin: UserId,
    user: UserId,
    disabled: bool,
    client_addr: Option<&str>,
) -> Result<(), DomainError> {
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let changed = if disabled {
        sqlx::query(
            "UPDATE users SET disabled_at = $1, session_epoch = session_epoch + 1 WHERE id = $2 AND disabled_at IS NULL",
        )
        .bind(now.timestamp_millis())
        .bind(user)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
            .bind(user)
            .execute(&mut *tx)
            .await?
    };
    if changed.rows_affected() == 0 {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1").bind(user).fetch_optional(&mut *tx).await?;
        return exists.map(drop).ok_or(DomainError::NotFound);
    }
    let entry = Entry::on_account(
        now,
        admin,
        if disabled { Action::AccountDisabled } else { Action::AccountEnabled },
        user,
        String::new(),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The disabled accounts, for the admin list.
pub async fn disabled(db: &Db) -> Result<Vec<UserId>, DomainError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE disabled_at IS NOT NULL").fetch_all(db.pool()).await?)
}

pub async fn find(db: &Db, id: UserId) -> Result<Option<User>, DomainError> {
    let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(UserRow::into_user).transpose()
}

/// The member of staff with this e-mail, still enabled: the agent another
/// system (the call centre's telephony) says handled a contact.
pub async fn staff_by_email(db: &Db, email: &crate::types::Email) -> Result<Option<Staff>, DomainError> {
    let row: Option<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1 AND disabled_at IS NULL"))
            .bind(email.as_str())
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(UserRow::into_user).transpose()?.and_then(|user| user.as_staff()))
}

/// Changes the password, given the current one, and ends every session of the
/// account: the caller keeps its own by storing the returned sign-in.
pub async fn change_password(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    current: &str,
    new: &str,
    client_addr: Option<&str>,
) -> Result<SignIn, DomainError> {
    let new = Password::parse(new).map_err(|e| DomainError::invalid(Field::NewPassword, e))?;
    if !verify_password(db, clock, user, current, client_addr.unwrap_or("unknown")).await? {
        return Err(DomainError::BadCredentials);
    }
    let hash = password_hash::hash(new.expose().to_owned()).await?;
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user).execute(&mut *tx).await?;
    let epoch = bump_epoch(&mut tx, user).await?;
    audit::record(
        &mut *tx,
        Entry::on_account(now, user, Action::PasswordChanged, user, "other sessions ended".to_owned(), client_addr),
    )
    .await?;
    tx.commit().await?;
    Ok(SignIn::new(user, epoch, now))
}

/// Sets a user's role and dealer; the dealer must exist.
pub async fn assign_role(
    db: &Db,
    clock: &dyn Clock,
    actor: UserId,
    user: UserId,
    assignment: RoleAssignment,
    client_addr: Option<&str>,
) -> Result<(), DomainError> {
    let mut tx = db.pool().begin().await?;
    if let Some(dealer) = assignment.dealer() {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM dealers WHERE id = $1").bind(dealer).fetch_optional(&mut *tx).await?;
        if exists.is_none() {
            return Err(DomainError::invalid(Field::Dealer, crate::error::Problem::UnknownChoice));
        }
    }
    let before: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1").bind(user).fetch_optional(&mut *tx).await?;
    let (old_role, old_dealer) = before.ok_or(DomainError::NotFound)?;
    sqlx::query("UPDATE users SET role = $1, dealer_id = $2 WHERE id = $3")
        .bind(assignment.role().as_str())
        .bind(assignment.dealer())
        .bind(user)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry::on_account(
            clock.now(),
            actor,
            Action::RoleChanged,
            user,
            format!(
                "{old_role}/{} -> {}/{}",
                old_dealer.map_or("-".into(), |d| d.to_string()),
                assignment.role().as_str(),
                assignment.dealer().map_or("-".into(), |d| d.to_string())
            ),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_locale(db: &Db, user: UserId, locale: &str) -> Result<(), DomainError> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2").bind(locale).bind(user).execute(db.pool()).await?;
    Ok(())
}

/// A page of users for the admin list, newest first, optionally filtered by a
/// fragment of name, mobile or e-mail.
pub async fn list(db: &Db, search: &str, limit: i64, offset: i64) -> Result<Vec<User>, DomainError> {
    let pattern = format!("%{}%", search.trim().to_lowercase());
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users
         WHERE $1 = '%%' OR LOWER(display_name) LIKE $1 OR mobile LIKE $1 OR email LIKE $1
         ORDER BY id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(UserRow::into_user).collect()
}

/// Whether `password` is the user's current one (asked again before changing
/// how they sign in).
pub async fn verify_password(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    password: &str,
    client_addr: &str,
) -> Result<bool, DomainError> {
    let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    if stored.is_none() {
        return Err(DomainError::NotFound);
    }
    // A stolen session must not become a way to guess the password: it is
    // checked under the same throttle as a sign-in.
    let attempt = throttle::reserve(db, clock.now(), &format!("user:{user}"), client_addr).await?;
    let matches = password_hash::verify(password.to_owned(), stored).await?;
    let outcome = if matches { throttle::Outcome::Succeeded } else { throttle::Outcome::Failed };
    throttle::settle(db, attempt, outcome).await?;
    Ok(matches)
}
