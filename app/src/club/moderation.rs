//! The moderators' console (`/club/moderation`): the queue with the member's
//! record beside each item, one-click decisions with a rule and a reason,
//! bulk decisions for spam waves, sanctions, appeals, held words and the log.

use super::view::LogTable;
use super::words::{self, C};
use crate::auth::{visitor, RequireRole};
use crate::form::{error_for_form, url_error, FormError};
use crate::i18n::{china_time, Lang};
use crate::layout::{failed, loading};
use leptos::prelude::*;
use pitlane::account::Role;
use pitlane::club::moderation::Decision;
use pitlane::club::moderation::Rule;
use pitlane::club::views::QueueEntry;
use server_fn::ServerFn;

pub mod api;
use api::*;

fn rule_options(lang: Lang, removing: bool) -> impl IntoView {
    Rule::ALL
        .into_iter()
        .filter(move |r| !removing || *r != Rule::Fine)
        .map(|r| view! { <option value=r.as_str()>{words::rule(r, lang)}</option> })
        .collect_view()
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

fn age(lang: Lang, since_ms: i64, now_ms: i64) -> String {
    let minutes = (now_ms - since_ms).max(0) / 60_000;
    match (lang, minutes) {
        (Lang::Zh, m) if m < 60 => format!("{m} 分钟"),
        (Lang::Zh, m) if m < 48 * 60 => format!("{} 小时", m / 60),
        (Lang::Zh, m) => format!("{} 天", m / 1440),
        (Lang::En, m) if m < 60 => format!("{m} min"),
        (Lang::En, m) if m < 48 * 60 => format!("{} h", m / 60),
        (Lang::En, m) => format!("{} days", m / 1440),
    }
}

#[component]
fn QueueItem(lang: Lang, entry: QueueEntry, index: usize, now_ms: i64) -> impl IntoView {
    // Club-wide sanctions are an admin's (`club::moderation::may_discipline`).
    let admin = visitor().user.is_some_and(|u| u.role.is_admin());
    let item = entry.item.key();
    let record = entry.record.clone();
    let standing = match record.standing {
        pitlane::club::guard::Standing::New => C::StandingNew,
        pitlane::club::guard::Standing::Member => C::StandingMember,
        pitlane::club::guard::Standing::Trusted => C::StandingTrusted,
    };
    let decide = |decision: Decision, removing: bool| {
        view! {
            <form method="post" action=ModerateItem::url() class="decision">
                <input type="hidden" name="item" value=item.clone() />
                <input type="hidden" name="decision" value=decision.as_str() />
                <select name="rule" aria-label=C::ClubRuleLabel.text(lang)>
                    {rule_options(lang, removing)}
                </select>
                <input
                    name="reason"
                    maxlength="500"
                    placeholder=C::ClubReasonLabel.text(lang)
                    aria-label=C::ClubReasonLabel.text(lang)
                    required=decision == Decision::Delete
                />
                <button type="submit" class=if removing { "button small danger" } else { "button small" }>
                    {decision_name(decision).text(lang)}
                </button>
            </form>
        }
    };
    view! {
        <li class="card queue-item">
            <p class="meta">
                <label>
                    <input type="checkbox" name=format!("items[{index}]") form="bulk" value=item.clone() />
                    {C::ModSelect.text(lang)}
                </label>
                " · "
                {lang.pick(&entry.board_zh, &entry.board_en).to_owned()}
                " · "
                {C::ModWaiting.text(lang)}
                " "
                <strong>{age(lang, entry.waiting_since_ms, now_ms)}</strong>
                {entry
                    .hold_reason
                    .map(|r| {
                        view! {
                            " · "
                            <span class="badge badge-due">{words::hold_reason(r, lang)}</span>
                        }
                    })}
            </p>
            <p class="post-title">
                <a href=format!("/club/post/{}", entry.post_id)>{entry.title.clone()}</a>
            </p>
            <blockquote class="excerpt">{entry.excerpt.clone()}</blockquote>
            {(!entry.reports.is_empty())
                .then(|| {
                    view! {
                        <p>
                            <strong>{entry.reports.len()} " " {C::ModReports.text(lang)}</strong>
                            " · "
                            {C::ModWeight.text(lang)}
                            " "
                            {entry.report_weight}
                        </p>
                        <ul class="reports">
                            {entry
                                .reports
                                .iter()
                                .map(|r| {
                                    view! {
                                        <li>
                                            {words::report_reason(r.reason, lang)} " · " {C::ModReporters.text(lang)}
                                            " " {r.reporter.clone()}
                                            {r
                                                .note
                                                .clone()
                                                .map(|n| {
                                                    view! {
                                                        " · “"
                                                        {n}
                                                        "”"
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <aside class="member-record" aria-label=C::ModMember.text(lang)>
                <strong>{entry.author.clone()}</strong>
                " · "
                {standing.text(lang)}
                " · "
                {record.approved}
                " "
                {C::ModApproved.text(lang)}
                " · "
                {record.strikes_in_force}
                " "
                {C::ModStrikes.text(lang)}
                " · "
                {record.removals}
                " "
                {C::ModRemovals.text(lang)}
                {record
                    .suspended_until_ms
                    .map(|u| {
                        view! {
                            " · "
                            {C::ModSuspendedUntil.text(lang)}
                            " "
                            {china_time(u)}
                        }
                    })}
                {record
                    .banned
                    .then(|| {
                        view! {
                            " · "
                            <span class="badge badge-overdue">{C::ModBanned.text(lang)}</span>
                        }
                    })}
            </aside>
            <div class="decisions">
                {(entry.status == pitlane::club::Status::Held).then(|| decide(Decision::Approve, false))}
                {(entry.status == pitlane::club::Status::Hidden).then(|| decide(Decision::Restore, false))}
                {(!entry.reports.is_empty()).then(|| decide(Decision::Dismiss, false))}
                {(entry.status != pitlane::club::Status::Hidden).then(|| decide(Decision::Hide, true))}
                {decide(Decision::Delete, true)}
            </div>
            <details>
                <summary>
                    {if admin {
                        format!("{} / {} / {}", C::ModStrike.text(lang), C::ModSuspend.text(lang), C::ModBan.text(lang))
                    } else {
                        C::ModStrike.text(lang).to_owned()
                    }}
                </summary>
                {(!admin).then(|| view! { <p class="meta">{C::ModClubWideByAdmin.text(lang)}</p> })}
                <form method="post" action=DisciplineMember::url() class="decision">
                    <input type="hidden" name="member" value=entry.author_id.to_string() />
                    <input type="hidden" name="item" value=item.clone() />
                    <select name="kind" aria-label=C::ModStrike.text(lang)>
                        <option value="strike">{C::ModStrike.text(lang)}</option>
                        {admin
                            .then(|| {
                                view! {
                                    <option value="suspend">{C::ModSuspend.text(lang)}</option>
                                    <option value="pre_approve">{C::ModPreApprove.text(lang)}</option>
                                    <option value="ban">{C::ModBan.text(lang)}</option>
                                    <option value="lift">{C::ModLift.text(lang)}</option>
                                }
                            })}
                    </select>
                    // Days count only for suspensions and pre-approval: an admin's.
                    {admin
                        .then(|| {
                            view! {
                                <input
                                    name="days"
                                    type="number"
                                    min="1"
                                    max="365"
                                    value="7"
                                    aria-label=C::ModDays.text(lang)
                                />
                            }
                        })}
                    <select name="rule" aria-label=C::ClubRuleLabel.text(lang)>
                        {rule_options(lang, true)}
                    </select>
                    <input
                        name="reason"
                        maxlength="500"
                        placeholder=C::ClubReasonLabel.text(lang)
                        aria-label=C::ClubReasonLabel.text(lang)
                    />
                    <button type="submit" class="button small danger">
                        {C::ClubSave.text(lang)}
                    </button>
                </form>
            </details>
        </li>
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<ModerateItem>()
        .or_else(url_error::<ModerateItems>)
        .or_else(url_error::<DisciplineMember>)
        .or_else(url_error::<DecideAppeal>)
        .or_else(url_error::<HeldWord>);
    view! {
        <RequireRole allow=Role::moderates_club>
            <h1>{C::ModTitle.text(lang)}</h1>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match moderation_console().await {
                        Err(err) => failed(err, lang),
                        Ok(console) => view! { <ConsoleView lang console /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn ConsoleView(lang: Lang, console: Console) -> impl IntoView {
    // The held words are every board's: an admin's to change (`club::moderation::may_hold_words`).
    let admin = visitor().user.is_some_and(|u| u.role.is_admin());
    let now_ms = chrono::Utc::now().timestamp_millis();
    let count = console.queue.len();
    view! {
        <section aria-labelledby="queue-title">
            <h2 id="queue-title">{C::ModQueue.text(lang)} " (" {count} ")"</h2>
            {(count == 0).then(|| view! { <p class="empty card">{C::ModQueueEmpty.text(lang)}</p> })}
            {(count > 0)
                .then(|| {
                    view! {
                        <form method="post" action=ModerateItems::url() id="bulk" class="card bulk">
                            <select name="decision" aria-label=C::ModSelected.text(lang)>
                                {[Decision::Hide, Decision::Delete, Decision::Approve, Decision::Dismiss]
                                    .into_iter()
                                    .map(|d| view! { <option value=d.as_str()>{decision_name(d).text(lang)}</option> })
                                    .collect_view()}
                            </select>
                            <select name="rule" aria-label=C::ClubRuleLabel.text(lang)>
                                {rule_options(lang, false)}
                            </select>
                            <input
                                name="reason"
                                maxlength="500"
                                placeholder=C::ClubReasonLabel.text(lang)
                                aria-label=C::ClubReasonLabel.text(lang)
                            />
                            <button type="submit" class="button small">
                                {C::ModSelected.text(lang)}
                            </button>
                        </form>
                    }
                })}
            <ul class="queue">
                {console
                    .queue
                    .into_iter()
                    .enumerate()
                    .map(|(index, entry)| view! { <QueueItem lang entry index now_ms /> })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="appeals-title">
            <h2 id="appeals-title">{C::ModAppeals.text(lang)}</h2>
            {console.appeals.is_empty().then(|| view! { <p class="empty card">{C::ModAppealsEmpty.text(lang)}</p> })}
            <ul class="queue">
                {console
                    .appeals
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
                                <p>
                                    {words::rule(a.log.rule, lang)}
                                    {a
                                        .log
                                        .reason
                                        .clone()
                                        .map(|r| {
                                            view! {
                                                " · "
                                                {r}
                                            }
                                        })}
                                </p>
                                <blockquote>{a.reasons.clone().unwrap_or_default()}</blockquote>
                                <form method="post" action=DecideAppeal::url() class="decision">
                                    <input type="hidden" name="appeal" value=a.id.unwrap_or_default().to_string() />
                                    <input
                                        name="reason"
                                        required=true
                                        maxlength="500"
                                        placeholder=C::ClubReasonLabel.text(lang)
                                        aria-label=C::ClubReasonLabel.text(lang)
                                    />
                                    <button type="submit" name="overturn" value="true" class="button small">
                                        {C::ModOverturn.text(lang)}
                                    </button>
                                    <button type="submit" name="overturn" value="false" class="button small">
                                        {C::ModUphold.text(lang)}
                                    </button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="words-title">
            <h2 id="words-title">{C::ModKeywords.text(lang)}</h2>
            <p class="meta">{C::ModKeywordsByAdmin.text(lang)}</p>
            {console.keywords.is_empty().then(|| view! { <p class="empty">{C::ModNoKeywords.text(lang)}</p> })}
            <ul class="chips">
                {console
                    .keywords
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
                                        class="link"
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
                        <form method="post" action=HeldWord::url() class="inline">
                            <input type="hidden" name="add" value="true" />
                            <input name="word" required=true maxlength="50" aria-label=C::ModKeywords.text(lang) />
                            <button type="submit" class="button small">
                                {C::ModAddKeyword.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </section>
        <section aria-labelledby="log-title">
            <h2 id="log-title">{C::ModLog.text(lang)}</h2>
            <LogTable lang lines=console.log />
        </section>
    }
}
