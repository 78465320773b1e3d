//! The frame around every page: header with what the visitor may use, the
//! language switch, the footer, and what a page shows while it loads or when
//! its load failed.

use crate::account::{Logout, SetLanguage};
use crate::auth::{visitor, ErrorPage};
use crate::i18n::{Lang, T};
use leptos::prelude::*;
use server_fn::ServerFn;

#[component]
pub fn Header() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let links = match &visitor.user {
        None => view! {
            <li>
                <a href="/club">{crate::club::words::C::NavClub.text(lang)}</a>
            </li>
            <li>
                <a href="/warranty">{T::NavWarranty.text(lang)}</a>
            </li>
            <li>
                <a href="/login">{T::NavLogin.text(lang)}</a>
            </li>
            <li>
                <a href="/register" class="button small">
                    {T::NavRegister.text(lang)}
                </a>
            </li>
        }
        .into_any(),
        Some(user) => {
            let role = user.role;
            let unread = visitor.unread;
            let messages_label =
                format!("{} ({unread} {})", T::NavNotifications.text(lang), T::UnreadSuffix.text(lang));
            view! {
                <li>
                    <a href="/me">{T::NavMe.text(lang)}</a>
                </li>
                <li>
                    <a href="/me/garage">{T::NavGarage.text(lang)}</a>
                </li>
                <li>
                    <a href="/me/bookings">{T::NavBookings.text(lang)}</a>
                </li>
                <li>
                    <a href="/me/cases">{T::NavCases.text(lang)}</a>
                </li>
                <li>
                    <a href="/club">{crate::club::words::C::NavClub.text(lang)}</a>
                </li>
                <li>
                    <a href="/warranty">{T::NavWarranty.text(lang)}</a>
                </li>
                <li>
                    <a href="/me/notifications" aria-label=messages_label>
                        {T::NavNotifications.text(lang)}
                        {(unread > 0)
                            .then(|| {
                                view! {
                                    <span class="count" aria-hidden="true">
                                        {unread}
                                    </span>
                                }
                            })}
                    </a>
                </li>
                {role
                    .is_staff()
                    .then(|| {
                        view! {
                            <li>
                                <a href="/staff">{T::NavStaff.text(lang)}</a>
                            </li>
                            <li>
                                <a href="/staff/vehicles">{T::NavVehicles.text(lang)}</a>
                            </li>
                            {matches!(role, pitlane::account::Role::ServiceAdvisor | pitlane::account::Role::Admin)
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/staff/schedule">{T::NavSchedule.text(lang)}</a>
                                        </li>
                                    }
                                })}
                            {matches!(role, pitlane::account::Role::CareAgent | pitlane::account::Role::Admin)
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/staff/cases">{T::NavCaseQueue.text(lang)}</a>
                                        </li>
                                        <li>
                                            <a href="/staff/tasks">{T::NavTasks.text(lang)}</a>
                                        </li>
                                    }
                                })}
                        }
                    })}
                {role
                    .is_admin()
                    .then(|| {
                        view! {
                            <li>
                                <a href="/admin">{T::NavAdmin.text(lang)}</a>
                            </li>
                        }
                    })}
                <li>
                    <form method="post" action=Logout::url() class="inline">
                        <button type="submit" class="link">
                            {T::NavLogout.text(lang)}
                        </button>
                    </form>
                </li>
            }
            .into_any()
        }
    };
    view! {
        <a class="skip" href="#main">
            {T::SkipToContent.text(lang)}
        </a>
        <header class="site-header">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{T::Brand.text(lang)}</span>
            </a>
            <nav aria-label=T::NavMain.text(lang)>
                <ul>{links}</ul>
            </nav>
            <LanguageSwitch lang />
        </header>
    }
}

/// Two buttons in a plain form: works without wasm and is remembered in a cookie.
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    view! {
        <form method="post" action=SetLanguage::url() class="language" aria-label=T::LanguageLabel.text(lang)>
            <button type="submit" name="lang" value="zh-CN" lang="zh-CN" aria-pressed=(lang == Lang::Zh).to_string()>
                "中文"
            </button>
            <button type="submit" name="lang" value="en" lang="en" aria-pressed=(lang == Lang::En).to_string()>
                "English"
            </button>
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <footer class="site-footer">
            <p>{T::Footer.text(lang)}</p>
        </footer>
    }
}

/// What a page shows while its data loads.
pub fn loading(lang: Lang) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            {T::Loading.text(lang)}
        </p>
    }
}

/// A failed load: "not found" as the 404 page, anything else as an alert.
pub fn failed(err: crate::error::AppError, lang: Lang) -> AnyView {
    match err {
        crate::error::AppError::NotFound => view! { <ErrorPage status=404 /> }.into_any(),
        crate::error::AppError::Forbidden => view! { <ErrorPage status=403 /> }.into_any(),
        crate::error::AppError::Unauthenticated => view! { <ErrorPage status=401 /> }.into_any(),
        other => view! {
            <p class="form-error" role="alert">
                {other.text(lang)}
            </p>
        }
        .into_any(),
    }
}
