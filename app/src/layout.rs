//! The frame around every page: header with what the visitor may use, the
//! language switch, the footer, and what a page shows while it loads or when
//! its load failed.

use crate::account::{Logout, SetLanguage};
use crate::auth::visitor;
use crate::i18n::{Lang, T};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;
use pitlane::account::{Role, User};
use server_fn::ServerFn;
use words::N;

pub mod loads;
mod words;

pub use loads::{failed, fetched, load_error, loaded, loading, suspended};

#[component]
pub fn Header() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    let menu = visitor.user.as_ref().map(|user| Menu::of(user.role, &path));
    let links = match (&visitor.user, menu) {
        (Some(user), Some(Menu::Desk)) => {
            view! { <DeskLinks lang user=user.clone() unread=visitor.unread /> }.into_any()
        }
        (Some(_), _) => view! { <OwnerLinks lang unread=visitor.unread /> }.into_any(),
        (None, _) => view! {
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
    };
    let signed_in = visitor.user.is_some();
    let staff = visitor.user.as_ref().is_some_and(|user| user.role.is_staff());
    // Owners, the members who moderate the club, and staff on their own car's
    // pages; staff at their desks keep the header.
    let owner = menu == Some(Menu::Owner);
    // Staff switch between their desks and their own car's pages.
    let switch = staff.then_some(match menu {
        Some(Menu::Owner) => ("/staff", N::SwitchToDesk),
        _ => ("/me", N::SwitchToOwner),
    });
    view! {
        <a class="skip" href="#main">
            {T::SkipToContent.text(lang)}
        </a>
        <header class="site-header">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{T::Brand.text(lang)}</span>
            </a>
            <nav aria-label=T::NavMain.text(lang) class:owner=owner class:staff=!owner && staff>
                <ul>{links}</ul>
            </nav>
            {switch
                .map(|(href, words)| {
                    view! {
                        <a class="switch" href=href>
                            {words.text(lang)}
                        </a>
                    }
                })}
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

/// Which menu the header shows. Owners (and club moderators) see their car's
/// places. A staff member sees the desks of their role; every account may
/// also keep cars (the garage, bookings and feedback are anyone's who signs
/// in: a car sold to a staff member's own mobile lands in their garage), so on
/// those pages a staff member sees the owner's menu, and a link to switch back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Menu {
    Owner,
    Desk,
}

impl Menu {
    fn of(role: Role, path: &str) -> Menu {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        let car_pages = ["/me/garage", "/me/bookings", "/service/book", "/me/cases", "/me/referral", "/rewards"];
        let owners_page = path == "/me" || car_pages.iter().any(|p| under(p));
        if role.is_staff() && !owners_page {
            Menu::Desk
        } else {
            Menu::Owner
        }
    }
}

/// An owner's places.
#[component]
fn OwnerLinks(lang: Lang, unread: i64) -> impl IntoView {
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
    }
}

/// A staff member's desks: those of their role, and their messages.
#[component]
fn DeskLinks(lang: Lang, user: User, unread: i64) -> impl IntoView {
    let role = user.role;
    let decides_claims = user.as_staff().is_some_and(|s| s.may_decide_claims());
    let works_segments = user.as_staff().is_some_and(|s| s.works_segments());
    // A dealer's sales manager reads their dealer's figures too.
    let reads_analytics = user.analytics_desk().is_some();
    let link = |href: &'static str, words: &'static str| {
        view! {
            <li>
                <a href=href>{words}</a>
            </li>
        }
    };
    view! {
        {link("/staff", T::NavStaff.text(lang))}
        {link("/staff/customers", crate::customer::words::K::NavCustomers.text(lang))}
        {link("/staff/vehicles", T::NavVehicles.text(lang))}
        {role
            .is_workshop()
            .then(|| {
                view! {
                    {link("/staff/schedule", T::NavSchedule.text(lang))}
                    {link("/staff/vouchers", crate::loyalty::words::Y::NavVouchers.text(lang))}
                }
            })}
        {role.works_leads().then(|| link("/staff/leads", crate::lead::words::L::NavLeads.text(lang)))}
        {role
            .is_care()
            .then(|| {
                view! {
                    {link("/staff/cases", T::NavCaseQueue.text(lang))}
                    {link("/staff/tasks", T::NavTasks.text(lang))}
                }
            })}
        {decides_claims.then(|| link("/staff/claims", N::NavClaims.text(lang)))}
        {works_segments.then(|| link("/staff/segments", crate::segment::words::S::NavSegments.text(lang)))}
        {reads_analytics.then(|| link("/staff/analytics", crate::analytics::words::K::NavAnalytics.text(lang)))}
        {role
            .is_admin()
            .then(|| {
                view! {
                    {link("/admin", T::NavAdmin.text(lang))}
                    {link("/admin/loyalty", crate::loyalty::words::Y::NavLoyaltyAdmin.text(lang))}
                    {link("/admin/integrations", T::NavIntegrations.text(lang))}
                    {link("/club/moderation", N::NavModeration.text(lang))}
                }
            })}
        <li>
            <a href="/me/notifications">{T::NavNotifications.text(lang)} <Unread lang count=unread /></a>
        </li>
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
            <p>
                <a href="/privacy">{crate::privacy::words::P::Title.text(lang)}</a>
            </p>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_see_their_desks_and_the_owners_menu_only_on_their_own_cars_pages() {
        for path in ["/staff", "/staff/cases/3", "/admin", "/me/notifications", "/me/password", "/club", "/warranty"] {
            assert_eq!(Menu::of(Role::CareAgent, path), Menu::Desk, "{path}");
        }
        for path in ["/me", "/me/garage", "/me/garage/LSV", "/me/bookings/2", "/service/book", "/me/cases", "/rewards"]
        {
            assert_eq!(Menu::of(Role::Admin, path), Menu::Owner, "{path}");
        }
        assert_eq!(Menu::of(Role::CareAgent, "/me/garage-sale"), Menu::Desk, "a prefix is a whole segment");
        for role in [Role::Owner, Role::Moderator] {
            assert_eq!(Menu::of(role, "/staff"), Menu::Owner, "owners never get desks");
            assert_eq!(Menu::of(role, "/club"), Menu::Owner);
        }
    }
}
