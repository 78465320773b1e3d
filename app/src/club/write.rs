//! Writing a post or an event, with pictures.

use super::editor::{club_draft, Draft, MarkdownEditor};
use super::words::C;
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FieldRow, FormError, SubmitButton};
use crate::i18n::Lang;
use crate::layout::loading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::error::Field;
use server_fn::ServerFn;

/// A post (or an event) with up to nine pictures, through the club's guards.
#[server(prefix = "/api", endpoint = "write_post", input = server_fn::codec::MultipartFormData)]
pub async fn write_post(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{pictures, respond_posted};
    let keep = ["board", "title", "body", "kind", "starts_at", "ends_at", "place", "capacity"].map(|k| (k, k));
    // The club's own check (a car, not banned or suspended) comes before a byte is read.
    let club_writer = |user: pitlane::account::User| async move {
        let state = state()?;
        pitlane::club::store::may_contribute(&state.db, &user, state.clock.now()).await?;
        Ok(user)
    };
    respond_posted(
        data,
        |_| true,
        club_writer,
        Field::Photos,
        &keep,
        |user, posted| async move {
            let state = state()?;
            let new =
                pitlane::club::NewPost::parse(&posted.text("board"), &posted.text("title"), &posted.text("body"))?;
            let event = match posted.text("kind").as_str() {
                "event" => Some(pitlane::club::event::NewEvent::parse(
                    &posted.text("starts_at"),
                    &posted.text("ends_at"),
                    &posted.text("place"),
                    &posted.text("capacity"),
                    state.clock.now(),
                )?),
                _ => None,
            };
            let images = pictures(&posted, "images", Field::Photos, pitlane::club::MAX_POST_IMAGES).await?;
            let (id, _) = pitlane::club::store::post(
                &state.db,
                &*state.clock,
                &*state.files,
                &user,
                new,
                event,
                &images,
                &posted.text("idempotency_key"),
            )
            .await?;
            redirect(&format!("/club/post/{id}"));
            Ok(id)
        },
    )
    .await
}

#[component]
pub fn NewClubPostPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let event = query.get("kind").as_deref() == Some("event");
    let previewing = query.get("preview").is_some();
    let back = match (query.get("board"), event) {
        (Some(board), true) => format!("/club/new?board={board}&kind=event"),
        (Some(board), false) => format!("/club/new?board={board}"),
        (None, _) => "/club/new".to_owned(),
    };
    view! {
        <RequireRole allow=|_| true>
            <h1>{if event { C::ClubNewEvent.text(lang) } else { C::ClubNewPost.text(lang) }}</h1>
            <Suspense fallback=move || loading(
                lang,
            )>
                {
                    let back = back.clone();
                    Suspend::new(async move {
                        let draft = match previewing {
                            true => club_draft("/club/new".to_owned()).await.ok().flatten(),
                            false => None,
                        };
                        view! { <PostForm lang event back draft /> }
                    })
                }
            </Suspense>
        </RequireRole>
    }
}

/// The post's form: what was previewed, else what a failed post kept.
#[component]
fn PostForm(lang: Lang, event: bool, back: String, draft: Option<Draft>) -> impl IntoView {
    let query = use_query_map().get_untracked();
    let board = query.get("board").or_else(|| Some(kept_value("board"))).unwrap_or_default();
    let error = url_error::<WritePost>();
    let form_error = error_for_form(&error, lang);
    let field = move |f: Field| error_for(&error, f, lang);
    let value = |name: &str| draft.as_ref().and_then(|d| d.value(name)).unwrap_or_else(|| kept_value(name));
    let key = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default().to_string();
    let row = |f: Field, label: C, input_type: &'static str| {
        view! { <FieldRow field=f label=label.text(lang) lang input_type error=field(f) value=value(f.as_str()) /> }
    };
    let title = row(Field::Title, C::ClubTitleLabel, "text");
    let details = event.then(|| {
        view! {
            <div class="grid two">
                {row(Field::StartsAt, C::ClubStarts, "datetime-local")}
                {row(Field::EndsAt, C::ClubEnds, "datetime-local")} {row(Field::Place, C::ClubPlace, "text")}
                {row(Field::Capacity, C::ClubCapacity, "number")}
            </div>
        }
    });
    let (body, body_error) = (value("body"), field(Field::Body).or_else(|| field(Field::Board)));
    let photos_error = field(Field::Photos);
    let preview = draft.map(|d| d.html);
    view! {
        <FormError message=form_error />
        <section class="card">
            <BusyForm action=WritePost::url().to_owned() with_files=true>
                <input type="hidden" name="idempotency_key" value=key />
                <input type="hidden" name="board" value=board />
                <input type="hidden" name="kind" value=if event { "event" } else { "discussion" } />
                {title}
                <MarkdownEditor
                    lang
                    id="body"
                    label=C::ClubBodyLabel.text(lang)
                    value=body
                    rows="10"
                    max=pitlane::club::MAX_POST_CHARS
                    error=body_error
                    back
                    preview
                />
                {details}
                <div class="field">
                    <label for="images">{C::ClubImages.text(lang)}</label>
                    <input
                        id="images"
                        name="images"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        multiple=true
                    />
                    <p class="field-error" role="alert">
                        {photos_error}
                    </p>
                </div>
                <SubmitButton label=C::ClubPublish.text(lang) busy_label=C::ClubPublishing.text(lang) />
            </BusyForm>
        </section>
    }
}
