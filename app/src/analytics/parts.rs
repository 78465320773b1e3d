//! What the analytics sections share: dealers' names, figures as text, tiles,
//! a section, a chart beside its table.

use super::chart::{BarChart, Datum};
use super::words::K;
use crate::i18n::Lang;
use crate::table::{Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::account::DealerId;
use pitlane::analytics::figures::Tally;
use pitlane::analytics::Share;

/// Dealers' names by id, in the page's language.
#[derive(Clone)]
pub(super) struct Names {
    pub(super) dealers: Vec<(DealerId, String)>,
}

impl Names {
    pub(super) fn dealer(&self, id: DealerId) -> String {
        self.dealers.iter().find(|(d, _)| *d == id).map_or_else(|| "—".to_owned(), |(_, name)| name.clone())
    }
}

pub(super) fn pct(share: Share) -> String {
    share.percent().map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

pub(super) fn one(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

pub(super) fn signed(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:+.0}"))
}

/// Key figures as tiles: (label, value).
pub(super) fn tiles(lang: Lang, items: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <ul class="figures" aria-label=K::Figures.text(lang)>
            {items
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <li class="card figure">
                            <span class="figure-value">{value}</span>
                            <span class="figure-label">{label}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A section with its heading (which names it for screen readers).
#[component]
pub(super) fn Section(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled = heading.clone();
    view! {
        <section class="analytics-section" aria-labelledby=labelled>
            <h2 id=heading>{title}</h2>
            {children()}
        </section>
    }
}

/// A chart and the table with its numbers, side by side on a wide screen.
#[component]
pub(super) fn Pair(children: Children) -> impl IntoView {
    view! { <div class="chart-pair card">{children()}</div> }
}

pub(super) fn no_data(lang: Lang) -> AnyView {
    view! { <p class="empty">{K::NoData.text(lang)}</p> }.into_any()
}

/// A count per named thing as bars and a two-column table.
pub(super) fn tally_pair(
    lang: Lang,
    id: &'static str,
    (title, desc): (K, K),
    heading: K,
    tally: &Tally,
    name: impl Fn(&str) -> String,
) -> AnyView {
    if tally.is_empty() {
        return no_data(lang);
    }
    let data: Vec<Datum> = tally.iter().map(|(key, n)| Datum::new(name(key), Some(*n as f64), n.to_string())).collect();
    let rows = data
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{d.label.clone()}</td>
                    <td>{d.shown.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Pair>
            <BarChart
                id
                title=title.text(lang).to_owned()
                desc=desc.text(lang).to_owned()
                axis=K::Count.text(lang)
                data=data
            />
            <DataTable columns=vec![
                Col::new(heading.text(lang), Holds::Phrase),
                Col::new(K::Count.text(lang), Holds::Number),
            ]>{rows}</DataTable>
        </Pair>
    }
    .into_any()
}

/// A month as a column's label: its number ("03").
pub(super) fn month_short(month: u32) -> String {
    format!("{:02}", month % 100)
}
