//! Staff find any customer their desk reaches from one box (`/staff/customers`):
//! a plain GET form, so it works without JavaScript.

pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::{failed, suspended};
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::customer::{Found, MAX_RESULTS};
use words::matched_name;
use words::K;

#[server(prefix = "/api", endpoint = "find_customers")]
pub async fn find_customers(q: String) -> Result<Vec<Found>, AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        let staff = require_staff(Role::is_staff)?;
        let state = state()?;
        let query = pitlane::customer::Query::parse(&q)
            .map_err(|_| AppError::invalid(Field::Query, Problem::TooShort(pitlane::customer::MIN_CHARS)))?;
        Ok(pitlane::customer::store::search(&state.db, staff, &query).await?)
    })
    .await
}

#[component]
pub fn CustomerSearchPage() -> impl IntoView {
    let lang = visitor().lang;
    let q = use_query_map().get_untracked().get("q").unwrap_or_default();
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{K::Title.text(lang)}</h1>
            <p class="lead">{K::Intro.text(lang)}</p>
            <form method="get" action="/staff/customers" class="search card" role="search">
                <label for="q" class="visually-hidden">
                    {K::Label.text(lang)}
                </label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=q.clone()
                    placeholder=K::Label.text(lang)
                    minlength=pitlane::customer::MIN_CHARS.to_string()
                    maxlength="100"
                    autocomplete="off"
                    required=true
                />
                <button type="submit" class="button primary">
                    {K::Search.text(lang)}
                </button>
            </form>
            {if q.trim().is_empty() {
                view! { <p class="aside">{K::Start.text(lang)}</p> }.into_any()
            } else {
                suspended(
                        lang,
                        move || {
                            let q = q.clone();
                            async move {
                                match find_customers(q.clone()).await {
                                    Err(err) => failed(err, lang),
                                    Ok(found) if found.is_empty() => {
                                        view! { <p class="empty card">{K::Empty.text(lang)}</p> }.into_any()
                                    }
                                    Ok(found) => results(lang, &q, found).into_any(),
                                }
                            }
                        },
                    )
                    .into_any()
            }}
        </RequireRole>
    }
}

fn results(lang: Lang, q: &str, found: Vec<Found>) -> impl IntoView {
    let many = found.len() as i64 >= MAX_RESULTS;
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let export = format!("/staff/export/customers.csv?q={q}");
    let col = |k: K, holds| Col::new(k.text(lang), holds);
    let rows = found.into_iter().map(|c| row(lang, c)).collect_view();
    view! {
        <section class="card">
            <DataTable columns=vec![
                col(K::ColCustomer, Holds::Name),
                col(K::ColContact, Holds::Text),
                col(K::ColCity, Holds::Name),
                col(K::ColCars, Holds::Text),
                col(K::ColMatched, Holds::Phrase),
            ]>{rows}</DataTable>
            {many.then(|| view! { <p class="aside">{K::Many.text(lang)}</p> })}
            <p>
                <a class="button" href=export download="">
                    {K::Export.text(lang)}
                </a>
            </p>
        </section>
    }
}

fn row(lang: Lang, c: Found) -> impl IntoView {
    let href = match (c.owner, c.lead) {
        (Some(owner), _) => format!("/staff/owners/{owner}"),
        (None, Some(lead)) => format!("/staff/leads/{lead}"),
        (None, None) => String::new(),
    };
    let contact = [c.mobile, c.email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let contact = if contact.is_empty() { K::Hidden.text(lang).to_owned() } else { contact };
    let cars = if c.cars.is_empty() {
        K::NoCar.text(lang).to_owned()
    } else {
        c.cars
            .iter()
            .map(|(vin, plate)| plate.as_ref().map_or(vin.clone(), |p| format!("{p} · {vin}")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let matched = c.matched.iter().map(|m| matched_name(*m, lang)).collect::<Vec<_>>().join(" · ");
    let prospect = c.owner.is_none().then(|| view! { <span class="badge">{K::Prospect.text(lang)}</span> });
    view! {
        <tr>
            <td>
                <Clip text=c.name href />
                {prospect}
            </td>
            <td>
                <Clip text=contact />
            </td>
            <td>{c.city.unwrap_or_default()}</td>
            <td>
                <Clip text=cars />
            </td>
            <td>{matched}</td>
        </tr>
    }
}
