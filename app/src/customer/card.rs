//! One page per customer (`/staff/owners/{id}`): profile and consent, value
//! and churn risk, the named advisor, one timeline of every touchpoint with
//! staff notes, then cars, bookings, cases, surveys, leads, points and club.
//! Every desk that reaches the owner opens it; each view is audited.

mod sections;
pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, Lang};
use crate::layout::fetched;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::account::Role;
use pitlane::customer::card::{Card, TimelineEntry, Touch, TouchKind, NOTE_MAX};
use pitlane::error::Field;
use server_fn::ServerFn;
use words::{touch_kind_name, C};

/// The customer's page as the desk may see it, its timeline of `kind`'s
/// touchpoints (every kind when empty or unknown); the view is audited.
#[server(prefix = "/api", endpoint = "staff_owner")]
pub async fn staff_owner(user_id: i64, kind: Option<String>) -> Result<Card, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, visitor) = require(Role::serves_owners)?;
        let staff = user.as_staff().ok_or(AppError::Forbidden)?;
        let state = state()?;
        let filter = kind.as_deref().and_then(TouchKind::parse);
        let now = state.clock.now();
        Ok(pitlane::customer::store::card(&state.db, staff, user_id, filter, now, &visitor.client_addr).await?)
    })
    .await
}

/// Names an owner's service advisor (one-to-one service).
#[server(prefix = "/api", endpoint = "assign_owner_advisor")]
pub async fn assign_owner_advisor(owner: i64, advisor: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_care)?;
        let state = state()?;
        pitlane::account::reach::owner(&state.db, staff.desk, owner).await?;
        pitlane::booking::store::assign_advisor(&state.db, owner, advisor, staff.desk.dealer()).await?;
        redirect(&format!("/staff/owners/{owner}"));
        Ok(())
    })
    .await
}

/// A staff note on the customer, shown on the timeline to every desk that opens the page.
#[server(prefix = "/api", endpoint = "add_customer_note")]
pub async fn add_customer_note(owner: i64, note: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond_keeping, state};
    let keep = [("note", note.clone())];
    respond_keeping(&keep, async move {
        let staff = require_staff(Role::serves_owners)?;
        let state = state()?;
        let note = pitlane::customer::card::NoteText::parse(&note)?;
        pitlane::customer::store::add_note(&state.db, staff, owner, &note, state.clock.now()).await?;
        redirect(&format!("/staff/owners/{owner}?kind=notes#timeline"));
        Ok(())
    })
    .await
}

#[component]
pub fn CustomerCardPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let names_advisors = visitor.user.as_ref().is_some_and(|u| u.role.is_care());
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let kind = use_query_map().get_untracked().get("kind");
    view! {
        <RequireRole allow=Role::serves_owners>
            <h1>{C::Title.text(lang)}</h1>
            {match id {
                None => view! { <crate::auth::ErrorPage status=404 /> }.into_any(),
                Some(id) => {
                    fetched(
                            lang,
                            move || staff_owner(id, kind.clone()),
                            move |card| view! { <CustomerCard lang card names_advisors /> },
                        )
                        .into_any()
                }
            }}
        </RequireRole>
    }
}

#[component]
fn CustomerCard(lang: Lang, card: Card, names_advisors: bool) -> impl IntoView {
    let Card {
        owner,
        profile,
        consent,
        cars,
        bookings,
        cases,
        surveys,
        leads,
        referrals,
        points,
        club,
        advisor,
        advisors,
        score,
        timeline,
        filter,
    } = card;
    view! {
        <h2 class="customer-name">{profile.display_name.clone()}</h2>
        <div class="grid two">
            <sections::ProfileCard lang profile consent />
            <sections::ValueCard lang score />
        </div>
        <sections::AdvisorCard lang owner advisor advisors names_advisors />
        <Timeline lang owner timeline filter />
        <sections::CarsCard lang cars />
        <sections::BookingsCard lang bookings />
        <sections::CasesCard lang cases />
        <sections::SurveysCard lang surveys />
        <sections::LeadsCard lang leads referrals />
        <div class="grid two">
            <sections::PointsCard lang points />
            <sections::ClubCard lang club />
        </div>
    }
}

/// Every touchpoint, newest first, with links that filter it by kind (plain
/// GET links: they work without JavaScript) and the note form on top.
#[component]
fn Timeline(lang: Lang, owner: i64, timeline: Vec<TimelineEntry>, filter: Option<TouchKind>) -> impl IntoView {
    let link = |kind: Option<TouchKind>, label: &'static str| {
        let href = match kind {
            Some(k) => format!("/staff/owners/{owner}?kind={}#timeline", k.as_str()),
            None => format!("/staff/owners/{owner}#timeline"),
        };
        let current = (kind == filter).then_some("page");
        view! {
            <li>
                <a href=href aria-current=current class="chip">
                    {label}
                </a>
            </li>
        }
    };
    let filters = std::iter::once(link(None, C::TimelineAll.text(lang)))
        .chain(TouchKind::ALL.into_iter().map(|k| link(Some(k), touch_kind_name(k, lang))))
        .collect_view();
    let full = timeline.len() as i64 >= pitlane::customer::card::TIMELINE_MAX;
    let body = if timeline.is_empty() {
        view! { <p class="empty">{C::TimelineEmpty.text(lang)}</p> }.into_any()
    } else {
        let items = timeline.into_iter().map(|e| view! { <TimelineItem lang entry=e /> }).collect_view();
        view! { <ol class="timeline">{items}</ol> }.into_any()
    };
    view! {
        <section class="card" id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{C::Timeline.text(lang)}</h2>
            <NoteForm lang owner />
            <nav aria-label=C::FilterLabel.text(lang)>
                <ul class="chips plain">{filters}</ul>
            </nav>
            {body}
            {full.then(|| view! { <p class="aside">{C::TimelineCap.text(lang)}</p> })}
        </section>
    }
}

#[component]
fn TimelineItem(lang: Lang, entry: TimelineEntry) -> impl IntoView {
    let kind = touch_kind_name(entry.touch.kind(), lang);
    let (what, detail) = sections::touch_words(&entry.touch, lang);
    let note = matches!(entry.touch, Touch::Note { .. });
    view! {
        <li class="timeline-item" class:timeline-note=note>
            <p class="timeline-head">
                <time>{china_time(entry.at)}</time>
                " · "
                <span class="badge">{kind}</span>
                " "
                <strong>{what}</strong>
            </p>
            {(!detail.is_empty()).then(|| view! { <p class="timeline-detail">{detail}</p> })}
        </li>
    }
}

/// A note for colleagues; a refused one comes back with what was typed.
#[component]
fn NoteForm(lang: Lang, owner: i64) -> impl IntoView {
    let error = url_error::<AddCustomerNote>();
    let note_error = error_for(&error, Field::Note, lang);
    let invalid = note_error.is_some();
    let form_error = error_for_form(&error, lang);
    view! {
        <BusyForm action=AddCustomerNote::url().to_owned()>
            <FormError message=form_error />
            <input type="hidden" name="owner" value=owner.to_string() />
            <div class="field" class:field-invalid=invalid>
                <label for="customer-note">{C::NoteLabel.text(lang)}</label>
                <textarea
                    id="customer-note"
                    name="note"
                    rows="2"
                    required=true
                    maxlength=NOTE_MAX.to_string()
                    aria-describedby="customer-note-hint customer-note-error"
                    aria-invalid=invalid.then_some("true")
                >
                    {crate::form::textarea_text(&kept_value("note"))}
                </textarea>
                <p class="field-hint" id="customer-note-hint">
                    {C::NoteHint.text(lang)}
                </p>
                <p class="field-error" id="customer-note-error" role="alert">
                    {note_error}
                </p>
            </div>
            <SubmitButton label=C::NoteSave.text(lang) busy_label=C::NoteSaving.text(lang) />
        </BusyForm>
    }
}
