//! The programme's administration (`/admin/loyalty`): earning rules and their
//! caps, the catalogue (new rewards, restock, withdraw), adjustments with a
//! reason, the owners earning far above the rest, and the ledger check.

use super::words::{points_text, reward_kind_name, rule_name, Y};
use super::RewardName;
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for_form, url_error, FormError};
use crate::i18n::{Lang, T};
use crate::layout::{fetched, Figure};
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use pitlane::account::Role;
use pitlane::loyalty::views::{LoyaltyAdmin, Reward};
use pitlane::loyalty::{RewardKind, RuleConfig};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "loyalty_programme")]
pub async fn loyalty_programme() -> Result<LoyaltyAdmin, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        Ok(pitlane::loyalty::store::admin_page(&state.db, &*state.clock).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "save_loyalty_rule")]
pub async fn save_loyalty_rule(
    rule: String,
    points: String,
    minimum: String,
    daily_cap: String,
    monthly_cap: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_admin)?;
        let state = state()?;
        let config = RuleConfig::parse(&rule, &points, &minimum, &daily_cap, &monthly_cap, active.is_some())?;
        pitlane::loyalty::store::save_rule(&state.db, &*state.clock, user.id, config).await?;
        redirect("/admin/loyalty?saved=1");
        Ok(())
    })
    .await
}

pub use new_reward::{add_reward, AddReward};

// One argument per form field; the allowance sits on a module because
// server_fn_macro 0.8.12 leaves lint attributes off the browser's stub (leptos#4597).
#[allow(clippy::too_many_arguments)]
mod new_reward {
    use super::*;

    #[server(prefix = "/api", endpoint = "add_reward")]
    pub async fn add_reward(
        kind: String,
        name_zh: String,
        name_en: String,
        points: String,
        cash: String,
        stock: String,
        per_owner_limit: String,
        valid_days: String,
    ) -> Result<(), AppError> {
        use crate::auth::ssr::{redirect, require, respond, state};
        respond(async move {
            require(Role::is_admin)?;
            let state = state()?;
            let reward = pitlane::loyalty::NewReward::parse(
                &kind,
                &name_zh,
                &name_en,
                &points,
                &cash,
                &stock,
                &per_owner_limit,
                &valid_days,
            )?;
            pitlane::loyalty::store::add_reward(&state.db, &*state.clock, reward).await?;
            redirect("/admin/loyalty?saved=1");
            Ok(())
        })
        .await
    }
}

#[server(prefix = "/api", endpoint = "set_reward")]
pub async fn set_reward(id: i64, stock: String, active: Option<String>) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        let stock = stock.trim().parse::<i64>().map_err(|_| AppError::invalid(Field::Capacity, Problem::OutOfRange))?;
        pitlane::loyalty::store::set_reward(&state.db, id, stock, active.is_some()).await?;
        redirect("/admin/loyalty?saved=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "adjust_points")]
pub async fn adjust_points(owner: String, amount: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_admin)?;
        let state = state()?;
        let adjustment = pitlane::loyalty::Adjustment::parse(&owner, &amount, &reason)?;
        pitlane::loyalty::store::adjust(&state.db, &*state.clock, user.id, adjustment).await?;
        redirect("/admin/loyalty?saved=1");
        Ok(())
    })
    .await
}

#[component]
pub fn LoyaltyAdminPage() -> impl IntoView {
    let lang = visitor().lang;
    let saved = leptos_router::hooks::use_query_map().get_untracked().get("saved").is_some();
    let error = url_error::<SaveLoyaltyRule>()
        .or_else(url_error::<AddReward>)
        .or_else(url_error::<SetReward>)
        .or_else(url_error::<AdjustPoints>);
    view! {
        <RequireRole allow=Role::is_admin>
            <h1>{Y::AdminTitle.text(lang)}</h1>
            {saved
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            {Y::AdminSaved.text(lang)}
                        </p>
                    }
                })}
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            {fetched(lang, loyalty_programme, move |admin| view! { <Admin lang admin /> })}
        </RequireRole>
    }
}

#[component]
fn Admin(lang: Lang, admin: LoyaltyAdmin) -> impl IntoView {
    let LoyaltyAdmin { rules, rewards, outliers, mismatches } = admin;
    view! {
        <ul class="figures">
            <Figure value=mismatches label=Y::AdminMismatches.text(lang) alert=has_any(mismatches) />
        </ul>
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">{Y::AdminRules.text(lang)}</h2>
            {rules.into_iter().map(|rule| view! { <RuleForm lang rule /> }).collect_view()}
        </section>
        <section aria-labelledby="rewards-title">
            <h2 id="rewards-title">{Y::AdminRewards.text(lang)}</h2>
            {rewards.into_iter().map(|reward| view! { <RewardRow lang reward /> }).collect_view()}
            <NewRewardForm lang />
        </section>
        <AdjustForm lang />
        <section aria-labelledby="outliers-title">
            <h2 id="outliers-title">{Y::AdminOutliers.text(lang)}</h2>
            {if outliers.is_empty() {
                view! { <p class="empty card">{Y::AdminOutliersEmpty.text(lang)}</p> }.into_any()
            } else {
                let columns = vec![
                    Col::new(T::CaseOwner.text(lang), Holds::Text),
                    Col::new(Y::AdminEarned30d.text(lang), Holds::Number),
                ];
                view! {
                    <DataTable columns>
                        {outliers
                            .into_iter()
                            .map(|o| {
                                view! {
                                    <tr>
                                        <td>
                                            <Clip text=o.name href=format!("/staff/owners/{}", o.owner) />
                                        </td>
                                        <td class="num">{o.earned_30d}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
    }
}

fn has_any(n: i64) -> bool {
    n > 0
}

fn cap(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
fn RuleForm(lang: Lang, rule: RuleConfig) -> impl IntoView {
    let id = |field: &str| format!("{}-{field}", rule.rule.as_str());
    view! {
        <form method="post" action=SaveLoyaltyRule::url() class="card rule-form">
            <fieldset>
                <legend>{rule_name(rule.rule, lang)}</legend>
                <input type="hidden" name="rule" value=rule.rule.as_str() />
                <label for=id("points")>{Y::AdminPointsEach.text(lang)}</label>
                <input id=id("points") name="points" type="number" min="0" value=rule.points.to_string() required />
                <label for=id("minimum")>{Y::AdminMinimum.text(lang)}</label>
                <input id=id("minimum") name="minimum" type="number" min="0" value=rule.minimum.to_string() />
                <label for=id("daily")>{Y::AdminDailyCap.text(lang)}</label>
                <input id=id("daily") name="daily_cap" type="number" min="1" value=cap(rule.daily_cap) />
                <label for=id("monthly")>{Y::AdminMonthlyCap.text(lang)}</label>
                <input id=id("monthly") name="monthly_cap" type="number" min="1" value=cap(rule.monthly_cap) />
                <label class="check">
                    <input type="checkbox" name="active" value="yes" checked=rule.active />
                    " "
                    {Y::AdminActive.text(lang)}
                </label>
                <button type="submit" class="button small">
                    {Y::AdminSave.text(lang)}
                </button>
            </fieldset>
        </form>
    }
}

#[component]
fn RewardRow(lang: Lang, reward: Reward) -> impl IntoView {
    let id = format!("stock-{}", reward.id);
    let name = format!("{} · {}", lang.pick(&reward.name_zh, &reward.name_en), points_text(reward.points, lang));
    view! {
        <form method="post" action=SetReward::url() class="card rule-form">
            <input type="hidden" name="id" value=reward.id />
            <RewardName lang kind=reward.kind name=name />
            <p class="meta">{Y::AdminStock.text(lang)} ": " {reward.stock}</p>
            <label for=id.clone()>{Y::AdminRestock.text(lang)}</label>
            <input id=id name="stock" type="number" value="0" />
            <label class="check">
                <input type="checkbox" name="active" value="yes" checked=reward.active />
                " "
                {Y::AdminActive.text(lang)}
            </label>
            <button type="submit" class="button small">
                {Y::AdminSave.text(lang)}
            </button>
        </form>
    }
}

#[component]
fn NewRewardForm(lang: Lang) -> impl IntoView {
    let fields = [
        ("name_zh", Y::AdminNameZh, "text"),
        ("name_en", Y::AdminNameEn, "text"),
        ("points", Y::AdminPrice, "number"),
        ("cash", Y::AdminCash, "text"),
        ("stock", Y::AdminStock, "number"),
        ("per_owner_limit", Y::AdminLimit, "number"),
        ("valid_days", Y::AdminValidDays, "number"),
    ];
    view! {
        <form method="post" action=AddReward::url() class="card stack">
            <fieldset>
                <legend>{Y::AdminNewReward.text(lang)}</legend>
                <div class="field">
                    <label for="reward-kind">{Y::AdminKind.text(lang)}</label>
                    <select id="reward-kind" name="kind">
                        {RewardKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.as_str()>{reward_kind_name(*k, lang)}</option> })
                            .collect_view()}
                    </select>
                </div>
                {fields
                    .into_iter()
                    .map(|(name, label, kind)| {
                        let id = format!("reward-{name}");
                        view! {
                            <div class="field">
                                <label for=id.clone()>{label.text(lang)}</label>
                                <input id=id name=name type=kind required=name != "cash" />
                            </div>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="button">
                    {Y::AdminAdd.text(lang)}
                </button>
            </fieldset>
        </form>
    }
}

#[component]
fn AdjustForm(lang: Lang) -> impl IntoView {
    let error = url_error::<AdjustPoints>();
    view! {
        <form method="post" action=AdjustPoints::url() class="card stack">
            <fieldset>
                <legend>{Y::AdminAdjust.text(lang)}</legend>
                <FormError message=error_for_form(&error, lang) />
                <div class="field">
                    <label for="adjust-owner">{Y::AdminOwnerId.text(lang)}</label>
                    <input id="adjust-owner" name="owner" type="number" min="1" required />
                </div>
                <div class="field">
                    <label for="adjust-amount">{Y::AdminAmount.text(lang)}</label>
                    <input id="adjust-amount" name="amount" type="number" required />
                </div>
                <div class="field">
                    <label for="adjust-reason">{Y::AdminReason.text(lang)}</label>
                    <input id="adjust-reason" name="reason" type="text" maxlength="200" required />
                </div>
                <button type="submit" class="button">
                    {Y::AdminAdjust.text(lang)}
                </button>
            </fieldset>
        </form>
    }
}
