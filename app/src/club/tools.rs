//! Tools beside a post for the people who look after it: the board's
//! moderators (pin, lock, move, edit with a reason, the earlier versions) and
//! an event's organisers (who is coming, marking who came).

use super::moderation::api::{FlagPost, ModeratorEdit, MoveClubPost};
use super::moderation::RuleSelect;
use super::view::ButtonForm;
use super::words::{self, C};
use crate::error::AppError;
use crate::i18n::{china_time, Lang};
use crate::layout::loading;
use leptos::prelude::*;
use pitlane::club::event::Rsvp;
use pitlane::club::moderation::Rule;
use pitlane::club::views::{Attendee, PostView, Revision};
use pitlane::club::Board;
use server_fn::ServerFn;

/// What a moderator needs beside a post: the boards it may move to and the
/// versions its edits replaced.
#[server(prefix = "/api", endpoint = "moderator_tools")]
pub async fn moderator_tools(post: i64) -> Result<(Vec<Board>, Vec<Revision>), AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(pitlane::account::Role::moderates_club)?;
        let state = state()?;
        let revisions = pitlane::club::store::revisions(&state.db, &user, post).await?;
        Ok((pitlane::club::store::moderated_boards(&state.db, &user).await?, revisions))
    })
    .await
}

#[server(prefix = "/api", endpoint = "event_attendees")]
pub async fn event_attendees(post: i64) -> Result<Vec<Attendee>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::club::store::attendees(&state()?.db, &user, post).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "mark_attendance")]
pub async fn mark_attendance(post: i64, member: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::club::store::mark_attended(&state.db, &*state.clock, &user, post, member).await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "add_organiser")]
pub async fn add_organiser(post: i64, member: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        pitlane::club::store::add_organiser(&state()?.db, &user, post, member).await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[component]
pub fn ModeratorTools(lang: Lang, post: PostView) -> impl IntoView {
    let id = post.id;
    let flag = |value: &'static str, label: C| {
        view! {
            <ButtonForm
                action=FlagPost::url()
                label=label.text(lang)
                fields=vec![("post", id.to_string()), ("flag", value.to_owned()), ("reason", String::new())]
                class="button small"
            />
        }
    };
    let body = post.body.clone();
    view! {
        <section class="card tools" aria-label=C::NavModeration.text(lang)>
            <p class="actions">
                {if post.pinned { flag("unpin", C::ModUnpin) } else { flag("pin", C::ModPin) }} " "
                {if post.locked { flag("unlock", C::ModUnlock) } else { flag("lock", C::ModLock) }}
            </p>
            <Suspense fallback=move || loading(
                lang,
            )>
                {{
                    let body = body.clone();
                    Suspend::new(async move {
                        moderator_tools(id)
                            .await
                            .ok()
                            .map(|(boards, revisions)| {
                                view! {
                                    <form method="post" action=MoveClubPost::url() class="decision">
                                        <input type="hidden" name="post" value=id.to_string() />
                                        <label>
                                            {C::ModMove.text(lang)} " " <select name="board" required=true>
                                                <option value="">{C::ModChooseBoard.text(lang)}</option>
                                                {boards
                                                    .into_iter()
                                                    .map(|b| {
                                                        view! {
                                                            <option value=b
                                                                .id
                                                                .to_string()>
                                                                {lang.pick(&b.name_zh, &b.name_en).to_owned()}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </select>
                                        </label>
                                        <label>
                                            {C::ClubRuleLabel.text(lang)}
                                            <RuleSelect lang chosen=String::new() none=words::rule(Rule::Fine, lang) />
                                        </label>
                                        <input
                                            name="reason"
                                            maxlength="500"
                                            aria-label=C::ClubReasonLabel.text(lang)
                                            placeholder=C::ClubReasonLabel.text(lang)
                                        />
                                        <button type="submit" class="button small">
                                            {C::ModMove.text(lang)}
                                        </button>
                                    </form>
                                    <details>
                                        <summary>{C::ModEditWithReason.text(lang)}</summary>
                                        <form method="post" action=ModeratorEdit::url()>
                                            <input type="hidden" name="item" value=format!("post:{id}") />
                                            <textarea
                                                name="body"
                                                rows="6"
                                                maxlength="10000"
                                                aria-label=C::ClubBodyLabel.text(lang)
                                            >
                                                {crate::form::textarea_text(&body)}
                                            </textarea>
                                            <label>
                                                {C::ClubRuleLabel.text(lang)}
                                                <RuleSelect
                                                    lang
                                                    chosen=String::new()
                                                    none=words::rule(Rule::Fine, lang)
                                                />
                                            </label>
                                            <input
                                                name="reason"
                                                required=true
                                                maxlength="500"
                                                aria-label=C::ClubReasonLabel.text(lang)
                                                placeholder=C::ClubReasonLabel.text(lang)
                                            />
                                            <button type="submit" class="button small">
                                                {C::ClubSave.text(lang)}
                                            </button>
                                        </form>
                                    </details>
                                    {(!revisions.is_empty())
                                        .then(|| {
                                            view! {
                                                <details>
                                                    <summary>
                                                        {C::ModHistory.text(lang)} " (" {revisions.len()} ")"
                                                    </summary>
                                                    <ol class="revisions">
                                                        {revisions
                                                            .into_iter()
                                                            .map(|r| {
                                                                view! {
                                                                    <li>
                                                                        <p class="meta">
                                                                            {china_time(r.at_ms)} " · " {r.editor.clone()}
                                                                            {r
                                                                                .reason
                                                                                .clone()
                                                                                .map(|why| {
                                                                                    view! {
                                                                                        " · "
                                                                                        {why}
                                                                                    }
                                                                                })}
                                                                        </p>
                                                                        <pre class="excerpt">
                                                                            {r
                                                                                .title
                                                                                .clone()
                                                                                .map(|t| format!("{t}\n\n"))
                                                                                .unwrap_or_default()}{r.body.clone()}
                                                                        </pre>
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ol>
                                                </details>
                                            }
                                        })}
                                }
                            })
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn OrganiserPanel(lang: Lang, post: i64) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="attendees-title">
            <h2 id="attendees-title">{C::ClubAttendees.text(lang)}</h2>
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    event_attendees(post)
                        .await
                        .ok()
                        .map(|list| {
                            view! {
                                <ul class="attendees">
                                    {list
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <li>
                                                    {a.name.clone()} " · "
                                                    {if a.status == Rsvp::Going {
                                                        C::ClubGoing.text(lang)
                                                    } else {
                                                        C::ClubWaiting.text(lang)
                                                    }}
                                                    {match a.checked_in_at {
                                                        Some(at) => {
                                                            view! {
                                                                " · "
                                                                <span class="badge badge-done">
                                                                    {C::ClubCheckedIn.text(lang)} " " {china_time(at)}
                                                                </span>
                                                            }
                                                                .into_any()
                                                        }
                                                        None if a.status == Rsvp::Going => {
                                                            view! {
                                                                " "
                                                                <ButtonForm
                                                                    action=MarkAttendance::url()
                                                                    label=C::ClubMarkAttended.text(lang)
                                                                    fields=vec![
                                                                        ("post", post.to_string()),
                                                                        ("member", a.user_id.to_string()),
                                                                    ]
                                                                    class="button small"
                                                                />
                                                            }
                                                                .into_any()
                                                        }
                                                        None => ().into_any(),
                                                    }}
                                                    {if a.organiser {
                                                        view! {
                                                            " · "
                                                            <span class="badge">{C::ClubOrganiser.text(lang)}</span>
                                                        }
                                                            .into_any()
                                                    } else {
                                                        view! {
                                                            " "
                                                            <ButtonForm
                                                                action=AddOrganiser::url()
                                                                label=C::ClubMakeOrganiser.text(lang)
                                                                fields=vec![
                                                                    ("post", post.to_string()),
                                                                    ("member", a.user_id.to_string()),
                                                                ]
                                                            />
                                                        }
                                                            .into_any()
                                                    }}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
