//! Leads from other systems (`pitlane::lead`): a hotline call, a showroom
//! walk-in, a campaign's or a partner's list becomes the same lead a
//! prospect's request makes (one per mobile and model while it is open), and
//! its stage moves as the handler who worked it.

use super::agent::agent;
use super::problem::{Body, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::integration::{ApiKey, Scope};
use pitlane::lead::store::{self, Standing};
use pitlane::lead::{caller_request, Move, Sale, Source};
use pitlane::types::Vin;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadIn {
    #[schema(example = "王女士")]
    name: String,
    /// The prospect's mobile: an open lead for it and the model takes the request instead of a second lead.
    #[schema(example = "13912345678")]
    mobile: String,
    #[schema(example = "上海")]
    city: String,
    /// The model's code.
    #[schema(example = "X7")]
    model: String,
    /// The dealer's code; a dealer's key names itself.
    #[schema(example = "SH01")]
    dealer: String,
    /// `morning`, `afternoon` or `evening`: when to call.
    #[schema(example = "evening")]
    part_of_day: String,
    /// `hotline`, `walk_in`, `campaign` or `partner`.
    #[schema(example = "campaign")]
    source: String,
}

/// A lead as the sending system sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeadOut {
    id: i64,
    /// `new`, `contacted`, `test_drive_booked`, `test_drive_done`, `negotiating`, `won` or `lost`.
    stage: String,
    source: String,
    dealer: i64,
    lost_reason: Option<String>,
    won_vin: Option<String>,
    /// The request was noted on the mobile's open lead: no lead was made.
    repeated: bool,
}

impl LeadOut {
    fn of(standing: Standing, repeated: bool) -> Self {
        Self {
            id: standing.id,
            stage: standing.stage,
            source: standing.source,
            dealer: standing.dealer_id,
            lost_reason: standing.lost_reason,
            won_vin: standing.won_vin,
            repeated,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageIn {
    /// The e-mail of the handler who worked the lead: the step is theirs, by the board's rules.
    #[schema(example = "leads.sh@meridian-motors.cn")]
    agent: String,
    /// `contact`, `drive_done`, `negotiate`, `lose` or `win`.
    #[schema(example = "lose")]
    step: String,
    #[serde(default)]
    note: String,
    /// To lose: `price`, `competitor_model`, `delivery_time`, `financing`, `service_experience`,
    /// `no_longer_interested` or `other`.
    reason: Option<String>,
    /// To lose to a competitor's model: which.
    competitor: Option<String>,
    /// To win: the sold car, from the dealer's stock in the register.
    vin: Option<String>,
}

/// Records a prospect another system met: the lead is assigned to the dealer's handler on duty and the prospect
/// texted their status link, as a request from the website is. A request for a mobile and model with an open lead
/// is noted on it (200, `repeated`).
#[utoipa::path(post, path = "/api/v1/leads", tag = "leads",
    request_body = LeadIn,
    responses(
        (status = 201, description = "A new lead", body = LeadOut),
        (status = 200, description = "Noted on the mobile's open lead", body = LeadOut),
        (status = 403, description = "Another dealer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The prospect's open lead is at another dealer: noted there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["leads:write"])))]
pub async fn create(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<LeadIn>,
) -> Result<(StatusCode, Json<LeadOut>), Problem> {
    let codes = pitlane::register::store::codes(&state.db).await?;
    let model = codes.models.get(input.model.trim()).map(i64::to_string).unwrap_or_default();
    let dealer = codes.dealers.get(input.dealer.trim()).copied();
    key.allows(Scope::LeadsWrite, dealer)?;
    let dealer = dealer.map(|d| d.to_string()).unwrap_or_default();
    let request = caller_request(
        &input.name,
        &input.mobile,
        &input.city,
        &model,
        &dealer,
        &input.part_of_day,
        &input.source,
        Source::by_system,
    )
    .map_err(pitlane::DomainError::from)?;
    let (id, made) = store::take_from_system(&state.db, &*state.clock, &state.public_origin, request).await?;
    let standing = store::standing(&state.db, id).await?.ok_or(pitlane::DomainError::NotFound)?;
    if key.dealer.is_some_and(|own| own != standing.dealer_id) {
        // The prospect's open lead is another dealer's: noted there, and none of it shown here.
        return Err(Problem::conflict(
            "open_elsewhere",
            "the prospect has an open lead for this model at another dealer",
        ));
    }
    let status = if made { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(LeadOut::of(standing, !made))))
}

/// A lead's stage. A dealer's key reads its dealer's leads only.
#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "leads",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = LeadOut),
        (status = 403, description = "Another dealer's lead", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["leads:read"])))]
pub async fn read(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
) -> Result<Json<LeadOut>, Problem> {
    let standing = store::standing(&state.db, id).await?.ok_or(pitlane::DomainError::NotFound)?;
    key.allows(Scope::LeadsRead, Some(standing.dealer_id))?;
    Ok(Json(LeadOut::of(standing, false)))
}

/// Moves a lead as its handler would on the board: by the same transitions, a loss with its reason, a win with the
/// sold car from the dealer's stock (the buyer gets the car in their garage). A step the stage does not allow is 409.
#[utoipa::path(post, path = "/api/v1/leads/{id}/stage", tag = "leads",
    params(("id" = i64, Path)),
    request_body = StageIn,
    responses(
        (status = 200, body = LeadOut),
        (status = 403, description = "A handler of another dealer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No lead the handler reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a step from the lead's stage", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["leads:write"])))]
pub async fn stage(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
    Body(input): Body<StageIn>,
) -> Result<Json<LeadOut>, Problem> {
    let staff = agent(&state, &key, &input.agent).await?;
    let (db, clock, origin) = (&state.db, &*state.clock, &state.public_origin);
    match input.step.trim() {
        "win" => {
            let vin = Vin::parse(input.vin.as_deref().unwrap_or_default())
                .map_err(|e| Problem::field("vin", "invalid_vin", e.to_string()))?;
            let sale = Sale { lead: id, vin, unregistered: false };
            store::win(db, clock, origin, &staff, sale, &input.note).await?;
        }
        "lose" => {
            let reason = input.reason.as_deref().unwrap_or_default();
            let step = pitlane::lead::lose(reason, input.competitor.as_deref().unwrap_or_default())
                .map_err(|e| Problem::field("reason", "unknown", e.problem.to_string()))?;
            store::act(db, clock, origin, &staff, id, step, &input.note).await?;
        }
        simple => {
            let step = Move::simple(simple)
                .map_err(|_| Problem::field("step", "unknown", "contact, drive_done, negotiate, lose or win"))?;
            store::act(db, clock, origin, &staff, id, step, &input.note).await?;
        }
    }
    let standing = store::standing(db, id).await?.ok_or(pitlane::DomainError::NotFound)?;
    Ok(Json(LeadOut::of(standing, false)))
}
