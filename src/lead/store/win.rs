//! A won sale: the car goes into the sold-vehicle register under the buyer's
//! mobile, the buyer's account is found by that mobile or made (its mobile
//! counts as verified: the handler reached the buyer on it), the car goes into
//! their garage, they are invited, and a referring owner is credited once.

use super::pipeline::moved_detail;
use super::shared::drive;
use super::shared::{begin_on_staff, event, write_status, LeadRow, Outcome, Tx};
use crate::account::store::{insert_user, NewUser};
use crate::account::{RoleAssignment, Staff, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::fact::Fact;
use crate::garage::claim::Basis;
use crate::garage::store::ownership;
use crate::lang::Lang;
use crate::lead::drive::ending;
use crate::lead::{may_sell, transition, EventKind, InRegister, Move, Party, Sale, TransitionError};
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::{tell, Message, Notice};
use crate::types::{DisplayName, Identifier, Mobile, Origin, Password, Vin};
use chrono::{DateTime, Datelike, Utc};

pub async fn win(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    staff: &Staff,
    sale: Sale,
    note: &str,
) -> Result<(), DomainError> {
    let Sale { lead: id, vin, unregistered } = sale;
    let now = clock.now();
    // Hashed before the write lock is taken: it is slow on purpose.
    let unusable = crate::account::password_hash::hash(Password::generate().expose().to_owned()).await?;
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    let to = transition(lead.stage, Move::Win { vin: vin.clone() }, Party::Handler)
        .map_err(|e| DomainError::invalid(Field::Outcome, e))?;
    let mobile = Mobile::parse(&lead.mobile).map_err(|e| DomainError::invalid(Field::Mobile, e))?;
    let manages: i64 =
        sqlx::query_scalar("SELECT manages_leads FROM users WHERE id = $1").bind(staff.id).fetch_one(&mut *tx).await?;
    let manager_confirms = (unregistered && staff.manages_floor(manages == 1)).then_some(staff.id);
    let entered = register(&mut tx, &vin, &lead, manager_confirms, mobile.as_str(), now).await?;
    // Only an account that proved the number (and may sign in) gets the car.
    let holder: Option<(i64, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT id, mobile_verified_at, disabled_at FROM users WHERE mobile = $1")
            .bind(mobile.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let existing = match holder {
        Some((id, Some(_), None)) => Some(id),
        Some(_) => return Err(DomainError::invalid(Field::Mobile, TransitionError::MobileUnproven)),
        None => None,
    };
    let buyer = match existing {
        Some(buyer) => buyer,
        None => {
            let name = DisplayName::parse(&lead.name).map_err(|e| DomainError::invalid(Field::DisplayName, e))?;
            let identifier = Identifier::Mobile(mobile.clone());
            let new = NewUser { identifier: &identifier, display_name: &name, hash: &unusable };
            insert_user(&mut tx, now, new, RoleAssignment::owner(), None).await?
        }
    };
    ownership::start_ownership(&mut tx, vin.as_str(), buyer, Basis::Register, now).await?;
    // At delivery the salesperson introduces the buyer to one of the dealer's service advisors.
    crate::booking::store::name_for_buyer(&mut tx, buyer, lead.dealer_id).await?;
    drive::end(&mut tx, id, Party::Handler, |at| ending(at, now)).await?;
    write_status(&mut tx, &lead, to, Outcome::Won { vin: &vin, buyer }, now).await?;
    event(&mut tx, id, Some(staff.id), EventKind::Moved, &moved_detail(to, note), now).await?;
    if entered {
        event(&mut tx, id, Some(staff.id), EventKind::UnregisteredSale, vin.as_str(), now).await?;
    }
    // A new account is invited to set its password on the page that resets one.
    let invitation = existing.is_none().then(|| origin.link("/reset"));
    welcome(&mut tx, buyer, invitation, &vin, mobile.as_str(), &lead.locale, now).await?;
    // Nobody is paid for a sale they made themselves.
    if let Some(referrer) = lead.referrer_id.filter(|r| *r != staff.id && Some(*r) != lead.handler_id) {
        credit(&mut tx, referrer, id, mobile.as_str(), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records the sale in the register: a car of the dealer's stock of the
/// lead's model is marked sold; a car the register has not seen is entered,
/// marked with the sales manager who confirmed it (`confirmed_by`), and true
/// is returned; anything else is refused (`lead::may_sell`).
async fn register(
    tx: &mut Tx,
    vin: &Vin,
    lead: &LeadRow,
    confirmed_by: Option<UserId>,
    mobile: &str,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let (model, dealer) = (lead.model_id, lead.dealer_id);
    let refused = |e: TransitionError| DomainError::invalid(Field::Vin, e);
    let today = now.date_naive().format("%Y-%m-%d").to_string();
    let car = match ownership::entry(tx, vin.as_str()).await? {
        None => InRegister::Unknown,
        Some(e) if e.sold() => InRegister::Sold,
        Some(e) => InRegister::Stock { dealer: e.selling_dealer_id, model: e.model_id },
    };
    may_sell(car, dealer, model, confirmed_by.is_some()).map_err(refused)?;
    let sale = ownership::Sold { vin: vin.as_str(), day: &today, dealer, mobile };
    if car == InRegister::Unknown {
        ownership::enter_sold(tx, &sale, model, now.year(), confirmed_by).await.map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                refused(TransitionError::CarTaken)
            } else {
                DomainError::Database(e)
            }
        })?;
    } else if !ownership::mark_sold(tx, &sale).await? {
        return Err(refused(TransitionError::CarTaken));
    }
    if ownership::current_owner(tx, vin.as_str()).await?.is_some() {
        return Err(refused(TransitionError::CarTaken));
    }
    Ok(car == InRegister::Unknown)
}

/// A new owner is invited by SMS to set a password at `invitation` (their
/// account exists, its mobile verified); an existing one finds the car in
/// their garage and a note.
async fn welcome(
    tx: &mut Tx,
    buyer: UserId,
    invitation: Option<String>,
    vin: &Vin,
    mobile: &str,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if let Some(link) = invitation {
        let route = (Channel::Sms, mobile.to_owned());
        let welcome = Notice::WelcomeBuyer { vin: vin.to_string(), link };
        outbox::enqueue(&mut **tx, Some(buyer), route, Category::Security, &welcome, Lang::of_locale(Some(locale)), now)
            .await
    } else {
        let link = format!("/me/garage/{vin}");
        let message = Message { notice: Notice::CarDelivered, link: &link, category: Category::Service };
        tell(tx, buyer, message, now).await
    }
}

/// Credits the referring owner for the sale, once per sale and once per person
/// referred (the unique keys decide); loyalty turns the fact into points.
async fn credit(tx: &mut Tx, referrer: UserId, lead: i64, mobile: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let credited = sqlx::query(
        "INSERT INTO referral_credits (referrer_id, lead_id, referred_mobile, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(referrer)
    .bind(lead)
    .bind(mobile)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    if credited.rows_affected() == 0 {
        return Ok(());
    }
    crate::fact::store::emit(tx, Fact::ReferralWon { lead, referrer }, now).await?;
    let message = Message { notice: Notice::ReferralWon, link: "/me/referral", category: Category::Service };
    tell(tx, referrer, message, now).await
}
