//! One visit on the advisor's day, with its estimate and links to the car's
//! history and the owner, and the forms for its next steps: check in (on its
//! day) or no-show; in the workshop, start work, send an estimate, ready for pick-up,
//! complete; before the visit, move or cancel it on the dealer's side with a
//! reason. The forms post to the server functions in `visit_steps`.

use super::day_words::{no_show_consequence, D};
use super::visit_steps::{
    CheckInVisit, CompleteVisit, DealerCancelBooking, DealerMoveBooking, NoShowVisit, ReadyForPickup, SendEstimate,
    StartWork,
};
use crate::confirm::Confirm;
use crate::i18n::{china_time, Lang, T};
use crate::photos::Thumbs;
use leptos::prelude::*;
use pitlane::booking::{ArrivalRefusal, Decision, Estimate, Stage, Visit};
use server_fn::ServerFn;

/// The form fields every action on a visit carries.
#[component]
fn Target(id: i64, dealer: Option<i64>) -> impl IntoView {
    view! {
        <input type="hidden" name="booking" value=id.to_string() />
        {dealer.map(|d| view! { <input type="hidden" name="dealer" value=d.to_string() /> })}
    }
}

#[component]
pub fn StageBadge(lang: Lang, stage: Stage) -> impl IntoView {
    let (class, text) = match stage {
        Stage::Booked => ("badge badge-upcoming", T::StageBooked),
        Stage::CheckedIn => ("badge badge-due", T::StageCheckedIn),
        Stage::InWork => ("badge badge-due", T::StageInWork),
        Stage::AwaitingApproval => ("badge badge-overdue", T::StageAwaitingApproval),
        Stage::ReadyForPickup => ("badge badge-done", T::StageReady),
        Stage::Completed => ("badge badge-done", T::StageCompleted),
        Stage::Cancelled => ("badge", T::StageCancelled),
        Stage::NoShow => ("badge badge-overdue", T::StageNoShow),
    };
    view! { <span class=class>{text.text(lang)}</span> }
}

/// What the visit's latest estimate says: its items and amount, and the
/// owner's answer once given (until then the stage says it waits for them).
#[component]
fn EstimateLine(lang: Lang, estimate: Estimate) -> impl IntoView {
    let answer = estimate.decision.map(|(decision, _)| match decision {
        Decision::Approved => view! { <span class="badge badge-done">{T::EstimateApproved.text(lang)}</span> },
        Decision::Declined => view! { <span class="badge">{T::EstimateDeclined.text(lang)}</span> },
    });
    view! {
        <p class="aside">
            {D::ExtraWork.text(lang)} {estimate.items} " · " <strong>{estimate.amount.to_string()}</strong> " "
            {answer}
        </p>
    }
}

#[component]
pub fn VisitCell(
    lang: Lang,
    visit: Visit,
    dealer: Option<i64>,
    /// The day sheet's address, where a confirmation's "go back" leads.
    back: String,
) -> impl IntoView {
    let id = visit.booking.id;
    let time = china_time(visit.booking.starts_at.timestamp_millis());
    let stage = visit.booking.stage;
    // Only a booking that relates the dealer to the owner opens their pages (`account::reach`).
    let links = visit.booking.relates_dealer().then(|| {
        view! {
            <p class="visit-links">
                <a href=format!("/staff/vehicles?vin={}", visit.booking.vin)>{D::CarHistory.text(lang)}</a>
                <a href=format!("/staff/owners/{}", visit.owner_id)>{D::OwnerProfile.text(lang)}</a>
            </p>
        }
    });
    let head = view! {
        <p>
            <strong>{lang.pick(&visit.service_zh, &visit.service_en).to_owned()}</strong>
            " · "
            {lang.pick(&visit.model_zh, &visit.model_en).to_owned()}
            " · "
            <span class="mono">{visit.booking.vin.to_string()}</span>
            " "
            <StageBadge lang stage />
        </p>
        <p class="aside">
            {visit.owner_name.clone()} " " {visit.owner_mobile.clone().unwrap_or_default()}
            {visit
                .booking
                .note
                .clone()
                .map(|n| {
                    view! {
                        " · "
                        {n}
                    }
                })}
        </p>
        {links}
        {(visit.recalls > 0).then(|| view! { <p class="aside">{T::VisitRecalls.text(lang)} " " {visit.recalls}</p> })}
        {visit.estimate.clone().map(|estimate| view! { <EstimateLine lang estimate /> })}
        {(visit.booking.awaits_owner && stage == Stage::Booked)
            .then(|| view! { <p class="aside">{T::VisitAwaitsOwner.text(lang)}</p> })}
        {(stage == Stage::Booked && visit.check_in_refused == Some(ArrivalRefusal::NotItsDay))
            .then(|| view! { <p class="aside">{D::CheckInOnItsDay.text(lang)}</p> })}
        <Thumbs photos=visit.photos.clone() alt=T::BookingPhotoAlt.text(lang) size="64" />
    };
    let checkin_mileage = visit.checkin_mileage;
    let complete = move || {
        view! {
            <form method="post" action=CompleteVisit::url() class="complete">
                <Target id dealer />
                <label>{T::ScheduleWork.text(lang)} <input name="work" required=true /></label>
                <label>{T::ScheduleParts.text(lang)} <input name="parts" /></label>
                <label>{T::ScheduleAmount.text(lang)} <input name="amount" inputmode="decimal" required=true /></label>
                <label>
                    {T::GarageMileage.text(lang)}
                    <input
                        name="mileage"
                        type="number"
                        required=true
                        value=checkin_mileage.map(|km| km.to_string())
                        aria-describedby=checkin_mileage.map(|_| format!("km-from-check-in-{id}"))
                    />
                </label>
                {checkin_mileage
                    .map(|_| {
                        view! {
                            <small id=format!("km-from-check-in-{id}") class="aside">
                                {D::MileageFromCheckIn.text(lang)}
                            </small>
                        }
                    })}
                <label class="field-check">
                    <input type="checkbox" name="fix_open_campaigns" value="yes" />
                    " "
                    {T::ScheduleFixRecalls.text(lang)}
                </label>
                <button type="submit" class="button small primary">
                    {T::ScheduleComplete.text(lang)}
                </button>
            </form>
        }
    };
    let estimate = move || {
        view! {
            <form method="post" action=SendEstimate::url() class="complete">
                <Target id dealer />
                <label>{T::EstimateItems.text(lang)} <input name="items" required=true /></label>
                <label>{T::EstimateAmount.text(lang)} <input name="amount" inputmode="decimal" required=true /></label>
                <button type="submit" class="button small">
                    {T::EstimateSend.text(lang)}
                </button>
            </form>
        }
    };
    let simple = move |action: &'static str, label: T| {
        view! {
            <form method="post" action=action class="inline-form">
                <Target id dealer />
                <button type="submit" class="button small">
                    {label.text(lang)}
                </button>
            </form>
        }
    };
    let steps = match stage {
        Stage::Booked => view! {
            {visit
                .check_in_refused
                .is_none()
                .then(|| {
                    view! {
                        <form method="post" action=CheckInVisit::url() class="inline-form">
                            <Target id dealer />
                            <label class="visually-hidden" for=format!("km-{id}")>
                                {T::GarageMileage.text(lang)}
                            </label>
                            <input
                                id=format!("km-{id}")
                                name="mileage"
                                type="number"
                                required=true
                                placeholder=T::GarageMileage.text(lang)
                            />
                            <button type="submit" class="button small">
                                {T::ScheduleCheckIn.text(lang)}
                            </button>
                        </form>
                    }
                })}
            {visit
                .no_show_refused
                .is_none()
                .then(|| {
                    view! {
                        <Confirm
                            lang
                            action=NoShowVisit::url()
                            ask=T::ScheduleNoShow.text(lang)
                            consequence=no_show_consequence(&visit.owner_name, &time, lang)
                            confirm=D::NoShowConfirm.text(lang)
                            back=back.clone()
                            danger=true
                        >
                            <Target id dealer />
                        </Confirm>
                    }
                })}
            <details class="dealer-change">
                <summary>{T::DealerChangeTitle.text(lang)}</summary>
                <form method="post" action=DealerMoveBooking::url() class="complete">
                    <Target id dealer />
                    <label>
                        {T::DealerChangeNewTime.text(lang)}
                        <input name="starts_at" type="datetime-local" required=true />
                    </label>
                    <label>
                        {T::DealerChangeReason.text(lang)} <input name="reason" required=true maxlength="300" />
                    </label>
                    <button type="submit" class="button small">
                        {T::DealerChangeMove.text(lang)}
                    </button>
                </form>
                <form method="post" action=DealerCancelBooking::url() class="complete">
                    <Target id dealer />
                    <label>
                        {T::DealerChangeReason.text(lang)} <input name="reason" required=true maxlength="300" />
                    </label>
                    <button type="submit" class="button small danger">
                        {T::DealerChangeCancel.text(lang)}
                    </button>
                </form>
            </details>
        }
        .into_any(),
        Stage::CheckedIn => view! {
            {simple(StartWork::url(), T::WorkshopStart)}
            {estimate()}
            {simple(ReadyForPickup::url(), T::WorkshopReady)}
            {complete()}
        }
        .into_any(),
        Stage::InWork => view! {
            {estimate()}
            {simple(ReadyForPickup::url(), T::WorkshopReady)}
            {complete()}
        }
        .into_any(),
        Stage::AwaitingApproval => view! { <p class="aside">{T::WorkshopWaitingOwner.text(lang)}</p> }.into_any(),
        Stage::ReadyForPickup => complete().into_any(),
        Stage::Completed | Stage::Cancelled | Stage::NoShow => ().into_any(),
    };
    view! { <div class="visit">{head}{steps}</div> }
}
