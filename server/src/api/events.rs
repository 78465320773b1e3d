//! The domain's facts as a feed (`pitlane::fact`): in the order they were
//! written, each with its stable type name, version and id, paged by a cursor.

use super::problem::{Params, Problem};
use app::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use pitlane::fact::store::Recorded;
use pitlane::integration::ApiKey;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

const PAGE_DEFAULT: i64 = 100;
const PAGE_MAX: i64 = 500;

#[derive(Debug, Deserialize, IntoParams)]
pub struct Page {
    /// The `next` of the previous page; absent: from the first event.
    after: Option<String>,
    /// 1 to 500 events; 100 when absent.
    limit: Option<i64>,
}

/// Something that happened. Deduplicate on `id`; `type` and `version` say how to read `data`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    #[schema(example = "1042")]
    id: String,
    #[serde(rename = "type")]
    #[schema(example = "vehicle_sold")]
    kind: String,
    version: i64,
    /// What the event is about (`vehicle:LMRAA1230RZ000010`, `booking:7`, `post:3`).
    subject: String,
    /// When it happened (RFC 3339, UTC).
    at: String,
    /// The type's own fields.
    #[schema(value_type = Object)]
    data: serde_json::Value,
}

impl From<&Recorded> for Event {
    fn from(r: &Recorded) -> Self {
        Event {
            id: r.id.to_string(),
            kind: r.stored.kind.clone(),
            version: r.stored.version,
            subject: r.stored.subject.clone(),
            at: r.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            data: serde_json::from_str(&r.stored.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    events: Vec<Event>,
    /// Pass as `after` for the next page; the same cursor again when nothing newer has happened yet.
    next: String,
}

/// The domain's events in the order they happened, from after a cursor. A dealer's key sees the events at its dealer only.
///
/// Types, by subject: `booking:N` — `booking_made`, `booking_moved`, `booking_stage_changed` (`data.to`: `checked_in`,
/// `in_work`, `awaiting_approval`, `ready_for_pickup`, `completed`, `cancelled`, `no_show`), `service_completed`;
/// `case:N` — `case_opened`, `case_status_changed` (`data.to`: `acknowledged`, `in_progress` (also when
/// reopened), `resolved`, `closed`); `lead:N` — `lead_created`, `lead_stage_changed` (`data.to`: `contacted`,
/// `test_drive_booked`, `test_drive_done`, `negotiating`, `won`, `lost`), `referral_won`; `owner:N` —
/// `owner_registered`, `points_credited`, `points_debited`; `vehicle:VIN` — `vehicle_sold`, `recall_completed`;
/// `repair_order:N` — `repair_order_closed`; `purchase:N` — `purchase_made`; `voucher:N` — `voucher_used`;
/// `survey:N` — `survey_answered`; `post:N` and `comment:N` — `club_post_approved`, `club_comment_approved`,
/// `club_event_attended`, `club_content_removed`, `club_content_restored`, `club_liked`.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(Page),
    responses(
        (status = 200, body = EventPage),
        (status = 422, description = "A cursor or limit that is not one", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["events:read"])))]
pub async fn feed(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Params(page): Params<Page>,
) -> Result<Json<EventPage>, Problem> {
    let refused = |field: &str, detail: &str| Problem::field(field, "invalid", detail);
    let after = match page.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => 0,
        Some(cursor) => {
            cursor.parse::<i64>().ok().filter(|c| *c >= 0).ok_or_else(|| refused("after", "a `next` this feed gave"))?
        }
    };
    let limit = page.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(refused("limit", "1 to 500"));
    }
    let recorded = pitlane::fact::store::after(state.db.pool(), after, limit).await?;
    let next = recorded.last().map_or(after, |r| r.id);
    let events = recorded
        .iter()
        .filter(|r| key.dealer.is_none() || r.fact.as_ref().ok().and_then(|f| f.dealer()) == key.dealer)
        .map(Event::from)
        .collect();
    Ok(Json(EventPage { events, next: next.to_string() }))
}
