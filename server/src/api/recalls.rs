//! Recalls and service campaigns the brand issues (`pitlane::recall`): by
//! models or a VIN list, the parts' arrival, completion per car.

use super::problem::{Body, FieldProblem, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::account::UserId;
use pitlane::integration::{ApiKey, Scope};
use pitlane::recall::store::{self, Changed, Progress, RecallError, Refusal};
use pitlane::recall::{parse_vins, NewCampaign, RawCampaign};
use pitlane::types::{parse_past_date, Vin};
use pitlane::warranty::Reach;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new campaign: `models` (with an optional build window and VIN range), or `vins`; never both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallIn {
    /// The brand's code for it; repair orders and completions name it.
    #[schema(example = "R2026-07")]
    code: String,
    /// `recall` (a safety defect: owners are told whatever their preferences) or `service`.
    #[schema(example = "recall")]
    kind: String,
    #[schema(example = "副驾驶安全气囊气体发生器")]
    title_zh: String,
    #[schema(example = "Passenger airbag inflator")]
    title_en: String,
    #[schema(example = "免费更换气囊模块，约 1 小时")]
    remedy_zh: String,
    #[schema(example = "The airbag module is replaced free of charge; about an hour")]
    remedy_en: String,
    /// Today when absent.
    #[schema(example = "2026-12-07")]
    opened_on: Option<String>,
    /// The parts for the fix are at the dealers. While false, owners see "fix not yet available" and are told when it
    /// turns true.
    #[serde(default)]
    parts_available: bool,
    /// Model codes: every car of these models, narrowed by the bounds below.
    #[serde(default)]
    #[schema(example = json!(["S5"]))]
    models: Vec<String>,
    produced_from: Option<String>,
    produced_to: Option<String>,
    /// The lowest VIN reached, by plain ordering.
    vin_from: Option<String>,
    vin_to: Option<String>,
    /// 1 to 10,000 VINs of cars in the register, instead of models.
    #[serde(default)]
    vins: Vec<String>,
}

/// A campaign and how far it has come.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallOut {
    code: String,
    kind: String,
    title_zh: String,
    title_en: String,
    opened_on: String,
    parts_available: bool,
    /// `models` or `vins`.
    reach: String,
    /// Cars in the register it reaches.
    cars: usize,
    /// Of those, the cars it is done on.
    completed: usize,
}

impl From<Progress> for RecallOut {
    fn from(p: Progress) -> Self {
        let c = p.campaign;
        Self {
            code: c.code,
            kind: c.kind.as_str().into(),
            title_zh: c.title.zh,
            title_en: c.title.en,
            opened_on: p.opened_on.to_string(),
            parts_available: c.parts_available,
            reach: if c.reach == Reach::Listed { "vins" } else { "models" }.into(),
            cars: p.cars,
            completed: p.completed,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartsIn {
    /// True once the parts are at the dealers: the owners still waiting are told at once.
    parts_available: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VinsIn {
    /// 1 to 10,000 VINs of cars in the register.
    vins: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionIn {
    #[schema(example = "2026-12-07")]
    completed_on: String,
    /// The dealer that did the work; a dealer's key must name itself.
    #[schema(example = "SH01")]
    dealer: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionOut {
    code: String,
    vin: String,
    /// The completion was recorded before: nothing was written again.
    repeated: bool,
}

fn problem(err: RecallError, list_field: &str) -> Problem {
    match err {
        RecallError::Refused(refusal) => {
            let detail = refusal.to_string();
            match refusal {
                Refusal::CodeTaken => Problem::conflict("code_taken", detail),
                Refusal::NotInRegister(places) => Problem::invalid(
                    places
                        .into_iter()
                        .map(|i| FieldProblem {
                            field: format!("{list_field}[{i}]"),
                            code: "not_in_register".into(),
                            detail: detail.clone(),
                        })
                        .collect(),
                ),
                Refusal::NoSuchCampaign => Problem::not_found(detail),
                Refusal::NotListed => Problem::unprocessable("not_listed", detail),
                Refusal::NotAffected => Problem::field("vin", "not_affected", detail),
                Refusal::NotAtDealer => Problem::forbidden(pitlane::integration::Refusal::OtherDealer).detail(detail),
            }
        }
        RecallError::Domain(err) => Problem::unavailable(&err),
    }
}

/// Tells the owners a change gives news to, after the answer: the daily
/// reminder run tells any this misses (an instance stopping), never twice.
fn tell(state: &AppState, owners: Vec<UserId>) {
    if owners.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(err) = pitlane::reminder::store::announce_to(&state.db, state.clock.as_ref(), &owners).await {
            tracing::warn!(%err, "campaign news not sent now; the daily reminder run sends it");
        }
    });
}

fn answer(state: &AppState, changed: Changed<Progress>) -> Json<RecallOut> {
    tell(state, changed.tell);
    Json(changed.value.into())
}

/// Issues a recall or service campaign. Owners of the cars it reaches are told at once (by SMS for a recall, whatever
/// their preferences) and see it on their car; while the parts are not at the dealers they see "fix not yet available
/// — we will tell you when parts arrive". A brand-wide key only.
#[utoipa::path(post, path = "/api/v1/recalls", tag = "recalls",
    request_body = RecallIn,
    responses(
        (status = 201, description = "Issued", body = RecallOut),
        (status = 403, description = "A dealer's key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A campaign has this code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused, or VINs the register does not hold (each named)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["recalls:write"])))]
pub async fn issue(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<RecallIn>,
) -> Result<(StatusCode, Json<RecallOut>), Problem> {
    key.allows(Scope::RecallsWrite, None)?;
    let raw = RawCampaign {
        code: &input.code,
        kind: &input.kind,
        title_zh: &input.title_zh,
        title_en: &input.title_en,
        remedy_zh: &input.remedy_zh,
        remedy_en: &input.remedy_en,
        opened_on: input.opened_on.as_deref(),
        parts_available: input.parts_available,
        models: input.models.iter().map(String::as_str).collect(),
        produced_from: input.produced_from.as_deref(),
        produced_to: input.produced_to.as_deref(),
        vin_from: input.vin_from.as_deref(),
        vin_to: input.vin_to.as_deref(),
        vins: input.vins.iter().map(String::as_str).collect(),
    };
    let codes = pitlane::register::store::codes(&state.db).await?;
    let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
    let campaign = NewCampaign::parse(&raw, &codes, today).map_err(|faults| Problem::refused(&faults))?;
    let issued = store::issue(&state.db, &campaign).await.map_err(|e| problem(e, "vins"))?;
    Ok((StatusCode::CREATED, answer(&state, issued)))
}

/// A campaign and how many cars it is done on.
#[utoipa::path(get, path = "/api/v1/recalls/{code}", tag = "recalls",
    params(("code" = String, Path, description = "The campaign's code")),
    responses(
        (status = 200, body = RecallOut),
        (status = 404, description = "No campaign has this code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["recalls:write"])))]
pub async fn read(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<RecallOut>, Problem> {
    let progress = store::progress(&state.db, &code).await.map_err(|e| problem(e, "vins"))?;
    progress.map(|p| Json(p.into())).ok_or_else(|| Problem::not_found("no campaign has this code"))
}

/// Says whether the parts for the fix are at the dealers. Turning it on tells every owner still waiting, once, and
/// lets them book the fix. A brand-wide key only.
#[utoipa::path(patch, path = "/api/v1/recalls/{code}", tag = "recalls",
    params(("code" = String, Path, description = "The campaign's code")),
    request_body = PartsIn,
    responses(
        (status = 200, body = RecallOut),
        (status = 403, description = "A dealer's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["recalls:write"])))]
pub async fn parts(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(code): Path<String>,
    Body(input): Body<PartsIn>,
) -> Result<Json<RecallOut>, Problem> {
    key.allows(Scope::RecallsWrite, None)?;
    let changed = store::set_parts(&state.db, &code, input.parts_available).await.map_err(|e| problem(e, "vins"))?;
    Ok(answer(&state, changed))
}

/// Adds cars to a campaign issued by VIN list (a list already naming a car leaves it). Their owners are told at
/// once. A brand-wide key only.
#[utoipa::path(post, path = "/api/v1/recalls/{code}/vins", tag = "recalls",
    params(("code" = String, Path, description = "The campaign's code")),
    request_body = VinsIn,
    responses(
        (status = 200, body = RecallOut),
        (status = 403, description = "A dealer's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "VINs refused, or a campaign issued by model", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["recalls:write"])))]
pub async fn add_vins(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(code): Path<String>,
    Body(input): Body<VinsIn>,
) -> Result<Json<RecallOut>, Problem> {
    key.allows(Scope::RecallsWrite, None)?;
    let raw: Vec<&str> = input.vins.iter().map(String::as_str).collect();
    let vins = parse_vins(&raw).map_err(|faults| Problem::refused(&faults))?;
    let changed = store::add_vins(&state.db, &code, &vins).await.map_err(|e| problem(e, "vins"))?;
    Ok(answer(&state, changed))
}

/// Records the campaign as done on one car: it leaves the owner's pages at once and a `recall_completed` event
/// follows. A dealer's key records work at its own dealer only.
#[utoipa::path(put, path = "/api/v1/recalls/{code}/completions/{vin}", tag = "recalls",
    params(("code" = String, Path, description = "The campaign's code"), ("vin" = String, Path)),
    request_body = CompletionIn,
    responses(
        (status = 201, description = "Recorded", body = CompletionOut),
        (status = 200, description = "Recorded before: nothing written again", body = CompletionOut),
        (status = 403, description = "Another dealer's work", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No campaign has this code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused, or a car the campaign does not reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["recalls:write"])))]
pub async fn complete(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path((code, vin)): Path<(String, String)>,
    Body(input): Body<CompletionIn>,
) -> Result<(StatusCode, Json<CompletionOut>), Problem> {
    let vin = Vin::parse(&vin).map_err(|e| Problem::field("vin", "invalid_vin", e.to_string()))?;
    let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
    let on = parse_past_date(&input.completed_on, today)
        .map_err(|_| Problem::field("completed_on", "invalid_date", "a date as YYYY-MM-DD, not after today"))?;
    let dealer = match input.dealer.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(dealer) => {
            let codes = pitlane::register::store::codes(&state.db).await?;
            let id = codes.dealers.get(dealer).copied();
            Some(id.ok_or_else(|| Problem::field("dealer", "unknown_dealer", "no dealer has this code"))?)
        }
    };
    key.allows(Scope::RecallsWrite, dealer)?;
    let first =
        store::complete(&state.db, state.clock.now(), &code, &vin, on, dealer).await.map_err(|e| problem(e, "vins"))?;
    let status = if first { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(CompletionOut { code, vin: vin.to_string(), repeated: !first })))
}
