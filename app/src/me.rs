//! The owner's dashboard.

use crate::auth::{visitor, RequireRole};
use crate::i18n::{role_name, T};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MePage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let query = use_query_map().get_untracked();
    let notice = if query.get_str("welcome").is_some() {
        Some(T::Welcome)
    } else if query.get_str("changed") == Some("password") {
        Some(T::PasswordChanged)
    } else {
        None
    };
    let account = visitor.user.map(|user| {
        let contact = user.mobile.clone().or(user.email.clone()).unwrap_or_default();
        view! {
            <h1>{T::MeHello.text(lang)}<span class="name">{user.display_name.clone()}</span></h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n.text(lang)}</p> })}
            <div class="grid">
                <section class="card" aria-labelledby="account-title">
                    <h2 id="account-title">{T::MeAccount.text(lang)}</h2>
                    <dl>
                        <dt>{T::MeContact.text(lang)}</dt><dd>{contact}</dd>
                        <dt>{T::MeRole.text(lang)}</dt><dd>{role_name(user.role, lang)}</dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="security-title">
                    <h2 id="security-title">{T::MeSecurity.text(lang)}</h2>
                    <p><a href="/me/password" class="button">{T::PasswordTitle.text(lang)}</a></p>
                </section>
                <section class="card muted" aria-labelledby="coming-title">
                    <h2 id="coming-title">{T::MeComingTitle.text(lang)}</h2>
                    <p>{T::MeComingText.text(lang)}</p>
                </section>
            </div>
        }
    });
    view! { <RequireRole allow=|_| true path="/me">{account}</RequireRole> }
}
