//! The customer page's cards beside the timeline, and the timeline's words.

use super::words::{reason_text, rfm_class_name, strike_name, C};
use super::AssignOwnerAdvisor;
use crate::case::view::{kind_name, status_name, SlaClockBadge};
use crate::i18n::{china_time, Lang, T};
use crate::lead::words::{source_name, stage_name as lead_stage_name};
use crate::loyalty::words::{entry_name, tier_name};
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::analytics::score::Score;
use pitlane::booking::NamedAdvisor;
use pitlane::customer::card::{
    BookingLine, CaseLine, ClubStanding, ConsentRecord, LeadLine, Points, ReferralLine, SurveyLine, Touch,
};
use pitlane::lead::Kind as LeadKind;
use pitlane::profile::Profile;
use pitlane::types::Money;
use pitlane::warranty::{CampaignKind, Cover, Lookup};
use server_fn::ServerFn;

fn col(c: C, holds: Holds, lang: Lang) -> Col {
    Col::new(c.text(lang), holds)
}

fn empty(c: C, lang: Lang) -> AnyView {
    view! { <p class="empty">{c.text(lang)}</p> }.into_any()
}

/// The headline and the detail of a touchpoint, in the reader's words.
pub fn touch_words(touch: &Touch, lang: Lang) -> (String, String) {
    let text = |c: C| c.text(lang).to_owned();
    match touch {
        Touch::Booked { booking, starts_at, stage } => (
            format!("{} #{booking}", C::TouchBooked.text(lang)),
            [Some(china_time(*starts_at)), stage.map(|s| crate::booking::stage_name(s).text(lang).to_owned())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        Touch::Visited { booking, amount_fen } => (
            format!("{} #{booking}", C::TouchVisited.text(lang)),
            amount_fen.map(|f| Money::from_fen(f).to_string()).unwrap_or_default(),
        ),
        Touch::CaseOpened { case, kind, title } => {
            (format!("{} #{case} · {}", C::TouchCase.text(lang), kind_name(*kind).text(lang)), title.clone())
        }
        Touch::SurveyAnswered { booking, satisfaction, recommend } => {
            (format!("{} #{booking}", C::TouchSurvey.text(lang)), scores(*satisfaction, *recommend, lang))
        }
        Touch::LeadOpened { lead, kind, stage } => (
            format!("{} #{lead} · {}", C::TouchLead.text(lang), lead_kind(*kind, lang)),
            lead_stage_name(*stage, lang).to_owned(),
        ),
        Touch::Points { amount, kind } => {
            (format!("{} {amount:+}", C::TouchPoints.text(lang)), entry_name(*kind, lang).to_owned())
        }
        Touch::ClubPost { post, title } => (format!("{} #{post}", C::TouchPost.text(lang)), title.clone()),
        Touch::ClubComment { post } => (format!("{} #{post}", C::TouchComment.text(lang)), String::new()),
        Touch::ClubStrike { level } => (text(C::TouchStrike), strike_name(*level, lang).to_owned()),
        Touch::ProfileChanged { field, by_staff } => (
            format!("{} · {}", C::TouchProfile.text(lang), crate::profile::history::field_name(*field, lang)),
            text(if *by_staff { C::TouchByStaff } else { C::TouchByOwner }),
        ),
        Touch::Note { author, body } => (format!("{} · {author}", C::TouchNote.text(lang)), body.clone()),
    }
}

fn lead_kind(kind: LeadKind, lang: Lang) -> &'static str {
    match kind {
        LeadKind::TestDrive => C::TestDrive.text(lang),
        LeadKind::TradeIn => C::TradeIn.text(lang),
    }
}

fn scores(satisfaction: Option<i64>, recommend: Option<i64>, lang: Lang) -> String {
    [
        satisfaction.map(|s| format!("{} {s}/5", C::Satisfaction.text(lang))),
        recommend.map(|r| format!("{} {r}/10", C::Recommend.text(lang))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

#[component]
pub fn ProfileCard(lang: Lang, profile: Profile, consent: Option<ConsentRecord>) -> impl IntoView {
    let verified = |v: bool| if v { C::Verified } else { C::Unverified }.text(lang);
    let contacts = [(profile.mobile, profile.mobile_verified), (profile.email, profile.email_verified)]
        .into_iter()
        .filter_map(|(value, v)| value.map(|value| format!("{value} ({})", verified(v))))
        .collect::<Vec<_>>();
    let contacts = if contacts.is_empty() { C::ContactsHidden.text(lang).to_owned() } else { contacts.join(" · ") };
    let consent_words = match consent {
        Some(c) => format!(
            "{} · {} {} · {}",
            if c.granted { C::ConsentGiven } else { C::ConsentWithdrawn }.text(lang),
            C::ConsentVersion.text(lang),
            c.wording_version,
            china_time(c.at)
        ),
        None => C::ConsentNoRecord.text(lang).to_owned(),
    };
    let channel = crate::profile::words::channel_name(profile.details.contact_channel).text(lang);
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{C::Profile.text(lang)}</h2>
            <dl>
                <dt>{C::Contacts.text(lang)}</dt>
                <dd>{contacts}</dd>
                <dt>{T::ProfileCity.text(lang)}</dt>
                <dd>{profile.details.city.unwrap_or_default()}</dd>
                <dt>{T::ProfileChannel.text(lang)}</dt>
                <dd>{channel}</dd>
                <dt>{C::Consent.text(lang)}</dt>
                <dd>{consent_words}</dd>
            </dl>
        </section>
    }
}

/// The RFM class and the churn-risk reasons, each with its figures.
#[component]
pub fn ValueCard(lang: Lang, score: Option<Score>) -> impl IntoView {
    let body = match score {
        None => empty(C::NotScored, lang),
        Some(score) => {
            let reasons = score.reasons();
            let risks = if reasons.is_empty() {
                view! { <p>{C::NoRisk.text(lang)}</p> }.into_any()
            } else {
                let items = reasons.into_iter().map(|r| view! { <li>{reason_text(r, lang)}</li> }).collect_view();
                view! {
                    <h3>{C::Risks.text(lang)}</h3>
                    <ul class="risks">{items}</ul>
                }
                .into_any()
            };
            let recency =
                score.rfm.days_since_visit.map_or_else(|| C::NeverCame.text(lang).to_owned(), |d| d.to_string());
            view! {
                <dl>
                    <dt>{C::RfmClass.text(lang)}</dt>
                    <dd>
                        <strong>{rfm_class_name(score.class, lang)}</strong>
                    </dd>
                    <dt>{C::Recency.text(lang)}</dt>
                    <dd>{recency}</dd>
                    <dt>{C::Visits.text(lang)}</dt>
                    <dd>{score.rfm.visits}</dd>
                    <dt>{C::Spend.text(lang)}</dt>
                    <dd>{score.rfm.spend.to_string()}</dd>
                    <dt>{C::ScoredAt.text(lang)}</dt>
                    <dd>{china_time(score.computed_at.timestamp_millis())}</dd>
                </dl>
                {risks}
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="value-title">
            <h2 id="value-title">{C::Value.text(lang)}</h2>
            {body}
        </section>
    }
}

/// The named advisor, and for care the form that names one.
#[component]
pub fn AdvisorCard(
    lang: Lang,
    owner: i64,
    advisor: Option<NamedAdvisor>,
    advisors: Vec<(i64, String)>,
    names_advisors: bool,
) -> impl IntoView {
    let named = match advisor {
        Some(a) => format!("{} · {}", a.name, lang.pick(&a.dealer_zh, &a.dealer_en)),
        None => C::NoAdvisor.text(lang).to_owned(),
    };
    let form = (names_advisors && !advisors.is_empty()).then(|| {
        let options = advisors
            .into_iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
            .collect_view();
        view! {
            <form method="post" action=AssignOwnerAdvisor::url() class="inline-form">
                <input type="hidden" name="owner" value=owner.to_string() />
                <div class="field">
                    <label for="advisor">{T::StaffAdvisor.text(lang)}</label>
                    <select id="advisor" name="advisor">
                        {options}
                    </select>
                </div>
                <button type="submit" class="button">
                    {T::StaffAdvisorSave.text(lang)}
                </button>
            </form>
        }
    });
    view! {
        <section class="card" aria-labelledby="advisor-title">
            <h2 id="advisor-title">{C::Advisor.text(lang)}</h2>
            <p>{named}</p>
            {form}
        </section>
    }
}

#[component]
pub fn CarsCard(lang: Lang, cars: Vec<Lookup>) -> impl IntoView {
    let body = if cars.is_empty() {
        empty(C::NoCars, lang)
    } else {
        let items = cars
            .into_iter()
            .map(|car| {
                let until = car
                    .lines
                    .iter()
                    .filter_map(|l| match l.cover {
                        Cover::Covered { last_day, .. } => Some(last_day),
                        Cover::NotStarted | Cover::Expired { .. } => None,
                    })
                    .max();
                let warranty = match until {
                    Some(day) => format!("{} {day}", C::WarrantyUntil.text(lang)),
                    None => C::WarrantyNone.text(lang).to_owned(),
                };
                let recalls = car
                    .open_recalls()
                    .filter(|c| c.campaign.kind == CampaignKind::Recall)
                    .map(|c| format!("{} {}", c.campaign.code, c.campaign.title.pick(lang)))
                    .collect::<Vec<_>>();
                let recalls = if recalls.is_empty() {
                    C::NoOpenRecalls.text(lang).to_owned()
                } else {
                    format!("{}: {}", C::OpenRecalls.text(lang), recalls.join("; "))
                };
                let model = format!("{} {}", car.model_year, lang.pick(&car.model_zh, &car.model_en));
                view! {
                    <li>
                        <strong>{model}</strong>
                        " · "
                        <a href=format!("/staff/vehicles?vin={}", car.vin)>{car.vin.to_string()}</a>
                        <br />
                        {warranty}
                        " · "
                        {recalls}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="cars-title">
            <h2 id="cars-title">{C::Cars.text(lang)}</h2>
            {body}
        </section>
    }
}

fn booking_rows(lang: Lang, bookings: Vec<BookingLine>) -> AnyView {
    let rows = bookings
        .into_iter()
        .map(|b| {
            let stage = b.stage.map(|s| crate::booking::stage_name(s).text(lang)).unwrap_or_default();
            view! {
                <tr>
                    <td>{format!("#{}", b.id)}</td>
                    <td>{china_time(b.starts_at)}</td>
                    <td>
                        <Clip text=lang.pick(&b.dealer_zh, &b.dealer_en).to_owned() />
                    </td>
                    <td>{stage}</td>
                </tr>
            }
        })
        .collect_view();
    let columns = vec![
        col(C::ColNumber, Holds::Number, lang),
        col(C::ColWhen, Holds::When, lang),
        col(C::ColDealer, Holds::Name, lang),
        col(C::ColStatus, Holds::Status, lang),
    ];
    view! { <DataTable columns>{rows}</DataTable> }.into_any()
}

/// Bookings still open (booked, or the car at the dealer), soonest first,
/// then the past ones, newest first.
#[component]
pub fn BookingsCard(lang: Lang, bookings: Vec<BookingLine>) -> impl IntoView {
    let (mut next, past): (Vec<_>, Vec<_>) = bookings.into_iter().partition(|b| b.stage.is_some_and(|s| s.is_open()));
    next.reverse();
    let part = |title: C, list: Vec<BookingLine>| {
        let body = if list.is_empty() { empty(C::NoBookings, lang) } else { booking_rows(lang, list) };
        view! {
            <h3>{title.text(lang)}</h3>
            {body}
        }
    };
    view! {
        <section class="card" aria-labelledby="bookings-title">
            <h2 id="bookings-title">{C::Bookings.text(lang)}</h2>
            {part(C::NextBookings, next)}
            {part(C::PastBookings, past)}
        </section>
    }
}

#[component]
pub fn CasesCard(lang: Lang, cases: Vec<CaseLine>) -> impl IntoView {
    let body = if cases.is_empty() {
        empty(C::NoCases, lang)
    } else {
        let rows = cases
            .into_iter()
            .map(|c| {
                let breached =
                    c.breached.then(|| view! { <span class="badge badge-overdue">{C::Breached.text(lang)}</span> });
                view! {
                    <tr>
                        <td>
                            <a href=format!("/staff/cases/{}", c.id)>{format!("#{}", c.id)}</a>
                        </td>
                        <td>
                            <Clip text=format!("{} · {}", kind_name(c.kind).text(lang), c.title) />
                        </td>
                        <td>{status_name(c.status).text(lang)}</td>
                        <td>
                            <SlaClockBadge lang clock=c.sla />
                            {breached}
                        </td>
                        <td>{china_time(c.opened_at)}</td>
                    </tr>
                }
            })
            .collect_view();
        let columns = vec![
            col(C::ColNumber, Holds::Number, lang),
            col(C::ColWhat, Holds::Text, lang),
            col(C::ColStatus, Holds::Status, lang),
            col(C::ColSla, Holds::Status, lang),
            col(C::ColWhen, Holds::When, lang),
        ];
        view! { <DataTable columns>{rows}</DataTable> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="cases-title">
            <h2 id="cases-title">{C::Cases.text(lang)}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn SurveysCard(lang: Lang, surveys: Vec<SurveyLine>) -> impl IntoView {
    let body = if surveys.is_empty() {
        empty(C::NoSurveys, lang)
    } else {
        let rows = surveys
            .into_iter()
            .map(|s| {
                view! {
                    <tr>
                        <td>{china_time(s.answered_at)}</td>
                        <td>
                            <Clip text=lang.pick(&s.dealer_zh, &s.dealer_en).to_owned() />
                        </td>
                        <td>{scores(s.satisfaction, s.recommend, lang)}</td>
                        <td>
                            <Clip text=s.comment.unwrap_or_default() />
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let columns = vec![
            col(C::ColWhen, Holds::When, lang),
            col(C::ColDealer, Holds::Name, lang),
            col(C::Satisfaction, Holds::Phrase, lang),
            col(C::ColComment, Holds::Text, lang),
        ];
        view! { <DataTable columns>{rows}</DataTable> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="surveys-title">
            <h2 id="surveys-title">{C::Surveys.text(lang)}</h2>
            {body}
        </section>
    }
}

/// The owner's leads (test drives and trade-ins) and the friends they referred.
#[component]
pub fn LeadsCard(lang: Lang, leads: Vec<LeadLine>, referrals: Vec<ReferralLine>) -> impl IntoView {
    let body = if leads.is_empty() {
        empty(C::NoLeads, lang)
    } else {
        let rows = leads
            .into_iter()
            .map(|l| {
                let what = match l.trade_vin {
                    Some(vin) => format!("{} · {vin}", lead_kind(l.kind, lang)),
                    None => lead_kind(l.kind, lang).to_owned(),
                };
                view! {
                    <tr>
                        <td>{format!("#{}", l.id)}</td>
                        <td>
                            <Clip text=what />
                        </td>
                        <td>{lang.pick(&l.model_zh, &l.model_en).to_owned()}</td>
                        <td>{l.source.map(|s| source_name(s, lang)).unwrap_or_default()}</td>
                        <td>{lead_stage_name(l.stage, lang)}</td>
                        <td>{china_time(l.created_at)}</td>
                    </tr>
                }
            })
            .collect_view();
        let columns = vec![
            col(C::ColNumber, Holds::Number, lang),
            col(C::ColWhat, Holds::Phrase, lang),
            col(C::ColModel, Holds::Name, lang),
            col(C::ColSource, Holds::Phrase, lang),
            col(C::ColStatus, Holds::Status, lang),
            col(C::ColWhen, Holds::When, lang),
        ];
        view! { <DataTable columns>{rows}</DataTable> }.into_any()
    };
    let referred = if referrals.is_empty() {
        empty(C::NoReferrals, lang)
    } else {
        let items = referrals
            .into_iter()
            .map(|r| view! { <li>{format!("#{} · {}", r.lead, china_time(r.at))}</li> })
            .collect_view();
        view! { <ul class="plain">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="leads-title">
            <h2 id="leads-title">{C::Leads.text(lang)}</h2>
            {body}
            <h3>{C::Referrals.text(lang)}</h3>
            {referred}
        </section>
    }
}

#[component]
pub fn PointsCard(lang: Lang, points: Points) -> impl IntoView {
    let lines = if points.lines.is_empty() {
        empty(C::NoLedger, lang)
    } else {
        let items = points
            .lines
            .into_iter()
            .map(|l| {
                view! { <li>{format!("{} · {} {:+}", china_time(l.at), entry_name(l.kind, lang), l.amount)}</li> }
            })
            .collect_view();
        view! { <ul class="plain">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="points-title">
            <h2 id="points-title">{C::Points.text(lang)}</h2>
            <dl>
                <dt>{C::Balance.text(lang)}</dt>
                <dd>{points.balance}</dd>
                <dt>{C::Tier.text(lang)}</dt>
                <dd>{tier_name(points.tier, lang)}</dd>
            </dl>
            {lines}
        </section>
    }
}

#[component]
pub fn ClubCard(lang: Lang, club: ClubStanding) -> impl IntoView {
    let standing = if club.banned {
        C::Banned.text(lang).to_owned()
    } else if let Some(until) = club.suspended_until {
        format!("{} {}", C::SuspendedUntil.text(lang), china_time(until))
    } else {
        C::InGoodStanding.text(lang).to_owned()
    };
    view! {
        <section class="card" aria-labelledby="club-title">
            <h2 id="club-title">{C::Club.text(lang)}</h2>
            <p>{standing}</p>
            <dl>
                <dt>{C::Posts.text(lang)}</dt>
                <dd>{club.posts}</dd>
                <dt>{C::Comments.text(lang)}</dt>
                <dd>{club.comments}</dd>
                <dt>{C::Strikes.text(lang)}</dt>
                <dd>{club.strikes}</dd>
            </dl>
        </section>
    }
}
