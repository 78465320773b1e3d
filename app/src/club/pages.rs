//! The club's pages: the front page with boards and coming events, a board,
//! a post with its thread, writing a post or an event, search, a member's
//! reports and decisions, the public log, and the check-in page a QR code
//! opens.

use super::view::{status_notice, Byline, Comment, EditForm, EventPanel, ItemActions, PostRow, ReportForm};
use super::words::{self, C};
use super::*;
use crate::auth::{visitor, RequireRole};
use crate::form::{error_for, error_for_form, kept_value, url_error, BusyForm, FieldRow, FormError, SubmitButton};
use crate::i18n::{china_time, Lang};
use crate::layout::{failed, loading};
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::club::views::PostView;
use pitlane::club::{Status, ThreadPage};
use pitlane::error::Field;
use server_fn::ServerFn;

fn search_box(lang: Lang, q: String) -> impl IntoView {
    view! {
        <form method="get" action="/club/search" class="search" role="search">
            <label for="q" class="visually-hidden">
                {C::ClubSearchLabel.text(lang)}
            </label>
            <input
                id="q"
                name="q"
                type="search"
                value=q
                placeholder=C::ClubSearchLabel.text(lang)
                minlength=pitlane::club::MIN_SEARCH_CHARS.to_string()
                maxlength="100"
            />
            <button type="submit" class="button small">
                {C::ClubSearch.text(lang)}
            </button>
        </form>
    }
}

#[component]
pub fn ClubPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let signed_in = visitor.user.is_some();
    let moderator = visitor.user.as_ref().is_some_and(|u| super::moderation::moderates(u.role));
    view! {
        <h1>{C::ClubTitle.text(lang)}</h1>
        <p class="lead">{C::ClubIntro.text(lang)}</p>
        {search_box(lang, String::new())}
        <p class="links">
            {signed_in
                .then(|| {
                    view! {
                        <a href="/club/reports">{C::ClubMyReports.text(lang)}</a>
                        " · "
                    }
                })} <a href="/club/events">{C::ClubEvents.text(lang)}</a> " · "
            <a href="/club/log">{C::ClubPublicLog.text(lang)}</a>
            {moderator
                .then(|| {
                    view! {
                        " · "
                        <a href="/club/moderation">{C::NavModeration.text(lang)}</a>
                    }
                })}
        </p>
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

#[component]
pub fn ClubPostPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let signed_in = visitor.user.is_some();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let query = use_query_map().get_untracked();
    let reported = query.get("reported").is_some();
    let (page, comment) = (query.get("page"), query.get("comment"));
    let error = url_error::<WriteComment>()
        .or_else(url_error::<ReportItem>)
        .or_else(url_error::<LikeItem>)
        .or_else(url_error::<RsvpEvent>)
        .or_else(url_error::<CheckInEvent>)
        .or_else(url_error::<EditClubPost>);
    view! {
        {reported
            .then(|| {
                view! {
                    <p class="notice" role="status">
                        {C::ClubReported.text(lang)}
                    </p>
                }
            })}
        <FormError message=error_for_form(&error, lang).or_else(|| error.as_ref().map(|e| e.text(lang))) />
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match club_post(id, page, comment).await {
                    Err(err) => failed(err, lang),
                    Ok(post) => view! { <PostBody lang post signed_in /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostBody(lang: Lang, post: PostView, signed_in: bool) -> impl IntoView {
    let id = post.id;
    let qr = (post.event.as_ref().is_some_and(|e| e.organiser)).then(|| {
        view! {
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    club_event_qr(id)
                        .await
                        .ok()
                        .map(|svg| {
                            view! {
                                <figure class="card qr">
                                    <div inner_html=svg></div>
                                    <figcaption>{C::ClubCheckInCode.text(lang)}</figcaption>
                                </figure>
                            }
                        })
                })}
            </Suspense>
        }
        .into_any()
    });
    let event = post.event.clone().map(|event| view! { <EventPanel lang post=id event signed_in /> }.into_any());
    let organiser = post
        .event
        .as_ref()
        .is_some_and(|e| e.organiser)
        .then(|| view! { <super::tools::OrganiserPanel lang post=id /> }.into_any());
    let tools = post.moderating.then(|| view! { <super::tools::ModeratorTools lang post=post.clone() /> }.into_any());
    let comments = view! { <PostComments lang post=post.clone() signed_in /> }.into_any();
    view! {
        <p class="crumbs">
            <a href="/club">{C::ClubTitle.text(lang)}</a>
            " › "
            <a href=format!(
                "/club/{}",
                post.board.slug,
            )>{lang.pick(&post.board.name_zh, &post.board.name_en).to_owned()}</a>
        </p>
        {tools}
        <PostArticle lang post signed_in />
        {event}
        {organiser}
        {qr}
        {comments}
    }
    .into_any()
}

#[component]
fn PostArticle(lang: Lang, post: PostView, signed_in: bool) -> impl IntoView {
    let item = format!("post:{}", post.id);
    let id = post.id;
    let header = view! {
        <h1>
            {post
                .pinned
                .then(|| {
                    view! {
                        <span class="badge badge-upcoming">{C::ClubPinned.text(lang)}</span>
                        " "
                    }
                })} {post.title.clone()}
        </h1>
        <Byline lang author=post.author.clone() created_ms=post.created_ms edited_ms=post.edited_ms />
        {status_notice(post.status, lang)}
        {post
            .hold_reason
            .filter(|_| post.moderating)
            .map(|r| view! { <p class="badge badge-due">{words::hold_reason(r, lang)}</p> })}
        {post.locked.then(|| view! { <p class="notice">{C::ClubLockedNotice.text(lang)}</p> })}
    }
    .into_any();
    let pictures = (!post.images.is_empty()).then(|| {
        view! {
            <div class="photos">
                {post
                    .images
                    .iter()
                    .map(|i| {
                        view! {
                            <a href=format!("/files/{i}")>
                                <img src=format!("/files/{i}") alt="" loading="lazy" width="160" />
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    });
    let actions = view! {
        <ItemActions
            lang
            item=item.clone()
            likes=post.likes
            liked=post.liked
            may_like=signed_in && post.status == Status::Visible
            mine=post.mine
        >
            {post
                .moderating
                .then(|| {
                    view! {
                        " · "
                        <a href="/club/moderation">{C::NavModeration.text(lang)}</a>
                    }
                })}
        </ItemActions>
    }
    .into_any();
    let edit = post.mine.then(|| {
        view! {
            <EditForm
                lang
                action=EditClubPost::url()
                id
                title=Some(post.title.clone())
                body=post.body.clone()
                max=pitlane::club::MAX_POST_CHARS
            />
        }
        .into_any()
    });
    let report = (signed_in && !post.mine && post.status == Status::Visible)
        .then(|| view! { <ReportForm lang item=item.clone() /> }.into_any());
    view! {
        <article class="card post">
            {header} <div class="body" inner_html=post.body_html.clone()></div> {pictures} {actions} {edit} {report}
        </article>
    }
    .into_any()
}

#[component]
fn PostComments(lang: Lang, post: PostView, signed_in: bool) -> impl IntoView {
    let id = post.id;
    let may_comment = post.may_write && !post.locked && post.status == Status::Visible;
    let empty = post.comments.is_empty();
    let pager = (post.thread_page.pages > 1).then(|| view! { <ThreadPager lang post=id page=post.thread_page /> });
    let comments = post
        .comments
        .into_iter()
        .map(|comment| view! { <Comment lang post=id comment may_write=post.may_write locked=post.locked /> })
        .collect_view();
    let form = may_comment.then(|| {
        view! {
            <form method="post" action=WriteComment::url() class="card">
                <input type="hidden" name="post" value=id.to_string() />
                <input type="hidden" name="parent" value="" />
                <label for="comment-body">{C::ClubComment.text(lang)}</label>
                <textarea id="comment-body" name="body" rows="4" required=true maxlength="2000">
                    {crate::form::textarea_text(&kept_value("body"))}
                </textarea>
                <button type="submit" class="button primary">
                    {C::ClubSend.text(lang)}
                </button>
            </form>
        }
        .into_any()
    });
    view! {
        <section aria-labelledby="comments-title">
            <h2 id="comments-title">{C::ClubComments.text(lang)}</h2>
            {empty.then(|| view! { <p class="empty">{C::ClubNoComments.text(lang)}</p> })}
            <ul class="comments">{comments}</ul>
            {pager}
            {form}
            {(!signed_in)
                .then(|| {
                    view! {
                        <p>
                            <a href=format!("/login?next=/club/post/{id}")>{C::ClubSignInToJoin.text(lang)}</a>
                        </p>
                    }
                })}
        </section>
    }
    .into_any()
}

/// Earlier and later pages of a long thread, and where the reader is.
#[component]
fn ThreadPager(lang: Lang, post: i64, page: ThreadPage) -> impl IntoView {
    let link = move |number: i64| format!("/club/post/{post}?page={number}#comments-title");
    view! {
        <nav class="pager" aria-label=C::ClubCommentPages.text(lang)>
            {(page.number > 1)
                .then(|| {
                    view! {
                        <a rel="prev" href=link(page.number - 1)>
                            "← "
                            {C::ClubEarlierComments.text(lang)}
                        </a>
                    }
                })}
            <span aria-current="page">{words::thread_page(page, lang)}</span>
            {(page.number < page.pages)
                .then(|| {
                    view! {
                        <a rel="next" href=link(page.number + 1)>
                            {C::ClubLaterComments.text(lang)}
                            " →"
                        </a>
                    }
                })}
        </nav>
    }
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

#[component]
pub fn MyClubReportsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{C::ClubMyReports.text(lang)}</h1>
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match my_club_reports().await {
                        Err(err) => failed(err, lang),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty card">{C::ClubNoReports.text(lang)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="posts">
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let (class, outcome) = match r.upheld {
                                                None => ("badge badge-upcoming", C::ClubReportWaiting),
                                                Some(true) => ("badge badge-done", C::ClubReportUpheld),
                                                Some(false) => ("badge", C::ClubReportRejected),
                                            };
                                            view! {
                                                <li class="card report-outcome">
                                                    <p>
                                                        <a href=format!(
                                                            "/club/post/{}",
                                                            r.post_id,
                                                        )>{r.title.clone()}</a>
                                                        " · "
                                                        {words::report_reason(r.reason, lang)}
                                                        " · "
                                                        {china_time(r.created_ms)}
                                                    </p>
                                                    <p>
                                                        <span class=class>{outcome.text(lang)}</span>
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
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
pub fn ClubDecisionPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let appealed = use_query_map().get_untracked().get("appealed").is_some();
    let error = url_error::<AppealDecision>();
    view! {
        <RequireRole allow=|_| true>
            <h1>{C::ClubDecision.text(lang)}</h1>
            {appealed
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            {C::ClubAppealSent.text(lang)}
                        </p>
                    }
                })}
            <FormError message=error.as_ref().map(|e| e.text(lang)) />
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match club_decision(id).await {
                        Err(err) => failed(err, lang),
                        Ok(line) => {
                            let appealable = line.log.action.appealable() && line.id.is_none();
                            let status = line.status.clone();
                            view! {
                                <section class="card">
                                    <p>
                                        <strong>{words::log_action(line.log.action, lang)}</strong>
                                        " · "
                                        {china_time(line.log.at_ms)}
                                    </p>
                                    {line.log.title.clone().map(|t| view! { <p>{t}</p> })}
                                    <dl class="facts">
                                        <dt>{C::ClubRuleLabel.text(lang)}</dt>
                                        <dd>{words::rule(line.log.rule, lang)}</dd>
                                        <dt>{C::ClubReasonLabel.text(lang)}</dt>
                                        <dd>{line.log.reason.clone().unwrap_or_default()}</dd>
                                    </dl>
                                    {status
                                        .map(|s| {
                                            view! {
                                                <p class="badge badge-upcoming">
                                                    {match s.as_str() {
                                                        "upheld" => C::ClubAppealUpheldNote.text(lang),
                                                        "overturned" => C::ClubAppealOverturnedNote.text(lang),
                                                        _ => C::ClubAppealOpen.text(lang),
                                                    }}
                                                </p>
                                            }
                                        })}
                                    {line.decision.clone().map(|d| view! { <p>{d}</p> })}
                                </section>
                                {appealable
                                    .then(|| {
                                        view! {
                                            <form method="post" action=AppealDecision::url() class="card">
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <label for="reasons">{C::ClubAppealReasons.text(lang)}</label>
                                                <textarea
                                                    id="reasons"
                                                    name="reasons"
                                                    rows="4"
                                                    required=true
                                                    maxlength="1000"
                                                >
                                                    {crate::form::textarea_text(&kept_value("reasons"))}
                                                </textarea>
                                                <button type="submit" class="button primary">
                                                    {C::ClubAppeal.text(lang)}
                                                </button>
                                            </form>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

/// The log lines, as a table: shared by the public log and the moderators' log.
#[component]
pub fn LogTable(lang: Lang, lines: Vec<pitlane::club::views::LogLine>) -> impl IntoView {
    view! {
        <div class="table-wrap card">
            <table>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|l| {
                            view! {
                                <tr>
                                    <td>{china_time(l.at_ms)}</td>
                                    <td>
                                        {l
                                            .actor
                                            .clone()
                                            .unwrap_or_else(|| {
                                                if l.action == pitlane::club::moderation::LogAction::AutoHide {
                                                    C::ClubSystem.text(lang).to_owned()
                                                } else {
                                                    C::ClubTeam.text(lang).to_owned()
                                                }
                                            })}
                                    </td>
                                    <td>
                                        {words::log_action(l.action, lang)}
                                        {l
                                            .member
                                            .clone()
                                            .map(|m| {
                                                view! {
                                                    " · "
                                                    {m}
                                                }
                                            })}
                                    </td>
                                    <td>{l.title.clone().unwrap_or_default()}</td>
                                    <td>
                                        {words::rule(l.rule, lang)}
                                        {l
                                            .reason
                                            .clone()
                                            .map(|r| {
                                                view! {
                                                    " · "
                                                    {r}
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ClubLogPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <p class="crumbs">
            <a href="/club">{C::ClubTitle.text(lang)}</a>
        </p>
        <h1>{C::ClubPublicLog.text(lang)}</h1>
        <Suspense fallback=move || loading(
            lang,
        )>
            {Suspend::new(async move {
                match club_public_log().await {
                    Err(err) => failed(err, lang),
                    Ok(lines) => view! { <LogTable lang lines /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where the organiser's QR code leads: one button to check in.
#[component]
pub fn ClubCheckInPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let code = use_query_map().get_untracked().get("code").unwrap_or_default();
    view! {
        <RequireRole allow=|_| true>
            <h1>{C::ClubCheckIn.text(lang)}</h1>
            <form method="post" action=CheckInEvent::url() class="card narrow">
                <input type="hidden" name="post" value=id.to_string() />
                <input type="hidden" name="code" value=code />
                <button type="submit" class="button primary">
                    {C::ClubCheckIn.text(lang)}
                </button>
            </form>
        </RequireRole>
    }
}
