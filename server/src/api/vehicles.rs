//! The sold-vehicle register (`pitlane::register`): one car by its VIN, or a
//! batch of up to 10,000 written whole or not at all.

use super::problem::{Body, FieldProblem, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use pitlane::integration::{ApiKey, Refusal, Scope};
use pitlane::register::store::{self, RecordError, Recorded};
use pitlane::register::{Buyer, Change, Codes, Conflict, Line, LineError, RawLine, RawSale, BATCH_MAX};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A car as the register should hold it. What a line leaves out (no dealer,
/// no sale) the register keeps: it never forgets a sale.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VehicleIn {
    /// The VIN: required in a batch; in a PUT the path's, and if given here it must be the same.
    #[schema(example = "LMRAA1230RZ000010")]
    vin: Option<String>,
    /// The brand's model code.
    #[schema(example = "X7")]
    model: String,
    #[schema(example = 2026)]
    model_year: i64,
    /// `YYYY-MM-DD`, not after today.
    #[schema(example = "2026-03-01")]
    production_date: String,
    /// The code of the dealer that holds the car in stock or sold it; a dealer's key may name only its own.
    #[schema(example = "SH01")]
    dealer: Option<String>,
    sale: Option<SaleIn>,
}

/// The sale to the buyer, by the line's dealer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleIn {
    /// `YYYY-MM-DD`, between production and today.
    #[schema(example = "2026-11-28")]
    date: String,
    /// The buyer's mainland mobile. An account that verified it gets the car in its garage at once;
    /// otherwise the buyer is invited by text to sign up with it, which finds the car.
    #[schema(example = "13800001234")]
    buyer_mobile: String,
}

impl VehicleIn {
    fn raw<'a>(&'a self, vin: &'a str) -> RawLine<'a> {
        RawLine {
            vin,
            model: &self.model,
            model_year: self.model_year,
            production_date: &self.production_date,
            dealer: self.dealer.as_deref(),
            sale: self.sale.as_ref().map(|s| RawSale { date: &s.date, buyer_mobile: &s.buyer_mobile }),
        }
    }
}

/// A batch of cars, written in one transaction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchIn {
    /// 1 to 10,000 cars, each VIN once.
    vehicles: Vec<VehicleIn>,
}

/// What a line did to the register.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOut {
    Created,
    Updated,
    Unchanged,
}

/// Where the buyer stands: `in_garage` (an account with the verified mobile has the car), `invited`
/// (texted to sign up), `unchanged` (nothing new for them).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuyerOut {
    InGarage,
    Invited,
    Unchanged,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedOut {
    vin: String,
    change: ChangeOut,
    buyer: BuyerOut,
}

impl RecordedOut {
    fn new(vin: &str, recorded: Recorded) -> Self {
        let change = match recorded.change {
            Change::Created => ChangeOut::Created,
            Change::Updated => ChangeOut::Updated,
            Change::Unchanged => ChangeOut::Unchanged,
        };
        let buyer = match recorded.buyer {
            Buyer::InGarage => BuyerOut::InGarage,
            Buyer::Invited => BuyerOut::Invited,
            Buyer::Unchanged => BuyerOut::Unchanged,
        };
        Self { vin: vin.to_owned(), change, buyer }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOut {
    created: usize,
    updated: usize,
    unchanged: usize,
    /// One per line, in the order sent.
    results: Vec<RecordedOut>,
}

/// A car as the register holds it.
#[derive(Debug, Serialize, ToSchema)]
pub struct VehicleOut {
    vin: String,
    model: String,
    model_year: i64,
    production_date: String,
    dealer: Option<String>,
    sale: Option<SaleOut>,
    /// Someone has the car in their Pitlane garage.
    in_a_garage: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SaleOut {
    date: String,
    buyer_mobile: Option<String>,
}

fn field_problems(prefix: &str, faults: Vec<LineError>) -> impl Iterator<Item = FieldProblem> + '_ {
    faults.into_iter().map(move |fault| FieldProblem::of(prefix, &fault))
}

fn today(state: &AppState) -> NaiveDate {
    pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now())
}

fn line(
    codes: &Codes,
    input: &VehicleIn,
    vin: &str,
    today: NaiveDate,
    prefix: &str,
) -> Result<Line, Vec<FieldProblem>> {
    Line::parse(&input.raw(vin), codes, today).map_err(|faults| field_problems(prefix, faults).collect())
}

async fn record(state: &AppState, key: &ApiKey, lines: &[Line], vins: &[&str]) -> Result<Vec<Recorded>, Problem> {
    for line in lines {
        key.allows(Scope::VehiclesWrite, line.dealer)?;
    }
    store::record(&state.db, state.clock.now(), &state.public_origin, key.dealer, lines).await.map_err(
        |err| match err {
            RecordError::Refused { line, conflict: Conflict::OtherDealer } => {
                Problem::forbidden(Refusal::OtherDealer).detail(format!("{}: the car is another dealer's", vins[line]))
            }
            RecordError::Refused { line, conflict: conflict @ Conflict::OwnedByAnother } => {
                Problem::conflict("owned_by_another", format!("{}: {conflict}", vins[line]))
            }
            RecordError::Domain(err) => Problem::unavailable(&err),
        },
    )
}

/// Enters or corrects one car of the register; a sale puts the car in the buyer's garage or invites them.
#[utoipa::path(put, path = "/api/v1/vehicles/{vin}", tag = "vehicles",
    params(("vin" = String, Path, description = "The car's 17-character VIN")),
    request_body = VehicleIn,
    responses(
        (status = 201, description = "Entered", body = RecordedOut),
        (status = 200, description = "Corrected, or unchanged", body = RecordedOut),
        (status = 403, description = "Another dealer's car", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The car has an owner with another mobile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["vehicles:write"])))]
pub async fn put_one(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(vin): Path<String>,
    Body(input): Body<VehicleIn>,
) -> Result<(StatusCode, Json<RecordedOut>), Problem> {
    if input.vin.as_deref().is_some_and(|sent| sent.trim() != vin) {
        return Err(Problem::field("vin", "mismatch", "not the path's VIN"));
    }
    let codes = store::codes(&state.db).await?;
    let line = line(&codes, &input, &vin, today(&state), "").map_err(Problem::invalid)?;
    let vin = line.vin.to_string();
    let recorded = record(&state, &key, std::slice::from_ref(&line), &[&vin]).await?;
    let recorded = recorded.first().copied().ok_or_else(|| Problem::unavailable(&"one line, no result"))?;
    let status = if recorded.change == Change::Created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(RecordedOut::new(&vin, recorded))))
}

/// Enters or corrects up to 10,000 cars in one transaction: every line is written, or none.
#[utoipa::path(post, path = "/api/v1/vehicles:batch", tag = "vehicles",
    request_body = BatchIn,
    responses(
        (status = 200, description = "Every line written", body = BatchOut),
        (status = 403, description = "A line is another dealer's car", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A car has an owner with another mobile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused, each named by its line (`vehicles[3].vin`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["vehicles:write"])))]
pub async fn batch(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<BatchIn>,
) -> Result<Json<BatchOut>, Problem> {
    let count = input.vehicles.len();
    if count == 0 || count > BATCH_MAX {
        let detail = format!("1 to {BATCH_MAX} vehicles, this has {count}");
        return Err(Problem::field("vehicles", "count", detail));
    }
    let codes = store::codes(&state.db).await?;
    let today = today(&state);
    let mut lines = Vec::with_capacity(count);
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::with_capacity(count);
    for (index, vehicle) in input.vehicles.iter().enumerate() {
        let prefix = format!("vehicles[{index}].");
        let Some(vin) = vehicle.vin.as_deref() else {
            let detail = "each line names its VIN".to_owned();
            problems.push(FieldProblem { field: format!("{prefix}vin"), code: "required".into(), detail });
            continue;
        };
        match line(&codes, vehicle, vin, today, &prefix) {
            Ok(line) if !seen.insert(line.vin.to_string()) => {
                let detail = "the VIN is on an earlier line".to_owned();
                problems.push(FieldProblem { field: format!("{prefix}vin"), code: "duplicate".into(), detail });
            }
            Ok(line) => lines.push(line),
            Err(faults) => problems.extend(faults),
        }
    }
    if !problems.is_empty() {
        return Err(Problem::invalid(problems));
    }
    let vins: Vec<String> = lines.iter().map(|l| l.vin.to_string()).collect();
    let vin_refs: Vec<&str> = vins.iter().map(String::as_str).collect();
    let recorded = record(&state, &key, &lines, &vin_refs).await?;
    let count = |change| recorded.iter().filter(|r| r.change == change).count();
    Ok(Json(BatchOut {
        created: count(Change::Created),
        updated: count(Change::Updated),
        unchanged: count(Change::Unchanged),
        results: vins.iter().zip(&recorded).map(|(vin, r)| RecordedOut::new(vin, *r)).collect(),
    }))
}

/// One car of the register; a dealer's key sees its own dealer's cars only.
#[utoipa::path(get, path = "/api/v1/vehicles/{vin}", tag = "vehicles",
    params(("vin" = String, Path, description = "The car's 17-character VIN")),
    responses(
        (status = 200, body = VehicleOut),
        (status = 403, description = "Another dealer's car", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in the register", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["vehicles:read"])))]
pub async fn read(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(vin): Path<String>,
) -> Result<Json<VehicleOut>, Problem> {
    let vin = vin.trim().to_ascii_uppercase();
    let car = store::find(&state.db, &vin)
        .await?
        .ok_or_else(|| Problem::not_found(format!("{vin} is not in the register")))?;
    key.allows(Scope::VehiclesRead, car.dealer_id)?;
    let sale = car.sale_date.map(|date| SaleOut { date, buyer_mobile: car.buyer_mobile });
    Ok(Json(VehicleOut {
        vin: car.vin,
        model: car.model,
        model_year: car.model_year,
        production_date: car.production_date,
        dealer: car.dealer,
        sale,
        in_a_garage: car.owners > 0,
    }))
}
