//! Accounts in the database: registration, sign-in, password change, roles.

use super::{password_hash, throttle, Registration, Role, RoleAssignment, User, UserId};
use crate::audit::{self, Action, Entry};
use crate::clock::Clock;
use crate::db::{is_unique_violation, Db};
use crate::error::{Conflict, DomainError, Field};
use crate::types::{Identifier, Password};
use sqlx::FromRow;

#[derive(FromRow)]
struct UserRow {
    id: i64,
    display_name: String,
    role: String,
    dealer_id: Option<i64>,
    mobile: Option<String>,
    email: Option<String>,
    locale: Option<String>,
}

impl UserRow {
    fn into_user(self) -> Result<User, DomainError> {
        let role = Role::parse(&self.role)
            .map_err(|_| DomainError::Database(sqlx::Error::Decode(format!("unknown role {:?}", self.role).into())))?;
        Ok(User {
            id: self.id,
            display_name: self.display_name,
            role,
            dealer_id: self.dealer_id,
            mobile: self.mobile,
            email: self.email,
            locale: self.locale,
        })
    }
}

const USER_COLUMNS: &str = "id, display_name, role, dealer_id, mobile, email, locale";

fn identifier_columns(identifier: &Identifier) -> (Option<&str>, Option<&str>) {
    match identifier {
        Identifier::Mobile(m) => (Some(m.as_str()), None),
        Identifier::Email(e) => (None, Some(e.as_str())),
    }
}

/// Creates an account with the given role; owners register themselves, staff
/// accounts come from seeding or an admin.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    registration: Registration,
    assignment: RoleAssignment,
    client_addr: Option<&str>,
) -> Result<UserId, DomainError> {
    let hash = password_hash::hash(registration.password.expose().to_owned()).await?;
    let (mobile, email) = identifier_columns(&registration.identifier);
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (mobile, email, password_hash, display_name, role, dealer_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(mobile)
    .bind(email)
    .bind(hash)
    .bind(registration.display_name.as_str())
    .bind(assignment.role().as_str())
    .bind(assignment.dealer())
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            DomainError::Conflict(Conflict::AccountExists)
        } else {
            DomainError::Database(e)
        }
    })?;
    audit::record(
        &mut *tx,
        Entry {
            at: now,
            actor: Some(id),
            action: Action::Register,
            subject: format!("user:{id}"),
            detail: format!("role={}", assignment.role().as_str()),
            client_addr,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Signs a person in. Malformed input is a field error; an unknown account and a
/// wrong password give the same answer, in the same time.
pub async fn login(
    db: &Db,
    clock: &dyn Clock,
    identifier: &str,
    password: &str,
    client_addr: &str,
) -> Result<User, DomainError> {
    let identifier = Identifier::parse(identifier).map_err(|e| DomainError::invalid(Field::Identifier, e))?;
    let key = identifier.key();
    throttle::check(db.pool(), clock.now(), &key, client_addr).await?;

    let (mobile, email) = identifier_columns(&identifier);
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE mobile = $1 OR email = $2")
            .bind(mobile)
            .bind(email)
            .fetch_optional(db.pool())
            .await?;
    let (id, hash) = found.map_or((None, None), |(id, hash)| (Some(id), Some(hash)));
    let matches = password_hash::verify(password.to_owned(), hash).await?;
    let now = clock.now();
    throttle::record(db.pool(), now, &key, client_addr, matches).await?;
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
    audit::record(
        db.pool(),
        Entry {
            at: now,
            actor: Some(id),
            action: Action::Login,
            subject: format!("user:{id}"),
            detail: String::new(),
            client_addr: Some(client_addr),
        },
    )
    .await?;
    find(db, id).await?.ok_or(DomainError::NotFound)
}

pub async fn find(db: &Db, id: UserId) -> Result<Option<User>, DomainError> {
    let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(UserRow::into_user).transpose()
}

pub async fn change_password(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    current: &str,
    new: &str,
    client_addr: Option<&str>,
) -> Result<(), DomainError> {
    let new = Password::parse(new).map_err(|e| DomainError::invalid(Field::NewPassword, e))?;
    let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    if stored.is_none() {
        return Err(DomainError::NotFound);
    }
    if !password_hash::verify(current.to_owned(), stored).await? {
        return Err(DomainError::BadCredentials);
    }
    let hash = password_hash::hash(new.expose().to_owned()).await?;
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user).execute(&mut *tx).await?;
    audit::record(
        &mut *tx,
        Entry {
            at: clock.now(),
            actor: Some(user),
            action: Action::PasswordChanged,
            subject: format!("user:{user}"),
            detail: String::new(),
            client_addr,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
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
        Entry {
            at: clock.now(),
            actor: Some(actor),
            action: Action::RoleChanged,
            subject: format!("user:{user}"),
            detail: format!(
                "{old_role}/{} -> {}/{}",
                old_dealer.map_or("-".into(), |d| d.to_string()),
                assignment.role().as_str(),
                assignment.dealer().map_or("-".into(), |d| d.to_string())
            ),
            client_addr,
        },
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
pub async fn verify_password(db: &Db, user: UserId, password: &str) -> Result<bool, DomainError> {
    let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    password_hash::verify(password.to_owned(), stored).await
}
