//! The booking page's choices, each read in one call.

use super::plan::{calendar, day_offers, dealer_plan, service_types};
use super::row::service;
use crate::account::UserId;
use crate::booking::choices::BookingChoices;
use crate::booking::Offer;
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

/// What the owner may choose from: the chosen car's open recalls once it is
/// one of theirs, and the calendar (and `day`'s starts) once a dealer and a
/// known service are chosen.
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
    let preferred = crate::profile::store::load(db, owner).await?.details.preferred_dealer_id;
    let mut dealers = crate::dealer::list(db).await?;
    dealers.sort_by_key(|d| (Some(d.id) != preferred, d.city_en.clone()));
    let services = service_types(db).await?;
    let open_recalls = match cars.iter().find(|c| c.vin.as_str() == vin) {
        Some(car) => crate::warranty::store::open_campaigns(db, car.vin.as_str())
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.title_zh, c.title_en))
            .collect(),
        None => Vec::new(),
    };
    let mut choices =
        BookingChoices { cars, dealers, services, calendar: Vec::new(), offers: Vec::new(), open_recalls };
    let chosen = service.and_then(|id| choices.services.iter().find(|s| s.id == id).cloned());
    if let (Some(dealer), Some(service)) = (dealer, chosen) {
        let plan = dealer_plan(db, dealer).await?;
        choices.calendar = calendar(db, &plan, &service, now).await?;
        if let Some(day) = day {
            choices.offers = day_offers(db, &plan, &service, day, now).await?;
        }
    }
    Ok(choices)
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
