//! From the search page, staff record a caller with no account (on the
//! hotline, or a visitor to the showroom) as a lead whose source says so.

use super::words::K;
use crate::auth::visitor;
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FieldRow, FormError, SubmitButton};
use crate::i18n::{dealer_name, Lang};
use crate::lead::words::{part_of_day_name, source_name};
use leptos::prelude::*;
use pitlane::error::Field;
use pitlane::lead::views::RequestChoices;
use pitlane::lead::{PartOfDay, Source};
use server_fn::ServerFn;

/// A lead for a caller with no account, at a dealer the desk covers; the
/// sales floor goes on to the lead, care back to the search, which finds it.
#[server(prefix = "/api", endpoint = "open_caller_lead")]
pub async fn open_caller_lead(
    display_name: String,
    mobile: String,
    city: String,
    model: String,
    dealer: String,
    part_of_day: String,
    source: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond_keeping, state};
    use pitlane::account::Role;
    let keep = [
        ("display_name", display_name.clone()),
        ("mobile", mobile.clone()),
        ("city", city.clone()),
        ("model", model.clone()),
        ("dealer", dealer.clone()),
        ("part_of_day", part_of_day.clone()),
        ("source", source.clone()),
    ];
    respond_keeping(&keep, async move {
        let staff = require_staff(Role::takes_callers)?;
        let state = state()?;
        let request = pitlane::lead::caller_request(
            &display_name,
            &mobile,
            &city,
            &model,
            &dealer,
            &part_of_day,
            &source,
            pitlane::lead::Source::by_staff,
        )?;
        let found = request.mobile.as_str().to_owned();
        let lead =
            pitlane::lead::store::take_caller(&state.db, &*state.clock, &state.public_origin, &staff, request).await?;
        if staff.role.works_leads() {
            redirect(&format!("/staff/leads/{lead}"));
        } else {
            redirect(&format!("/staff/customers?q={found}"));
        }
        Ok(())
    })
    .await
}

/// The caller's name, mobile and city, the model and dealer they ask about,
/// when to call them back, and how staff met them.
#[component]
pub fn CallerLeadForm(lang: Lang, choices: RequestChoices) -> impl IntoView {
    let error = url_error::<OpenCallerLead>();
    let failed = error.is_some();
    let desk = visitor().user.as_ref().and_then(|u| u.desk());
    let (kept_model, kept_dealer) = (kept_value("model"), kept_value("dealer"));
    let (kept_part, kept_source) = (kept_value("part_of_day"), kept_value("source"));
    let models = choices
        .models
        .into_iter()
        .map(|m| {
            let id = m.id.to_string();
            let selected = id == kept_model;
            view! {
                <option value=id selected=selected>
                    {lang.pick(&m.name_zh, &m.name_en).to_owned()}
                </option>
            }
        })
        .collect_view();
    let dealers = choices
        .dealers
        .into_iter()
        .filter(|d| desk.is_none_or(|desk| desk.covers(d.id)))
        .map(|d| {
            let id = d.id.to_string();
            let selected = id == kept_dealer;
            view! {
                <option value=id selected=selected>
                    {dealer_name(&d, lang)}
                </option>
            }
        })
        .collect_view();
    let parts = PartOfDay::ALL
        .into_iter()
        .map(|p| {
            view! {
                <option value=p.as_str() selected=kept_part == p.as_str()>
                    {part_of_day_name(p, lang)}
                </option>
            }
        })
        .collect_view();
    let sources = Source::ALL
        .into_iter()
        .filter(|s| s.by_staff())
        .map(|s| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="source"
                        value=s.as_str()
                        required=true
                        checked=kept_source == s.as_str()
                    />
                    " "
                    {source_name(s, lang)}
                </label>
            }
        })
        .collect_view();
    let select = move |id: &'static str, label: K, options: AnyView, message: Option<String>| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id>{label.text(lang)}</label>
                <select id=id name=id required=true aria-describedby=error_id.clone()>
                    <option value="">{K::Choose.text(lang)}</option>
                    {options}
                </select>
                <p class="field-error" id=error_id role="alert">
                    {message}
                </p>
            </div>
        }
    };
    view! {
        <details class="card" open=failed>
            <summary>{K::CallerTitle.text(lang)}</summary>
            <p class="field-hint">{K::CallerIntro.text(lang)}</p>
            <BusyForm action=OpenCallerLead::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <fieldset class="field" aria-describedby="source-error">
                    <legend>{K::CallerSource.text(lang)}</legend>
                    {sources}
                    <p class="field-error" id="source-error" role="alert">
                        {error_for(&error, Field::Source, lang)}
                    </p>
                </fieldset>
                <FieldRow
                    field=Field::DisplayName
                    label=K::CallerName.text(lang)
                    lang
                    autocomplete="off"
                    error=error_for(&error, Field::DisplayName, lang)
                    value=kept_value("display_name")
                />
                <FieldRow
                    field=Field::Mobile
                    label=K::CallerMobile.text(lang)
                    lang
                    input_type="tel"
                    autocomplete="off"
                    check=crate::form::Check::Mobile
                    error=error_for(&error, Field::Mobile, lang)
                    value=kept_value("mobile")
                />
                <FieldRow
                    field=Field::City
                    label=K::CallerCity.text(lang)
                    lang
                    autocomplete="off"
                    error=error_for(&error, Field::City, lang)
                    value=kept_value("city")
                />
                {select("model", K::CallerModel, models.into_any(), error_for(&error, Field::Model, lang))}
                {select("dealer", K::CallerDealer, dealers.into_any(), error_for(&error, Field::Dealer, lang))}
                {select("part_of_day", K::CallerWhen, parts.into_any(), error_for(&error, Field::PartOfDay, lang))}
                <SubmitButton label=K::CallerSave.text(lang) busy_label=K::CallerSaving.text(lang) />
            </BusyForm>
        </details>
    }
}
