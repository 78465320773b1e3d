//! Signing up (with a code sent to the number), in and out, resetting or
//! changing the password, ending sessions, and the language.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{
    error_for, error_for_form, kept_value, url_error, BusyForm, Check, DisplayNameField, FieldRow, FormError,
    SubmitButton,
};
use crate::i18n::{Lang, T};
use crate::layout::loads::loading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::error::Field;
use server_fn::ServerFn;
use words::K;

pub mod words;

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(identifier: String, password: String, next: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
    let keep = [("identifier", identifier.clone()), ("next", next.clone())];
    respond_keeping(&keep, async move {
        let state = state()?;
        let visitor = visitor()?;
        let (user, sign_in) =
            pitlane::account::store::login(&state.db, &*state.clock, &identifier, &password, &visitor.client_addr)
                .await?;
        ssr::start_session(sign_in).await?;
        let next = pitlane::types::LocalPath::parse(&next).ok();
        redirect(next.as_ref().map_or(user.role.home_path(), |path| path.as_str()));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(identifier: String, display_name: String, password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
    use pitlane::{account::Registration, verification::store};
    let keep = [("identifier", identifier.clone()), ("display_name", display_name.clone())];
    respond_keeping(&keep, async move {
        let state = state()?;
        let visitor = visitor()?;
        let registration = Registration::parse(&identifier, &display_name, &password)?;
        let lang = visitor.lang.tag();
        let pending = store::register_owner(&state.db, &*state.clock, registration, &visitor.client_addr, lang).await?;
        ssr::remember_pending(pending).await?;
        // The same answer whether or not the number already has an account.
        redirect("/register/code");
        Ok(())
    })
    .await
}

/// Registration, step two: the code from the SMS or e-mail makes the account.
#[server(prefix = "/api", endpoint = "confirm_registration")]
pub async fn confirm_registration(code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state, visitor};
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        let pending = ssr::pending().await?;
        let code = ssr::parse_code(&code)?;
        let sign_in = pitlane::verification::store::finish_registration(
            &state.db,
            &*state.clock,
            pending,
            code,
            &visitor.client_addr,
        )
        .await?;
        ssr::start_session(sign_in).await?;
        redirect("/me?welcome=1");
        Ok(())
    })
    .await
}

/// Where the code this browser waits for went, for the code pages.
#[server(prefix = "/api", endpoint = "pending_code")]
pub async fn pending_code() -> Result<Option<String>, AppError> {
    use crate::auth::ssr::{respond, session, state};
    use crate::auth::SESSION_PENDING_CODE;
    respond(async move {
        let state = state()?;
        let pending = session().await?.get::<i64>(SESSION_PENDING_CODE).await.map_err(ssr::session_failed)?;
        match pending {
            Some(id) => Ok(pitlane::verification::store::recipient(&state.db, id, state.clock.now()).await?),
            None => Ok(None),
        }
    })
    .await
}

/// "No code?": a fresh code for the registration or reset this browser waits
/// for, to the same contact (throttled like the first; the old code stops
/// working), then back to its code page.
#[server(prefix = "/api", endpoint = "resend_code")]
pub async fn resend_code(purpose: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state, visitor};
    use pitlane::verification::Purpose;
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        let purpose = Purpose::parse(&purpose).filter(|p| code_page(*p).is_some());
        let purpose = purpose.ok_or_else(|| AppError::BadArguments("purpose".to_owned()))?;
        let pending = ssr::pending().await?;
        let (db, clock) = (&state.db, &*state.clock);
        pitlane::verification::store::resend(db, clock, pending, purpose, &visitor.client_addr, visitor.lang.tag())
            .await?;
        redirect(&format!("{}?sent=again", code_page(purpose).unwrap_or("/")));
        Ok(())
    })
    .await
}

/// The page that waits for a code sent for `purpose` (a new contact's code
/// waits on the profile, which asks again its own way).
#[cfg(feature = "ssr")]
fn code_page(purpose: pitlane::verification::Purpose) -> Option<&'static str> {
    use pitlane::verification::Purpose;
    match purpose {
        Purpose::Register => Some("/register/code"),
        Purpose::Reset => Some("/reset/code"),
        Purpose::Contact => None,
    }
}

/// Password reset, step one: always the same answer, whether or not an account
/// uses the number.
#[server(prefix = "/api", endpoint = "start_reset")]
pub async fn start_reset(identifier: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state, visitor};
    let keep = [("identifier", identifier.clone())];
    respond_keeping(&keep, async move {
        let state = state()?;
        let visitor = visitor()?;
        let identifier =
            pitlane::types::Identifier::parse(&identifier).map_err(|e| AppError::invalid(Field::Identifier, e))?;
        let pending = pitlane::verification::store::start_reset(
            &state.db,
            &*state.clock,
            identifier,
            &visitor.client_addr,
            visitor.lang.tag(),
        )
        .await?;
        ssr::remember_pending(pending).await?;
        redirect("/reset/code");
        Ok(())
    })
    .await
}

/// Password reset, step two: the code and a new password; every session of the
/// account ends and this browser is signed in afresh.
#[server(prefix = "/api", endpoint = "finish_reset")]
pub async fn finish_reset(code: String, new_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state, visitor};
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        let pending = ssr::pending().await?;
        let code = ssr::parse_code(&code)?;
        let password =
            pitlane::types::Password::parse(&new_password).map_err(|e| AppError::invalid(Field::NewPassword, e))?;
        let sign_in = pitlane::verification::store::finish_reset(
            &state.db,
            &*state.clock,
            pending,
            code,
            password,
            &visitor.client_addr,
        )
        .await?;
        ssr::start_session(sign_in).await?;
        redirect("/me?changed=password");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, session, state, visitor};
    respond(async move {
        let state = state()?;
        let visitor = visitor()?;
        if let Some(user) = &visitor.user {
            pitlane::account::store::logged_out(&state.db, user.id, state.clock.now(), &visitor.client_addr).await?;
        }
        session().await?.flush().await.map_err(ssr::session_failed)?;
        redirect("/");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let state = state()?;
        let (user, visitor) = require(|_| true)?;
        // Every session of the account ends; this one carries on with the new
        // sign-in, under a new id.
        let sign_in = pitlane::account::store::change_password(
            &state.db,
            &*state.clock,
            user.id,
            &current_password,
            &new_password,
            Some(&visitor.client_addr),
        )
        .await?;
        ssr::start_session(sign_in).await?;
        redirect("/me?changed=password");
        Ok(())
    })
    .await
}

/// Ends every session of the account, this one included.
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, session, state};
    respond(async move {
        let state = state()?;
        let (user, visitor) = require(|_| true)?;
        pitlane::account::store::end_sessions(&state.db, &*state.clock, user.id, Some(&visitor.client_addr)).await?;
        session().await?.flush().await.map_err(ssr::session_failed)?;
        redirect("/");
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

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::auth::{ssr::session, SESSION_PENDING_CODE, SESSION_SIGN_IN};
    use crate::error::AppError;
    use pitlane::account::session::SignIn;
    use pitlane::error::Field;
    use pitlane::verification::store::VerificationId;
    use pitlane::verification::{Code, CodeError};

    pub fn session_failed(err: tower_sessions::session::Error) -> AppError {
        tracing::error!(error = %err, "session store failed");
        AppError::Internal
    }

    /// A fresh session id at sign-in, so an id planted before it is useless;
    /// the session keeps the sign-in (user, epoch, time).
    pub async fn start_session(sign_in: SignIn) -> Result<(), AppError> {
        let session = session().await?;
        session.cycle_id().await.map_err(session_failed)?;
        session.remove::<VerificationId>(SESSION_PENDING_CODE).await.map_err(session_failed)?;
        session.insert(SESSION_SIGN_IN, sign_in).await.map_err(session_failed)
    }

    /// The registration or reset this browser started waits for its code here.
    pub async fn remember_pending(id: VerificationId) -> Result<(), AppError> {
        session().await?.insert(SESSION_PENDING_CODE, id).await.map_err(session_failed)
    }

    /// What this browser waits for; nothing means the code cannot work any more.
    pub async fn pending() -> Result<VerificationId, AppError> {
        let pending = session().await?.get::<VerificationId>(SESSION_PENDING_CODE).await.map_err(session_failed)?;
        pending.ok_or(AppError::invalid(Field::Code, CodeError::Expired))
    }

    pub fn parse_code(raw: &str) -> Result<Code, AppError> {
        Code::parse(raw).map_err(|e| AppError::invalid(Field::Code, e))
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
                <FormError message=error_for_form(&error, lang) />
                <IdentifierField lang error />
                <FieldRow
                    field=Field::Password
                    label=T::FieldPassword.text(lang)
                    lang
                    input_type="password"
                    autocomplete="current-password"
                />
                <input type="hidden" name="next" value=next />
                <SubmitButton label=T::LoginButton.text(lang) busy_label=T::LoginPending.text(lang) />
            </BusyForm>
            <p class="aside">
                <a href="/reset">{T::ForgotPassword.text(lang)}</a>
            </p>
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
                <FormError message=error_for_form(&error, lang) />
                <IdentifierField lang error=error.clone() />
                <DisplayNameField
                    lang
                    error=error_for(&error, Field::DisplayName, lang)
                    value=kept_value("display_name")
                />
                <FieldRow
                    field=Field::Password
                    label=T::FieldPassword.text(lang)
                    lang
                    input_type="password"
                    autocomplete="new-password"
                    hint=T::FieldPasswordHint.text(lang)
                    check=Check::Password
                    error=error_for(&error, Field::Password, lang)
                />
                <p class="field-hint consent">
                    {K::RegisterConsentBefore.text(lang)} <a href="/privacy">{K::RegisterConsentLink.text(lang)}</a>
                    {K::RegisterConsentAfter.text(lang)}
                </p>
                <SubmitButton label=T::RegisterButton.text(lang) busy_label=T::RegisterPending.text(lang) />
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
        <RequireRole allow=|_| true>
            <section class="card narrow">
                <h1>{T::PasswordTitle.text(lang)}</h1>
                <BusyForm action=ChangePassword::url().to_owned()>
                    <FormError message=error_for_form(&error, lang) />
                    <FieldRow
                        field=Field::Password
                        name="current_password"
                        label=T::FieldCurrentPassword.text(lang)
                        lang
                        input_type="password"
                        autocomplete="current-password"
                    />
                    <NewPasswordField lang error />
                    <SubmitButton label=T::PasswordButton.text(lang) busy_label=T::PasswordPending.text(lang) />
                </BusyForm>
            </section>
        </RequireRole>
    }
}

/// Where the code went: "we sent a code to …" (or, for a reset, "if an
/// account uses …"), or a way back when nothing waits for a code.
#[component]
fn CodeSentTo(lang: Lang, before: T, after: T, start_again: &'static str) -> impl IntoView {
    view! {
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match pending_code().await {
                    Ok(Some(to)) => {
                        view! { <p>{before.text(lang)} " " <strong>{to}</strong>{after.text(lang)}</p> }.into_any()
                    }
                    _ => {
                        view! {
                            <p class="notice" role="status">
                                {T::CodeNothingPending.text(lang)}
                                " "
                                <a href=start_again>{T::CodeStartAgain.text(lang)}</a>
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The sign-in name field (mobile number or e-mail), keeping what was typed.
#[component]
fn IdentifierField(lang: Lang, error: Option<AppError>) -> impl IntoView {
    view! {
        <FieldRow
            field=Field::Identifier
            label=T::FieldIdentifier.text(lang)
            lang
            autocomplete="username"
            hint=T::FieldIdentifierHint.text(lang)
            check=Check::Identifier
            error=error_for(&error, Field::Identifier, lang)
            value=kept_value("identifier")
        />
    }
}

/// A new password, checked against the rules as it is typed.
#[component]
fn NewPasswordField(lang: Lang, error: Option<AppError>) -> impl IntoView {
    view! {
        <FieldRow
            field=Field::NewPassword
            label=T::FieldNewPassword.text(lang)
            lang
            input_type="password"
            autocomplete="new-password"
            hint=T::FieldPasswordHint.text(lang)
            check=Check::Password
            error=error_for(&error, Field::NewPassword, lang)
        />
    }
}

/// The code field of every code form.
#[component]
fn CodeField(lang: Lang, error: Option<AppError>) -> impl IntoView {
    view! {
        <FieldRow
            field=Field::Code
            label=T::FieldCode.text(lang)
            lang
            autocomplete="one-time-code"
            hint=T::FieldCodeHint.text(lang)
            check=Check::Code
            error=error_for(&error, Field::Code, lang)
        />
    }
}

/// "No code?": a new code to the same contact, or start again with another.
/// Shows that a new code went out, or why it did not.
#[component]
fn ResendCode(lang: Lang, purpose: pitlane::verification::Purpose, start_again: &'static str) -> impl IntoView {
    let sent = use_query_map().get_untracked().get("sent").is_some();
    let error = url_error::<ResendCode>();
    view! {
        {sent
            .then(|| {
                view! {
                    <p class="notice" role="status">
                        {K::CodeResent.text(lang)}
                    </p>
                }
            })}
        <FormError message=error.map(|e| e.text(lang)) />
        <form method="post" action=ResendCode::url() class="resend">
            <input type="hidden" name="purpose" value=purpose.as_str() />
            <span class="aside">{K::CodeNotReceived.text(lang)}</span>
            <button type="submit" class="button">
                {K::CodeResend.text(lang)}
            </button>
        </form>
        <p class="aside">
            <a href=start_again>{K::CodeOtherContact.text(lang)}</a>
        </p>
    }
}

#[component]
pub fn RegisterCodePage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<ConfirmRegistration>();
    view! {
        <section class="card narrow">
            <h1>{T::CodeTitle.text(lang)}</h1>
            <CodeSentTo lang before=T::CodeSentTo after=T::CodeSentEnd start_again="/register" />
            <BusyForm action=ConfirmRegistration::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <CodeField lang error=error.clone() />
                <SubmitButton label=T::CodeButton.text(lang) busy_label=T::CodePending.text(lang) />
            </BusyForm>
            <ResendCode lang purpose=pitlane::verification::Purpose::Register start_again="/register" />
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<StartReset>();
    view! {
        <section class="card narrow">
            <h1>{T::ResetTitle.text(lang)}</h1>
            <p>{T::ResetIntro.text(lang)}</p>
            <BusyForm action=StartReset::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <IdentifierField lang error />
                <SubmitButton label=T::ResetButton.text(lang) busy_label=T::ResetPending.text(lang) />
            </BusyForm>
            <p class="aside">
                <a href="/login">{T::NavLogin.text(lang)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn ResetCodePage() -> impl IntoView {
    let lang = visitor().lang;
    let error = url_error::<FinishReset>();
    view! {
        <section class="card narrow">
            <h1>{T::ResetCodeTitle.text(lang)}</h1>
            <CodeSentTo lang before=T::ResetSentTo after=T::ResetSentEnd start_again="/reset" />
            <BusyForm action=FinishReset::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <CodeField lang error=error.clone() />
                <NewPasswordField lang error />
                <SubmitButton label=T::ResetSave.text(lang) busy_label=T::PasswordPending.text(lang) />
            </BusyForm>
            <ResendCode lang purpose=pitlane::verification::Purpose::Reset start_again="/reset" />
        </section>
    }
}

/// "Sign out everywhere", for the profile page.
#[component]
pub fn SignOutEverywhereCard(lang: Lang) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{T::SessionsTitle.text(lang)}</h2>
            <p>{T::SessionsText.text(lang)}</p>
            <form method="post" action=SignOutEverywhere::url()>
                <button type="submit" class="button">
                    {T::SignOutEverywhere.text(lang)}
                </button>
            </form>
        </section>
    }
}
