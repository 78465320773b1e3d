//! The CRM analyst's page (`/staff/analytics`): satisfaction, complaints, the
//! sales funnel, service, loyalty and churn, filtered by period, dealer, model
//! and city with a plain GET form. Every chart has its numbers in a table.
//! Analysts and admins read the brand; a dealer's sales manager their dealer.

pub mod chart;
pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::{failed, suspended};
use crate::table::{Col, DataTable, Holds};
use chart::{BarChart, ColumnChart, Datum};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::{DealerId, Role};
use pitlane::analytics::figures::{month_label, Figures, Page, Tally};
use pitlane::analytics::Share;
use words::{rfm_class_name, risk_name, within_hours, K};

#[server(prefix = "/api", endpoint = "analytics_figures")]
pub async fn analytics_figures(
    starts_at: String,
    ends_at: String,
    dealer: String,
    model: String,
    city: String,
) -> Result<Page, AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    use pitlane::analytics::figures::{Filter, RawFilter};
    use pitlane::analytics::store::rollup;
    respond(async move {
        let staff = require_staff(Role::is_staff)?;
        let state = state()?;
        let desk =
            rollup::desk(&state.db, staff).await.map_err(pitlane::DomainError::from)?.ok_or(AppError::Forbidden)?;
        let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
        let raw = RawFilter { starts_at, ends_at, dealer, model, city };
        let filter = Filter::parse(today, &raw)?.within(desk).ok_or(AppError::NotFound)?;
        Ok(rollup::page(&state.db, desk, filter).await.map_err(pitlane::DomainError::from)?)
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

/// Dealers' names by id, in the page's language.
#[derive(Clone)]
struct Names {
    dealers: Vec<(DealerId, String)>,
}

impl Names {
    fn dealer(&self, id: DealerId) -> String {
        self.dealers.iter().find(|(d, _)| *d == id).map_or_else(|| "—".to_owned(), |(_, name)| name.clone())
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

fn pct(share: Share) -> String {
    share.percent().map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

fn one(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:+.0}"))
}

/// Key figures as tiles: (label, value).
fn tiles(lang: Lang, items: Vec<(&'static str, String)>) -> impl IntoView {
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
fn Section(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
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
fn Pair(children: Children) -> impl IntoView {
    view! { <div class="chart-pair card">{children()}</div> }
}

fn no_data(lang: Lang) -> AnyView {
    view! { <p class="empty">{K::NoData.text(lang)}</p> }.into_any()
}

/// A count per named thing as bars and a two-column table.
fn tally_pair(
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

#[component]
fn SatisfactionSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
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

/// A month as a column's label: its number ("03").
fn month_short(month: u32) -> String {
    format!("{:02}", month % 100)
}

#[component]
fn ComplaintsSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
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

#[component]
fn FunnelSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
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
fn ServiceSection(lang: Lang, names: Names, f: Figures) -> impl IntoView {
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

#[component]
fn LoyaltySection(lang: Lang, f: Figures) -> impl IntoView {
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
fn ChurnSection(lang: Lang, f: Figures) -> impl IntoView {
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
