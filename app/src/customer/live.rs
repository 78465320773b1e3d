//! Results as staff type: with JavaScript the search box asks
//! `find_customers` a moment after the last key and shows the same rows as
//! the page; the GET form around it is the way without JavaScript.

use super::words::K;
use super::{find_customers, results};
use crate::i18n::Lang;
use leptos::prelude::*;
use pitlane::customer::{Found, MIN_CHARS};
use std::time::Duration;

/// How long the box waits after the last key before it asks.
const PAUSE: Duration = Duration::from_millis(250);

/// What the list shows: nothing asked yet, an answer, or why there is none.
type Shown = Option<Result<Vec<Found>, String>>;

#[island]
pub fn CustomerFinder(lang: Lang, q: String, shown: Shown, opens_cases: bool) -> impl IntoView {
    let asked = RwSignal::new(q.clone());
    let shown = RwSignal::new(shown);
    let waiting = RwSignal::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        asked.set(text.clone());
        if let Some(timer) = waiting.get_untracked() {
            timer.clear();
        }
        if text.trim().chars().count() < MIN_CHARS {
            shown.set(None);
            return;
        }
        let ask = move || {
            leptos::task::spawn_local(async move {
                // One sentence of the island's own: the whole error catalogue
                // (`AppError::text`) would double the wasm every page loads. The
                // box refuses short text before asking, so what is left is a
                // failed round trip, and the GET form says more.
                let answer = find_customers(text.clone()).await.map_err(|_| K::Unanswered.text(lang).to_owned());
                // A slow answer to an earlier text never replaces a later one.
                if asked.get_untracked() == text {
                    shown.set(Some(answer));
                }
            })
        };
        waiting.set(set_timeout_with_handle(ask, PAUSE).ok());
    };
    view! {
        <form method="get" action="/staff/customers" class="search card" role="search">
            <label for="q" class="visually-hidden">
                {K::Label.text(lang)}
            </label>
            <input
                id="q"
                name="q"
                type="search"
                value=q
                placeholder=K::Label.text(lang)
                minlength=MIN_CHARS.to_string()
                maxlength="100"
                autocomplete="off"
                aria-controls="customer-results"
                required=true
                on:input=on_input
            />
            <button type="submit" class="button primary">
                {K::Search.text(lang)}
            </button>
        </form>
        <div id="customer-results" aria-live="polite">
            {move || match shown.get() {
                None => view! { <p class="aside">{K::Start.text(lang)}</p> }.into_any(),
                Some(Err(message)) => {
                    view! {
                        <p class="form-error" role="alert">
                            {message}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(found)) if found.is_empty() => {
                    view! { <p class="empty card">{K::Empty.text(lang)}</p> }.into_any()
                }
                Some(Ok(found)) => results(lang, &asked.get_untracked(), found, opens_cases).into_any(),
            }}
        </div>
    }
}
