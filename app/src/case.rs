//! Feedback and complaints, the owner's side: submit a case with photos,
//! follow it on a timeline, talk with care, reopen it or rate the handling.
//! Care staff's queue and console are in `staff`.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{car_name, china_time, dealer_name, Lang, T};
use crate::icons::{Icon, Svg};
use crate::layout::{failed, loading};
use crate::photos::PhotosField;
use crate::table::{Clip, Col, Holds};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pitlane::case::{CaseView, Category, Kind, Summary};
use pitlane::error::Field;
use server_fn::ServerFn;
use view::{category_name, kind_name, CaseStatusBadge, CaseThread, CaseTimeline, Photos, PriorityBadge};

pub mod console;
pub mod staff;
pub mod view;
mod words;

/// A case submitted as a form with up to five photos. Every field and every
/// photo is checked before anything is stored.
#[server(prefix = "/api", endpoint = "open_case", input = server_fn::codec::MultipartFormData)]
pub async fn open_case(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{admitted, pictures, respond_posted};
    let keep = ["kind", "category", "title", "description", "vin", "dealer"].map(|k| (k, k));
    respond_posted(
        data,
        |_| true,
        admitted,
        Field::Photos,
        &keep,
        |user, posted| async move {
            let state = state()?;
            let case = pitlane::case::NewCase::parse(
                &posted.text("kind"),
                &posted.text("category"),
                &posted.text("title"),
                &posted.text("description"),
                &posted.text("vin"),
                &posted.text("dealer"),
            )?;
            let photos = pictures(&posted, "photos", Field::Photos, pitlane::case::MAX_CASE_PHOTOS).await?;
            let id = pitlane::case::store::open(
                &state.db,
                &*state.clock,
                &*state.files,
                user.id,
                pitlane::case::store::Opener::Owner,
                case,
                &photos,
                &posted.text("idempotency_key"),
            )
            .await?;
            redirect(&format!("/me/cases/{id}"));
            Ok(id)
        },
    )
    .await
}

/// The owner's cars and the dealers, for the optional "which car / which
/// dealer" choices of a new case.
#[server(prefix = "/api", endpoint = "case_choices")]
pub async fn case_choices() -> Result<(Vec<pitlane::garage::Car>, Vec<pitlane::dealer::Dealer>), AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let cars = pitlane::garage::store::cars(&state.db, user.id).await?;
        let dealers = pitlane::dealer::list(&state.db).await.map_err(pitlane::DomainError::from)?;
        Ok((cars, dealers))
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_cases")]
pub async fn my_cases() -> Result<Vec<Summary>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::case::store::mine(&state.db, &*state.clock, user.id).await?)
    })
    .await
}

/// The owner's case: public messages only (internal notes are never selected).
#[server(prefix = "/api", endpoint = "my_case")]
pub async fn my_case(id: i64) -> Result<CaseView, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::case::store::owner_view(&state.db, &*state.clock, user.id, id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "reply_case")]
pub async fn reply_case(id: i64, message: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let body = message_text(&message)?;
        pitlane::case::store::owner_reply(&state.db, &*state.clock, user.id, id, &body).await?;
        redirect(&format!("/me/cases/{id}"));
        Ok(())
    })
    .await
}

/// A message as typed: required, at most 4000 characters.
#[cfg(feature = "ssr")]
pub(crate) fn message_text(raw: &str) -> Result<String, AppError> {
    pitlane::error::required_text(Field::Message, raw, pitlane::case::TEXT_MAX).map_err(AppError::from)
}

/// The owner disagrees with the resolution (within 14 days).
#[server(prefix = "/api", endpoint = "reopen_case")]
pub async fn reopen_case(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::case::{Action, Party};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::case::store::act(&state.db, &*state.clock, Party::Owner, user.id, None, id, Action::Reopen).await?;
        redirect(&format!("/me/cases/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "rate_case")]
pub async fn rate_case(id: i64, rating: String, comment: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::error::{text, Problem};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let rating = rating.trim().parse::<u8>().map_err(|_| AppError::invalid(Field::Rating, Problem::OutOfRange))?;
        let comment = text(Field::Message, &comment, pitlane::case::MAX_RATING_COMMENT_CHARS, false)?;
        pitlane::case::store::rate(&state.db, &*state.clock, user.id, id, rating, comment).await?;
        redirect(&format!("/me/cases/{id}"));
        Ok(())
    })
    .await
}

/// A table of cases; staff rows link to the console, owners' to their page.
#[component]
pub fn CaseList(lang: Lang, cases: Vec<Summary>, base: &'static str, staff: bool) -> impl IntoView {
    let rows = cases
        .into_iter()
        .map(|c| {
            view! {
                <tr class:breached=c.breached>
                    <td>
                        <Clip href=format!("{base}/{}", c.id) text=format!("#{} {}", c.id, c.title) />
                    </td>
                    <td>
                        <Clip text=format!(
                            "{} · {}",
                            kind_name(c.kind).text(lang),
                            category_name(c.category).text(lang),
                        ) />
                    </td>
                    <td>
                        <CaseStatusBadge lang status=c.status />
                    </td>
                    <td>{china_time(c.opened_at.timestamp_millis())}</td>
                    {staff
                        .then(|| {
                            view! {
                                <td>
                                    <PriorityBadge lang priority=c.priority />
                                </td>
                                <td>
                                    <Clip text=c.owner_name.clone() />
                                </td>
                                <td>
                                    {c
                                        .dealer_zh
                                        .as_ref()
                                        .zip(c.dealer_en.as_ref())
                                        .map(|(zh, en)| view! { <Clip text=lang.pick(zh, en).to_owned() /> })}
                                </td>
                                <td>{c.assignee.clone().map(|a| view! { <Clip text=a /> })}</td>
                                <td>
                                    <view::SlaClockBadge lang clock=c.clock />
                                    {(c.escalation > 0)
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="badge badge-overdue">"↑" {c.escalation}</span>
                                            }
                                        })}
                                </td>
                            }
                        })}
                </tr>
            }
        })
        .collect_view();
    let col = |t: T, holds| Col::new(t.text(lang), holds);
    let mut columns = vec![
        col(T::CaseTitle, Holds::Text),
        col(T::CaseCategory, Holds::Phrase),
        col(T::CaseStatus, Holds::Status),
        col(T::CaseOpened, Holds::When),
    ];
    if staff {
        columns.extend([
            col(T::CasePriority, Holds::Status),
            col(T::CaseOwner, Holds::Name),
            col(T::BookDealer, Holds::Name),
            col(T::CaseAssignee, Holds::Name),
            col(T::CaseSla, Holds::Status),
        ]);
    }
    view! {
        <div class="card cases">
            <crate::table::DataTable columns>{rows}</crate::table::DataTable>
        </div>
    }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::CasesTitle.text(lang)}</h1>
            <p class="lead">{T::CasesIntro.text(lang)}</p>
            <p>
                <a class="button primary" href="/me/cases/new">
                    {T::CaseNew.text(lang)}
                </a>
            </p>
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match my_cases().await {
                        Err(err) => failed(err, lang),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty card">{T::CasesEmpty.text(lang)}</p> }.into_any()
                        }
                        Ok(list) => view! { <CaseList lang cases=list base="/me/cases" staff=false /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

/// Choices of a closed set as `<option>`s, keeping what was picked.
fn options<V: Copy + PartialEq>(
    all: impl IntoIterator<Item = V>,
    value: fn(V) -> &'static str,
    label: fn(V) -> T,
    lang: Lang,
    kept: &str,
) -> impl IntoView {
    all.into_iter()
        .map(|v| {
            let code = value(v);
            view! {
                <option value=code selected=kept == code>
                    {label(v).text(lang)}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<OpenCase>();
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::CaseNew.text(lang)}</h1>
            <p class="lead">{T::CaseNewIntro.text(lang)}</p>
            <FormError message=error_for_form(&error, lang) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let error = error.clone();
                    {
                        let error = error.clone();
                        Suspend::new(async move {
                            match case_choices().await {
                                Err(err) => failed(err, lang),
                                Ok((cars, dealers)) => view! { <NewCaseForm lang cars dealers error /> }.into_any(),
                            }
                        })
                    }
                }
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn NewCaseForm(
    lang: Lang,
    cars: Vec<pitlane::garage::Car>,
    dealers: Vec<pitlane::dealer::Dealer>,
    error: Option<AppError>,
) -> impl IntoView {
    let field = move |f: Field| error_for(&error, f, lang);
    let key = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default().to_string();
    let (kept_vin, kept_dealer) = (kept_value("vin"), kept_value("dealer"));
    view! {
        <section class="card">
            <BusyForm action=OpenCase::url().to_owned() with_files=true>
                <input type="hidden" name="idempotency_key" value=key />
                <div class="grid two">
                    <div class="field">
                        <label for="kind">{T::CaseKind.text(lang)}</label>
                        <select id="kind" name="kind" required=true>
                            <option value="">{T::CaseChoose.text(lang)}</option>
                            {options(Kind::ALL, Kind::as_str, kind_name, lang, &kept_value("kind"))}
                        </select>
                        <p class="field-error" role="alert">
                            {field(Field::CaseKind)}
                        </p>
                    </div>
                    <div class="field">
                        <label for="category">{T::CaseCategory.text(lang)}</label>
                        <select id="category" name="category" required=true>
                            <option value="">{T::CaseChoose.text(lang)}</option>
                            {options(Category::ALL, Category::as_str, category_name, lang, &kept_value("category"))}
                        </select>
                        <p class="field-error" role="alert">
                            {field(Field::Category)}
                        </p>
                    </div>
                </div>
                <div class="field">
                    <label for="title">{T::CaseTitle.text(lang)}</label>
                    <input
                        id="title"
                        name="title"
                        required=true
                        maxlength="120"
                        value=kept_value("title")
                        aria-describedby="title-error"
                    />
                    <p class="field-error" id="title-error" role="alert">
                        {field(Field::Title)}
                    </p>
                </div>
                <div class="field">
                    <label for="description">{T::CaseDescription.text(lang)}</label>
                    <textarea
                        id="description"
                        name="description"
                        rows="6"
                        required=true
                        maxlength="4000"
                        aria-describedby="description-error"
                    >
                        {crate::form::textarea_text(&kept_value("description"))}
                    </textarea>
                    <p class="field-error" id="description-error" role="alert">
                        {field(Field::Description)}
                    </p>
                </div>
                <div class="grid two">
                    <div class="field">
                        <label for="vin">{T::CaseVin.text(lang)}</label>
                        <select id="vin" name="vin" aria-describedby="vin-error">
                            <option value="">{T::CaseNone.text(lang)}</option>
                            {cars
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <option value=c.vin.to_string() selected=c.vin.as_str() == kept_vin>
                                            {car_name(&c, lang)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <p class="field-error" id="vin-error" role="alert">
                            {field(Field::Vin)}
                        </p>
                    </div>
                    <div class="field">
                        <label for="dealer">{T::CaseDealer.text(lang)}</label>
                        <select id="dealer" name="dealer" aria-describedby="dealer-error">
                            <option value="">{T::CaseNone.text(lang)}</option>
                            {dealers
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option value=d.id.to_string() selected=d.id.to_string() == kept_dealer>
                                            {dealer_name(&d, lang)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <p class="field-error" id="dealer-error" role="alert">
                            {field(Field::Dealer)}
                        </p>
                    </div>
                </div>
                <PhotosField error=field(Field::Photos)>{T::CasePhotos.text(lang)}</PhotosField>
                <SubmitButton label=T::CaseSubmit.text(lang) busy_label=T::BookPending.text(lang) />
            </BusyForm>
        </section>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let error = url_error::<ReplyCase>().or_else(url_error::<ReopenCase>).or_else(url_error::<RateCase>);
    view! {
        <RequireRole allow=|_| true>
            <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    let Some(id) = id else { return failed(AppError::NotFound, lang) };
                    match my_case(id).await {
                        Err(err) => failed(err, lang),
                        Ok(case) => view! { <OwnerCase lang case /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn OwnerCase(lang: Lang, case: CaseView) -> impl IntoView {
    let s = case.summary.clone();
    let id = s.id;
    let closed = s.status == pitlane::case::Status::Closed;
    view! {
        <h1>"#" {id} " " {s.title.clone()}</h1>
        <p>
            <CaseStatusBadge lang status=s.status />
            " "
            {kind_name(s.kind).text(lang)}
            " · "
            {category_name(s.category).text(lang)}
        </p>
        <section class="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{T::CaseProgress.text(lang)}</h2>
            <CaseTimeline lang status=s.status history=case.history.clone() />
            <dl>
                <dt>{T::CaseResponseBy.text(lang)}</dt>
                <dd>
                    {china_time(case.responded_at.unwrap_or(case.response_due).timestamp_millis())} " "
                    {case.responded_at.map(|_| view! { <Svg icon=Icon::Check label=T::StateDone.text(lang) /> })}
                </dd>
                <dt>{T::CaseResolveBy.text(lang)}</dt>
                <dd>
                    {china_time(case.resolved_at.unwrap_or(case.resolution_due).timestamp_millis())} " "
                    {case.resolved_at.map(|_| view! { <Svg icon=Icon::Check label=T::StateDone.text(lang) /> })}
                </dd>
            </dl>
            {case
                .merged_into
                .map(|m| {
                    view! {
                        <p class="notice">
                            {T::CaseMergedNotice.text(lang)} " " <a href=format!("/me/cases/{m}")>"#" {m}</a>
                        </p>
                    }
                })}
        </section>
        <section class="card">
            <p class="message-body">{case.description.clone()}</p>
            <Photos lang photos=case.photos.clone() />
        </section>
        {(s.status == pitlane::case::Status::Resolved)
            .then(|| view! { <RateForm lang id reopenable=case.reopenable /> })}
        {case
            .rating
            .clone()
            .map(|(stars, comment)| {
                view! {
                    <p class="notice">
                        {T::CaseRatedNotice.text(lang)} " " {"★".repeat(usize::from(stars))} " " {comment}
                    </p>
                }
            })}
        <CaseThread
            lang
            id
            messages=case.messages
            history=case.history
            open=!closed
            action=ReplyCase::url()
            reader=view::Reader::Owner
        />
    }
}

/// Rate the handling of a resolved case, or reopen it within 14 days.
#[component]
fn RateForm(lang: Lang, id: i64, reopenable: bool) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="rate-title">
            <h2 id="rate-title">{T::CaseRateTitle.text(lang)}</h2>
            <form method="post" action=RateCase::url()>
                <input type="hidden" name="id" value=id.to_string() />
                <fieldset class="field">
                    <legend>{T::CaseRating.text(lang)}</legend>
                    <div class="scale">
                        {(1..=5)
                            .map(|n| {
                                view! {
                                    <label class="choice">
                                        <input type="radio" name="rating" value=n.to_string() required=true />
                                        {n}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label for="comment">{T::SurveyComment.text(lang)}</label>
                    <textarea id="comment" name="comment" rows="2" maxlength="1000"></textarea>
                </div>
                <button type="submit" class="button primary">
                    {T::CaseRateSend.text(lang)}
                </button>
            </form>
            {reopenable
                .then(|| {
                    view! {
                        <form method="post" action=ReopenCase::url() class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <p>{T::CaseReopenHint.text(lang)}</p>
                            <button type="submit" class="button danger">
                                {T::CaseReopen.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
