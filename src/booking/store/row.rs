//! A booking as stored: the row and its columns, an estimate's, the owner's own booking, the
//! history line every change writes, and the fair-use count of writes.

use super::plan::service_types;
use crate::account::UserId;
use crate::booking::{Booking, Decision, Estimate, Made, MadeVia, ServiceType, Stage};
use crate::db::Db;
use crate::error::{DomainError, Field, Problem, Throttle};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

pub(super) async fn event(
    tx: &mut Transaction<'static, Any>,
    booking: i64,
    at: DateTime<Utc>,
    actor: UserId,
    kind: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    crate::history::record(tx, crate::history::Subject::Booking(booking), at, Some(actor), kind, detail).await
}

pub(super) async fn service(db: &Db, id: i64) -> Result<ServiceType, DomainError> {
    service_types(db)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(DomainError::invalid(Field::ServiceType, Problem::UnknownChoice))
}

/// Counts one booking write by `account` against `FAIR_USE`'s hourly limit.
pub(super) async fn count_write(db: &Db, account: UserId, now: DateTime<Utc>) -> Result<(), DomainError> {
    let limit = i64::from(crate::booking::FAIR_USE.booking_writes_per_hour);
    crate::rate_limit::hit(
        db,
        (Throttle::BookingWrite, "booking_write"),
        &account.to_string(),
        now,
        limit,
        chrono::Duration::hours(1),
    )
    .await
}

#[derive(sqlx::FromRow)]
pub(super) struct BookingRow {
    pub(super) id: i64,
    pub(super) vin: crate::types::Vin,
    pub(super) dealer_id: i64,
    pub(super) service_type_id: i64,
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
    pub(super) bays: i64,
    pub(super) status: String,
    pub(super) workshop_stage: Option<String>,
    pub(super) note: Option<String>,
    pub(super) dealer_change: Option<String>,
    pub(super) channel: MadeVia,
    pub(super) owner_confirmed_at: Option<i64>,
    pub(super) created_at: i64,
}

impl BookingRow {
    pub(super) fn booking(&self) -> Booking {
        Booking {
            id: self.id,
            vin: self.vin.clone(),
            dealer_id: self.dealer_id,
            service_type_id: self.service_type_id,
            starts_at: DateTime::from_timestamp_millis(self.starts_at).unwrap_or_default(),
            ends_at: DateTime::from_timestamp_millis(self.ends_at).unwrap_or_default(),
            // The CHECK constraints allow no other pair; a booking is never hidden for it.
            stage: Stage::from_columns(&self.status, self.workshop_stage.as_deref()).unwrap_or(Stage::Booked),
            note: self.note.clone(),
            awaits_owner: self.made() != Made::ByOwner,
        }
    }

    /// How the booking came about, for check-in and the owner's page.
    pub(super) fn made(&self) -> Made {
        match (self.channel, self.owner_confirmed_at) {
            (MadeVia::Phone, None) => {
                Made::OnThePhone { at: DateTime::from_timestamp_millis(self.created_at).unwrap_or_default() }
            }
            _ => Made::ByOwner,
        }
    }
}

pub(super) const BOOKING_COLUMNS: &str =
    "id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, workshop_stage, note, dealer_change, channel,
     owner_confirmed_at, created_at";

pub(super) async fn owned(db: &Db, owner: UserId, id: i64) -> Result<BookingRow, DomainError> {
    let row: Option<BookingRow> =
        sqlx::query_as(&format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1 AND owner_id = $2"))
            .bind(id)
            .bind(owner)
            .fetch_optional(db.pool())
            .await?;
    row.ok_or(DomainError::NotFound)
}

/// An estimate as stored.
#[derive(sqlx::FromRow)]
pub(super) struct EstimateRow {
    id: i64,
    items: String,
    amount_fen: i64,
    sent_at: i64,
    decision: Option<String>,
    decided_at: Option<i64>,
}

pub(super) const ESTIMATE_COLUMNS: &str = "id, items, amount_fen, sent_at, decision, decided_at";

impl EstimateRow {
    pub(super) fn estimate(self) -> Estimate {
        let at = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or_default();
        Estimate {
            id: self.id,
            items: self.items,
            amount: crate::types::Money::from_fen(self.amount_fen),
            sent_at: at(self.sent_at),
            decision: self.decision.as_deref().and_then(Decision::parse).zip(self.decided_at.map(at)),
        }
    }
}
