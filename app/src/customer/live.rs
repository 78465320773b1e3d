//! Results as staff type: with JavaScript the search box asks the server for
//! the result rows (`customer_rows`, the very HTML the page draws) a moment
//! after the last key; the GET form around it is the way without JavaScript.
//!
//! The island fetches finished HTML instead of calling a server function for
//! data: the server-function client, the rows' types and the table that draws
//! them would otherwise ship in the one wasm every owner's phone loads.

use super::words::K;
use crate::i18n::Lang;
use leptos::prelude::*;
use pitlane::customer::MIN_CHARS;
use std::time::Duration;

/// How long the box waits after the last key before it asks.
const PAUSE: Duration = Duration::from_millis(250);

/// What the list shows once staff have typed.
#[derive(Clone)]
enum Shown {
    /// Too little typed to ask.
    Start,
    /// The server's rows for what was typed.
    Rows(String),
    /// The round trip failed.
    Failed,
}

/// The search box; `children` are the server's rows for `q` (or the opening
/// sentence), shown until staff type.
#[island]
pub fn CustomerFinder(lang: Lang, q: String, children: Children) -> impl IntoView {
    let asked = RwSignal::new(q.clone());
    let shown = RwSignal::new(None::<Shown>);
    let waiting = RwSignal::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        asked.set(text.clone());
        if let Some(timer) = waiting.get_untracked() {
            timer.clear();
        }
        if text.trim().chars().count() < MIN_CHARS {
            shown.set(Some(Shown::Start));
            return;
        }
        let ask = move || {
            leptos::task::spawn_local(async move {
                let answer = rows(&text).await.map_or(Shown::Failed, Shown::Rows);
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
            <div hidden=move || shown.with(Option::is_some)>{children()}</div>
            {move || {
                shown
                    .get()
                    .map(|s| match s {
                        Shown::Start => view! { <p class="aside">{K::Start.text(lang)}</p> }.into_any(),
                        Shown::Failed => {
                            // One sentence of the island's own: the box refuses short
                            // text before asking, so what is left is a failed round
                            // trip, and the GET form says more.
                            view! {
                                <p class="form-error" role="alert">
                                    {K::Unanswered.text(lang)}
                                </p>
                            }
                                .into_any()
                        }
                        Shown::Rows(html) => view! { <div inner_html=html></div> }.into_any(),
                    })
            }}
        </div>
    }
}

/// The rows the server draws for `text`, or `None` when it did not answer.
async fn rows(text: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("/api/customer_rows?q={}", js_sys::encode_uri_component(text));
    let response: web_sys::Response =
        JsFuture::from(web_sys::window()?.fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let body = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    // A server function's answer is JSON: here one string of HTML.
    js_sys::JSON::parse(&body).ok()?.as_string()
}
