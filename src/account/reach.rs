//! Whom a staff desk may reach. Brand-wide desks reach every owner and car; a
//! dealer's desk only those with a relation to its dealer that the owner made
//! or that happened: a booking the owner made (or confirmed) in the portal, a visit that took
//! place there, a case the owner opened there, a lead of theirs it worked, or a car it sold (a car it
//! holds in stock is nobody's yet). A booking or case staff record for an owner by phone does not count on its own, so a
//! desk cannot make itself a relation with anyone whose number it knows.
//! Everyone else is answered as if they did not exist (404).

use super::{Desk, UserId};
use crate::db::Db;
use crate::error::DomainError;
use crate::types::Vin;

/// `Ok` when `desk` reaches the car, `NotFound` otherwise.
pub async fn car(db: &Db, desk: Desk, vin: &Vin) -> Result<(), DomainError> {
    let Some(dealer) = desk.dealer() else { return Ok(()) };
    let relations: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM vehicles WHERE vin = $1 AND selling_dealer_id = $2 AND sale_date IS NOT NULL)
              + (SELECT COUNT(*) FROM bookings WHERE vin = $1 AND dealer_id = $2 AND (channel = 'portal' OR owner_confirmed_at IS NOT NULL OR status IN ('checked_in', 'completed')))
              + (SELECT COUNT(*) FROM cases WHERE vin = $1 AND dealer_id = $2 AND channel = 'portal')",
    )
    .bind(vin.as_str())
    .bind(dealer)
    .fetch_one(db.pool())
    .await?;
    found(relations)
}

/// `Ok` when `desk` reaches the owner, `NotFound` otherwise.
pub async fn owner(db: &Db, desk: Desk, owner: UserId) -> Result<(), DomainError> {
    let Some(dealer) = desk.dealer() else { return Ok(()) };
    let relations: i64 =
        sqlx::query_scalar(&format!("SELECT CASE WHEN {} THEN 1 ELSE 0 END", owner_at_dealer("$1", "$2")))
            .bind(owner)
            .bind(dealer)
            .fetch_one(db.pool())
            .await?;
    found(relations)
}

/// The SQL condition "the owner `owner` has a relation with the dealer
/// `dealer`" (both SQL expressions): the one rule, for one owner or a list.
pub(crate) fn owner_at_dealer(owner: &str, dealer: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM bookings WHERE owner_id = {owner} AND dealer_id = {dealer}
                  AND (channel = 'portal' OR owner_confirmed_at IS NOT NULL OR status IN ('checked_in', 'completed')))
          OR EXISTS (SELECT 1 FROM cases WHERE owner_id = {owner} AND dealer_id = {dealer} AND channel = 'portal')
          OR EXISTS (SELECT 1 FROM leads WHERE owner_id = {owner} AND dealer_id = {dealer})
          OR EXISTS (SELECT 1 FROM ownerships o JOIN vehicles v ON v.vin = o.vin
                     WHERE o.owner_id = {owner} AND o.ended_at IS NULL AND v.selling_dealer_id = {dealer}))"
    )
}

/// `Ok` when the car has been at `desk`'s workshop (checked in or done there):
/// work on it, such as a campaign done, is recorded only from a visit.
pub async fn visit(db: &Db, desk: Desk, vin: &Vin) -> Result<(), DomainError> {
    let Some(dealer) = desk.dealer() else { return Ok(()) };
    let visits: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE vin = $1 AND dealer_id = $2 AND status IN ('checked_in', 'completed')",
    )
    .bind(vin.as_str())
    .bind(dealer)
    .fetch_one(db.pool())
    .await?;
    found(visits)
}

fn found(relations: i64) -> Result<(), DomainError> {
    if relations > 0 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}
