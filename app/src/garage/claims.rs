//! Customer care's queue of car claims waiting on evidence: each with its
//! registration certificate photo, to approve or reject with a reason.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, FormError};
use crate::i18n::{china_time, Lang, T};
use crate::layout::{loaded, Notice};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::error::Field;
use pitlane::garage::claim::QueuedClaim;
use server_fn::ServerFn;

/// Brand-wide customer care (and admins): the desks that decide claims.
#[cfg(feature = "ssr")]
fn deciding_staff() -> Result<pitlane::account::Staff, AppError> {
    let staff = crate::auth::ssr::require_staff(Role::is_care)?;
    if staff.may_decide_claims() {
        Ok(staff)
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(prefix = "/api", endpoint = "claim_queue")]
pub async fn claim_queue() -> Result<Vec<QueuedClaim>, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let staff = deciding_staff()?;
        Ok(pitlane::garage::claim::store::queue(&state()?.db, staff).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "approve_claim")]
pub async fn approve_claim(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state};
    respond(async move {
        let staff = deciding_staff()?;
        let state = state()?;
        pitlane::garage::claim::store::approve(&state.db, &*state.clock, staff, id).await?;
        redirect("/staff/claims?done=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "reject_claim")]
pub async fn reject_claim(id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state};
    let keep = [("claim", id.to_string()), ("reason", reason.clone())];
    respond_keeping(&keep, async move {
        let staff = deciding_staff()?;
        let state = state()?;
        let reason = pitlane::error::required_text(Field::Reason, &reason, pitlane::garage::claim::MAX_REASON_CHARS)?;
        pitlane::garage::claim::store::reject(&state.db, &*state.clock, staff, id, &reason).await?;
        redirect("/staff/claims?done=1");
        Ok(())
    })
    .await
}

#[component]
pub fn ClaimQueuePage() -> impl IntoView {
    let lang = visitor().lang;
    let done = use_query_map().get_untracked().get_str("done").is_some();
    let error = url_error::<ApproveClaim>().or_else(url_error::<RejectClaim>);
    // A refused rejection keeps its reason, on the claim it was for.
    let kept_claim = kept_value("claim").parse::<i64>().ok();
    view! {
        <RequireRole allow=Role::is_care>
            <h1>{T::StaffClaimsTitle.text(lang)}</h1>
            <p class="lead">{T::StaffClaimsIntro.text(lang)}</p>
            <Notice lang notice=done.then_some(T::StaffDone) />
            <FormError message=error_for_form(&error, lang) />
            {loaded(
                lang,
                claim_queue,
                move |claims| {
                    if claims.is_empty() {
                        return view! { <p class="empty card">{T::StaffClaimsEmpty.text(lang)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cars">
                            {claims
                                .into_iter()
                                .map(|claim| {
                                    let mine = kept_claim == Some(claim.id);
                                    let reason_error = error_for(&error, Field::Reason, lang).filter(|_| mine);
                                    let kept_reason = if mine { kept_value("reason") } else { String::new() };
                                    view! { <ClaimCard lang claim reason_error kept_reason /> }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                },
            )}
        </RequireRole>
    }
}

/// One waiting claim: the car, the claimant, the evidence, who holds the car
/// now, and the two decisions.
#[component]
fn ClaimCard(lang: Lang, claim: QueuedClaim, reason_error: Option<String>, kept_reason: String) -> impl IntoView {
    let holder = match &claim.holder {
        None => T::StaffClaimHolderNone.text(lang).to_owned(),
        Some(h) => {
            let basis = if h.on_proof { T::StaffClaimOnProof } else { T::StaffClaimLegacy };
            format!("{} ({})", h.name, basis.text(lang))
        }
    };
    let contact =
        [claim.claimant_mobile.clone(), claim.claimant_email.clone()].into_iter().flatten().collect::<Vec<_>>();
    let (id, reason_id) = (claim.id.to_string(), format!("reason-{}", claim.id));
    view! {
        <li class="card claim">
            <h2>{lang.pick(&claim.model_zh, &claim.model_en).to_owned()} " · " {claim.model_year}</h2>
            <p class="mono">{claim.vin.to_string()}</p>
            <dl>
                <dt>{T::StaffClaimClaimant.text(lang)}</dt>
                <dd>
                    {claim.claimant_name.clone()} " · " {contact.join(" · ")} " · "
                    <a href=format!("/staff/owners/{}", claim.claimant_id)>{T::StaffOwnerProfile.text(lang)}</a>
                </dd>
                <dt>{T::StaffClaimFiled.text(lang)}</dt>
                <dd>{china_time(claim.filed_at.timestamp_millis())}</dd>
                <dt>{T::StaffClaimSold.text(lang)}</dt>
                <dd>{claim.sale_date.map(|d| d.to_string()).unwrap_or_default()}</dd>
                <dt>{T::StaffClaimHolder.text(lang)}</dt>
                <dd>{holder}</dd>
            </dl>
            {claim.matches_register.then(|| view! { <p class="notice">{T::StaffClaimMatches.text(lang)}</p> })}
            {claim
                .evidence
                .map(|upload| {
                    view! {
                        <p>
                            <a href=format!("/files/{upload}")>
                                <img src=format!("/files/{upload}") alt="" width="320" />
                                <br />
                                {T::StaffClaimEvidence.text(lang)}
                            </a>
                        </p>
                    }
                })}
            <form method="post" action=ApproveClaim::url() class="inline-form">
                <input type="hidden" name="id" value=id.clone() />
                <button type="submit" class="button primary">
                    {T::StaffClaimApprove.text(lang)}
                </button>
            </form>
            <form method="post" action=RejectClaim::url()>
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for=reason_id.clone()>{T::StaffClaimReason.text(lang)}</label>
                    <textarea
                        id=reason_id.clone()
                        name="reason"
                        rows="2"
                        required=true
                        aria-describedby=format!("{reason_id}-error")
                    >
                        {crate::form::textarea_text(&kept_reason)}
                    </textarea>
                    <p class="field-error" id=format!("{reason_id}-error") role="alert">
                        {reason_error}
                    </p>
                </div>
                <button type="submit" class="button danger">
                    {T::StaffClaimReject.text(lang)}
                </button>
            </form>
        </li>
    }
}
