//! Administration: users and their roles, and the recent security events.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::url_error;
use crate::i18n::{china_time, role_name, Lang, T};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::{Role, User};
use pitlane::audit;
use pitlane::dealer::Dealer;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "admin_users")]
pub async fn admin_users(search: String) -> Result<(Vec<User>, Vec<Dealer>, Vec<audit::Row>), AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::DomainError;
    const PAGE_SIZE: i64 = 50;
    respond(async move {
        require(Role::is_admin)?;
        let state = state()?;
        let users = pitlane::account::store::list(&state.db, &search, PAGE_SIZE, 0).await?;
        let dealers = pitlane::dealer::list(state.db.pool()).await.map_err(DomainError::from)?;
        let events = audit::recent(state.db.pool(), 20).await.map_err(DomainError::from)?;
        Ok((users, dealers, events))
    })
    .await
}

#[server(prefix = "/api", endpoint = "set_role")]
pub async fn set_role(user_id: i64, role: String, dealer: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::account::RoleAssignment;
    use pitlane::error::{Field, FieldError, Problem};
    respond(async move {
        let (admin, visitor) = require(Role::is_admin)?;
        let state = state()?;
        let role = Role::parse(&role).map_err(|e| AppError::Invalid(FieldError::new(Field::Role, e)))?;
        let dealer = match dealer.trim() {
            "" => None,
            raw => Some(
                raw.parse::<i64>()
                    .map_err(|_| AppError::Invalid(FieldError::new(Field::Dealer, Problem::UnknownChoice)))?,
            ),
        };
        let assignment =
            RoleAssignment::new(role, dealer).map_err(|e| AppError::Invalid(FieldError::new(Field::Role, e)))?;
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

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let search = query.get("q").unwrap_or_default();
    let saved = query.get_str("saved").is_some();
    let error = url_error::<SetRole>();
    view! {
        <RequireRole allow=Role::is_admin path="/admin">
            <h1>{T::AdminTitle.text(lang)}</h1>
            {saved.then(|| view! { <p class="notice" role="status">{T::AdminSaved.text(lang)}</p> })}
            {error.map(|e| view! { <p class="form-error" role="alert">{e.text(lang)}</p> })}
            <section class="card" aria-labelledby="users-title">
                <h2 id="users-title">{T::AdminUsers.text(lang)}</h2>
                <form method="get" action="/admin" class="inline-form" role="search">
                    <label for="q" class="visually-hidden">{T::AdminSearch.text(lang)}</label>
                    <input id="q" name="q" type="search" value=search.clone() placeholder=T::AdminSearch.text(lang)/>
                    <button type="submit" class="button">{T::AdminSearchButton.text(lang)}</button>
                </form>
                <Suspense fallback=move || view! { <p class="loading" role="status">{T::Loading.text(lang)}</p> }>
                    {let search = search.clone(); move || {
                        let search = search.clone();
                        Suspend::new(async move {
                            match admin_users(search).await {
                                Ok((users, dealers, events)) => view! {
                                    <UserTable lang users dealers/>
                                    <AuditTable lang events/>
                                }.into_any(),
                                Err(err) => view! { <p class="form-error" role="alert">{err.text(lang)}</p> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            </section>
        </RequireRole>
    }
}

#[component]
fn UserTable(lang: Lang, users: Vec<User>, dealers: Vec<Dealer>) -> impl IntoView {
    if users.is_empty() {
        return view! { <p class="empty">{T::AdminNoUsers.text(lang)}</p> }.into_any();
    }
    let rows = users
        .into_iter()
        .map(|user| {
            let form_id = format!("role-{}", user.id);
            let contact = user.mobile.clone().or(user.email.clone()).unwrap_or_default();
            let role_options = Role::ALL
                .into_iter()
                .map(|r| view! { <option value=r.as_str() selected=r == user.role>{role_name(r, lang)}</option> })
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
                    <td>{user.display_name.clone()}</td>
                    <td>{contact}</td>
                    <td>
                        <label class="visually-hidden" for=format!("{form_id}-role")>{T::ColRole.text(lang)}</label>
                        <select id=format!("{form_id}-role") name="role" form=form_id.clone()>{role_options}</select>
                    </td>
                    <td>
                        <label class="visually-hidden" for=format!("{form_id}-dealer")>{T::ColDealer.text(lang)}</label>
                        <select id=format!("{form_id}-dealer") name="dealer" form=form_id.clone()>
                            <option value="" selected=user.dealer_id.is_none()>{T::AdminNoDealer.text(lang)}</option>
                            {dealer_options}
                        </select>
                    </td>
                    <td>
                        <form id=form_id method="post" action=SetRole::url()>
                            <input type="hidden" name="user_id" value=user.id.to_string()/>
                            <button type="submit" class="button small">{T::AdminSave.text(lang)}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <crate::table::DataTable lang columns=&[T::ColName, T::ColContact, T::ColRole, T::ColDealer, T::ColAction]>{rows}</crate::table::DataTable>
    }
    .into_any()
}

#[component]
fn AuditTable(lang: Lang, events: Vec<audit::Row>) -> impl IntoView {
    let body = if events.is_empty() {
        view! { <p class="empty">{T::AdminNoAudit.text(lang)}</p> }.into_any()
    } else {
        let rows = events
            .into_iter()
            .map(|e| {
                let when = china_time(e.at);
                view! { <tr><td>{when}</td><td>{e.action}</td><td>{e.subject}</td><td>{e.detail}</td></tr> }
            })
            .collect_view();
        view! {
            <crate::table::DataTable lang columns=&[T::ColWhen, T::ColWhat, T::ColSubject, T::ColDetail]>{rows}</crate::table::DataTable>
        }
        .into_any()
    };
    view! { <h2>{T::AdminAudit.text(lang)}</h2>{body} }
}
