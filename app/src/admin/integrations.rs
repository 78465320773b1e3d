//! The integrations desk (`/admin/integrations`, admins): the API keys other
//! systems call with (made here or on the command line, shown once, revoked at
//! once) and the webhooks they subscribed, each with its recent deliveries, a
//! way to send one again and, for a paused one, to take it back.

use crate::auth::{visitor, RequireRole};
use crate::confirm::Confirm;
use crate::error::AppError;
use crate::form::{error_for, kept_value, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{catalogue, china_time, Lang};
use crate::layout::loaded;
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::error::Field;
use pitlane::integration::desk::{DealerChoice, Desk, HookLine, KeyLine};
use pitlane::integration::Scope;
use server_fn::ServerFn;

catalogue! {
    /// The integrations desk's words.
    I
    Title { zh: "系统对接", en: "Integrations" }
    Intro { zh: "经销商 DMS、呼叫中心和品牌 ERP 用接口密钥调用门户的接口，并可订阅事件推送。", en: "The dealers' DMS, the call centre and the brand's ERP call the portal's API with a key, and may subscribe to its events." }
    Docs { zh: "接口文档", en: "The API reference" }
    Keys { zh: "接口密钥", en: "API keys" }
    NoKeys { zh: "还没有接口密钥。", en: "No API keys yet." }
    ColName { zh: "用途", en: "For" }
    ColKey { zh: "密钥", en: "Key" }
    ColScopes { zh: "权限范围", en: "Scopes" }
    ColDealer { zh: "经销商", en: "Dealer" }
    ColLastUsed { zh: "最近使用", en: "Last used" }
    ColState { zh: "状态", en: "State" }
    BrandWide { zh: "全品牌", en: "Brand-wide" }
    Never { zh: "从未", en: "Never" }
    Live { zh: "有效", en: "Live" }
    Revoked { zh: "已吊销", en: "Revoked" }
    Revoke { zh: "吊销", en: "Revoke" }
    RevokeConsequence { zh: "使用这个密钥的系统从下一次调用起即被拒绝；吊销后不能恢复。", en: "Systems using this key are refused from their next call; a revoked key cannot be restored." }
    RevokeConfirm { zh: "吊销密钥", en: "Revoke the key" }
    KeyRevoked { zh: "密钥已吊销。", en: "Key revoked." }
    NewKey { zh: "新建密钥", en: "New key" }
    KeyName { zh: "用途名称（如“上海浦东 DMS”）", en: "What it is for (such as “Shanghai DMS”)" }
    Scopes { zh: "权限范围（至少一项）", en: "Scopes (at least one)" }
    BoundTo { zh: "可访问的数据", en: "Whose data" }
    CreateKey { zh: "创建密钥", en: "Create key" }
    Creating { zh: "正在创建…", en: "Creating…" }
    Secret { zh: "新的密钥", en: "The new secret" }
    ShownOnce { zh: "请现在复制并妥善保存：它只显示这一次，门户不保存原文。", en: "Copy it now and keep it safe: it is shown this once, and the portal keeps no copy." }
    Hooks { zh: "事件推送（Webhook）", en: "Webhooks" }
    NoHooks { zh: "还没有订阅事件推送的地址。", en: "No webhooks yet." }
    WithKey { zh: "所用密钥", en: "Key" }
    AllEvents { zh: "全部事件", en: "All events" }
    FailingSince { zh: "投递失败，始于", en: "Failing since" }
    PausedSince { zh: "已暂停，始于", en: "Paused since" }
    Resume { zh: "恢复推送", en: "Resume" }
    Resumed { zh: "推送已恢复：积压的事件按先后送出。", en: "Resumed: what waited is sent, oldest first." }
    NoDeliveries { zh: "还没有投递。", en: "Nothing delivered yet." }
    ColWhen { zh: "时间", en: "When" }
    ColEvent { zh: "事件", en: "Event" }
    ColDelivery { zh: "投递", en: "Delivery" }
    ColAnswer { zh: "对方应答", en: "Answer" }
    Delivered { zh: "已送达", en: "Delivered" }
    Retrying { zh: "等待重试", en: "Retrying" }
    Redeliver { zh: "重新投递", en: "Redeliver" }
    Redelivered { zh: "已安排重新投递。", en: "Queued to be delivered again." }
    NewHook { zh: "订阅事件推送", en: "New webhook" }
    HookUrl { zh: "接收地址（https://…）", en: "Endpoint (https://…)" }
    HookEvents { zh: "只推送这些事件（都不选：全部）", en: "Only these events (none ticked: all)" }
    Subscribe { zh: "订阅", en: "Subscribe" }
    Subscribing { zh: "正在订阅…", en: "Subscribing…" }
    NeedsEventKey { zh: "先新建一个带 events:read 权限的密钥，推送以它的名义订阅。", en: "First make a key with the events:read scope: the webhook is subscribed in its name." }
}

#[server(prefix = "/api", endpoint = "integrations_desk")]
pub async fn integrations_desk(shown: String) -> Result<Desk, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (admin, _) = require(Role::is_admin)?;
        let state = state()?;
        Ok(pitlane::integration::desk::store::desk(&state.db, state.clock.now(), admin.id, &shown).await?)
    })
    .await
}

/// Makes a key and sends the admin back to the desk, which shows it once.
#[server(prefix = "/api", endpoint = "create_api_key")]
pub async fn create_api_key(name: String, scopes: Option<Vec<String>>, dealer: String) -> Result<(), AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::integration::{store, KeyName, Scopes};
    respond(async move {
        let (admin, _) = require(Role::is_admin)?;
        let state = state()?;
        let name = KeyName::parse(&name).map_err(|e| e.field_error())?;
        let scopes = Scopes::parse(&scopes.unwrap_or_default().join(",")).map_err(|e| e.field_error())?;
        let dealer = match dealer.trim() {
            "" => None,
            raw => Some(pitlane::error::choice_id(Field::Dealer, raw)?),
        };
        let now = state.clock.now();
        let new = store::NewKey { name, scopes, dealer, by: Some(admin.id) };
        let (_, secret) = store::create(&state.db, now, new).await?;
        show_once(&state, admin.id, secret.expose()).await
    })
    .await
}

#[cfg(feature = "ssr")]
async fn show_once(state: &crate::state::AppState, admin: i64, secret: &str) -> Result<(), AppError> {
    let token = pitlane::integration::desk::store::hold(&state.db, state.clock.now(), admin, secret).await?;
    crate::auth::ssr::redirect(&format!("/admin/integrations?shown={token}#shown"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (admin, _) = require(Role::is_admin)?;
        let state = state()?;
        pitlane::integration::store::revoke(&state.db, state.clock.now(), id, Some(admin.id)).await?;
        redirect("/admin/integrations?saved=revoked");
        Ok(())
    })
    .await
}

/// Subscribes an endpoint in the name of a live key that reads events; its
/// signing secret is shown once.
#[server(prefix = "/api", endpoint = "create_webhook")]
pub async fn create_webhook(key: i64, url: String, events: Option<Vec<String>>) -> Result<(), AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::integration::webhook::{store, Subscription};
    respond(async move {
        let (admin, _) = require(Role::is_admin)?;
        let state = state()?;
        let key = pitlane::integration::store::list(&state.db)
            .await?
            .into_iter()
            .find(|k| k.id == key && k.revoked_at.is_none() && k.scopes.contains(Scope::EventsRead))
            .ok_or_else(|| AppError::invalid(Field::ApiKey, pitlane::error::Problem::UnknownChoice))?;
        let types: Vec<&str> = events.iter().flatten().map(String::as_str).collect();
        let subscription = Subscription::parse(&url, &types)
            .map_err(|faults| faults.first().map_or(AppError::Internal, |f| f.field_error().into()))?;
        let (_, secret) = store::create(&state.db, state.clock.now(), &key, &subscription).await?;
        show_once(&state, admin.id, &secret).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "redeliver_webhook")]
pub async fn redeliver_webhook(webhook: i64, delivery: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::integration::webhook::store;
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        let hook = store::find_any(&state.db, webhook).await?.ok_or(AppError::NotFound)?;
        if !store::redeliver(&state.db, state.clock.now(), &hook, delivery).await? {
            return Err(AppError::NotFound);
        }
        redirect(&format!("/admin/integrations?saved=redelivered#hook-{webhook}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "resume_webhook")]
pub async fn resume_webhook(webhook: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::integration::webhook::store;
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        let hook = store::find_any(&state.db, webhook).await?.ok_or(AppError::NotFound)?;
        store::resume(&state.db, state.clock.now(), &hook).await?;
        redirect(&format!("/admin/integrations?saved=resumed#hook-{webhook}"));
        Ok(())
    })
    .await
}

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let shown = query.get("shown").unwrap_or_default();
    let saved = match query.get_str("saved") {
        Some("revoked") => Some(I::KeyRevoked),
        Some("redelivered") => Some(I::Redelivered),
        Some("resumed") => Some(I::Resumed),
        _ => None,
    };
    let error = url_error::<RevokeApiKey>().or_else(url_error::<RedeliverWebhook>).or_else(url_error::<ResumeWebhook>);
    view! {
        <RequireRole allow=Role::is_admin>
            <h1>{I::Title.text(lang)}</h1>
            <p>{I::Intro.text(lang)} " " <a href="/api/v1/docs">{I::Docs.text(lang)}</a></p>
            {saved
                .map(|s| {
                    view! {
                        <p class="notice" role="status">
                            {s.text(lang)}
                        </p>
                    }
                })}
            <FormError message=error.map(|e| e.text(lang)) />
            {loaded(
                lang,
                move || integrations_desk(shown.clone()),
                move |desk: Desk| {
                    let readers: Vec<KeyLine> = desk
                        .keys
                        .iter()
                        .filter(|k| k.revoked_at.is_none() && k.scopes.iter().any(|s| s == Scope::EventsRead.as_str()))
                        .cloned()
                        .collect();
                    view! {
                        {desk.shown.map(|secret| view! { <ShownOnce lang secret /> })}
                        <section class="card stack" aria-labelledby="keys-title">
                            <h2 id="keys-title">{I::Keys.text(lang)}</h2>
                            <KeyTable lang keys=desk.keys />
                            <NewKeyForm lang dealers=desk.dealers />
                        </section>
                        <section class="card stack" aria-labelledby="hooks-title">
                            <h2 id="hooks-title">{I::Hooks.text(lang)}</h2>
                            {if desk.hooks.is_empty() {
                                view! { <p class="empty">{I::NoHooks.text(lang)}</p> }.into_any()
                            } else {
                                desk.hooks
                                    .into_iter()
                                    .map(|hook| view! { <Hook lang hook /> })
                                    .collect_view()
                                    .into_any()
                            }}
                            <NewHookForm lang keys=readers />
                        </section>
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn ShownOnce(lang: Lang, secret: String) -> impl IntoView {
    view! {
        <div class="notice stack" role="status" id="shown">
            <p>
                <strong>{I::Secret.text(lang)}</strong>
                " "
                {I::ShownOnce.text(lang)}
            </p>
            <p>
                <code class="secret">{secret}</code>
            </p>
        </div>
    }
}

/// "Retrying · tried 3 times", in the reader's language.
fn retrying(attempts: i64, lang: Lang) -> String {
    let tried = match (lang, attempts) {
        (Lang::Zh, n) => format!("已尝试 {n} 次"),
        (Lang::En, 1) => "tried once".to_owned(),
        (Lang::En, n) => format!("tried {n} times"),
    };
    format!("{} · {tried}", I::Retrying.text(lang))
}

fn when(at: Option<i64>, lang: Lang) -> String {
    at.map_or_else(|| I::Never.text(lang).to_owned(), china_time)
}

#[component]
fn KeyTable(lang: Lang, keys: Vec<KeyLine>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p class="empty">{I::NoKeys.text(lang)}</p> }.into_any();
    }
    let col = |t: I, holds| Col::new(t.text(lang), holds);
    let rows = keys
        .into_iter()
        .map(|key| {
            let state = match key.revoked_at {
                Some(at) => format!("{} {}", I::Revoked.text(lang), china_time(at)),
                None => I::Live.text(lang).to_owned(),
            };
            let revoke = key.revoked_at.is_none().then(|| {
                view! {
                    <Confirm
                        lang
                        action=RevokeApiKey::url()
                        ask=format!("{} {}", I::Revoke.text(lang), key.name)
                        consequence=I::RevokeConsequence.text(lang)
                        confirm=I::RevokeConfirm.text(lang)
                        back="/admin/integrations"
                        danger=true
                    >
                        <input type="hidden" name="id" value=key.id.to_string() />
                    </Confirm>
                }
            });
            view! {
                <tr>
                    <td>
                        <Clip text=key.name.clone() />
                    </td>
                    <td>
                        <code>{format!("{}…", key.shown_prefix)}</code>
                    </td>
                    <td>
                        <Clip text=key.scopes.join(", ") />
                    </td>
                    <td>{key.dealer.unwrap_or_else(|| I::BrandWide.text(lang).to_owned())}</td>
                    <td>{when(key.last_used_at, lang)}</td>
                    <td>{state}</td>
                    <td>{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable columns=vec![
            col(I::ColName, Holds::Name),
            col(I::ColKey, Holds::Phrase),
            col(I::ColScopes, Holds::Text),
            col(I::ColDealer, Holds::Number),
            col(I::ColLastUsed, Holds::When),
            col(I::ColState, Holds::Status),
            col(I::Revoke, Holds::Controls),
        ]>{rows}</DataTable>
    }
    .into_any()
}

/// Boxes named `name[0]`, `name[1]`… with the values, the kept ones ticked.
fn ticks(name: &'static str, values: Vec<&'static str>) -> impl IntoView {
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let field = format!("{name}[{i}]");
            let ticked = kept_value(&field) == value;
            view! {
                <label class="choice">
                    <input type="checkbox" name=field value=value checked=ticked />
                    " "
                    <code>{value}</code>
                </label>
            }
        })
        .collect_view()
}

#[component]
fn NewKeyForm(lang: Lang, dealers: Vec<DealerChoice>) -> impl IntoView {
    let error = url_error::<CreateApiKey>();
    let name_error = error_for(&error, Field::ApiKeyName, lang);
    let scopes_error = error_for(&error, Field::Scopes, lang);
    let form_error =
        error.as_ref().filter(|e| !matches!(e.field(), Some(Field::ApiKeyName | Field::Scopes))).map(|e| e.text(lang));
    let options =
        dealers.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.code}</option> }).collect_view();
    view! {
        <BusyForm action=CreateApiKey::url().to_owned()>
            <fieldset class="field stack">
                <legend>{I::NewKey.text(lang)}</legend>
                <FormError message=form_error />
                <div class="field">
                    <label for="key-name">{I::KeyName.text(lang)}</label>
                    <input
                        id="key-name"
                        name="name"
                        type="text"
                        required
                        maxlength="80"
                        value=kept_value("name")
                        aria-invalid=name_error.is_some().to_string()
                        aria-describedby="key-name-error"
                    />
                    <p class="field-error" id="key-name-error" role="alert">
                        {name_error}
                    </p>
                </div>
                <fieldset class="field" aria-describedby="scopes-error">
                    <legend>{I::Scopes.text(lang)}</legend>
                    <div class="checks">{ticks("scopes", Scope::ALL.map(Scope::as_str).to_vec())}</div>
                    <p class="field-error" id="scopes-error" role="alert">
                        {scopes_error}
                    </p>
                </fieldset>
                <div class="field">
                    <label for="key-dealer">{I::BoundTo.text(lang)}</label>
                    <select id="key-dealer" name="dealer">
                        <option value="">{I::BrandWide.text(lang)}</option>
                        {options}
                    </select>
                </div>
                <SubmitButton label=I::CreateKey.text(lang) busy_label=I::Creating.text(lang) />
            </fieldset>
        </BusyForm>
    }
}

#[component]
fn Hook(lang: Lang, hook: HookLine) -> impl IntoView {
    let events = if hook.events.is_empty() { I::AllEvents.text(lang).to_owned() } else { hook.events.join(", ") };
    let state = match (hook.paused_at, hook.failing_since) {
        (Some(at), _) => format!("{} {}", I::PausedSince.text(lang), china_time(at)),
        (None, Some(at)) => format!("{} {}", I::FailingSince.text(lang), china_time(at)),
        (None, None) => I::Live.text(lang).to_owned(),
    };
    let resume = hook.paused_at.is_some().then(|| {
        view! {
            <BusyForm action=ResumeWebhook::url().to_owned()>
                <input type="hidden" name="webhook" value=hook.id.to_string() />
                <SubmitButton label=I::Resume.text(lang) busy_label=I::Resume.text(lang) />
            </BusyForm>
        }
    });
    let col = |t: I, holds| Col::new(t.text(lang), holds);
    let deliveries = if hook.deliveries.is_empty() {
        view! { <p class="empty">{I::NoDeliveries.text(lang)}</p> }.into_any()
    } else {
        let rows = hook
            .deliveries
            .into_iter()
            .map(|d| {
                let (at, how) = match d.delivered_at.filter(|_| d.delivered) {
                    Some(at) => (at, I::Delivered.text(lang).to_owned()),
                    None => (d.next_attempt_at, retrying(d.attempts, lang)),
                };
                let answer = match (d.last_status, d.last_error) {
                    (Some(status), Some(error)) => format!("{status} {error}"),
                    (Some(status), None) => status.to_string(),
                    (None, error) => error.unwrap_or_default(),
                };
                view! {
                    <tr>
                        <td>{china_time(at)}</td>
                        <td>
                            <Clip text=format!("{} {}", d.kind, d.subject) />
                        </td>
                        <td>{how}</td>
                        <td>
                            <Clip text=answer />
                        </td>
                        <td>
                            <form method="post" action=RedeliverWebhook::url() class="inline-form">
                                <input type="hidden" name="webhook" value=hook.id.to_string() />
                                <input type="hidden" name="delivery" value=d.id.to_string() />
                                <button type="submit" class="button small">
                                    {I::Redeliver.text(lang)}
                                </button>
                            </form>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable columns=vec![
                col(I::ColWhen, Holds::When),
                col(I::ColEvent, Holds::Text),
                col(I::ColDelivery, Holds::Phrase),
                col(I::ColAnswer, Holds::Text),
                col(I::Redeliver, Holds::Controls),
            ]>{rows}</DataTable>
        }
        .into_any()
    };
    view! {
        <article class="stack" id=format!("hook-{}", hook.id)>
            <h3>
                <Clip text=hook.url.clone() />
            </h3>
            <p>{I::WithKey.text(lang)} ": " {hook.key} " · " {events}</p>
            <p>
                <strong>{state}</strong>
            </p>
            {resume}
            {deliveries}
        </article>
    }
}

#[component]
fn NewHookForm(lang: Lang, keys: Vec<KeyLine>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p class="empty">{I::NeedsEventKey.text(lang)}</p> }.into_any();
    }
    let error = url_error::<CreateWebhook>();
    let url_error_text = error_for(&error, Field::Url, lang);
    let form_error = error.as_ref().filter(|e| e.field() != Some(Field::Url)).map(|e| e.text(lang));
    let options = keys
        .into_iter()
        .map(|k| {
            let dealer = k.dealer.map(|d| format!(" ({d})")).unwrap_or_default();
            view! { <option value=k.id.to_string()>{format!("{}{dealer}", k.name)}</option> }
        })
        .collect_view();
    let kinds: Vec<&'static str> = pitlane::fact::Kind::ALL.map(pitlane::fact::Kind::as_str).to_vec();
    view! {
        <BusyForm action=CreateWebhook::url().to_owned()>
            <fieldset class="field stack">
                <legend>{I::NewHook.text(lang)}</legend>
                <FormError message=form_error />
                <div class="field">
                    <label for="hook-key">{I::WithKey.text(lang)}</label>
                    <select id="hook-key" name="key">
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="hook-url">{I::HookUrl.text(lang)}</label>
                    <input
                        id="hook-url"
                        name="url"
                        type="url"
                        required
                        maxlength="500"
                        value=kept_value("url")
                        aria-invalid=url_error_text.is_some().to_string()
                        aria-describedby="hook-url-error"
                    />
                    <p class="field-error" id="hook-url-error" role="alert">
                        {url_error_text}
                    </p>
                </div>
                <details>
                    <summary>{I::HookEvents.text(lang)}</summary>
                    <div class="checks">{ticks("events", kinds)}</div>
                </details>
                <SubmitButton label=I::Subscribe.text(lang) busy_label=I::Subscribing.text(lang) />
            </fieldset>
        </BusyForm>
    }
    .into_any()
}
