//! A progress stepper (the booking's workshop steps, a case's status): each
//! step with the time it was reached, the current one marked for screen
//! readers as well as by colour.

use leptos::prelude::*;

/// `steps` are (label, time reached); `current` indexes the step now.
#[component]
pub fn Steps(label: &'static str, steps: Vec<(&'static str, Option<String>)>, current: usize) -> impl IntoView {
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(i, (name, at))| {
            let state = match i.cmp(&current) {
                std::cmp::Ordering::Less => "done",
                std::cmp::Ordering::Equal => "current",
                std::cmp::Ordering::Greater => "todo",
            };
            view! {
                <li class=format!("step step-{state}") aria-current=(i == current).then_some("step")>
                    <span class="dot" aria-hidden="true"></span>
                    <span>{name}</span>
                    {(i <= current).then_some(at).flatten().map(|t| view! { <small>{t}</small> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="steps" aria-label=label>
            {items}
        </ol>
    }
}
