//! The case console: one case with its thread, history and SLA clocks, where
//! an agent replies or notes, moves it along, assigns it, sets its priority,
//! merges a duplicate and links a booking or a car.

use super::options;
use super::staff::CloseCaseFollowup;
#[cfg(feature = "ssr")]
use super::staff::{desk, on_case, on_case_keeping};
use super::view::{
    category_name, channel_name, kind_name, priority_name, CaseStatusBadge, CaseThread, CaseTimeline, Photos,
    PriorityBadge, Reader, SlaClockBadge,
};
use super::words::W;
use crate::auth::{visitor, RequireRole};
use crate::booking::workshop::StageBadge;
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, FormError};
use crate::i18n::{china_time, Lang, T};
use crate::icons::{Icon, Svg};
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pitlane::account::Role;
use pitlane::case::{Action, CaseBooking, Console, Priority, Status};
use pitlane::error::Field;
use pitlane::garage::OwnerContact;
use server_fn::ServerFn;

/// The whole case for staff, internal notes included, its owner as the desk
/// may see them, with whom it can go to.
#[server(prefix = "/api", endpoint = "staff_case")]
pub async fn staff_case(id: i64) -> Result<(Console, Vec<(i64, String)>, Vec<pitlane::dealer::Dealer>), AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let desk = desk()?;
        let state = state()?;
        let case = pitlane::case::store::staff_view(&state.db, &*state.clock, desk, id).await?;
        let agents = pitlane::case::store::agents(&state.db, desk).await?;
        let dealers = pitlane::dealer::list(&state.db).await.map_err(pitlane::DomainError::from)?;
        Ok((case, agents, dealers))
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff_reply_case")]
pub async fn staff_reply_case(id: i64, message: String, internal: Option<String>) -> Result<(), AppError> {
    on_case(id, move |state, desk| async move {
        let body = super::message_text(&message)?;
        Ok(pitlane::case::store::staff_reply(&state.db, &*state.clock, desk, id, &body, internal.is_some()).await?)
    })
    .await
}

/// A step along the case's life; resolving carries the note to the owner.
#[server(prefix = "/api", endpoint = "case_action")]
pub async fn case_action(id: i64, action: String, note: Option<String>) -> Result<(), AppError> {
    use pitlane::case::Party;
    let note = note.unwrap_or_default();
    on_case_keeping(id, &[("note", note.clone())], move |state, desk| async move {
        let action = Action::parse(&action, &note)?;
        Ok(pitlane::case::store::act(&state.db, &*state.clock, Party::Staff, desk.id, Some(desk.desk), id, action)
            .await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "assign_case")]
pub async fn assign_case(id: i64, assignee: String, dealer: String) -> Result<(), AppError> {
    on_case(id, move |state, desk| async move {
        let (assignee, dealer) = (assignee.trim().parse().ok(), dealer.trim().parse().ok());
        Ok(pitlane::case::store::assign(&state.db, &*state.clock, desk, id, assignee, dealer).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "case_priority")]
pub async fn case_priority(id: i64, priority: String) -> Result<(), AppError> {
    use pitlane::error::{Field, Problem};
    on_case(id, move |state, desk| async move {
        let priority = Priority::parse(&priority).ok_or(AppError::invalid(Field::Priority, Problem::UnknownChoice))?;
        Ok(pitlane::case::store::set_priority(&state.db, &*state.clock, desk, id, priority).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "merge_case")]
pub async fn merge_case(id: i64, into: String) -> Result<(), AppError> {
    use pitlane::error::{Field, Problem};
    on_case(id, move |state, desk| async move {
        let into = into
            .trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| AppError::invalid(Field::MergeInto, Problem::UnknownChoice))?;
        Ok(pitlane::case::store::merge(&state.db, &*state.clock, desk, id, into).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "link_case_booking")]
pub async fn link_case_booking(id: i64, booking: String) -> Result<(), AppError> {
    use pitlane::error::{Field, Problem};
    on_case(id, move |state, desk| async move {
        let booking = booking
            .trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| AppError::invalid(Field::Booking, Problem::UnknownChoice))?;
        let to = pitlane::case::store::Link::Booking(booking);
        Ok(pitlane::case::store::link(&state.db, &*state.clock, desk, id, to).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "link_case_car")]
pub async fn link_case_car(id: i64, vin: String) -> Result<(), AppError> {
    use pitlane::error::Field;
    on_case(id, move |state, desk| async move {
        let vin = pitlane::types::Vin::parse(&vin).map_err(|e| AppError::invalid(Field::Vin, e))?;
        let to = pitlane::case::store::Link::Car(vin);
        Ok(pitlane::case::store::link(&state.db, &*state.clock, desk, id, to).await?)
    })
    .await
}
#[component]
pub fn StaffCasePage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let error = url_error::<StaffReplyCase>()
        .or_else(url_error::<CaseAction>)
        .or_else(url_error::<AssignCase>)
        .or_else(url_error::<CasePriority>)
        .or_else(url_error::<MergeCase>)
        .or_else(url_error::<LinkCaseBooking>)
        .or_else(url_error::<LinkCaseCar>)
        .or_else(url_error::<CloseCaseFollowup>);
    // An error about the resolution note stands beside the note, the rest on top.
    let on_top = error_for_form(&error, lang)
        .or_else(|| error.as_ref().filter(|e| e.field() != Some(Field::Note)).map(|e| e.text(lang)));
    view! {
        <RequireRole allow=Role::is_care>
            <FormError message=on_top />
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let error = error.clone();
                    Suspend::new(async move {
                        let Some(id) = id else { return failed(AppError::NotFound, lang) };
                        match staff_case(id).await {
                            Err(err) => failed(err, lang),
                            Ok((console, agents, dealers)) => {
                                view! { <CaseConsole lang console agents dealers error /> }.into_any()
                            }
                        }
                    })
                }
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn CaseConsole(
    lang: Lang,
    console: Console,
    agents: Vec<(i64, String)>,
    dealers: Vec<pitlane::dealer::Dealer>,
    error: Option<AppError>,
) -> impl IntoView {
    let Console { case, owner, owner_reached, booking } = console;
    let s = case.summary.clone();
    let id = s.id;
    let hidden_id = move || view! { <input type="hidden" name="id" value=id.to_string() /> };
    // The steps a button takes; resolving has a form of its own, for its note.
    let (steps, resolvable): (Vec<(Action, T)>, bool) = match s.status {
        Status::Submitted => {
            (vec![(Action::Acknowledge, T::CaseDoAcknowledge), (Action::Start, T::CaseDoStart)], false)
        }
        Status::Acknowledged => (vec![(Action::Start, T::CaseDoStart)], true),
        Status::InProgress => (Vec::new(), true),
        // While the owner may still rate or reopen it, the case waits for them.
        Status::Resolved if case.reopenable => (Vec::new(), false),
        Status::Resolved => (vec![(Action::Close, T::CaseDoClose)], false),
        Status::Closed => (Vec::new(), false),
    };
    let open = s.status != Status::Closed;
    let reader = Reader::Staff { owner: s.owner_name.clone(), agents: agents.clone(), dealers: dealers.clone() };
    let booking = booking.map(|b| view! { <LinkedBooking lang b dealers=dealers.clone() /> });
    view! {
        <h1>"#" {id} " " {s.title.clone()}</h1>
        <p>
            <CaseStatusBadge lang status=s.status />
            " "
            <PriorityBadge lang priority=s.priority />
            " "
            <SlaClockBadge lang clock=s.clock />
            {(s.escalation > 0)
                .then(|| {
                    view! {
                        " "
                        <span class="badge badge-overdue">{T::CaseEscalated.text(lang)} " " {s.escalation}</span>
                    }
                })}
        </p>
        <CaseTimeline lang status=s.status history=case.history.clone() />
        <div class="grid two">
            <section class="card">
                <dl>
                    <OwnerRows lang owner reached=owner_reached />
                    <dt>{T::CaseKind.text(lang)}</dt>
                    <dd>{kind_name(s.kind).text(lang)} " · " {category_name(s.category).text(lang)}</dd>
                    <dt>{T::CaseChannel.text(lang)}</dt>
                    <dd>{channel_name(case.channel).text(lang)}</dd>
                    <dt>{T::CaseResponseBy.text(lang)}</dt>
                    <dd>
                        {china_time(case.response_due.timestamp_millis())} " "
                        {case.responded_at.map(|_| view! { <Svg icon=Icon::Check label=T::StateDone.text(lang) /> })}
                    </dd>
                    <dt>{T::CaseResolveBy.text(lang)}</dt>
                    <dd>
                        {china_time(case.resolution_due.timestamp_millis())} " "
                        {case.resolved_at.map(|_| view! { <Svg icon=Icon::Check label=T::StateDone.text(lang) /> })}
                    </dd>
                    {case
                        .vin
                        .as_ref()
                        .map(ToString::to_string)
                        .map(|v| {
                            view! {
                                <dt>{T::GarageVin.text(lang)}</dt>
                                <dd>
                                    <a class="mono" href=format!("/staff/vehicles?vin={v}")>
                                        {v.clone()}
                                    </a>
                                </dd>
                            }
                        })}
                    {booking}
                    {case
                        .merged_into
                        .map(|m| {
                            view! {
                                <dt>{T::CaseMergedNotice.text(lang)}</dt>
                                <dd>
                                    <a href=format!("/staff/cases/{m}")>"#" {m}</a>
                                </dd>
                            }
                        })}
                    {case
                        .rating
                        .clone()
                        .map(|(stars, comment)| {
                            view! {
                                <dt>{T::CaseRating.text(lang)}</dt>
                                <dd>{"★".repeat(usize::from(stars))} " " {comment}</dd>
                            }
                        })}
                </dl>
                <p class="message-body">{case.description.clone()}</p>
                <Photos lang photos=case.photos.clone() />
            </section>
            <section class="card" aria-labelledby="manage-title">
                <h2 id="manage-title">{T::CaseManage.text(lang)}</h2>
                <div class="inline-form">
                    {steps
                        .into_iter()
                        .map(|(action, label)| {
                            view! {
                                <form method="post" action=CaseAction::url()>
                                    {hidden_id()}
                                    <input type="hidden" name="action" value=action.as_str() />
                                    <button type="submit" class="button small">
                                        {label.text(lang)}
                                    </button>
                                </form>
                            }
                        })
                        .collect_view()}
                </div>
                {resolvable.then(|| view! { <ResolveForm lang id error=error.clone() /> })}
                <form method="post" action=AssignCase::url() class="inline-form">
                    {hidden_id()}
                    <label>
                        {T::CaseAssignee.text(lang)} <select name="assignee">
                            <option value="">{T::CaseNone.text(lang)}</option>
                            {agents
                                .into_iter()
                                .map(|(a, name)| {
                                    view! {
                                        <option
                                            value=a.to_string()
                                            selected=s.assignee.as_deref() == Some(name.as_str())
                                        >
                                            {name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        {T::BookDealer.text(lang)} <select name="dealer">
                            <option value="">{T::CaseNone.text(lang)}</option>
                            {dealers
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option
                                            value=d.id.to_string()
                                            selected=s.dealer_en.as_deref() == Some(d.name_en.as_str())
                                        >
                                            {lang.pick(&d.name_zh, &d.name_en).to_owned()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="button small">
                        {T::CaseAssign.text(lang)}
                    </button>
                </form>
                <form method="post" action=CasePriority::url() class="inline-form">
                    {hidden_id()}
                    <label>
                        {T::CasePriority.text(lang)}
                        <select name="priority">
                            {options(Priority::ALL, Priority::as_str, priority_name, lang, s.priority.as_str())}
                        </select>
                    </label>
                    <button type="submit" class="button small">
                        {T::CaseSetPriority.text(lang)}
                    </button>
                </form>
                {open
                    .then(|| {
                        view! {
                            <form method="post" action=MergeCase::url() class="inline-form">
                                {hidden_id()}
                                <label>
                                    {T::CaseMergeInto.text(lang)}
                                    <input name="into" inputmode="numeric" required=true size="6" />
                                </label>
                                <button type="submit" class="button small">
                                    {T::CaseMerge.text(lang)}
                                </button>
                            </form>
                            <form method="post" action=LinkCaseBooking::url() class="inline-form">
                                {hidden_id()}
                                <label>
                                    {T::CaseLinkBooking.text(lang)}
                                    <input name="booking" inputmode="numeric" required=true size="6" />
                                </label>
                                <button type="submit" class="button small">
                                    {T::CaseLink.text(lang)}
                                </button>
                            </form>
                            <form method="post" action=LinkCaseCar::url() class="inline-form">
                                {hidden_id()}
                                <label>
                                    {T::CaseLinkCar.text(lang)}
                                    <input name="vin" maxlength="17" required=true size="17" />
                                </label>
                                <button type="submit" class="button small">
                                    {T::CaseLink.text(lang)}
                                </button>
                            </form>
                        }
                    })}
            </section>
        </div>
        <CaseThread lang id messages=case.messages history=case.history open action=StaffReplyCase::url() reader />
    }
}

/// Who the owner is and how to reach them: their contacts as the desk may see
/// them, and their profile where the desk reaches them.
#[component]
fn OwnerRows(lang: Lang, owner: OwnerContact, reached: bool) -> impl IntoView {
    // Whole contacts are links to call or write; masked ones only say which.
    let contact = |href: &str, value: String| {
        if reached {
            let target = format!("{href}{value}");
            view! { <a href=target>{value}</a> }.into_any()
        } else {
            view! { <span>{value}</span> }.into_any()
        }
    };
    let contacts: Vec<AnyView> = [owner.mobile.map(|m| contact("tel:", m)), owner.email.map(|e| contact("mailto:", e))]
        .into_iter()
        .flatten()
        .collect();
    let none = contacts.is_empty();
    view! {
        <dt>{T::CaseOwner.text(lang)}</dt>
        <dd>
            <strong>{owner.display_name}</strong>
            {reached
                .then(|| {
                    view! {
                        " · "
                        <a href=format!("/staff/owners/{}", owner.user_id)>{T::StaffOwnerProfile.text(lang)}</a>
                    }
                })}
        </dd>
        <dt>{W::OwnerContact.text(lang)}</dt>
        <dd class="contacts">
            {contacts} {none.then(|| view! { <span class="aside">{W::OwnerNoContact.text(lang)}</span> })}
            {(!reached).then(|| view! { <p class="aside">{W::OwnerOutOfReach.text(lang)}</p> })}
        </dd>
    }
}

/// The booking a case is about: when, where, what, how far it got; the car,
/// and for those who run a workshop, its day sheet.
#[component]
fn LinkedBooking(lang: Lang, b: CaseBooking, dealers: Vec<pitlane::dealer::Dealer>) -> impl IntoView {
    let CaseBooking { booking, service_zh, service_en } = b;
    let dealer =
        dealers.iter().find(|d| d.id == booking.dealer_id).map(|d| lang.pick(&d.name_zh, &d.name_en).to_owned());
    let day = pitlane::zone::local_date(pitlane::zone::CHINA, booking.starts_at);
    let workshop = visitor().user.is_some_and(|u| u.role.is_workshop());
    view! {
        <dt>{W::BookingNo.text(lang)}</dt>
        <dd>
            "#" {booking.id} " · " {china_time(booking.starts_at.timestamp_millis())} " · "
            {lang.pick(&service_zh, &service_en).to_owned()} {dealer.map(|d| format!(" · {d}"))} " "
            <StageBadge lang stage=booking.stage /> <br />
            <a href=format!("/staff/vehicles?vin={}", booking.vin)>{W::OpenCar.text(lang)}</a>
            {workshop
                .then(|| {
                    view! {
                        " · "
                        <a href=format!(
                            "/staff/schedule?day={day}&dealer={}",
                            booking.dealer_id,
                        )>{W::OpenDaySheet.text(lang)}</a>
                    }
                })}
        </dd>
    }
}

/// Resolving says what was done: the note goes to the owner, who reads it
/// before rating or reopening. A refused note comes back with what was typed.
#[component]
fn ResolveForm(lang: Lang, id: i64, error: Option<AppError>) -> impl IntoView {
    let note_error = error_for(&error, Field::Note, lang);
    let invalid = note_error.is_some();
    view! {
        <form method="post" action=CaseAction::url() class="resolve">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="action" value="resolve" />
            <div class="field" class:field-invalid=invalid>
                <label for="resolution-note">{W::ResolutionNote.text(lang)}</label>
                <textarea
                    id="resolution-note"
                    name="note"
                    rows="3"
                    required=true
                    maxlength=pitlane::case::MAX_RESOLUTION_NOTE_CHARS.to_string()
                    aria-describedby="resolution-note-hint resolution-note-error"
                    aria-invalid=invalid.then_some("true")
                >
                    {crate::form::textarea_text(&kept_value("note"))}
                </textarea>
                <p class="field-hint" id="resolution-note-hint">
                    {W::ResolutionNoteHint.text(lang)}
                </p>
                <p class="field-error" id="resolution-note-error" role="alert">
                    {note_error}
                </p>
            </div>
            <button type="submit" class="button small">
                {T::CaseDoResolve.text(lang)}
            </button>
        </form>
    }
}
