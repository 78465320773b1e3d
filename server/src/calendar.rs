//! `/me/bookings/{id}/calendar.ics`: the owner's appointment as an iCalendar file.

use crate::recognise::SignedIn;
use app::i18n::Lang;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn booking_ics(
    State(state): State<AppState>,
    SignedIn { user, lang }: SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let details = match pitlane::booking::store::details(&state.db, &*state.clock, user.id, id).await {
        Ok(details) => details,
        Err(pitlane::DomainError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, id, "cannot build a calendar file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
    let summary =
        format!("{} · {}", pick(&details.service_zh, &details.service_en), pick(&details.model_zh, &details.model_en));
    let location = format!(
        "{}, {}",
        pick(&details.dealer_name_zh, &details.dealer_name_en),
        pick(&details.dealer_address_zh, &details.dealer_address_en)
    );
    let phone = if lang == Lang::Zh { "经销商电话" } else { "Dealer's phone" };
    let description =
        format!("{phone}: {}\n{}", details.dealer_phone, details.booking.note.clone().unwrap_or_default());
    let b = &details.booking;
    let body = pitlane::booking::ics(
        b.id,
        b.starts_at,
        b.ends_at,
        state.clock.now(),
        &summary,
        &location,
        description.trim_end(),
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"booking-{id}.ics\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}
