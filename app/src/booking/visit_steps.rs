//! The advisor's steps on one visit, as server functions: check in or no-show;
//! in the workshop, start work, send an estimate, ready for pick-up, complete;
//! before the visit, move or cancel it on the dealer's side with a reason. Also
//! the check every advisor's server function starts with (`as_advisor`,
//! `advisor_day`). The day sheet, the week and each visit's forms use these.

use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use pitlane::account::Role;

/// The workshop the signed-in staff member works (see `Desk::workshop`).
#[cfg(feature = "ssr")]
pub(super) fn dealer_of(user: &pitlane::account::User, asked: Option<i64>) -> Result<i64, AppError> {
    user.desk().and_then(|desk| desk.workshop(asked)).ok_or(AppError::NotFound)
}

/// Runs one workshop action on `booking` as the signed-in advisor at their
/// dealer (an admin names the dealer).
#[cfg(feature = "ssr")]
pub(super) async fn as_advisor<F, Fut>(dealer: Option<i64>, booking: i64, act: F) -> Result<(), AppError>
where
    F: FnOnce(pitlane::booking::DealerVisit, crate::state::AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + Send,
{
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_workshop)?;
        let state = state()?;
        let dealer = dealer_of(&user, dealer)?;
        act(pitlane::booking::DealerVisit { advisor: user.id, dealer, booking }, state).await
    })
    .await
}

/// The advisor's dealer plan and the day asked for (today in the dealer's
/// zone when none or a bad one is given).
#[cfg(feature = "ssr")]
pub(super) async fn advisor_day(
    day: &str,
    dealer: Option<i64>,
) -> Result<(crate::state::AppState, pitlane::booking::store::DealerPlan, chrono::NaiveDate), AppError> {
    let (user, _) = crate::auth::ssr::require(Role::is_workshop)?;
    let state = crate::auth::ssr::state()?;
    let dealer = dealer_of(&user, dealer)?;
    let plan = pitlane::booking::store::dealer_plan(&state.db, dealer).await?;
    let day =
        pitlane::types::parse_date(day).unwrap_or_else(|_| pitlane::zone::local_date(plan.zone, state.clock.now()));
    Ok((state, plan, day))
}

#[server(prefix = "/api", endpoint = "check_in_visit")]
pub async fn check_in_visit(booking: i64, mileage: String, dealer: Option<i64>) -> Result<(), AppError> {
    use pitlane::error::Field;
    as_advisor(dealer, booking, |visit, state| async move {
        let km = pitlane::types::Km::parse(&mileage).map_err(|e| AppError::invalid(Field::Mileage, e))?;
        Ok(pitlane::booking::store::check_in(&state.db, &*state.clock, visit, km).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "no_show_visit")]
pub async fn no_show_visit(booking: i64, dealer: Option<i64>) -> Result<(), AppError> {
    as_advisor(dealer, booking, |visit, state| async move {
        Ok(pitlane::booking::store::no_show(&state.db, &*state.clock, visit).await?)
    })
    .await
}

#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(prefix = "/api", endpoint = "complete_visit")]
pub async fn complete_visit(
    booking: i64,
    work: String,
    parts: String,
    amount: String,
    mileage: String,
    fix_open_campaigns: Option<String>,
    dealer: Option<i64>,
) -> Result<(), AppError> {
    as_advisor(dealer, booking, |visit, state| async move {
        let done = pitlane::booking::WorkDone::parse(&work, &parts, &amount, &mileage, fix_open_campaigns.is_some())?;
        Ok(pitlane::booking::store::complete(&state.db, &*state.clock, visit, done).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "start_work")]
pub async fn start_work(booking: i64, dealer: Option<i64>) -> Result<(), AppError> {
    as_advisor(dealer, booking, |visit, state| async move {
        Ok(pitlane::booking::store::start_work(&state.db, &*state.clock, visit).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "send_estimate")]
pub async fn send_estimate(booking: i64, items: String, amount: String, dealer: Option<i64>) -> Result<(), AppError> {
    use pitlane::error::Field;
    as_advisor(dealer, booking, |visit, state| async move {
        let items = pitlane::error::required_text(Field::Items, &items, pitlane::booking::MAX_ESTIMATE_ITEMS_CHARS)?;
        let amount = pitlane::types::Money::parse(&amount).map_err(|e| AppError::invalid(Field::Amount, e))?;
        pitlane::booking::store::send_estimate(&state.db, &*state.clock, visit, &items, amount).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "ready_for_pickup")]
pub async fn ready_for_pickup(booking: i64, dealer: Option<i64>) -> Result<(), AppError> {
    as_advisor(dealer, booking, |visit, state| async move {
        Ok(pitlane::booking::store::ready(&state.db, &*state.clock, visit).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "dealer_move_booking")]
pub async fn dealer_move_booking(
    booking: i64,
    starts_at: String,
    reason: String,
    dealer: Option<i64>,
) -> Result<(), AppError> {
    use pitlane::error::{Field, Problem};
    as_advisor(dealer, booking, |visit, state| async move {
        let reason = required_reason(&reason)?;
        let plan = pitlane::booking::store::dealer_plan(&state.db, visit.dealer).await?;
        let starts_at = pitlane::zone::parse_local(&starts_at, plan.zone)
            .ok_or(AppError::invalid(Field::Slot, Problem::SlotUnavailable))?;
        Ok(pitlane::booking::store::dealer_move(&state.db, &*state.clock, visit, starts_at, &reason).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "dealer_cancel_booking")]
pub async fn dealer_cancel_booking(booking: i64, reason: String, dealer: Option<i64>) -> Result<(), AppError> {
    as_advisor(dealer, booking, |visit, state| async move {
        let reason = required_reason(&reason)?;
        Ok(pitlane::booking::store::dealer_cancel(&state.db, &*state.clock, visit, &reason).await?)
    })
    .await
}

/// The owner is always told why: a dealer-side change needs a reason.
#[cfg(feature = "ssr")]
fn required_reason(raw: &str) -> Result<String, AppError> {
    use pitlane::error::Field;
    pitlane::error::required_text(Field::Reason, raw, pitlane::booking::MAX_DEALER_REASON_CHARS).map_err(AppError::from)
}
