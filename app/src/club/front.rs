//! The club's front page (its boards, the next events and the way to search)
//! and the list of coming events.

use super::search::search_box;
use super::view::PostRow;
use super::words::{self, C};
use crate::auth::visitor;
use crate::error::AppError;
use crate::i18n::china_time;
use crate::layout::{failed, loading};
use leptos::prelude::*;
use pitlane::club::views::{BoardSummary, PostSummary};

#[server(prefix = "/api", endpoint = "club_boards")]
pub async fn club_boards() -> Result<(Vec<BoardSummary>, Vec<PostSummary>), AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{boards, upcoming_events, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let reader = Reader::of(visitor.user.as_ref());
        let boards = boards(&state.db, reader).await?;
        let events = upcoming_events(&state.db, reader, state.clock.now()).await?;
        Ok((boards, events))
    })
    .await
}

#[component]
pub fn ClubPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let signed_in = visitor.user.is_some();
    let moderator = visitor.user.as_ref().is_some_and(|u| u.role.moderates_club());
    view! {
        <h1>{C::ClubTitle.text(lang)}</h1>
        <p class="lead">{C::ClubIntro.text(lang)}</p>
        {search_box(lang, String::new())}
        <nav class="club-links" aria-label=C::ClubPages.text(lang)>
            <ul>
                {signed_in
                    .then(|| {
                        view! {
                            <li>
                                <a href="/club/reports">{C::ClubMyReports.text(lang)}</a>
                            </li>
                        }
                    })} <li>
                    <a href="/club/events">{C::ClubEvents.text(lang)}</a>
                </li> <li>
                    <a href="/club/log">{C::ClubPublicLog.text(lang)}</a>
                </li>
                {moderator
                    .then(|| {
                        view! {
                            <li>
                                <a href="/club/moderation">{C::NavModeration.text(lang)}</a>
                            </li>
                        }
                    })}
            </ul>
        </nav>
        {(!signed_in).then(|| view! { <p class="notice">{C::ClubSignInToRead.text(lang)}</p> })}
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match club_boards().await {
                    Err(err) => failed(err, lang),
                    Ok((boards, events)) => {
                        view! {
                            <section aria-labelledby="boards-title">
                                <h2 id="boards-title">{C::ClubBoards.text(lang)}</h2>
                                <ul class="boards">
                                    {boards
                                        .into_iter()
                                        .map(|b| {
                                            view! {
                                                <li class="card">
                                                    <p class="post-title">
                                                        <span class="badge">
                                                            {words::board_kind(b.board.kind, lang)}
                                                        </span>
                                                        " "
                                                        <a href=format!(
                                                            "/club/{}",
                                                            b.board.slug,
                                                        )>{lang.pick(&b.board.name_zh, &b.board.name_en).to_owned()}</a>
                                                    </p>
                                                    <p>
                                                        {lang
                                                            .pick(&b.board.description_zh, &b.board.description_en)
                                                            .to_owned()}
                                                    </p>
                                                    <p class="meta">
                                                        {b.posts} " " {C::ClubPosts.text(lang)}
                                                        {b
                                                            .last_activity_ms
                                                            .map(|at| {
                                                                view! {
                                                                    " · "
                                                                    {C::ClubLastActivity.text(lang)}
                                                                    " "
                                                                    {china_time(at)}
                                                                }
                                                            })}
                                                    </p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <section aria-labelledby="events-title">
                                <h2 id="events-title">{C::ClubEvents.text(lang)}</h2>
                                {if events.is_empty() {
                                    view! { <p class="empty card">{C::ClubEventsEmpty.text(lang)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="posts">
                                            {events
                                                .into_iter()
                                                .take(5)
                                                .map(|post| view! { <PostRow lang post /> })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ClubEventsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <p class="crumbs">
            <a href="/club">{C::ClubTitle.text(lang)}</a>
        </p>
        <h1>{C::ClubEvents.text(lang)}</h1>
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match club_boards().await {
                    Err(err) => failed(err, lang),
                    Ok((_, events)) if events.is_empty() => {
                        view! { <p class="empty card">{C::ClubEventsEmpty.text(lang)}</p> }.into_any()
                    }
                    Ok((_, events)) => {
                        view! {
                            <ul class="posts">
                                {events.into_iter().map(|post| view! { <PostRow lang post /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
