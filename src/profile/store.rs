//! Profiles in the database, with their change history and consent records.

use super::{
    Change, ChangedField, PersonalDetails, Profile, ProfileData, ProfileForm, Saved, Value, CONSENT_WORDING_VERSION,
};
use crate::account::session::SignIn;
use crate::account::{store as accounts, UserId};
use crate::clock::Clock;
use crate::db::{is_unique_violation, optional_date_column, Db};
use crate::error::{Conflict, DomainError, Field, Problem};
use crate::history::{self, FieldChange};
use crate::lang::Lang;
use crate::notify::outbox::{store as outbox, Category, Channel, Preference};
use crate::types::Identifier;
use crate::verification::{contact_changed_notice, store as verification};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    display_name: String,
    mobile: Option<String>,
    email: Option<String>,
    city: Option<String>,
    address: Option<String>,
    preferred_dealer_id: Option<i64>,
    birthday: Option<String>,
    contact_channel: String,
    marketing_consent: i64,
    mobile_verified_at: Option<i64>,
    email_verified_at: Option<i64>,
}

pub async fn load(db: &Db, user: UserId) -> Result<Profile, DomainError> {
    let row: Option<ProfileRow> = sqlx::query_as(
        "SELECT display_name, mobile, email, city, address, preferred_dealer_id, birthday, contact_channel, marketing_consent,
                mobile_verified_at, email_verified_at
         FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(db.pool())
    .await?;
    let row = row.ok_or(DomainError::NotFound)?;
    Ok(Profile {
        details: PersonalDetails {
            city: row.city,
            address: row.address,
            preferred_dealer_id: row.preferred_dealer_id,
            birthday: optional_date_column(row.birthday.as_deref())?,
            contact_channel: Preference::parse(&row.contact_channel).unwrap_or_default(),
            marketing_consent: row.marketing_consent == 1,
        },
        display_name: row.display_name,
        mobile: row.mobile,
        email: row.email,
        mobile_verified: row.mobile_verified_at.is_some(),
        email_verified: row.email_verified_at.is_some(),
    })
}

/// The owner's profile page: the profile, the dealers, the history and the
/// contacts waiting for their code (as of `now`).
pub async fn my_profile(db: &Db, now: DateTime<Utc>, user: UserId) -> Result<ProfileData, DomainError> {
    Ok(ProfileData {
        profile: load(db, user).await?,
        dealers: crate::dealer::list(db).await?,
        history: history(db, user).await?,
        pending: verification::pending_contacts(db, user, now).await?,
    })
}

/// Saves the profile and records each changed field. An owner changing how they
/// sign in (mobile or e-mail) must give their password, and a new mobile or
/// e-mail goes on the account only when the code sent to it comes back
/// (`verification::store::confirm_contact`); a removed one goes at once. Staff
/// acting for the owner on the phone change it directly (it is then unverified).
/// The old contact is told either way. `client_addr` throttles the codes.
#[allow(clippy::too_many_arguments)] // who, for whom, in what role, what, and the proof
pub async fn update(
    db: &Db,
    clock: &dyn Clock,
    user: UserId,
    actor: UserId,
    by_staff: bool,
    form: ProfileForm,
    password: &str,
    client_addr: &str,
) -> Result<Saved, DomainError> {
    let before = load(db, user).await?;
    let mut awaiting = Vec::new();
    let mut contact = |new: Option<Identifier>, old: &Option<String>| match new {
        Some(new) if !by_staff && old.as_deref() != Some(new.to_string().as_str()) => {
            awaiting.push(new);
            old.clone()
        }
        new => new.map(|n| n.to_string()),
    };
    let mobile = contact(form.mobile.map(Identifier::Mobile), &before.mobile);
    let email = contact(form.email.map(Identifier::Email), &before.email);
    let after = Profile {
        display_name: form.display_name.as_str().to_owned(),
        mobile,
        email,
        details: form.details,
        mobile_verified: before.mobile_verified,
        email_verified: before.email_verified,
    };
    let sign_in_changed = before.mobile != after.mobile || before.email != after.email || !awaiting.is_empty();
    if sign_in_changed && !by_staff && !accounts::verify_password(db, clock, user, password, client_addr).await? {
        return Err(DomainError::BadCredentials);
    }
    if after.mobile.is_none() && after.email.is_none() {
        // Removing the only contact the account has now, before the new one is proven.
        return Err(DomainError::invalid(Field::Mobile, Problem::Required));
    }
    for identifier in &awaiting {
        verification::start_contact(db, clock, user, identifier, client_addr).await?;
    }
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    let saved = sqlx::query(
        "UPDATE users SET display_name = $1, mobile = $2, email = $3, city = $4, address = $5, preferred_dealer_id = $6,
            birthday = $7, contact_channel = $8, marketing_consent = $9,
            mobile_verified_at = CASE WHEN mobile = $2 THEN mobile_verified_at ELSE NULL END,
            email_verified_at = CASE WHEN email = $3 THEN email_verified_at ELSE NULL END
         WHERE id = $10",
    )
    .bind(&after.display_name)
    .bind(&after.mobile)
    .bind(&after.email)
    .bind(&after.details.city)
    .bind(&after.details.address)
    .bind(after.details.preferred_dealer_id)
    .bind(after.details.birthday.map(|d| d.to_string()))
    .bind(after.details.contact_channel.as_str())
    .bind(i64::from(after.details.marketing_consent))
    .bind(user)
    .execute(&mut *tx)
    .await;
    match saved {
        Err(err) if is_unique_violation(&err) => return Err(DomainError::Conflict(Conflict::AccountExists)),
        Err(err) if matches!(&err, sqlx::Error::Database(e) if e.is_foreign_key_violation()) => {
            return Err(DomainError::invalid(Field::PreferredDealer, Problem::UnknownChoice))
        }
        other => other?,
    };
    for (field, old, new) in changes(&before, &after) {
        history::record_profile_change(&mut tx, user, FieldChange { field, old, new }, actor, by_staff, now).await?;
    }
    let locale: Option<String> =
        sqlx::query_scalar("SELECT locale FROM users WHERE id = $1").bind(user).fetch_one(&mut *tx).await?;
    let contacts = [(Channel::Sms, &before.mobile, &after.mobile), (Channel::Email, &before.email, &after.email)];
    for (channel, old, new) in contacts {
        if let (Some(old), true) = (old, old != new) {
            let notice = contact_changed_notice(channel, new.as_deref());
            let (route, lang) = ((channel, old.clone()), Lang::of_locale(locale.as_deref()));
            outbox::enqueue(&mut *tx, Some(user), route, Category::Security, &notice, lang, now).await?;
        }
    }
    if before.details.marketing_consent != after.details.marketing_consent {
        sqlx::query(
            "INSERT INTO consent_records (user_id, granted, wording_version, recorded_by, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user)
        .bind(i64::from(after.details.marketing_consent))
        .bind(CONSENT_WORDING_VERSION)
        .bind(actor)
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?;
    }
    // Like a new password, a sign-in contact changed ends the account's sessions;
    // the owner who changed it carries on with a fresh one (staff's edits end them all).
    let sign_in = if before.mobile != after.mobile || before.email != after.email {
        let epoch = accounts::bump_epoch(&mut tx, user).await?;
        (!by_staff).then(|| SignIn::new(user, epoch, now))
    } else {
        None
    };
    tx.commit().await?;
    Ok(Saved { awaiting_code: !awaiting.is_empty(), sign_in })
}

/// (field, old, new) for every field that differs, as the history stores them.
fn changes(before: &Profile, after: &Profile) -> Vec<(&'static str, Option<String>, Option<String>)> {
    use super::ChangedField as F;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let candidates = [
        (F::DisplayName, Some(before.display_name.clone()), Some(after.display_name.clone())),
        (F::Mobile, before.mobile.clone(), after.mobile.clone()),
        (F::Email, before.email.clone(), after.email.clone()),
        (F::City, before.details.city.clone(), after.details.city.clone()),
        (F::Address, before.details.address.clone(), after.details.address.clone()),
        (
            F::PreferredDealer,
            before.details.preferred_dealer_id.map(|d| d.to_string()),
            after.details.preferred_dealer_id.map(|d| d.to_string()),
        ),
        (F::Birthday, date(before.details.birthday), date(after.details.birthday)),
        (
            F::ContactChannel,
            Some(before.details.contact_channel.as_str().to_owned()),
            Some(after.details.contact_channel.as_str().to_owned()),
        ),
        (
            F::MarketingConsent,
            Some(before.details.marketing_consent.to_string()),
            Some(after.details.marketing_consent.to_string()),
        ),
    ];
    candidates.into_iter().filter(|(_, old, new)| old != new).map(|(f, old, new)| (f.as_str(), old, new)).collect()
}

/// The profile's history, newest first, with who made each change, read
/// into values (a dealer by its names, a channel by its kind).
pub async fn history(db: &Db, user: UserId) -> Result<Vec<Change>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct ChangeRow {
        field: String,
        old_value: Option<String>,
        new_value: Option<String>,
        by_staff: i64,
        /// The display name of who made the change.
        changed_by: String,
        at: i64,
    }
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT c.field, c.old_value, c.new_value, c.by_staff, u.display_name AS changed_by, c.at
         FROM profile_changes c JOIN users u ON u.id = c.changed_by
         WHERE c.user_id = $1 ORDER BY c.id DESC LIMIT 100",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let dealers = if rows.iter().any(|r| r.field == ChangedField::PreferredDealer.as_str()) {
        crate::dealer::list(db).await?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let field = ChangedField::parse(&row.field);
            Change {
                field,
                old: Value::read(field, row.old_value.as_deref(), &dealers),
                new: Value::read(field, row.new_value.as_deref(), &dealers),
                by_staff: row.by_staff == 1,
                changed_by: row.changed_by,
                at: row.at,
            }
        })
        .collect())
}
