//! Webhooks a key subscribes (`pitlane::integration::webhook`): the events
//! the feed gives, pushed to an endpoint, signed, retried, in order per
//! subject; with a delivery log, redelivery and resuming after a pause.

use super::problem::{Body, Problem};
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::integration::webhook::store::{self, Delivery, Webhook};
use pitlane::integration::webhook::{DeliveryState, Subscription};
use pitlane::integration::ApiKey;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookIn {
    #[schema(example = "https://erp.example.cn/pitlane/events")]
    url: String,
    /// Event types wanted (as the feed names them); none: every type.
    #[serde(default)]
    #[schema(example = json!(["vehicle_sold", "recall_completed"]))]
    events: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookOut {
    id: i64,
    url: String,
    events: Vec<String>,
    /// `active`, or `paused` after a day of failures.
    state: String,
    /// Failing since (RFC 3339), while it fails.
    failing_since: Option<String>,
    /// The signing secret: in the answer that made the webhook only.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

fn rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl WebhookOut {
    fn of(webhook: Webhook, secret: Option<String>) -> Self {
        Self {
            id: webhook.id,
            url: webhook.url,
            events: webhook.event_types.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            state: if webhook.paused_at.is_some() { "paused" } else { "active" }.into(),
            failing_since: webhook.failing_since.map(rfc3339),
            secret,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryOut {
    id: i64,
    /// The event's id in the feed.
    event: String,
    subject: String,
    /// `pending` or `delivered`.
    status: String,
    attempts: i64,
    /// The endpoint's last HTTP status, if it answered.
    last_status: Option<i64>,
    last_error: Option<String>,
    /// The next attempt, while pending (RFC 3339).
    next_attempt_at: Option<String>,
    delivered_at: Option<String>,
}

impl From<Delivery> for DeliveryOut {
    fn from(d: Delivery) -> Self {
        let pending = d.status == DeliveryState::Pending;
        Self {
            id: d.id,
            event: d.event_id.to_string(),
            subject: d.subject,
            status: d.status.as_str().to_owned(),
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            next_attempt_at: pending.then(|| rfc3339(d.next_attempt_at)),
            delivered_at: d.delivered_at.map(rfc3339),
        }
    }
}

async fn own(state: &AppState, key: &ApiKey, id: i64) -> Result<Webhook, Problem> {
    store::find(&state.db, key, id).await?.ok_or_else(|| Problem::not_found("this key has no webhook with this id"))
}

/// Subscribes an endpoint to the events from now on. Each is POSTed as the feed shows it, with
/// `Pitlane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`, `Pitlane-Event-Id` and
/// `Pitlane-Event-Type`; any 2xx answer is a delivery. Failures are retried after 30 s, doubling to an hour, for a day;
/// then the webhook is paused and the admins are told. A subject's events arrive in order. Deduplicate on the event
/// id: delivery is at least once. A dealer's key is sent its dealer's events only.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "events",
    request_body = WebhookIn,
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = WebhookOut),
        (status = 422, description = "Fields refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["events:read"])))]
pub async fn create(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<WebhookIn>,
) -> Result<(StatusCode, Json<WebhookOut>), Problem> {
    let types: Vec<&str> = input.events.iter().map(String::as_str).collect();
    let subscription = Subscription::parse(&input.url, &types).map_err(|faults| Problem::refused(&faults))?;
    let (webhook, secret) = store::create(&state.db, state.clock.now(), &key, &subscription).await?;
    Ok((StatusCode::CREATED, Json(WebhookOut::of(webhook, Some(secret)))))
}

/// The key's webhooks and their state.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "events",
    responses((status = 200, body = Vec<WebhookOut>)),
    security(("key" = ["events:read"])))]
pub async fn list(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
) -> Result<Json<Vec<WebhookOut>>, Problem> {
    let webhooks = store::list(&state.db, &key).await?;
    Ok(Json(webhooks.into_iter().map(|w| WebhookOut::of(w, None)).collect()))
}

/// The webhook's latest 50 deliveries, newest first, with what the endpoint answered.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "events",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<DeliveryOut>),
        (status = 404, description = "Not this key's webhook", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["events:read"])))]
pub async fn deliveries(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DeliveryOut>>, Problem> {
    let webhook = own(&state, &key, id).await?;
    let deliveries = store::deliveries(&state.db, &webhook, 50).await?;
    Ok(Json(deliveries.into_iter().map(DeliveryOut::from).collect()))
}

/// Sends a delivery again at once, delivered or not (a receiver that lost what it had stored).
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", tag = "events",
    params(("id" = i64, Path), ("delivery" = i64, Path)),
    responses(
        (status = 202, description = "Queued to send now"),
        (status = 404, description = "Not this key's webhook or delivery", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["events:read"])))]
pub async fn redeliver(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path((id, delivery)): Path<(i64, i64)>,
) -> Result<StatusCode, Problem> {
    let webhook = own(&state, &key, id).await?;
    if store::redeliver(&state.db, state.clock.now(), &webhook, delivery).await? {
        Ok(StatusCode::ACCEPTED)
    } else {
        Err(Problem::not_found("this webhook has no delivery with this id"))
    }
}

/// Takes a paused webhook back: the events that waited are sent, oldest first.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/resume", tag = "events",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = WebhookOut),
        (status = 404, description = "Not this key's webhook", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["events:read"])))]
pub async fn resume(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<i64>,
) -> Result<Json<WebhookOut>, Problem> {
    let webhook = own(&state, &key, id).await?;
    store::resume(&state.db, state.clock.now(), &webhook).await?;
    Ok(Json(WebhookOut::of(own(&state, &key, id).await?, None)))
}
