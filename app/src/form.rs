//! Form plumbing shared by every feature: labelled fields with live checks by
//! the domain's parsers, and errors that reach the page with or without wasm.

use crate::error::AppError;
use crate::i18n::{problem_text, Lang};
use leptos::prelude::*;
use pitlane::error::{Field, Problem};
use server_fn::error::FromServerFnError;
use server_fn::ServerFn;

/// The error a plain (JavaScript-free) form post to `S` left in this page's URL:
/// the server function redirects back with it in `__err`.
pub fn url_error<S: ServerFn<Error = AppError>>() -> Option<AppError> {
    use base64::Engine as _;
    let query = leptos_router::hooks::use_query_map().get_untracked();
    if query.get_str("__path")? != S::PATH {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE.decode(query.get_str("__err")?).ok()?;
    Some(AppError::de(bytes.into()))
}

/// The latest error of a form's action, starting from the one in the URL.
pub fn action_error<S>(action: ServerAction<S>, initial: Option<AppError>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().with(|latest| match latest {
            Some(Err(err)) => Some(err.clone()),
            Some(Ok(_)) => None,
            None => initial.clone(),
        })
    })
}

/// The message for one field, if the error is about it.
pub fn error_for(errors: Signal<Option<AppError>>, field: Field, lang: Lang) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().filter(|e| e.field() == Some(field)).map(|e| e.text(lang)))
}

/// The message for the form as a whole (anything not about one field).
pub fn error_for_form(errors: Signal<Option<AppError>>, lang: Lang) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().filter(|e| e.field().is_none()).map(|e| e.text(lang)))
}

/// A check run in the browser as the user leaves a field: the same parser the
/// server runs, so the two always agree.
pub type Check = fn(&str) -> Result<(), Problem>;

#[component]
pub fn FieldRow(
    field: Field,
    label: &'static str,
    lang: Lang,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] check: Option<Check>,
    #[prop(optional, into)] server_error: MaybeProp<String>,
    #[prop(optional)] value: String,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    let name = name.unwrap_or(field.as_str());
    let local_error = RwSignal::new(None::<String>);
    let error = move || local_error.get().or_else(|| server_error.get());
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        if let Some(check) = check {
            let value = event_target_value(&ev);
            local_error.set(if value.is_empty() { None } else { check(&value).err().map(|p| problem_text(p, lang)) });
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                value=value
                required=true
                aria-describedby=described_by
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                on:blur=on_blur
                on:input=move |_| local_error.set(None)
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// The form-level message (bad credentials, throttled, server error).
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// A submit button that says it is busy while its action runs.
#[component]
pub fn SubmitButton(
    label: &'static str,
    pending_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button primary" disabled=pending aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
