//! Writing a post or an event, with pictures.

use super::words::C;
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FieldRow, FormError, SubmitButton};
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
    let board = query.get("board").or_else(|| Some(kept_value("board"))).unwrap_or_default();
    let event = query.get("kind").as_deref() == Some("event");
    let error = url_error::<WritePost>();
    let form_error = error_for_form(&error, lang);
    let field = move |f: Field| error_for(&error, f, lang);
    let key = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default().to_string();
    view! {
        <RequireRole allow=|_| true>
            <h1>{if event { C::ClubNewEvent.text(lang) } else { C::ClubNewPost.text(lang) }}</h1>
            <FormError message=form_error />
            <section class="card">
                <BusyForm action=WritePost::url().to_owned() with_files=true>
                    <input type="hidden" name="idempotency_key" value=key />
                    <input type="hidden" name="board" value=board />
                    <input type="hidden" name="kind" value=if event { "event" } else { "discussion" } />
                    <FieldRow
                        field=Field::Title
                        label=C::ClubTitleLabel.text(lang)
                        lang
                        error=field(Field::Title)
                        value=kept_value("title")
                    />
                    <div class="field">
                        <label for="body">{C::ClubBodyLabel.text(lang)}</label>
                        <textarea id="body" name="body" rows="10" required=true maxlength="10000">
                            {crate::form::textarea_text(&kept_value("body"))}
                        </textarea>
                        <p class="field-error" role="alert">
                            {field(Field::Body)}
                            {field(Field::Board)}
                        </p>
                    </div>
                    {event
                        .then(|| {
                            view! {
                                <div class="grid two">
                                    <FieldRow
                                        field=Field::StartsAt
                                        label=C::ClubStarts.text(lang)
                                        lang
                                        input_type="datetime-local"
                                        error=field(Field::StartsAt)
                                        value=kept_value("starts_at")
                                    />
                                    <FieldRow
                                        field=Field::EndsAt
                                        label=C::ClubEnds.text(lang)
                                        lang
                                        input_type="datetime-local"
                                        error=field(Field::EndsAt)
                                        value=kept_value("ends_at")
                                    />
                                    <FieldRow
                                        field=Field::Place
                                        label=C::ClubPlace.text(lang)
                                        lang
                                        error=field(Field::Place)
                                        value=kept_value("place")
                                    />
                                    <FieldRow
                                        field=Field::Capacity
                                        label=C::ClubCapacity.text(lang)
                                        lang
                                        input_type="number"
                                        error=field(Field::Capacity)
                                        value=kept_value("capacity")
                                    />
                                </div>
                            }
                        })}
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
                            {field(Field::Photos)}
                        </p>
                    </div>
                    <SubmitButton label=C::ClubPublish.text(lang) busy_label=C::ClubPublishing.text(lang) />
                </BusyForm>
            </section>
        </RequireRole>
    }
}
