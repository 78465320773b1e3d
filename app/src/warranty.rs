//! The public warranty and recall lookup (`/warranty?vin=` works as a link), and
//! the cards that show cover and campaigns, also on the owner's car page.

use crate::auth::visitor;
use crate::error::AppError;
use crate::form::{error_for, VinField};
use crate::i18n::{Lang, T};
use crate::layout::{load_error, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::error::Field;
use pitlane::warranty::{CampaignKind, CampaignStatus, Cover, Expiry, LineCover, Lookup};

/// Lookups per client address per window (public, so rate-limited).
#[cfg(feature = "ssr")]
const LOOKUPS_PER_WINDOW: i64 = 30;

/// Cover and campaigns for a VIN; `None` when the register has no such car.
#[server(prefix = "/api", endpoint = "warranty_lookup")]
pub async fn warranty_lookup(vin: String) -> Result<Option<Lookup>, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        let vin = pitlane::types::Vin::parse(&vin).map_err(|e| AppError::invalid(Field::Vin, e))?;
        let now = state.clock.now();
        pitlane::rate_limit::hit(
            &state.db,
            (pitlane::error::Throttle::WarrantyLookup, "warranty_lookup"),
            &visitor.client_addr,
            now,
            LOOKUPS_PER_WINDOW,
            chrono::Duration::minutes(10),
        )
        .await?;
        Ok(pitlane::warranty::store::lookup(&state.db, &vin, now.date_naive()).await?)
    })
    .await
}

#[component]
pub fn WarrantyPage() -> impl IntoView {
    let lang = visitor().lang;
    let vin = use_query_map().get_untracked().get("vin").unwrap_or_default();
    let asked = !vin.trim().is_empty();
    let shown = vin.clone();
    view! {
        <h1>{T::WarrantyTitle.text(lang)}</h1>
        <p class="lead">{T::WarrantyIntro.text(lang)}</p>
        <Suspense fallback=move || loading(
            lang,
        )>
            {{
                let vin = shown.clone();
                Suspend::new(async move {
                    let result = if asked { Some(warranty_lookup(vin.clone()).await) } else { None };
                    let error = result.as_ref().and_then(|r| r.as_ref().err().cloned());
                    view! {
                        <VinLookupForm
                            lang
                            action="/warranty"
                            vin=vin.clone()
                            error=error_for(&error, Field::Vin, lang)
                        />
                        {match result {
                            Some(Ok(Some(lookup))) => view! { <LookupResult lang lookup /> }.into_any(),
                            Some(Ok(None)) => {
                                view! {
                                    <p class="notice" role="status">
                                        {T::WarrantyNotFound.text(lang)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(Err(err)) if err.field().is_none() => load_error(err, lang),
                            _ => ().into_any(),
                        }}
                    }
                })
            }}
        </Suspense>
    }
}

/// A VIN to look up, sent by GET so the answer has its own address.
#[component]
pub fn VinLookupForm(lang: Lang, action: &'static str, vin: String, error: Option<String>) -> impl IntoView {
    view! {
        <form method="get" action=action class="card inline-form">
            <VinField lang value=vin error />
            <button type="submit" class="button primary">
                {T::WarrantyBoxButton.text(lang)}
            </button>
        </form>
    }
}

#[component]
fn LookupResult(lang: Lang, lookup: Lookup) -> impl IntoView {
    let model = format!("{} · {}", lang.pick(&lookup.model_zh, &lookup.model_en), lookup.model_year);
    view! {
        <section class="card" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{model}</h2>
            <p class="mono">{lookup.vin.to_string()}</p>
            <WarrantyCard lang sale_date=lookup.sale_date lines=lookup.lines.clone() />
        </section>
        <CampaignList lang campaigns=lookup.campaigns />
    }
}

/// Each coverage line with a bar for the time used and, when the mileage is
/// known, the distance used.
#[component]
pub fn WarrantyCard(lang: Lang, sale_date: Option<chrono::NaiveDate>, lines: Vec<LineCover>) -> impl IntoView {
    let Some(sale) = sale_date else {
        return view! { <p class="notice">{T::WarrantyNotStarted.text(lang)}</p> }.into_any();
    };
    let rows = lines
        .into_iter()
        .map(|LineCover { line, cover }| {
            let name = lang.pick(&line.name_zh, &line.name_en).to_owned();
            let total_days = (line.last_day(sale) - sale).num_days() + 1;
            let limits = match lang {
                Lang::Zh => format!("{} 个月 / {} 公里", line.months, line.km),
                Lang::En => format!("{} months / {} km", line.months, line.km),
            };
            let (covered, status, time_used, km_used) = match cover {
                Cover::Covered { last_day, days_left, km_left } => {
                    let km_text = match km_left {
                        Some(km) => match lang {
                            Lang::Zh => format!("剩余 {km} 公里"),
                            Lang::En => format!("{km} km left"),
                        },
                        None => T::CoverUnknownKm.text(lang).to_owned(),
                    };
                    let text = match lang {
                        Lang::Zh => {
                            format!("{}：至 {last_day}，剩余 {days_left} 天，{km_text}", T::CoverCovered.text(lang))
                        }
                        Lang::En => {
                            format!("{} until {last_day}: {days_left} days left, {km_text}", T::CoverCovered.text(lang))
                        }
                    };
                    let km_used = km_left.map(|left| 100 - (u64::from(left) * 100 / u64::from(line.km.max(1))) as i64);
                    (true, text, 100 - days_left * 100 / total_days.max(1), km_used)
                }
                Cover::Expired { reason: Expiry::Time { last_day } } => {
                    (false, format!("{} ({last_day})", T::CoverExpired.text(lang)), 100, None)
                }
                Cover::Expired { reason: Expiry::Distance } => (
                    false,
                    format!("{} ({})", T::CoverExpired.text(lang), T::CoverByDistance.text(lang)),
                    100,
                    Some(100),
                ),
                Cover::NotStarted => (false, T::WarrantyNotStarted.text(lang).to_owned(), 0, None),
            };
            view! {
                <li class="cover" class:cover-expired=!covered>
                    <div class="cover-head">
                        <strong>{name}</strong>
                        <span class="cover-limits">{limits}</span>
                    </div>
                    <div class="bar" role="img" aria-label=format!("{time_used}%")>
                        <span style=format!("width:{}%", time_used.clamp(0, 100))></span>
                    </div>
                    {km_used
                        .map(|used| {
                            view! {
                                <div class="bar bar-km" role="img" aria-label=format!("{used}% km")>
                                    <span style=format!("width:{}%", used.clamp(0, 100))></span>
                                </div>
                            }
                        })}
                    <p class="cover-status">{status}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{T::WarrantyCover.text(lang)}</h3>
        <p class="aside">{T::WarrantySold.text(lang)} ": " {sale.to_string()}</p>
        <ul class="covers">{rows}</ul>
    }
    .into_any()
}

/// Open campaigns first, then those already done for this car.
#[component]
pub fn CampaignList(
    lang: Lang,
    campaigns: Vec<CampaignStatus>,
    /// The owner's own car: open campaigns link to booking the fix.
    #[prop(optional)]
    book_for: Option<String>,
) -> impl IntoView {
    let body = if campaigns.is_empty() {
        view! { <p class="empty">{T::CampaignsNone.text(lang)}</p> }.into_any()
    } else {
        // A list holds only its items: the empty state above stands outside one.
        let mut campaigns = campaigns;
        campaigns.sort_by_key(|c| c.completed_on.is_some());
        let items = campaigns
            .into_iter()
            .map(|status| {
                let c = status.campaign;
                let kind = if c.kind == CampaignKind::Recall { T::CampaignRecall } else { T::CampaignService };
                let awaiting = status.completed_on.is_none() && !c.parts_available;
                let (state_class, state_text) = match status.completed_on {
                    None if awaiting => ("badge badge-upcoming", T::CampaignAwaitingParts.text(lang).to_owned()),
                    None => ("badge badge-due", T::CampaignOpen.text(lang).to_owned()),
                    Some(on) => ("badge badge-done", format!("{} {on}", T::CampaignDone.text(lang))),
                };
                view! {
                    <li class="campaign">
                        <p>
                            <span class=state_class>{state_text}</span>
                            " "
                            <span class="badge">{kind.text(lang)}</span>
                            " "
                            <span class="mono">{c.code.clone()}</span>
                        </p>
                        <p>
                            <strong>{c.title.pick(lang).to_owned()}</strong>
                        </p>
                        <p class="aside">{T::CampaignRemedy.text(lang)} ": " {c.remedy.pick(lang).to_owned()}</p>
                        {awaiting.then(|| view! { <p class="aside">{T::CampaignPartsPromise.text(lang)}</p> })}
                        {book_for
                            .clone()
                            .filter(|_| status.completed_on.is_none() && !awaiting)
                            .map(|vin| {
                                view! {
                                    <a class="button small" href=format!("/service/book?vin={vin}&recall=1")>
                                        {T::CampaignBookFix.text(lang)}
                                    </a>
                                }
                            })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="campaigns">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">{T::CampaignsTitle.text(lang)}</h2>
            {body}
        </section>
    }
}
