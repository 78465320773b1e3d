//! The call centre's screen pop (`pitlane::customer::store::caller`).

use super::problem::Problem;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use pitlane::integration::ApiKey;
use pitlane::types::Mobile;
use serde::Serialize;
use utoipa::ToSchema;

/// The owner on the line.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallerOut {
    owner: i64,
    name: String,
    /// `silver`, `gold` or `platinum`.
    tier: String,
    cars: Vec<CallerCarOut>,
    /// Cases not yet resolved, newest first (a dealer's key: that dealer's only).
    open_cases: Vec<OpenCaseOut>,
    /// The next visit booked (a dealer's key: at that dealer).
    next_booking: Option<NextBookingOut>,
    /// The owner's page for staff, to open from the phone's screen.
    staff_page: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallerCarOut {
    vin: String,
    model_zh: String,
    model_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenCaseOut {
    id: i64,
    title: String,
    /// `submitted`, `acknowledged` or `in_progress`.
    status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NextBookingOut {
    id: i64,
    /// RFC 3339, UTC.
    starts_at: String,
    dealer: String,
}

/// Who is calling: the owner with this mobile, their tier, cars, open cases and next booking, and a link to their
/// page for staff. An unknown number (or, for a dealer's key, an owner the dealer has no relation with) is 404,
/// with a link where staff record the caller as a case or a lead.
#[utoipa::path(get, path = "/api/v1/callers/{mobile}", tag = "callers",
    params(("mobile" = String, Path, description = "The caller's mainland mobile, as the telephone network gives it (`+86` allowed)")),
    responses(
        (status = 200, body = CallerOut),
        (status = 404, description = "No owner has this number: `detail` holds the link to record the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a mainland mobile number", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["callers:read"])))]
pub async fn find(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(mobile): Path<String>,
) -> Result<Json<CallerOut>, Problem> {
    let mobile = Mobile::parse(&mobile).map_err(|e| Problem::field("mobile", "invalid_mobile", e.to_string()))?;
    let origin = &state.public_origin;
    let found = pitlane::customer::store::caller(&state.db, state.clock.now(), &mobile, key.dealer).await?;
    let Some(caller) = found else {
        let record = origin.link(&format!("/staff/customers?q={}", mobile.as_str()));
        return Err(Problem::not_found(format!(
            "no owner has this number; record the caller as a case or a lead at {record}"
        )));
    };
    Ok(Json(CallerOut {
        owner: caller.owner,
        name: caller.name,
        tier: caller.tier,
        cars: caller
            .cars
            .into_iter()
            .map(|c| CallerCarOut { vin: c.vin, model_zh: c.model_zh, model_en: c.model_en })
            .collect(),
        open_cases: caller
            .open_cases
            .into_iter()
            .map(|c| OpenCaseOut { id: c.id, title: c.title, status: c.status.as_str().to_owned() })
            .collect(),
        next_booking: caller.next_booking.map(|b| NextBookingOut {
            id: b.id,
            starts_at: chrono::DateTime::from_timestamp_millis(b.starts_at)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            dealer: b.dealer,
        }),
        staff_page: origin.link(&format!("/staff/owners/{}", caller.owner)),
    }))
}
