//! Cases from the call centre (`pitlane::case`): opened for a caller, a
//! message added, a step along the same `transition` the console takes, each
//! as the agent who handled it.

use super::agent::agent;
use super::problem::{Body, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::case::store::{self, Opener};
use pitlane::case::{Action, Channel, NewCase, Party, TEXT_MAX};
use pitlane::error::Field;
use pitlane::integration::ApiKey;
use pitlane::types::{Identifier, Mobile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A contact the call centre recorded, for a caller with an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseIn {
    /// The caller's mobile: the account with it owns the case.
    #[schema(example = "13800000001")]
    owner_mobile: String,
    /// The e-mail of the agent who took the contact: the case is opened, and its SLA clock runs, as theirs.
    #[schema(example = "care@meridian-motors.cn")]
    agent: String,
    /// `phone`, `email`, `wechat`, `walk_in` or `api`.
    #[schema(example = "phone")]
    channel: String,
    /// `praise`, `suggestion`, `question` or `complaint`.
    #[schema(example = "complaint")]
    kind: String,
    /// `product_quality`, `dealer_service`, `parts`, `billing`, `staff_conduct`, `app_website` or `other`.
    #[schema(example = "dealer_service")]
    category: String,
    #[schema(example = "Car returned dirty after service")]
    title: String,
    description: String,
    /// One of the owner's cars, if the contact is about one.
    vin: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    id: i64,
    /// Where staff open the case in the portal.
    #[schema(example = "/staff/cases/42")]
    staff_link: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    #[schema(example = "care@meridian-motors.cn")]
    agent: String,
    /// Up to 4,000 characters. A reply reaches the owner; `internal` keeps it among staff.
    body: String,
    #[serde(default)]
    internal: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepIn {
    #[schema(example = "care@meridian-motors.cn")]
    agent: String,
    /// `acknowledge`, `start`, `resolve` or `close`, as the console's buttons.
    #[schema(example = "resolve")]
    action: String,
    /// What was done, in words for the owner: required to resolve.
    #[serde(default)]
    note: String,
}

/// Where the case stands after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseStatus {
    id: i64,
    /// `submitted`, `acknowledged`, `in_progress`, `resolved` or `closed`.
    status: String,
}

/// Opens a case for a caller with an account, as the agent who took the contact: its SLA clock starts, the owner is
/// told and follows it in the portal. A caller with no account gets 422 on `owner_mobile` (record a lead instead).
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases",
    request_body = CaseIn,
    responses(
        (status = 201, description = "Opened", body = CaseOut),
        (status = 403, description = "An agent of another dealer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused, an unknown caller or agent", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["cases:write"])))]
pub async fn open(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    headers: axum::http::HeaderMap,
    Body(input): Body<CaseIn>,
) -> Result<(StatusCode, Json<CaseOut>), Problem> {
    let staff = agent(&state, &key, &input.agent).await?;
    let mobile = Mobile::parse(&input.owner_mobile)
        .map_err(|e| Problem::field("owner_mobile", "invalid_mobile", e.to_string()))?;
    let owner = pitlane::booking::store::owner_by_identifier(&state.db, &Identifier::Mobile(mobile))
        .await
        .map_err(|_| Problem::field("owner_mobile", "no_account", "no account has this mobile: record a lead"))?;
    let channel = Channel::parse(input.channel.trim())
        .filter(|c| *c != Channel::Portal)
        .ok_or_else(|| Problem::field("channel", "unknown", "phone, email, wechat, walk_in or api"))?;
    let dealer = staff.desk.dealer().map(|d| d.to_string()).unwrap_or_default();
    let vin = input.vin.as_deref().unwrap_or_default();
    let case = NewCase::parse(&input.kind, &input.category, &input.title, &input.description, vin, &dealer)
        .map_err(pitlane::DomainError::from)?;
    // A retry with the same Idempotency-Key is answered before here; without one, each call is a new contact.
    let sent = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let call = sent.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let by = Opener::Staff { staff: staff.id, channel };
    let idempotency = format!("api:{}:{call}", key.id);
    let id = store::open(&state.db, &*state.clock, &*state.files, owner, by, case, &[], &idempotency).await?;
    Ok((StatusCode::CREATED, Json(CaseOut { id, staff_link: format!("/staff/cases/{id}") })))
}

/// Adds a message to a case as the agent: a reply reaches the owner (the first meets the response target), an
/// internal note stays with staff.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "cases",
    params(("id" = i64, Path)),
    request_body = MessageIn,
    responses(
        (status = 201, description = "Added", body = CaseStatus),
        (status = 404, description = "No case the agent's desk reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is closed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["cases:write"])))]
pub async fn message(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
    Body(input): Body<MessageIn>,
) -> Result<(StatusCode, Json<CaseStatus>), Problem> {
    let staff = agent(&state, &key, &input.agent).await?;
    let body = pitlane::error::required_text(Field::Message, &input.body, TEXT_MAX)
        .map_err(|e| Problem::field("body", "invalid", e.problem.to_string()))?;
    store::staff_reply(&state.db, &*state.clock, staff, id, &body, input.internal).await?;
    Ok((StatusCode::CREATED, Json(status(&state, staff, id).await?)))
}

/// Moves a case along its lifecycle as the agent, by the same rules as the console: a step the case's state does not
/// allow is 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/cases/{id}/status", tag = "cases",
    params(("id" = i64, Path)),
    request_body = StepIn,
    responses(
        (status = 200, body = CaseStatus),
        (status = 404, description = "No case the agent's desk reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a step from the case's state", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown action, or a resolution without its note", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["cases:write"])))]
pub async fn step(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
    Body(input): Body<StepIn>,
) -> Result<Json<CaseStatus>, Problem> {
    let staff = agent(&state, &key, &input.agent).await?;
    let action = Action::parse(input.action.trim(), &input.note).map_err(|e| match e.field {
        Field::Confirm => Problem::field("action", "unknown", "acknowledge, start, resolve or close"),
        _ => Problem::field("note", "required", "what was done, in words for the owner"),
    })?;
    store::act(&state.db, &*state.clock, Party::Staff, staff.id, Some(staff.desk), id, action).await?;
    Ok(Json(status(&state, staff, id).await?))
}

async fn status(state: &AppState, staff: pitlane::account::Staff, id: i64) -> Result<CaseStatus, Problem> {
    let console = store::staff_view(&state.db, &*state.clock, staff, id).await?;
    Ok(CaseStatus { id, status: console.case.summary.status.as_str().to_owned() })
}
