//! Searching the club, and the search box the front page shows too.

use super::words::C;
use crate::auth::visitor;
use crate::error::AppError;
use crate::form::SearchBox;
use crate::i18n::Lang;
use crate::layout::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::club::views::Hit;

#[server(prefix = "/api", endpoint = "club_search")]
pub async fn club_search(q: String) -> Result<Vec<Hit>, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{search, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let query = pitlane::club::search_query(&q)?;
        let reader = Reader::of(visitor.user.as_ref());
        Ok(search(&state.db, state.clock.now(), reader, &visitor.client_addr, &query).await?)
    })
    .await
}

pub fn search_box(lang: Lang, q: String) -> impl IntoView {
    view! {
        <SearchBox
            action="/club/search"
            q
            label=C::ClubSearchLabel.text(lang)
            button=C::ClubSearch.text(lang)
            min_chars=pitlane::club::MIN_SEARCH_CHARS
            button_class="button small"
        />
    }
}

#[component]
pub fn ClubSearchPage() -> impl IntoView {
    let lang = visitor().lang;
    let q = use_query_map().get_untracked().get("q").unwrap_or_default();
    view! {
        <h1>{C::ClubSearch.text(lang)}</h1>
        {search_box(lang, q.clone())}
        // An empty box is a page to start from, not a failed search.
        {(!q.trim().is_empty())
            .then(|| {
                view! {
                    <Suspense fallback=move || loading(
                        lang,
                    )>
                        {
                            let q = q.clone();
                            {
                                let q = q.clone();
                                Suspend::new(async move {
                                    match club_search(q).await {
                                        Err(err) => failed(err, lang),
                                        Ok(hits) if hits.is_empty() => {
                                            view! { <p class="empty card">{C::ClubSearchEmpty.text(lang)}</p> }
                                                .into_any()
                                        }
                                        Ok(hits) => {
                                            view! {
                                                <ul class="posts">
                                                    {hits
                                                        .into_iter()
                                                        .map(|hit| {
                                                            view! {
                                                                <li class="card">
                                                                    <p class="post-title">
                                                                        <a href=format!(
                                                                            "/club/post/{}",
                                                                            hit.post_id,
                                                                        )>{hit.title.clone()}</a>
                                                                        " · "
                                                                        <span class="meta">
                                                                            {lang.pick(&hit.board_zh, &hit.board_en).to_owned()}
                                                                        </span>
                                                                    </p>
                                                                    <p class="passage">
                                                                        {hit
                                                                            .passage
                                                                            .into_iter()
                                                                            .map(|(text, marked)| {
                                                                                if marked {
                                                                                    view! { <mark>{text}</mark> }.into_any()
                                                                                } else {
                                                                                    text.into_any()
                                                                                }
                                                                            })
                                                                            .collect_view()}
                                                                    </p>
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            }
                                                .into_any()
                                        }
                                    }
                                })
                            }
                        }
                    </Suspense>
                }
            })}
    }
}
