//! One item of the moderators' queue: the words and pictures as readers would
//! see them, the reports, the member's record, one decision control (a
//! decision, then the rule when it is a removal) and the sanctions folded away.

use super::api::{DisciplineMember, ModerateItem};
use super::{decision_name, RuleSelect};
use crate::club::words::{self, C};
use crate::error::AppError;
use crate::form::{error_for, kept_value};
use crate::i18n::{china_time, Lang};
use crate::photos::Thumbs;
use leptos::prelude::*;
use pitlane::club::guard::Standing;
use pitlane::club::moderation::Decision;
use pitlane::club::views::{MemberRecord, QueueEntry};
use pitlane::club::{ItemKind, Status};
use pitlane::error::Field;
use server_fn::ServerFn;

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

/// The decisions that follow from where the item stands.
fn decisions(entry: &QueueEntry) -> Vec<Decision> {
    let reported = !entry.reports.is_empty();
    [
        (Decision::Approve, entry.status == Status::Held),
        (Decision::Restore, entry.status == Status::Hidden),
        (Decision::Dismiss, reported),
        (Decision::Hide, entry.status != Status::Hidden),
        (Decision::Delete, true),
    ]
    .into_iter()
    .filter_map(|(decision, offered)| offered.then_some(decision))
    .collect()
}

/// `error` when the post that failed was this form's (`marker` named this item).
fn own_error(error: &Option<AppError>, marker: &str, key: &str) -> Option<AppError> {
    error.clone().filter(|_| kept_value(marker) == key)
}

#[component]
pub fn QueueItem(
    lang: Lang,
    entry: QueueEntry,
    index: usize,
    now_ms: i64,
    /// The decision that just failed, if any (it may be this item's).
    ruling_error: Option<AppError>,
    /// The sanction that just failed, if any.
    sanction_error: Option<AppError>,
) -> impl IntoView {
    let item = entry.item.key();
    let ruling_error = own_error(&ruling_error, "item", &item);
    let sanction_error = own_error(&sanction_error, "sanction", &item);
    let kind = match entry.item.kind {
        ItemKind::Post => C::ModKindPost,
        ItemKind::Comment => C::ModKindComment,
    };
    view! {
        <li class="card queue-item">
            <p class="meta">
                <label class="choice">
                    <input type="checkbox" name=format!("items[{index}]") form="bulk" value=item.clone() />
                    {C::ModSelect.text(lang)}
                </label>
                <span class="badge">{kind.text(lang)}</span>
                " "
                {lang.pick(&entry.board_zh, &entry.board_en).to_owned()}
                " · "
                {C::ModWaiting.text(lang)}
                " "
                <strong>{age(lang, entry.waiting_since_ms, now_ms)}</strong>
                {entry
                    .hold_reason
                    .map(|r| {
                        view! {
                            " "
                            <span class="badge badge-due">{words::hold_reason(r, lang)}</span>
                        }
                    })}
            </p>
            <p class="post-title">
                {(entry.item.kind == ItemKind::Comment)
                    .then(|| {
                        view! {
                            {C::ClubInPost.text(lang)}
                            " "
                        }
                    })} <a href=format!("/club/post/{}", entry.post_id)>{entry.title.clone()}</a>
            </p>
            <div class="body queued" inner_html=entry.body_html.clone()></div>
            <Thumbs photos=entry.images.clone() alt=C::ClubPicture.text(lang) size="120" />
            <Reports lang entry=entry.clone() />
            <Record lang author=entry.author.clone() record=entry.record.clone() />
            <RulingForm lang item=item.clone() decisions=decisions(&entry) error=ruling_error />
            <SanctionForm lang member=entry.author_id item error=sanction_error />
        </li>
    }
}

#[component]
fn Reports(lang: Lang, entry: QueueEntry) -> impl IntoView {
    (!entry.reports.is_empty()).then(|| {
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
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                {words::report_reason(r.reason, lang)} " · " {C::ModReporters.text(lang)} " "
                                {r.reporter}
                                {r
                                    .note
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
    })
}

/// The author's record beside their words.
#[component]
fn Record(lang: Lang, author: String, record: MemberRecord) -> impl IntoView {
    let standing = match record.standing {
        Standing::New => C::StandingNew,
        Standing::Member => C::StandingMember,
        Standing::Trusted => C::StandingTrusted,
    };
    view! {
        <aside class="member-record" aria-label=C::ModMember.text(lang)>
            <strong>{author}</strong>
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
    }
}

/// One decision per item: choose what happens, then (for a removal) the rule
/// that was broken. Nothing is preselected; the stylesheet shows the rule
/// once a removal is chosen (always, where `:has()` is not understood).
#[component]
fn RulingForm(lang: Lang, item: String, decisions: Vec<Decision>, error: Option<AppError>) -> impl IntoView {
    let kept = |name: &str| if error.is_some() { kept_value(name) } else { String::new() };
    let (chosen, rule, reason) = (kept("decision"), kept("rule"), kept("reason"));
    let field = |f: Field| error_for(&error, f, lang);
    let other = error.as_ref().filter(|e| !matches!(e.field(), Some(Field::Decision | Field::Rule | Field::Reason)));
    view! {
        <form method="post" action=ModerateItem::url() class="ruling">
            <input type="hidden" name="item" value=item />
            {other
                .map(|e| {
                    view! {
                        <p class="form-error" role="alert">
                            {e.text(lang)}
                        </p>
                    }
                })}
            <fieldset>
                <legend>{C::ModDecision.text(lang)}</legend>
                {decisions
                    .into_iter()
                    .map(|d| {
                        let removes = matches!(d, Decision::Hide | Decision::Delete);
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="decision"
                                    value=d.as_str()
                                    required=true
                                    checked=chosen == d.as_str()
                                    data-removes=removes.then_some("true")
                                />
                                {decision_name(d).text(lang)}
                            </label>
                        }
                    })
                    .collect_view()}
                <p class="field-error" role="alert">
                    {field(Field::Decision)}
                </p>
            </fieldset>
            <div class="field rule-field">
                <label>
                    {C::ModRuleBroken.text(lang)} <RuleSelect lang chosen=rule none=C::ModChooseRule.text(lang) />
                </label>
                <p class="field-error" role="alert">
                    {field(Field::Rule)}
                </p>
            </div>
            <div class="field">
                <label>{C::ModNote.text(lang)} <input name="reason" maxlength="500" value=reason /></label>
                <p class="field-error" role="alert">
                    {field(Field::Reason)}
                </p>
            </div>
            <button type="submit" class="button primary">
                {C::ModSubmit.text(lang)}
            </button>
        </form>
    }
}

/// Strikes from a board seat; suspensions, bans, pre-approval and lifting
/// reach the whole club, an admin's (`club::moderation::may_discipline`).
#[component]
fn SanctionForm(lang: Lang, member: i64, item: String, error: Option<AppError>) -> impl IntoView {
    let admin = crate::auth::visitor().user.is_some_and(|u| u.role.is_admin());
    let kept = |name: &str| if error.is_some() { kept_value(name) } else { String::new() };
    let (kind, rule, reason) = (kept("kind"), kept("rule"), kept("reason"));
    let days = Some(kept("days")).filter(|d| !d.is_empty()).unwrap_or_else(|| "7".to_owned());
    let option = move |value: &'static str, label: C| {
        view! {
            <option value=value selected=kind == value>
                {label.text(lang)}
            </option>
        }
    };
    let summary = if admin {
        format!("{} / {} / {}", C::ModStrike.text(lang), C::ModSuspend.text(lang), C::ModBan.text(lang))
    } else {
        C::ModStrike.text(lang).to_owned()
    };
    view! {
        <details class="sanction" open=error.is_some()>
            <summary>{summary}</summary>
            {(!admin).then(|| view! { <p class="meta">{C::ModClubWideByAdmin.text(lang)}</p> })}
            {error
                .as_ref()
                .map(|e| {
                    view! {
                        <p class="form-error" role="alert">
                            {e.text(lang)}
                        </p>
                    }
                })}
            <form method="post" action=DisciplineMember::url() class="sanction-form">
                <input type="hidden" name="member" value=member.to_string() />
                <input type="hidden" name="item" value=item />
                <label>
                    {C::ModSanction.text(lang)} <select name="kind" required=true>
                        <option value="">{C::ModChooseSanction.text(lang)}</option>
                        {option("strike", C::ModStrike)}
                        {admin
                            .then(|| {
                                view! {
                                    {option("suspend", C::ModSuspend)}
                                    {option("pre_approve", C::ModPreApprove)}
                                    {option("ban", C::ModBan)}
                                    {option("lift", C::ModLift)}
                                }
                            })}
                    </select>
                </label>
                // Days count only for suspensions and pre-approval: an admin's.
                {admin
                    .then(|| {
                        view! {
                            <label>
                                {C::ModDays.text(lang)} <input name="days" type="number" min="1" max="365" value=days />
                            </label>
                        }
                    })}
                <label>
                    {C::ModRuleBroken.text(lang)} <RuleSelect lang chosen=rule none=C::ModChooseRule.text(lang) />
                </label>
                <label>{C::ClubReasonLabel.text(lang)} <input name="reason" maxlength="500" value=reason /></label>
                <button type="submit" class="button danger">
                    {C::ClubSave.text(lang)}
                </button>
            </form>
        </details>
    }
}
