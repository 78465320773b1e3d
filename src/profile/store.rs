//! Profiles in the database, with their change history and consent records.

use super::{Change, Profile, ProfileForm, CONSENT_WORDING_VERSION};
use crate::account::{store as accounts, UserId};
use crate::clock::Clock;
use crate::db::{is_unique_violation, optional_date_column, Db};
use crate::error::{Conflict, DomainError};
use crate::outbox::Preference;

type ProfileRow =
    (String, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>, Option<String>, String, i64);

pub async fn load(db: &Db, user: UserId) -> Result<Profile, DomainError> {
    let row: Option<ProfileRow> = sqlx::query_as(
        "SELECT display_name, mobile, email, city, address, preferred_dealer_id, birthday, contact_channel, marketing_consent
         FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(db.pool())
    .await?;
    let (display_name, mobile, email, city, address, preferred_dealer_id, birthday, channel, consent) =
        row.ok_or(DomainError::NotFound)?;
    Ok(Profile {
        display_name,
        mobile,
        email,
        city,
        address,
        preferred_dealer_id,
        birthday: optional_date_column(birthday.as_deref())?,
        contact_channel: Preference::parse(&channel).unwrap_or_default(),
        marketing_consent: consent == 1,
    })
}

/// Saves the profile and records each changed field. An owner changing how they
/// sign in (mobile or e-mail) must give their password; staff acting for them
/// on the phone need not.
pub async fn update(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    actor: UserId,
    by_staff: bool,
    form: ProfileForm,
    password: &str,
) -> Result<(), DomainError> {
    let before = load(db, user).await?;
    let after = Profile {
        display_name: form.display_name.as_str().to_owned(),
        mobile: form.mobile.map(|m| m.as_str().to_owned()),
        email: form.email.map(|e| e.as_str().to_owned()),
        city: form.city,
        address: form.address,
        preferred_dealer_id: form.preferred_dealer_id,
        birthday: form.birthday,
        contact_channel: form.contact_channel,
        marketing_consent: form.marketing_consent,
    };
    let sign_in_changed = before.mobile != after.mobile || before.email != after.email;
    if sign_in_changed && !by_staff && !accounts::verify_password(db, user, password).await? {
        return Err(DomainError::BadCredentials);
    }
    let now = clock.now().timestamp_millis();
    let mut tx = db.pool().begin().await?;
    let saved = sqlx::query(
        "UPDATE users SET display_name = $1, mobile = $2, email = $3, city = $4, address = $5, preferred_dealer_id = $6,
            birthday = $7, contact_channel = $8, marketing_consent = $9 WHERE id = $10",
    )
    .bind(&after.display_name)
    .bind(&after.mobile)
    .bind(&after.email)
    .bind(&after.city)
    .bind(&after.address)
    .bind(after.preferred_dealer_id)
    .bind(after.birthday.map(|d| d.to_string()))
    .bind(after.contact_channel.as_str())
    .bind(i64::from(after.marketing_consent))
    .bind(user)
    .execute(&mut *tx)
    .await;
    match saved {
        Err(err) if is_unique_violation(&err) => return Err(DomainError::Conflict(Conflict::AccountExists)),
        Err(err) if matches!(&err, sqlx::Error::Database(e) if e.is_foreign_key_violation()) => {
            return Err(DomainError::invalid(
                crate::error::Field::PreferredDealer,
                crate::error::Problem::UnknownChoice,
            ))
        }
        other => other?,
    };
    for (field, old, new) in changes(&before, &after) {
        sqlx::query(
            "INSERT INTO profile_changes (user_id, field, old_value, new_value, changed_by, by_staff, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(user)
        .bind(field)
        .bind(old)
        .bind(new)
        .bind(actor)
        .bind(i64::from(by_staff))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    if before.marketing_consent != after.marketing_consent {
        sqlx::query(
            "INSERT INTO consent_records (user_id, granted, wording_version, recorded_by, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user)
        .bind(i64::from(after.marketing_consent))
        .bind(CONSENT_WORDING_VERSION)
        .bind(actor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// (field, old, new) for every field that differs.
fn changes(before: &Profile, after: &Profile) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let candidates = [
        ("display_name", Some(before.display_name.clone()), Some(after.display_name.clone())),
        ("mobile", before.mobile.clone(), after.mobile.clone()),
        ("email", before.email.clone(), after.email.clone()),
        ("city", before.city.clone(), after.city.clone()),
        ("address", before.address.clone(), after.address.clone()),
        (
            "preferred_dealer",
            before.preferred_dealer_id.map(|d| d.to_string()),
            after.preferred_dealer_id.map(|d| d.to_string()),
        ),
        ("birthday", date(before.birthday), date(after.birthday)),
        (
            "contact_channel",
            Some(before.contact_channel.as_str().to_owned()),
            Some(after.contact_channel.as_str().to_owned()),
        ),
        ("marketing_consent", Some(before.marketing_consent.to_string()), Some(after.marketing_consent.to_string())),
    ];
    candidates.into_iter().filter(|(_, old, new)| old != new).collect()
}

/// The profile's history, newest first, with who made each change.
pub async fn history(db: &Db, user: UserId) -> Result<Vec<Change>, DomainError> {
    let rows: Vec<(String, Option<String>, Option<String>, i64, String, i64)> = sqlx::query_as(
        "SELECT c.field, c.old_value, c.new_value, c.by_staff, u.display_name, c.at
         FROM profile_changes c JOIN users u ON u.id = c.changed_by
         WHERE c.user_id = $1 ORDER BY c.id DESC LIMIT 100",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(field, old_value, new_value, by_staff, changed_by, at)| Change {
            field,
            old_value,
            new_value,
            by_staff: by_staff == 1,
            changed_by,
            at,
        })
        .collect())
}
