//! One car in the owner's garage: its warranty, campaigns, reminders and
//! service history, the owner's own details of it, work done elsewhere, and
//! letting the car go.

use super::ReminderCard;
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FieldRow, FormError, SubmitButton};
use crate::i18n::{Lang, T};
use crate::layout::{suspended, Notice};
use crate::warranty::{CampaignList, WarrantyCard};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::error::Field;
use pitlane::garage::{ServiceEntry, Source};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "garage_car")]
pub async fn garage_car(vin: String) -> Result<pitlane::garage::CarPage, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::garage::store::page::car_page(&state.db, &*state.clock, user.id, &vin).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "update_car")]
pub async fn update_car(
    vin: String,
    plate: String,
    mileage: String,
    insurance_due: String,
    inspection_due: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep = [
        ("plate", plate.clone()),
        ("mileage", mileage.clone()),
        ("insurance_due", insurance_due.clone()),
        ("inspection_due", inspection_due.clone()),
    ];
    respond_keeping(&keep, async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let details = pitlane::garage::CarDetails::parse(&plate, &mileage, &insurance_due, &inspection_due)?;
        let reading = pitlane::garage::store::update_details(&state.db, &*state.clock, user.id, &vin, details).await?;
        let saved = if reading == pitlane::garage::ReadingOutcome::Held { "held" } else { "details" };
        redirect(&format!("/me/garage/{}?saved={saved}", vin.trim().to_ascii_uppercase()));
        Ok(())
    })
    .await
}

/// Work done elsewhere, posted with an optional receipt photo.
#[server(prefix = "/api", endpoint = "report_work", input = server_fn::codec::MultipartFormData)]
pub async fn report_work(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{admitted, pictures, respond_posted};
    // The mileage goes back as `work_mileage`: the car page's details form has a `mileage` too.
    let keep = [
        ("performed_on", "performed_on"),
        ("work", "work"),
        ("garage_name", "garage_name"),
        ("work_mileage", "mileage"),
        ("is_maintenance", "is_maintenance"),
    ];
    respond_posted(
        data,
        |_| true,
        admitted,
        Field::Receipt,
        &keep,
        |user, posted| async move {
            let state = state()?;
            let today = state.clock.now().date_naive();
            let job = pitlane::garage::OwnerWork::parse(
                &posted.text("performed_on"),
                &posted.text("mileage"),
                &posted.text("work"),
                &posted.text("garage_name"),
                posted.flag("is_maintenance"),
                today,
            )?;
            let receipt = pictures(&posted, "receipt", Field::Receipt, 1).await?.pop();
            let vin = posted.text("vin");
            let reading = pitlane::garage::store::report_work(
                &state.db,
                &*state.clock,
                &*state.files,
                user.id,
                &vin,
                job,
                receipt.as_ref(),
            )
            .await?;
            let saved = if reading == pitlane::garage::ReadingOutcome::Held { "held" } else { "work" };
            redirect(&format!("/me/garage/{}?saved={saved}", vin.trim().to_ascii_uppercase()));
            Ok(())
        },
    )
    .await
}

#[server(prefix = "/api", endpoint = "release_car")]
pub async fn release_car(vin: String, confirm: Option<String>) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::Problem;
    respond(async move {
        let (user, _) = require(|_| true)?;
        if confirm.is_none() {
            return Err(AppError::invalid(Field::Confirm, Problem::Required));
        }
        let state = state()?;
        pitlane::garage::store::release(&state.db, &*state.clock, user.id, &vin).await?;
        redirect("/me/garage?released=1");
        Ok(())
    })
    .await
}

#[component]
pub fn CarPage() -> impl IntoView {
    let lang = visitor().lang;
    let vin = use_params_map().get_untracked().get("vin").unwrap_or_default();
    let query = use_query_map().get_untracked();
    let notice = match (query.get_str("added"), query.get_str("saved")) {
        (Some(_), _) => Some(T::GarageAdded),
        (_, Some("details")) => Some(T::GarageSaved),
        (_, Some("work")) => Some(T::GarageReported),
        (_, Some("held")) => Some(T::GarageSavedHeld),
        _ => None,
    };
    view! {
        <RequireRole allow=|_| { true }>
            <Notice lang notice />
            {suspended(
                lang,
                move || {
                    let vin = vin.clone();
                    async move {
                        match garage_car(vin).await {
                            Ok(data) => view! { <CarView lang data /> }.into_any(),
                            Err(err) => {
                                let status = if err == AppError::NotFound { 404 } else { 500 };
                                view! { <crate::auth::ErrorPage status /> }.into_any()
                            }
                        }
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn CarView(lang: Lang, data: pitlane::garage::CarPage) -> impl IntoView {
    let pitlane::garage::CarPage { car, lookup, history, reminders, next_visit } = data;
    let name = format!("{} · {}", lang.pick(&car.model_zh, &car.model_en), car.model_year);
    let details_error = url_error::<UpdateCar>();
    let work_error = url_error::<ReportWork>();
    let release_error = url_error::<ReleaseCar>();
    let kept_or = |name: &str, current: Option<String>| {
        let kept = kept_value(name);
        if kept.is_empty() {
            current.unwrap_or_default()
        } else {
            kept
        }
    };
    let reminder_cards = if reminders.is_empty() {
        view! { <p class="empty">{T::GarageNoReminders.text(lang)}</p> }.into_any()
    } else {
        reminders
            .into_iter()
            .map(
                |reminder| view! { <ReminderCard lang reminder car_name=name.clone() vin=car.vin.to_string() next_visit /> },
            )
            .collect_view()
            .into_any()
    };
    let (details_vin, work_vin, release_vin) = (car.vin.to_string(), car.vin.to_string(), car.vin.to_string());
    view! {
        <h1>{name.clone()}</h1>
        <p class="mono">
            {T::GarageVin.text(lang)} " " {car.vin.to_string()}
            {car
                .plate
                .clone()
                .map(|p| {
                    view! {
                        " · "
                        <span class="plate">{p}</span>
                    }
                })}
        </p>
        <p>
            <a href=format!("/me/garage/{}/trade-in", car.vin)>{crate::lead::words::L::TradeInTitle.text(lang)}</a>
        </p>
        <section aria-labelledby="reminders-title">
            <h2 id="reminders-title">{T::GarageReminders.text(lang)}</h2>
            <ul class="reminders">{reminder_cards}</ul>
        </section>
        <div class="grid two">
            <section class="card" id="warranty" aria-label=T::WarrantyCover.text(lang)>
                {lookup.as_ref().map(|l| view! { <WarrantyCard lang sale_date=l.sale_date lines=l.lines.clone() /> })}
            </section>
            <div id="campaigns">
                {lookup.map(|l| view! { <CampaignList lang campaigns=l.campaigns book_for=car.vin.to_string() /> })}
            </div>
        </div>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{T::GarageHistory.text(lang)}</h2>
            <HistoryTimeline lang history />
        </section>
        <section class="card" id="details" aria-labelledby="details-title">
            <h2 id="details-title">{T::GarageDetails.text(lang)}</h2>
            {car
                .mileage_km
                .map(|km| {
                    view! {
                        <p class="aside">
                            {T::GarageMileage.text(lang)} ": " {km} " "
                            {car.mileage_on.map(|d| format!("({} {d})", T::GarageMileageAsOf.text(lang)))}
                        </p>
                    }
                })}
            {car
                .held_mileage
                .map(|held| {
                    view! {
                        <p class="notice held-reading">
                            <span class="badge badge-due">{T::GarageMileageHeld.text(lang)}</span>
                            " "
                            {held.km}
                            " km ("
                            {held.read_on.to_string()}
                            "). "
                            {T::GarageMileageHeldText.text(lang)}
                        </p>
                    }
                })}
            <BusyForm action=UpdateCar::url().to_owned()>
                <FormError message=error_for_form(&details_error, lang) />
                <input type="hidden" name="vin" value=details_vin />
                <div class="grid two">
                    <FieldRow
                        field=Field::Plate
                        label=T::GaragePlate.text(lang)
                        lang
                        optional=true
                        error=error_for(&details_error, Field::Plate, lang)
                        value=kept_or("plate", car.plate.clone())
                    />
                    <FieldRow
                        field=Field::Mileage
                        label=T::GarageMileage.text(lang)
                        lang
                        optional=true
                        input_type="number"
                        error=error_for(&details_error, Field::Mileage, lang)
                        value=kept_or("mileage", car.mileage_km.map(|k| k.to_string()))
                    />
                    <FieldRow
                        field=Field::InsuranceDue
                        label=T::GarageInsuranceDue.text(lang)
                        lang
                        optional=true
                        input_type="date"
                        error=error_for(&details_error, Field::InsuranceDue, lang)
                        value=kept_or("insurance_due", car.insurance_due.map(|d| d.to_string()))
                    />
                    <FieldRow
                        field=Field::InspectionDue
                        label=T::GarageInspectionDue.text(lang)
                        lang
                        optional=true
                        input_type="date"
                        error=error_for(&details_error, Field::InspectionDue, lang)
                        value=kept_or("inspection_due", car.inspection_due.map(|d| d.to_string()))
                    />
                </div>
                <SubmitButton label=T::GarageSave.text(lang) busy_label=T::GarageSaving.text(lang) />
            </BusyForm>
        </section>
        <section class="card" aria-labelledby="report-title">
            <h2 id="report-title">{T::GarageReport.text(lang)}</h2>
            <BusyForm action=ReportWork::url().to_owned() with_files=true>
                <FormError message=error_for_form(&work_error, lang) />
                <input type="hidden" name="vin" value=work_vin />
                <div class="grid two">
                    <FieldRow
                        field=Field::PerformedOn
                        label=T::GaragePerformedOn.text(lang)
                        lang
                        input_type="date"
                        error=error_for(&work_error, Field::PerformedOn, lang)
                        value=kept_value("performed_on")
                    />
                    <FieldRow
                        field=Field::Mileage
                        name="mileage"
                        label=T::GarageMileage.text(lang)
                        lang
                        input_type="number"
                        error=error_for(&work_error, Field::Mileage, lang)
                        value=kept_value("work_mileage")
                    />
                    <FieldRow
                        field=Field::Work
                        label=T::GarageWork.text(lang)
                        lang
                        error=error_for(&work_error, Field::Work, lang)
                        value=kept_value("work")
                    />
                    <FieldRow
                        field=Field::GarageName
                        label=T::GarageGarageName.text(lang)
                        lang
                        error=error_for(&work_error, Field::GarageName, lang)
                        value=kept_value("garage_name")
                    />
                </div>
                <div class="field">
                    <label for="receipt">{T::GarageReceipt.text(lang)}</label>
                    <input
                        id="receipt"
                        name="receipt"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        aria-describedby="receipt-error"
                    />
                    <p class="field-error" id="receipt-error" role="alert">
                        {error_for(&work_error, Field::Receipt, lang)}
                    </p>
                </div>
                <p class="field-check">
                    <label>
                        // Unticked until the owner says so: a tyre change ticked by
                        // default would silence the maintenance reminder.
                        <input
                            type="checkbox"
                            name="is_maintenance"
                            value="on"
                            checked=!kept_value("is_maintenance").is_empty()
                        />
                        " "
                        {T::GarageIsMaintenance.text(lang)}
                    </label>
                </p>
                <SubmitButton label=T::GarageReportButton.text(lang) busy_label=T::GarageSaving.text(lang) />
            </BusyForm>
        </section>
        <section class="card muted" id="dealer" aria-labelledby="release-title">
            <p>{T::GarageDealerNote.text(lang)}</p>
            <h2 id="release-title">{T::GarageRelease.text(lang)}</h2>
            <p>{T::GarageReleaseText.text(lang)}</p>
            <form method="post" action=ReleaseCar::url()>
                <FormError message=release_error.map(|e| e.text(lang)) />
                <input type="hidden" name="vin" value=release_vin />
                <p class="field-check">
                    <label>
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " "
                        {T::GarageReleaseConfirm.text(lang)}
                    </label>
                </p>
                <button type="submit" class="button danger">
                    {T::GarageReleaseButton.text(lang)}
                </button>
            </form>
        </section>
    }
}

/// The car's history, newest first, as a timeline.
#[component]
fn HistoryTimeline(lang: Lang, history: Vec<ServiceEntry>) -> impl IntoView {
    if history.is_empty() {
        return view! { <p class="empty">{T::GarageHistoryEmpty.text(lang)}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {history
                .into_iter()
                .map(|entry| {
                    let source = match entry.source {
                        Source::Dealer => T::GarageByDealer,
                        Source::Owner => T::GarageByOwner,
                        Source::EarlierOwner => T::GarageByEarlierOwner,
                    };
                    view! {
                        <li class="timeline-item" data-source=format!("{:?}", entry.source).to_lowercase()>
                            <p class="timeline-when">
                                {entry.performed_on.to_string()} " · " {entry.mileage_km} " km"
                            </p>
                            <p>
                                <strong>{entry.work}</strong>
                            </p>
                            <p class="aside">
                                {entry.garage_name} " · " <span class="badge">{source.text(lang)}</span>
                                {entry
                                    .receipt
                                    .map(|id| {
                                        view! {
                                            " · "
                                            <a href=format!("/files/{id}")>{T::GarageSeeReceipt.text(lang)}</a>
                                        }
                                    })}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
