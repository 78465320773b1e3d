//! Results as staff type: with JavaScript the search box asks the server for
//! the result rows (`customer_rows`, the very HTML the page draws) a moment
//! after the last key; the GET form around it is the way without JavaScript.
//!
//! The island fetches finished HTML instead of calling a server function for
//! data, and shows the parts the server drew instead of drawing its own: the
//! server-function client, the rows' types, the table and the search's words
//! would otherwise ship in the one wasm every owner's phone loads.

use super::words::K;
use crate::form::{event_element, SearchBox};
use crate::i18n::Lang;
use leptos::prelude::*;
use pitlane::customer::MIN_CHARS;
use std::time::Duration;

/// How long the box waits after the last key before it asks.
const PAUSE: Duration = Duration::from_millis(250);

/// The parts of the results, one shown at a time (`data-shown`).
const SERVER: &str = "server";
const START: &str = "start";
const ROWS: &str = "rows";
const FAILED: &str = "failed";

/// The search box and its results; `children` are the server's rows for `q`
/// (or the opening sentence), shown until staff type.
#[component]
pub fn CustomerFinder(lang: Lang, q: String, children: Children) -> impl IntoView {
    view! {
        <FollowsTyping>
            <SearchBox
                action="/staff/customers"
                q
                label=K::Label.text(lang)
                button=K::Search.text(lang)
                min_chars=MIN_CHARS
                class="search card"
                button_class="button primary"
                required=true
                results="customer-results"
            />
            <div id="customer-results" aria-live="polite">
                <div data-shown=SERVER>{children()}</div>
                <p class="aside" data-shown=START hidden=true>
                    {K::Start.text(lang)}
                </p>
                // One sentence of its own: the box refuses short text before
                // asking, so what is left is a failed round trip, and the GET
                // form says more.
                <p class="form-error" role="alert" data-shown=FAILED hidden=true>
                    {K::Unanswered.text(lang)}
                </p>
                <div data-shown=ROWS hidden=true></div>
            </div>
        </FollowsTyping>
    }
}

/// Asks for the rows of what was typed in the box the server drew (`children`)
/// and shows them in its place.
#[island]
fn FollowsTyping(children: Children) -> impl IntoView {
    let asked = StoredValue::new(String::new());
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        if event_element(&ev).is_none_or(|typed| typed.id() != "q") {
            return;
        }
        let text = event_target_value(&ev);
        asked.set_value(text.clone());
        if let Some(timer) = waiting.get_value() {
            timer.clear();
        }
        if text.trim().chars().count() < MIN_CHARS {
            show(START, None);
            return;
        }
        let ask = move || {
            leptos::task::spawn_local(async move {
                let answer = rows(&text).await;
                // A slow answer to an earlier text never replaces a later one.
                if asked.get_value() == text {
                    match answer {
                        Some(html) => show(ROWS, Some(&html)),
                        None => show(FAILED, None),
                    };
                }
            })
        };
        waiting.set_value(set_timeout_with_handle(ask, PAUSE).ok());
    };
    view! {
        <div class="contents" on:input=on_input>
            {children()}
        </div>
    }
}

/// Shows the results' part named `part` (filled with `html` when given) and
/// hides the others.
fn show(part: &str, html: Option<&str>) -> Option<()> {
    let parts = document().get_element_by_id("customer-results")?.query_selector_all("[data-shown]").ok()?;
    for i in 0..parts.length() {
        let element: web_sys::Element = wasm_bindgen::JsCast::dyn_into(parts.item(i)?).ok()?;
        let this = element.get_attribute("data-shown").as_deref() == Some(part);
        element.toggle_attribute_with_force("hidden", !this).ok()?;
        match html {
            Some(html) if this => element.set_inner_html(html),
            // Its sentence written again, so a second failure in a row is read out too.
            None if this => element.set_text_content(element.text_content().as_deref()),
            _ => {}
        }
    }
    Some(())
}

/// The rows the server draws for `text`, or `None` when it did not answer.
async fn rows(text: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("/api/customer_rows?q={}", js_sys::encode_uri_component(text));
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let body = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    // A server function's answer is JSON: here one string of HTML.
    js_sys::JSON::parse(&body).ok()?.as_string()
}
