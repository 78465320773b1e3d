//! A board: its posts, newest activity first, a page at a time.

use super::view::PostRow;
use super::words::C;
use crate::auth::visitor;
use crate::error::AppError;
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::club::views::BoardPage;

#[server(prefix = "/api", endpoint = "club_board")]
pub async fn club_board(slug: String, after: Option<String>) -> Result<BoardPage, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{board_page, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let after = after.as_deref().and_then(pitlane::club::Cursor::parse);
        Ok(board_page(&state.db, Reader::of(visitor.user.as_ref()), &slug, after).await?)
    })
    .await
}

#[component]
pub fn ClubBoardPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let slug = use_params_map().get_untracked().get("board").unwrap_or_default();
    let after = use_query_map().get_untracked().get("after");
    view! {
        <Suspense fallback=move || loading(
            lang,
        )>
            {
                let slug = slug.clone();
                let after = after.clone();
                {
                    let (slug, after) = (slug.clone(), after.clone());
                    Suspend::new(async move {
                        match club_board(slug.clone(), after).await {
                            Err(err) => failed(err, lang),
                            Ok(page) => {
                                let empty = page.posts.is_empty() && page.pinned.is_empty();
                                view! {
                                    <p class="crumbs">
                                        <a href="/club">{C::ClubTitle.text(lang)}</a>
                                    </p>
                                    <h1>{lang.pick(&page.board.name_zh, &page.board.name_en).to_owned()}</h1>
                                    <p class="lead">
                                        {lang.pick(&page.board.description_zh, &page.board.description_en).to_owned()}
                                    </p>
                                    <p class="meta">
                                        {C::ClubModerators.text(lang)} ": "
                                        {if page.moderators.is_empty() {
                                            C::ClubTeam.text(lang).to_owned()
                                        } else {
                                            page.moderators.join("、")
                                        }}
                                    </p>
                                    <p>
                                        <a class="button primary" href=format!("/club/new?board={}", page.board.id)>
                                            {C::ClubNewPost.text(lang)}
                                        </a>
                                        {page
                                            .board
                                            .takes_events()
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <a
                                                        class="button"
                                                        href=format!("/club/new?board={}&kind=event", page.board.id)
                                                    >
                                                        {C::ClubNewEvent.text(lang)}
                                                    </a>
                                                }
                                            })}
                                    </p>
                                    {empty.then(|| view! { <p class="empty card">{C::ClubEmptyBoard.text(lang)}</p> })}
                                    <ul class="posts">
                                        {page
                                            .pinned
                                            .into_iter()
                                            .chain(page.posts)
                                            .map(|post| view! { <PostRow lang post /> })
                                            .collect_view()}
                                    </ul>
                                    {page
                                        .next
                                        .map(|next| {
                                            view! {
                                                <p>
                                                    <a rel="next" href=format!("/club/{slug}?after={next}")>
                                                        {C::ClubOlder.text(lang)}
                                                        " →"
                                                    </a>
                                                </p>
                                            }
                                        })}
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}
