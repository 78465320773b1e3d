//! The owner's profile: contact details, preferences, marketing consent, and
//! the history of every change.

use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{
    error_for, error_for_form, kept_value, url_error, BusyForm, Check, DisplayNameField, FieldRow, FormError,
    SubmitButton,
};
use crate::i18n::{dealer_name, Lang, T};
use crate::layout::{loaded, Notice};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::dealer::Dealer;
use pitlane::error::Field;
use pitlane::notify::outbox::Preference;
use pitlane::profile::{Profile, ProfileData, CONSENT_WORDING_VERSION};
use pitlane::verification::PendingContact;
use server_fn::ServerFn;

pub(crate) mod history;
pub(crate) mod words;

pub use history::ProfileHistory;
use words::channel_name;

#[server(prefix = "/api", endpoint = "my_profile")]
pub async fn my_profile() -> Result<ProfileData, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        Ok(pitlane::profile::store::my_profile(&state.db, state.clock.now(), user.id).await?)
    })
    .await
}

pub use save::{save_profile, SaveProfile};

// One argument per form field, as the form posts them. The allowance sits on a
// module because server_fn_macro 0.8.12 leaves lint attributes off the
// browser's stub of a server function (leptos#4597).
#[allow(clippy::too_many_arguments)]
mod save {
    use crate::error::AppError;
    use leptos::prelude::*;

    #[server(prefix = "/api", endpoint = "save_profile")]
    pub async fn save_profile(
        display_name: String,
        mobile: String,
        email: String,
        city: String,
        address: String,
        preferred_dealer: String,
        birthday: String,
        contact_channel: String,
        marketing_consent: Option<String>,
        password: String,
    ) -> Result<(), AppError> {
        use crate::auth::ssr::{redirect, require, respond_keeping, state};
        use pitlane::profile::{ProfileForm, RawProfile};
        let raw = RawProfile {
            display_name,
            mobile,
            email,
            city,
            address,
            preferred_dealer,
            birthday,
            contact_channel,
            marketing_consent: marketing_consent.is_some(),
        };
        let keep = [
            ("display_name", raw.display_name.clone()),
            ("mobile", raw.mobile.clone()),
            ("email", raw.email.clone()),
            ("city", raw.city.clone()),
            ("address", raw.address.clone()),
            ("birthday", raw.birthday.clone()),
            ("preferred_dealer", raw.preferred_dealer.clone()),
            ("contact_channel", raw.contact_channel.clone()),
            ("marketing_consent", if raw.marketing_consent { "yes" } else { "" }.to_owned()),
        ];
        respond_keeping(&keep, async move {
            let (user, visitor) = require(|_| true)?;
            let state = state()?;
            let form = ProfileForm::parse(&raw, state.clock.now().date_naive())?;
            let (db, clock, addr) = (&state.db, &*state.clock, visitor.client_addr.as_str());
            let saved =
                pitlane::profile::store::update(db, clock, user.id, user.id, false, form, &password, addr).await?;
            if let Some(sign_in) = saved.sign_in {
                crate::account::ssr::start_session(sign_in).await?;
            }
            redirect(if saved.awaiting_code { "/me/profile?saved=code" } else { "/me/profile?saved=1" });
            Ok(())
        })
        .await
    }
}

/// The code sent to a new mobile or e-mail: the change goes on the account.
#[server(prefix = "/api", endpoint = "confirm_contact")]
pub async fn confirm_contact(verification: i64, code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, visitor) = require(|_| true)?;
        let state = state()?;
        let code = pitlane::verification::Code::parse(&code).map_err(|e| AppError::invalid(Field::Code, e))?;
        // Every other session of the account ends; this one carries on under a new id.
        let sign_in = pitlane::verification::store::confirm_contact(
            &state.db,
            &*state.clock,
            user.id,
            verification,
            code,
            &visitor.client_addr,
        )
        .await?;
        crate::account::ssr::start_session(sign_in).await?;
        redirect("/me/profile?saved=contact");
        Ok(())
    })
    .await
}

/// A code to the account's own, never verified, mobile (`sms`) or e-mail (`email`).
#[server(prefix = "/api", endpoint = "verify_contact")]
pub async fn verify_contact(channel: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::notify::outbox::Channel;
    respond(async move {
        let (user, visitor) = require(|_| true)?;
        let state = state()?;
        let channel = match channel.as_str() {
            "sms" => Channel::Sms,
            "email" => Channel::Email,
            _ => return Err(AppError::NotFound),
        };
        pitlane::verification::store::start_reverify(&state.db, &*state.clock, user.id, channel, &visitor.client_addr)
            .await?;
        redirect("/me/profile?saved=code");
        Ok(())
    })
    .await
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let lang = visitor().lang;
    let notice = match use_query_map().get_untracked().get_str("saved") {
        Some("code") => Some(T::ProfileCodeSent),
        Some("contact") => Some(T::ProfileContactVerified),
        Some(_) => Some(T::ProfileSaved),
        None => None,
    };
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::ProfileTitle.text(lang)}</h1>
            <Notice lang notice />
            {loaded(
                lang,
                my_profile,
                move |ProfileData { profile, dealers, history, pending }| {
                    view! {
                        <ContactCodes lang profile=profile.clone() pending />
                        <ProfileForm lang profile dealers />
                        <crate::account::SignOutEverywhereCard lang />
                        <ProfileHistory lang history />
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
fn ProfileForm(lang: Lang, profile: Profile, dealers: Vec<Dealer>) -> impl IntoView {
    let error = url_error::<SaveProfile>();
    let failed = error.is_some();
    let value = move |name: &str, current: Option<String>| {
        if failed {
            kept_value(name)
        } else {
            current.unwrap_or_default()
        }
    };
    let channel_error = error_for(&error, Field::ContactChannel, lang);
    // After a failed post every choice shows what was sent, not what is saved.
    let dealer_chosen = value("preferred_dealer", profile.details.preferred_dealer_id.map(|d| d.to_string()));
    let channel_chosen = value("contact_channel", Some(profile.details.contact_channel.as_str().to_owned()));
    let consent = if failed { !kept_value("marketing_consent").is_empty() } else { profile.details.marketing_consent };
    let dealer_options = dealers
        .into_iter()
        .map(|d| {
            let selected = d.id.to_string() == dealer_chosen;
            view! {
                <option value=d.id.to_string() selected=selected>
                    {dealer_name(&d, lang)}
                </option>
            }
        })
        .collect_view();
    let channels = Preference::ALL
        .into_iter()
        .map(|p| {
            view! {
                <label class="choice">
                    <input type="radio" name="contact_channel" value=p.as_str() checked=p.as_str() == channel_chosen />
                    " "
                    {channel_name(p).text(lang)}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <BusyForm action=SaveProfile::url().to_owned()>
                <FormError message=error_for_form(&error, lang) />
                <div class="grid two">
                    <DisplayNameField
                        lang
                        error=error_for(&error, Field::DisplayName, lang)
                        value=value("display_name", Some(profile.display_name.clone()))
                    />
                    <FieldRow
                        field=Field::Mobile
                        label=T::ProfileMobile.text(lang)
                        lang
                        input_type="tel"
                        autocomplete="tel"
                        optional=true
                        check=Check::Mobile
                        error=error_for(&error, Field::Mobile, lang)
                        value=value("mobile", profile.mobile.clone())
                    />
                    <FieldRow
                        field=Field::Email
                        label=T::ProfileEmail.text(lang)
                        lang
                        input_type="email"
                        autocomplete="email"
                        optional=true
                        check=Check::Email
                        error=error_for(&error, Field::Email, lang)
                        value=value("email", profile.email.clone())
                    />
                    <FieldRow
                        field=Field::City
                        label=T::ProfileCity.text(lang)
                        lang
                        autocomplete="address-level2"
                        optional=true
                        error=error_for(&error, Field::City, lang)
                        value=value("city", profile.details.city.clone())
                    />
                    <FieldRow
                        field=Field::Address
                        label=T::ProfileAddress.text(lang)
                        lang
                        autocomplete="street-address"
                        optional=true
                        error=error_for(&error, Field::Address, lang)
                        value=value("address", profile.details.address.clone())
                    />
                    <FieldRow
                        field=Field::Birthday
                        label=T::ProfileBirthday.text(lang)
                        lang
                        input_type="date"
                        optional=true
                        error=error_for(&error, Field::Birthday, lang)
                        value=value("birthday", profile.details.birthday.map(|d| d.to_string()))
                    />
                </div>
                <div class="field">
                    <label for="preferred_dealer">{T::ProfileDealer.text(lang)}</label>
                    <select id="preferred_dealer" name="preferred_dealer">
                        <option value="" selected=dealer_chosen.is_empty()>
                            {T::ProfileNoDealer.text(lang)}
                        </option>
                        {dealer_options}
                    </select>
                </div>
                <fieldset class="field" aria-describedby="contact_channel-error">
                    <legend>{T::ProfileChannel.text(lang)}</legend>
                    {channels}
                    <p class="field-error" id="contact_channel-error" role="alert">
                        {channel_error}
                    </p>
                </fieldset>
                <div class="field-check consent">
                    <label>
                        <input type="checkbox" name="marketing_consent" value="yes" checked=consent />
                        " "
                        {T::ProfileConsent.text(lang)}
                    </label>
                    <p class="field-hint">{T::ProfileConsentVersion.text(lang)} " " {CONSENT_WORDING_VERSION}</p>
                </div>
                <FieldRow
                    field=Field::Password
                    label=T::FieldCurrentPassword.text(lang)
                    lang
                    input_type="password"
                    autocomplete="current-password"
                    optional=true
                    hint=T::ProfilePasswordHint.text(lang)
                />
                <SubmitButton label=T::GarageSave.text(lang) busy_label=T::GarageSaving.text(lang) />
            </BusyForm>
        </section>
    }
}

/// Whether the mobile and e-mail are verified (with a way to verify one that
/// is not), and a code form for each new contact waiting for its code.
#[component]
fn ContactCodes(lang: Lang, profile: Profile, pending: Vec<PendingContact>) -> impl IntoView {
    use pitlane::notify::outbox::Channel;
    let error = url_error::<ConfirmContact>().or_else(url_error::<VerifyContact>);
    let contacts = [
        (Channel::Sms, T::ProfileMobile, profile.mobile, profile.mobile_verified, T::ProfileVerifyMobile),
        (Channel::Email, T::ProfileEmail, profile.email, profile.email_verified, T::ProfileVerifyEmail),
    ];
    let status = contacts
        .into_iter()
        .filter_map(|(channel, label, value, verified, verify)| value.map(|v| (channel, label, v, verified, verify)))
        .map(|(channel, label, value, verified, verify)| {
            let state = if verified { T::ProfileVerified } else { T::ProfileUnverified };
            let waiting = pending.iter().any(|p| p.channel == channel);
            view! {
                <li>
                    {label.text(lang)} ": " {value} " · " {state.text(lang)}
                    {(!verified && !waiting)
                        .then(|| {
                            view! {
                                <form method="post" action=VerifyContact::url() class="inline-form">
                                    <input type="hidden" name="channel" value=channel.as_str() />
                                    <button type="submit" class="button small">
                                        {verify.text(lang)}
                                    </button>
                                </form>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    let codes = pending
        .into_iter()
        .map(|p| {
            let id = format!("code-{}", p.id);
            let hint = format!("{id}-hint");
            let keypad = crate::form::Keypad::code();
            view! {
                <form method="post" action=ConfirmContact::url() class="field">
                    <input type="hidden" name="verification" value=p.id.to_string() />
                    <label for=id.clone()>{T::FieldCode.text(lang)}</label>
                    <p class="field-hint" id=hint.clone()>
                        {T::CodeSentTo.text(lang)}
                        " "
                        <strong>{p.recipient}</strong>
                        {T::ProfilePendingEnd.text(lang)}
                    </p>
                    <input
                        id=id
                        name="code"
                        type="text"
                        autocomplete="one-time-code"
                        inputmode=keypad.inputmode
                        pattern=keypad.pattern.clone()
                        required=true
                        aria-describedby=hint
                    />
                    <button type="submit" class="button primary">
                        {T::CodeButton.text(lang)}
                    </button>
                </form>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{T::ProfilePendingTitle.text(lang)}</h2>
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            <ul class="plain">{status}</ul>
            {codes}
        </section>
    }
}
