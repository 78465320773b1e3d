//! Follow-up after a visit: the owner's survey and customer care's call-backs.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, Lang, T};
use crate::layout::{load_error, loaded, suspended};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::account::Role;
use pitlane::error::Field;
use pitlane::followup::{CareTask, Survey};
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "my_survey")]
pub async fn my_survey(id: i64) -> Result<Survey, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::followup::store::survey(&state()?.db, user.id, id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_pending_surveys")]
pub async fn my_pending_surveys() -> Result<Vec<Survey>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::followup::store::pending(&state()?.db, user.id).await?)
    })
    .await
}

/// Surveys waiting for the owner, as cards on the dashboard.
#[component]
pub fn PendingSurveys(lang: Lang, surveys: Vec<Survey>) -> impl IntoView {
    (!surveys.is_empty()).then(|| {
        view! {
            <ul class="reminders">
                {surveys
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li class="card reminder" data-state="upcoming">
                                <p>
                                    <strong>{T::SurveyTitle.text(lang)}</strong>
                                </p>
                                <p class="aside">
                                    {lang.pick(&s.dealer_zh, &s.dealer_en).to_owned()} " · " {china_time(s.visit_on)}
                                </p>
                                <p>
                                    <a href=format!("/me/surveys/{}", s.id)>{T::SurveySend.text(lang)}</a>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[server(prefix = "/api", endpoint = "answer_survey")]
pub async fn answer_survey(id: i64, satisfaction: String, recommend: String, comment: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::followup::AnswerError;
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let answer = pitlane::followup::Answer::parse(&satisfaction, &recommend, &comment).map_err(|e| {
            let field = if e == AnswerError::Satisfaction { Field::Satisfaction } else { Field::Recommend };
            AppError::invalid(field, e)
        })?;
        pitlane::followup::store::answer(&state.db, &*state.clock, user.id, id, &answer).await?;
        redirect(&format!("/me/surveys/{id}?thanks=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "care_tasks")]
pub async fn care_tasks() -> Result<Vec<CareTask>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_care)?;
        Ok(pitlane::followup::store::open_tasks(&state()?.db, user.dealer_id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "close_care_task")]
pub async fn close_care_task(id: i64, outcome: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_care)?;
        let state = state()?;
        let outcome = pitlane::error::required_text(Field::Outcome, &outcome, pitlane::followup::MAX_OUTCOME_CHARS)?;
        pitlane::followup::store::close_task(&state.db, &*state.clock, user.id, user.dealer_id, id, &outcome).await?;
        redirect("/staff/tasks");
        Ok(())
    })
    .await
}

fn scale(name: &'static str, from: u8, to: u8) -> impl IntoView {
    view! {
        <div class="scale">
            {(from..=to)
                .map(|n| {
                    view! {
                        <label class="choice">
                            <input type="radio" name=name value=n.to_string() required=true />
                            {n}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let thanks = use_query_map().get_untracked().get_str("thanks").is_some();
    let error = url_error::<AnswerSurvey>();
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::SurveyTitle.text(lang)}</h1>
            {suspended(
                lang,
                move || {
                    let error = error.clone();
                    async move {
                        let Some(id) = id else {
                            return view! { <crate::auth::ErrorPage status=404 /> }.into_any();
                        };
                        match my_survey(id).await {
                            Err(AppError::NotFound) => view! { <crate::auth::ErrorPage status=404 /> }.into_any(),
                            Err(err) => load_error(err, lang),
                            Ok(survey) if survey.answered || thanks => {
                                view! {
                                    <p class="notice" role="status">
                                        {T::SurveyThanks.text(lang)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(survey) => view! { <SurveyForm lang survey error /> }.into_any(),
                        }
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn SurveyForm(lang: Lang, survey: Survey, error: Option<AppError>) -> impl IntoView {
    view! {
        <section class="card">
            <p>{T::SurveyIntro.text(lang)}</p>
            <p class="aside">
                {lang.pick(&survey.dealer_zh, &survey.dealer_en).to_owned()} " · " {china_time(survey.visit_on)}
            </p>
            <BusyForm action=AnswerSurvey::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <input type="hidden" name="id" value=survey.id.to_string() />
                <fieldset class="field">
                    <legend>{T::SurveySatisfaction.text(lang)}</legend>
                    {scale("satisfaction", 1, 5)}
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Satisfaction, lang)}
                    </p>
                </fieldset>
                <fieldset class="field">
                    <legend>{T::SurveyRecommend.text(lang)}</legend>
                    {scale("recommend", 0, 10)}
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Recommend, lang)}
                    </p>
                </fieldset>
                <div class="field">
                    <label for="comment">{T::SurveyComment.text(lang)}</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="1000"></textarea>
                </div>
                <SubmitButton label=T::SurveySend.text(lang) busy_label=T::GarageSaving.text(lang) />
            </BusyForm>
        </section>
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<CloseCareTask>();
    view! {
        <RequireRole allow=Role::is_care>
            <h1>{T::TasksTitle.text(lang)}</h1>
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            {loaded(
                lang,
                care_tasks,
                move |tasks| {
                    if tasks.is_empty() {
                        view! { <p class="empty card">{T::TasksEmpty.text(lang)}</p> }.into_any()
                    } else {
                        view! { <TaskList lang tasks /> }.into_any()
                    }
                },
            )}
        </RequireRole>
    }
}

/// Closes a care task, or a case's follow-up, with the outcome written beside it.
#[component]
pub fn CloseTaskButton(lang: Lang) -> impl IntoView {
    view! {
        <button type="submit" class="button small">
            {T::TaskClose.text(lang)}
        </button>
    }
}

/// Open care tasks, each with what prompted it and a form to close it.
#[component]
fn TaskList(lang: Lang, tasks: Vec<CareTask>) -> impl IntoView {
    view! {
        <ul class="cars">
            {tasks
                .into_iter()
                .map(|t| {
                    let kind = if t.kind == "survey_low_score" { T::TaskLowScore } else { T::TaskNoAnswer };
                    let scores = t.satisfaction.map(|s| format!("{s}/5 · {}/10", t.recommend.unwrap_or_default()));
                    view! {
                        <li class="card">
                            <p>
                                <span class="badge badge-due">{kind.text(lang)}</span>
                                " "
                                <a href=format!("/staff/owners/{}", t.owner_id)>
                                    <strong>{t.owner_name}</strong>
                                </a>
                                " "
                                {t.owner_mobile.unwrap_or_default()}
                            </p>
                            {scores.map(|s| view! { <p>{s}</p> })}
                            {t.comment.map(|c| view! { <p class="aside">{c}</p> })}
                            <p class="aside">{china_time(t.created_at)}</p>
                            <form method="post" action=CloseCareTask::url()>
                                <input type="hidden" name="id" value=t.id.to_string() />
                                <label for=format!("outcome-{}", t.id)>{T::TaskOutcome.text(lang)}</label>
                                <textarea
                                    id=format!("outcome-{}", t.id)
                                    name="outcome"
                                    rows="2"
                                    required=true
                                ></textarea>
                                <CloseTaskButton lang />
                            </form>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
