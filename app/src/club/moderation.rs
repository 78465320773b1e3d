//! The moderators' console (`/club/moderation`): the queue with the member's
//! record beside each item, one-click decisions with a rule and a reason,
//! bulk decisions for spam waves, sanctions, appeals, held words and the log.

use super::view::LogList;
use super::words::{self, C};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, kept_value, url_error, FormError};
use crate::i18n::{china_time, Lang};
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::club::moderation::{Breach, Decision};
use pitlane::error::Field;
use server_fn::ServerFn;

pub mod api;
mod queue;
use api::*;
use queue::QueueItem;

/// The rules a decision may cite, after a first option that cites none
/// (`none` says what choosing it means): nothing is preselected.
#[component]
pub fn RuleSelect(lang: Lang, chosen: String, none: &'static str) -> impl IntoView {
    view! {
        <select name="rule">
            <option value="">{none}</option>
            {Breach::all()
                .map(|b| {
                    let value = b.rule().as_str();
                    view! {
                        <option value=value selected=chosen == value>
                            {words::rule(b.rule(), lang)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

fn decision_name(decision: Decision) -> C {
    match decision {
        Decision::Approve => C::ModApprove,
        Decision::Hide => C::ModHide,
        Decision::Restore => C::ModRestore,
        Decision::Delete => C::ClubDelete,
        Decision::Dismiss => C::ModDismiss,
    }
}

/// What the console says after a decision went through (`?done=…`, set by the
/// server functions in `api`).
fn done_notice(lang: Lang) -> Option<String> {
    let query = use_query_map().get_untracked();
    let done = query.get("done")?;
    let said = match Decision::parse(&done) {
        Some(decision) => match query.get("count").and_then(|c| c.parse::<usize>().ok()) {
            Some(count) => words::decided_many(count, decision_name(decision).text(lang), lang),
            None => match decision {
                Decision::Approve => C::ModDoneApprove,
                Decision::Hide => C::ModDoneHide,
                Decision::Restore => C::ModDoneRestore,
                Decision::Delete => C::ModDoneDelete,
                Decision::Dismiss => C::ModDoneDismiss,
            }
            .text(lang)
            .to_owned(),
        },
        None => match done.as_str() {
            "sanction" => C::ModDoneSanction,
            "appeal" => C::ModDoneAppeal,
            "words" => C::ModDoneWords,
            _ => return None,
        }
        .text(lang)
        .to_owned(),
    };
    Some(said)
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<ModerateItem>()
        .or_else(url_error::<ModerateItems>)
        .or_else(url_error::<DisciplineMember>)
        .or_else(url_error::<DecideAppeal>)
        .or_else(url_error::<HeldWord>);
    let errors = Errors {
        ruling: url_error::<ModerateItem>(),
        bulk: url_error::<ModerateItems>(),
        sanction: url_error::<DisciplineMember>(),
    };
    view! {
        <RequireRole allow=Role::moderates_club>
            <h1>{C::ModTitle.text(lang)}</h1>
            {done_notice(lang)
                .map(|said| {
                    view! {
                        <p class="notice" role="status">
                            {said}
                        </p>
                    }
                })}
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let errors = errors.clone();
                    Suspend::new(async move {
                        match moderation_console().await {
                            Err(err) => failed(err, lang),
                            Ok(console) => view! { <ConsoleView lang console errors /> }.into_any(),
                        }
                    })
                }
            </Suspense>
        </RequireRole>
    }
}

/// What just failed, for the form it came from to show beside its fields.
#[derive(Debug, Clone, Default)]
struct Errors {
    ruling: Option<AppError>,
    bulk: Option<AppError>,
    sanction: Option<AppError>,
}

#[component]
fn ConsoleView(lang: Lang, console: Console, errors: Errors) -> impl IntoView {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let count = console.queue.len();
    let Errors { ruling, bulk, sanction } = errors;
    view! {
        <section aria-labelledby="queue-title">
            <h2 id="queue-title">{C::ModQueue.text(lang)} " (" {count} ")"</h2>
            {(count == 0).then(|| view! { <p class="empty card">{C::ModQueueEmpty.text(lang)}</p> })}
            {(count > 0).then(|| view! { <BulkForm lang error=bulk /> })}
            <ul class="queue">
                {console
                    .queue
                    .into_iter()
                    .enumerate()
                    .map(|(index, entry)| {
                        view! {
                            <QueueItem
                                lang
                                entry
                                index
                                now_ms
                                ruling_error=ruling.clone()
                                sanction_error=sanction.clone()
                            />
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <Appeals lang appeals=console.appeals />
        <HeldWords lang keywords=console.keywords />
        <section aria-labelledby="log-title">
            <h2 id="log-title">{C::ModLog.text(lang)}</h2>
            <LogList lang lines=console.log />
        </section>
    }
}

/// One decision for the items ticked in the queue (a spam wave).
#[component]
fn BulkForm(lang: Lang, error: Option<AppError>) -> impl IntoView {
    let kept = |name: &str| if error.is_some() && kept_value("bulk") == "1" { kept_value(name) } else { String::new() };
    let (chosen, rule, reason) = (kept("decision"), kept("rule"), kept("reason"));
    let field = |f: Field| error_for(&error, f, lang);
    // Folded away: a spam wave is rare, one item at a time is the day's work.
    view! {
        <details class="card bulk-panel" open=error.is_some()>
            <summary>{C::ModSelected.text(lang)}</summary>
            <form method="post" action=ModerateItems::url() id="bulk" class="bulk">
                <label>
                    {C::ModDecision.text(lang)} <select name="decision" required=true>
                        <option value="">{C::ModChooseDecision.text(lang)}</option>
                        {[Decision::Hide, Decision::Delete, Decision::Approve, Decision::Dismiss]
                            .into_iter()
                            .map(|d| {
                                view! {
                                    <option value=d.as_str() selected=chosen == d.as_str()>
                                        {decision_name(d).text(lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <p class="field-error" role="alert">
                    {field(Field::Decision)}
                </p>
                <label class="rule-field">
                    {C::ModRuleBroken.text(lang)} <RuleSelect lang chosen=rule none=C::ModChooseRule.text(lang) />
                </label>
                <p class="field-error" role="alert">
                    {field(Field::Rule)}
                </p>
                <label>{C::ModNote.text(lang)} <input name="reason" maxlength="500" value=reason /></label>
                <button type="submit" class="button">
                    {C::ModApplySelected.text(lang)}
                </button>
            </form>
        </details>
    }
}

#[component]
fn Appeals(lang: Lang, appeals: Vec<pitlane::club::views::AppealLine>) -> impl IntoView {
    view! {
        <section aria-labelledby="appeals-title">
            <h2 id="appeals-title">{C::ModAppeals.text(lang)}</h2>
            {appeals.is_empty().then(|| view! { <p class="empty card">{C::ModAppealsEmpty.text(lang)}</p> })}
            <ul class="queue">
                {appeals
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li class="card">
                                <p>
                                    <strong>{a.log.member.clone().unwrap_or_default()}</strong>
                                    " · "
                                    {words::log_action(a.log.action, lang)}
                                    " · "
                                    {a.log.actor.clone().unwrap_or_default()}
                                    " · "
                                    {china_time(a.log.at_ms)}
                                </p>
                                <p>{words::rule_and_reason(a.log.rule, a.log.reason.clone(), lang)}</p>
                                <blockquote>{a.reasons.clone().unwrap_or_default()}</blockquote>
                                <form method="post" action=DecideAppeal::url() class="decision">
                                    <input type="hidden" name="appeal" value=a.id.unwrap_or_default().to_string() />
                                    <label>
                                        {C::ClubReasonLabel.text(lang)}
                                        <input name="reason" required=true maxlength="500" />
                                    </label>
                                    <button type="submit" name="overturn" value="true" class="button">
                                        {C::ModOverturn.text(lang)}
                                    </button>
                                    <button type="submit" name="overturn" value="false" class="button">
                                        {C::ModUphold.text(lang)}
                                    </button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The held words: every board's, an admin's to change (`club::moderation::may_hold_words`).
#[component]
fn HeldWords(lang: Lang, keywords: Vec<(i64, String)>) -> impl IntoView {
    let admin = visitor().user.is_some_and(|u| u.role.is_admin());
    view! {
        <section aria-labelledby="words-title">
            <h2 id="words-title">{C::ModKeywords.text(lang)}</h2>
            <p class="meta">{C::ModKeywordsByAdmin.text(lang)}</p>
            {keywords.is_empty().then(|| view! { <p class="empty">{C::ModNoKeywords.text(lang)}</p> })}
            <ul class="chips">
                {keywords
                    .into_iter()
                    .map(|(_, word)| {
                        if !admin {
                            return view! { <li>{word}</li> }.into_any();
                        }
                        view! {
                            <li>
                                <form method="post" action=HeldWord::url() class="inline">
                                    <input type="hidden" name="word" value=word.clone() />
                                    <input type="hidden" name="add" value="false" />
                                    {word.clone()}
                                    " "
                                    <button
                                        type="submit"
                                        class="chip-remove"
                                        aria-label=format!("{} {word}", C::ModRemove.text(lang))
                                    >
                                        "×"
                                    </button>
                                </form>
                            </li>
                        }
                            .into_any()
                    })
                    .collect_view()}
            </ul>
            {admin
                .then(|| {
                    view! {
                        <form method="post" action=HeldWord::url() class="decision">
                            <input type="hidden" name="add" value="true" />
                            <label>
                                {C::ModKeywords.text(lang)} <input name="word" required=true maxlength="50" />
                            </label>
                            <button type="submit" class="button">
                                {C::ModAddKeyword.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
