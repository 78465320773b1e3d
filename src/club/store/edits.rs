//! The author's edits of their post or comment: refused while they may not
//! post, kept as a revision for moderators, marked as edited, and back to the
//! queue when an edit brings in a held word or the author is on pre-approval.

use super::shared::{index, member, place, revise, went_in, write_status, Place};
use crate::account::User;
use crate::clock::Clock;
use crate::club::guard::{holds_keyword, Refusal};
use crate::club::{
    markdown, transition, Action, CommentId, HoldReason, Item, ItemKind, NewPost, Party, PostId, Status,
    TransitionError, MAX_COMMENT_CHARS,
};
use crate::db::Db;
use crate::error::{required_text, DomainError, Field};
use chrono::{DateTime, Utc};

/// The author's edit of their post (see `edit_item`).
pub async fn edit_post(
    db: &Db,
    clock: &dyn Clock,
    author: &User,
    id: PostId,
    title: &str,
    body: &str,
) -> Result<(), DomainError> {
    let board = place(db.pool(), Item::post(id)).await?.board_id;
    let edit = NewPost::parse(&board.to_string(), title, body)?;
    edit_item(db, clock.now(), author, Item::post(id), Some(&edit.title), &edit.body).await?;
    Ok(())
}

/// The author's edit of their comment (see `edit_item`).
pub async fn edit_comment(
    db: &Db,
    clock: &dyn Clock,
    author: &User,
    id: CommentId,
    body: &str,
) -> Result<PostId, DomainError> {
    let body = required_text(Field::Body, body, MAX_COMMENT_CHARS)?;
    Ok(edit_item(db, clock.now(), author, Item::comment(id), None, &body).await?.post_id)
}

/// The author's edit of a post (with its title) or a comment, written only if
/// the item has not moved meanwhile.
async fn edit_item(
    db: &Db,
    now: DateTime<Utc>,
    author: &User,
    item: Item,
    title: Option<&str>,
    body: &str,
) -> Result<Place, DomainError> {
    let place = place(db.pool(), item).await?;
    let from = place.status()?;
    if place.author_id != author.id || !matches!(from, Status::Visible | Status::Held) {
        return Err(DomainError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let standing = member(&mut *tx, author.id, now).await?;
    if standing.banned {
        return Err(Refusal::Banned.into());
    }
    if let Some(until) = standing.suspended_until.filter(|until| *until > now) {
        return Err(Refusal::Suspended { until }.into());
    }
    revise(&mut tx, item, author.id, title.map(|_| place.title.as_str()), &place.body, None, now).await?;
    let written = match (item.kind, title) {
        (ItemKind::Post, Some(title)) => sqlx::query(
            "UPDATE club_posts SET title = $1, body = $2, body_html = $3, edited_at = $4 WHERE id = $5 AND status = $6",
        )
        .bind(title),
        _ => sqlx::query(
            "UPDATE club_comments SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4 AND status = $5",
        ),
    }
    .bind(body)
    .bind(markdown::render(body))
    .bind(now.timestamp_millis())
    .bind(item.id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if written.rows_affected() != 1 {
        return Err(TransitionError::NotFromHere.into());
    }
    let text = match title {
        Some(title) => format!("{title}\n{body}"),
        None => body.to_owned(),
    };
    let words: Vec<String> = sqlx::query_scalar("SELECT word FROM club_keywords").fetch_all(&mut *tx).await?;
    let hold = if standing.pre_approval_until.is_some_and(|until| until > now) {
        Some(HoldReason::PreApproval)
    } else if holds_keyword(&text, words.iter().map(String::as_str)) {
        Some(HoldReason::Keyword)
    } else {
        None
    };
    match (from, hold) {
        (Status::Visible, Some(reason)) => {
            let to = transition(from, Action::Hold, Party::System)?;
            write_status(&mut tx, item, from, to, Some(reason), None).await?;
            went_in(&mut tx, item, &place, now).await?;
        }
        (Status::Visible, None) => index(&mut tx, item, place.post_id, place.board_id, Status::Visible, &text).await?,
        _ => {}
    }
    tx.commit().await?;
    Ok(place)
}
