//! The privacy notice (`/privacy`): what we collect, why, for how long, the
//! owner's rights over it and whom to ask. Registration's consent links here.
//! Public, in both languages; its text is in `privacy::words`.

use crate::auth::visitor;
use leptos::prelude::*;
use words::{sections, Section, P};

pub mod words;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <article class="card prose">
            <h1>{P::Title.text(lang)}</h1>
            <p class="meta">{P::Updated.text(lang)}</p>
            <p class="lead">{P::Intro.text(lang)}</p>
            {sections(lang).iter().map(|section| view! { <NoticeSection section /> }).collect_view()}
        </article>
    }
}

#[component]
fn NoticeSection(section: &'static Section) -> impl IntoView {
    view! {
        <section>
            <h2>{section.heading}</h2>
            {section.text.iter().map(|text| view! { <p>{*text}</p> }).collect_view()}
            {(!section.items.is_empty())
                .then(|| {
                    view! { <ul>{section.items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul> }
                })}
        </section>
    }
}
