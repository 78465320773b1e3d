//! A second step before what cannot be undone (cancelling, spending points,
//! approving a cost), without JavaScript: the first button is a `<summary>`
//! that opens the question, which says what will happen beside the real
//! submit button and a way back. Every button is at least 44 px high and
//! 8 px from its neighbours (`.confirm` in style/main.css).

use crate::form::BusyForm;
use crate::i18n::{catalogue, Lang};
use leptos::prelude::*;

catalogue! {
    /// The confirmation's own words.
    C
    ConfirmQuestion { zh: "确定吗？", en: "Are you sure?" }
    ConfirmBack { zh: "不了，返回", en: "No, go back" }
    ConfirmBusy { zh: "正在提交…", en: "Sending…" }
}

/// `ask` opens the question; `consequence` says what happens (and what it
/// costs); `confirm` posts `children` (the hidden inputs) to `action`.
/// "Go back" reloads `back`, this page, with the question closed (clicking
/// `ask` again closes it too).
#[component]
pub fn Confirm(
    lang: Lang,
    /// The server function's URL the real submit posts to.
    #[prop(into)]
    action: String,
    /// The first button's words: what the action is.
    #[prop(into)]
    ask: String,
    /// What will happen, in a sentence.
    #[prop(into)]
    consequence: String,
    /// The real submit button's words.
    #[prop(into)]
    confirm: String,
    /// This page's path, where "go back" leads.
    #[prop(into)]
    back: String,
    /// Red buttons for a loss (a cancellation); the brand's for a purchase.
    #[prop(optional)]
    danger: bool,
    /// The form's hidden inputs, if it has any.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let tone = if danger { "button danger" } else { "button primary" };
    view! {
        <details class="confirm">
            <summary class=tone>{ask}</summary>
            <div class="confirm-panel">
                <p>
                    <strong>{C::ConfirmQuestion.text(lang)}</strong>
                    " "
                    {consequence}
                </p>
                <BusyForm action>
                    {children.map(|children| children())} <div class="confirm-actions">
                        <button type="submit" class=tone>
                            <span class="idle">{confirm}</span>
                            <span class="busy" aria-hidden="true">
                                {C::ConfirmBusy.text(lang)}
                            </span>
                        </button>
                        <a class="button" href=back>
                            {C::ConfirmBack.text(lang)}
                        </a>
                    </div>
                </BusyForm>
            </div>
        </details>
    }
}
