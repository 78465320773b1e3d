//! What owner and staff case pages share: the words for each value, the
//! status timeline, the SLA clock, the conversation and the history.

use crate::history::when_what_who;
use crate::i18n::{china_time, Lang, T};
use crate::photos::Thumbs;
use crate::steps::Steps;
use leptos::prelude::*;
use pitlane::case::{Actor, Category, Channel, Detail, Event, Kind, Message, Priority, SlaClock, Status};
use pitlane::dealer::Dealer;

pub fn kind_name(kind: Kind) -> T {
    match kind {
        Kind::Praise => T::CaseKindPraise,
        Kind::Suggestion => T::CaseKindSuggestion,
        Kind::Question => T::CaseKindQuestion,
        Kind::Complaint => T::CaseKindComplaint,
    }
}

pub fn category_name(category: Category) -> T {
    match category {
        Category::ProductQuality => T::CaseCatProduct,
        Category::DealerService => T::CaseCatDealer,
        Category::Parts => T::CaseCatParts,
        Category::Billing => T::CaseCatBilling,
        Category::StaffConduct => T::CaseCatStaff,
        Category::AppWebsite => T::CaseCatApp,
        Category::Other => T::CaseCatOther,
    }
}

pub fn priority_name(priority: Priority) -> T {
    match priority {
        Priority::Low => T::CasePriorityLow,
        Priority::Normal => T::CasePriorityNormal,
        Priority::High => T::CasePriorityHigh,
        Priority::Safety => T::CasePrioritySafety,
    }
}

pub fn status_name(status: Status) -> T {
    match status {
        Status::Submitted => T::CaseStatusSubmitted,
        Status::Acknowledged => T::CaseStatusAcknowledged,
        Status::InProgress => T::CaseStatusInProgress,
        Status::Resolved => T::CaseStatusResolved,
        Status::Closed => T::CaseStatusClosed,
    }
}

pub fn channel_name(channel: Channel) -> T {
    match channel {
        Channel::Portal => T::CaseChannelPortal,
        Channel::Phone => T::CaseChannelPhone,
        Channel::Email => T::CaseChannelEmail,
        Channel::WeChat => T::CaseChannelWeChat,
        Channel::WalkIn => T::CaseChannelWalkIn,
        Channel::Api => T::CaseChannelApi,
    }
}

fn event_name(kind: &str) -> T {
    match kind {
        "opened" => T::CaseEventOpened,
        "reply" => T::CaseEventReply,
        "owner_reply" => T::CaseEventOwnerReply,
        "note" => T::CaseEventNote,
        "acknowledged" | "acknowledge" => T::CaseStatusAcknowledged,
        "start" => T::CaseStatusInProgress,
        "resolve" => T::CaseStatusResolved,
        "close" | "closed" => T::CaseStatusClosed,
        "reopen" => T::CaseEventReopened,
        "rated" => T::CaseEventRated,
        "assigned" => T::CaseEventAssigned,
        "priority" => T::CaseEventPriority,
        "merged_into" | "merged_from" => T::CaseEventMerged,
        "linked" => T::CaseEventLinked,
        "breach_response" | "breach_resolution" => T::CaseEventBreach,
        "follow_up" | "followed_up" => T::CaseEventFollowUp,
        _ => T::EventOther,
    }
}

#[component]
pub fn CaseStatusBadge(lang: Lang, status: Status) -> impl IntoView {
    let class = match status {
        Status::Submitted => "badge badge-upcoming",
        Status::Acknowledged | Status::InProgress => "badge badge-due",
        Status::Resolved | Status::Closed => "badge badge-done",
    };
    view! { <span class=class>{status_name(status).text(lang)}</span> }
}

#[component]
pub fn PriorityBadge(lang: Lang, priority: Priority) -> impl IntoView {
    let class = if priority == Priority::Safety { "badge badge-overdue" } else { "badge" };
    view! { <span class=class>{priority_name(priority).text(lang)}</span> }
}

/// Time left to the next promise, or how late it is.
#[component]
pub fn SlaClockBadge(lang: Lang, clock: SlaClock) -> impl IntoView {
    // Hours and minutes while it is close; whole days when it is far.
    let hm = |minutes: i64| {
        if minutes >= 48 * 60 {
            format!("{} {}", minutes / (24 * 60), T::CaseDays.text(lang))
        } else {
            format!("{}:{:02}", minutes / 60, minutes % 60)
        }
    };
    match clock {
        SlaClock::Running { minutes_left } => {
            view! { <span class="badge badge-upcoming">{T::CaseSlaLeft.text(lang)} " " {hm(minutes_left)}</span> }
                .into_any()
        }
        SlaClock::Overdue { minutes_over } => {
            view! { <span class="badge badge-overdue">{T::CaseSlaOver.text(lang)} " " {hm(minutes_over)}</span> }
                .into_any()
        }
        SlaClock::Met => view! { <span class="badge badge-done">{T::CaseSlaMet.text(lang)}</span> }.into_any(),
    }
}

/// submitted → acknowledged → in progress → resolved → closed, each with the
/// time it was reached; a reopened case shows the reopening in the history.
#[component]
pub fn CaseTimeline(lang: Lang, status: Status, history: Vec<Event>) -> impl IntoView {
    let current = Status::TIMELINE.iter().position(|s| *s == status).unwrap_or(0);
    let reached = |step: Status| -> Option<String> {
        let kinds: &[&str] = match step {
            Status::Submitted => &["opened"],
            Status::Acknowledged => &["acknowledged", "acknowledge"],
            Status::InProgress => &["start", "reopen"],
            Status::Resolved => &["resolve"],
            Status::Closed => &["close", "closed", "rated", "merged_into"],
        };
        history.iter().rev().find(|e| kinds.contains(&e.kind.as_str())).map(|e| china_time(e.at.timestamp_millis()))
    };
    let steps = Status::TIMELINE.iter().map(|step| (status_name(*step).text(lang), reached(*step))).collect();
    view! { <Steps label=T::CaseProgress.text(lang) steps current /> }
}

/// Who reads a case page, and so how its people are named: on their own page
/// the owner is "you"; on the console the owner goes by their name, the
/// agents' messages are the reader's side, and the history's ids (agents,
/// dealers) read as names.
#[derive(Debug, Clone)]
pub enum Reader {
    Owner,
    Staff { owner: String, agents: Vec<(i64, String)>, dealers: Vec<Dealer> },
}

impl Reader {
    fn is_staff(&self) -> bool {
        matches!(self, Reader::Staff { .. })
    }

    /// The owner's name on a message or a history line.
    fn owner_name(&self, lang: Lang) -> String {
        match self {
            Reader::Owner => T::CaseOwnerSide.text(lang).to_owned(),
            Reader::Staff { owner, .. } => format!("{owner} ({})", T::CaseOwner.text(lang)),
        }
    }
}

#[component]
pub fn Conversation(lang: Lang, messages: Vec<Message>, reader: Reader) -> impl IntoView {
    if messages.is_empty() {
        return view! { <p class="empty">{T::CaseNoMessages.text(lang)}</p> }.into_any();
    }
    view! {
        <ol class="conversation">
            {messages
                .into_iter()
                .map(|m| {
                    let mine = m.by_staff.is_some() == reader.is_staff();
                    let who = m.by_staff.clone().unwrap_or_else(|| reader.owner_name(lang));
                    // The reader's own side of the conversation sits on the right.
                    view! {
                        <li class="message" class:message-mine=mine class:message-internal=m.internal>
                            <p class="aside">
                                <strong>{who}</strong>
                                " · "
                                <time datetime=m.at.to_rfc3339()>{china_time(m.at.timestamp_millis())}</time>
                                {m
                                    .internal
                                    .then(|| {
                                        view! {
                                            " · "
                                            <span class="badge">{T::CaseInternal.text(lang)}</span>
                                        }
                                    })}
                            </p>
                            <p class="message-body">{m.body.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
pub fn CaseHistory(lang: Lang, history: Vec<Event>, reader: Reader) -> impl IntoView {
    view! {
        <ol class="history">
            {history
                .into_iter()
                .map(|e| {
                    let who = match &e.actor {
                        Actor::Owner(_) => reader.owner_name(lang),
                        Actor::Staff(name) => name.clone(),
                        Actor::System => T::CaseSystem.text(lang).to_owned(),
                    };
                    let detail = detail_view(lang, e.detail, &reader);
                    view! {
                        <li>
                            {when_what_who(e.at, event_name(&e.kind).text(lang), who)}
                            {detail
                                .map(|detail| {
                                    view! {
                                        " · "
                                        <span class="aside">{detail}</span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// What a history line recorded, in words and names (staff only: the owner's
/// history carries no details).
fn detail_view(lang: Lang, detail: Detail, reader: &Reader) -> Option<AnyView> {
    let Reader::Staff { agents, dealers, .. } = reader else { return None };
    let text = |t: String| Some(t.into_any());
    match detail {
        Detail::Nothing => None,
        Detail::Channel(channel) => text(channel_name(channel).text(lang).to_owned()),
        Detail::Text(words) => text(words),
        Detail::Priority { from, to } => {
            text(format!("{} → {}", priority_name(from).text(lang), priority_name(to).text(lang)))
        }
        Detail::Assigned { agent, dealer } => {
            let agent =
                agent.map(|a| agents.iter().find(|(id, _)| *id == a).map_or(format!("#{a}"), |(_, n)| n.clone()));
            let dealer = dealer.map(|d| {
                dealers
                    .iter()
                    .find(|x| x.id == d)
                    .map_or(format!("#{d}"), |x| lang.pick(&x.name_zh, &x.name_en).to_owned())
            });
            let names: Vec<String> = agent.into_iter().chain(dealer).collect();
            text(if names.is_empty() { T::CaseNone.text(lang).to_owned() } else { names.join(" · ") })
        }
        Detail::Case { id, title } => Some(
            view! { <a href=format!("/staff/cases/{id}")>"#" {id} {title.map(|t| format!(" {t}"))}</a> }.into_any(),
        ),
        Detail::Booking(id) => text(format!("{} #{id}", T::BookingTitle.text(lang))),
        Detail::Car(vin) => Some(
            view! {
                <a class="mono" href=format!("/staff/vehicles?vin={vin}")>
                    {vin.clone()}
                </a>
            }
            .into_any(),
        ),
        Detail::Rating(stars) => text("★".repeat(usize::from(stars))),
        Detail::NotReopened => text(super::words::W::CaseNotReopened.text(lang).to_owned()),
    }
}

#[component]
pub fn Photos(lang: Lang, photos: Vec<i64>) -> impl IntoView {
    view! { <Thumbs photos alt=T::CasePhotoAlt.text(lang) size="120" /> }
}

/// The conversation with its reply form (not once the case is closed) and
/// the history. Staff may mark a message as an internal note.
#[component]
pub fn CaseThread(
    lang: Lang,
    id: i64,
    messages: Vec<Message>,
    history: Vec<Event>,
    open: bool,
    action: &'static str,
    reader: Reader,
) -> impl IntoView {
    let staff = reader.is_staff();
    view! {
        <section class="card" aria-labelledby="conversation-title">
            <h2 id="conversation-title">{T::CaseConversation.text(lang)}</h2>
            <Conversation lang messages reader=reader.clone() />
            {open
                .then(|| {
                    view! {
                        <form method="post" action=action>
                            <input type="hidden" name="id" value=id.to_string() />
                            <div class="field">
                                <label for="message">{T::CaseReply.text(lang)}</label>
                                <textarea
                                    id="message"
                                    name="message"
                                    rows="3"
                                    required=true
                                    maxlength="4000"
                                ></textarea>
                            </div>
                            {staff
                                .then(|| {
                                    view! {
                                        <label class="field-check">
                                            <input type="checkbox" name="internal" value="yes" />
                                            " "
                                            {T::CaseInternalHint.text(lang)}
                                        </label>
                                    }
                                })}
                            <button type="submit" class="button primary">
                                {T::CaseSend.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </section>
        <section class="card" aria-labelledby="case-history-title">
            <h2 id="case-history-title">{T::CaseHistoryTitle.text(lang)}</h2>
            <CaseHistory lang history reader />
        </section>
    }
}
