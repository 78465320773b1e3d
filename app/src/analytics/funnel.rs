//! The sales funnel and service sections.

use super::chart::{BarChart, ColumnChart, Datum};
use super::parts::{no_data, pct, tally_pair, tiles, Names, Pair, Section};
use super::words::{within_hours, K};
use crate::i18n::Lang;
use crate::table::{Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::analytics::figures::Figures;

#[component]
pub(super) fn FunnelSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
    use crate::lead::words::{lost_reason_name, source_name, stage_name};
    use pitlane::lead::{LostReason, Source};
    let u = f.funnel;
    let figures = tiles(
        lang,
        vec![
            (K::Leads.text(lang), u.leads.to_string()),
            (K::ContactInTime.text(lang), pct(u.contact_in_time)),
            (K::ContactMedian.text(lang), within_hours(u.contact_median_hours, lang)),
        ],
    );
    let reached: Vec<Datum> = u
        .reached
        .iter()
        .map(|r| Datum::new(stage_name(r.stage, lang), Some(r.leads as f64), r.leads.to_string()))
        .collect();
    let reached_rows = u
        .reached
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{stage_name(r.stage, lang)}</td>
                    <td>{r.leads}</td>
                    <td>{pct(r.conversion)}</td>
                </tr>
            }
        })
        .collect_view();
    let reached_pair = if u.reached.is_empty() {
        no_data(lang)
    } else {
        view! {
            <Pair>
                <BarChart
                    id="funnel-reached"
                    title=K::Reached.text(lang).to_owned()
                    desc=K::ReachedDesc.text(lang).to_owned()
                    axis=K::Leads.text(lang)
                    data=reached
                />
                <DataTable columns=vec![
                    Col::new(K::Stage.text(lang), Holds::Phrase),
                    Col::new(K::Leads.text(lang), Holds::Number),
                    Col::new(K::Conversion.text(lang), Holds::Number),
                ]>{reached_rows}</DataTable>
            </Pair>
        }
        .into_any()
    };
    let source =
        move |key: &str| Source::parse(key).map_or_else(|| key.to_owned(), |s| source_name(s, lang).to_owned());
    let lost = move |key: &str| {
        LostReason::parse(key).map_or_else(|| key.to_owned(), |r| lost_reason_name(r, lang).to_owned())
    };
    let competitor_rows = u
        .competitors
        .iter()
        .take(10)
        .map(|(name, n)| {
            view! {
                <tr>
                    <td>{name.clone()}</td>
                    <td>{*n}</td>
                </tr>
            }
        })
        .collect_view();
    let league_rows = u
        .league
        .iter()
        .enumerate()
        .map(|(i, l)| {
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <td>{names.dealer(l.dealer)}</td>
                    <td>{l.leads}</td>
                    <td>{pct(l.won)}</td>
                    <td>{pct(l.contact_in_time)}</td>
                    <td>{within_hours(l.contact_median_hours, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Section id="funnel" title=K::Funnel.text(lang)>
            {figures}
            {reached_pair}
            {tally_pair(lang, "funnel-source", (K::BySource, K::BySourceDesc), K::Source, &u.by_source, source)}
            {tally_pair(lang, "funnel-lost", (K::LostReasons, K::LostReasonsDesc), K::Reason, &u.lost, lost)}
            <h3>{K::Competitors.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Competitor.text(lang), Holds::Name),
                Col::new(K::Count.text(lang), Holds::Number),
            ]>{competitor_rows}</DataTable>
            <h3>{K::League.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Rank.text(lang), Holds::Number),
                Col::new(K::Dealer.text(lang), Holds::Name),
                Col::new(K::Leads.text(lang), Holds::Number),
                Col::new(K::Won.text(lang), Holds::Number),
                Col::new(K::ContactInTime.text(lang), Holds::Number),
                Col::new(K::ContactMedian.text(lang), Holds::Number),
            ]>{league_rows}</DataTable>
        </Section>
    }
}

#[component]
pub(super) fn ServiceSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
    let s = f.service;
    let figures = tiles(
        lang,
        vec![
            (K::Bookings.text(lang), s.total.bookings.to_string()),
            (K::NoShows.text(lang), pct(s.total.no_show_share())),
            (K::Utilisation.text(lang), pct(s.total.utilisation())),
            (K::RecallsInTime.text(lang), pct(s.recalls_in_time)),
        ],
    );
    let weeks: Vec<Datum> = s
        .by_week
        .iter()
        .map(|(week, w)| Datum::new(week.format("%m-%d").to_string(), w.utilisation().percent(), pct(w.utilisation())))
        .collect();
    let week_rows = s
        .by_week
        .iter()
        .map(|(week, w)| {
            view! {
                <tr>
                    <td>{week.to_string()}</td>
                    <td>{w.bookings}</td>
                    <td>{w.no_shows}</td>
                    <td>{pct(w.utilisation())}</td>
                </tr>
            }
        })
        .collect_view();
    let by_week = if s.by_week.is_empty() {
        no_data(lang)
    } else {
        view! {
            <Pair>
                <ColumnChart
                    id="bays-week"
                    title=K::UtilisationByWeek.text(lang).to_owned()
                    desc=K::UtilisationByWeekDesc.text(lang).to_owned()
                    axis=K::PerCent.text(lang)
                    along=K::Week.text(lang)
                    data=weeks
                    top=100.0
                />
                <DataTable columns=vec![
                    Col::new(K::Week.text(lang), Holds::Number),
                    Col::new(K::Bookings.text(lang), Holds::Number),
                    Col::new(K::NoShowCount.text(lang), Holds::Number),
                    Col::new(K::Utilisation.text(lang), Holds::Number),
                ]>{week_rows}</DataTable>
            </Pair>
        }
        .into_any()
    };
    let dealer_rows = s
        .by_dealer
        .iter()
        .map(|(dealer, w)| {
            view! {
                <tr>
                    <td>{names.dealer(*dealer)}</td>
                    <td>{w.bookings}</td>
                    <td>{pct(w.no_show_share())}</td>
                    <td>{pct(w.utilisation())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Section id="service" title=K::Service.text(lang)>
            {figures}
            {by_week}
            <h3>{K::ServiceByDealer.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Dealer.text(lang), Holds::Name),
                Col::new(K::Bookings.text(lang), Holds::Number),
                Col::new(K::NoShows.text(lang), Holds::Number),
                Col::new(K::Utilisation.text(lang), Holds::Number),
            ]>{dealer_rows}</DataTable>
        </Section>
    }
}
