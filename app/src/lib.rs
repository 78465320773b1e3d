#![recursion_limit = "256"]
//! Pitlane's UI. Pages render on the server; only `#[island]`s hydrate in the
//! browser, and every form works before (or without) the wasm.

pub mod account;
pub mod admin;
pub mod analytics;
pub mod auth;
pub mod booking;
pub mod case;
pub mod club;
pub mod confirm;
pub mod customer;
pub mod error;
pub mod followup;
pub mod form;
pub mod garage;
pub mod history;
pub mod home;
pub mod i18n;
pub mod icons;
pub mod layout;
pub mod lead;
pub mod loyalty;
pub mod me;
pub mod photos;
pub mod privacy;
pub mod profile;
pub mod segment;
pub mod staff;
#[cfg(feature = "ssr")]
pub mod state;
pub mod steps;
pub mod table;
pub mod warranty;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b3d5c" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                // The service worker only answers a page the network cannot
                // load with the offline page (public/sw.js); nothing is cached
                // that could show an owner stale data.
                <script nonce=leptos::nonce::use_nonce()>
                    "if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');"
                </script>
                // /pkg/pitlane.<hash>.css when the release build named the
                // assets by their content (hash-files), so they can be cached for good.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The nonce the server put in this response's Content-Security-Policy goes
/// on Leptos's inline scripts (the server's middleware made it for the request).
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    let nonce =
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let visitor = auth::provide_visitor();
    let lang = visitor.lang;
    view! {
        <Html attr:lang=lang.tag() />
        <Title text=i18n::T::Brand.text(lang) />
        <Meta name="description" content=i18n::T::Tagline.text(lang) />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="manifest" href=format!("/manifest.{}.webmanifest", lang.pick("zh", "en")) />
        <Router>
            <layout::Header />
            <main id="main" class="page">
                <Routes fallback=|| view! { <auth::ErrorPage status=404 /> }>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=account::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/register") view=account::RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/register/code") view=account::RegisterCodePage ssr=SsrMode::Async />
                    <Route path=path!("/reset") view=account::ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/reset/code") view=account::ResetCodePage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=privacy::PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=me::MePage ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=account::PasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/me/garage") view=garage::GaragePage ssr=SsrMode::Async />
                    <Route path=path!("/me/garage/:vin") view=garage::car::CarPage ssr=SsrMode::Async />
                    <Route path=path!("/warranty") view=warranty::WarrantyPage ssr=SsrMode::Async />
                    <Route path=path!("/me/profile") view=profile::ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/service/book") view=booking::pages::BookPage ssr=SsrMode::Async />
                    <Route path=path!("/me/bookings") view=booking::list::BookingsPage ssr=SsrMode::Async />
                    <Route path=path!("/me/bookings/:id") view=booking::pages::BookingPage ssr=SsrMode::Async />
                    <Route path=path!("/me/cases") view=case::CasesPage ssr=SsrMode::Async />
                    <Route path=path!("/me/cases/new") view=case::NewCasePage ssr=SsrMode::Async />
                    <Route path=path!("/me/cases/:id") view=case::CasePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/cases") view=case::staff::CaseQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/cases/:id") view=case::console::StaffCasePage ssr=SsrMode::Async />
                    <Route path=path!("/me/notifications") view=me::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff") view=staff::StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/vehicles") view=garage::staff::StaffVehiclePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/customers") view=customer::CustomerSearchPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/claims") view=garage::claims::ClaimQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/schedule") view=booking::advisor::SchedulePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/tasks") view=followup::TasksPage ssr=SsrMode::Async />
                    <Route path=path!("/me/surveys/:id") view=followup::SurveyPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/owners/:id") view=customer::card::CustomerCardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=admin::AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/test-drive") view=lead::TestDrivePage ssr=SsrMode::Async />
                    <Route path=path!("/test-drive/received") view=lead::ReceivedPage ssr=SsrMode::Async />
                    <Route path=path!("/test-drive/status/:token") view=lead::status::StatusPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/leads") view=lead::board::LeadBoardPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/leads/:id") view=lead::detail::LeadPage ssr=SsrMode::Async />
                    <Route path=path!("/me/referral") view=lead::owner::ReferralPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/me/garage/:vin/trade-in")
                        view=lead::owner::TradeInPageView
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/rewards") view=loyalty::RewardsPageView ssr=SsrMode::Async />
                    <Route path=path!("/staff/vouchers") view=loyalty::counter::CounterPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/loyalty") view=loyalty::admin::LoyaltyAdminPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/integrations")
                        view=admin::integrations::IntegrationsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/club") view=club::front::ClubPage ssr=SsrMode::Async />
                    <Route path=path!("/club/new") view=club::write::NewClubPostPage ssr=SsrMode::Async />
                    <Route path=path!("/club/search") view=club::search::ClubSearchPage ssr=SsrMode::Async />
                    <Route path=path!("/club/events") view=club::front::ClubEventsPage ssr=SsrMode::Async />
                    <Route path=path!("/club/reports") view=club::decisions::MyClubReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/club/log") view=club::decisions::ClubLogPage ssr=SsrMode::Async />
                    <Route path=path!("/club/moderation") view=club::moderation::ModerationPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/club/decisions/:id")
                        view=club::decisions::ClubDecisionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/club/checkin/:id") view=club::post::ClubCheckInPage ssr=SsrMode::Async />
                    <Route path=path!("/club/post/:id") view=club::post::ClubPostPage ssr=SsrMode::Async />
                    <Route path=path!("/club/:board") view=club::board::ClubBoardPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/segments") view=segment::SegmentsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/segments/list") view=segment::SegmentListPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/segments/:id") view=segment::SegmentPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/analytics") view=analytics::AnalyticsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <layout::Footer />
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
