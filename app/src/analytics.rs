//! The CRM analyst's page (`/staff/analytics`): satisfaction, complaints, the
//! sales funnel, service, loyalty and churn, filtered by period, dealer, model
//! and city with a plain GET form. Every chart has its numbers in a table.
//! Analysts and admins read the brand; a dealer's sales manager their dealer.

pub mod chart;
mod funnel;
mod loyalty;
mod parts;
mod satisfaction;
pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::{failed, suspended};
use funnel::{FunnelSection, ServiceSection};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use loyalty::{ChurnSection, LoyaltySection};
use parts::Names;
use pitlane::account::Role;
use pitlane::analytics::figures::{month_label, Page};
use satisfaction::{ComplaintsSection, SatisfactionSection};
use words::K;

#[server(prefix = "/api", endpoint = "analytics_figures")]
pub async fn analytics_figures(
    starts_at: String,
    ends_at: String,
    dealer: String,
    model: String,
    city: String,
) -> Result<Page, AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::analytics::figures::{Filter, RawFilter};
    use pitlane::analytics::store::page;
    respond(async move {
        let (user, _) = require(Role::is_staff)?;
        let state = state()?;
        let desk = user.analytics_desk().ok_or(AppError::Forbidden)?;
        let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
        let raw = RawFilter { starts_at, ends_at, dealer, model, city };
        let filter = Filter::parse(today, &raw)?.within(desk).ok_or(AppError::NotFound)?;
        let page: std::sync::Arc<Page> =
            page::summed_page(&state.db, &state.analytics, desk, filter).await.map_err(pitlane::DomainError::from)?;
        Ok(Page::clone(&page))
    })
    .await
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let field = move |name: &str| query.get(name).unwrap_or_default();
    let asked = (field("starts_at"), field("ends_at"), field("dealer"), field("model"), field("city"));
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{K::Title.text(lang)}</h1>
            {suspended(
                lang,
                move || {
                    let (starts_at, ends_at, dealer, model, city) = asked.clone();
                    async move {
                        match analytics_figures(starts_at, ends_at, dealer, model, city).await {
                            Err(err) => failed(err, lang),
                            Ok(page) => view! { <Analytics lang page /> }.into_any(),
                        }
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn Analytics(lang: Lang, page: Page) -> impl IntoView {
    let brand_wide = page.dealers.len() > 1 || page.filter.dealer.is_none();
    let intro = if brand_wide { K::IntroBrand } else { K::IntroDealer };
    let names =
        Names { dealers: page.dealers.iter().map(|d| (d.id, lang.pick(&d.name_zh, &d.name_en).to_owned())).collect() };
    let f = page.figures;
    let body = if f.is_empty() {
        view! { <p class="empty card">{K::Empty.text(lang)}</p> }.into_any()
    } else {
        view! {
            <SatisfactionSection lang names=names.clone() f=f.clone() />
            <ComplaintsSection lang names=names.clone() f=f.clone() />
            <FunnelSection lang names=names.clone() f=f.clone() />
            <ServiceSection lang names f=f.clone() />
            <LoyaltySection lang f=f.clone() />
            <ChurnSection lang f />
        }
        .into_any()
    };
    view! {
        <p class="lead">{intro.text(lang)}</p>
        <FilterForm lang page=(page.filter, page.dealers, page.models, page.cities) />
        {body}
    }
}

type FormChoices = (
    pitlane::analytics::figures::Filter,
    Vec<pitlane::dealer::Dealer>,
    Vec<(i64, String, String)>,
    Vec<(String, String)>,
);

#[component]
fn FilterForm(lang: Lang, page: FormChoices) -> impl IntoView {
    let (filter, dealers, models, cities) = page;
    let all = K::All.text(lang);
    let option = |value: String, label: String, selected: bool| {
        view! {
            <option value=value selected=selected>
                {label}
            </option>
        }
    };
    let dealer_options = dealers
        .iter()
        .map(|d| option(d.id.to_string(), lang.pick(&d.name_zh, &d.name_en).to_owned(), filter.dealer == Some(d.id)))
        .collect_view();
    let model_options = models
        .iter()
        .map(|(id, zh, en)| option(id.to_string(), lang.pick(zh, en).to_owned(), filter.model == Some(*id)))
        .collect_view();
    let city_options = cities
        .iter()
        .map(|(key, zh)| option(key.clone(), lang.pick(zh, key).to_owned(), filter.city.as_deref() == Some(key)))
        .collect_view();
    view! {
        <form method="get" action="/staff/analytics" class="card filters" aria-label=K::Filters.text(lang)>
            <label>
                {K::From.text(lang)}
                <input type="month" name="starts_at" value=month_label(filter.from) required=true />
            </label>
            <label>
                {K::To.text(lang)} <input type="month" name="ends_at" value=month_label(filter.to) required=true />
            </label>
            <label>
                {K::Dealer.text(lang)} <select name="dealer">
                    <option value="">{all}</option>
                    {dealer_options}
                </select>
            </label>
            <label>
                {K::Model.text(lang)} <select name="model">
                    <option value="">{all}</option>
                    {model_options}
                </select>
            </label>
            <label>
                {K::City.text(lang)} <select name="city">
                    <option value="">{all}</option>
                    {city_options}
                </select>
            </label>
            <button type="submit" class="button primary">
                {K::Apply.text(lang)}
            </button>
        </form>
    }
}
