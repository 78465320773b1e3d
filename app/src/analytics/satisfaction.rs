//! The satisfaction and complaints sections.

use super::chart::{BarChart, ColumnChart, Datum};
use super::parts::{month_short, no_data, one, pct, signed, tally_pair, tiles, Names, Pair, Section};
use super::words::{within_hours, K};
use crate::i18n::Lang;
use crate::table::{Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::analytics::figures::{month_label, Figures};

#[component]
pub(super) fn SatisfactionSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
    let s = f.satisfaction;
    let figures = tiles(
        lang,
        vec![
            (K::CsatMean.text(lang), one(s.csat.mean())),
            (K::CsatSatisfied.text(lang), pct(s.csat.satisfied())),
            (K::Nps.text(lang), signed(s.nps.score())),
            (K::ResponseRate.text(lang), pct(s.response)),
        ],
    );
    let months: Vec<Datum> =
        s.by_month.iter().map(|m| Datum::new(month_short(m.month), m.csat.mean(), one(m.csat.mean()))).collect();
    let month_rows = s
        .by_month
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td>{month_label(m.month)}</td>
                    <td>{one(m.csat.mean())}</td>
                    <td>{pct(m.csat.satisfied())}</td>
                    <td>{signed(m.nps.score())}</td>
                    <td>{m.csat.answers()}</td>
                </tr>
            }
        })
        .collect_view();
    let dealers: Vec<Datum> =
        s.by_dealer.iter().map(|d| Datum::new(names.dealer(d.dealer), d.nps.score(), signed(d.nps.score()))).collect();
    let dealer_rows = s
        .by_dealer
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{names.dealer(d.dealer)}</td>
                    <td>{one(d.csat.mean())}</td>
                    <td>{signed(d.nps.score())}</td>
                    <td>{pct(d.response)}</td>
                </tr>
            }
        })
        .collect_view();
    let by_dealer = if s.by_dealer.is_empty() {
        no_data(lang)
    } else {
        view! {
            <Pair>
                <BarChart
                    id="nps-dealer"
                    title=K::NpsByDealer.text(lang).to_owned()
                    desc=K::NpsByDealerDesc.text(lang).to_owned()
                    axis=K::NpsAxis.text(lang)
                    data=dealers
                    top=100.0
                />
                <DataTable columns=vec![
                    Col::new(K::Dealer.text(lang), Holds::Name),
                    Col::new(K::CsatMean.text(lang), Holds::Number),
                    Col::new(K::Nps.text(lang), Holds::Number),
                    Col::new(K::ResponseRate.text(lang), Holds::Number),
                ]>{dealer_rows}</DataTable>
            </Pair>
        }
        .into_any()
    };
    view! {
        <Section id="satisfaction" title=K::Satisfaction.text(lang)>
            {figures}
            <Pair>
                <ColumnChart
                    id="csat-month"
                    title=K::CsatByMonth.text(lang).to_owned()
                    desc=K::CsatByMonthDesc.text(lang).to_owned()
                    axis=K::CsatAxis.text(lang)
                    along=K::Month.text(lang)
                    data=months
                    top=5.0
                />
                <DataTable columns=vec![
                    Col::new(K::Month.text(lang), Holds::Number),
                    Col::new(K::CsatMean.text(lang), Holds::Number),
                    Col::new(K::CsatSatisfied.text(lang), Holds::Number),
                    Col::new(K::Nps.text(lang), Holds::Number),
                    Col::new(K::Answers.text(lang), Holds::Number),
                ]>{month_rows}</DataTable>
            </Pair>
            {by_dealer}
        </Section>
    }
}

#[component]
pub(super) fn ComplaintsSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
    use pitlane::case::{Category, Channel};
    let c = f.complaints;
    let figures = tiles(
        lang,
        vec![
            (K::Volume.text(lang), c.volume.to_string()),
            (K::ResponseMet.text(lang), pct(c.response)),
            (K::ResolutionMet.text(lang), pct(c.resolution)),
            (K::Median.text(lang), within_hours(c.median_hours, lang)),
            (K::P90.text(lang), within_hours(c.p90_hours, lang)),
            (K::Reopened.text(lang), pct(c.reopened)),
        ],
    );
    let category = move |key: &str| {
        Category::parse(key)
            .map_or_else(|| key.to_owned(), |c| crate::case::view::category_name(c).text(lang).to_owned())
    };
    let channel = move |key: &str| {
        Channel::parse(key).map_or_else(|| key.to_owned(), |c| crate::case::view::channel_name(c).text(lang).to_owned())
    };
    let dealer_rows = c
        .by_dealer
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{names.dealer(d.dealer)}</td>
                    <td>{d.volume}</td>
                    <td>{pct(d.response)}</td>
                    <td>{pct(d.resolution)}</td>
                    <td>{within_hours(d.median_hours, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Section id="complaints" title=K::Complaints.text(lang)>
            {figures}
            <p class="aside">{K::HoursNote.text(lang)}</p>
            {tally_pair(
                lang,
                "complaint-category",
                (K::ByCategory, K::ByCategoryDesc),
                K::Category,
                &c.by_category,
                category,
            )}
            {tally_pair(
                lang,
                "complaint-channel",
                (K::ByChannel, K::ByChannelDesc),
                K::Channel,
                &c.by_channel,
                channel,
            )}
            <h3>{K::ComplaintsByDealer.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Dealer.text(lang), Holds::Name),
                Col::new(K::Volume.text(lang), Holds::Number),
                Col::new(K::ResponseMet.text(lang), Holds::Number),
                Col::new(K::ResolutionMet.text(lang), Holds::Number),
                Col::new(K::Median.text(lang), Holds::Number),
            ]>{dealer_rows}</DataTable>
        </Section>
    }
}
