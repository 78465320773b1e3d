//! Signing up, in and out, changing the password and the language.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{
    error_for, error_for_form, kept_value, url_error, BusyForm, Check, FieldRow, FormError, SubmitButton,
};
use crate::i18n::T;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::error::Field;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(identifier: String, password: String, next: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
    let keep = [("identifier", identifier.clone()), ("next", next.clone())];
    respond_keeping(&keep, async move {
        let state = state()?;
        let visitor = visitor()?;
        let user =
            pitlane::account::store::login(&state.db, &*state.clock, &identifier, &password, &visitor.client_addr)
                .await?;
        ssr::start_session(user.id).await?;
        redirect(safe_next(&next).unwrap_or(user.role.home_path()));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(identifier: String, display_name: String, password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
    use pitlane::account::{store, Registration, RoleAssignment};
    let keep = [("identifier", identifier.clone()), ("display_name", display_name.clone())];
    respond_keeping(&keep, async move {
        let state = state()?;
        let visitor = visitor()?;
        let registration = Registration::parse(&identifier, &display_name, &password)?;
        let id =
            store::create(&state.db, &*state.clock, registration, RoleAssignment::owner(), Some(&visitor.client_addr))
                .await?;
        ssr::start_session(id).await?;
        redirect("/me?welcome=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, session, state, visitor};
    use pitlane::audit::{self, Action, Entry};
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        if let Some(user) = &visitor.user {
            let entry = Entry {
                at: state.clock.now(),
                actor: Some(user.id),
                action: Action::Logout,
                subject: format!("user:{}", user.id),
                detail: String::new(),
                client_addr: Some(&visitor.client_addr),
            };
            audit::record(state.db.pool(), entry).await.map_err(pitlane::DomainError::from)?;
        }
        session().await?.flush().await.map_err(ssr::session_failed)?;
        redirect("/");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, session, state};
    respond(async move {
        let state = state()?;
        let (user, visitor) = require(|_| true)?;
        pitlane::account::store::change_password(
            &state.db,
            &*state.clock,
            user.id,
            &current_password,
            &new_password,
            Some(&visitor.client_addr),
        )
        .await?;
        // A new id, so a session stolen before the change is worth nothing after it.
        session().await?.cycle_id().await.map_err(ssr::session_failed)?;
        redirect("/me?changed=password");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use crate::i18n::Lang;
    use leptos_axum::ResponseOptions;
    respond(async move {
        let lang = Lang::parse(&lang).unwrap_or_default();
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Lang::COOKIE, lang.tag());
        if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            response.append_header(http::header::SET_COOKIE, value);
        }
        if let Some(user) = visitor()?.user {
            pitlane::account::store::set_locale(&state()?.db, user.id, lang.tag()).await?;
        }
        Ok(())
    })
    .await
}

/// Only a path on this site may follow sign-in (no open redirect to elsewhere).
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    local.then_some(next)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::{ssr::session, SESSION_USER_ID};
    use crate::error::AppError;
    use pitlane::account::UserId;

    pub fn session_failed(err: tower_sessions::session::Error) -> AppError {
        tracing::error!(error = %err, "session store failed");
        AppError::Internal
    }

    /// A fresh session id at sign-in, so an id planted before it is useless.
    pub async fn start_session(user: UserId) -> Result<(), AppError> {
        let session = session().await?;
        session.cycle_id().await.map_err(session_failed)?;
        session.insert(SESSION_USER_ID, user).await.map_err(session_failed)
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = visitor().lang;
    let next = use_query_map().get_untracked().get("next").unwrap_or_default();
    let error = url_error::<Login>();
    view! {
        <section class="card narrow">
            <h1>{T::LoginTitle.text(lang)}</h1>
            <BusyForm action=Login::url().to_owned()>
                <FormError message=error_for_form(&error, lang)/>
                <FieldRow field=Field::Identifier label=T::FieldIdentifier.text(lang) lang autocomplete="username"
                    hint=T::FieldIdentifierHint.text(lang) check=Check::Identifier
                    error=error_for(&error, Field::Identifier, lang) value=kept_value("identifier")/>
                <FieldRow field=Field::Password label=T::FieldPassword.text(lang) lang input_type="password"
                    autocomplete="current-password"/>
                <input type="hidden" name="next" value=next/>
                <SubmitButton label=T::LoginButton.text(lang) busy_label=T::LoginPending.text(lang)/>
            </BusyForm>
            <p class="aside">{T::NoAccountYet.text(lang)} " " <a href="/register">{T::NavRegister.text(lang)}</a></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<Register>();
    view! {
        <section class="card narrow">
            <h1>{T::RegisterTitle.text(lang)}</h1>
            <BusyForm action=Register::url().to_owned()>
                <FormError message=error_for_form(&error, lang)/>
                <FieldRow field=Field::Identifier label=T::FieldIdentifier.text(lang) lang autocomplete="username"
                    hint=T::FieldIdentifierHint.text(lang) check=Check::Identifier
                    error=error_for(&error, Field::Identifier, lang) value=kept_value("identifier")/>
                <FieldRow field=Field::DisplayName label=T::FieldDisplayName.text(lang) lang autocomplete="name"
                    check=Check::DisplayName error=error_for(&error, Field::DisplayName, lang)
                    value=kept_value("display_name")/>
                <FieldRow field=Field::Password label=T::FieldPassword.text(lang) lang input_type="password"
                    autocomplete="new-password" hint=T::FieldPasswordHint.text(lang) check=Check::Password
                    error=error_for(&error, Field::Password, lang)/>
                <SubmitButton label=T::RegisterButton.text(lang) busy_label=T::RegisterPending.text(lang)/>
            </BusyForm>
            <p class="aside">{T::HaveAccount.text(lang)} " " <a href="/login">{T::NavLogin.text(lang)}</a></p>
        </section>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<ChangePassword>();
    view! {
        <RequireRole allow=|_| true path="/me/password">
            <section class="card narrow">
                <h1>{T::PasswordTitle.text(lang)}</h1>
                <BusyForm action=ChangePassword::url().to_owned()>
                    <FormError message=error_for_form(&error, lang)/>
                    <FieldRow field=Field::Password name="current_password" label=T::FieldCurrentPassword.text(lang) lang
                        input_type="password" autocomplete="current-password"/>
                    <FieldRow field=Field::NewPassword label=T::FieldNewPassword.text(lang) lang input_type="password"
                        autocomplete="new-password" hint=T::FieldPasswordHint.text(lang) check=Check::Password
                        error=error_for(&error, Field::NewPassword, lang)/>
                    <SubmitButton label=T::PasswordButton.text(lang) busy_label=T::PasswordPending.text(lang)/>
                </BusyForm>
            </section>
        </RequireRole>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_may_follow_sign_in() {
        assert_eq!(safe_next("/me/garage"), Some("/me/garage"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next(""), None);
    }
}
