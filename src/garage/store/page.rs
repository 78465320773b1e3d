//! The owner's garage pages, each read in one call: what several stores know
//! about a car (a module of its own, which nothing else imports, as it reads
//! the booking and reminder stores that read the garage).

use super::read::{car, cars, history};
use crate::account::UserId;
use crate::booking::store::next_visit;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::{CarPage, CarSummary};
use crate::reminder::store::for_car;
use crate::warranty::store::{lookup_for, register_entry};

/// The owner's cars, each with its reminders and its next visit.
pub async fn garage(db: &Db, clock: &dyn Clock, owner: UserId) -> Result<Vec<CarSummary>, DomainError> {
    let today = clock.now().date_naive();
    let mut summaries = Vec::new();
    for car in cars(db, owner).await? {
        let reminders = for_car(db, &car, today).await?;
        let next_visit = next_visit(db, clock, owner, car.vin.as_str()).await?;
        summaries.push(CarSummary { car, reminders, next_visit });
    }
    Ok(summaries)
}

/// The owner's car with this VIN and everything its page shows; `NotFound`
/// when it is not theirs.
pub async fn car_page(db: &Db, clock: &dyn Clock, owner: UserId, vin: &str) -> Result<CarPage, DomainError> {
    let today = clock.now().date_naive();
    let car = car(db, owner, vin).await?;
    let lookup = match register_entry(db.pool(), car.vin.as_str()).await? {
        Some(entry) => Some(lookup_for(db.pool(), &entry, today).await?),
        None => None,
    };
    let history = history(db.pool(), &car).await?;
    let reminders = for_car(db, &car, today).await?;
    let next_visit = next_visit(db, clock, owner, car.vin.as_str()).await?;
    Ok(CarPage { car, lookup, history, reminders, next_visit })
}
