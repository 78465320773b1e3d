//! The owner's booking pages. Every step is a plain GET or POST form, so the
//! whole flow works without wasm.

use super::owner_panels::{
    BookingHistory, ConcernPhotos, DealerChangeNotice, EstimateList, MadeForYouNotice, WorkshopTimeline,
};
use super::words::B;
use super::workshop::StageBadge;
use super::{
    booking_details, booking_form, AcceptBookingChange, AddBookingPhotos, BookService, CancelBooking, ConfirmBooking,
    DecideEstimate, RescheduleBooking,
};
use crate::auth::{visitor, RequireRole};
use crate::confirm::Confirm;
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{car_name, china_time, dealer_name, Lang, T};
use crate::layout::{failed, loading};
use crate::photos::PhotosField;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::booking::{Details, Offer, Stage};
use pitlane::error::Field;
use pitlane::lang::dates;
use server_fn::ServerFn;

#[component]
pub fn BookPage() -> impl IntoView {
    let lang = visitor().lang;
    let q = use_query_map().get_untracked();
    let vin = q.get("vin").unwrap_or_default();
    let dealer = q.get("dealer").and_then(|d| d.parse::<i64>().ok());
    let service = q.get("service").and_then(|d| d.parse::<i64>().ok());
    let day = q.get("day").unwrap_or_default();
    // Arriving from a recall or a service campaign's card: the car's open
    // campaigns are fixed in the same visit (a recall asks for the recall fix).
    let recall_service = q.get("recall").is_some();
    let with_recalls = recall_service || q.get("campaign").is_some();
    let campaign_query = match (recall_service, with_recalls) {
        (true, _) => "&recall=1",
        (false, true) => "&campaign=1",
        _ => "",
    };
    let error = url_error::<BookService>();
    // Refused because the car is already booked: the way to that booking.
    let open_booking = match &error {
        Some(AppError::Conflict(pitlane::error::Conflict::CarAlreadyBooked { booking: Some(id) })) => Some(*id),
        _ => None,
    };
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::BookTitle.text(lang)}</h1>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            {open_booking
                .map(|id| {
                    view! {
                        <p class="notice">
                            <a href=format!("/me/bookings/{id}")>{T::BookOpenBooking.text(lang)}</a>
                        </p>
                    }
                })}
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let (vin, day) = (vin.clone(), day.clone());
                    {
                        let (vin, day) = (vin.clone(), day.clone());
                        Suspend::new(async move {
                            match booking_form(vin.clone(), dealer, service, day.clone()).await {
                                Err(err) => failed(err, lang),
                                Ok(form) if form.cars.is_empty() => {
                                    view! {
                                        <p class="empty card">
                                            {T::BookNoCars.text(lang)} " "
                                            <a href="/me/garage">{T::MeGoGarage.text(lang)}</a>
                                        </p>
                                    }
                                        .into_any()
                                }
                                Ok(form) => {
                                    let chosen_vin = form.car.clone().unwrap_or_default();
                                    let proposed = dealer.is_none() && form.dealer.is_some();
                                    let dealer = form.dealer;
                                    view! {
                                        <Choices
                                            lang
                                            form=form.clone()
                                            service
                                            recall_service
                                            campaign_query
                                            proposed
                                        />
                                        {(!form.open_recalls.is_empty())
                                            .then(|| {
                                                view! {
                                                    <div class="notice">
                                                        <p>{T::BookRecalls.text(lang)}</p>
                                                        <ul>
                                                            {form
                                                                .open_recalls
                                                                .iter()
                                                                .map(|title| {
                                                                    view! { <li>{title.pick(lang).to_owned()}</li> }
                                                                })
                                                                .collect_view()}
                                                        </ul>
                                                    </div>
                                                }
                                            })}
                                        {(!form.calendar.is_empty())
                                            .then(|| {
                                                view! {
                                                    <DayCalendar
                                                        lang
                                                        calendar=form.calendar.clone()
                                                        base=format!(
                                                            "/service/book?vin={chosen_vin}&dealer={}&service={}{campaign_query}",
                                                            dealer.unwrap_or_default(),
                                                            service.unwrap_or_default(),
                                                        )
                                                        chosen=day.clone()
                                                    />
                                                }
                                            })}
                                        {(!day.is_empty())
                                            .then(|| {
                                                view! {
                                                    <TimePicker
                                                        lang
                                                        offers=form.offers.clone()
                                                        vin=chosen_vin.clone()
                                                        dealer=dealer.unwrap_or_default()
                                                        service=service.unwrap_or_default()
                                                        day=day.clone()
                                                        recalls=(!form.open_recalls.is_empty()).then_some(with_recalls)
                                                    />
                                                }
                                            })}
                                    }
                                        .into_any()
                                }
                            }
                        })
                    }
                }
            </Suspense>
        </RequireRole>
    }
}

/// The car, the dealer and the service, each with a "choose" line that is
/// selected until something is known: the dealer `default_dealer` proposed,
/// the service a recall card asked for, the owner's only car.
#[component]
fn Choices(
    lang: Lang,
    form: pitlane::booking::choices::BookingChoices,
    service: Option<i64>,
    /// Arrived from a recall card: the recall fix is the service proposed.
    recall_service: bool,
    /// The campaign flag (`&recall=1`, `&campaign=1`) carried to the next step.
    campaign_query: &'static str,
    /// The dealer was proposed rather than chosen: say so beside it.
    proposed: bool,
) -> impl IntoView {
    let service_chosen = |s: &pitlane::booking::ServiceType| {
        Some(s.id) == service || (service.is_none() && recall_service && s.code == "recall")
    };
    let no_service = !form.services.iter().any(service_chosen);
    view! {
        <form method="get" action="/service/book" class="card grid two">
            {campaign_query
                .strip_prefix('&')
                .and_then(|pair| pair.split_once('='))
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })}
            <div class="field">
                <label for="vin">{T::BookCar.text(lang)}</label>
                <select id="vin" name="vin" required=true>
                    <option value="" disabled=true selected=form.car.is_none()>
                        {B::ChooseCar.text(lang)}
                    </option>
                    {form
                        .cars
                        .iter()
                        .map(|c| {
                            view! {
                                <option value=c.vin.to_string() selected=form.car.as_deref() == Some(c.vin.as_str())>
                                    {car_name(c, lang)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dealer">{T::BookDealer.text(lang)}</label>
                <select id="dealer" name="dealer" required=true aria-describedby=proposed.then_some("dealer-hint")>
                    <option value="" disabled=true selected=form.dealer.is_none()>
                        {B::ChooseDealer.text(lang)}
                    </option>
                    {form
                        .dealers
                        .iter()
                        .map(|d| {
                            view! {
                                <option value=d.id.to_string() selected=Some(d.id) == form.dealer>
                                    {dealer_name(d, lang)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {proposed
                    .then(|| {
                        view! {
                            <p class="field-hint" id="dealer-hint">
                                {B::DealerProposed.text(lang)}
                            </p>
                        }
                    })}
            </div>
            <div class="field">
                <label for="service">{T::BookService.text(lang)}</label>
                <select id="service" name="service" required=true>
                    <option value="" disabled=true selected=no_service>
                        {B::ChooseService.text(lang)}
                    </option>
                    {form
                        .services
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.id.to_string() selected=service_chosen(s)>
                                    {format!(
                                        "{} ({} {})",
                                        lang.pick(&s.name_zh, &s.name_en),
                                        s.minutes,
                                        B::Minutes.text(lang),
                                    )}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <span></span>
                <button type="submit" class="button primary">
                    {T::BookChoose.text(lang)}
                </button>
            </div>
        </form>
    }
}

/// The next 30 days as a grid of links, each with its number of free starts.
#[component]
fn DayCalendar(lang: Lang, calendar: Vec<(chrono::NaiveDate, u32)>, base: String, chosen: String) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{T::BookCalendar.text(lang)}</h2>
            <ol class="calendar">
                {calendar
                    .into_iter()
                    .map(|(day, free)| {
                        let label = dates::day_month(day, lang);
                        let weekday = dates::weekday(day.weekday(), lang);
                        let current = day.to_string() == chosen;
                        if free == 0 {
                            view! {
                                <li class="day day-full">
                                    <span>{label}</span>
                                    <small>{weekday}</small>
                                    <small>{T::BookFull.text(lang)}</small>
                                </li>
                            }
                                .into_any()
                        } else {
                            view! {
                                <li class="day" class:day-chosen=current>
                                    <a href=format!("{base}&day={day}#times") aria-current=current.then_some("date")>
                                        <span>{label}</span>
                                        <small>{weekday}</small>
                                        <strong>{free}</strong>
                                    </a>
                                </li>
                            }
                                .into_any()
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

#[component]
#[allow(clippy::too_many_arguments)] // the choices made so far, carried into the form
fn TimePicker(
    lang: Lang,
    offers: Vec<Offer>,
    vin: String,
    dealer: i64,
    service: i64,
    day: String,
    /// Some(pre-ticked) when the car has open recalls to fix in the same visit.
    recalls: Option<bool>,
) -> impl IntoView {
    if offers.is_empty() {
        return view! {
            <p class="empty card" id="times">
                {T::BookNoTimes.text(lang)}
            </p>
        }
        .into_any();
    }
    // One key per rendered form: a double click or a retried post books once.
    let key = format!("{day}-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
    let photo_error = error_for(&url_error::<BookService>(), Field::Photos, lang);
    let day_words = day.parse::<chrono::NaiveDate>().map_or_else(|_| day.clone(), |d| dates::day_with_weekday(d, lang));
    view! {
        <section class="card" id="times" aria-labelledby="times-title">
            <h2 id="times-title">{T::BookTimes.text(lang)} " · " {day_words}</h2>
            <BusyForm action=BookService::url().to_owned() with_files=true>
                <input type="hidden" name="vin" value=vin />
                <input type="hidden" name="dealer" value=dealer.to_string() />
                <input type="hidden" name="service_type" value=service.to_string() />
                <input type="hidden" name="idempotency_key" value=key />
                <StartChoices lang offers booking=true />
                <div class="field">
                    <label for="note">{T::BookNote.text(lang)}</label>
                    <textarea id="note" name="note" rows="3" maxlength="500">
                        {crate::form::textarea_text(&kept_value("note"))}
                    </textarea>
                </div>
                {recalls
                    .map(|checked| {
                        view! {
                            <label class="field-check">
                                <input type="checkbox" name="with_recalls" value="yes" checked=checked />
                                " "
                                {T::BookWithRecalls.text(lang)}
                            </label>
                        }
                    })}
                <PhotosField error=photo_error>{T::BookingPhotosAdd.text(lang)}</PhotosField>
                <SubmitButton label=T::BookButton.text(lang) busy_label=T::BookPending.text(lang) />
            </BusyForm>
        </section>
    }
    .into_any()
}

/// A day's free starts as radio buttons, none chosen: the owner picks one (a
/// preselected time books a time nobody chose). When booking (rather than
/// moving a booking) each says how many places it has left.
#[component]
fn StartChoices(lang: Lang, offers: Vec<Offer>, #[prop(optional)] booking: bool) -> impl IntoView {
    view! {
        <fieldset class="times">
            <legend class="visually-hidden">{T::BookTimes.text(lang)}</legend>
            {offers
                .into_iter()
                .map(|o| {
                    let millis = o.starts_at.timestamp_millis();
                    let radio = view! {
                        <input type="radio" name="starts_at" value=millis.to_string() required=true />
                        <span>{china_time(millis)[11..].to_owned()}</span>
                    };
                    if booking {
                        view! {
                            <label class="time">{radio} <small>{o.free} " " {T::BookFree.text(lang)}</small></label>
                        }
                            .into_any()
                    } else {
                        view! { <label class="time">{radio}</label> }.into_any()
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let q = use_query_map().get_untracked();
    let move_day = q.get("day").unwrap_or_default();
    let error = url_error::<CancelBooking>()
        .or_else(url_error::<ConfirmBooking>)
        .or_else(url_error::<RescheduleBooking>)
        .or_else(url_error::<AcceptBookingChange>)
        .or_else(url_error::<DecideEstimate>);
    let photo_error = error_for(&url_error::<AddBookingPhotos>(), Field::Photos, lang);
    view! {
        <RequireRole allow=|_| true>
            <FormError message=error.map(|e| e.text(lang)) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let (move_day, photo_error) = (move_day.clone(), photo_error.clone());
                    {
                        let (move_day, photo_error) = (move_day.clone(), photo_error.clone());
                        Suspend::new(async move {
                            let Some(id) = id else { return failed(AppError::NotFound, lang) };
                            match booking_details(id).await {
                                Err(err) => failed(err, lang),
                                Ok(details) => {
                                    let offers = if (details.changeable || details.dealer_change.is_some())
                                        && !move_day.is_empty()
                                    {
                                        booking_form(
                                                details.booking.vin.to_string(),
                                                Some(details.booking.dealer_id),
                                                Some(details.booking.service_type_id),
                                                move_day.clone(),
                                            )
                                            .await
                                            .map(|f| f.offers)
                                            .ok()
                                    } else {
                                        None
                                    };
                                    view! { <BookingView lang details offers move_day photo_error /> }.into_any()
                                }
                            }
                        })
                    }
                }
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn BookingView(
    lang: Lang,
    details: Details,
    /// The times the booking can move to on `move_day`, when a day was chosen and the booking may move.
    offers: Option<Vec<Offer>>,
    move_day: String,
    photo_error: Option<String>,
) -> impl IntoView {
    let b = details.booking.clone();
    let id = b.id;
    let when =
        format!("{} – {}", china_time(b.starts_at.timestamp_millis()), &china_time(b.ends_at.timestamp_millis())[11..]);
    let next_week = pitlane::zone::local_date(pitlane::zone::CHINA, b.starts_at);
    view! {
        <h1>{T::BookingTitle.text(lang)} " #" {id}</h1>
        <DealerChangeNotice lang details=details.clone() />
        <MadeForYouNotice lang details=details.clone() />
        <WorkshopTimeline lang stage=b.stage history=details.history.clone() />
        <EstimateList lang booking=id estimates=details.estimates.clone() />
        <section class="card">
            <p>
                <StageBadge lang stage=b.stage />
            </p>
            <dl>
                <dt>{T::BookingWhen.text(lang)}</dt>
                <dd>{when}</dd>
                <dt>{T::BookService.text(lang)}</dt>
                <dd>{lang.pick(&details.service_zh, &details.service_en).to_owned()}</dd>
                <dt>{T::BookCar.text(lang)}</dt>
                <dd>
                    {lang.pick(&details.model_zh, &details.model_en).to_owned()} " · "
                    <span class="mono">{b.vin.to_string()}</span>
                </dd>
                <dt>{T::BookingWhere.text(lang)}</dt>
                <dd>
                    {lang.pick(&details.dealer_name_zh, &details.dealer_name_en).to_owned()} <br />
                    {lang.pick(&details.dealer_address_zh, &details.dealer_address_en).to_owned()}
                </dd>
                <dt>{T::BookingPhone.text(lang)}</dt>
                <dd>
                    <a href=format!("tel:{}", details.dealer_phone.replace(' ', ""))>{details.dealer_phone.clone()}</a>
                </dd>
            </dl>
            {b.note.clone().map(|n| view! { <p class="aside">{n}</p> })}
            {(!details.recalls.is_empty())
                .then(|| {
                    view! {
                        <p>{T::VisitRecalls.text(lang)}</p>
                        <ul>
                            {details
                                .recalls
                                .iter()
                                .map(|(zh, en)| view! { <li>{lang.pick(zh, en).to_owned()}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            <p>
                <a class="button" href=format!("/me/bookings/{id}/calendar.ics") download=format!("booking-{id}.ics")>
                    {T::BookingCalendar.text(lang)}
                </a>
            </p>
        </section>
        <ConcernPhotos lang id stage=b.stage photos=details.photos.clone() error=photo_error />
        {match (b.stage == Stage::Booked, details.changeable || details.dealer_change.is_some()) {
            (false, _) => ().into_any(),
            (true, false) => {
                view! { <p class="notice">{T::BookingCallDealer.text(lang)} " " {details.dealer_phone.clone()}</p> }
                    .into_any()
            }
            (true, true) => {
                view! {
                    <section class="card" aria-labelledby="move-title">
                        <h2 id="move-title">{T::BookingMove.text(lang)}</h2>
                        <form method="get" action=format!("/me/bookings/{id}") class="inline-form">
                            <div class="field">
                                <label for="day">{T::BookingWhen.text(lang)}</label>
                                <input
                                    id="day"
                                    name="day"
                                    type="date"
                                    value=if move_day.is_empty() { next_week.to_string() } else { move_day.clone() }
                                />
                            </div>
                            <button type="submit" class="button">
                                {T::BookChoose.text(lang)}
                            </button>
                        </form>
                        {offers
                            .map(|offers| {
                                if offers.is_empty() {
                                    view! { <p class="empty">{T::BookNoTimes.text(lang)}</p> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action=RescheduleBooking::url()>
                                            <input type="hidden" name="id" value=id.to_string() />
                                            <StartChoices lang offers />
                                            <button type="submit" class="button primary">
                                                {T::BookingMoveButton.text(lang)}
                                            </button>
                                        </form>
                                    }
                                        .into_any()
                                }
                            })}
                        <Confirm
                            lang
                            action=CancelBooking::url()
                            ask=T::BookingCancel.text(lang)
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
        }}
        <BookingHistory lang history=details.history.clone() />
    }
}
