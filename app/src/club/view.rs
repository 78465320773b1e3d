//! Pieces of the club's pages: an author with the verified-owner badge, a
//! post in a list, a comment with its replies and its forms, the event panel,
//! the moderation log as a table.

use super::api::{CheckInEvent, DeleteMine, EditClubComment, LikeItem, ReportItem, RsvpEvent, WriteComment};
use super::words::{self, C};
use crate::confirm::Confirm;
use crate::i18n::{china_time, Lang};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;
use pitlane::club::event::Rsvp;
use pitlane::club::moderation::ReportReason;
use pitlane::club::views::{Author, CommentView, EventView, PostSummary};
use pitlane::club::{PostKind, Status};
use server_fn::ServerFn;

/// The author's name, and the models in their garage as a "verified owner" badge.
#[component]
pub fn AuthorName(lang: Lang, author: Author) -> impl IntoView {
    let model = author.model_zh.zip(author.model_en).map(|(zh, en)| lang.pick(&zh, &en).to_owned());
    view! {
        <span class="author">{author.name}</span>
        {model
            .map(|m| {
                view! {
                    " "
                    <span class="badge badge-done" title=C::ClubVerifiedOwner.text(lang)>
                        <Svg icon=Icon::Check />
                        " "
                        {C::ClubVerifiedOwner.text(lang)}
                        " · "
                        {m}
                    </span>
                }
            })}
    }
}

/// The likes under a post or comment, and its buttons: like (or take the like
/// back), delete one's own; `children` adds to the line (a moderator's link).
#[component]
pub fn ItemActions(
    lang: Lang,
    item: String,
    likes: i64,
    liked: bool,
    may_like: bool,
    mine: bool,
    /// The page it is on: where "go back" leads from the question before deleting.
    back: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let like = if liked { C::ClubUnlike } else { C::ClubLike };
    view! {
        <div class="actions item-actions">
            <span class="likes">{likes} " " {C::ClubLikes.text(lang)}</span>
            {may_like
                .then(|| {
                    view! {
                        <form method="post" action=LikeItem::url() class="inline">
                            <input type="hidden" name="item" value=item.clone() />
                            <button type="submit" class="button small" aria-pressed=liked.to_string()>
                                {like.text(lang)}
                            </button>
                        </form>
                    }
                })}
            {mine
                .then(|| {
                    view! {
                        <Confirm
                            lang
                            action=DeleteMine::url()
                            ask=C::ClubDelete.text(lang)
                            consequence=C::ClubDeleteConsequence.text(lang)
                            confirm=C::ClubDeleteConfirm.text(lang)
                            back=back.clone()
                            danger=true
                        >
                            <input type="hidden" name="item" value=item.clone() />
                        </Confirm>
                    }
                })}
            {children.map(|more| more())}
        </div>
    }
}

/// The author's edit of a post (with its title) or a comment, folded away.
#[component]
pub fn EditForm(
    lang: Lang,
    action: &'static str,
    id: i64,
    title: Option<String>,
    body: String,
    max: usize,
) -> impl IntoView {
    let rows = if title.is_some() { "6" } else { "3" };
    view! {
        <details>
            <summary>{C::ClubEdit.text(lang)}</summary>
            <form method="post" action=action>
                <input type="hidden" name="id" value=id.to_string() />
                {title
                    .map(|title| {
                        view! {
                            <input name="title" value=title maxlength="120" aria-label=C::ClubTitleLabel.text(lang) />
                        }
                    })}
                <textarea name="body" rows=rows maxlength=max.to_string() aria-label=C::ClubBodyLabel.text(lang)>
                    {crate::form::textarea_text(&body)}
                </textarea>
                <button type="submit" class="button small">
                    {C::ClubSave.text(lang)}
                </button>
            </form>
        </details>
    }
}

/// Who wrote it and when, with the "edited" mark.
#[component]
pub fn Byline(lang: Lang, author: Author, created_ms: i64, edited_ms: Option<i64>) -> impl IntoView {
    view! {
        <p class="meta">
            <AuthorName lang author />
            " · "
            {china_time(created_ms)}
            {edited_ms
                .map(|_| {
                    view! {
                        " · "
                        <em>{C::ClubEdited.text(lang)}</em>
                    }
                })}
        </p>
    }
}

#[component]
pub fn PostRow(lang: Lang, post: PostSummary) -> impl IntoView {
    view! {
        <li class="card post-row">
            <p class="post-title">
                {post
                    .pinned
                    .then(|| {
                        view! {
                            <span class="badge badge-upcoming">{C::ClubPinned.text(lang)}</span>
                            " "
                        }
                    })}
                {post
                    .locked
                    .then(|| {
                        view! {
                            <span class="badge">{C::ClubLocked.text(lang)}</span>
                            " "
                        }
                    })}
                {(post.kind == PostKind::Event)
                    .then(|| {
                        view! {
                            <span class="badge badge-due">{C::ClubEvent.text(lang)}</span>
                            " "
                        }
                    })} <a href=format!("/club/post/{}", post.id)>{post.title.clone()}</a>
            </p>
            <p class="meta">
                <AuthorName lang author=post.author.clone() />
                " · "
                {post.starts_ms.map(china_time).unwrap_or_else(|| china_time(post.last_activity_ms))}
                " · "
                {post.comments}
                " "
                {C::ClubComments.text(lang)}
                " · "
                {post.likes}
                " "
                {C::ClubLikes.text(lang)}
            </p>
        </li>
    }
}

/// A small plain form with one button: works without JavaScript.
#[component]
pub fn ButtonForm(
    action: &'static str,
    label: &'static str,
    fields: Vec<(&'static str, String)>,
    #[prop(default = "button small")] class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline">
            {fields
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <button type="submit" class=class>
                {label}
            </button>
        </form>
    }
}

/// The report form under an item: why (chosen on purpose, nothing
/// preselected) and a note.
#[component]
pub fn ReportForm(lang: Lang, item: String) -> impl IntoView {
    let id = format!("report-{}", item.replace(':', "-"));
    view! {
        <details class="report">
            <summary>{C::ClubReport.text(lang)}</summary>
            <form method="post" action=ReportItem::url() class="report-form">
                <input type="hidden" name="item" value=item />
                <div class="field">
                    <label for=format!("{id}-reason")>{C::ClubReportReason.text(lang)}</label>
                    <select id=format!("{id}-reason") name="reason" required=true>
                        <option value="">{C::ClubReportChoose.text(lang)}</option>
                        {ReportReason::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str()>{super::words::report_reason(r, lang)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("{id}-note")>{C::ClubReportNote.text(lang)}</label>
                    <input id=format!("{id}-note") name="note" maxlength="500" />
                </div>
                <button type="submit" class="button small">
                    {C::ClubReportSend.text(lang)}
                </button>
            </form>
        </details>
    }
}

/// A notice for an item that is not out: held, hidden or deleted.
pub fn status_notice(status: Status, lang: Lang) -> Option<AnyView> {
    let text = match status {
        Status::Visible => return None,
        Status::Held => C::ClubHeldNotice,
        Status::Hidden => C::ClubHiddenNotice,
        Status::Deleted => C::ClubDeletedNotice,
    };
    Some(
        view! {
            <p class="notice" role="status">
                {text.text(lang)}
            </p>
        }
        .into_any(),
    )
}

#[component]
pub fn Comment(lang: Lang, post: i64, comment: CommentView, may_write: bool, locked: bool) -> AnyView {
    let item = format!("comment:{}", comment.id);
    let top = comment.parent.is_none();
    let replies = comment
        .replies
        .clone()
        .into_iter()
        .map(|reply| Comment(CommentProps { lang, post, comment: reply, may_write, locked }))
        .collect_view();
    view! {
        <li class="comment" id=format!("comment-{}", comment.id)>
            <Byline lang author=comment.author.clone() created_ms=comment.created_ms edited_ms=comment.edited_ms />
            {status_notice(comment.status, lang)}
            <div class="body" inner_html=comment.body_html.clone()></div>
            <ItemActions
                lang
                item=item.clone()
                likes=comment.likes
                liked=false
                may_like=may_write && comment.status == Status::Visible
                mine=comment.mine
                back=format!("/club/post/{post}")
            />
            {comment
                .mine
                .then(|| {
                    view! {
                        <EditForm
                            lang
                            action=EditClubComment::url()
                            id=comment.id
                            title=None
                            body=comment.body.clone()
                            max=pitlane::club::MAX_COMMENT_CHARS
                        />
                    }
                })}
            {(!comment.mine && comment.status == Status::Visible)
                .then(|| view! { <ReportForm lang item=item.clone() /> })}
            {(top && may_write && !locked && comment.status == Status::Visible)
                .then(|| {
                    view! {
                        <details>
                            <summary>{C::ClubReply.text(lang)}</summary>
                            <form method="post" action=WriteComment::url()>
                                <input type="hidden" name="post" value=post.to_string() />
                                <input type="hidden" name="parent" value=comment.id.to_string() />
                                <textarea
                                    name="body"
                                    rows="3"
                                    required=true
                                    maxlength="2000"
                                    aria-label=C::ClubReply.text(lang)
                                ></textarea>
                                <button type="submit" class="button small">
                                    {C::ClubSend.text(lang)}
                                </button>
                            </form>
                        </details>
                    }
                })}
            {(!comment.replies.is_empty()).then(|| view! { <ul class="replies">{replies}</ul> })}
        </li>
    }
    .into_any()
}

#[component]
pub fn EventPanel(lang: Lang, post: i64, event: EventView, signed_in: bool) -> impl IntoView {
    let full = event.going >= event.capacity;
    let leave = || {
        view! {
            <ButtonForm
                action=RsvpEvent::url()
                label=C::ClubLeave.text(lang)
                fields=vec![("post", post.to_string()), ("going", "false".into())]
                class="button small"
            />
        }
    };
    let answer = match event.mine {
        Some(Rsvp::Going) => view! {
            <p class="notice">
                {C::ClubYouAreGoing.text(lang)}
                {event
                    .checked_in
                    .then(|| {
                        view! {
                            " · "
                            {C::ClubCheckedIn.text(lang)}
                        }
                    })}
            </p>
            {leave()}
        }
        .into_any(),
        Some(Rsvp::Waiting) => view! {
            <p class="notice">{C::ClubYouAreWaiting.text(lang)} " " {event.my_position.unwrap_or(0)}</p>
            {leave()}
        }
        .into_any(),
        _ if signed_in => view! {
            <ButtonForm
                action=RsvpEvent::url()
                label=if full { C::ClubJoinWaitlist.text(lang) } else { C::ClubJoin.text(lang) }
                fields=vec![("post", post.to_string()), ("going", "true".into())]
                class="button primary"
            />
        }
        .into_any(),
        _ => view! {
            <p>
                <a href=format!("/login?next=/club/post/{post}")>{C::ClubSignInToJoin.text(lang)}</a>
            </p>
        }
        .into_any(),
    };
    let check_in = (event.mine == Some(Rsvp::Going) && !event.checked_in && event.check_in_open).then(|| {
        view! {
            <form method="post" action=CheckInEvent::url() class="inline">
                <input type="hidden" name="post" value=post.to_string() />
                <label>{C::ClubCheckIn.text(lang)} " " <input name="code" required=true autocomplete="off" /></label>
                <button type="submit" class="button small">
                    {C::ClubCheckIn.text(lang)}
                </button>
            </form>
        }
    });
    view! {
        <section class="card event" aria-label=C::ClubEvent.text(lang)>
            <dl class="facts">
                <dt>{C::ClubWhen.text(lang)}</dt>
                <dd>{china_time(event.starts_ms)} " – " {china_time(event.ends_ms)}</dd>
                <dt>{C::ClubPlace.text(lang)}</dt>
                <dd>{event.place.clone()}</dd>
                <dt>{C::ClubCapacity.text(lang)}</dt>
                <dd>
                    <meter min="0" max=event.capacity.to_string() value=event.going.to_string()></meter>
                    " "
                    {event.going}
                    "/"
                    {event.capacity}
                    " "
                    {C::ClubGoing.text(lang)}
                    " · "
                    {event.waiting}
                    " "
                    {C::ClubWaiting.text(lang)}
                </dd>
            </dl>
            {answer}
            {check_in}
        </section>
    }
}

/// The log lines, shared by the public log and the moderators' log: a list
/// whose lines lay out as columns on a wide screen and stack on a phone.
#[component]
pub fn LogList(lang: Lang, lines: Vec<pitlane::club::views::LogLine>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="empty card">{C::ClubLogEmpty.text(lang)}</p> }.into_any();
    }
    view! {
        <ol class="card log">
            {lines
                .into_iter()
                .map(|l| {
                    let actor = l
                        .actor
                        .clone()
                        .unwrap_or_else(|| {
                            if l.action == pitlane::club::moderation::LogAction::AutoHide {
                                C::ClubSystem.text(lang).to_owned()
                            } else {
                                C::ClubTeam.text(lang).to_owned()
                            }
                        });
                    view! {
                        <li class="log-line">
                            <p class="meta">{china_time(l.at_ms)} " · " {actor}</p>
                            <p>
                                <strong>{words::log_action(l.action, lang)}</strong>
                                {l
                                    .member
                                    .clone()
                                    .map(|m| {
                                        view! {
                                            " · "
                                            {m}
                                        }
                                    })}
                            </p>
                            <p class="log-title">{l.title.clone().unwrap_or_default()}</p>
                            <p class="meta">{words::rule_and_reason(l.rule, l.reason.clone(), lang)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
