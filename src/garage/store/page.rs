//! The owner's garage pages, each read in one call: what several stores know
//! about a car (a module of its own, which nothing else imports, as it reads
//! the booking and reminder stores that read the garage).

use super::read::{car, cars, history, last_maintenance};
use crate::account::UserId;
use crate::booking::store::{next_visit, next_visits};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::{CarPage, CarSummary};
use crate::reminder::store::{for_owner, of_car};
use crate::warranty::store::{lookup_for, register_entry};

/// The owner's cars, each with its reminders and its next visit: a fixed
/// number of queries whatever the number of cars.
pub async fn garage(db: &Db, clock: &dyn Clock, owner: UserId) -> Result<Vec<CarSummary>, DomainError> {
    let today = clock.now().date_naive();
    let cars = cars(db, owner).await?;
    let mut reminders = for_owner(db, owner, &cars, today).await?;
    let mut visits = next_visits(db, clock, owner).await?;
    Ok(cars
        .into_iter()
        .map(|car| {
            let vin = car.vin.as_str();
            let (reminders, next_visit) = (reminders.remove(vin).unwrap_or_default(), visits.remove(vin));
            CarSummary { car, reminders, next_visit }
        })
        .collect())
}

/// The owner's car with this VIN and everything its page shows; `NotFound`
/// when it is not theirs.
pub async fn car_page(db: &Db, clock: &dyn Clock, owner: UserId, vin: &str) -> Result<CarPage, DomainError> {
    let today = clock.now().date_naive();
    let car = car(db, owner, vin).await?;
    let (lookup, reminders) = match register_entry(db, car.vin.as_str()).await? {
        Some(entry) => {
            let lookup = lookup_for(db, &entry, today).await?;
            let last = last_maintenance(db, car.vin.as_str()).await?;
            let reminders = of_car(&car, &entry, lookup.clone(), last, today);
            (Some(lookup), reminders)
        }
        None => (None, Vec::new()),
    };
    let history = history(db, &car).await?;
    let next_visit = next_visit(db, clock, owner, car.vin.as_str()).await?;
    Ok(CarPage { car, lookup, history, reminders, next_visit })
}
