//! Advisors and the owners they serve: the owner's named advisor (one-to-one
//! service), the advisors to choose one from, and the owner an advisor books
//! for on the phone.

use crate::account::{Role, UserId};
use crate::booking::{advisor_for_buyer, AdvisorLoad, NamedAdvisor};
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::types::Identifier;

/// Makes `advisor` the owner's named advisor. Only an advisor may be named,
/// and one at the staff member's own dealer when they belong to one.
pub async fn assign_advisor(
    db: &Db,
    owner: UserId,
    advisor: UserId,
    staff_dealer: Option<i64>,
) -> Result<(), DomainError> {
    let found: Option<(String, Option<i64>)> = sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1")
        .bind(advisor)
        .fetch_optional(db.pool())
        .await?;
    let valid = matches!(&found, Some((role, dealer)) if Role::parse(role).is_some_and(Role::is_advisor) && (staff_dealer.is_none() || *dealer == staff_dealer));
    if !valid {
        return Err(FieldError::new(Field::Role, Problem::UnknownChoice).into());
    }
    let set = sqlx::query("UPDATE users SET advisor_id = $1 WHERE id = $2 AND role = $3")
        .bind(advisor)
        .bind(owner)
        .bind(Role::Owner.as_str())
        .execute(db.pool())
        .await?;
    if set.rows_affected() == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Names the selling dealer's advisor for a buyer who has none yet
/// (`booking::advisor_for_buyer`), in the sale's transaction; an owner who
/// already has one keeps them.
pub async fn name_for_buyer(tx: &mut sqlx::AnyConnection, buyer: UserId, dealer: i64) -> Result<(), sqlx::Error> {
    let candidates: Vec<AdvisorLoad> = sqlx::query_as(
        "SELECT a.id, (SELECT COUNT(*) FROM users o WHERE o.advisor_id = a.id) AS named_owners FROM users a
         WHERE a.role = $1 AND a.dealer_id = $2 AND a.disabled_at IS NULL AND a.on_duty = 1",
    )
    .bind(Role::ServiceAdvisor.as_str())
    .bind(dealer)
    .fetch_all(&mut *tx)
    .await?;
    let Some(advisor) = advisor_for_buyer(&candidates) else { return Ok(()) };
    sqlx::query("UPDATE users SET advisor_id = $1 WHERE id = $2 AND advisor_id IS NULL")
        .bind(advisor)
        .bind(buyer)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The owner's named advisor, if one was named.
pub async fn named_advisor(db: &Db, owner: UserId) -> Result<Option<NamedAdvisor>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT a.display_name AS name, d.name_zh AS dealer_zh, d.name_en AS dealer_en, d.phone AS dealer_phone FROM users o
         JOIN users a ON a.id = o.advisor_id JOIN dealers d ON d.id = a.dealer_id WHERE o.id = $1",
    )
    .bind(owner)
    .fetch_optional(db.pool())
    .await?)
}

/// The advisors of a dealer (or all), for choosing one.
pub async fn advisors(db: &Db, dealer: Option<i64>) -> Result<Vec<(i64, String)>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role = $1 AND ($2 IS NULL OR dealer_id = $2) ORDER BY display_name",
    )
    .bind(Role::ServiceAdvisor.as_str())
    .bind(dealer)
    .fetch_all(db.pool())
    .await?)
}

/// The owner an advisor books for on the phone, found by mobile or e-mail.
pub async fn owner_by_identifier(db: &Db, identifier: &Identifier) -> Result<UserId, DomainError> {
    let (mobile, email) = match identifier {
        Identifier::Mobile(m) => (Some(m.as_str()), None),
        Identifier::Email(e) => (None, Some(e.as_str())),
    };
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1 OR email = $2")
        .bind(mobile)
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    id.ok_or_else(|| FieldError::new(Field::Identifier, Problem::NoSuchAccount).into())
}
