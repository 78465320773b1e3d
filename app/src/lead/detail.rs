//! One lead, as its handler works it (`/staff/leads/:id`): the prospect, the
//! history, and every step a handler takes (moves, a drive, contacts, the next
//! action, a win with its VIN, a loss with its reason, reassignment by the
//! sales manager).

use super::words::{
    event_detail, event_name, lost_reason_name, move_name, next_action_name, part_of_day_name, source_name, stage_name,
    touch_name, L,
};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, BusyForm, FormError, SubmitButton, VinField};
use crate::i18n::{china_time, Lang};
use crate::layout::fetched;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pitlane::account::Role;
use pitlane::error::Field;
use pitlane::lead::views::LeadView;
use pitlane::lead::{may_lose, transition, Move, NextAction, Party, Stage, Touch};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "lead_detail")]
pub async fn lead_detail(id: i64) -> Result<LeadView, AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::works_leads)?;
        let state = state()?;
        Ok(pitlane::lead::store::lead(&state.db, &*state.clock, &staff, id).await?)
    })
    .await
}

/// A handler's step on lead `id`: only lead desks, then back to the lead's page
/// (a failed form post goes back with its error, as `respond` does).
#[cfg(feature = "ssr")]
async fn lead_step<Fut>(
    id: i64,
    step: impl FnOnce(pitlane::account::Staff, crate::state::AppState) -> Fut + Send + 'static,
) -> Result<(), AppError>
where
    Fut: std::future::Future<Output = Result<(), AppError>> + Send,
{
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::works_leads)?;
        step(staff, state()?).await?;
        redirect(&format!("/staff/leads/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "move_lead")]
pub async fn move_lead(id: i64, step: String, note: String) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let step = Move::simple(&step)?;
        let note = pitlane::lead::note(&note)?;
        pitlane::lead::store::act(&state.db, &*state.clock, &state.public_origin, &staff, id, step, &note).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "lose_lead")]
pub async fn lose_lead(id: i64, reason: String, competitor: String, note: String) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let step = pitlane::lead::lose(&reason, &competitor)?;
        let note = pitlane::lead::note(&note)?;
        pitlane::lead::store::act(&state.db, &*state.clock, &state.public_origin, &staff, id, step, &note).await?;
        Ok(())
    })
    .await
}

/// `unregistered` is a ticked box (any value): the sales manager confirms a car the register does not know.
#[server(prefix = "/api", endpoint = "win_lead")]
pub async fn win_lead(id: i64, vin: String, note: String, unregistered: Option<String>) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let vin = pitlane::types::Vin::parse(&vin).map_err(|e| AppError::invalid(Field::Vin, e))?;
        let note = pitlane::lead::note(&note)?;
        let sale = pitlane::lead::Sale { lead: id, vin, unregistered: unregistered.is_some() };
        pitlane::lead::store::win(&state.db, &*state.clock, &state.public_origin, &staff, sale, &note).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "book_lead_drive")]
pub async fn book_lead_drive(id: i64, slot: String) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let at = pitlane::lead::slot(&slot)?;
        pitlane::lead::store::book_drive(&state.db, &*state.clock, &state.public_origin, &staff, id, at).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "log_lead_contact")]
pub async fn log_lead_contact(id: i64, touch: String, note: String) -> Result<(), AppError> {
    use pitlane::error::Problem;
    lead_step(id, move |staff, state| async move {
        let touch = Touch::parse(&touch).ok_or(AppError::invalid(Field::Channel, Problem::UnknownChoice))?;
        let note = pitlane::lead::note(&note)?;
        pitlane::lead::store::log_contact(&state.db, &*state.clock, &staff, id, touch, &note).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "plan_lead")]
pub async fn plan_lead(id: i64, action: String, due: String) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let plan = pitlane::lead::plan(&action, &due)?;
        pitlane::lead::store::plan_next(&state.db, &*state.clock, &staff, id, plan).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "reassign_lead")]
pub async fn reassign_lead(id: i64, handler: String) -> Result<(), AppError> {
    lead_step(id, move |staff, state| async move {
        let to = pitlane::error::choice_id(Field::Role, &handler)?;
        pitlane::lead::store::reassign(&state.db, &*state.clock, &staff, id, to).await?;
        Ok(())
    })
    .await
}

#[component]
pub fn LeadPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    view! {
        <RequireRole allow=Role::works_leads>
            <p>
                <a href="/staff/leads">{L::BoardTitle.text(lang)}</a>
            </p>
            {fetched(lang, move || lead_detail(id), move |lead| view! { <LeadDetail lang lead /> })}
        </RequireRole>
    }
}

#[component]
fn LeadDetail(lang: Lang, lead: LeadView) -> impl IntoView {
    let card = lead.card.clone();
    let source = pitlane::lead::Source::parse(&lead.source).map(|s| source_name(s, lang));
    view! {
        <h1>{card.name.clone()} " · " {lang.pick(&card.model_zh, &card.model_en).to_owned()}</h1>
        <p>
            <span class="badge">{stage_name(card.stage, lang)}</span>
            {card
                .overdue
                .then(|| {
                    view! {
                        " "
                        <span class="badge badge-overdue">{L::BoardOverdueBadge.text(lang)}</span>
                    }
                })}
        </p>
        <dl class="card">
            <dt>{L::DriveMobile.text(lang)}</dt>
            <dd>
                <a href=format!("tel:{}", card.mobile)>{card.mobile.clone()}</a>
            </dd>
            <dt>{L::LeadCity.text(lang)}</dt>
            <dd>{lead.city.clone()}</dd>
            <dt>{L::StatusDealer.text(lang)}</dt>
            <dd>{lang.pick(&lead.dealer.name_zh, &lead.dealer.name_en).to_owned()}</dd>
            <dt>{L::BoardHandler.text(lang)}</dt>
            <dd>{card.handler.clone().unwrap_or_else(|| L::BoardUnassigned.text(lang).to_owned())}</dd>
            {source
                .map(|s| {
                    view! {
                        <dt>{L::LeadSource.text(lang)}</dt>
                        <dd>{s}</dd>
                    }
                })}
            {lead
                .referred_by
                .clone()
                .map(|r| {
                    view! {
                        <dt>{L::LeadReferredBy.text(lang)}</dt>
                        <dd>{r}</dd>
                    }
                })}
            <dt>{L::LeadContactDue.text(lang)}</dt>
            <dd>{china_time(card.contact_due_at)}</dd>
            {card
                .first_contact_at
                .map(|at| {
                    view! {
                        <dt>{L::LeadFirstContact.text(lang)}</dt>
                        <dd>{china_time(at)}</dd>
                    }
                })}
            {card
                .drive_at
                .map(|at| {
                    view! {
                        <dt>{L::StatusAppointment.text(lang)}</dt>
                        <dd>{china_time(at)}</dd>
                    }
                })}
            {lead
                .part_of_day
                .map(|p| {
                    view! {
                        <dt>{L::StatusPreferred.text(lang)}</dt>
                        <dd>{part_of_day_name(p, lang)}</dd>
                    }
                })}
            {lead
                .won_vin
                .clone()
                .map(|v| {
                    view! {
                        <dt>{L::LeadWonVin.text(lang)}</dt>
                        <dd class="vin">{v}</dd>
                    }
                })}
            {lead
                .lost_reason
                .map(|r| {
                    view! {
                        <dt>{L::LeadLostReason.text(lang)}</dt>
                        <dd>{lost_reason_name(r, lang)} {lead.competitor.clone().map(|c| format!(" · {c}"))}</dd>
                    }
                })}
        </dl>
        {lead.trade_in.clone().map(|t| view! { <TradeInCard lang trade_in=t /> })}
        {lead
            .survey
            .clone()
            .map(|s| {
                view! {
                    <section class="card">
                        <h2>{L::LeadSurvey.text(lang)}</h2>
                        <p>{lost_reason_name(s.reason, lang)}</p>
                        {s.would_change.map(|w| view! { <blockquote>{w}</blockquote> })}
                    </section>
                }
            })}
        {card.stage.is_open().then(|| view! { <LeadActions lang lead=lead.clone() /> })}
        <section aria-labelledby="history-title">
            <h2 id="history-title">{L::LeadHistory.text(lang)}</h2>
            <ol class="timeline">
                {lead
                    .events
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li class="timeline-item">
                                <p>
                                    <time>{china_time(e.at)}</time>
                                    " · "
                                    <strong>{event_name(e.kind, lang)}</strong>
                                    {e.actor.map(|a| format!(" · {a}"))}
                                </p>
                                {(!e.detail.is_empty())
                                    .then(|| view! { <p class="meta">{event_detail(e.kind, &e.detail, lang)}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn TradeInCard(lang: Lang, trade_in: pitlane::lead::views::TradeIn) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{L::LeadTradeInCar.text(lang)}</h2>
            <p>
                {lang.pick(&trade_in.model_zh, &trade_in.model_en).to_owned()}
                {trade_in.year.map(|y| format!(" · {y}"))} " · " <span class="vin">{trade_in.vin.clone()}</span>
            </p>
            <p class="meta">
                {L::LeadMileage.text(lang)} ": " {trade_in.mileage_km.map_or("–".to_owned(), |km| format!("{km} km"))}
                " · " {L::LeadServices.text(lang)} ": " {trade_in.services.unwrap_or(0)}
                {trade_in.last_service.map(|d| format!(" ({} {d})", L::LeadLastService.text(lang)))}
            </p>
        </section>
    }
}

/// Every step the lead's stage allows, each a small form.
#[component]
fn LeadActions(lang: Lang, lead: LeadView) -> impl IntoView {
    let id = lead.card.id;
    let stage = lead.card.stage;
    let error = url_error::<MoveLead>()
        .or_else(url_error::<BookLeadDrive>)
        .or_else(url_error::<LogLeadContact>)
        .or_else(url_error::<PlanLead>)
        .or_else(url_error::<ReassignLead>);
    let simple = [("contact", Move::Contact), ("drive_done", Move::DriveDone), ("negotiate", Move::Negotiate)]
        .into_iter()
        .filter_map(|(name, step)| transition(stage, step, Party::Handler).is_ok().then_some(name))
        .collect::<Vec<_>>();
    let may_book = stage == Stage::TestDriveBooked || transition(stage, Move::BookDrive, Party::Handler).is_ok();
    view! {
        <section class="card" aria-labelledby="actions-title">
            <h2 id="actions-title">{L::LeadActions.text(lang)}</h2>
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            {(!simple.is_empty())
                .then(|| {
                    view! {
                        <form method="post" action=MoveLead::url() class="stack">
                            <input type="hidden" name="id" value=id />
                            <div class="field">
                                <label for="move-note">{L::LeadNote.text(lang)}</label>
                                <input id="move-note" name="note" type="text" maxlength="500" />
                            </div>
                            <div class="actions">
                                {simple
                                    .into_iter()
                                    .map(|step| {
                                        view! {
                                            <button type="submit" class="button" name="step" value=step>
                                                {move_name(step, lang)}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </form>
                    }
                })}
            {may_book.then(|| view! { <BookDriveForm lang id offers=lead.offers.clone() /> })}
            <ContactForm lang id />
            <PlanForm lang id current=lead.card.next_action />
            {(!lead.reassign_to.is_empty())
                .then(|| view! { <ReassignForm lang id handlers=lead.reassign_to.clone() /> })}
        </section>
        {stage.may_win().then(|| view! { <WinForm lang id stock=lead.stock.clone() /> })}
        // The loss is offered once someone has reached the prospect (`lead::may_lose`).
        {match may_lose(lead.card.first_contact_at.is_some()) {
            Ok(()) => view! { <LoseForm lang id /> }.into_any(),
            Err(_) => view! { <p class="meta">{L::LeadLoseNeedsContact.text(lang)}</p> }.into_any(),
        }}
    }
}

#[component]
fn BookDriveForm(lang: Lang, id: i64, offers: Vec<pitlane::lead::DriveOffer>) -> impl IntoView {
    if offers.is_empty() {
        return view! { <p class="empty">{L::LeadNoDemoCar.text(lang)}</p> }.into_any();
    }
    view! {
        <form method="post" action=BookLeadDrive::url() class="stack">
            <input type="hidden" name="id" value=id />
            <super::times::HourPicker lang offers legend=L::LeadBookDrive.text(lang) show_free=true error=None />
            <button type="submit" class="button">
                {L::LeadBookDrive.text(lang)}
            </button>
        </form>
    }
    .into_any()
}

#[component]
fn ContactForm(lang: Lang, id: i64) -> impl IntoView {
    view! {
        <form method="post" action=LogLeadContact::url() class="stack">
            <input type="hidden" name="id" value=id />
            <fieldset>
                <legend>{L::LeadLogContact.text(lang)}</legend>
                <div class="field">
                    <label for="touch">{L::LeadTouch.text(lang)}</label>
                    <select id="touch" name="touch">
                        {Touch::ALL
                            .iter()
                            .map(|t| view! { <option value=t.as_str()>{touch_name(*t, lang)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="contact-note">{L::LeadNote.text(lang)}</label>
                    <input id="contact-note" name="note" type="text" maxlength="500" />
                </div>
                <button type="submit" class="button">
                    {L::LeadLogContact.text(lang)}
                </button>
            </fieldset>
        </form>
    }
}

#[component]
fn PlanForm(lang: Lang, id: i64, current: Option<NextAction>) -> impl IntoView {
    view! {
        <form method="post" action=PlanLead::url() class="stack">
            <input type="hidden" name="id" value=id />
            <fieldset>
                <legend>{L::LeadNextAction.text(lang)}</legend>
                <div class="field">
                    <label for="action">{L::LeadNextAction.text(lang)}</label>
                    <select id="action" name="action">
                        {NextAction::ALL
                            .iter()
                            .map(|a| {
                                view! {
                                    <option value=a.as_str() selected=current == Some(*a)>
                                        {next_action_name(*a, lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="due">{L::LeadNextDue.text(lang)}</label>
                    <input id="due" name="due" type="datetime-local" required />
                </div>
                <button type="submit" class="button">
                    {L::LeadSave.text(lang)}
                </button>
            </fieldset>
        </form>
    }
}

#[component]
fn ReassignForm(lang: Lang, id: i64, handlers: Vec<(i64, String)>) -> impl IntoView {
    view! {
        <form method="post" action=ReassignLead::url() class="stack">
            <input type="hidden" name="id" value=id />
            <div class="field">
                <label for="handler">{L::LeadReassign.text(lang)}</label>
                <select id="handler" name="handler">
                    {handlers
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">
                {L::LeadReassign.text(lang)}
            </button>
        </form>
    }
}

#[component]
fn WinForm(lang: Lang, id: i64, stock: Vec<String>) -> impl IntoView {
    let error = url_error::<WinLead>();
    let stock = if stock.is_empty() {
        view! { <p class="meta">{L::LeadNoStock.text(lang)}</p> }.into_any()
    } else {
        view! {
            <p class="meta">
                {L::LeadStock.text(lang)} " "
                {stock
                    .into_iter()
                    .map(|vin| {
                        view! {
                            <code>{vin}</code>
                            " "
                        }
                    })
                    .collect_view()}
            </p>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="win-title">
            <h2 id="win-title">{L::LeadWin.text(lang)}</h2>
            <p class="meta">{L::LeadWinHint.text(lang)}</p>
            <FormError message=error_for_form(&error, lang) />
            <BusyForm action=WinLead::url().to_owned()>
                <input type="hidden" name="id" value=id />
                <VinField lang value=String::new() error=error_for(&error, Field::Vin, lang) />
                {stock}
                <p class="field-check">
                    <label>
                        <input type="checkbox" name="unregistered" value="yes" />
                        " "
                        {L::LeadWinUnregistered.text(lang)}
                    </label>
                </p>
                <div class="field">
                    <label for="win-note">{L::LeadNote.text(lang)}</label>
                    <input id="win-note" name="note" type="text" maxlength="500" />
                </div>
                <SubmitButton label=L::LeadWin.text(lang) busy_label=L::LeadSaving.text(lang) />
            </BusyForm>
        </section>
    }
}

#[component]
fn LoseForm(lang: Lang, id: i64) -> impl IntoView {
    let error = url_error::<LoseLead>();
    view! {
        <section class="card" aria-labelledby="lose-title">
            <h2 id="lose-title">{L::LeadLose.text(lang)}</h2>
            <FormError message=error_for_form(&error, lang) />
            <BusyForm action=LoseLead::url().to_owned()>
                <input type="hidden" name="id" value=id />
                <super::LostReasonField
                    lang
                    label=L::LeadLostReason.text(lang)
                    error=error_for(&error, Field::Reason, lang)
                />
                <div class="field">
                    <label for="competitor">{L::LeadCompetitor.text(lang)}</label>
                    <input id="competitor" name="competitor" type="text" maxlength="60" />
                </div>
                <div class="field">
                    <label for="lose-note">{L::LeadNote.text(lang)}</label>
                    <input id="lose-note" name="note" type="text" maxlength="500" />
                </div>
                <SubmitButton label=L::LeadLose.text(lang) busy_label=L::LeadSaving.text(lang) />
            </BusyForm>
        </section>
    }
}
