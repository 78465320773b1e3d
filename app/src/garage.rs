//! The owner's garage: their cars by VIN with what is due, and claiming a
//! car; one car's page is `garage/car.rs`.

pub mod car;
pub mod claims;
pub mod staff;
mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FormError, SubmitButton, VinField};
use crate::i18n::{china_time, Lang, T};
use crate::layout::{loaded, Notice};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::booking::NextVisit;
use pitlane::error::Field;
use pitlane::garage::claim::MyClaim;
use pitlane::garage::{Car, CarSummary};
use pitlane::reminder::{Kind, Reminder, State};
use server_fn::ServerFn;
use words::G;

#[server(prefix = "/api", endpoint = "garage_cars")]
pub async fn garage_cars() -> Result<Vec<CarSummary>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::garage::store::page::garage(&state.db, &*state.clock, user.id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "claim_car")]
pub async fn claim_car(vin: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep = [("vin", vin.clone())];
    respond_keeping(&keep, async move {
        let (user, visitor) = require(|_| true)?;
        let state = state()?;
        let claimed = pitlane::garage::claim::store::claim(
            &state.db,
            &*state.clock,
            &*state.files,
            user.id,
            &vin,
            None,
            &visitor.client_addr,
        )
        .await?;
        redirect(&after_claim(&claimed));
        Ok(())
    })
    .await
}

/// A claim sent with a photo of the registration certificate, for customer
/// care to confirm (the registered buyer needs no photo: theirs is accepted).
#[server(prefix = "/api", endpoint = "claim_car_with_proof", input = server_fn::codec::MultipartFormData)]
pub async fn claim_car_with_proof(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, state, visitor};
    use crate::form::ssr::{admitted, pictures, respond_posted};
    respond_posted(
        data,
        |_| true,
        admitted,
        Field::Evidence,
        &[("vin", "vin")],
        |user, posted| async move {
            let state = state()?;
            let visitor = visitor()?;
            let evidence = pictures(&posted, "evidence", Field::Evidence, 1).await?.pop();
            let claimed = pitlane::garage::claim::store::claim(
                &state.db,
                &*state.clock,
                &*state.files,
                user.id,
                &posted.text("vin"),
                evidence.as_ref(),
                &visitor.client_addr,
            )
            .await?;
            redirect(&after_claim(&claimed));
            Ok(())
        },
    )
    .await
}

/// Where a claim leads: the car's page, or the garage that lists it as waiting.
#[cfg(feature = "ssr")]
fn after_claim(claimed: &pitlane::garage::claim::Claimed) -> String {
    use pitlane::garage::claim::Claimed;
    match claimed {
        Claimed::Owned(vin) => format!("/me/garage/{vin}?added=1"),
        Claimed::Pending(_) => "/me/garage?claimed=pending".to_owned(),
    }
}

/// The signed-in person's claims still waiting for customer care.
#[server(prefix = "/api", endpoint = "my_car_claims")]
pub async fn my_car_claims() -> Result<Vec<MyClaim>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::garage::claim::store::mine(&state.db, user.id).await?)
    })
    .await
}

#[component]
pub fn GaragePage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let notice = match (query.get_str("released"), query.get_str("claimed")) {
        (Some(_), _) => Some(T::GarageReleased),
        (_, Some("pending")) => Some(T::GarageClaimSent),
        _ => None,
    };
    let error = url_error::<ClaimCar>();
    let proof_error = url_error::<ClaimCarWithProof>();
    // A claim that needs proof, or a proof form that came back: ask for the photo.
    let needs_proof = proof_error.is_some() || error.as_ref().is_some_and(|e| e.field() == Some(Field::Evidence));
    let add = if needs_proof {
        view! { <ProofForm lang error=proof_error /> }.into_any()
    } else {
        view! {
            <section class="card" aria-labelledby="add-car-title">
                <h2 id="add-car-title">{T::GarageAdd.text(lang)}</h2>
                <BusyForm action=ClaimCar::url().to_owned()>
                    <FormError message=error_for_form(&error, lang) />
                    <VinField
                        lang
                        hint=T::GarageAddHint.text(lang)
                        error=error_for(&error, Field::Vin, lang)
                        value=kept_value("vin")
                    />
                    <SubmitButton label=T::GarageAddButton.text(lang) busy_label=T::GarageAddPending.text(lang) />
                </BusyForm>
            </section>
        }
        .into_any()
    };
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::GarageTitle.text(lang)}</h1>
            <Notice lang notice />
            {loaded(
                lang,
                garage_cars,
                move |cars| {
                    if cars.is_empty() {
                        return view! { <p class="empty card">{T::GarageEmpty.text(lang)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cars">
                            {cars
                                .into_iter()
                                .map(|summary| {
                                    view! { <CarTile lang car=summary.car reminders=summary.reminders /> }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                },
            )}
            {loaded(
                lang,
                my_car_claims,
                move |claims| {
                    if claims.is_empty() { ().into_any() } else { view! { <WaitingClaims lang claims /> }.into_any() }
                },
            )}
            {add}
        </RequireRole>
    }
}

/// Claims waiting for customer care: the car by name, nothing of its records.
#[component]
fn WaitingClaims(lang: Lang, claims: Vec<MyClaim>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="claims-title">
            <h2 id="claims-title">{T::GarageClaimsTitle.text(lang)}</h2>
            <p class="aside">{T::GarageClaimsText.text(lang)}</p>
            <ul class="cars">
                {claims
                    .into_iter()
                    .map(|claim| {
                        view! {
                            <li class="card car-tile">
                                <h3>
                                    {lang.pick(&claim.model_zh, &claim.model_en).to_owned()} " · " {claim.model_year}
                                </h3>
                                <p class="mono">{claim.vin.to_string()}</p>
                                <p>
                                    <span class="badge badge-upcoming">{T::GarageClaimWaiting.text(lang)}</span>
                                    " "
                                    {T::GarageClaimFiled.text(lang)}
                                    " "
                                    {china_time(claim.filed_at.timestamp_millis())}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The claim again, with a photo of the registration certificate for care.
#[component]
fn ProofForm(lang: Lang, error: Option<AppError>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="proof-title">
            <h2 id="proof-title">{T::GarageProofTitle.text(lang)}</h2>
            <p>{T::GarageProofText.text(lang)}</p>
            <BusyForm action=ClaimCarWithProof::url().to_owned() with_files=true>
                <FormError message=error_for_form(&error, lang) />
                <VinField lang error=error_for(&error, Field::Vin, lang) value=kept_value("vin") />
                <div class="field">
                    <label for="evidence">{T::GarageProofPhoto.text(lang)}</label>
                    <input
                        id="evidence"
                        name="evidence"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        required=true
                        aria-describedby="evidence-error"
                    />
                    <p class="field-error" id="evidence-error" role="alert">
                        {error_for(&error, Field::Evidence, lang)}
                    </p>
                </div>
                <SubmitButton label=T::GarageProofButton.text(lang) busy_label=T::GarageProofPending.text(lang) />
            </BusyForm>
            <p>
                <a href="/me/garage">{T::GarageProofOther.text(lang)}</a>
            </p>
        </section>
    }
}

#[component]
fn CarTile(lang: Lang, car: Car, reminders: Vec<Reminder>) -> impl IntoView {
    let pressing = reminders.iter().filter(|r| r.state <= State::Open).count();
    view! {
        <li class="card car-tile">
            <h2>
                <a href=format!(
                    "/me/garage/{}",
                    car.vin,
                )>{lang.pick(&car.model_zh, &car.model_en).to_owned()} " · " {car.model_year}</a>
            </h2>
            <p class="mono">{car.vin.to_string()}</p>
            {car.plate.clone().map(|p| view! { <p class="plate">{p}</p> })}
            {(pressing > 0)
                .then(|| {
                    view! {
                        <p>
                            <span class="badge badge-due">{pressing} " " {T::GarageReminders.text(lang)}</span>
                        </p>
                    }
                })}
        </li>
    }
}

/// One reminder: what, why it is due, its state, and what to do.
#[component]
pub fn ReminderCard(
    lang: Lang,
    reminder: Reminder,
    car_name: String,
    vin: String,
    /// A visit already booked for the car answers a maintenance or recall reminder.
    next_visit: Option<NextVisit>,
) -> impl IntoView {
    // `fixes`: the visit is for the car's campaigns, and a booked visit counts
    // only if it fixes them too; `ask` is what the booking page is told.
    let book = |fixes: bool, ask: &str| match next_visit.filter(|v| !fixes || v.fixes_recalls) {
        Some(visit) => (
            format!("{} {}", T::ActionBooked.text(lang), china_time(visit.starts_at.timestamp_millis())),
            format!("/me/bookings/{}", visit.id),
        ),
        None => (T::ActionBook.text(lang).to_owned(), format!("/service/book?vin={vin}{ask}")),
    };
    let (title, (action, href)) = match reminder.kind {
        Kind::Maintenance => (T::ReminderMaintenance.text(lang), book(false, "")),
        Kind::Insurance => (
            T::ReminderInsurance.text(lang),
            (T::ActionRenew.text(lang).to_owned(), format!("/me/garage/{vin}#details")),
        ),
        Kind::Inspection => (
            T::ReminderInspection.text(lang),
            (T::ActionRenew.text(lang).to_owned(), format!("/me/garage/{vin}#details")),
        ),
        Kind::WarrantyEnding => (
            T::ReminderWarranty.text(lang),
            (T::ActionSeeCar.text(lang).to_owned(), format!("/me/garage/{vin}#warranty")),
        ),
        Kind::Recall => (T::ReminderRecall.text(lang), book(true, "&recall=1")),
        Kind::ServiceCampaign => (G::ReminderServiceCampaign.text(lang), book(true, "&campaign=1")),
    };
    let (state_class, state) = match reminder.state {
        State::Overdue => ("badge badge-overdue", T::StateOverdue.text(lang)),
        State::Due => ("badge badge-due", T::StateDue.text(lang)),
        State::Open => ("badge badge-open", G::StateOpen.text(lang)),
        State::AwaitingParts => ("badge badge-upcoming", T::CampaignAwaitingParts.text(lang)),
        State::Upcoming => ("badge badge-upcoming", T::StateUpcoming.text(lang)),
        State::Done => ("badge badge-done", T::StateDone.text(lang)),
    };
    let about = lang.pick(&reminder.about_zh, &reminder.about_en).to_owned();
    let why = match (reminder.due_on, reminder.due_km) {
        (Some(on), Some(km)) => format!("{} {on} {} {km} km", T::ReminderDueOn.text(lang), T::ReminderAt.text(lang)),
        (Some(on), None) => format!("{} {on}", T::ReminderDueOn.text(lang)),
        (None, Some(km)) => format!("{} {km} km", T::ReminderDueAtKm.text(lang)),
        (None, None) if reminder.kind == Kind::Maintenance => T::ReminderNoDueYet.text(lang).to_owned(),
        (None, None) if reminder.state == State::AwaitingParts => T::CampaignPartsPromise.text(lang).to_owned(),
        (None, None) => String::new(),
    };
    view! {
        <li class="card reminder" data-state=format!("{:?}", reminder.state).to_lowercase()>
            <p>
                <span class=state_class>{state}</span>
                " "
                <strong>{title}</strong>
            </p>
            <p class="aside">{car_name}</p>
            {(!about.is_empty()).then(|| view! { <p>{about}</p> })}
            {(!why.is_empty()).then(|| view! { <p>{why}</p> })}
            {(!matches!(reminder.state, State::Done | State::AwaitingParts))
                .then(|| {
                    view! {
                        <p>
                            <a href=href>{action}</a>
                        </p>
                    }
                })}
        </li>
    }
}
