//! Form plumbing shared by every feature. Forms are plain HTML posting to server
//! functions, so they work before and without the wasm; two small islands add
//! what JavaScript can: a field checked as it is left (by the same domain parser
//! the server runs) and a busy state while the form is on its way.

use crate::error::AppError;
use crate::i18n::{checked_text, Checked, Lang, T};
use leptos::prelude::*;
use pitlane::error::Field;
use pitlane::types::{DisplayName, Email, Identifier, Mobile, Password, Vin};
use serde::{Deserialize, Serialize};
use server_fn::error::FromServerFnError;
use server_fn::ServerFn;

/// The error a plain form post to `S` came back with (`auth::FailedForm`,
/// kept in the session for the one page that shows it).
pub fn url_error<S: ServerFn<Error = AppError>>() -> Option<AppError> {
    let failed = crate::auth::visitor().failed?;
    (failed.server_fn == S::PATH).then(|| AppError::de(failed.error.into_bytes().into()))
}

/// What the user had typed in `name` before a failed post (never a password),
/// else what a link asked to fill in (`/test-drive?model=3`).
pub fn kept_value(name: &str) -> String {
    let kept = crate::auth::visitor()
        .failed
        .and_then(|failed| failed.kept.into_iter().find(|(field, _)| field == name).map(|(_, value)| value));
    kept.or_else(|| leptos_router::hooks::use_query_map().get_untracked().get(name)).unwrap_or_default()
}

/// Text to put inside a `<textarea>`. Leptos writes a textarea's children as
/// they are (tachys 0.2 treats it like `<script>`), so a `</textarea>` in kept
/// or stored text would end the element and open whatever follows it. Escaped
/// here; the browser turns the entities back into the text.
pub fn textarea_text(raw: &str) -> String {
    raw.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The message for one field, if the error is about it.
pub fn error_for(error: &Option<AppError>, field: Field, lang: Lang) -> Option<String> {
    error.as_ref().filter(|e| e.field() == Some(field)).map(|e| e.text(lang))
}

/// The message for the form as a whole (anything not about one field).
pub fn error_for_form(error: &Option<AppError>, lang: Lang) -> Option<String> {
    error.as_ref().filter(|e| e.field().is_none()).map(|e| e.text(lang))
}

/// Which domain parser checks a field in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Identifier,
    Mobile,
    Email,
    Password,
    DisplayName,
    Vin,
    Code,
}

impl Check {
    pub fn run(self, raw: &str) -> Result<(), Checked> {
        match self {
            Check::Identifier => Identifier::parse(raw).map(drop).map_err(Checked::Identifier),
            Check::Mobile => Mobile::parse(raw).map(drop).map_err(Checked::Mobile),
            Check::Email => Email::parse(raw).map(drop).map_err(Checked::Email),
            Check::Password => Password::parse(raw).map(drop).map_err(Checked::Password),
            Check::DisplayName => DisplayName::parse(raw).map(drop).map_err(Checked::DisplayName),
            Check::Vin => Vin::parse(raw).map(drop).map_err(Checked::Vin),
            Check::Code => pitlane::verification::Code::parse(raw).map(drop).map_err(|_| Checked::Code),
        }
    }

    /// What a phone's keyboard should be for the field, and the pattern the
    /// browser holds it to: a one-time code gets the digit keypad.
    pub fn keypad(self) -> Option<Keypad> {
        match self {
            Check::Code => Some(Keypad::code()),
            _ => None,
        }
    }
}

/// A field's keyboard on a phone (`inputmode`) and its `pattern`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keypad {
    pub inputmode: &'static str,
    pub pattern: String,
}

impl Keypad {
    /// A one-time code's: digits only, as many as a code has.
    pub fn code() -> Self {
        Self { inputmode: "numeric", pattern: format!("[0-9]{{{}}}", pitlane::verification::CODE_DIGITS) }
    }
}

/// A labelled input with its hint and error; checked live when `check` is set.
#[component]
pub fn FieldRow(
    field: Field,
    label: &'static str,
    lang: Lang,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into, default = None)] hint: Option<&'static str>,
    #[prop(optional)] check: Option<Check>,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] value: String,
    #[prop(optional)] name: Option<&'static str>,
    /// May be left empty.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let name = name.unwrap_or(field.as_str());
    let hint_id = format!("{name}-hint");
    let keypad = check.and_then(Check::keypad);
    let error_id = format!("{name}-error");
    let input = InputSpec {
        name: name.to_owned(),
        input_type,
        autocomplete,
        inputmode: keypad.as_ref().map(|k| k.inputmode),
        pattern: keypad.map(|k| k.pattern),
        value,
        required: !optional,
        described_by: if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() },
        invalid: error.is_some(),
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {match check {
                Some(check) => {
                    view! {
                        <CheckedInput check lang error_id error>
                            <Input input />
                        </CheckedInput>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <Input input />
                        <FieldError id=error_id message=error />
                    }
                        .into_any()
                }
            }}
            {hint
                .map(|h| {
                    view! {
                        <p class="field-hint" id=hint_id>
                            {h}
                        </p>
                    }
                })}
        </div>
    }
}

/// The VIN field of the garage's claim forms and of the warranty lookups.
#[component]
pub fn VinField(
    lang: Lang,
    value: String,
    error: Option<String>,
    #[prop(into, default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <FieldRow
            field=Field::Vin
            label=T::FieldVin.text(lang)
            lang
            autocomplete="off"
            check=Check::Vin
            hint
            error
            value
        />
    }
}

/// The name other people see, on the registration and the profile forms.
#[component]
pub fn DisplayNameField(lang: Lang, value: String, error: Option<String>) -> impl IntoView {
    view! {
        <FieldRow
            field=Field::DisplayName
            label=T::FieldDisplayName.text(lang)
            lang
            autocomplete="name"
            check=Check::DisplayName
            error
            value
        />
    }
}

/// What the server draws of a field's `<input>`.
struct InputSpec {
    name: String,
    input_type: &'static str,
    autocomplete: &'static str,
    inputmode: Option<&'static str>,
    pattern: Option<String>,
    value: String,
    required: bool,
    described_by: String,
    /// The server found the value wrong.
    invalid: bool,
}

#[component]
fn Input(input: InputSpec) -> impl IntoView {
    view! {
        <input
            id=input.name.clone()
            name=input.name
            type=input.input_type
            autocomplete=input.autocomplete
            inputmode=input.inputmode
            pattern=input.pattern
            value=input.value
            required=input.required
            aria-describedby=input.described_by
            aria-invalid=if input.invalid { "true" } else { "false" }
        />
    }
}

/// A field's message, read out when it changes.
#[component]
fn FieldError(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id role="alert">
            {message}
        </p>
    }
}

/// The input (`children`, drawn by the server) re-checked each time it is
/// left after an edit; the message clears as the user types, and the server's
/// message stays until then. The island carries only the message: the input
/// itself needs no wasm.
#[island]
fn CheckedInput(
    check: Check,
    lang: Lang,
    error_id: String,
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    let message = RwSignal::new(error);
    let edited = StoredValue::new(false);
    let show = move |ev: &leptos::ev::Event, found: Option<Checked>| {
        // The input is the event's target; its aria-invalid follows the message
        // (setting an attribute with a valid name cannot fail).
        let invalid = if found.is_some() { "true" } else { "false" };
        if let Some(input) = event_element(ev) {
            let _ = input.set_attribute("aria-invalid", invalid);
        }
        message.set(found.map(|p| checked_text(p, lang)));
    };
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        if edited.get_value() {
            let value = event_target_value(&ev);
            show(&ev, if value.is_empty() { None } else { check.run(&value).err() });
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        edited.set_value(true);
        show(&ev, None);
    };
    view! {
        <span class="checked-input" on:focusout=on_blur on:input=on_input>
            {children()}
            <FieldError id=error_id message />
        </span>
    }
}

/// A form that shows it is busy once sent (the submit button's second label and
/// a spinner come from CSS on `aria-busy`), so nobody sends it twice.
#[component]
pub fn BusyForm(action: String, #[prop(optional)] with_files: Option<bool>, children: Children) -> impl IntoView {
    let enctype = if with_files == Some(true) { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    view! {
        <MarksBusy>
            <form method="post" action=action enctype=enctype aria-busy="false">
                {children()}
            </form>
        </MarksBusy>
    }
}

/// Marks the form the server drew (`children`) busy once it is sent. The
/// island takes no props and draws nothing of its own, so it costs the wasm
/// almost nothing.
#[island]
fn MarksBusy(children: Children) -> impl IntoView {
    let on_submit = |ev: leptos::ev::SubmitEvent| {
        if let Some(form) = event_element(&ev) {
            let _ = form.set_attribute("aria-busy", "true");
        }
    };
    view! {
        <div class="contents" on:submit=on_submit>
            {children()}
        </div>
    }
}

/// The element an event happened on, to change what the server drew.
pub fn event_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into(t).ok())
}

/// A search that asks its page again by GET, so it works without JavaScript.
#[component]
pub fn SearchBox(
    action: &'static str,
    q: String,
    label: &'static str,
    button: &'static str,
    min_chars: usize,
    #[prop(default = "search")] class: &'static str,
    #[prop(default = "button")] button_class: &'static str,
    #[prop(optional)] required: bool,
    /// The element that shows results as the user types: the browser's own
    /// suggestions would cover it.
    #[prop(optional)]
    results: Option<&'static str>,
) -> impl IntoView {
    view! {
        <form method="get" action=action class=class role="search">
            <label for="q" class="visually-hidden">
                {label}
            </label>
            <input
                id="q"
                name="q"
                type="search"
                value=q
                placeholder=label
                minlength=min_chars.to_string()
                maxlength="100"
                autocomplete=results.map(|_| "off")
                aria-controls=results
                required=required
            />
            <button type="submit" class=button_class>
                {button}
            </button>
        </form>
    }
}

/// The form-level message (bad credentials, throttled, server error).
#[component]
pub fn FormError(message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p class="form-error" role="alert">
                {m}
            </p>
        }
    })
}

/// A submit button with an idle and a busy label.
#[component]
pub fn SubmitButton(label: &'static str, busy_label: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="button primary">
            <span class="idle">{label}</span>
            <span class="busy" aria-hidden="true">
                {busy_label}
            </span>
        </button>
    }
}

/// Reading `multipart/form-data` posts (forms with files) on the server: only
/// for a user allowed to post, and only up to the limits below.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::auth::ssr::{require, respond, respond_keeping};
    use crate::error::AppError;
    use pitlane::account::{Role, User};
    use pitlane::error::{Field, Problem, Throttle};
    use pitlane::upload::{CleanImage, UploadError, MAX_UPLOAD_BYTES};
    use server_fn::codec::MultipartData;
    use std::collections::HashMap;
    use std::future::Future;

    /// The most parts (fields and files) one post may have.
    pub const MAX_PARTS: usize = 32;
    /// The longest text field, in bytes.
    pub const MAX_TEXT_BYTES: usize = 64 * 1024;
    /// The most photos one form takes.
    const MOST_PHOTOS: usize = if pitlane::case::MAX_CASE_PHOTOS > pitlane::booking::MAX_BOOKING_PHOTOS {
        pitlane::case::MAX_CASE_PHOTOS
    } else {
        pitlane::booking::MAX_BOOKING_PHOTOS
    };
    /// A whole post: the most photos at the upload limit, and 1 MB of text.
    pub const MAX_POST_BYTES: usize = MOST_PHOTOS * MAX_UPLOAD_BYTES + 1024 * 1024;
    /// Posts with files read (and their pictures cleaned) at once, all users
    /// together: the rest wait their turn, so a crowd of uploads holds at most
    /// this many times `MAX_POST_BYTES` in memory.
    pub const POSTS_AT_ONCE: usize = 8;

    fn turns() -> &'static tokio::sync::Semaphore {
        static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
        TURNS.get_or_init(|| tokio::sync::Semaphore::new(POSTS_AT_ONCE))
    }

    /// How long a post waits for its turn before it is told to try again.
    const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(15);
    /// How long a post's body may take to arrive: a turn is not held for ever
    /// by a client that sends a byte at a time.
    pub const READ_WITHIN: std::time::Duration = std::time::Duration::from_secs(120);

    /// Posts with files being read or cleaned now.
    pub fn posts_reading() -> usize {
        POSTS_AT_ONCE - turns().available_permits()
    }

    /// The check for a form whose role check says all there is to say.
    pub async fn admitted(user: User) -> Result<User, AppError> {
        Ok(user)
    }

    /// A posted form: its text fields and its (non-empty) files, in order
    /// (an `<input type=file multiple>` posts several under one name).
    #[derive(Debug, Default)]
    pub struct Posted {
        text: HashMap<String, String>,
        files: Vec<(String, Vec<u8>)>,
    }

    impl Posted {
        pub fn text(&self, name: &str) -> String {
            self.text.get(name).cloned().unwrap_or_default()
        }

        pub fn flag(&self, name: &str) -> bool {
            self.text.contains_key(name)
        }

        pub fn files<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
            self.files.iter().filter(move |(n, _)| n == name).map(|(_, bytes)| bytes.as_slice())
        }
    }

    /// Cleans every file posted under `name` (at most `max`), one after the
    /// other and off the async threads; one bad file refuses the lot, with the
    /// error on `field`.
    pub async fn pictures(posted: &Posted, name: &str, field: Field, max: usize) -> Result<Vec<CleanImage>, AppError> {
        let files: Vec<&[u8]> = posted.files(name).collect();
        if files.len() > max {
            return Err(AppError::invalid(field, Problem::TooMany(max)));
        }
        let mut pictures = Vec::with_capacity(files.len());
        for bytes in files {
            let picture = pitlane::upload::clean(bytes.to_vec()).await;
            pictures.push(picture.map_err(|e| AppError::invalid(field, e))?);
        }
        Ok(pictures)
    }

    /// Runs a server function that takes a form with files. Who is asking is
    /// checked before a byte of the body is read (a visitor's upload is never
    /// buffered): their role by `allow`, then whatever else the feature asks
    /// by `check` (the club: a car, not banned). Then, in its turn
    /// (`POSTS_AT_ONCE`), the form is read within the limits and handed to
    /// `body`. A failed plain form post carries back the `keep` fields, each
    /// named as (in the page's query, in the post), as `respond_keeping` does.
    pub async fn respond_posted<T, F, C>(
        data: MultipartData,
        allow: fn(Role) -> bool,
        check: impl FnOnce(User) -> C,
        file_field: Field,
        keep: &[(&'static str, &str)],
        body: impl FnOnce(User, Posted) -> F,
    ) -> Result<T, AppError>
    where
        F: Future<Output = Result<T, AppError>> + Send + 'static,
        C: Future<Output = Result<User, AppError>> + Send + 'static,
        T: Send + 'static,
    {
        let (user, _) = respond(async move { require(allow) }).await?;
        let user = respond(check(user)).await?;
        let _turn = respond(async {
            let waited = tokio::time::timeout(TURN_WAIT, turns().acquire()).await;
            let busy = AppError::Throttled { what: Throttle::Uploads, retry_after_secs: TURN_WAIT.as_secs() as i64 };
            waited.map_err(|_| busy)?.map_err(|_| AppError::Internal)
        })
        .await?;
        let posted = respond(async move {
            let read = tokio::time::timeout(READ_WITHIN, read(data, file_field)).await;
            read.map_err(|_| AppError::Request("the post's body took too long to arrive".into()))?
        })
        .await?;
        let kept: Vec<(&str, String)> = keep.iter().map(|&(query, name)| (query, posted.text(name))).collect();
        respond_keeping(&kept, body(user, posted)).await
    }

    /// Reads every part, stopping any file at the upload limit (reported on
    /// `file_field`). Past `MAX_PARTS`, `MAX_TEXT_BYTES` in one text field or
    /// `MAX_POST_BYTES` in all, it stops reading and refuses the post whole.
    async fn read(data: MultipartData, file_field: Field) -> Result<Posted, AppError> {
        let bad = |e: multer::Error| AppError::Request(e.to_string());
        let mut data = data.into_inner().ok_or_else(|| AppError::Request("no multipart body".into()))?;
        let mut posted = Posted::default();
        let (mut parts, mut total) = (0, 0);
        while let Some(mut field) = data.next_field().await.map_err(bad)? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(AppError::PayloadTooLarge);
            }
            let name = field.name().unwrap_or_default().to_owned();
            let is_file = field.file_name().is_some();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                total += chunk.len();
                let size = bytes.len() + chunk.len();
                if total > MAX_POST_BYTES || (!is_file && size > MAX_TEXT_BYTES) {
                    return Err(AppError::PayloadTooLarge);
                }
                if size > MAX_UPLOAD_BYTES {
                    return Err(AppError::invalid(file_field, UploadError::TooLarge));
                }
                bytes.extend_from_slice(&chunk);
            }
            if is_file {
                if !bytes.is_empty() {
                    posted.files.push((name, bytes));
                }
            } else {
                posted.text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        Ok(posted)
    }
}
