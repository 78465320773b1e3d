//! Loyalty, the owner's side (`/rewards`): balance, tier and progress, points
//! expiring soon, a year of earning as a chart, the history, the catalogue
//! (redeem for a voucher with its QR) and the vouchers. The dealer's counter
//! is in `counter`, the programme's administration in `admin`.

use crate::auth::{visitor, RequireRole};
use crate::confirm::Confirm;
use crate::error::AppError;
use crate::form::{error_for_form, url_error, FormError};
use crate::i18n::{china_time, Lang};
use crate::layout::{fetched, Figure};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::loyalty::views::{Entry, Reward, RewardsPage, Voucher};
use pitlane::loyalty::EntryKind;
use pitlane::types::Money;
use serde::{Deserialize, Serialize};
use server_fn::ServerFn;
use words::{
    entry_name, points_text, redeem_consequence, reward_kind_name, rule_name, tier_benefits, tier_name,
    voucher_status_name, Y,
};

pub mod admin;
pub mod counter;
pub mod words;

/// The page's data and, for each voucher still to use, its code as a QR picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardsView {
    pub page: RewardsPage,
    pub qr: Vec<(String, String)>,
}

/// A voucher's code as a QR picture (SVG) the counter can scan.
#[cfg(feature = "ssr")]
pub(crate) fn qr_svg(text: &str) -> Result<String, AppError> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(|_| AppError::Internal)?;
    Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build())
}

#[server(prefix = "/api", endpoint = "my_rewards")]
pub async fn my_rewards(kind: String) -> Result<RewardsView, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let kind = EntryKind::parse(&kind);
        let page = pitlane::loyalty::store::rewards_page(&state.db, &*state.clock, user.id, kind).await?;
        let qr = page
            .vouchers
            .iter()
            .filter(|v| v.status == pitlane::loyalty::VoucherStatus::Issued)
            .map(|v| Ok((v.code.clone(), qr_svg(&v.code)?)))
            .collect::<Result<_, AppError>>()?;
        Ok(RewardsView { page, qr })
    })
    .await
}

/// Redeems a reward; a second submit of the same form answers with the same voucher.
#[server(prefix = "/api", endpoint = "redeem_reward")]
pub async fn redeem_reward(reward: i64, idempotency_key: String) -> Result<String, AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let code = pitlane::loyalty::store::redeem(&state.db, &*state.clock, user.id, reward, &idempotency_key).await?;
        redirect(&format!("/rewards?voucher={code}"));
        Ok(code)
    })
    .await
}

#[component]
pub fn RewardsPageView() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let kind = query.get("kind").unwrap_or_default();
    let kind_shown = kind.clone();
    let fresh = query.get("voucher");
    view! {
        <RequireRole allow=|_| true>
            <h1>{Y::RewardsTitle.text(lang)}</h1>
            <p class="lead">{Y::RewardsIntro.text(lang)}</p>
            {fresh
                .map(|_| {
                    view! {
                        <p class="notice" role="status">
                            {Y::Redeemed.text(lang)}
                        </p>
                    }
                })}
            {fetched(
                lang,
                move || my_rewards(kind.clone()),
                move |view| view! { <Rewards lang view kind=kind_shown.clone() /> },
            )}
        </RequireRole>
    }
}

#[component]
fn Rewards(lang: Lang, view: RewardsView, kind: String) -> impl IntoView {
    let RewardsView { page, qr } = view;
    let RewardsPage { balance, tier, earned_12m, next, expiring, expiring_first, months, history, catalogue, vouchers } =
        page;
    let progress = next.map(|(next, left)| {
        let span = (next.threshold() - tier.threshold()).max(1);
        let done = (earned_12m - tier.threshold()).clamp(0, span);
        (next, left, done * 100 / span)
    });
    view! {
        <ul class="figures">
            <Figure value=balance label=Y::Balance.text(lang) />
            <Figure value=earned_12m label=Y::Earned12m.text(lang) />
            <Figure value=expiring label=Y::Expiring.text(lang) alert=expiring_soon(expiring) />
        </ul>
        {expiring_first.map(|at| view! { <p class="meta">{Y::ExpiringFirst.text(lang)} " " {china_time(at)}</p> })}
        <section class="card" aria-labelledby="tier-title">
            <h2 id="tier-title">{Y::TierLabel.text(lang)} ": " {tier_name(tier, lang)}</h2>
            <p>{tier_benefits(tier, lang)}</p>
            {match progress {
                Some((next, left, percent)) => {
                    view! {
                        <p>{Y::ToNext.text(lang)} " (" {tier_name(next, lang)} "): " <strong>{left}</strong></p>
                        <progress max="100" value=percent.to_string() aria-label=Y::ToNext.text(lang)>
                            {percent}
                            "%"
                        </progress>
                    }
                        .into_any()
                }
                None => view! { <p>{Y::TopTier.text(lang)}</p> }.into_any(),
            }}
        </section>
        <MonthsChart lang months />
        <Catalogue lang catalogue balance />
        <Vouchers lang vouchers qr />
        <HistoryList lang history kind />
    }
}

fn expiring_soon(points: i64) -> bool {
    points > 0
}

/// The chart's baseline, in its own units: bars stand on it, month labels sit below.
const BASELINE: f64 = 110.0;

/// A bar's height for `points` when the best month reaches 100; none for a
/// month without points (a bar of height 0 would still be painted by CSS).
fn bar_height(points: i64, top: i64) -> Option<f64> {
    (points > 0).then(|| ((points * 100 / top.max(1)) as f64).max(2.0))
}

/// Twelve bars, one per month, with the numbers in a table for screen readers.
/// A month without points draws a hairline on the baseline, never a bar.
#[component]
fn MonthsChart(lang: Lang, months: Vec<(String, i64)>) -> impl IntoView {
    let top = months.iter().map(|(_, p)| *p).max().unwrap_or(0).max(1);
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, (month, points))| {
            let x = i as f64 * 25.0 + 4.0;
            let (height, class) = match bar_height(*points, top) {
                Some(height) => (height, "chart-bar"),
                None => (1.0, "chart-zero"),
            };
            view! {
                <rect
                    x=x.to_string()
                    y=(BASELINE - height).to_string()
                    width="18"
                    height=height.to_string()
                    class=class
                >
                    <title>{format!("{month}: {}", points_text(*points, lang))}</title>
                </rect>
                <text x=(x + 9.0).to_string() y="126" text-anchor="middle" class="chart-axis">
                    {month.get(5..).unwrap_or(month).to_owned()}
                </text>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="chart-title">
            <h2 id="chart-title">{Y::ChartTitle.text(lang)}</h2>
            <svg viewBox="0 0 304 132" class="chart" role="img" aria-labelledby="chart-title">
                {bars}
            </svg>
            <details>
                <summary>{Y::Month.text(lang)} " / " {Y::Points.text(lang)}</summary>
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{Y::Month.text(lang)}</th>
                            <th scope="col">{Y::Points.text(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {months
                            .into_iter()
                            .map(|(month, points)| {
                                view! {
                                    <tr>
                                        <td>{month}</td>
                                        <td>{points}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
fn Catalogue(lang: Lang, catalogue: Vec<Reward>, balance: i64) -> impl IntoView {
    let error = url_error::<RedeemReward>();
    view! {
        <section aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{Y::Catalogue.text(lang)}</h2>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            {if catalogue.is_empty() {
                view! { <p class="empty card">{Y::CatalogueEmpty.text(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rewards plain">
                        {catalogue
                            .into_iter()
                            .map(|reward| view! { <RewardCard lang reward balance /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn RewardCard(lang: Lang, reward: Reward, balance: i64) -> impl IntoView {
    let affordable = balance >= reward.points && reward.stock > 0;
    let name = lang.pick(&reward.name_zh, &reward.name_en).to_owned();
    let cash = (reward.cash_fen > 0).then(|| Money::from_fen(reward.cash_fen).to_string());
    let consequence = redeem_consequence(&name, reward.points, cash.as_deref(), balance - reward.points, lang);
    // One key per rendering of the form: a double submit is one redemption.
    let key = format!("{}-{}", reward.id, chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
    view! {
        <li class="card reward">
            <RewardName lang kind=reward.kind name />
            <p>
                <strong>{points_text(reward.points, lang)}</strong>
                {cash.map(|cash| format!(" · {} {cash}", Y::PlusCash.text(lang)))}
            </p>
            <p class="meta">
                {reward.stock} " " {Y::Stock.text(lang)} " · " {Y::PerOwner.text(lang)} " " {reward.per_owner_limit}
            </p>
            {affordable
                .then(|| {
                    view! {
                        <Confirm
                            lang
                            action=RedeemReward::url()
                            ask=Y::Redeem.text(lang)
                            consequence
                            confirm=Y::RedeemConfirm.text(lang)
                            back="/rewards"
                        >
                            <input type="hidden" name="reward" value=reward.id />
                            <input type="hidden" name="idempotency_key" value=key />
                        </Confirm>
                    }
                })}
        </li>
    }
}

/// A reward's name after its kind, on the owner's cards and the admin's rows.
#[component]
pub fn RewardName(lang: Lang, kind: pitlane::loyalty::RewardKind, name: String) -> impl IntoView {
    view! {
        <p class="post-title">
            <span class="badge">{reward_kind_name(kind, lang)}</span>
            " "
            {name}
        </p>
    }
}

#[component]
fn Vouchers(lang: Lang, vouchers: Vec<Voucher>, qr: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section aria-labelledby="vouchers-title">
            <h2 id="vouchers-title">{Y::MyVouchers.text(lang)}</h2>
            {if vouchers.is_empty() {
                view! { <p class="empty card">{Y::VouchersEmpty.text(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rewards plain">
                        {vouchers
                            .into_iter()
                            .map(|v| {
                                let picture = qr.iter().find(|(code, _)| *code == v.code).map(|(_, svg)| svg.clone());
                                view! {
                                    <li class="card voucher">
                                        <p class="post-title">
                                            {lang.pick(&v.reward_zh, &v.reward_en).to_owned()} " "
                                            <span class="badge">{voucher_status_name(v.status, lang)}</span>
                                        </p>
                                        <p class="referral-code">{v.code.clone()}</p>
                                        {picture.map(|svg| view! { <div class="qr" inner_html=svg></div> })}
                                        <p class="meta">{Y::ValidUntil.text(lang)} " " {china_time(v.valid_until)}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn HistoryList(lang: Lang, history: Vec<Entry>, kind: String) -> impl IntoView {
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">{Y::History.text(lang)}</h2>
            <form method="get" action="/rewards" class="inline">
                <label for="kind">{Y::Filter.text(lang)}</label>
                " "
                <select id="kind" name="kind">
                    <option value="">{Y::AllKinds.text(lang)}</option>
                    {EntryKind::ALL
                        .iter()
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=kind == k.as_str()>
                                    {entry_name(*k, lang)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                " "
                <button type="submit" class="button small">
                    {Y::Filter.text(lang)}
                </button>
            </form>
            {if history.is_empty() {
                view! { <p class="empty card">{Y::HistoryEmpty.text(lang)}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <tbody>
                            {history
                                .into_iter()
                                .map(|e| {
                                    let what = e.rule.map_or(entry_name(e.kind, lang), |r| rule_name(r, lang));
                                    view! {
                                        <tr>
                                            <td>{china_time(e.created_at)}</td>
                                            <td>{what} {e.reason.map(|r| format!(" · {r}"))}</td>
                                            <td class="num">{format!("{:+}", e.amount)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}
