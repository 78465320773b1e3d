//! Owners are prospects too: their referral code and link, and a trade-in
//! offer asked for from one of their cars.

use super::words::{request_state_name, L};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, Lang};
use crate::layout::{fetched, loaded, Figure};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pitlane::error::Field;
use pitlane::lead::views::Referral;
use pitlane::lead::views::TradeInPage;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "my_referral")]
pub async fn my_referral() -> Result<Referral, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(pitlane::account::Role::may_refer)?;
        let state = state()?;
        Ok(pitlane::lead::store::my_referral(&state.db, user.id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "trade_in_choices")]
pub async fn trade_in_choices(vin: String) -> Result<TradeInPage, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::lead::store::trade_in_page(&state.db, user.id, &vin).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "request_trade_in")]
pub async fn request_trade_in(vin: String, model: String, dealer: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, visitor) = require(|_| true)?;
        let state = state()?;
        let ask = pitlane::lead::TradeInAsk::parse(&vin, &model, &dealer)?;
        let token =
            pitlane::lead::store::request_trade_in(&state.db, &*state.clock, user.id, ask, visitor.lang.tag()).await?;
        redirect(&format!("/test-drive/status/{token}?new=1"));
        Ok(())
    })
    .await
}

#[component]
pub fn ReferralPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{L::ReferralTitle.text(lang)}</h1>
            <p class="lead">{L::ReferralIntro.text(lang)}</p>
            {loaded(
                lang,
                my_referral,
                move |r: Referral| {
                    let link = format!("/test-drive?referral={}", r.code);
                    view! {
                        <section class="card">
                            <dl>
                                <dt>{L::ReferralCode.text(lang)}</dt>
                                <dd class="referral-code">{r.code.clone()}</dd>
                                <dt>{L::ReferralLink.text(lang)}</dt>
                                <dd>
                                    <a href=link.clone()>{link.clone()}</a>
                                </dd>
                            </dl>
                        </section>
                        <ul class="figures">
                            <Figure value=r.requests label=L::ReferralRequests.text(lang) />
                            <Figure value=r.credited label=L::ReferralCredited.text(lang) />
                        </ul>
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
pub fn TradeInPageView() -> impl IntoView {
    let lang = visitor().lang;
    let vin = use_params_map().get_untracked().get("vin").unwrap_or_default();
    view! {
        <RequireRole allow=|_| {
            true
        }>
            {fetched(lang, move || trade_in_choices(vin.clone()), move |page| view! { <TradeIn lang page /> })}
        </RequireRole>
    }
}

#[component]
fn TradeIn(lang: Lang, page: TradeInPage) -> impl IntoView {
    let TradeInPage { vin, model_zh, model_en, requests, models, dealers } = page;
    let error = url_error::<RequestTradeIn>();
    view! {
        <p>
            <a href=format!("/me/garage/{vin}")>{lang.pick(&model_zh, &model_en).to_owned()} " · " {vin.clone()}</a>
        </p>
        <h1>{L::TradeInTitle.text(lang)}</h1>
        <p class="lead">{L::TradeInIntro.text(lang)}</p>
        <section class="card">
            <FormError message=error_for_form(&error, lang) />
            <BusyForm action=RequestTradeIn::url().to_owned()>
                <input type="hidden" name="vin" value=vin.clone() />
                <div class="field">
                    <label for="model">{L::DriveModel.text(lang)}</label>
                    <select id="model" name="model" required>
                        {models
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m
                                        .id
                                        .to_string()>{lang.pick(&m.name_zh, &m.name_en).to_owned()}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Model, lang)}
                    </p>
                </div>
                <div class="field">
                    <label for="dealer">{L::StatusDealer.text(lang)}</label>
                    <select id="dealer" name="dealer" required>
                        {dealers
                            .into_iter()
                            .map(|d| {
                                let label = format!(
                                    "{} · {}",
                                    lang.pick(&d.city_zh, &d.city_en),
                                    lang.pick(&d.name_zh, &d.name_en),
                                );
                                view! { <option value=d.id.to_string()>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Dealer, lang)}
                    </p>
                </div>
                <p class="field-error" role="alert">
                    {error_for(&error, Field::Mobile, lang)}
                </p>
                <SubmitButton label=L::TradeInSend.text(lang) busy_label=L::TradeInSending.text(lang) />
            </BusyForm>
        </section>
        {(!requests.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="mine-title">
                        <h2 id="mine-title">{L::TradeInMine.text(lang)}</h2>
                        <ul class="posts">
                            {requests
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <li class="card">
                                            {lang.pick(&r.model_zh, &r.model_en).to_owned()} " · "
                                            {lang.pick(&r.dealer_zh, &r.dealer_en).to_owned()} " · "
                                            {china_time(r.created_at)} " "
                                            <span class="badge">{request_state_name(r.stage, lang)}</span> " "
                                            <a href=format!(
                                                "/test-drive/status/{}",
                                                r.status_token,
                                            )>{L::TradeInFollow.text(lang)}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
}
