//! Comments and replies (one level): writing one through the guards, a post's
//! thread, and telling people they were answered or named.

use super::shared::{author_columns, author_join, came_out, ensure_member, guard, place, tell_member, Tx};
use crate::account::{User, UserId};
use crate::clock::Clock;
use crate::club::guard::Refusal;
use crate::club::views::Author;
use crate::club::views::CommentView;
use crate::club::{
    comment_link, markdown, CommentId, HoldReason, Item, ItemKind, NewComment, PostId, Status, ThreadAt, ThreadPage,
    COMMENTS_PER_PAGE,
};
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::notify::notice::RepliedTo;
use crate::notify::Notice;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    parent_id: Option<i64>,
    #[sqlx(flatten)]
    author: Author,
    body: String,
    body_html: String,
    status: String,
    hold_reason: Option<String>,
    like_count: i64,
    created_at: i64,
    edited_at: Option<i64>,
}

/// Which comments a reader sees (`$1` the post, `$2` the reader, `$3` 1 for a
/// moderator of its board): visible ones for everyone, a member's own held or
/// hidden ones for them, everything but deleted for moderators.
macro_rules! seen_by_reader {
    ($c:literal) => {
        concat!(
            $c,
            ".post_id = $1 AND (",
            $c,
            ".status = 'visible' OR (",
            $c,
            ".status <> 'deleted' AND (",
            $c,
            ".author_id = $2 OR $3 = 1)))"
        )
    };
}

/// One page of a post's thread: `COMMENTS_PER_PAGE` top-level comments, each
/// with all its replies, as the reader may see them (`seen_by_reader`).
pub(super) async fn thread(
    db: &Db,
    post: PostId,
    viewer: Option<UserId>,
    moderating: bool,
    at: ThreadAt,
) -> Result<(Vec<CommentView>, ThreadPage), DomainError> {
    let (reader, moderating) = (viewer.unwrap_or(0), i64::from(moderating));
    let top_level: i64 = sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM club_comments c WHERE c.parent_id IS NULL AND ",
        seen_by_reader!("c")
    ))
    .bind(post)
    .bind(reader)
    .bind(moderating)
    .fetch_one(db.pool())
    .await?;
    let page = match at {
        ThreadAt::Page(asked) => ThreadPage::numbered(asked, top_level),
        ThreadAt::Holding(comment) => {
            let before: Option<i64> = sqlx::query_scalar(concat!(
                "SELECT COUNT(*) FROM club_comments c CROSS JOIN club_comments held
                 WHERE held.id = $4 AND held.post_id = $1 AND c.parent_id IS NULL AND c.id < COALESCE(held.parent_id, held.id)
                   AND ",
                seen_by_reader!("c"),
                " GROUP BY held.id"
            ))
            .bind(post)
            .bind(reader)
            .bind(moderating)
            .bind(comment)
            .fetch_optional(db.pool())
            .await?;
            ThreadPage::of(before.unwrap_or(0), top_level)
        }
    };
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT c.id, c.parent_id, c.author_id, ",
        author_columns!(),
        ", c.body, c.body_html, c.status, c.hold_reason, c.like_count, c.created_at, c.edited_at
         FROM club_comments c",
        author_join!("c.author_id"),
        "WHERE ",
        seen_by_reader!("c"),
        " AND COALESCE(c.parent_id, c.id) IN (SELECT t.id FROM club_comments t WHERE t.parent_id IS NULL AND ",
        seen_by_reader!("t"),
        " ORDER BY t.id LIMIT $4 OFFSET $5)
         ORDER BY c.id"
    ))
    .bind(post)
    .bind(reader)
    .bind(moderating)
    .bind(COMMENTS_PER_PAGE)
    .bind(page.offset())
    .fetch_all(db.pool())
    .await?;
    let mut top: Vec<CommentView> = Vec::new();
    let mut replies: Vec<CommentView> = Vec::new();
    for row in rows {
        let view = CommentView {
            id: row.id,
            parent: row.parent_id,
            mine: viewer == Some(row.author.id),
            author: row.author,
            body: row.body,
            body_html: row.body_html,
            status: Status::parse(&row.status).ok_or_else(|| super::shared::decode_error("status"))?,
            hold_reason: row.hold_reason.as_deref().and_then(HoldReason::parse),
            likes: row.like_count,
            created_ms: row.created_at,
            edited_ms: row.edited_at,
            replies: Vec::new(),
        };
        match view.parent {
            None => top.push(view),
            Some(_) => replies.push(view),
        }
    }
    for reply in replies {
        if let Some(parent) = top.iter_mut().find(|c| Some(c.id) == reply.parent) {
            parent.replies.push(reply);
        }
    }
    Ok((top, page))
}

/// Writes a comment on a visible, unlocked post (a reply answers a top-level
/// comment of the same post). Returns its id and how it starts out.
pub async fn comment(
    db: &Db,
    clock: &dyn Clock,
    author: &User,
    new: NewComment,
) -> Result<(CommentId, Status), DomainError> {
    let now = clock.now();
    let post = place(db.pool(), Item::post(new.post)).await?;
    if post.status()? != Status::Visible {
        return Err(DomainError::NotFound);
    }
    let (locked, post_author): (i64, i64) = sqlx::query_as("SELECT locked, author_id FROM club_posts WHERE id = $1")
        .bind(new.post)
        .fetch_one(db.pool())
        .await?;
    if locked == 1 {
        return Err(Refusal::Locked.into());
    }
    let parent_author = match new.parent {
        None => None,
        Some(parent) => {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT author_id FROM club_comments WHERE id = $1 AND post_id = $2 AND parent_id IS NULL AND status = 'visible'",
            )
            .bind(parent)
            .bind(new.post)
            .fetch_optional(db.pool())
            .await?;
            Some(found.ok_or_else(|| DomainError::invalid(Field::Comment, crate::error::Problem::UnknownChoice))?)
        }
    };
    let mut tx = db.begin_write().await?;
    let (status, hold) = guard(db, &mut tx, author, ItemKind::Comment, &new.body, now).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO club_comments (post_id, parent_id, author_id, body, body_html, status, hold_reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.post)
    .bind(new.parent)
    .bind(author.id)
    .bind(&new.body)
    .bind(markdown::render(&new.body))
    .bind(status.as_str())
    .bind(hold.map(|h| h.as_str()))
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    ensure_member(&mut tx, author.id).await?;
    if status == Status::Visible {
        let place = place(&mut *tx, Item::comment(id)).await?;
        came_out(&mut tx, Item::comment(id), &place, now).await?;
        answered(&mut tx, author, (new.post, id), post_author, parent_author, &new.body, now).await?;
    }
    tx.commit().await?;
    Ok((id, status))
}

/// When a comment comes out: the post's author (and the answered comment's)
/// hear of it, and the people it names.
pub(super) async fn answered(
    tx: &mut Tx,
    author: &User,
    (post, comment): (PostId, CommentId),
    post_author: UserId,
    parent_author: Option<UserId>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let who = author.display_name.as_str();
    let link = comment_link(post, comment);
    let mut told = vec![author.id];
    for (to, replied) in [(parent_author, RepliedTo::Comment), (Some(post_author), RepliedTo::Post)] {
        if let Some(to) = to.filter(|to| !told.contains(to)) {
            tell_member(tx, to, Notice::ClubReply { who: who.to_owned(), to: replied }, &link, now).await?;
            told.push(to);
        }
    }
    mention(tx, author, body, &link, &told, now).await
}

/// Tells the members a new post names with `@name`.
pub(super) async fn tell_mentioned(
    tx: &mut Tx,
    author: &User,
    body: &str,
    post: PostId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    mention(tx, author, body, &format!("/club/post/{post}"), &[author.id], now).await
}

async fn mention(
    tx: &mut Tx,
    author: &User,
    body: &str,
    link: &str,
    already: &[UserId],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let who = author.display_name.as_str();
    for name in markdown::mentions(body) {
        // Display names are not unique: a name shared by many is nobody in particular.
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE display_name = $1 AND disabled_at IS NULL LIMIT 3")
                .bind(&name)
                .fetch_all(&mut **tx)
                .await?;
        if let [id] = ids[..] {
            if !already.contains(&id) {
                tell_member(tx, id, Notice::ClubMention { who: who.to_owned() }, link, now).await?;
            }
        }
    }
    Ok(())
}
