//! Service booking: the owner's server functions (offers, booking, moving,
//! cancelling, answering the dealer and the workshop); pages in `pages` and
//! `owner_panels`, the advisor's console in `advisor`, `week` and `workshop`
//! with its server functions in `visit_steps`.

use crate::error::AppError;
use leptos::prelude::*;
use pitlane::booking::choices::BookingChoices;
use pitlane::booking::{Booking, Listed, Offer};

/// The free starts for a service at a dealer on a day (the dealer's local date).
#[server(prefix = "/api", endpoint = "booking_offers")]
pub async fn booking_offers(dealer: i64, service_type: i64, day: String) -> Result<Vec<Offer>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::error::Field;
    respond(async move {
        require(|_| true)?;
        let state = state()?;
        let day = pitlane::types::parse_date(&day).map_err(|e| AppError::invalid(Field::Slot, e))?;
        Ok(pitlane::booking::store::offers_on(&state.db, state.clock.now(), dealer, service_type, day).await?)
    })
    .await
}

/// Books a start (UTC milliseconds) for one of the owner's cars, posted with
/// the note and up to three photos of the concern.
#[server(prefix = "/api", endpoint = "book_service", input = server_fn::codec::MultipartFormData)]
pub async fn book_service(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{admitted, pictures, respond_posted};
    use pitlane::booking::{BookingForm, Submitter};
    use pitlane::error::Field;
    respond_posted(
        data,
        |_| true,
        admitted,
        Field::Photos,
        &[("note", "note")],
        |user, posted| async move {
            let state = state()?;
            let form = BookingForm::parse(
                Submitter::Owner(user.id),
                &posted.text("vin"),
                &posted.text("dealer"),
                &posted.text("service_type"),
                &posted.text("starts_at"),
                &posted.text("note"),
                &posted.text("idempotency_key"),
            )?;
            let photos = pictures(&posted, "photos", Field::Photos, pitlane::booking::MAX_BOOKING_PHOTOS).await?;
            let request = form.into_request(posted.flag("with_recalls"), photos);
            let id = pitlane::booking::store::book(&state.db, &*state.clock, &*state.files, user.id, request).await?;
            redirect(&format!("/me/bookings/{id}"));
            Ok(id)
        },
    )
    .await
}

#[server(prefix = "/api", endpoint = "my_bookings")]
pub async fn my_bookings() -> Result<Vec<Listed>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::booking::store::bookings(&state()?.db, user.id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_booking")]
pub async fn my_booking(id: i64) -> Result<Booking, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::booking::store::booking(&state()?.db, user.id, id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "cancel_booking")]
pub async fn cancel_booking(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::booking::store::cancel(&state.db, &*state.clock, user.id, id).await?;
        redirect(&format!("/me/bookings/{id}"));
        Ok(())
    })
    .await
}

/// The owner confirms a booking the dealer made for them on the phone.
#[server(prefix = "/api", endpoint = "confirm_booking")]
pub async fn confirm_booking(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::booking::store::confirm(&state.db, &*state.clock, user.id, id).await?;
        redirect(&format!("/me/bookings/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "reschedule_booking")]
pub async fn reschedule_booking(id: i64, starts_at: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let starts_at = chrono::DateTime::from_timestamp_millis(starts_at)
            .ok_or(AppError::invalid(Field::Slot, Problem::SlotUnavailable))?;
        pitlane::booking::store::reschedule(&state.db, &*state.clock, user.id, id, starts_at).await?;
        redirect(&format!("/me/bookings/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "booking_form")]
pub async fn booking_form(
    vin: String,
    dealer: Option<i64>,
    service: Option<i64>,
    day: String,
) -> Result<BookingChoices, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let day = pitlane::types::parse_date(&day).ok();
        let now = state.clock.now();
        Ok(pitlane::booking::store::booking_choices(&state.db, now, user.id, &vin, dealer, service, day).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "booking_details")]
pub async fn booking_details(id: i64) -> Result<pitlane::booking::Details, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::booking::store::details(&state.db, &*state.clock, user.id, id).await?)
    })
    .await
}

/// The owner takes the dealer's new time (or notes the cancellation).
#[server(prefix = "/api", endpoint = "accept_booking_change")]
pub async fn accept_booking_change(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::booking::store::accept_change(&state.db, &*state.clock, user.id, id).await?;
        redirect(&format!("/me/bookings/{id}"));
        Ok(())
    })
    .await
}

/// The owner approves or declines an estimate for extra work.
#[server(prefix = "/api", endpoint = "decide_estimate")]
pub async fn decide_estimate(estimate: i64, decision: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let decision = pitlane::booking::Decision::parse(&decision)
            .ok_or(AppError::invalid(Field::Confirm, Problem::UnknownChoice))?;
        let booking = pitlane::booking::store::decide(&state.db, &*state.clock, user.id, estimate, decision).await?;
        redirect(&format!("/me/bookings/{booking}"));
        Ok(())
    })
    .await
}

/// Photos of the concern (up to three per booking), posted as a form with files.
#[server(prefix = "/api", endpoint = "add_booking_photos", input = server_fn::codec::MultipartFormData)]
pub async fn add_booking_photos(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{admitted, pictures, respond_posted};
    use pitlane::error::{Field, Problem};
    respond_posted(
        data,
        |_| true,
        admitted,
        Field::Photos,
        &[],
        |user, posted| async move {
            let state = state()?;
            let id: i64 = posted.text("id").parse().map_err(|_| AppError::NotFound)?;
            let photos = pictures(&posted, "photos", Field::Photos, pitlane::booking::MAX_BOOKING_PHOTOS).await?;
            if photos.is_empty() {
                return Err(AppError::invalid(Field::Photos, Problem::Required));
            }
            pitlane::booking::store::add_photos(&state.db, &*state.clock, &*state.files, user.id, id, &photos).await?;
            redirect(&format!("/me/bookings/{id}"));
            Ok(())
        },
    )
    .await
}

pub mod advisor;
pub mod day_words;
pub mod list;
mod owner_panels;
pub(crate) use owner_panels::stage_name;
pub mod pages;
mod visit_steps;
mod week;
pub mod words;
pub mod workshop;
