//! Posts: writing one (through the guards), a board's page (keyset paging),
//! a post with its thread, the author's withdrawal, and likes.

use super::boards::{board, board_by_id};
use super::comments::thread;
use super::events::event_view;
use super::shared::{
    author_columns, author_join, came_out, decode_error, ensure_member, guard, may_write, moderates, place, went_in,
    write_status, Reader,
};
use crate::account::User;
use crate::clock::Clock;
use crate::club::event::NewEvent;
use crate::club::views::Author;
use crate::club::views::{BoardPage, PostSummary, PostView};
use crate::club::{
    markdown, transition, Action, Cursor, HoldReason, Item, ItemKind, NewPost, Party, PostId, PostKind, Status,
    ThreadAt, LIKES_PER_MINUTE, PAGE_SIZE,
};
use crate::db::{is_unique_violation, Db};
use crate::error::{DomainError, Throttle};
use crate::fact::{store::emit, Fact};
use crate::types::IdempotencyKey;
use crate::upload::store::FileStore;
use crate::upload::{CleanImage, Purpose};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    title: String,
    #[sqlx(flatten)]
    author: Author,
    pinned: i64,
    locked: i64,
    comment_count: i64,
    like_count: i64,
    created_at: i64,
    last_activity_at: i64,
    starts_at: Option<i64>,
}

impl SummaryRow {
    fn summary(self) -> PostSummary {
        PostSummary {
            id: self.id,
            kind: PostKind::parse(&self.kind).unwrap_or(PostKind::Discussion),
            title: self.title,
            author: self.author,
            pinned: self.pinned == 1,
            locked: self.locked == 1,
            comments: self.comment_count,
            likes: self.like_count,
            created_ms: self.created_at,
            last_activity_ms: self.last_activity_at,
            starts_ms: self.starts_at,
        }
    }
}

/// The columns of a `SummaryRow`, from posts `p`, their authors (`author_join!`)
/// and their events `e`.
macro_rules! summary_columns {
    () => {
        concat!(
            "SELECT p.id, p.kind, p.title, p.author_id, ",
            author_columns!(),
            ", p.pinned, p.locked, p.comment_count, p.like_count, p.created_at, p.last_activity_at, e.starts_at"
        )
    };
}

macro_rules! summary_select {
    ($tail:literal) => {
        concat!(
            summary_columns!(),
            " FROM club_posts p",
            author_join!("p.author_id"),
            "LEFT JOIN club_events e ON e.post_id = p.id ",
            $tail
        )
    };
}

/// One page of a board, newest activity first. `after` is the cursor of the
/// last post of the page before; the walk follows the board's index, so page
/// 5,000 costs what page 1 does. The cursor is compared as a row value: both
/// engines read that as a range of the index, where `a < x OR (a = x AND …)`
/// made SQLite scan the board (14 ms a page at 100,000 posts, against 0.04 ms).
pub async fn board_page(db: &Db, reader: Reader, slug: &str, after: Option<Cursor>) -> Result<BoardPage, DomainError> {
    let board = board(db, reader, slug).await?;
    let limit = i64::try_from(PAGE_SIZE + 1).unwrap_or(21);
    let mut rows: Vec<SummaryRow> = match after {
        None => {
            sqlx::query_as(summary_select!(
                "WHERE p.board_id = $1 AND p.status = 'visible' AND p.pinned = 0
             ORDER BY p.last_activity_at DESC, p.id DESC LIMIT $2"
            ))
            .bind(board.id)
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
        Some(cursor) => {
            sqlx::query_as(summary_select!(
                "WHERE p.board_id = $1 AND p.status = 'visible' AND p.pinned = 0
               AND (p.last_activity_at, p.id) < ($2, $3)
             ORDER BY p.last_activity_at DESC, p.id DESC LIMIT $4"
            ))
            .bind(board.id)
            .bind(cursor.last_activity_ms)
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
    };
    let next = (rows.len() > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|r| Cursor { last_activity_ms: r.last_activity_at, id: r.id }.encode())
    });
    let pinned: Vec<SummaryRow> = if after.is_none() {
        sqlx::query_as(summary_select!(
            "WHERE p.board_id = $1 AND p.status = 'visible' AND p.pinned = 1 ORDER BY p.last_activity_at DESC, p.id DESC"
        ))
        .bind(board.id)
        .fetch_all(db.pool())
        .await?
    } else {
        Vec::new()
    };
    let moderators: Vec<String> = if board.team_signature {
        Vec::new()
    } else {
        sqlx::query_scalar(
            "SELECT u.display_name FROM club_board_moderators m JOIN users u ON u.id = m.user_id
             WHERE m.board_id = $1 ORDER BY u.display_name",
        )
        .bind(board.id)
        .fetch_all(db.pool())
        .await?
    };
    Ok(BoardPage {
        moderators,
        board,
        pinned: pinned.into_iter().map(SummaryRow::summary).collect(),
        posts: rows.into_iter().map(SummaryRow::summary).collect(),
        next: next.flatten(),
    })
}

/// Upcoming events on the boards this reader may read, soonest first.
pub async fn upcoming_events(db: &Db, reader: Reader, now: DateTime<Utc>) -> Result<Vec<PostSummary>, DomainError> {
    // CROSS JOIN keeps the events (a few) as SQLite's outer loop; left to
    // itself it walked every visible post (200,000: 12 ms a request).
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        summary_columns!(),
        " FROM club_events e CROSS JOIN club_posts p
         JOIN club_boards b ON b.id = p.board_id",
        author_join!("p.author_id"),
        "
         WHERE p.id = e.post_id AND e.ends_at > $1 AND p.kind = 'event' AND p.status = 'visible'
           AND (b.public = 1 OR $2 = 1)
         ORDER BY e.starts_at, p.id LIMIT 50"
    ))
    .bind(now.timestamp_millis())
    .bind(i64::from(matches!(reader, Reader::Member(_))))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(SummaryRow::summary).collect())
}

/// Writes a post (an event when `event` is given) with its pictures. Returns
/// its id and whether it is out or waiting for a moderator.
#[allow(clippy::too_many_arguments)]
pub async fn post(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn FileStore,
    author: &User,
    new: NewPost,
    event: Option<NewEvent>,
    images: &[CleanImage],
    idempotency_key: &str,
) -> Result<(PostId, Status), DomainError> {
    let now = clock.now();
    // A form sent twice (a double tap, a retry) makes one post.
    let key = IdempotencyKey::submitted(author.id, idempotency_key).ok();
    if let Some(done) = existing(db, key.as_ref().map(IdempotencyKey::as_str)).await? {
        return Ok(done);
    }
    let board = board_by_id(db, new.board).await?;
    if event.is_some() && !board.takes_events() {
        return Err(DomainError::invalid(crate::error::Field::Board, crate::error::Problem::ChapterOnly));
    }
    let mut tx = db.begin_write().await?;
    let (status, hold) =
        guard(db, &mut tx, author, ItemKind::Post, &format!("{}\n{}", new.title, new.body), now).await?;
    let kind = if event.is_some() { PostKind::Event } else { PostKind::Discussion };
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO club_posts (board_id, author_id, kind, title, body, body_html, status, hold_reason, idempotency_key, created_at, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(board.id)
    .bind(author.id)
    .bind(kind.as_str())
    .bind(&new.title)
    .bind(&new.body)
    .bind(markdown::render(&new.body))
    .bind(status.as_str())
    .bind(hold.map(|h| h.as_str()))
    .bind(key.as_ref().map(IdempotencyKey::as_str))
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            return existing(db, key.as_ref().map(IdempotencyKey::as_str)).await?.ok_or(DomainError::Database(e));
        }
        other => other?,
    };
    for (position, image) in images.iter().enumerate() {
        let upload = files.put(&mut tx, author.id, Purpose::ClubImage, image, now).await?;
        sqlx::query("INSERT INTO club_post_images (post_id, upload_id, position) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(upload)
            .bind(i64::try_from(position).unwrap_or(0))
            .execute(&mut *tx)
            .await?;
    }
    if let Some(event) = event {
        super::events::create(&mut tx, id, author.id, &event).await?;
    }
    ensure_member(&mut tx, author.id).await?;
    if status == Status::Visible {
        let place = place(&mut *tx, Item::post(id)).await?;
        came_out(&mut tx, Item::post(id), &place, now).await?;
        super::comments::tell_mentioned(&mut tx, author, &new.body, id, now).await?;
    }
    tx.commit().await?;
    Ok((id, status))
}

async fn existing(db: &Db, key: Option<&str>) -> Result<Option<(PostId, Status)>, DomainError> {
    let Some(key) = key else { return Ok(None) };
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM club_posts WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.and_then(|(id, status)| Status::parse(&status).map(|s| (id, s))))
}

#[derive(sqlx::FromRow)]
struct PostRow {
    board_id: i64,
    kind: String,
    title: String,
    body: String,
    body_html: String,
    status: String,
    hold_reason: Option<String>,
    removal_reason: Option<String>,
    #[sqlx(flatten)]
    author: Author,
    pinned: i64,
    locked: i64,
    like_count: i64,
    created_at: i64,
    edited_at: Option<i64>,
}

/// A post with its thread. Out-of-sight posts exist only for their author and
/// for the board's moderators; the public sees public boards only.
pub async fn post_view(
    db: &Db,
    clock: &dyn Clock,
    viewer: Option<&User>,
    id: PostId,
    at: ThreadAt,
) -> Result<PostView, DomainError> {
    let pool = db.pool();
    let row: PostRow = sqlx::query_as(concat!(
        "SELECT p.board_id, p.kind, p.title, p.body, p.body_html, p.status, p.hold_reason, p.removal_reason, p.author_id, ",
        author_columns!(),
        ", p.pinned, p.locked, p.like_count, p.created_at, p.edited_at
         FROM club_posts p",
        author_join!("p.author_id"),
        "WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(DomainError::NotFound)?;
    let board = board_by_id(db, row.board_id).await?;
    let reader = Reader::of(viewer);
    let status = Status::parse(&row.status).ok_or_else(|| decode_error("status"))?;
    let mine = viewer.is_some_and(|v| v.id == row.author.id);
    let moderating = match viewer {
        Some(v) => moderates(pool, v, board.id).await?,
        None => false,
    };
    let visible = match status {
        Status::Visible => reader.may_read(board.public),
        Status::Held | Status::Hidden => mine || moderating,
        Status::Deleted => moderating,
    };
    if !visible {
        return Err(DomainError::NotFound);
    }
    let images: Vec<i64> =
        sqlx::query_scalar("SELECT upload_id FROM club_post_images WHERE post_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let liked = match reader.id() {
        Some(user) => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM club_likes WHERE item_kind = 'post' AND item_id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(user)
            .fetch_one(pool)
            .await?
                > 0
        }
        None => false,
    };
    let kind = PostKind::parse(&row.kind).unwrap_or(PostKind::Discussion);
    let event = match kind {
        PostKind::Event => Some(event_view(db, id, reader.id(), clock.now()).await?),
        PostKind::Discussion => None,
    };
    let (comments, thread_page) = thread(db, id, viewer.map(|v| v.id), moderating, at).await?;
    let may_write = match viewer {
        Some(v) => may_write(db, v).await?,
        None => false,
    };
    Ok(PostView {
        id,
        board,
        kind,
        title: row.title,
        body: row.body,
        body_html: row.body_html,
        status,
        hold_reason: row.hold_reason.as_deref().and_then(HoldReason::parse),
        removal_reason: row.removal_reason,
        author: row.author,
        pinned: row.pinned == 1,
        locked: row.locked == 1,
        likes: row.like_count,
        liked,
        created_ms: row.created_at,
        edited_ms: row.edited_at,
        images,
        event,
        comments,
        thread_page,
        mine,
        moderating,
        may_write,
    })
}

/// The author takes back their post or comment.
pub async fn delete_own(db: &Db, clock: &dyn Clock, author: &User, item: Item) -> Result<PostId, DomainError> {
    let now = clock.now();
    let place = place(db.pool(), item).await?;
    if place.author_id != author.id {
        return Err(DomainError::NotFound);
    }
    let from = place.status()?;
    let to = transition(from, Action::Delete, Party::Author)?;
    let mut tx = db.begin_write().await?;
    write_status(&mut tx, item, from, to, None, None).await?;
    if from == Status::Visible {
        went_in(&mut tx, item, &place, now).await?;
    }
    tx.commit().await?;
    Ok(place.post_id)
}

/// Likes an item, or takes the like back. A like by someone other than the
/// author is a fact loyalty may credit (once per member and item).
pub async fn like(db: &Db, clock: &dyn Clock, user: &User, item: Item) -> Result<PostId, DomainError> {
    let now = clock.now();
    let member = user.id.to_string();
    let bucket = (Throttle::ClubLike, "club_like");
    crate::rate_limit::hit(db, bucket, &member, now, LIKES_PER_MINUTE, chrono::Duration::minutes(1)).await?;
    let place = place(db.pool(), item).await?;
    if place.status()? != Status::Visible || !Reader::Member(user.id).may_read(place.public == 1) {
        return Err(DomainError::NotFound);
    }
    let counter = match item.kind {
        ItemKind::Post => "UPDATE club_posts SET like_count = like_count + $1 WHERE id = $2",
        ItemKind::Comment => "UPDATE club_comments SET like_count = like_count + $1 WHERE id = $2",
    };
    let mut tx = db.begin_write().await?;
    let removed = sqlx::query("DELETE FROM club_likes WHERE item_kind = $1 AND item_id = $2 AND user_id = $3")
        .bind(item.kind.as_str())
        .bind(item.id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed == 1 {
        sqlx::query(counter).bind(-1_i64).bind(item.id).execute(&mut *tx).await?;
    } else {
        sqlx::query("INSERT INTO club_likes (item_kind, item_id, user_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(item.kind.as_str())
            .bind(item.id)
            .bind(user.id)
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
        sqlx::query(counter).bind(1_i64).bind(item.id).execute(&mut *tx).await?;
        // Once per member and item, however often they like and un-like: the
        // key `domain_events_liked_once` decides (migration 0017).
        if place.author_id != user.id {
            emit(&mut tx, Fact::ClubLiked { item, member: place.author_id, by: user.id }, now).await?;
        }
    }
    tx.commit().await?;
    Ok(place.post_id)
}
