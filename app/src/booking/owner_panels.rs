//! What the owner's booking page shows beyond the appointment: the car's
//! progress through the workshop as a timeline, estimates to answer, the
//! dealer's changes, photos of the concern and the booking's history.

use super::words::B;
use super::{AcceptBookingChange, AddBookingPhotos, CancelBooking, ConfirmBooking, DecideEstimate};
use crate::confirm::Confirm;
use crate::form::BusyForm;
use crate::history::when_what_who;
use crate::i18n::{china_time, Lang, T};
use crate::photos::{PhotosField, Thumbs};
use crate::steps::Steps;
use leptos::prelude::*;
use pitlane::booking::{Decision, Details, Estimate, Event, Stage, MAX_BOOKING_PHOTOS};
use server_fn::ServerFn;

/// The event that marks reaching each workshop step.
fn reached_by(stage: Stage) -> &'static str {
    match stage {
        Stage::InWork => "in_work",
        Stage::AwaitingApproval => "estimate",
        Stage::ReadyForPickup => "ready",
        Stage::Completed => "completed",
        _ => "checked_in",
    }
}

pub(crate) fn stage_name(stage: Stage) -> T {
    match stage {
        Stage::Booked => T::StageBooked,
        Stage::CheckedIn => T::StageCheckedIn,
        Stage::InWork => T::StageInWork,
        Stage::AwaitingApproval => T::StageAwaitingApproval,
        Stage::ReadyForPickup => T::StageReady,
        Stage::Completed => T::StageCompleted,
        Stage::Cancelled => T::StageCancelled,
        Stage::NoShow => T::StageNoShow,
    }
}

/// checked in → in work → waiting for approval → ready → completed, with the
/// time each was reached; the current step is marked for screen readers too.
#[component]
pub fn WorkshopTimeline(lang: Lang, stage: Stage, history: Vec<Event>) -> impl IntoView {
    let Some(current) = stage.workshop_step() else { return ().into_any() };
    let steps = Stage::WORKSHOP
        .iter()
        .map(|step| {
            let at = history.iter().rev().find(|e| e.kind == reached_by(*step));
            (stage_name(*step).text(lang), at.map(|e| china_time(e.at.timestamp_millis())))
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{T::WorkshopProgress.text(lang)}</h2>
            <Steps label=T::WorkshopProgress.text(lang) steps current />
        </section>
    }
    .into_any()
}

#[component]
pub fn DealerChangeNotice(lang: Lang, details: Details) -> impl IntoView {
    let Some(reason) = details.dealer_change.clone() else { return ().into_any() };
    let b = &details.booking;
    let cancelled = b.stage == Stage::Cancelled;
    let rebook = format!("/service/book?vin={}&dealer={}&service={}", b.vin, b.dealer_id, b.service_type_id);
    view! {
        <section class="notice" role="status" aria-labelledby="change-title">
            <h2 id="change-title">
                {if cancelled { T::DealerCancelledTitle } else { T::DealerMovedTitle }.text(lang)}
            </h2>
            <p>{T::DealerChangeReason.text(lang)} ": " {reason}</p>
            <form method="post" action=AcceptBookingChange::url() class="inline-form">
                <input type="hidden" name="id" value=b.id.to_string() />
                <button type="submit" class="button primary">
                    {if cancelled { T::DealerCancelledOk } else { T::DealerMovedAccept }.text(lang)}
                </button>
            </form>
            {if cancelled {
                view! {
                    <a class="button" href=rebook>
                        {T::DealerCancelledRebook.text(lang)}
                    </a>
                }
                    .into_any()
            } else {
                view! {
                    <a class="button" href="#move-title">
                        {T::DealerMovedOther.text(lang)}
                    </a>
                }
                    .into_any()
            }}
        </section>
    }
    .into_any()
}

/// A booking the dealer made on the phone asks its owner to confirm it, or to
/// cancel it if they never asked for it.
#[component]
pub fn MadeForYouNotice(lang: Lang, details: Details) -> impl IntoView {
    let b = &details.booking;
    if !b.awaits_owner || !b.stage.is_open() {
        return ().into_any();
    }
    // Children of `Confirm` outlive this function: they take the id, not a borrow.
    let id = b.id;
    view! {
        <section class="notice" role="status" aria-labelledby="made-for-you-title">
            <h2 id="made-for-you-title">{T::MadeForYouTitle.text(lang)}</h2>
            <p>{T::MadeForYouText.text(lang)}</p>
            <form method="post" action=ConfirmBooking::url() class="inline-form">
                <input type="hidden" name="id" value=b.id.to_string() />
                <button type="submit" class="button primary">
                    {T::MadeForYouConfirm.text(lang)}
                </button>
            </form>
            <Confirm
                lang
                action=CancelBooking::url()
                ask=T::MadeForYouNotMine.text(lang)
                consequence=T::BookingCancelWhat.text(lang)
                confirm=T::BookingCancelYes.text(lang)
                back=format!("/me/bookings/{id}")
                danger=true
            >
                <input type="hidden" name="id" value=id.to_string() />
            </Confirm>
        </section>
    }
    .into_any()
}

#[component]
pub fn EstimateList(lang: Lang, booking: i64, estimates: Vec<Estimate>) -> impl IntoView {
    if estimates.is_empty() {
        return ().into_any();
    }
    let back = format!("/me/bookings/{booking}");
    let rows = estimates
        .into_iter()
        .map(|e| {
            let answer = match e.decision {
                // Both answers cannot be undone: each asks first, naming the amount.
                None => view! {
                    <div class="confirm-pair">
                        <Confirm
                            lang
                            action=DecideEstimate::url()
                            ask=T::EstimateApprove.text(lang)
                            consequence=format!("{} {}{}", B::ApproveWhat.text(lang), e.amount, B::FullStop.text(lang))
                            confirm=B::ApproveYes.text(lang)
                            back=back.clone()
                        >
                            <input type="hidden" name="estimate" value=e.id.to_string() />
                            <input type="hidden" name="decision" value=Decision::Approved.as_str() />
                        </Confirm>
                        <Confirm
                            lang
                            action=DecideEstimate::url()
                            ask=T::EstimateDecline.text(lang)
                            consequence=format!("{} {}{}", B::DeclineWhat.text(lang), e.amount, B::FullStop.text(lang))
                            confirm=B::DeclineYes.text(lang)
                            back=back.clone()
                            danger=true
                        >
                            <input type="hidden" name="estimate" value=e.id.to_string() />
                            <input type="hidden" name="decision" value=Decision::Declined.as_str() />
                        </Confirm>
                    </div>
                }
                .into_any(),
                Some((decision, at)) => view! {
                    <p>
                        <span class=if decision == Decision::Approved {
                            "badge badge-done"
                        } else {
                            "badge"
                        }>
                            {if decision == Decision::Approved { T::EstimateApproved } else { T::EstimateDeclined }
                                .text(lang)}
                        </span>
                        " "
                        <small>{china_time(at.timestamp_millis())}</small>
                    </p>
                }
                .into_any(),
            };
            view! {
                <li class="estimate">
                    <p>
                        <strong>{e.items.clone()}</strong>
                        " · "
                        {e.amount.to_string()}
                    </p>
                    <p class="aside">{T::EstimateSent.text(lang)} " " {china_time(e.sent_at.timestamp_millis())}</p>
                    {answer}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="estimates-title">
            <h2 id="estimates-title">{T::EstimatesTitle.text(lang)}</h2>
            <ul class="plain">{rows}</ul>
        </section>
    }
    .into_any()
}

/// The owner's photos of the concern and, while there is room and the visit
/// is not over, a form for more.
#[component]
pub fn ConcernPhotos(lang: Lang, id: i64, stage: Stage, photos: Vec<i64>, error: Option<String>) -> impl IntoView {
    let open = stage == Stage::Booked || stage.in_workshop();
    let room = MAX_BOOKING_PHOTOS.saturating_sub(photos.len());
    if photos.is_empty() && !open {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="photos-title">
            <h2 id="photos-title">{T::BookingPhotos.text(lang)}</h2>
            {if photos.is_empty() {
                view! { <p class="empty">{T::BookingPhotosEmpty.text(lang)}</p> }.into_any()
            } else {
                view! { <Thumbs photos alt=T::BookingPhotoAlt.text(lang) size="120" /> }.into_any()
            }}
            {(open && room > 0)
                .then(|| {
                    view! {
                        <BusyForm action=AddBookingPhotos::url().to_owned() with_files=true>
                            <input type="hidden" name="id" value=id.to_string() />
                            <PhotosField required=true error=error.clone()>
                                {T::BookingPhotosAdd.text(lang)}
                                " · "
                                {T::BookingPhotosLeft.text(lang)}
                                " "
                                {room}
                            </PhotosField>
                            <button type="submit" class="button">
                                {T::BookingPhotosUpload.text(lang)}
                            </button>
                        </BusyForm>
                    }
                })}
        </section>
    }
    .into_any()
}

fn event_name(kind: &str) -> T {
    match kind {
        "booked" => T::EventBooked,
        "rescheduled" => T::EventRescheduled,
        "cancelled" => T::StageCancelled,
        "moved_by_dealer" => T::EventMovedByDealer,
        "cancelled_by_dealer" => T::EventCancelledByDealer,
        "change_accepted" => T::EventChangeAccepted,
        "checked_in" => T::StageCheckedIn,
        "in_work" => T::StageInWork,
        "estimate" => T::EventEstimate,
        "approved" => T::EstimateApproved,
        "declined" => T::EstimateDeclined,
        "ready" => T::StageReady,
        "completed" => T::StageCompleted,
        "no_show" => T::StageNoShow,
        "photos" => T::EventPhotos,
        _ => T::EventOther,
    }
}

/// Every change to the booking, oldest first, naming the staff member who made it.
#[component]
pub fn BookingHistory(lang: Lang, history: Vec<Event>) -> impl IntoView {
    let rows = history
        .into_iter()
        .map(|e| {
            let who = e.by_staff.clone().unwrap_or_else(|| T::EventByYou.text(lang).to_owned());
            view! { <li>{when_what_who(e.at, event_name(&e.kind).text(lang), who)}</li> }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{T::BookingHistory.text(lang)}</h2>
            <ol class="history">{rows}</ol>
        </section>
    }
}
