//! Test drives, the prospect's side: the request form (no account, works
//! without JavaScript: a GET step picks model and dealer, then the form with
//! that dealer's free hours). The private status page with its withdrawal and
//! lost survey is in `status`; the handlers' board in `board`, one lead's page
//! in `detail`; the owners' referral and trade-in pages in `owner`.

use crate::auth::visitor;
use crate::error::AppError;
use crate::form::{
    error_for, error_for_form, kept_value, url_error, BusyForm, DisplayNameField, FieldRow, FormError, SubmitButton,
};
use crate::i18n::{china_time, Lang};
use crate::layout::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use nearby::{CityAndDealer, CityFirstButton};
use pitlane::error::Field;
use pitlane::lead::views::RequestChoices;
use pitlane::lead::{DriveOffer, LostReason, PartOfDay, Source};
use server_fn::ServerFn;
use times::HourPicker;
use words::{lost_reason_name, part_of_day_name, source_name, L};

pub mod board;
pub mod detail;
pub mod nearby;
pub mod owner;
pub mod status;
pub mod times;
pub mod words;

#[server(prefix = "/api", endpoint = "test_drive_choices")]
pub async fn test_drive_choices(
    city: String,
    dealer: String,
    model: String,
    referral: String,
) -> Result<RequestChoices, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let state = state()?;
        let picked = dealer.parse::<i64>().ok().zip(model.parse::<i64>().ok());
        Ok(pitlane::lead::store::request_choices(&state.db, &*state.clock, &city, picked, &referral).await?)
    })
    .await
}

pub use request::{request_test_drive, RequestTestDrive};

// One argument per form field; the allowance sits on a module because
// server_fn_macro 0.8.12 leaves lint attributes off the browser's stub (leptos#4597).
#[allow(clippy::too_many_arguments)]
mod request {
    use super::*;

    /// A prospect's request. Everyone gets the same answer (a robot's request,
    /// with the honeypot filled, leaves nothing behind); throttles answer like
    /// every throttle.
    #[server(prefix = "/api", endpoint = "request_test_drive")]
    pub async fn request_test_drive(
        display_name: String,
        mobile: String,
        city: String,
        model: String,
        dealer: String,
        slot: Option<String>,
        part_of_day: String,
        source: String,
        referral: String,
        consent: Option<String>,
        website: String,
    ) -> Result<(), AppError> {
        use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
        let keep = [
            ("display_name", display_name.clone()),
            ("mobile", mobile.clone()),
            ("city", city.clone()),
            ("model", model.clone()),
            ("dealer", dealer.clone()),
            ("part_of_day", part_of_day.clone()),
            ("source", source.clone()),
            ("referral", referral.clone()),
        ];
        respond_keeping(&keep, async move {
            let state = state()?;
            let visitor = visitor()?;
            let submission = pitlane::lead::TestDriveRequest::parse(
                &display_name,
                &mobile,
                &city,
                &model,
                &dealer,
                slot.as_deref().unwrap_or_default(),
                &part_of_day,
                &source,
                &referral,
                consent.is_some(),
                &website,
            )?;
            let made = pitlane::lead::store::request_test_drive(
                &state.db,
                &*state.clock,
                &state.public_origin,
                submission,
                &visitor.client_addr,
                visitor.lang.tag(),
            )
            .await?;
            // What was asked, for the summary; the private link only for the lead this request made.
            let mut asked = vec![("model", model), ("dealer", dealer), ("city", city)];
            match slot.filter(|s| !s.is_empty()) {
                Some(slot) => asked.push(("slot", slot)),
                None => asked.push(("part_of_day", part_of_day)),
            }
            if let Some(token) = made {
                asked.push(("status", token));
            }
            let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(&asked).finish();
            redirect(&format!("/test-drive/received?{query}"));
            Ok(())
        })
        .await
    }
}

/// A query value, or what a failed post kept under the same name.
fn asked(name: &str) -> String {
    use_query_map().get_untracked().get(name).unwrap_or_default()
}

#[component]
pub fn TestDrivePage() -> impl IntoView {
    let lang = visitor().lang;
    let (city, dealer, model, referral) = (asked("city"), asked("dealer"), asked("model"), asked("referral"));
    let load = {
        let (city, dealer, model, referral) = (city.clone(), dealer.clone(), model.clone(), referral.clone());
        move || test_drive_choices(city.clone(), dealer.clone(), model.clone(), referral.clone())
    };
    view! {
        <h1>{L::DriveTitle.text(lang)}</h1>
        <p class="lead">{L::DriveIntro.text(lang)}</p>
        {loaded(
            lang,
            load,
            move |choices| {
                let picked = Picked {
                    city: city.clone(),
                    dealer: dealer.clone(),
                    model: model.clone(),
                    referral: referral.clone(),
                };
                view! { <DriveForms lang choices picked /> }
            },
        )}
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Picked {
    city: String,
    dealer: String,
    model: String,
    referral: String,
}

impl Picked {
    fn complete(&self) -> bool {
        !self.dealer.is_empty() && !self.model.is_empty()
    }
}

#[component]
fn DriveForms(lang: Lang, choices: RequestChoices, picked: Picked) -> impl IntoView {
    let RequestChoices { models, dealers, cities, offers, referrer } = choices;
    let model_name =
        models.iter().find(|m| m.id.to_string() == picked.model).map(|m| lang.pick(&m.name_zh, &m.name_en).to_owned());
    let dealer_name = dealers
        .iter()
        .find(|d| d.id.to_string() == picked.dealer)
        .map(|d| format!("{} · {}", lang.pick(&d.name_zh, &d.name_en), lang.pick(&d.city_zh, &d.city_en)));
    let step_two = match (picked.complete(), model_name, dealer_name) {
        (true, Some(model_name), Some(dealer_name)) => Some(
            view! { <RequestForm lang picked=picked.clone() offers summary=format!("{model_name} · {dealer_name}") /> },
        ),
        _ => None,
    };
    view! {
        {referrer
            .map(|name| {
                view! { <p class="notice">{L::DriveInvitedBy.text(lang)} " " <strong>{name}</strong></p> }
            })}
        <section class="card" aria-labelledby="step-one">
            <h2 id="step-one">{L::DriveStepOne.text(lang)}</h2>
            <form method="get" action="/test-drive" class="stack">
                <input type="hidden" name="referral" value=picked.referral.clone() />
                <div class="field">
                    <label for="model">{L::DriveModel.text(lang)}</label>
                    <select id="model" name="model" required>
                        <option value="">{L::DriveChoose.text(lang)}</option>
                        {models
                            .into_iter()
                            .map(|m| {
                                let id = m.id.to_string();
                                let selected = id == picked.model;
                                view! {
                                    <option value=id selected=selected>
                                        {lang.pick(&m.name_zh, &m.name_en).to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <CityAndDealer lang cities dealers city=picked.city.clone() dealer=picked.dealer.clone() />
                <CityFirstButton lang />
                <button type="submit" class="button">
                    {L::DriveShowTimes.text(lang)}
                </button>
            </form>
        </section>
        {step_two}
    }
}

/// The second step: an hour with a demo car (or a part of day), and who to call.
#[component]
fn RequestForm(lang: Lang, picked: Picked, offers: Vec<DriveOffer>, summary: String) -> impl IntoView {
    let error = url_error::<RequestTestDrive>();
    let kept_or = |name: &str, fallback: &str| {
        let kept = kept_value(name);
        if kept.is_empty() {
            fallback.to_owned()
        } else {
            kept
        }
    };
    let kept_source = kept_value("source");
    let kept_part = kept_value("part_of_day");
    let no_offers = offers.is_empty();
    view! {
        <section class="card" aria-labelledby="step-two">
            <h2 id="step-two">{L::DriveStepTwo.text(lang)}</h2>
            <p>
                <strong>{summary}</strong>
                " · "
                <a href="/test-drive">{L::DriveChange.text(lang)}</a>
            </p>
            <FormError message=error_for_form(&error, lang) />
            <BusyForm action=RequestTestDrive::url().to_owned()>
                <input type="hidden" name="model" value=picked.model.clone() />
                <input type="hidden" name="dealer" value=picked.dealer.clone() />
                <input type="hidden" name="city" value=kept_or("city", &picked.city) />
                <HourPicker
                    lang
                    offers
                    legend=L::DriveTimes.text(lang)
                    none_label=L::DriveNoneSuits.text(lang)
                    error=error_for(&error, Field::Slot, lang)
                />
                <div class="field">
                    <label for="part_of_day">{L::DrivePartOfDay.text(lang)}</label>
                    {no_offers.then(|| view! { <p class="field-hint">{L::DriveNoTimes.text(lang)}</p> })}
                    <select id="part_of_day" name="part_of_day" aria-describedby="part_of_day-error">
                        <option value="">{L::DriveChoose.text(lang)}</option>
                        {PartOfDay::ALL
                            .iter()
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=kept_part == p.as_str()>
                                        {part_of_day_name(*p, lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" id="part_of_day-error" role="alert">
                        {error_for(&error, Field::PartOfDay, lang)}
                    </p>
                </div>
                <DisplayNameField
                    lang
                    value=kept_value("display_name")
                    error=error_for(&error, Field::DisplayName, lang)
                />
                <FieldRow
                    field=Field::Mobile
                    label=L::DriveMobile.text(lang)
                    lang
                    input_type="tel"
                    autocomplete="tel"
                    check=crate::form::Check::Mobile
                    error=error_for(&error, Field::Mobile, lang)
                    value=kept_value("mobile")
                />
                <div class="field">
                    <label for="source">{L::DriveSource.text(lang)}</label>
                    <select id="source" name="source" required aria-describedby="source-error">
                        <option value="">{L::DriveChoose.text(lang)}</option>
                        {Source::prospect_choices()
                            .map(|s| {
                                view! {
                                    <option value=s.as_str() selected=kept_source == s.as_str()>
                                        {source_name(s, lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" id="source-error" role="alert">
                        {error_for(&error, Field::Source, lang).map(|_| L::DriveSourceMissing.text(lang))}
                    </p>
                </div>
                <FieldRow
                    field=Field::Referral
                    label=L::DriveReferral.text(lang)
                    lang
                    autocomplete="off"
                    optional=true
                    error=error_for(&error, Field::Referral, lang)
                    value=kept_or("referral", &picked.referral)
                />
                <div class="field honeypot" aria-hidden="true">
                    <label for="website">{L::DriveHoneypot.text(lang)}</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
                </div>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" name="consent" value="yes" required />
                        " "
                        {L::DriveConsent.text(lang)}
                    </label>
                    <p class="field-error" role="alert">
                        {error_for(&error, Field::Consent, lang)}
                    </p>
                </div>
                <SubmitButton label=L::DriveSend.text(lang) busy_label=L::DriveSending.text(lang) />
            </BusyForm>
        </section>
    }
}

/// What everyone is told after sending the form: what they asked for, and
/// the private link to follow it (also on its way by SMS) when this request
/// made the lead.
#[component]
pub fn ReceivedPage() -> impl IntoView {
    let lang = visitor().lang;
    let (model, dealer, city) = (asked("model"), asked("dealer"), asked("city"));
    let when = match asked("slot").parse::<i64>() {
        Ok(at) => Some(china_time(at)),
        Err(_) => PartOfDay::parse(&asked("part_of_day")).map(|p| part_of_day_name(p, lang).to_owned()),
    };
    let status = Some(asked("status")).filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()));
    let load = {
        let (city, model) = (city.clone(), model.clone());
        // No dealer asked for: the names only, no free hours computed.
        move || test_drive_choices(city.clone(), String::new(), model.clone(), String::new())
    };
    view! {
        // It may carry the private link: search engines keep out.
        <leptos_meta::Meta name="robots" content="noindex, nofollow" />
        <h1>{L::ReceivedTitle.text(lang)}</h1>
        <p class="notice" role="status">
            {L::ReceivedText.text(lang)}
        </p>
        {loaded(
            lang,
            load,
            move |choices| {
                let model_name = choices
                    .models
                    .iter()
                    .find(|m| m.id.to_string() == model)
                    .map(|m| lang.pick(&m.name_zh, &m.name_en).to_owned());
                let dealer_name = choices
                    .dealers
                    .iter()
                    .find(|d| d.id.to_string() == dealer)
                    .map(|d| format!("{} · {}", lang.pick(&d.name_zh, &d.name_en), lang.pick(&d.city_zh, &d.city_en)));
                let city_name = choices
                    .cities
                    .iter()
                    .find(|(zh, en)| *zh == city || en.eq_ignore_ascii_case(&city))
                    .map_or(city.clone(), |(zh, en)| lang.pick(zh, en).to_owned());
                let rows = [
                    (L::DriveModel, model_name),
                    (L::StatusDealer, dealer_name),
                    (L::ReceivedWhen, when.clone()),
                    (L::DriveCity, Some(city_name).filter(|c| !c.is_empty())),
                ];
                view! {
                    <section class="card" aria-labelledby="asked-title">
                        <h2 id="asked-title">{L::ReceivedAsked.text(lang)}</h2>
                        <dl>
                            {rows
                                .into_iter()
                                .filter_map(|(label, value)| value.map(|v| (label, v)))
                                .map(|(label, value)| {
                                    view! {
                                        <dt>{label.text(lang)}</dt>
                                        <dd>{value}</dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    </section>
                }
            },
        )}
        {status
            .map(|token| {
                view! {
                    <p>
                        <a class="button primary" href=format!("/test-drive/status/{token}")>
                            {L::ReceivedFollow.text(lang)}
                        </a>
                    </p>
                    <p class="meta">{L::ReceivedKeep.text(lang)}</p>
                }
            })}
    }
}

/// Why a prospect did not buy, from the list (the handler's loss and the
/// prospect's survey ask the same question).
#[component]
pub(crate) fn LostReasonField(lang: Lang, label: &'static str, error: Option<String>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="reason">{label}</label>
            <select id="reason" name="reason" required>
                <option value="">{L::DriveChoose.text(lang)}</option>
                {LostReason::chosen()
                    .map(|r| view! { <option value=r.as_str()>{lost_reason_name(r, lang)}</option> })
                    .collect_view()}
            </select>
            <p class="field-error" role="alert">
                {error}
            </p>
        </div>
    }
}
