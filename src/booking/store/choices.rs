//! The booking page's choices, each read in one call.

use super::plan::{calendar, day_offers, dealer_plan, service_types};
use super::row::service;
use crate::account::UserId;
use crate::booking::choices::{default_dealer, offer_order, BookingChoices, Known};
use crate::booking::{Offer, Stage};
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

/// What the owner may choose from: the chosen car's open recalls once it is
/// one of theirs, the dealer to propose (`default_dealer`) when none is asked
/// for, and the calendar (and `day`'s starts) once a car, a dealer and a known
/// service are chosen.
pub async fn booking_choices(
    db: &Db,
    now: DateTime<Utc>,
    owner: UserId,
    vin: &str,
    dealer: Option<i64>,
    service: Option<i64>,
    day: Option<NaiveDate>,
) -> Result<BookingChoices, DomainError> {
    let cars = crate::garage::store::cars(db, owner).await?;
    let car = match cars.iter().find(|c| c.vin.as_str() == vin) {
        Some(car) => Some(car.vin.to_string()),
        None if vin.is_empty() && cars.len() == 1 => cars.first().map(|c| c.vin.to_string()),
        None => None,
    };
    let details = crate::profile::store::load(db, owner).await?.details;
    let last_visit = match &car {
        Some(vin) => last_visit_dealer(db, owner, vin).await?,
        None => None,
    };
    let known = Known { preferred: details.preferred_dealer_id, last_visit, city: details.city };
    let mut dealers = crate::dealer::list(db).await?;
    let dealer = dealer.filter(|id| dealers.iter().any(|d| d.id == *id)).or_else(|| default_dealer(&dealers, &known));
    offer_order(&mut dealers, &known);
    let services = service_types(db).await?;
    let open_recalls = match &car {
        Some(vin) => crate::warranty::store::fixable_campaigns(db, vin)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.title)
            .collect(),
        None => Vec::new(),
    };
    let mut choices =
        BookingChoices { cars, car, dealers, dealer, services, calendar: Vec::new(), offers: Vec::new(), open_recalls };
    let chosen = service.and_then(|id| choices.services.iter().find(|s| s.id == id).cloned());
    // Times only for a chosen car: the booking form posts it.
    if let (Some(_), Some(dealer), Some(service)) = (&choices.car, dealer, chosen) {
        let plan = dealer_plan(db, dealer).await?;
        choices.calendar = calendar(db, &plan, &service, now).await?;
        if let Some(day) = day {
            choices.offers = day_offers(db, &plan, &service, day, now).await?;
        }
    }
    Ok(choices)
}

/// The dealer of the car's last visit: the owner's latest booking of it that
/// was not called off, else the dealer's latest service record of the car.
async fn last_visit_dealer(db: &Db, owner: UserId, vin: &str) -> Result<Option<i64>, DomainError> {
    let booked: Option<i64> = sqlx::query_scalar(
        "SELECT dealer_id FROM bookings WHERE owner_id = $1 AND vin = $2 AND status NOT IN ($3, $4)
         ORDER BY starts_at DESC LIMIT 1",
    )
    .bind(owner)
    .bind(vin)
    .bind(Stage::Cancelled.columns().0)
    .bind(Stage::NoShow.columns().0)
    .fetch_optional(db.pool())
    .await?;
    if booked.is_some() {
        return Ok(booked);
    }
    Ok(sqlx::query_scalar(
        "SELECT dealer_id FROM service_records WHERE vin = $1 AND dealer_id IS NOT NULL
         ORDER BY performed_on DESC, id DESC LIMIT 1",
    )
    .bind(vin)
    .fetch_optional(db.pool())
    .await?)
}

/// The free starts on `day` (the dealer's date) for a dealer and a service
/// chosen by id, as the slot picker asks for them.
pub async fn offers_on(
    db: &Db,
    now: DateTime<Utc>,
    dealer: i64,
    service_type: i64,
    day: NaiveDate,
) -> Result<Vec<Offer>, DomainError> {
    let plan = dealer_plan(db, dealer).await?;
    let service = service(db, service_type).await?;
    day_offers(db, &plan, &service, day, now).await
}
