//! The prospect's private status link (`/test-drive/status/:token`): the
//! lead's stage and appointment, the road so far, a withdrawal while nothing is
//! decided, and the short survey once the lead is lost.

use super::words::{part_of_day_name, stage_name, L};
use super::LostReasonField;
use crate::auth::visitor;
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, Lang};
use crate::layout::fetched;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::error::Field;
use pitlane::lead::views::StatusView;
use pitlane::lead::Stage;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "test_drive_status")]
pub async fn test_drive_status(token: String) -> Result<StatusView, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let state = state()?;
        Ok(pitlane::lead::store::status(&state.db, &token).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "withdraw_test_drive")]
pub async fn withdraw_test_drive(token: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state};
    respond(async move {
        let state = state()?;
        pitlane::lead::store::withdraw(&state.db, &*state.clock, &token).await?;
        redirect(&format!("/test-drive/status/{token}?withdrawn=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "answer_lead_survey")]
pub async fn answer_lead_survey(token: String, reason: String, would_change: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state};
    respond(async move {
        let state = state()?;
        pitlane::lead::store::answer_survey(&state.db, &*state.clock, &token, &reason, &would_change).await?;
        redirect(&format!("/test-drive/status/{token}"));
        Ok(())
    })
    .await
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = visitor().lang;
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    let shown = token.clone();
    let query = use_query_map().get_untracked();
    let fresh = query.get_str("new").is_some();
    let withdrawn = query.get_str("withdrawn").is_some();
    view! {
        // A private link: search engines keep out, whoever follows a link from it learns nothing.
        <Meta name="robots" content="noindex, nofollow" />
        {fresh
            .then(|| {
                view! {
                    <p class="notice" role="status">
                        {L::StatusNew.text(lang)}
                    </p>
                }
            })}
        {withdrawn
            .then(|| {
                view! {
                    <p class="notice" role="status">
                        {L::StatusWithdrawn.text(lang)}
                    </p>
                }
            })}
        {fetched(
            lang,
            move || test_drive_status(token.clone()),
            move |status| view! { <StatusCard lang status token=shown.clone() /> },
        )}
    }
}

#[component]
fn StatusCard(lang: Lang, status: StatusView, token: String) -> impl IntoView {
    let title = match status.kind {
        pitlane::lead::Kind::TestDrive => L::StatusTitle,
        pitlane::lead::Kind::TradeIn => L::StatusTradeInTitle,
    };
    let when = match (status.drive_at, status.part_of_day) {
        (Some(at), _) => (L::StatusAppointment, china_time(at)),
        (None, Some(part)) => (L::StatusPreferred, part_of_day_name(part, lang).to_owned()),
        (None, None) => (L::StatusAppointment, L::StatusToArrange.text(lang).to_owned()),
    };
    let closing = match status.stage {
        Stage::Won => Some(L::StatusWon),
        Stage::Lost => Some(L::StatusLost),
        _ => None,
    };
    let dealer = &status.dealer;
    view! {
        <h1>{title.text(lang)}</h1>
        <section class="card">
            <p class="post-title">
                {status.name.clone()} " · " {lang.pick(&status.model_zh, &status.model_en).to_owned()} " "
                <span class="badge">{stage_name(status.stage, lang)}</span>
            </p>
            <dl>
                <dt>{when.0.text(lang)}</dt>
                <dd>{when.1}</dd>
                <dt>{L::StatusDealer.text(lang)}</dt>
                <dd>
                    {lang.pick(&dealer.name_zh, &dealer.name_en).to_owned()} " · "
                    {lang.pick(&dealer.city_zh, &dealer.city_en).to_owned()} " · "
                    <a href=format!("tel:{}", dealer.phone)>{dealer.phone.clone()}</a>
                </dd>
            </dl>
            {closing.map(|c| view! { <p class="notice">{c.text(lang)}</p> })}
        </section>
        <StageTimeline lang reached=status.reached.clone() stage=status.stage />
        {status.may_withdraw.then(|| view! { <WithdrawForm lang token=token.clone() /> })}
        {status.survey_open.then(|| view! { <SurveyForm lang token=token.clone() /> })}
        {status.survey_answered.then(|| view! { <p class="notice">{L::SurveyThanks.text(lang)}</p> })}
    }
}

/// The road from request to car: stages passed (with when), the one the lead
/// is at, and the ones ahead; a lost lead ends where it stopped.
#[component]
fn StageTimeline(lang: Lang, reached: Vec<(Stage, i64)>, stage: Stage) -> impl IntoView {
    let road =
        [Stage::New, Stage::Contacted, Stage::TestDriveBooked, Stage::TestDriveDone, Stage::Negotiating, Stage::Won];
    let steps: Vec<(Stage, Option<i64>)> = if stage == Stage::Lost {
        reached.iter().map(|(s, at)| (*s, Some(*at))).collect()
    } else {
        road.iter().map(|s| (*s, reached.iter().rev().find(|(r, _)| r == s).map(|(_, at)| *at))).collect()
    };
    view! {
        <section aria-labelledby="progress-title">
            <h2 id="progress-title">{L::StatusProgress.text(lang)}</h2>
            <ol class="timeline stages">
                {steps
                    .into_iter()
                    .map(|(s, at)| {
                        let state = if s == stage { "current" } else if at.is_some() { "done" } else { "ahead" };
                        view! {
                            <li class="timeline-item" data-state=state aria-current=(s == stage).then_some("step")>
                                <p>
                                    <strong>{stage_name(s, lang)}</strong>
                                </p>
                                {at.map(|at| view! { <p class="meta">{china_time(at)}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn WithdrawForm(lang: Lang, token: String) -> impl IntoView {
    let error = url_error::<WithdrawTestDrive>();
    view! {
        <FormError message=error.map(|e| e.text(lang)) />
        <BusyForm action=WithdrawTestDrive::url().to_owned()>
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button danger">
                <span class="idle">{L::StatusWithdraw.text(lang)}</span>
                <span class="busy" aria-hidden="true">
                    {L::StatusWithdrawing.text(lang)}
                </span>
            </button>
        </BusyForm>
    }
}

#[component]
fn SurveyForm(lang: Lang, token: String) -> impl IntoView {
    let error = url_error::<AnswerLeadSurvey>();
    view! {
        <section class="card" aria-labelledby="survey-title">
            <h2 id="survey-title">{L::SurveyTitle.text(lang)}</h2>
            <FormError message=error_for_form(&error, lang) />
            <BusyForm action=AnswerLeadSurvey::url().to_owned()>
                <input type="hidden" name="token" value=token />
                <LostReasonField lang label=L::SurveyReason.text(lang) error=error_for(&error, Field::Reason, lang) />
                <div class="field">
                    <label for="would_change">{L::SurveyWouldChange.text(lang)}</label>
                    <textarea id="would_change" name="would_change" rows="3" maxlength="1000"></textarea>
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Comment, lang)}
                    </p>
                </div>
                <SubmitButton label=L::SurveySend.text(lang) busy_label=L::SurveySending.text(lang) />
            </BusyForm>
        </section>
    }
}
