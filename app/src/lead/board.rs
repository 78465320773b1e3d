//! The lead handlers' board: a dealer's leads by stage with the overdue count
//! and each handler's median time to first contact, "today", and going on or
//! off duty. One lead's page is in `detail`.

use super::words::{next_action_name, stage_name, L};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::{china_time, Lang};
use crate::layout::{fetched, Figure};
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::lead::views::{Board, LeadCard};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "lead_board")]
pub async fn lead_board(dealer: Option<i64>) -> Result<Board, AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::works_leads)?;
        let state = state()?;
        Ok(pitlane::lead::store::board(&state.db, &*state.clock, &staff, dealer).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "set_lead_duty")]
pub async fn set_lead_duty(on: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::works_leads)?;
        let state = state()?;
        pitlane::lead::store::set_on_duty(&state.db, &staff, on == "yes").await?;
        redirect("/staff/leads");
        Ok(())
    })
    .await
}

#[component]
pub fn LeadBoardPage() -> impl IntoView {
    let lang = visitor().lang;
    let dealer = use_query_map().get_untracked().get("dealer").and_then(|d| d.parse::<i64>().ok());
    view! {
        <RequireRole allow=Role::works_leads>
            <h1>{L::BoardTitle.text(lang)}</h1>
            {fetched(lang, move || lead_board(dealer), move |board| view! { <BoardView lang board /> })}
        </RequireRole>
    }
}

#[component]
fn BoardView(lang: Lang, board: Board) -> impl IntoView {
    let Board { dealer, columns, overdue, handlers, today, me_on_duty } = board;
    let late = overdue > 0;
    let open = columns.iter().filter(|(s, _)| s.is_open()).map(|(_, c)| c.len() as i64).sum();
    let is_handler = visitor().user.is_some_and(|u| u.role == pitlane::account::Role::LeadHandler);
    view! {
        <p class="lead">{lang.pick(&dealer.name_zh, &dealer.name_en).to_owned()}</p>
        <ul class="figures">
            <Figure value=overdue label=L::BoardOverdue.text(lang) alert=late />
            <Figure value=open label=L::BoardOpen.text(lang) />
        </ul>
        <p class="meta">{L::BoardBenchmark.text(lang)}</p>
        {is_handler
            .then(|| {
                let (value, label) = if me_on_duty { ("no", L::BoardGoOffDuty) } else { ("yes", L::BoardGoOnDuty) };
                view! {
                    <form method="post" action=SetLeadDuty::url() class="inline">
                        <input type="hidden" name="on" value=value />
                        <button type="submit" class="button small">
                            {label.text(lang)}
                        </button>
                    </form>
                }
            })}
        <HandlerTable lang handlers />
        <section aria-labelledby="today-title">
            <h2 id="today-title">{L::BoardToday.text(lang)}</h2>
            {if today.is_empty() {
                view! { <p class="empty card">{L::BoardTodayEmpty.text(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="lead-cards">
                        {today.into_iter().map(|card| view! { <LeadCardItem lang card /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <div class="lead-board">
            {columns
                .into_iter()
                .map(|(stage, cards)| {
                    let id = format!("stage-{}", stage.as_str());
                    let labelled_by = id.clone();
                    view! {
                        <section class="lead-column" aria-labelledby=labelled_by>
                            <h2 id=id>{stage_name(stage, lang)} " (" {cards.len()} ")"</h2>
                            {if cards.is_empty() {
                                view! { <p class="empty">{L::BoardEmptyColumn.text(lang)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="lead-cards">
                                        {cards
                                            .into_iter()
                                            .map(|card| view! { <LeadCardItem lang card /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn HandlerTable(lang: Lang, handlers: Vec<pitlane::lead::views::HandlerFigures>) -> impl IntoView {
    view! {
        <DataTable
            caption=L::BoardHandlers.text(lang)
            columns=vec![
                Col::new(L::BoardHandler.text(lang), Holds::Name),
                Col::new(L::BoardOnDuty.text(lang), Holds::Status),
                Col::new(L::BoardOpen.text(lang), Holds::Number),
                Col::new(L::BoardMedian.text(lang), Holds::Number),
            ]
        >
            {handlers
                .into_iter()
                .map(|h| {
                    let duty = if h.on_duty { L::BoardOnDuty } else { L::BoardOffDuty };
                    view! {
                        <tr>
                            <th scope="row">
                                <Clip text=h.name />
                            </th>
                            <td>{duty.text(lang)}</td>
                            <td>{h.open}</td>
                            <td>
                                {h
                                    .median_first_contact_minutes
                                    .map_or("–".to_owned(), |m| format!("{m} {}", L::BoardMinutes.text(lang)))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}

#[component]
fn LeadCardItem(lang: Lang, card: LeadCard) -> impl IntoView {
    let trade_in = card.kind == pitlane::lead::Kind::TradeIn;
    view! {
        <li class="card lead-card" data-overdue=card.overdue.to_string()>
            <p class="post-title">
                <a href=format!("/staff/leads/{}", card.id)>{card.name.clone()}</a>
                " · "
                {lang.pick(&card.model_zh, &card.model_en).to_owned()}
                {trade_in
                    .then(|| {
                        view! {
                            " "
                            <span class="badge">{L::BoardTradeIn.text(lang)}</span>
                        }
                    })}
                {card
                    .overdue
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge-overdue">{L::BoardOverdueBadge.text(lang)}</span>
                        }
                    })}
            </p>
            <p class="meta">
                {card.handler.clone().unwrap_or_else(|| L::BoardUnassigned.text(lang).to_owned())}
                {card
                    .next_action
                    .zip(card.next_action_due)
                    .map(|(action, due)| {
                        view! {
                            " · "
                            {next_action_name(action, lang)}
                            " "
                            {L::BoardDue.text(lang)}
                            " "
                            {china_time(due)}
                        }
                    })}
                {card
                    .drive_at
                    .map(|at| {
                        view! {
                            " · "
                            {L::StatusAppointment.text(lang)}
                            " "
                            {china_time(at)}
                        }
                    })}
            </p>
        </li>
    }
}
