//! The visit while the car is in the workshop: work starts, the car is ready
//! for pick-up. Each step is a conditional update on the current stage, so a
//! stale page or a second click cannot skip or repeat one. Extra work is
//! estimated and answered in `estimate.rs`.

use super::row::event;
use super::status::{step, Records};
use crate::booking::{DealerVisit, Party, Step};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};

/// A technician has started on the car.
pub async fn start_work(db: &Db, clock: &dyn Clock, visit: DealerVisit) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    step(&mut tx, dealer, booking, Step::StartWork, Party::Dealer, Records::at(now)).await?;
    event(&mut tx, booking, now, advisor, "in_work", "").await?;
    tx.commit().await?;
    Ok(())
}

/// The car is ready for pick-up; the owner is told.
pub async fn ready(db: &Db, clock: &dyn Clock, visit: DealerVisit) -> Result<(), DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let owner = step(&mut tx, dealer, booking, Step::ReadyForPickup, Party::Dealer, Records::at(now)).await?;
    event(&mut tx, booking, now, advisor, "ready", "").await?;
    let link = format!("/me/bookings/{booking}");
    let message = Message { notice: Notice::Ready, link: &link, category: Category::Service };
    tell(&mut tx, owner, message, now).await?;
    tx.commit().await?;
    Ok(())
}
