//! A dealer's bookings for the workshop system (`pitlane::booking`).

use super::problem::{Params, Problem};
use app::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use pitlane::booking::{Stage, Visit};
use pitlane::integration::{ApiKey, Scope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
pub struct DayAsked {
    /// The dealer's code; a dealer's key may ask for its own only.
    dealer: String,
    /// `YYYY-MM-DD` in the dealer's calendar; today when absent.
    day: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayOut {
    dealer: String,
    day: String,
    /// The day's visits by start time.
    bookings: Vec<BookingOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BookingOut {
    id: i64,
    vin: String,
    model_zh: String,
    model_en: String,
    service_zh: String,
    service_en: String,
    /// RFC 3339, UTC.
    starts_at: String,
    ends_at: String,
    /// `booked`, `checked_in`, `in_work`, `awaiting_approval`, `ready_for_pickup`, `completed`, `cancelled` or `no_show`.
    stage: &'static str,
    /// Recall fixes booked with the visit.
    recalls: u32,
    /// The owner's words about the visit.
    note: Option<String>,
    /// Absent while a booking made on the phone waits for its owner to confirm it.
    owner: Option<OwnerOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerOut {
    name: String,
    mobile: Option<String>,
}

fn stage(stage: Stage) -> &'static str {
    match stage {
        Stage::Booked => "booked",
        Stage::CheckedIn => "checked_in",
        Stage::InWork => "in_work",
        Stage::AwaitingApproval => "awaiting_approval",
        Stage::ReadyForPickup => "ready_for_pickup",
        Stage::Completed => "completed",
        Stage::Cancelled => "cancelled",
        Stage::NoShow => "no_show",
    }
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl From<Visit> for BookingOut {
    fn from(visit: Visit) -> Self {
        let owner =
            visit.booking.relates_dealer().then_some(OwnerOut { name: visit.owner_name, mobile: visit.owner_mobile });
        Self {
            id: visit.booking.id,
            vin: visit.booking.vin.to_string(),
            model_zh: visit.model_zh,
            model_en: visit.model_en,
            service_zh: visit.service_zh,
            service_en: visit.service_en,
            starts_at: time(visit.booking.starts_at),
            ends_at: time(visit.booking.ends_at),
            stage: stage(visit.booking.stage),
            recalls: visit.recalls,
            note: visit.booking.note,
            owner,
        }
    }
}

/// A dealer's bookings on one day, for its workshop system's schedule.
#[utoipa::path(get, path = "/api/v1/bookings", tag = "service",
    params(DayAsked),
    responses(
        (status = 200, body = DayOut),
        (status = 403, description = "Another dealer's day", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown dealer or a day that is not one", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["bookings:read"])))]
pub async fn day(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Params(asked): Params<DayAsked>,
) -> Result<Json<DayOut>, Problem> {
    let code = asked.dealer.trim();
    let dealer = pitlane::dealer::id_by_code(&state.db, code)
        .await?
        .ok_or_else(|| Problem::field("dealer", "unknown_dealer", "no dealer has this code"))?;
    key.allows(Scope::BookingsRead, Some(dealer))?;
    let now = state.clock.now();
    let plan = pitlane::booking::store::dealer_plan(&state.db, dealer).await.map_err(|e| Problem::unavailable(&e))?;
    let day = match asked.day.as_deref() {
        None => pitlane::zone::local_date(plan.zone, now),
        Some(raw) => pitlane::types::parse_date(raw)
            .map_err(|_| Problem::field("day", "invalid_date", "a date as YYYY-MM-DD"))?,
    };
    let sheet =
        pitlane::booking::store::day_sheet(&state.db, &plan, day, now).await.map_err(|e| Problem::unavailable(&e))?;
    Ok(Json(DayOut {
        dealer: code.to_owned(),
        day: day.to_string(),
        bookings: sheet.visits.into_iter().map(BookingOut::from).collect(),
    }))
}
