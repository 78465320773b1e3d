//! Administration: users, their roles, disabling and enabling accounts, and
//! the recent security events.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{url_error, FormError};
use crate::i18n::{china_time, role_name, Lang, T};
use crate::layout::{loaded, Notice};
use crate::table::{Clip, Col, Holds};
use words::action_name;

pub mod integrations;
mod words;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::{Role, User, UserId};
use pitlane::audit;
use pitlane::dealer::Dealer;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "admin_users")]
#[allow(clippy::type_complexity)] // the page's four lists, as one round trip
pub async fn admin_users(search: String) -> Result<(Vec<User>, Vec<Dealer>, Vec<audit::Row>, Vec<UserId>), AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::DomainError;
    const PAGE_SIZE: i64 = 50;
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        let users = pitlane::account::store::list(&state.db, &search, PAGE_SIZE, 0).await?;
        let dealers = pitlane::dealer::list(&state.db).await.map_err(DomainError::from)?;
        let events = audit::recent(&state.db, 20).await.map_err(DomainError::from)?;
        let disabled = pitlane::account::store::disabled(&state.db).await?;
        Ok((users, dealers, events, disabled))
    })
    .await
}

#[server(prefix = "/api", endpoint = "set_role")]
pub async fn set_role(user_id: i64, role: String, dealer: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::account::RoleAssignment;
    use pitlane::error::Field;
    respond(async move {
        let (admin, visitor) = require(Role::is_admin)?;
        let state = state()?;
        let role =
            Role::parse(&role).ok_or_else(|| AppError::invalid(Field::Role, pitlane::account::RoleError::Unknown))?;
        let dealer = match dealer.trim() {
            "" => None,
            raw => Some(pitlane::error::choice_id(Field::Dealer, raw)?),
        };
        let assignment = RoleAssignment::new(role, dealer).map_err(|e| AppError::invalid(Field::Role, e))?;
        pitlane::account::store::assign_role(
            &state.db,
            &*state.clock,
            admin.id,
            user_id,
            assignment,
            Some(&visitor.client_addr),
        )
        .await?;
        redirect("/admin?saved=1");
        Ok(())
    })
    .await
}

/// Disables an account (it cannot sign in; its sessions end at once) or
/// enables it again. An admin cannot disable their own account.
#[server(prefix = "/api", endpoint = "set_disabled")]
pub async fn set_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (admin, visitor) = require(Role::is_admin)?;
        if disabled && admin.id == user_id {
            return Err(AppError::Forbidden);
        }
        let state = state()?;
        let addr = Some(visitor.client_addr.as_str());
        pitlane::account::store::set_disabled(&state.db, &*state.clock, admin.id, user_id, disabled, addr).await?;
        redirect("/admin?saved=account");
        Ok(())
    })
    .await
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let search = query.get("q").unwrap_or_default();
    let saved = match query.get_str("saved") {
        Some("account") => Some(T::AdminAccountSaved),
        Some(_) => Some(T::AdminSaved),
        None => None,
    };
    let error = url_error::<SetRole>().or_else(url_error::<SetDisabled>);
    view! {
        <RequireRole allow=Role::is_admin>
            <h1>{T::AdminTitle.text(lang)}</h1>
            <Notice lang notice=saved />
            <FormError message=error.map(|e| e.text(lang)) />
            <section class="card" aria-labelledby="users-title">
                <h2 id="users-title">{T::AdminUsers.text(lang)}</h2>
                <form method="get" action="/admin" class="inline-form" role="search">
                    <label for="q" class="visually-hidden">
                        {T::AdminSearch.text(lang)}
                    </label>
                    <input id="q" name="q" type="search" value=search.clone() placeholder=T::AdminSearch.text(lang) />
                    <button type="submit" class="button">
                        {T::AdminSearchButton.text(lang)}
                    </button>
                </form>
                {loaded(
                    lang,
                    move || admin_users(search.clone()),
                    move |(users, dealers, events, disabled)| {
                        view! {
                            <UserTable lang users dealers disabled />
                            <AuditTable lang events />
                        }
                    },
                )}
            </section>
        </RequireRole>
    }
}

#[component]
fn UserTable(lang: Lang, users: Vec<User>, dealers: Vec<Dealer>, disabled: Vec<UserId>) -> impl IntoView {
    if users.is_empty() {
        return view! { <p class="empty">{T::AdminNoUsers.text(lang)}</p> }.into_any();
    }
    // An admin does not lock themselves out.
    let me = visitor().user.map(|u| u.id);
    let col = |t: T, holds| Col::new(t.text(lang), holds);
    let rows = users
        .into_iter()
        .map(|user| {
            let form_id = format!("role-{}", user.id);
            let is_disabled = disabled.contains(&user.id);
            let (state, toggle) =
                if is_disabled { (T::AdminDisabled, T::AdminEnable) } else { (T::AdminActive, T::AdminDisable) };
            let contact = user.mobile.clone().or(user.email.clone()).unwrap_or_default();
            let role_options = Role::ALL
                .into_iter()
                .map(|r| {
                    view! {
                        <option value=r.as_str() selected=r == user.role>
                            {role_name(r, lang)}
                        </option>
                    }
                })
                .collect_view();
            let dealer_options = dealers
                .iter()
                .map(|d| {
                    view! {
                        <option value=d.id.to_string() selected=Some(d.id) == user.dealer_id>
                            {format!("{} {}", d.code, lang.pick(&d.city_zh, &d.city_en))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <td>
                        <Clip text=user.display_name.clone() />
                    </td>
                    <td>
                        <Clip text=contact />
                    </td>
                    <td>
                        <label class="visually-hidden" for=format!("{form_id}-role")>
                            {T::ColRole.text(lang)}
                        </label>
                        <select id=format!("{form_id}-role") name="role" form=form_id.clone()>
                            {role_options}
                        </select>
                    </td>
                    <td>
                        <label class="visually-hidden" for=format!("{form_id}-dealer")>
                            {T::ColDealer.text(lang)}
                        </label>
                        <select id=format!("{form_id}-dealer") name="dealer" form=form_id.clone()>
                            <option value="" selected=user.dealer_id.is_none()>
                                {T::AdminNoDealer.text(lang)}
                            </option>
                            {dealer_options}
                        </select>
                    </td>
                    <td>
                        <form id=form_id method="post" action=SetRole::url()>
                            <input type="hidden" name="user_id" value=user.id.to_string() />
                            <button type="submit" class="button small">
                                {T::AdminSave.text(lang)}
                            </button>
                        </form>
                    </td>
                    <td>
                        {state.text(lang)} " "
                        {(me != Some(user.id))
                            .then(|| {
                                view! {
                                    <form method="post" action=SetDisabled::url() class="inline-form">
                                        <input type="hidden" name="user_id" value=user.id.to_string() />
                                        <input type="hidden" name="disabled" value=(!is_disabled).to_string() />
                                        <button type="submit" class="button small">
                                            {toggle.text(lang)}
                                            <span class="visually-hidden">{format!(" {}", user.display_name)}</span>
                                        </button>
                                    </form>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <crate::table::DataTable columns=vec![
            col(T::ColName, Holds::Name),
            col(T::ColContact, Holds::Text),
            col(T::ColRole, Holds::Controls),
            col(T::ColDealer, Holds::Controls),
            col(T::ColAction, Holds::Status),
            col(T::ColAccount, Holds::Controls),
        ]>{rows}</crate::table::DataTable>
    }
    .into_any()
}

#[component]
fn AuditTable(lang: Lang, events: Vec<audit::Row>) -> impl IntoView {
    let col = |t: T, holds| Col::new(t.text(lang), holds);
    let body = if events.is_empty() {
        view! { <p class="empty">{T::AdminNoAudit.text(lang)}</p> }.into_any()
    } else {
        let rows = events
            .into_iter()
            .map(|e| {
                let when = china_time(e.at);
                let what =
                    audit::Action::parse(&e.action).map_or(T::EventOther.text(lang), |a| action_name(a).text(lang));
                view! {
                    <tr>
                        <td>{when}</td>
                        <td>
                            <Clip text=what />
                        </td>
                        <td>
                            <Subject subject=e.subject />
                        </td>
                        <td>
                            <Clip text=e.detail />
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <crate::table::DataTable columns=vec![
                col(T::ColWhen, Holds::When),
                col(T::ColWhat, Holds::Phrase),
                col(T::ColSubject, Holds::Name),
                col(T::ColDetail, Holds::Text),
            ]>{rows}</crate::table::DataTable>
        }
        .into_any()
    };
    view! {
        <h2>{T::AdminAudit.text(lang)}</h2>
        {body}
    }
}

/// What an audit line was about: an account opens its profile, a car its page.
#[component]
fn Subject(subject: String) -> impl IntoView {
    let href = match subject.split_once(':') {
        Some(("user", id)) if id.parse::<i64>().is_ok() => Some(format!("/staff/owners/{id}")),
        Some(("vin", vin)) => Some(format!("/staff/vehicles?vin={vin}")),
        _ => None,
    };
    match href {
        Some(href) => view! { <Clip text=subject href /> }.into_any(),
        None => view! { <Clip text=subject /> }.into_any(),
    }
}
