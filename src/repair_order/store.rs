//! A closed repair order written in one transaction: the service record, the
//! odometer, the campaigns fixed, the booking it names, the fact loyalty earns
//! from; once per dealer and order number.

use super::Order;
use crate::db::{is_unique_violation, Db};
use crate::error::{DomainError, FieldError, Problem, WriteError};
use crate::fact::Fact;
use crate::garage::store::odometer::{odometer, write_odometer};
use crate::garage::store::ownership::{current_owner, current_ownership};
use crate::garage::{raises, Reading};
use chrono::{DateTime, Utc};

/// What the order did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    /// The order was recorded before: nothing was written this time.
    pub repeated: bool,
    /// The car's odometer moved to the order's reading.
    pub odometer_moved: bool,
}

/// Why a parsed order cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("the car is not in the register")]
    NotInRegister,
    #[error("no campaign has the code {0:?}")]
    UnknownCampaign(String),
    #[error("no booking of this car at this dealer has this number")]
    NoSuchBooking,
    #[error("the booking is cancelled, missed or completed already")]
    BookingState,
    #[error("the car's odometer read {recorded} km on or before this order's day: readings never go back")]
    MileageBackwards { recorded: u32 },
}

pub type RecordError = WriteError<Conflict>;

async fn recorded_before(db: &Db, order: &Order) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM repair_orders WHERE dealer_id = $1 AND number = $2")
        .bind(order.dealer)
        .bind(&order.number)
        .fetch_optional(db.pool())
        .await
}

pub async fn record(db: &Db, now: DateTime<Utc>, order: &Order) -> Result<Recorded, RecordError> {
    let repeat = |id| Recorded { id, repeated: true, odometer_moved: false };
    if let Some(id) = recorded_before(db, order).await? {
        return Ok(repeat(id));
    }
    let vin = order.vin.as_str();
    let refused = RecordError::Refused;
    let mut tx = db.begin_write().await?;
    let car = odometer(db, &mut tx, vin).await?.ok_or(refused(Conflict::NotInRegister))?;
    // A reading on or after the odometer's own day may not be lower; an older order only joins the history.
    let current = car.on.is_none_or(|on| order.closed_on >= on);
    let km = order.mileage.get();
    if let Some(recorded) = car.km.filter(|recorded| current && km < *recorded) {
        return Err(refused(Conflict::MileageBackwards { recorded }));
    }
    let odometer_moved = current && raises(car.km, km);
    if odometer_moved {
        write_odometer(&mut tx, vin, car.km, Reading { km, on: order.closed_on }).await?;
    }
    for code in &order.campaigns {
        let campaign: Option<i64> =
            sqlx::query_scalar("SELECT id FROM campaigns WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?;
        let campaign = campaign.ok_or_else(|| refused(Conflict::UnknownCampaign(code.clone())))?;
        let dealer = Some(order.dealer);
        crate::warranty::store::mark_done(&mut tx, campaign, &order.vin, order.closed_on, dealer, None, now).await?;
    }
    if let Some(booking) = order.booking {
        let closed = (order.mileage, order.amount);
        crate::booking::store::close_from_workshop(&mut tx, order.dealer, booking, &order.vin, closed, now)
            .await
            .map_err(|err| match err {
                DomainError::NotFound => refused(Conflict::NoSuchBooking),
                DomainError::Invalid(FieldError { problem: Problem::WrongState, .. }) => {
                    refused(Conflict::BookingState)
                }
                other => RecordError::Domain(other),
            })?;
    }
    let ownership = current_ownership(&mut tx, vin).await?;
    let garage: String =
        sqlx::query_scalar("SELECT name_zh FROM dealers WHERE id = $1").bind(order.dealer).fetch_one(&mut *tx).await?;
    let service_record: i64 = sqlx::query_scalar(
        "INSERT INTO service_records (vin, ownership_id, source, performed_on, mileage_km, work, garage_name, dealer_id,
                                      counts_as_service, created_at, booking_id)
         VALUES ($1, $2, 'dealer', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(vin)
    .bind(ownership)
    .bind(order.closed_on.to_string())
    .bind(i64::from(km))
    .bind(order.work_done())
    .bind(&garage)
    .bind(order.dealer)
    .bind(i64::from(order.maintenance))
    .bind(now.timestamp_millis())
    .bind(order.booking)
    .fetch_one(&mut *tx)
    .await?;
    let lines =
        serde_json::to_string(&order.lines).map_err(|e| DomainError::Database(sqlx::Error::Encode(e.into())))?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO repair_orders (dealer_id, number, vin, opened_on, closed_on, mileage_km, amount_fen, maintenance,
                                    lines, campaigns, booking_id, service_record_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(order.dealer)
    .bind(&order.number)
    .bind(vin)
    .bind(order.opened_on.to_string())
    .bind(order.closed_on.to_string())
    .bind(i64::from(km))
    .bind(order.amount.fen())
    .bind(i64::from(order.maintenance))
    .bind(&lines)
    .bind(order.campaigns.join(","))
    .bind(order.booking)
    .bind(service_record)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(id) => id,
        // The same order from a second call meanwhile: that one stands.
        Err(err) if is_unique_violation(&err) => {
            drop(tx);
            return Ok(repeat(recorded_before(db, order).await?.ok_or(DomainError::NotFound)?));
        }
        Err(err) => return Err(err.into()),
    };
    let (dealer, amount, vin) = (order.dealer, order.amount, order.vin.clone());
    let fact = match order.booking {
        Some(booking) => Fact::ServiceCompleted { booking, vin, dealer, amount },
        None => {
            let owner = current_owner(&mut tx, order.vin.as_str()).await?;
            Fact::RepairOrderClosed { order: id, vin, dealer, amount, owner }
        }
    };
    crate::fact::store::emit(&mut tx, fact, now).await?;
    tx.commit().await?;
    Ok(Recorded { id, repeated: false, odometer_moved })
}
