//! A dealer's bookings for the workshop system (`pitlane::booking`).

use super::agent::agent;
use super::problem::{Body, Params, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use pitlane::booking::{DealerVisit, Stage, Visit};
use pitlane::integration::{ApiKey, Refusal, Scope};
use pitlane::types::Km;
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
            stage: visit.booking.stage.as_str(),
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

/// A step the workshop system reports on a visit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepIn {
    /// The dealer's code; a dealer's key may name only its own.
    #[schema(example = "SH01")]
    dealer: String,
    /// The advisor who took the step, by their portal e-mail: a member of this dealer's workshop (the history names
    /// them).
    #[schema(example = "advisor.sh@meridian-motors.cn")]
    agent: String,
    /// `check_in` (with `mileage_km`), `no_show`, `start_work` or `ready_for_pickup`. A visit is completed by posting
    /// its repair order to `/api/v1/repair-orders` with this `booking`.
    #[schema(example = "check_in")]
    step: String,
    /// The odometer at check-in.
    #[schema(example = 12034)]
    mileage_km: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepOut {
    id: i64,
    /// Where the visit stands now.
    #[schema(example = "checked_in")]
    stage: &'static str,
}

/// Moves a visit along the workshop's steps as the advisor who took them, by the same rules as the advisor's day
/// sheet: the owner follows each step in the portal (told when the car is ready), and a step the visit's stage does not
/// allow is 409.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/step", tag = "service",
    params(("id" = i64, Path)),
    request_body = StepIn,
    responses(
        (status = 200, description = "Taken", body = StepOut),
        (status = 403, description = "Another dealer's visit or advisor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No booking of this dealer has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit's stage does not allow the step (or too early to check in)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["bookings:write"])))]
pub async fn step(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
    Body(input): Body<StepIn>,
) -> Result<Json<StepOut>, Problem> {
    let dealer = pitlane::dealer::id_by_code(&state.db, input.dealer.trim())
        .await?
        .ok_or_else(|| Problem::field("dealer", "unknown_dealer", "no dealer has this code"))?;
    key.allows(Scope::BookingsWrite, Some(dealer))?;
    let staff = agent(&state, &key, &input.agent).await?;
    if !staff.role.is_workshop() {
        return Err(Problem::field("agent", "not_workshop", "this member of staff does not work in a workshop"));
    }
    if !staff.desk.covers(dealer) {
        return Err(Refusal::OtherDealer.into());
    }
    let visit = DealerVisit { advisor: staff.id, dealer, booking: id };
    let (db, clock) = (&state.db, &*state.clock);
    let stage = match input.step.trim() {
        "check_in" => {
            let km = input
                .mileage_km
                .and_then(|km| u32::try_from(km).ok())
                .and_then(|km| Km::new(km).ok())
                .ok_or_else(|| Problem::field("mileage_km", "required", "the odometer at check-in, whole km"))?;
            pitlane::booking::store::check_in(db, clock, visit, km).await?;
            Stage::CheckedIn
        }
        "no_show" => {
            pitlane::booking::store::no_show(db, clock, visit).await?;
            Stage::NoShow
        }
        "start_work" => {
            pitlane::booking::store::start_work(db, clock, visit).await?;
            Stage::InWork
        }
        "ready_for_pickup" => {
            pitlane::booking::store::ready(db, clock, visit).await?;
            Stage::ReadyForPickup
        }
        _ => return Err(Problem::field("step", "unknown", "check_in, no_show, start_work or ready_for_pickup")),
    };
    Ok(Json(StepOut { id, stage: stage.as_str() }))
}
