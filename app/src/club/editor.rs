//! Writing Markdown in the club: the text box, a short help beside it (what
//! works), and a preview that needs no JavaScript: a second submit button
//! posts the text to `preview_club_text`, which keeps it in the session and
//! sends the browser back to the form, where it shows rendered above the box,
//! the text (and the title, the event's details) still in their fields.

use super::words::C;
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::ServerFn;

/// What a member previewed, for the page it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The path of the form's page (without its query).
    pub page: String,
    /// What was typed, by field name.
    pub fields: Vec<(String, String)>,
    /// The text as readers will see it (rendered and sanitised).
    pub html: String,
}

impl Draft {
    /// What was typed in `name`, if it was.
    pub fn value(&self, name: &str) -> Option<String> {
        self.fields.iter().find(|(field, _)| field == name).map(|(_, value)| value.clone())
    }
}

#[cfg(feature = "ssr")]
const SESSION_DRAFT: &str = "club_draft";

/// The page a preview goes back to: a club page (the form's own), with
/// `preview=1` and the preview's anchor; `None` for anything else.
#[cfg(feature = "ssr")]
fn back_to(back: &str) -> Option<(String, String)> {
    let path = pitlane::types::LocalPath::parse(back).ok()?;
    let back = path.as_str();
    if !back.starts_with("/club/") || back.contains('#') {
        return None;
    }
    let page = back.split('?').next().unwrap_or(back).to_owned();
    let separator = if back.contains('?') { '&' } else { '?' };
    Some((page, format!("{back}{separator}preview=1#preview")))
}

/// Keeps what a member is writing and shows it rendered on their form's page.
#[server(prefix = "/api", endpoint = "preview_club_text")]
#[allow(clippy::too_many_arguments)]
pub async fn preview_club_text(
    back: String,
    body: String,
    title: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    place: Option<String>,
    capacity: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, session};
    use pitlane::error::{Field, Problem};
    respond(async move {
        require(|_| true)?;
        let (page, location) = back_to(&back).ok_or(AppError::invalid(Field::Body, Problem::UnknownChoice))?;
        // The session holds at most what a post may hold.
        let body: String = body.chars().take(pitlane::club::MAX_POST_CHARS).collect();
        let html = pitlane::club::markdown::render(&body);
        let typed = [("title", title), ("starts_at", starts_at), ("ends_at", ends_at), ("place", place)];
        let mut fields: Vec<(String, String)> = typed
            .into_iter()
            .chain([("capacity", capacity)])
            .filter_map(|(name, value)| Some((name.to_owned(), value?.chars().take(200).collect())))
            .collect();
        fields.push(("body".to_owned(), body));
        session().await?.insert(SESSION_DRAFT, Draft { page, fields, html }).await.map_err(|_| AppError::Internal)?;
        redirect(&location);
        Ok(())
    })
    .await
}

/// The member's preview of a text written on `page`, if that is where it was.
#[server(prefix = "/api", endpoint = "club_draft")]
pub async fn club_draft(page: String) -> Result<Option<Draft>, AppError> {
    use crate::auth::ssr::{require, respond, session};
    respond(async move {
        require(|_| true)?;
        let draft: Option<Draft> = session().await?.get(SESSION_DRAFT).await.map_err(|_| AppError::Internal)?;
        Ok(draft.filter(|d| d.page == page))
    })
    .await
}

/// The text box for a post's or a comment's Markdown, with the help and the
/// preview button. `back` is the page (and its query) to come back to.
#[component]
pub fn MarkdownEditor(
    lang: Lang,
    id: &'static str,
    label: &'static str,
    value: String,
    rows: &'static str,
    max: usize,
    error: Option<String>,
    back: String,
    /// The previewed text as readers will see it.
    preview: Option<String>,
) -> impl IntoView {
    view! {
        <div class="field editor">
            {preview
                .map(|html| {
                    view! {
                        <section id="preview" class="preview" aria-labelledby="preview-title">
                            <h2 id="preview-title" class="meta">
                                {C::ClubPreviewNote.text(lang)}
                            </h2>
                            <div class="body" inner_html=html></div>
                        </section>
                    }
                })} <label for=id>{label}</label>
            <textarea id=id name="body" rows=rows required=true maxlength=max.to_string()>
                {crate::form::textarea_text(&value)}
            </textarea> <p class="field-error" role="alert">
                {error}
            </p> <div class="editor-tools">
                <MarkdownHelp lang />
                <input type="hidden" name="back" value=back />
                // Previewing asks nothing of the other fields yet, and sends no pictures.
                <button
                    type="submit"
                    class="button"
                    formaction=PreviewClubText::url()
                    formenctype="application/x-www-form-urlencoded"
                    formnovalidate=true
                >
                    {C::ClubPreview.text(lang)}
                </button>
            </div>
        </div>
    }
}

/// What Markdown the club understands, each with what it looks like.
#[component]
fn MarkdownHelp(lang: Lang) -> impl IntoView {
    let bold = C::MdBold.text(lang);
    let (first, second) = (C::MdItemOne.text(lang), C::MdItemTwo.text(lang));
    let (link, quote) = (C::MdLink.text(lang), C::MdQuote.text(lang));
    view! {
        <details class="md-help">
            <summary>{C::MdHelp.text(lang)}</summary>
            <dl>
                <dt>
                    <code>{format!("**{bold}**")}</code>
                </dt>
                <dd>
                    <strong>{bold}</strong>
                </dd>
                <dt>
                    <code>{format!("- {first}")}</code>
                    <br />
                    <code>{format!("- {second}")}</code>
                </dt>
                <dd>
                    <ul>
                        <li>{first}</li>
                        <li>{second}</li>
                    </ul>
                </dd>
                <dt>
                    <code>{format!("[{link}](https://…)")}</code>
                </dt>
                <dd>
                    <span class="md-link">{link}</span>
                </dd>
                <dt>
                    <code>{format!("> {quote}")}</code>
                </dt>
                <dd>
                    <blockquote>{quote}</blockquote>
                </dd>
            </dl>
            <p class="meta">{C::MdNoHtml.text(lang)}</p>
        </details>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::back_to;

    #[test]
    fn a_preview_goes_back_to_its_club_page_only() {
        assert_eq!(
            back_to("/club/new?board=3"),
            Some(("/club/new".into(), "/club/new?board=3&preview=1#preview".into()))
        );
        assert_eq!(back_to("/club/post/7"), Some(("/club/post/7".into(), "/club/post/7?preview=1#preview".into())));
        assert_eq!(back_to("/me"), None, "not a club page");
        assert_eq!(back_to("//evil.example/club/"), None);
        assert_eq!(back_to("https://evil.example/club/"), None);
    }
}
