//! Staff find any customer their desk reaches from one box (`/staff/customers`):
//! a plain GET form, so it works without JavaScript.

mod caller;
pub mod card;
mod live;
pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::{loaded, suspended};
use crate::table::{Clip, Col, DataTable, Holds};
use caller::CallerLeadForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use live::CustomerFinder;
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

/// The result rows for `q` as the page draws them, for the live search box
/// (`live::FollowsTyping`), which puts them in as they come.
#[server(prefix = "/api", endpoint = "customer_rows", input = server_fn::codec::GetUrl)]
pub async fn customer_rows(q: String) -> Result<String, AppError> {
    let visitor = crate::auth::ssr::visitor()?;
    let opens_cases = visitor.user.as_ref().is_some_and(|u| u.role.is_care());
    let found = find_customers(q.clone()).await?;
    Ok(shown(visitor.lang, &q, Ok(found), opens_cases).to_html())
}

#[component]
pub fn CustomerSearchPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let role = visitor.user.as_ref().map(|u| u.role);
    let opens_cases = role.is_some_and(Role::is_care);
    let takes_callers = role.is_some_and(Role::takes_callers);
    let q = use_query_map().get_untracked().get("q").unwrap_or_default();
    let choices = move || crate::lead::test_drive_choices(String::new(), String::new(), String::new(), String::new());
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{K::Title.text(lang)}</h1>
            <p class="lead">{K::Intro.text(lang)}</p>
            {if q.trim().is_empty() {
                view! {
                    <CustomerFinder lang q>
                        <p class="aside">{K::Start.text(lang)}</p>
                    </CustomerFinder>
                }
                    .into_any()
            } else {
                suspended(
                        lang,
                        move || {
                            let q = q.clone();
                            async move {
                                let found = find_customers(q.clone()).await;
                                let rows = shown(lang, &q, found, opens_cases);
                                view! {
                                    <CustomerFinder lang q>
                                        {rows}
                                    </CustomerFinder>
                                }
                            }
                        },
                    )
                    .into_any()
            }}
            {takes_callers.then(|| loaded(lang, choices, move |choices| view! { <CallerLeadForm lang choices /> }))}
        </RequireRole>
    }
}

/// What a search for `q` shows: its rows, that none matched, or why it failed.
fn shown(lang: Lang, q: &str, found: Result<Vec<Found>, AppError>, opens_cases: bool) -> impl IntoView {
    match found {
        Err(e) => view! {
            <p class="form-error" role="alert">
                {e.text(lang)}
            </p>
        }
        .into_any(),
        Ok(found) if found.is_empty() => view! { <p class="empty card">{K::Empty.text(lang)}</p> }.into_any(),
        Ok(found) => results(lang, q, found, opens_cases).into_any(),
    }
}

fn results(lang: Lang, q: &str, found: Vec<Found>, opens_cases: bool) -> impl IntoView {
    let many = found.len() as i64 >= MAX_RESULTS;
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let export = format!("/staff/export/customers.csv?q={q}");
    let col = |k: K, holds| Col::new(k.text(lang), holds);
    let rows = found.into_iter().map(|c| row(lang, c, opens_cases)).collect_view();
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

fn row(lang: Lang, c: Found, opens_cases: bool) -> impl IntoView {
    // Care opens a case for a found owner whose mobile it sees whole.
    let open_case = c.mobile.clone().filter(|m| opens_cases && c.owner.is_some() && !m.contains('*')).map(|m| {
        view! {
            <a class="button small" href=format!("/staff/cases?identifier={m}#on-behalf-title")>
                {K::OpenCase.text(lang)}
            </a>
        }
    });
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
            <td>{matched} {open_case}</td>
        </tr>
    }
}
