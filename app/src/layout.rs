//! The frame around every page: header with what the visitor may use, the
//! language switch, the footer, and what a page shows while it loads or when
//! its load failed.

use crate::account::{Logout, SetLanguage};
use crate::auth::visitor;
use crate::i18n::{Lang, T};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;
use server_fn::ServerFn;

pub mod loads;

pub use loads::{failed, fetched, load_error, loaded, loading, suspended};

#[component]
pub fn Header() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let links = match &visitor.user {
        None => view! {
            <PublicLinks lang />
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
                    <a href="/rewards">{crate::loyalty::words::Y::NavRewards.text(lang)}</a>
                </li>
                <PublicLinks lang />
                <li>
                    <a href="/me/notifications">{T::NavNotifications.text(lang)} <Unread lang count=unread /></a>
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
                            {role
                                .is_workshop()
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/staff/schedule">{T::NavSchedule.text(lang)}</a>
                                        </li>
                                        <li>
                                            <a href="/staff/vouchers">
                                                {crate::loyalty::words::Y::NavVouchers.text(lang)}
                                            </a>
                                        </li>
                                    }
                                })}
                            {role
                                .works_leads()
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/staff/leads">{crate::lead::words::L::NavLeads.text(lang)}</a>
                                        </li>
                                    }
                                })}
                            {role
                                .is_care()
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
                            <li>
                                <a href="/admin/loyalty">{crate::loyalty::words::Y::NavLoyaltyAdmin.text(lang)}</a>
                            </li>
                        }
                    })}
            }
            .into_any()
        }
    };
    let signed_in = visitor.user.is_some();
    let staff = visitor.user.as_ref().is_some_and(|user| user.role.is_staff());
    // Owners and the members who moderate the club; staff work at desks, with the header.
    let owner = signed_in && !staff;
    view! {
        <a class="skip" href="#main">
            {T::SkipToContent.text(lang)}
        </a>
        <header class="site-header">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{T::Brand.text(lang)}</span>
            </a>
            <nav aria-label=T::NavMain.text(lang) class:owner=owner class:staff=staff>
                <ul>{links}</ul>
            </nav>
            <LanguageSwitch lang />
            {signed_in
                .then(|| {
                    view! {
                        <form method="post" action=Logout::url() class="inline">
                            <button type="submit" class="link">
                                {T::NavLogout.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </header>
        {owner.then(|| view! { <TabBar lang unread=visitor.unread /> })}
    }
}

/// The unread count on a link, as a badge; the link's name reads "… 3 unread"
/// (the word is for screen readers only), so the name holds what the eye sees.
#[component]
pub fn Unread(lang: Lang, count: i64) -> impl IntoView {
    (count > 0).then(|| {
        view! {
            " "
            <span class="count">{count}</span>
            <span class="visually-hidden">{format!(" {}", T::UnreadSuffix.text(lang))}</span>
        }
    })
}

/// An owner's places, as tabs along the foot of a phone's screen; on a wider
/// screen the header's links serve instead (the stylesheet shows one or the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Me,
    Garage,
    Bookings,
    Cases,
    Club,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Me, Tab::Garage, Tab::Bookings, Tab::Cases, Tab::Club];

    /// The tab a page belongs to, if any.
    fn of_path(path: &str) -> Option<Tab> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/me/garage") {
            Some(Tab::Garage)
        } else if under("/me/bookings") || under("/service/book") {
            Some(Tab::Bookings)
        } else if under("/me/cases") {
            Some(Tab::Cases)
        } else if under("/club") {
            Some(Tab::Club)
        } else if under("/me") || under("/rewards") {
            Some(Tab::Me)
        } else {
            None
        }
    }

    fn href(self) -> &'static str {
        match self {
            Tab::Me => "/me",
            Tab::Garage => "/me/garage",
            Tab::Bookings => "/me/bookings",
            Tab::Cases => "/me/cases",
            Tab::Club => "/club",
        }
    }

    fn icon(self) -> Icon {
        match self {
            Tab::Me => Icon::Person,
            Tab::Garage => Icon::Car,
            Tab::Bookings => Icon::Calendar,
            Tab::Cases => Icon::Flag,
            Tab::Club => Icon::Chat,
        }
    }

    fn label(self) -> T {
        match self {
            Tab::Me => T::TabMe,
            Tab::Garage => T::TabGarage,
            Tab::Bookings => T::TabBookings,
            Tab::Cases => T::TabCases,
            Tab::Club => T::TabClub,
        }
    }
}

#[component]
fn TabBar(lang: Lang, unread: i64) -> impl IntoView {
    let current = Tab::of_path(&leptos_router::hooks::use_location().pathname.get_untracked());
    let tabs = Tab::ALL.map(|tab| {
        let label = tab.label().text(lang);
        // The unread count rides on "me", where the messages are.
        let count = if tab == Tab::Me { unread } else { 0 };
        view! {
            <li>
                <a href=tab.href() aria-current=(current == Some(tab)).then_some("page")>
                    <Svg icon=tab.icon() />
                    <span>{label}</span>
                    <Unread lang count />
                </a>
            </li>
        }
    });
    view! {
        <nav class="tabbar" aria-label=T::TabBarLabel.text(lang)>
            <ul>{tabs.into_iter().collect_view()}</ul>
        </nav>
    }
}

/// The links everyone sees, signed in or not.
#[component]
fn PublicLinks(lang: Lang) -> impl IntoView {
    view! {
        <li>
            <a href="/test-drive">{crate::lead::words::L::NavTestDrive.text(lang)}</a>
        </li>
        <li>
            <a href="/club">{crate::club::words::C::NavClub.text(lang)}</a>
        </li>
        <li>
            <a href="/warranty">{T::NavWarranty.text(lang)}</a>
        </li>
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

/// A one-line message after something was done ("saved", "sent"), if any.
#[component]
pub fn Notice(lang: Lang, notice: Option<T>) -> impl IntoView {
    notice.map(|n| {
        view! {
            <p class="notice" role="status">
                {n.text(lang)}
            </p>
        }
    })
}

/// One figure of a row of counts (`<ul class="figures">`): the number large,
/// what it counts beneath; `alert` when the number is bad news.
#[component]
pub fn Figure(value: i64, label: &'static str, #[prop(optional)] alert: bool) -> impl IntoView {
    view! {
        <li class="card figure" data-alert=alert.to_string()>
            <span class="figure-value">{value}</span>
            <span class="figure-label">{label}</span>
        </li>
    }
}
