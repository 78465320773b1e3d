//! The prospect's private status link (`/test-drive/status/:token`): their
//! request and appointment, their own road so far (never the sales pipeline's
//! words), a cancellation (asked first) while nothing is decided, and the short
//! survey once the dealer has closed a request after speaking with them.

use super::words::{ending_name, part_of_day_name, step_name, L};
use super::LostReasonField;
use crate::auth::visitor;
use crate::confirm::Confirm;
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, Lang};
use crate::layout::fetched;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::error::Field;
use pitlane::lead::progress::{Appointment, Ending, StepState};
use pitlane::lead::views::StatusView;
use pitlane::lead::Progress;
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
    let when = match status.progress.appointment {
        Appointment::At(at) => Some((L::StatusAppointment, china_time(at))),
        Appointment::Preferred(part) => Some((L::StatusPreferred, part_of_day_name(part, lang).to_owned())),
        Appointment::ToArrange => Some((L::StatusAppointment, L::StatusToArrange.text(lang).to_owned())),
        Appointment::Nothing => None,
    };
    let closing = status.progress.ending.map(|(ending, _)| match ending {
        Ending::Bought => L::StatusWon,
        Ending::Cancelled => L::StatusCancelled,
        Ending::Closed => L::StatusLost,
    });
    let dealer = &status.dealer;
    view! {
        <h1>{title.text(lang)}</h1>
        <section class="card">
            <p class="post-title">
                {status.name.clone()} " · " {lang.pick(&status.model_zh, &status.model_en).to_owned()}
            </p>
            <dl>
                {when
                    .map(|(label, value)| {
                        view! {
                            <dt>{label.text(lang)}</dt>
                            <dd>{value}</dd>
                        }
                    })} <dt>{L::StatusDealer.text(lang)}</dt>
                <dd>
                    {lang.pick(&dealer.name_zh, &dealer.name_en).to_owned()} " · "
                    {lang.pick(&dealer.city_zh, &dealer.city_en).to_owned()} " · "
                    <a href=format!("tel:{}", dealer.phone)>{dealer.phone.clone()}</a>
                </dd>
            </dl>
            {closing.map(|c| view! { <p class="notice">{c.text(lang)}</p> })}
        </section>
        <ProgressTimeline lang progress=status.progress.clone() />
        {status.may_withdraw.then(|| view! { <WithdrawForm lang token=token.clone() /> })}
        {status.survey_open.then(|| view! { <SurveyForm lang token=token.clone() /> })}
        {status.survey_answered.then(|| view! { <p class="notice">{L::SurveyThanks.text(lang)}</p> })}
    }
}

/// The prospect's road in their own words: steps passed (with when), the one
/// awaited, the ones ahead; an ended request ends with how it ended.
#[component]
fn ProgressTimeline(lang: Lang, progress: Progress) -> impl IntoView {
    let ending = progress.ending.map(|(ending, at)| {
        view! {
            <li class="timeline-item" data-state="done">
                <p>
                    <strong>{ending_name(ending, lang)}</strong>
                </p>
                <p class="meta">{china_time(at)}</p>
            </li>
        }
    });
    view! {
        <section aria-labelledby="progress-title">
            <h2 id="progress-title">{L::StatusProgress.text(lang)}</h2>
            <ol class="timeline stages">
                {progress
                    .steps
                    .into_iter()
                    .map(|(step, state, at)| {
                        let (shown, current) = match state {
                            StepState::Done => ("done", false),
                            StepState::Current => ("current", true),
                            StepState::Ahead => ("ahead", false),
                        };
                        view! {
                            <li class="timeline-item" data-state=shown aria-current=current.then_some("step")>
                                <p>
                                    <strong>{step_name(step, state, lang)}</strong>
                                </p>
                                {at.map(|at| view! { <p class="meta">{china_time(at)}</p> })}
                            </li>
                        }
                    })
                    .collect_view()} {ending}
            </ol>
        </section>
    }
}

/// Cancelling asks first (the shared confirmation): it gives the demo car back
/// and cannot be undone.
#[component]
fn WithdrawForm(lang: Lang, token: String) -> impl IntoView {
    let error = url_error::<WithdrawTestDrive>();
    let back = format!("/test-drive/status/{token}");
    view! {
        <FormError message=error.map(|e| e.text(lang)) />
        <Confirm
            lang
            action=WithdrawTestDrive::url()
            ask=L::StatusWithdraw.text(lang)
            consequence=L::StatusWithdrawConsequence.text(lang)
            confirm=L::StatusWithdrawConfirm.text(lang)
            back
            danger=true
        >
            <input type="hidden" name="token" value=token />
        </Confirm>
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
