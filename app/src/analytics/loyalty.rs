//! The loyalty and club, and churn and value sections.

use super::chart::{BarChart, ColumnChart, Datum};
use super::parts::{month_short, tiles, Pair, Section};
use super::words::{rfm_class_name, risk_name, K};
use crate::i18n::Lang;
use crate::table::{Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::analytics::figures::{month_label, Figures};

#[component]
pub(super) fn LoyaltySection(lang: Lang, f: Figures) -> impl IntoView {
    use crate::loyalty::words::tier_name;
    use pitlane::loyalty::Tier;
    let Some(l) = f.loyalty else {
        return view! {
            <Section id="loyalty" title=K::Loyalty.text(lang)>
                <p class="aside">{K::BrandOnly.text(lang)}</p>
            </Section>
        }
        .into_any();
    };
    let (issued, redeemed, expired) =
        l.by_month.iter().fold((0, 0, 0), |(i, r, e), m| (i + m.issued, r + m.redeemed, e + m.expired));
    let figures = tiles(
        lang,
        vec![
            (K::Issued.text(lang), issued.to_string()),
            (K::Redeemed.text(lang), redeemed.to_string()),
            (K::Expired.text(lang), expired.to_string()),
            (K::ActiveMembers.text(lang), l.active_members.to_string()),
            (K::Events.text(lang), l.events.to_string()),
            (K::Attendance.text(lang), l.attendance.to_string()),
        ],
    );
    let months: Vec<Datum> = l
        .by_month
        .iter()
        .map(|m| Datum::new(month_short(m.month), Some(m.issued as f64), m.issued.to_string()))
        .collect();
    let month_rows = l
        .by_month
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td>{month_label(m.month)}</td>
                    <td>{m.issued}</td>
                    <td>{m.redeemed}</td>
                    <td>{m.expired}</td>
                </tr>
            }
        })
        .collect_view();
    let tier = move |key: &str| Tier::parse(key).map_or_else(|| key.to_owned(), |t| tier_name(t, lang).to_owned());
    let tier_rows = l
        .tiers
        .iter()
        .map(|(key, n)| {
            view! {
                <tr>
                    <td>{tier(key)}</td>
                    <td>{*n}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Section id="loyalty" title=K::Loyalty.text(lang)>
            {figures}
            <Pair>
                <ColumnChart
                    id="points-month"
                    title=K::PointsByMonth.text(lang).to_owned()
                    desc=K::PointsByMonthDesc.text(lang).to_owned()
                    axis=K::Points.text(lang)
                    along=K::Month.text(lang)
                    data=months
                />
                <DataTable columns=vec![
                    Col::new(K::Month.text(lang), Holds::Number),
                    Col::new(K::Issued.text(lang), Holds::Number),
                    Col::new(K::Redeemed.text(lang), Holds::Number),
                    Col::new(K::Expired.text(lang), Holds::Number),
                ]>{month_rows}</DataTable>
            </Pair>
            <h3>{K::Tiers.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Tier.text(lang), Holds::Phrase),
                Col::new(K::Members.text(lang), Holds::Number),
            ]>{tier_rows}</DataTable>
        </Section>
    }
    .into_any()
}

#[component]
pub(super) fn ChurnSection(lang: Lang, f: Figures) -> impl IntoView {
    let Some(c) = f.churn else {
        return view! {
            <Section id="churn" title=K::Churn.text(lang)>
                <p class="aside">{K::BrandOnly.text(lang)}</p>
            </Section>
        }
        .into_any();
    };
    let reason_rows = c
        .reasons
        .iter()
        .map(|(key, n)| {
            view! {
                <tr>
                    <td>{risk_name(key, lang)}</td>
                    <td>{*n}</td>
                </tr>
            }
        })
        .collect_view();
    let classes: Vec<Datum> = c
        .classes
        .iter()
        .map(|(class, n)| Datum::new(rfm_class_name(*class, lang), Some(*n as f64), n.to_string()))
        .collect();
    let class_rows = c
        .classes
        .iter()
        .map(|(class, n)| {
            view! {
                <tr>
                    <td>{rfm_class_name(*class, lang)}</td>
                    <td>
                        <a href=format!("/staff/segments/list?rfm={}", class.as_str())>{*n}</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Section id="churn" title=K::Churn.text(lang)>
            <ul class="figures" aria-label=K::Figures.text(lang)>
                <li class="card figure">
                    <a href="/staff/segments/list?at_risk=true">
                        <span class="figure-value">{c.at_risk}</span>
                        <span class="figure-label">{K::AtRisk.text(lang)}</span>
                    </a>
                </li>
            </ul>
            <h3>{K::RiskReasons.text(lang)}</h3>
            <DataTable columns=vec![
                Col::new(K::Reason.text(lang), Holds::Phrase),
                Col::new(K::Owners.text(lang), Holds::Number),
            ]>{reason_rows}</DataTable>
            <Pair>
                <BarChart
                    id="rfm-classes"
                    title=K::RfmClasses.text(lang).to_owned()
                    desc=K::RfmClassesDesc.text(lang).to_owned()
                    axis=K::Owners.text(lang)
                    data=classes
                />
                <DataTable columns=vec![
                    Col::new(K::Class.text(lang), Holds::Phrase),
                    Col::new(K::Owners.text(lang), Holds::Number),
                ]>{class_rows}</DataTable>
            </Pair>
        </Section>
    }
    .into_any()
}
