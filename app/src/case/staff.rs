//! Customer care's side of cases: the queue with filters, counts and SLA
//! clocks; cases opened on an owner's behalf; the 7-day follow-ups; and the
//! SLA policy, which admins edit. One case's console is `console.rs`.

use super::view::{category_name, channel_name, kind_name, priority_name, status_name, PriorityBadge};
use super::{options, CaseList};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::followup::CloseTaskButton;
use crate::form::{error_for_form, url_error, FormError};
use crate::i18n::{china_time, Lang, T};
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::case::{Category, Channel, Kind, Priority, SlaPolicy, Status, Summary};
use server_fn::ServerFn;

/// The signed-in care agent's desk: their dealer's cases, or all for brand
/// staff and admins.
#[cfg(feature = "ssr")]
pub(super) fn desk() -> Result<pitlane::account::Staff, AppError> {
    crate::auth::ssr::require_staff(Role::is_care)
}

/// Runs one console action on a case at the agent's desk, then shows the case.
#[cfg(feature = "ssr")]
pub(super) async fn on_case<F, Fut>(id: i64, act: F) -> Result<(), AppError>
where
    F: FnOnce(crate::state::AppState, pitlane::account::Staff) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + Send,
{
    on_case_keeping(id, &[], act).await
}

/// Like [`on_case`], and a refused form comes back with what was typed in `keep`.
#[cfg(feature = "ssr")]
pub(super) async fn on_case_keeping<F, Fut>(id: i64, keep: &[(&str, String)], act: F) -> Result<(), AppError>
where
    F: FnOnce(crate::state::AppState, pitlane::account::Staff) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + Send,
{
    use crate::auth::ssr::{redirect, respond_keeping, state};
    respond_keeping(keep, async move {
        let desk = desk()?;
        act(state()?, desk).await?;
        redirect(&format!("/staff/cases/{id}"));
        Ok(())
    })
    .await
}

/// What the queue page shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Queue {
    pub cases: Vec<Summary>,
    pub counts: Vec<(Status, i64)>,
    pub overdue: i64,
    pub followups: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)>,
    pub dealers: Vec<pitlane::dealer::Dealer>,
    pub policies: Vec<SlaPolicy>,
}

#[server(prefix = "/api", endpoint = "case_queue")]
pub async fn case_queue(
    status: String,
    category: String,
    priority: String,
    dealer: String,
    overdue: Option<String>,
) -> Result<Queue, AppError> {
    use crate::auth::ssr::{respond, state};
    use pitlane::case::store;
    respond(async move {
        let desk = desk()?;
        let state = state()?;
        let filter = store::Filter {
            status: Status::parse(&status),
            category: Category::parse(&category),
            priority: Priority::parse(&priority),
            dealer: dealer.trim().parse().ok(),
            overdue: overdue.is_some(),
        };
        let (cases, counts, overdue) = store::queue(&state.db, &*state.clock, desk, &filter).await?;
        Ok(Queue {
            cases,
            counts,
            overdue,
            followups: store::followups(&state.db, desk).await?,
            dealers: pitlane::dealer::list(&state.db).await.map_err(pitlane::DomainError::from)?,
            policies: pitlane::case::store::sla::policies(&state.db).await?,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "close_case_followup")]
pub async fn close_case_followup(id: i64, outcome: String) -> Result<(), AppError> {
    use pitlane::error::Field;
    on_case(id, move |state, desk| async move {
        let outcome =
            pitlane::error::required_text(Field::Outcome, &outcome, pitlane::case::MAX_FOLLOWUP_OUTCOME_CHARS)?;
        Ok(pitlane::case::store::close_followup(&state.db, &*state.clock, desk, id, &outcome).await?)
    })
    .await
}

/// A case recorded for an owner who phoned, wrote, messaged or walked in.
#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(prefix = "/api", endpoint = "open_case_for_owner")]
pub async fn open_case_for_owner(
    identifier: String,
    channel: String,
    kind: String,
    category: String,
    title: String,
    description: String,
    idempotency_key: String,
) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        let staff = desk()?;
        let state = state()?;
        let who =
            pitlane::types::Identifier::parse(&identifier).map_err(|e| AppError::invalid(Field::Identifier, e))?;
        let owner = pitlane::booking::store::owner_by_identifier(&state.db, &who).await?;
        let channel = Channel::parse(&channel)
            .filter(|c| *c != Channel::Portal)
            .ok_or(AppError::invalid(Field::Channel, Problem::UnknownChoice))?;
        let dealer = staff.desk.dealer().map(|d| d.to_string()).unwrap_or_default();
        let case = pitlane::case::NewCase::parse(&kind, &category, &title, &description, "", &dealer)?;
        let by = pitlane::case::store::Opener::Staff { staff: staff.id, channel };
        let key = format!("staff:{}:{idempotency_key}", staff.id);
        let id =
            pitlane::case::store::open(&state.db, &*state.clock, &*state.files, owner, by, case, &[], &key).await?;
        redirect(&format!("/staff/cases/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "save_sla_policy")]
pub async fn save_sla_policy(
    priority: String,
    response_hours: String,
    resolution_hours: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::{Field, Problem};
    respond(async move {
        let (user, _) = require(|r| r.is_admin())?;
        let state = state()?;
        let priority = Priority::parse(&priority).ok_or(AppError::invalid(Field::Priority, Problem::UnknownChoice))?;
        let policy = SlaPolicy::parse(priority, &response_hours, &resolution_hours)?;
        pitlane::case::store::sla::save_policy(&state.db, &*state.clock, user.id, policy).await?;
        redirect("/staff/cases#sla");
        Ok(())
    })
    .await
}

#[component]
pub fn CaseQueuePage() -> impl IntoView {
    let lang = visitor().lang;
    let q = use_query_map().get_untracked();
    let pick = |k: &str| q.get(k).unwrap_or_default();
    let (status, category, priority, dealer) = (pick("status"), pick("category"), pick("priority"), pick("dealer"));
    let overdue = q.get("overdue").is_some();
    let error = url_error::<OpenCaseForOwner>().or_else(url_error::<SaveSlaPolicy>);
    view! {
        <RequireRole allow=Role::is_care>
            <h1>{T::CaseQueueTitle.text(lang)}</h1>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let (status, category, priority, dealer) = (
                        status.clone(),
                        category.clone(),
                        priority.clone(),
                        dealer.clone(),
                    );
                    {
                        let (status, category, priority, dealer) = (
                            status.clone(),
                            category.clone(),
                            priority.clone(),
                            dealer.clone(),
                        );
                        Suspend::new(async move {
                            let filters = (status.clone(), category.clone(), priority.clone(), dealer.clone());
                            match case_queue(status, category, priority, dealer, overdue.then(String::new)).await {
                                Err(err) => failed(err, lang),
                                Ok(queue) => view! { <QueueView lang queue filters overdue /> }.into_any(),
                            }
                        })
                    }
                }
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn QueueView(lang: Lang, queue: Queue, filters: (String, String, String, String), overdue: bool) -> impl IntoView {
    let (status, category, priority, dealer) = filters;
    let total: i64 = queue.counts.iter().map(|(_, n)| n).sum();
    let is_admin = visitor().user.is_some_and(|u| u.role.is_admin());
    view! {
        <ul class="figures" aria-label=T::CaseCounts.text(lang)>
            {queue
                .counts
                .iter()
                .map(|(s, n)| {
                    view! {
                        <li class="card">
                            <a href=format!("/staff/cases?status={}", s.as_str())>
                                <span class="figure-value">{*n}</span>
                                <span class="figure-label">{status_name(*s).text(lang)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
            <li class="card">
                <a href="/staff/cases?overdue=1">
                    <span class="figure-value">{queue.overdue}</span>
                    <span class="figure-label">{T::CaseOverdue.text(lang)}</span>
                </a>
            </li>
        </ul>
        <form method="get" action="/staff/cases" class="card inline-form" aria-label=T::CaseFilters.text(lang)>
            <label>
                {T::CaseStatus.text(lang)} <select name="status">
                    <option value="">{T::CaseAll.text(lang)}</option>
                    {options(Status::ALL, Status::as_str, status_name, lang, &status)}
                </select>
            </label>
            <label>
                {T::CaseCategory.text(lang)} <select name="category">
                    <option value="">{T::CaseAll.text(lang)}</option>
                    {options(Category::ALL, Category::as_str, category_name, lang, &category)}
                </select>
            </label>
            <label>
                {T::CasePriority.text(lang)} <select name="priority">
                    <option value="">{T::CaseAll.text(lang)}</option>
                    {options(Priority::ALL, Priority::as_str, priority_name, lang, &priority)}
                </select>
            </label>
            <label>
                {T::BookDealer.text(lang)} <select name="dealer">
                    <option value="">{T::CaseAll.text(lang)}</option>
                    {queue
                        .dealers
                        .iter()
                        .map(|d| {
                            view! {
                                <option value=d.id.to_string() selected=d.id.to_string() == dealer>
                                    {lang.pick(&d.name_zh, &d.name_en).to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field-check">
                <input type="checkbox" name="overdue" value="1" checked=overdue />
                " "
                {T::CaseOverdue.text(lang)}
            </label>
            <button type="submit" class="button">
                {T::ScheduleShow.text(lang)}
            </button>
        </form>
        {if queue.cases.is_empty() {
            view! {
                <p class="empty card">{if total == 0 { T::CaseQueueEmpty } else { T::CaseQueueNoMatch }.text(lang)}</p>
            }
                .into_any()
        } else {
            view! { <CaseList lang cases=queue.cases.clone() base="/staff/cases" staff=true /> }.into_any()
        }}
        <FollowUps lang followups=queue.followups.clone() />
        <OpenForOwner lang />
        <SlaTable lang policies=queue.policies.clone() editable=is_admin />
    }
}

#[component]
fn FollowUps(lang: Lang, followups: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="followups-title">
            <h2 id="followups-title">{T::CaseFollowUps.text(lang)}</h2>
            {if followups.is_empty() {
                view! { <p class="empty">{T::CaseFollowUpsEmpty.text(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {followups
                            .into_iter()
                            .map(|(id, title, owner, at)| {
                                view! {
                                    <li class="estimate">
                                        <p>
                                            <a href=format!("/staff/cases/{id}")>"#" {id} " " {title}</a>
                                            " · "
                                            {owner}
                                            " · "
                                            {china_time(at.timestamp_millis())}
                                        </p>
                                        <form method="post" action=CloseCaseFollowup::url() class="inline-form">
                                            <input type="hidden" name="id" value=id.to_string() />
                                            <label>
                                                {T::TaskOutcome.text(lang)}
                                                <input name="outcome" required=true maxlength="1000" />
                                            </label>
                                            <CloseTaskButton lang />
                                        </form>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn OpenForOwner(lang: Lang) -> impl IntoView {
    // Opened from the customer search, the owner is filled in (`?identifier=`).
    let identifier = use_query_map().get_untracked().get("identifier").unwrap_or_default();
    let key = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default().to_string();
    let channels: Vec<Channel> =
        Channel::ALL.iter().copied().filter(|c| !matches!(c, Channel::Portal | Channel::Api)).collect();
    view! {
        <section class="card" aria-labelledby="on-behalf-title">
            <h2 id="on-behalf-title">{T::CaseOnBehalf.text(lang)}</h2>
            <form method="post" action=OpenCaseForOwner::url() class="complete">
                <input type="hidden" name="idempotency_key" value=key />
                <label>
                    {T::ScheduleOwnerContact.text(lang)} <input name="identifier" required=true value=identifier />
                </label>
                <label>
                    {T::CaseChannel.text(lang)} <select name="channel" required=true>
                        <option value="">{T::CaseChoose.text(lang)}</option>
                        {options(channels, Channel::as_str, channel_name, lang, "")}
                    </select>
                </label>
                <label>
                    {T::CaseKind.text(lang)} <select name="kind" required=true>
                        <option value="">{T::CaseChoose.text(lang)}</option>
                        {options(Kind::ALL, Kind::as_str, kind_name, lang, "")}
                    </select>
                </label>
                <label>
                    {T::CaseCategory.text(lang)} <select name="category" required=true>
                        <option value="">{T::CaseChoose.text(lang)}</option>
                        {options(Category::ALL, Category::as_str, category_name, lang, "")}
                    </select>
                </label>
                <label>{T::CaseTitle.text(lang)} <input name="title" required=true maxlength="120" /></label>
                <label>
                    {T::CaseDescription.text(lang)}
                    <textarea name="description" rows="3" required=true maxlength="4000"></textarea>
                </label>
                <button type="submit" class="button primary">
                    {T::CaseSubmit.text(lang)}
                </button>
            </form>
        </section>
    }
}

/// The promise per priority; admins change it here.
#[component]
fn SlaTable(lang: Lang, policies: Vec<SlaPolicy>, editable: bool) -> impl IntoView {
    let rows = policies
        .into_iter()
        .map(|p| {
            let (response, resolution) = (p.first_response_minutes / 60, p.resolution_minutes / 60);
            let cells = if editable {
                view! {
                    <td colspan="3">
                        <form method="post" action=SaveSlaPolicy::url() class="inline-form">
                            <input type="hidden" name="priority" value=p.priority.as_str() />
                            <label>
                                {T::CaseSlaResponse.text(lang)}
                                <input
                                    name="response_hours"
                                    type="number"
                                    min="1"
                                    value=response.to_string()
                                    required=true
                                />
                            </label>
                            <label>
                                {T::CaseSlaResolution.text(lang)}
                                <input
                                    name="resolution_hours"
                                    type="number"
                                    min="1"
                                    value=resolution.to_string()
                                    required=true
                                />
                            </label>
                            <button type="submit" class="button small">
                                {T::CaseSlaSave.text(lang)}
                            </button>
                        </form>
                    </td>
                }
                .into_any()
            } else {
                view! {
                    <td>{response} " h"</td>
                    <td>{resolution} " h"</td>
                }
                .into_any()
            };
            view! {
                <tr>
                    <th scope="row">
                        <PriorityBadge lang priority=p.priority />
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="sla" aria-labelledby="sla-title">
            <h2 id="sla-title">{T::CaseSlaTitle.text(lang)}</h2>
            <table>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
