//! Who is calling: the telephony system's screen pop for a mobile number (the
//! integration API's `GET /api/v1/callers/{mobile}`). A dealer's system sees
//! only owners its dealer reaches (`account::reach`), and of them only that
//! dealer's cases and bookings, as a dealer's desk does on the customer page.

use crate::account::reach::owner_at_dealer;
use crate::account::{DealerId, UserId};
use crate::case::Status;
use crate::db::Db;
use crate::types::Mobile;
use chrono::{DateTime, Utc};

/// An owner as the agent answering the phone needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub owner: UserId,
    pub name: String,
    /// The loyalty tier's name (`silver`, `gold`, `platinum`).
    pub tier: String,
    pub cars: Vec<CallerCar>,
    pub open_cases: Vec<OpenCase>,
    pub next_booking: Option<NextBooking>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CallerCar {
    pub vin: String,
    pub model_zh: String,
    pub model_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub id: i64,
    pub title: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NextBooking {
    pub id: i64,
    pub starts_at: i64,
    pub dealer: String,
}

/// The owner with this mobile, if the caller's system may see them: `None`
/// for a number no owner has and for an owner out of the dealer's reach alike.
pub async fn caller(
    db: &Db,
    now: DateTime<Utc>,
    mobile: &Mobile,
    dealer: Option<DealerId>,
) -> Result<Option<Caller>, sqlx::Error> {
    let found: Option<(UserId, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT u.id, u.display_name, a.tier FROM users u LEFT JOIN loyalty_accounts a ON a.owner_id = u.id
         WHERE u.mobile = $1 AND u.role = 'owner' AND u.disabled_at IS NULL
           AND ($2 IS NULL OR {})",
        owner_at_dealer("u.id", "$2")
    ))
    .bind(mobile.as_str())
    .bind(dealer)
    .fetch_optional(db.pool())
    .await?;
    let Some((owner, name, tier)) = found else { return Ok(None) };
    let cars = sqlx::query_as(
        "SELECT o.vin, m.name_zh AS model_zh, m.name_en AS model_en FROM ownerships o
         JOIN vehicles v ON v.vin = o.vin JOIN car_models m ON m.id = v.model_id
         WHERE o.owner_id = $1 AND o.ended_at IS NULL ORDER BY o.started_at",
    )
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    let cases: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, title, status FROM cases WHERE owner_id = $1 AND ($2 IS NULL OR dealer_id = $2) ORDER BY id DESC",
    )
    .bind(owner)
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    let open_cases = cases
        .into_iter()
        .filter_map(|(id, title, status)| Status::parse(&status).map(|status| OpenCase { id, title, status }))
        .filter(|case| case.status.is_open())
        .collect();
    let next_booking = sqlx::query_as(
        "SELECT b.id, b.starts_at, d.code AS dealer FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         WHERE b.owner_id = $1 AND b.status IN ('booked', 'checked_in') AND b.ends_at >= $2 AND ($3 IS NULL OR b.dealer_id = $3)
         ORDER BY b.starts_at LIMIT 1",
    )
    .bind(owner)
    .bind(now.timestamp_millis())
    .bind(dealer)
    .fetch_optional(db.pool())
    .await?;
    Ok(Some(Caller { owner, name, tier: tier.unwrap_or_else(|| "silver".to_owned()), cars, open_cases, next_booking }))
}
