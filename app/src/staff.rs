//! The staff console's home: who you are working for and the first figures.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::i18n::{role_name, Lang, T};
use crate::layout::{loaded, Figure};
use leptos::prelude::*;
use pitlane::account::Role;
use pitlane::dealer::Overview;

#[server(prefix = "/api", endpoint = "staff_overview")]
pub async fn staff_overview() -> Result<Overview, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(Role::is_staff)?;
        let state = state()?;
        Ok(pitlane::dealer::overview(&state.db, user.dealer_id).await.map_err(pitlane::DomainError::from)?)
    })
    .await
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let role = visitor.user.as_ref().map(|u| u.role).unwrap_or(Role::Owner);
    let decides_claims = visitor.user.as_ref().and_then(|u| u.as_staff()).is_some_and(|s| s.may_decide_claims());
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{T::StaffTitle.text(lang)}</h1>
            <p class="lead">{T::MeRole.text(lang)} ": " {role_name(role, lang)}</p>
            {decides_claims
                .then(|| {
                    view! {
                        <p>
                            <a href="/staff/claims">{T::StaffClaimsLink.text(lang)}</a>
                        </p>
                    }
                })}
            {loaded(lang, staff_overview, move |overview| view! { <OverviewCards lang overview /> })}
        </RequireRole>
    }
}

#[component]
fn OverviewCards(lang: Lang, overview: Overview) -> impl IntoView {
    let scope = match &overview.dealer {
        Some(d) => format!("{} · {}", lang.pick(&d.name_zh, &d.name_en), d.phone),
        None => T::StaffBrandWide.text(lang).to_owned(),
    };
    let figures = [
        (T::StaffOwners, overview.owners),
        (T::StaffVehicles, overview.vehicles_sold),
        (T::StaffClaimed, overview.vehicles_claimed),
    ];
    view! {
        <p>
            <strong>{T::StaffScope.text(lang)} ": "</strong>
            {scope}
        </p>
        <ul class="figures">
            {figures.into_iter().map(|(label, n)| view! { <Figure value=n label=label.text(lang) /> }).collect_view()}
        </ul>
    }
}
