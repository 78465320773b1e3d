//! The owner's dashboard and their messages.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::garage::{garage_cars, ReminderCard};
use crate::i18n::{car_name, china_time, role_name, Lang, T};
use crate::layout::{load_error, loaded, loading, Notice};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::booking::NamedAdvisor;
use pitlane::garage::CarSummary;
use pitlane::notify::inbox::Notification;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::notify::inbox::store::recent(&state.db, user.id, 100).await.map_err(pitlane::DomainError::from)?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::notify::inbox::store::mark_all_read(&state.db, user.id, state.clock.now())
            .await
            .map_err(pitlane::DomainError::from)?;
        redirect("/me/notifications");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_advisor")]
pub async fn my_advisor() -> Result<Option<NamedAdvisor>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::booking::store::named_advisor(&state()?.db, user.id).await?)
    })
    .await
}

#[component]
pub fn MePage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let query = use_query_map().get_untracked();
    let notice = if query.get_str("welcome").is_some() {
        Some(T::Welcome)
    } else if query.get_str("changed") == Some("password") {
        Some(T::PasswordChanged)
    } else {
        None
    };
    let account = visitor.user.map(|user| {
        let contact = user.mobile.clone().or(user.email.clone()).unwrap_or_default();
        view! {
            <h1>{T::MeHello.text(lang)}<span class="name">{user.display_name.clone()}</span></h1>
            <Notice lang notice />
            <section aria-labelledby="reminders-title">
                <h2 id="reminders-title">{T::MeReminders.text(lang)}</h2>
                <Suspense fallback=move || loading(
                    lang,
                )>
                    {Suspend::new(async move {
                        let surveys = crate::followup::my_pending_surveys().await.unwrap_or_default();
                        let advisor = my_advisor().await.ok().flatten();
                        let bookings = crate::booking::my_bookings().await.unwrap_or_default();
                        let cases = crate::case::my_cases().await.unwrap_or_default();
                        view! {
                            <InProgress lang bookings cases />
                            {advisor
                                .map(|advisor| {
                                    view! {
                                        <p class="notice">
                                            {T::MeAdvisor.text(lang)} ": " <strong>{advisor.name}</strong> " · "
                                            {lang.pick(&advisor.dealer_zh, &advisor.dealer_en).to_owned()} " · "
                                            <a href=format!(
                                                "tel:{}",
                                                advisor.dealer_phone.replace(' ', ""),
                                            )>{advisor.dealer_phone.clone()}</a>
                                        </p>
                                    }
                                })}
                            <crate::followup::PendingSurveys lang surveys />
                            <AllReminders lang cars=garage_cars().await />
                        }
                    })}
                </Suspense>
            </section>
            <div class="grid">
                <section class="card" aria-labelledby="account-title">
                    <h2 id="account-title">{T::MeAccount.text(lang)}</h2>
                    <dl>
                        <dt>{T::MeContact.text(lang)}</dt>
                        <dd>{contact}</dd>
                        <dt>{T::MeRole.text(lang)}</dt>
                        <dd>{role_name(user.role, lang)}</dd>
                    </dl>
                    <p>
                        <a href="/me/profile">{T::ProfileTitle.text(lang)}</a>
                    </p>
                </section>
                <section class="card" aria-labelledby="garage-title">
                    <h2 id="garage-title">{T::GarageTitle.text(lang)}</h2>
                    <p>
                        <a href="/me/garage" class="button">
                            {T::MeGoGarage.text(lang)}
                        </a>
                    </p>
                </section>
                <section class="card" aria-labelledby="referral-title">
                    <h2 id="referral-title">{crate::lead::words::L::ReferralTitle.text(lang)}</h2>
                    <p>{crate::lead::words::L::ReferralIntro.text(lang)}</p>
                    <p>
                        <a href="/me/referral" class="button">
                            {crate::lead::words::L::ReferralCode.text(lang)}
                        </a>
                    </p>
                </section>
                <section class="card" aria-labelledby="more-title">
                    <h2 id="more-title">{T::MeMore.text(lang)}</h2>
                    <ul class="links">
                        <li>
                            <a href="/me/notifications">
                                {T::NavNotifications.text(lang)} <crate::layout::Unread lang count=visitor.unread />
                            </a>
                        </li>
                        <li>
                            <a href="/rewards">{crate::loyalty::words::Y::NavRewards.text(lang)}</a>
                        </li>
                        <li>
                            <a href="/warranty">{T::NavWarranty.text(lang)}</a>
                        </li>
                        <li>
                            <a href="/test-drive">{crate::lead::words::L::NavTestDrive.text(lang)}</a>
                        </li>
                    </ul>
                </section>
                <section class="card" aria-labelledby="security-title">
                    <h2 id="security-title">{T::MeSecurity.text(lang)}</h2>
                    <p>
                        <a href="/me/password" class="button">
                            {T::PasswordTitle.text(lang)}
                        </a>
                    </p>
                </section>
            </div>
        }
    });
    view! { <RequireRole allow=|_| true>{account}</RequireRole> }
}

/// What is under way for the owner right now: cars in the workshop (with
/// their live step) and cases not yet closed.
#[component]
fn InProgress(
    lang: Lang,
    bookings: Vec<pitlane::booking::Listed>,
    cases: Vec<pitlane::case::Summary>,
) -> impl IntoView {
    let in_workshop: Vec<_> = bookings.into_iter().filter(|l| l.booking.stage.in_workshop()).collect();
    let open: Vec<_> = cases.into_iter().filter(|c| c.status != pitlane::case::Status::Closed).collect();
    (!in_workshop.is_empty() || !open.is_empty()).then(|| {
        view! {
            <ul class="reminders">
                {in_workshop
                    .into_iter()
                    .map(|l| {
                        let b = l.booking;
                        let car = lang.pick(&l.model_zh, &l.model_en).to_owned();
                        view! {
                            <li class="card reminder" data-state="due">
                                <p>
                                    <strong>{T::WorkshopProgress.text(lang)}</strong>
                                    " "
                                    <crate::booking::workshop::StageBadge lang stage=b.stage />
                                </p>
                                <p class="aside">{car} " · " {l.plate.unwrap_or_else(|| b.vin.to_string())}</p>
                                <p>
                                    <a href=format!(
                                        "/me/bookings/{}",
                                        b.id,
                                    )>{T::BookingTitle.text(lang)} " #" {b.id}</a>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
                {open
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="card reminder" data-state="upcoming">
                                <p>
                                    <strong>{T::CasesTitle.text(lang)}</strong>
                                    " "
                                    <crate::case::view::CaseStatusBadge lang status=c.status />
                                </p>
                                <p>
                                    <a href=format!("/me/cases/{}", c.id)>"#" {c.id} " " {c.title.clone()}</a>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn AllReminders(lang: Lang, cars: Result<Vec<CarSummary>, AppError>) -> impl IntoView {
    match cars {
        Err(err) => load_error(err, lang),
        Ok(cars) if cars.is_empty() => view! { <p class="empty card">{T::MeNoCars.text(lang)} " " <a href="/me/garage">{T::MeGoGarage.text(lang)}</a></p> }
        .into_any(),
        Ok(cars) => {
            let mut cards: Vec<_> = cars
                .into_iter()
                .flat_map(|CarSummary { car, reminders, next_visit }| {
                    let name = car_name(&car, lang);
                    reminders.into_iter().map(move |r| (r, name.clone(), car.vin.to_string(), next_visit))
                })
                .collect();
            cards.sort_by_key(|(r, _, _, _)| (r.state, r.due_on));
            if cards.is_empty() {
                return view! { <p class="empty">{T::GarageNoReminders.text(lang)}</p> }.into_any();
            }
            view! {
                <ul class="reminders">
                    {cards
                        .into_iter()
                        .map(|(reminder, car_name, vin, next_visit)| {
                            view! { <ReminderCard lang reminder car_name vin next_visit /> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::NotificationsTitle.text(lang)}</h1>
            {loaded(
                lang,
                my_notifications,
                move |list| {
                    if list.is_empty() {
                        return view! { <p class="empty card">{T::NotificationsEmpty.text(lang)}</p> }.into_any();
                    }
                    let unread = list.iter().any(|n| !n.read);
                    view! {
                        {unread
                            .then(|| {
                                view! {
                                    <form method="post" action=MarkNotificationsRead::url()>
                                        <button type="submit" class="button small">
                                            {T::NotificationsMarkRead.text(lang)}
                                        </button>
                                    </form>
                                }
                            })}
                        <ul class="notifications">
                            {list
                                .into_iter()
                                .map(|n| {
                                    view! {
                                        <li class="card notification" class:unread=!n.read>
                                            {(!n.read)
                                                .then(|| {
                                                    view! {
                                                        <span class="badge badge-due">
                                                            {T::NotificationNew.text(lang)}
                                                        </span>
                                                        " "
                                                    }
                                                })}
                                            <a href=n.link.clone()>{n.notice.text(lang)}</a>
                                            <p class="aside">{china_time(n.created_at)}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                },
            )}
        </RequireRole>
    }
}
