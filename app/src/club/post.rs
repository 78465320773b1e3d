//! A post with its thread (a page of it at a time), an event's panel and its
//! check-in code, the tools of those who look after it, and the check-in page
//! the code opens.

use super::api::{CheckInEvent, EditClubPost, LikeItem, ReportItem, RsvpEvent, WriteComment};
use super::editor::{club_draft, Draft, MarkdownEditor};
use super::tools::{ModeratorTools, OrganiserPanel};
use super::view::{status_notice, Byline, Comment, EditForm, EventPanel, ItemActions, ReportForm};
use super::words::{self, C};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{error_for_form, kept_value, url_error, FormError};
use crate::i18n::Lang;
use crate::layout::{failed, loading};
use crate::photos::Thumbs;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::club::views::PostView;
use pitlane::club::{Status, ThreadPage};
use server_fn::ServerFn;

/// A post with one page of its thread: `page`, or the page holding `comment`.
#[server(prefix = "/api", endpoint = "club_post")]
pub async fn club_post(id: i64, page: Option<String>, comment: Option<String>) -> Result<PostView, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let at = pitlane::club::ThreadAt::from_query(page.as_deref(), comment.as_deref());
        Ok(pitlane::club::store::post_view(&state.db, &*state.clock, visitor.user.as_ref(), id, at).await?)
    })
    .await
}

/// The organiser's check-in code as a QR picture (SVG) of the check-in page's address.
#[server(prefix = "/api", endpoint = "club_event_qr")]
pub async fn club_event_qr(id: i64) -> Result<String, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let first = pitlane::club::ThreadAt::Page(1);
        let view = pitlane::club::store::post_view(&state.db, &*state.clock, Some(&user), id, first).await?;
        let code = view.event.and_then(|e| e.check_in_code).ok_or(AppError::NotFound)?;
        // The configured origin, never the request's Host: a forged Host would
        // send members who scan the code to someone else's site.
        let address = state.public_origin.link(&format!("/club/checkin/{id}?code={code}"));
        let qr = qrcode::QrCode::new(address.as_bytes()).map_err(|_| AppError::Internal)?;
        Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build())
    })
    .await
}

#[component]
pub fn ClubPostPage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let signed_in = visitor.user.is_some();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let query = use_query_map().get_untracked();
    let reported = query.get("reported").is_some();
    let previewing = query.get("preview").is_some();
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
                let draft = match previewing {
                    true => club_draft(format!("/club/post/{id}")).await.ok().flatten(),
                    false => None,
                };
                match club_post(id, page, comment).await {
                    Err(err) => failed(err, lang),
                    Ok(post) => view! { <PostBody lang post signed_in draft /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostBody(lang: Lang, post: PostView, signed_in: bool, draft: Option<Draft>) -> impl IntoView {
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
    let organiser =
        post.event.as_ref().is_some_and(|e| e.organiser).then(|| view! { <OrganiserPanel lang post=id /> }.into_any());
    let tools = post.moderating.then(|| view! { <ModeratorTools lang post=post.clone() /> }.into_any());
    let comments = view! { <PostComments lang post=post.clone() signed_in draft /> }.into_any();
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
    let pictures = view! { <Thumbs photos=post.images.clone() alt=C::ClubPicture.text(lang) size="160" /> }.into_any();
    let actions = view! {
        <ItemActions
            lang
            item=item.clone()
            likes=post.likes
            liked=post.liked
            may_like=signed_in && post.status == Status::Visible
            mine=post.mine
            back=format!("/club/post/{id}")
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
fn PostComments(lang: Lang, post: PostView, signed_in: bool, draft: Option<Draft>) -> impl IntoView {
    let id = post.id;
    let may_comment = post.may_write && !post.locked && post.status == Status::Visible;
    let empty = post.comments.is_empty();
    let pager = (post.thread_page.pages > 1).then(|| view! { <ThreadPager lang post=id page=post.thread_page /> });
    let comments = post
        .comments
        .into_iter()
        .map(|comment| view! { <Comment lang post=id comment may_write=post.may_write locked=post.locked /> })
        .collect_view();
    let back = match post.thread_page.number {
        1 => format!("/club/post/{id}"),
        page => format!("/club/post/{id}?page={page}"),
    };
    let form = may_comment.then(|| {
        let value = draft.as_ref().and_then(|d| d.value("body")).unwrap_or_else(|| kept_value("body"));
        let error = url_error::<WriteComment>().map(|e| e.text(lang));
        view! {
            <form method="post" action=WriteComment::url() class="card">
                <input type="hidden" name="post" value=id.to_string() />
                <input type="hidden" name="parent" value="" />
                <MarkdownEditor
                    lang
                    id="comment-body"
                    label=C::ClubComment.text(lang)
                    value
                    rows="4"
                    max=pitlane::club::MAX_COMMENT_CHARS
                    error
                    back
                    preview=draft.map(|d| d.html)
                />
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
