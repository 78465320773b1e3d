//! Staff tools for a car: look it up by VIN, see its owner and campaigns,
//! record a campaign as done, correct the mileage, transfer it on proof of sale.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, url_error, Check, FieldRow, FormError};
use crate::i18n::{Lang, T};
use crate::layout::{load_error, suspended, Notice};
use crate::warranty::{CampaignList, VinLookupForm};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::{Role, Staff};
use pitlane::error::Field;
use pitlane::garage::StaffView;
use pitlane::warranty::Lookup;
use server_fn::ServerFn;

#[cfg(feature = "ssr")]
fn parse_vin(raw: &str) -> Result<pitlane::types::Vin, AppError> {
    pitlane::types::Vin::parse(raw).map_err(|e| AppError::invalid(Field::Vin, e))
}

#[server(prefix = "/api", endpoint = "staff_vehicle")]
pub async fn staff_vehicle(vin: String) -> Result<(StaffView, Option<Lookup>), AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_staff)?;
        let state = state()?;
        let vin = parse_vin(&vin)?;
        let view = pitlane::garage::store::staff_view(&state.db, staff, &vin).await?;
        let lookup = pitlane::warranty::store::lookup(&state.db, &vin, state.clock.now().date_naive()).await?;
        Ok((view, lookup))
    })
    .await
}

#[server(prefix = "/api", endpoint = "complete_campaign")]
pub async fn complete_campaign(vin: String, campaign: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_workshop)?;
        let state = state()?;
        let vin = parse_vin(&vin)?;
        pitlane::warranty::store::complete_campaign(&state.db, &*state.clock, staff, &vin, campaign).await?;
        redirect(&format!("/staff/vehicles?vin={vin}&done=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "correct_mileage")]
pub async fn correct_mileage(vin: String, mileage: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::may_correct_mileage)?;
        let state = state()?;
        let vin = parse_vin(&vin)?;
        let km = pitlane::types::Km::parse(&mileage).map_err(|e| AppError::invalid(Field::Mileage, e))?;
        let reason = pitlane::error::text(Field::Reason, &reason, pitlane::garage::MAX_REASON_CHARS, false)?;
        pitlane::garage::store::correct_mileage(&state.db, &*state.clock, staff, &vin, km, reason.as_deref()).await?;
        redirect(&format!("/staff/vehicles?vin={vin}&done=1"));
        Ok(())
    })
    .await
}

/// Confirms or discards an owner's reading held as implausible.
#[server(prefix = "/api", endpoint = "decide_mileage")]
pub async fn decide_mileage(vin: String, reading: i64, decision: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    use pitlane::error::Problem;
    respond(async move {
        let staff = require_staff(Role::may_correct_mileage)?;
        let state = state()?;
        let vin = parse_vin(&vin)?;
        let decision = pitlane::garage::HeldDecision::parse(&decision)
            .ok_or(AppError::invalid(Field::Mileage, Problem::UnknownChoice))?;
        pitlane::garage::store::decide_held(&state.db, &*state.clock, staff, &vin, reading, decision).await?;
        redirect(&format!("/staff/vehicles?vin={vin}&done=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "transfer_car")]
pub async fn transfer_car(vin: String, identifier: String, proof: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_care)?;
        if !staff.may_transfer_cars() {
            return Err(AppError::Forbidden);
        }
        let state = state()?;
        let vin = parse_vin(&vin)?;
        let to = pitlane::types::Identifier::parse(&identifier).map_err(|e| AppError::invalid(Field::Identifier, e))?;
        let proof = pitlane::error::required_text(Field::Work, &proof, pitlane::garage::MAX_TRANSFER_PROOF_CHARS)?;
        pitlane::garage::store::transfer(&state.db, &*state.clock, staff, &vin, &to, &proof).await?;
        redirect(&format!("/staff/vehicles?vin={vin}&done=1"));
        Ok(())
    })
    .await
}

#[component]
pub fn StaffVehiclePage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let staff = visitor.user.as_ref().and_then(|u| u.as_staff());
    let query = use_query_map().get_untracked();
    let vin = query.get("vin").unwrap_or_default();
    let done = query.get_str("done").is_some();
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{T::StaffVehicleTitle.text(lang)}</h1>
            <p class="lead">{T::StaffVehicleIntro.text(lang)}</p>
            <Notice lang notice=done.then_some(T::StaffDone) />
            {suspended(
                lang,
                move || {
                    let vin = vin.clone();
                    async move {
                        let found = if vin.trim().is_empty() { None } else { Some(staff_vehicle(vin.clone()).await) };
                        let error = found.as_ref().and_then(|r| r.as_ref().err().cloned());
                        view! {
                            <VinLookupForm
                                lang
                                action="/staff/vehicles"
                                vin=vin.clone()
                                error=error_for(&error, Field::Vin, lang)
                            />
                            {match found {
                                Some(Ok((car, lookup))) => {
                                    match staff {
                                        Some(staff) => view! { <StaffVehicle lang staff car lookup /> }.into_any(),
                                        None => ().into_any(),
                                    }
                                }
                                Some(Err(AppError::NotFound)) => {
                                    view! { <p class="notice">{T::WarrantyNotFound.text(lang)}</p> }.into_any()
                                }
                                Some(Err(err)) if err.field().is_none() => load_error(err, lang),
                                _ => ().into_any(),
                            }}
                        }
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn StaffVehicle(lang: Lang, staff: Staff, car: StaffView, lookup: Option<Lookup>) -> impl IntoView {
    let action_error = url_error::<CorrectMileage>()
        .or_else(url_error::<TransferCar>)
        .or_else(url_error::<CompleteCampaign>)
        .or_else(url_error::<DecideMileage>);
    let owner = match car.owner.clone() {
        Some(o) => view! {
            <p>
                <strong>{o.display_name}</strong>
                " · "
                {o.mobile.or(o.email).unwrap_or_default()}
            </p>
            {staff
                .role
                .is_care()
                .then(|| {
                    view! {
                        <p>
                            <a href=format!("/staff/owners/{}", o.user_id)>{T::StaffOwnerProfile.text(lang)}</a>
                        </p>
                    }
                })}
        }
        .into_any(),
        None => view! { <p class="empty">{T::StaffNoOwner.text(lang)}</p> }.into_any(),
    };
    let open: Vec<(i64, String)> = lookup
        .as_ref()
        .map(|l| l.open_recalls().map(|c| (c.campaign.id, c.campaign.code.clone())).collect())
        .unwrap_or_default();
    let vin = car.vin.to_string();
    view! {
        <FormError message=error_for_form(&action_error, lang) />
        <section class="card">
            <h2>{format!("{} · {}", lang.pick(&car.model_zh, &car.model_en), car.model_year)}</h2>
            <p class="mono">{vin.clone()}</p>
            {car.mileage_km.map(|km| view! { <p>{T::GarageMileage.text(lang)} ": " {km}</p> })}
            <h3>{T::StaffOwner.text(lang)}</h3>
            {owner}
        </section>
        {lookup.map(|l| view! { <CampaignList lang campaigns=l.campaigns /> })}
        {(staff.role.is_workshop() && !open.is_empty())
            .then(|| {
                let vin = vin.clone();
                view! {
                    <section class="card">
                        {open
                            .into_iter()
                            .map(|(id, code)| {
                                view! {
                                    <form method="post" action=CompleteCampaign::url() class="inline-form">
                                        <input type="hidden" name="vin" value=vin.clone() />
                                        <input type="hidden" name="campaign" value=id.to_string() />
                                        <button type="submit" class="button">
                                            {T::StaffCompleteCampaign.text(lang)}
                                            " "
                                            {code}
                                        </button>
                                    </form>
                                }
                            })
                            .collect_view()}
                    </section>
                }
            })}
        {car
            .held
            .filter(|_| staff.role.may_correct_mileage())
            .map(|held| {
                let vin = vin.clone();
                view! {
                    <section class="card" aria-labelledby="held-title">
                        <h2 id="held-title">{T::StaffHeldTitle.text(lang)}</h2>
                        <p>
                            {T::StaffHeldReported.text(lang)} ": " <strong>{held.km} " km"</strong> " ("
                            {held.read_on.to_string()} ")"
                            {car
                                .mileage_km
                                .map(|km| {
                                    view! {
                                        " · "
                                        {T::GarageMileage.text(lang)}
                                        ": "
                                        {km}
                                    }
                                })}
                        </p>
                        <form method="post" action=DecideMileage::url() class="inline-form">
                            <input type="hidden" name="vin" value=vin />
                            <input type="hidden" name="reading" value=held.id.to_string() />
                            <button type="submit" class="button" name="decision" value="confirm">
                                {T::StaffHeldConfirm.text(lang)}
                            </button>
                            <button type="submit" class="button danger" name="decision" value="discard">
                                {T::StaffHeldDiscard.text(lang)}
                            </button>
                        </form>
                    </section>
                }
            })}
        {staff
            .role
            .may_correct_mileage()
            .then(|| {
                let vin = vin.clone();
                view! {
                    <section class="card">
                        <h2>{T::StaffCorrectMileage.text(lang)}</h2>
                        <form method="post" action=CorrectMileage::url() class="inline-form">
                            <input type="hidden" name="vin" value=vin />
                            <FieldRow
                                field=Field::Mileage
                                label=T::GarageMileage.text(lang)
                                lang
                                input_type="number"
                                error=error_for(&action_error, Field::Mileage, lang)
                            />
                            <FieldRow
                                field=Field::Reason
                                label=T::StaffMileageReason.text(lang)
                                lang
                                optional=true
                                hint=T::StaffMileageReasonHint.text(lang)
                                error=error_for(&action_error, Field::Reason, lang)
                            />
                            <button type="submit" class="button">
                                {T::StaffCorrect.text(lang)}
                            </button>
                        </form>
                    </section>
                }
            })}
        {staff
            .may_transfer_cars()
            .then(|| {
                let vin = vin.clone();
                view! {
                    <section class="card">
                        <h2>{T::StaffTransfer.text(lang)}</h2>
                        <form method="post" action=TransferCar::url()>
                            <input type="hidden" name="vin" value=vin />
                            <FieldRow
                                field=Field::Identifier
                                label=T::StaffTransferTo.text(lang)
                                lang
                                check=Check::Identifier
                                error=error_for(&action_error, Field::Identifier, lang)
                            />
                            <FieldRow
                                field=Field::Work
                                name="proof"
                                label=T::StaffProof.text(lang)
                                lang
                                error=error_for(&action_error, Field::Work, lang)
                            />
                            <button type="submit" class="button">
                                {T::StaffTransferButton.text(lang)}
                            </button>
                        </form>
                    </section>
                }
            })}
    }
}
