//! A member's view of moderation: the outcome of their reports, a decision
//! about them with their appeal, and the public log.

use super::view::LogList;
use super::words::{self, C};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{kept_value, url_error, FormError};
use crate::i18n::china_time;
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::club::appeal::Status as AppealStatus;
use pitlane::club::views::{AppealLine, LogLine, MyReport};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "my_club_reports")]
pub async fn my_club_reports() -> Result<Vec<MyReport>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::club::store::my_reports(&state()?.db, user.id).await?)
    })
    .await
}

#[component]
pub fn MyClubReportsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{C::ClubMyReports.text(lang)}</h1>
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match my_club_reports().await {
                        Err(err) => failed(err, lang),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty card">{C::ClubNoReports.text(lang)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="posts">
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let (class, outcome) = match r.upheld {
                                                None => ("badge badge-upcoming", C::ClubReportWaiting),
                                                Some(true) => ("badge badge-done", C::ClubReportUpheld),
                                                Some(false) => ("badge", C::ClubReportRejected),
                                            };
                                            view! {
                                                <li class="card report-outcome">
                                                    <p>
                                                        <a href=format!(
                                                            "/club/post/{}",
                                                            r.post_id,
                                                        )>{r.title.clone()}</a>
                                                        " · "
                                                        {words::report_reason(r.reason, lang)}
                                                        " · "
                                                        {china_time(r.created_ms)}
                                                    </p>
                                                    <p>
                                                        <span class=class>{outcome.text(lang)}</span>
                                                    </p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

/// A decision about the signed-in member, with their appeal if any.
#[server(prefix = "/api", endpoint = "club_decision")]
pub async fn club_decision(id: i64) -> Result<AppealLine, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::club::store::decision_for(&state()?.db, &user, id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "appeal_decision")]
pub async fn appeal_decision(id: i64, reasons: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep = [("reasons", reasons.clone())];
    respond_keeping(&keep, async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::club::store::appeal(&state.db, &*state.clock, &user, id, &reasons).await?;
        redirect(&format!("/club/decisions/{id}?appealed=1"));
        Ok(())
    })
    .await
}

#[component]
pub fn ClubDecisionPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let appealed = use_query_map().get_untracked().get("appealed").is_some();
    let error = url_error::<AppealDecision>();
    view! {
        <RequireRole allow=|_| true>
            <h1>{C::ClubDecision.text(lang)}</h1>
            {appealed
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            {C::ClubAppealSent.text(lang)}
                        </p>
                    }
                })}
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match club_decision(id).await {
                        Err(err) => failed(err, lang),
                        Ok(line) => {
                            let appealable = line.log.action.appealable() && line.id.is_none();
                            let status = line.status;
                            view! {
                                <section class="card">
                                    <p>
                                        <strong>{words::log_action(line.log.action, lang)}</strong>
                                        " · "
                                        {china_time(line.log.at_ms)}
                                    </p>
                                    {line.log.title.clone().map(|t| view! { <p>{t}</p> })}
                                    <dl class="facts">
                                        // An approval or a lift cites no rule.
                                        {(line.log.rule != pitlane::club::moderation::Rule::Fine)
                                            .then(|| {
                                                view! {
                                                    <dt>{C::ClubRuleLabel.text(lang)}</dt>
                                                    <dd>{words::rule(line.log.rule, lang)}</dd>
                                                }
                                            })}
                                        {line
                                            .log
                                            .reason
                                            .clone()
                                            .map(|reason| {
                                                view! {
                                                    <dt>{C::ClubReasonLabel.text(lang)}</dt>
                                                    <dd>{reason}</dd>
                                                }
                                            })}
                                    </dl>
                                    {status
                                        .map(|s| {
                                            view! {
                                                <p class="badge badge-upcoming">
                                                    {match s {
                                                        AppealStatus::Upheld => C::ClubAppealUpheldNote.text(lang),
                                                        AppealStatus::Overturned => {
                                                            C::ClubAppealOverturnedNote.text(lang)
                                                        }
                                                        AppealStatus::Open => C::ClubAppealOpen.text(lang),
                                                    }}
                                                </p>
                                            }
                                        })}
                                    {line.decision.clone().map(|d| view! { <p>{d}</p> })}
                                </section>
                                {appealable
                                    .then(|| {
                                        view! {
                                            <form method="post" action=AppealDecision::url() class="card">
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <label for="reasons">{C::ClubAppealReasons.text(lang)}</label>
                                                <textarea
                                                    id="reasons"
                                                    name="reasons"
                                                    rows="4"
                                                    required=true
                                                    maxlength="1000"
                                                >
                                                    {crate::form::textarea_text(&kept_value("reasons"))}
                                                </textarea>
                                                <button type="submit" class="button primary">
                                                    {C::ClubAppeal.text(lang)}
                                                </button>
                                            </form>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[server(prefix = "/api", endpoint = "club_public_log")]
pub async fn club_public_log() -> Result<Vec<LogLine>, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move { Ok(pitlane::club::store::public_log(&state()?.db).await?) }).await
}

#[component]
pub fn ClubLogPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <p class="crumbs">
            <a href="/club">{C::ClubTitle.text(lang)}</a>
        </p>
        <h1>{C::ClubPublicLog.text(lang)}</h1>
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match club_public_log().await {
                    Err(err) => failed(err, lang),
                    Ok(lines) => view! { <LogList lang lines /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
