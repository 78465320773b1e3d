//! Repair orders from the dealers' workshop systems (`pitlane::repair_order`).

use super::problem::{Body, Problem};
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::integration::{ApiKey, Scope};
use pitlane::repair_order::store::{self, Conflict, RecordError};
use pitlane::repair_order::{Order, RawOrder, RawWork};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A repair order as the workshop closed it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepairOrderIn {
    /// The workshop system's number for the order, unique at its dealer: sending it again records nothing twice.
    #[schema(example = "RO-SH01-2026-00117")]
    number: String,
    #[schema(example = "LMRAA1230RZ000010")]
    vin: String,
    /// The dealer's code; a dealer's key may name only its own.
    #[schema(example = "SH01")]
    dealer: String,
    #[schema(example = "2026-12-05")]
    opened_on: String,
    /// The day the car was handed back: the service history's date.
    #[schema(example = "2026-12-06")]
    closed_on: String,
    /// The odometer when the car came in; never below the car's last reading on or before `closed_on`.
    #[schema(example = 12034)]
    mileage_km: i64,
    /// What the owner paid in all, in yuan.
    #[schema(example = "565.00")]
    amount: String,
    /// Scheduled maintenance: the owner's next service falls due from this visit.
    #[serde(default)]
    maintenance: bool,
    /// 1 to 200 lines of labour and parts.
    lines: Vec<WorkIn>,
    /// Codes of the recall and service campaigns done in this visit: they leave the owner's pages at once.
    #[serde(default)]
    #[schema(example = json!(["R2026-01"]))]
    campaigns: Vec<String>,
    /// The Pitlane booking the visit was made under, if one: it is completed.
    booking: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkIn {
    /// `labour` or `part`.
    #[schema(example = "labour")]
    kind: String,
    #[schema(example = "更换机油")]
    description: String,
    part_number: Option<String>,
    /// 1 when absent.
    quantity: Option<i64>,
    /// The line's amount in yuan.
    #[schema(example = "120.00")]
    amount: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RepairOrderOut {
    id: i64,
    number: String,
    vin: String,
    /// The order was recorded before: nothing was written again.
    repeated: bool,
    /// The car's odometer moved to this order's reading (an older order only joins the history).
    odometer_moved: bool,
}

/// Records a closed repair order: the owner sees it in the car's service history and its reminders follow from it,
/// the odometer moves (never back), the campaigns it names are done, the booking it names is completed, and the
/// owner earns loyalty points for it once.
#[utoipa::path(post, path = "/api/v1/repair-orders", tag = "service",
    request_body = RepairOrderIn,
    responses(
        (status = 201, description = "Recorded", body = RepairOrderOut),
        (status = 200, description = "Recorded before under this number: nothing written again", body = RepairOrderOut),
        (status = 403, description = "Another dealer's order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The booking is cancelled, missed or completed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused: unknown car, campaign or booking, a mileage below the car's", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["service:write"])))]
pub async fn record(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<RepairOrderIn>,
) -> Result<(StatusCode, Json<RepairOrderOut>), Problem> {
    let raw = RawOrder {
        number: &input.number,
        vin: &input.vin,
        dealer: &input.dealer,
        opened_on: &input.opened_on,
        closed_on: &input.closed_on,
        mileage_km: input.mileage_km,
        amount: &input.amount,
        maintenance: input.maintenance,
        lines: input
            .lines
            .iter()
            .map(|l| RawWork {
                kind: &l.kind,
                description: &l.description,
                part_number: l.part_number.as_deref(),
                quantity: l.quantity.unwrap_or(1),
                amount: &l.amount,
            })
            .collect(),
        campaigns: input.campaigns.iter().map(String::as_str).collect(),
        booking: input.booking,
    };
    let codes = pitlane::register::store::codes(&state.db).await?;
    let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
    let order = Order::parse(&raw, &codes, today).map_err(|faults| Problem::refused(&faults))?;
    key.allows(Scope::ServiceWrite, Some(order.dealer))?;
    let recorded = store::record(&state.db, state.clock.now(), &order).await.map_err(|err| match err {
        RecordError::Refused(conflict) => {
            let detail = conflict.to_string();
            match conflict {
                Conflict::NotInRegister => Problem::field("vin", "not_in_register", detail),
                Conflict::UnknownCampaign(_) => Problem::field("campaigns", "unknown_campaign", detail),
                Conflict::NoSuchBooking => Problem::field("booking", "not_found", detail),
                Conflict::MileageBackwards { .. } => Problem::field("mileage_km", "below_recorded", detail),
                Conflict::BookingState => Problem::conflict("booking_state", detail),
            }
        }
        RecordError::Domain(err) => Problem::unavailable(&err),
    })?;
    let status = if recorded.repeated { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        Json(RepairOrderOut {
            id: recorded.id,
            number: order.number,
            vin: order.vin.to_string(),
            repeated: recorded.repeated,
            odometer_moved: recorded.odometer_moved,
        }),
    ))
}
