//! The service advisor's console: the dealer's day by slot, with each visit's
//! next step (check in, complete, no-show), and the way to the day before,
//! the day after or any day.

use super::day_words::D;
use super::visit_steps::{
    CheckInVisit, CompleteVisit, DealerCancelBooking, DealerMoveBooking, NoShowVisit, ReadyForPickup, SendEstimate,
    StartWork,
};
use super::week::{staff_week, WeekGrid};
use super::workshop::VisitCell;
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for_form, url_error, FormError};
use crate::i18n::{china_time, Lang, T};
use crate::layout::{load_error, loading};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::booking::{DaySheet, ServiceType, Visit};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "staff_day")]
pub async fn staff_day(day: String, dealer: Option<i64>) -> Result<(DaySheet, Vec<ServiceType>), AppError> {
    use super::visit_steps::advisor_day;
    use crate::auth::ssr::respond;
    respond(async move {
        let (state, plan, day) = advisor_day(&day, dealer).await?;
        let sheet = pitlane::booking::store::day_sheet(&state.db, &plan, day, state.clock.now()).await?;
        let services = pitlane::booking::store::service_types(&state.db).await.map_err(pitlane::DomainError::from)?;
        Ok((sheet, services))
    })
    .await
}

/// An advisor books for an owner who phoned: the owner's car, at the advisor's dealer.
#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(prefix = "/api", endpoint = "book_for_owner")]
pub async fn book_for_owner(
    identifier: String,
    vin: String,
    service_type: String,
    starts_at: String,
    note: String,
    idempotency_key: String,
    dealer: Option<i64>,
) -> Result<i64, AppError> {
    use super::visit_steps::dealer_of;
    use crate::auth::ssr::{require, respond, state};
    use pitlane::booking::{store::book, BookingForm, Submitter};
    use pitlane::error::Field;
    respond(async move {
        let (user, _) = require(Role::is_workshop)?;
        let state = state()?;
        let dealer = dealer_of(&user, dealer)?;
        let who =
            pitlane::types::Identifier::parse(&identifier).map_err(|e| AppError::invalid(Field::Identifier, e))?;
        let owner = pitlane::booking::store::owner_by_identifier(&state.db, &who).await?;
        let form = BookingForm::parse(
            Submitter::Advisor(user.id),
            &vin,
            &dealer.to_string(),
            &service_type,
            &starts_at,
            &note,
            &idempotency_key,
        )?;
        let request = form.into_request(false, Vec::new());
        Ok(book(&state.db, &*state.clock, &*state.files, owner, request).await?)
    })
    .await
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    let lang = visitor().lang;
    let q = use_query_map().get_untracked();
    let day = q.get("day").unwrap_or_default();
    let dealer = q.get("dealer").and_then(|d| d.parse::<i64>().ok());
    let week = q.get("view").as_deref() == Some("week");
    let error = url_error::<CheckInVisit>()
        .or_else(url_error::<CompleteVisit>)
        .or_else(url_error::<NoShowVisit>)
        .or_else(url_error::<BookForOwner>)
        .or_else(url_error::<StartWork>)
        .or_else(url_error::<SendEstimate>)
        .or_else(url_error::<ReadyForPickup>)
        .or_else(url_error::<DealerMoveBooking>)
        .or_else(url_error::<DealerCancelBooking>);
    let dealer_query = dealer.map(|d| format!("&dealer={d}")).unwrap_or_default();
    view! {
        <RequireRole allow=Role::is_workshop>
            <h1>{T::ScheduleTitle.text(lang)}</h1>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            <nav class="tabs" aria-label=T::ScheduleTitle.text(lang)>
                <a href=format!("/staff/schedule?day={day}{dealer_query}") aria-current=(!week).then_some("page")>
                    {T::ScheduleDayView.text(lang)}
                </a>
                <a
                    href=format!("/staff/schedule?view=week&day={day}{dealer_query}")
                    aria-current=week.then_some("page")
                >
                    {T::ScheduleWeekView.text(lang)}
                </a>
            </nav>
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let day = day.clone();
                    {
                        let day = day.clone();
                        Suspend::new(async move {
                            if week {
                                return match staff_week(day, dealer).await {
                                    Ok(days) => {
                                        let first = days.first().map(|d| d.day).unwrap_or_default();
                                        view! {
                                            <DayNav lang day=first week dealer />
                                            <WeekGrid lang days dealer />
                                        }
                                            .into_any()
                                    }
                                    Err(err) => load_error(err, lang),
                                };
                            }
                            match staff_day(day, dealer).await {
                                Ok((sheet, services)) => {
                                    view! {
                                        <DayNav lang day=sheet.day week dealer />
                                        <Sheet lang sheet=sheet.clone() dealer />
                                        <PhoneBooking lang sheet services dealer />
                                    }
                                        .into_any()
                                }
                                Err(err) => load_error(err, lang),
                            }
                        })
                    }
                }
            </Suspense>
        </RequireRole>
    }
}

/// The schedule's address for `day` (today when none), in the day or week view.
fn schedule_href(day: Option<NaiveDate>, week: bool, dealer: Option<i64>) -> String {
    let mut query = Vec::new();
    if week {
        query.push("view=week".to_owned());
    }
    if let Some(day) = day {
        query.push(format!("day={day}"));
    }
    if let Some(dealer) = dealer {
        query.push(format!("dealer={dealer}"));
    }
    if query.is_empty() {
        "/staff/schedule".to_owned()
    } else {
        format!("/staff/schedule?{}", query.join("&"))
    }
}

/// Moving between days (or weeks in the week view): the previous and the next
/// one, today, and any date, as links and a form that work without JavaScript.
#[component]
fn DayNav(lang: Lang, day: NaiveDate, week: bool, dealer: Option<i64>) -> impl IntoView {
    let step = chrono::Duration::days(if week { 7 } else { 1 });
    let (previous, next) = if week { (D::WeekPrevious, D::WeekNext) } else { (D::DayPrevious, D::DayNext) };
    view! {
        <nav class="card day-nav" aria-label=D::DayNav.text(lang)>
            <a class="button" rel="prev" href=schedule_href(Some(day - step), week, dealer)>
                {previous.text(lang)}
            </a>
            <a class="button" href=schedule_href(None, week, dealer)>
                {D::DayToday.text(lang)}
            </a>
            <a class="button" rel="next" href=schedule_href(Some(day + step), week, dealer)>
                {next.text(lang)}
            </a>
            <form method="get" action="/staff/schedule" class="inline-form">
                {week.then(|| view! { <input type="hidden" name="view" value="week" /> })}
                {dealer.map(|d| view! { <input type="hidden" name="dealer" value=d.to_string() /> })}
                <div class="field">
                    <label for="day">{T::ScheduleDay.text(lang)}</label>
                    <input id="day" name="day" type="date" value=day.to_string() />
                </div>
                <button type="submit" class="button">
                    {T::ScheduleShow.text(lang)}
                </button>
            </form>
        </nav>
    }
}

#[component]
fn Sheet(lang: Lang, sheet: DaySheet, dealer: Option<i64>) -> impl IntoView {
    let back = schedule_href(Some(sheet.day), false, dealer);
    let rows = sheet
        .slots
        .iter()
        .map(|slot| {
            let starting: Vec<Visit> =
                sheet.visits.iter().filter(|v| v.booking.starts_at == slot.starts_at).cloned().collect();
            let percent = slot.used * 100 / slot.capacity.max(1);
            view! {
                <tr>
                    <th scope="row">{china_time(slot.starts_at.timestamp_millis())[11..].to_owned()}</th>
                    <td>
                        <div class="bar" role="img" aria-label=format!("{}/{}", slot.used, slot.capacity)>
                            <span style=format!("width:{percent}%")></span>
                        </div>
                        <small>{slot.used} " / " {slot.capacity}</small>
                    </td>
                    <td>
                        {starting
                            .into_iter()
                            .map(|visit| view! { <VisitCell lang visit dealer back=back.clone() /> })
                            .collect_view()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {if sheet.slots.is_empty() {
            view! { <p class="empty card">{T::ScheduleClosed.text(lang)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap card">
                    <table class="schedule">
                        <thead>
                            <tr>
                                <th scope="col">{T::BookingWhen.text(lang)}</th>
                                <th scope="col">{T::ScheduleLoad.text(lang)}</th>
                                <th scope="col">{T::ScheduleVisits.text(lang)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

/// Booking for an owner on the phone: who, which car, what, and a start of this day.
#[component]
fn PhoneBooking(lang: Lang, sheet: DaySheet, services: Vec<ServiceType>, dealer: Option<i64>) -> impl IntoView {
    if sheet.slots.is_empty() {
        return ().into_any();
    }
    let key = format!("{}-{}", sheet.day, chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="phone-title">
            <h2 id="phone-title">{T::SchedulePhone.text(lang)}</h2>
            <form method="post" action=BookForOwner::url() class="complete">
                {dealer.map(|d| view! { <input type="hidden" name="dealer" value=d.to_string() /> })}
                <input type="hidden" name="idempotency_key" value=key />
                <label>{T::ScheduleOwnerContact.text(lang)} <input name="identifier" required=true /></label>
                <label>{T::GarageVin.text(lang)} <input name="vin" required=true /></label>
                <label>
                    {T::BookService.text(lang)} <select name="service_type" required=true>
                        <option value="">{T::CaseChoose.text(lang)}</option>
                        {services
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s
                                        .id
                                        .to_string()>{lang.pick(&s.name_zh, &s.name_en).to_owned()}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {T::BookingWhen.text(lang)} <select name="starts_at" required=true>
                        <option value="">{T::CaseChoose.text(lang)}</option>
                        {sheet
                            .slots
                            .iter()
                            .map(|s| {
                                view! {
                                    <option value=s
                                        .starts_at
                                        .timestamp_millis()
                                        .to_string()>
                                        {china_time(s.starts_at.timestamp_millis())[11..].to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>{T::BookNote.text(lang)} <input name="note" /></label>
                <button type="submit" class="button small primary">
                    {T::BookButton.text(lang)}
                </button>
            </form>
        </section>
    }
    .into_any()
}
