//! What the club store's parts share: the member's standing, who moderates
//! a board, an item's place and its status writes, the search index, the
//! log, messages and loyalty's facts, and the guards every contribution passes.
//! It imports none of its siblings, so they never import each other in a circle.

use crate::account::{User, UserId};
use crate::club::guard::{holds_keyword, Member, Refusal, Standing};
use crate::club::moderation::Moderator;
use crate::club::{BoardId, HoldReason, Item, ItemKind, Status, TransitionError};
use crate::db::Db;
use crate::error::DomainError;
use crate::fact::{store::emit, Fact};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Executor, Transaction};

pub(super) type Tx = Transaction<'static, Any>;

/// Who is reading: the public reads public boards; any signed-in user reads all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Public,
    Member(UserId),
}

impl Reader {
    pub fn of(user: Option<&User>) -> Self {
        user.map_or(Reader::Public, |u| Reader::Member(u.id))
    }

    pub fn may_read(self, public_board: bool) -> bool {
        public_board || matches!(self, Reader::Member(_))
    }

    pub(super) fn id(self) -> Option<UserId> {
        match self {
            Reader::Member(id) => Some(id),
            Reader::Public => None,
        }
    }
}

/// The member's standing and restrictions as the guards need them.
pub(super) async fn member<'e>(
    exec: impl Executor<'e, Database = Any>,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Member, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        approved: Option<i64>,
        pre_approval_until: Option<i64>,
        suspended_until: Option<i64>,
        banned_at: Option<i64>,
        strikes: i64,
    }
    let row: Row = sqlx::query_as(
        "SELECT m.approved_posts AS approved, m.pre_approval_until, m.suspended_until, m.banned_at,
                (SELECT COUNT(*) FROM club_strikes s WHERE s.member_id = $1 AND s.expires_at > $2) AS strikes
         FROM (SELECT $1 AS id) u LEFT JOIN club_members m ON m.user_id = u.id",
    )
    .bind(user)
    .bind(now.timestamp_millis())
    .fetch_one(exec)
    .await?;
    Ok(Member {
        approved: row.approved.unwrap_or(0),
        strikes_in_force: row.strikes,
        pre_approval_until: row.pre_approval_until.and_then(DateTime::from_timestamp_millis),
        suspended_until: row.suspended_until.and_then(DateTime::from_timestamp_millis),
        banned: row.banned_at.is_some(),
    })
}

/// Makes sure the member has a row to update.
pub(super) async fn ensure_member(tx: &mut Tx, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO club_members (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether `user` has a car in their garage: the club is the owners' voice.
async fn is_owner<'e>(exec: impl Executor<'e, Database = Any>, user: UserId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM ownerships WHERE owner_id = $1 AND ended_at IS NULL LIMIT 1")
            .bind(user)
            .fetch_optional(exec)
            .await?;
    Ok(found.is_some())
}

/// Who moderates a board: its moderators, and admins everywhere.
pub(super) async fn moderates<'e>(
    exec: impl Executor<'e, Database = Any>,
    user: &User,
    board: BoardId,
) -> Result<bool, sqlx::Error> {
    let of_board = match Moderator::of(user.role) {
        None => return Ok(false),
        Some(Moderator::Admin) => false,
        Some(Moderator::OfBoards) => {
            sqlx::query_scalar::<_, i64>("SELECT 1 FROM club_board_moderators WHERE board_id = $1 AND user_id = $2")
                .bind(board)
                .bind(user.id)
                .fetch_optional(exec)
                .await?
                .is_some()
        }
    };
    Ok(Moderator::of(user.role).is_some_and(|kind| kind.may_act(of_board)))
}

/// One line of the moderation log; returns its id.
#[allow(clippy::too_many_arguments)]
pub(super) async fn log_line(
    tx: &mut Tx,
    board: Option<BoardId>,
    actor: Option<UserId>,
    action: crate::club::moderation::LogAction,
    item: Option<Item>,
    member: Option<UserId>,
    rule: crate::club::moderation::Rule,
    reason: Option<&str>,
    title: Option<&str>,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO club_moderation_log (board_id, actor_id, action, item_kind, item_id, member_id, rule, reason, item_title, until_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(board)
    .bind(actor)
    .bind(action.as_str())
    .bind(item.map(|i| i.kind.as_str()))
    .bind(item.map(|i| i.id))
    .bind(member)
    .bind(rule.as_str())
    .bind(reason)
    .bind(title)
    .bind(until.map(|u| u.timestamp_millis()))
    .bind(now.timestamp_millis())
    .fetch_one(&mut **tx)
    .await
}

/// Tells a member something about the club, in the portal only.
pub(super) async fn tell_member(
    tx: &mut Tx,
    member: UserId,
    notice: Notice,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tell(tx, member, Message { notice, link, category: Category::Club }, now).await
}

/// Keeps the search index in step with what is out: visible items are in it,
/// anything else is not.
pub(super) async fn index(
    tx: &mut Tx,
    item: Item,
    post: i64,
    board: BoardId,
    status: Status,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM club_search WHERE item_kind = $1 AND item_id = $2")
        .bind(item.kind.as_str())
        .bind(item.id)
        .execute(&mut **tx)
        .await?;
    if status == Status::Visible {
        sqlx::query(
            "INSERT INTO club_search (item_kind, item_id, post_id, board_id, content) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(item.kind.as_str())
        .bind(item.id)
        .bind(post)
        .bind(board)
        .bind(text)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A post's or comment's place: the board, the post, its author and status.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct Place {
    pub(super) board_id: BoardId,
    pub(super) post_id: i64,
    pub(super) author_id: UserId,
    pub(super) status: String,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) public: i64,
}

impl Place {
    pub(super) fn status(&self) -> Result<Status, DomainError> {
        Status::parse(&self.status).ok_or_else(|| decode_error("status"))
    }
}

pub(super) async fn place<'e>(exec: impl Executor<'e, Database = Any>, item: Item) -> Result<Place, DomainError> {
    let sql = match item.kind {
        ItemKind::Post => {
            "SELECT p.board_id, p.id AS post_id, p.author_id, p.status, p.title, p.body, b.public
             FROM club_posts p JOIN club_boards b ON b.id = p.board_id WHERE p.id = $1"
        }
        ItemKind::Comment => {
            "SELECT p.board_id, p.id AS post_id, c.author_id, c.status, p.title, c.body, b.public
             FROM club_comments c JOIN club_posts p ON p.id = c.post_id JOIN club_boards b ON b.id = p.board_id
             WHERE c.id = $1"
        }
    };
    sqlx::query_as(sql).bind(item.id).fetch_optional(exec).await?.ok_or(DomainError::NotFound)
}

pub(super) fn decode_error(column: &str) -> DomainError {
    DomainError::Database(sqlx::Error::Decode(format!("unknown club {column}").into()))
}

/// Writes a status change decided by `crate::club::transition`, with what the
/// step records (why it is held, why it was removed); zero rows means someone
/// else moved it first, which is answered, never overwritten.
pub(super) async fn write_status(
    tx: &mut Tx,
    item: Item,
    from: Status,
    to: Status,
    hold: Option<HoldReason>,
    removal: Option<&str>,
) -> Result<(), DomainError> {
    let sql = match item.kind {
        ItemKind::Post => {
            "UPDATE club_posts SET status = $1, hold_reason = $2, removal_reason = $3 WHERE id = $4 AND status = $5"
        }
        ItemKind::Comment => {
            "UPDATE club_comments SET status = $1, hold_reason = $2, removal_reason = $3 WHERE id = $4 AND status = $5"
        }
    };
    let moved = sqlx::query(sql)
        .bind(to.as_str())
        .bind(hold.map(|h| h.as_str()))
        .bind(removal)
        .bind(item.id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?;
    if moved.rows_affected() != 1 {
        return Err(TransitionError::NotFromHere.into());
    }
    Ok(())
}

/// After an item comes out (created visible or approved): the author's count of
/// approved contributions, the comment count, the search index, and the fact
/// for loyalty.
pub(super) async fn came_out(tx: &mut Tx, item: Item, place: &Place, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let first_time = match item.kind {
        ItemKind::Post => "UPDATE club_posts SET approved_at = $1 WHERE id = $2 AND approved_at IS NULL",
        ItemKind::Comment => "UPDATE club_comments SET approved_at = $1 WHERE id = $2 AND approved_at IS NULL",
    };
    let first = sqlx::query(first_time).bind(now.timestamp_millis()).bind(item.id).execute(&mut **tx).await?;
    // Out again after an edit was held: searchable and counted, but credited once.
    if first.rows_affected() == 0 {
        return back_out(tx, item, place, now).await;
    }
    ensure_member(tx, place.author_id).await?;
    sqlx::query("UPDATE club_members SET approved_posts = approved_posts + 1 WHERE user_id = $1")
        .bind(place.author_id)
        .execute(&mut **tx)
        .await?;
    back_out(tx, item, place, now).await?;
    let member = place.author_id;
    let fact = match item.kind {
        ItemKind::Post => Fact::ClubPostApproved { post: item.id, member },
        ItemKind::Comment => Fact::ClubCommentApproved { comment: item.id, member },
    };
    emit(tx, fact, now).await
}

/// An item is out again (approved, or restored): searchable and counted.
pub(super) async fn back_out(tx: &mut Tx, item: Item, place: &Place, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let text = match item.kind {
        ItemKind::Post => format!("{}\n{}", place.title, place.body),
        ItemKind::Comment => place.body.clone(),
    };
    index(tx, item, place.post_id, place.board_id, Status::Visible, &text).await?;
    counts_changed(tx, item, place.post_id, 1, now).await
}

/// After a visible item goes out of sight: the index and the comment count.
pub(super) async fn went_in(tx: &mut Tx, item: Item, place: &Place, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    index(tx, item, place.post_id, place.board_id, Status::Hidden, "").await?;
    counts_changed(tx, item, place.post_id, -1, now).await
}

/// A visible comment more or less on its post (and the post's activity moves
/// on when one comes out, so busy threads rise on the board).
pub(super) async fn counts_changed(
    tx: &mut Tx,
    item: Item,
    post: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if item.kind == ItemKind::Comment {
        let sql = if by > 0 {
            "UPDATE club_posts SET comment_count = comment_count + 1, last_activity_at = $2 WHERE id = $1"
        } else {
            "UPDATE club_posts SET comment_count = comment_count - 1 WHERE id = $1 AND $2 = $2"
        };
        sqlx::query(sql).bind(post).bind(now.timestamp_millis()).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The columns that make an `Author`, from the tables `author_join!` adds.
macro_rules! author_columns {
    () => {
        "a.display_name AS author_name, bm.name_zh AS model_zh, bm.name_en AS model_en"
    };
}
/// The author of the row's `$author` column (aliased `a`) and their badge, the
/// model of their first current car (`bm`): one lookup per row for both names.
macro_rules! author_join {
    ($author:literal) => {
        concat!(
            " JOIN users a ON a.id = ",
            $author,
            " LEFT JOIN car_models bm ON bm.id = (SELECT v.model_id FROM ownerships o JOIN vehicles v ON v.vin = o.vin
              WHERE o.owner_id = a.id AND o.ended_at IS NULL ORDER BY o.started_at LIMIT 1) "
        )
    };
}
pub(super) use author_columns;
pub(super) use author_join;

/// Keeps the version an edit replaces, for moderators.
pub(super) async fn revise(
    tx: &mut Tx,
    item: Item,
    editor: UserId,
    title: Option<&str>,
    body: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO club_revisions (item_kind, item_id, editor_id, title, body, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(item.kind.as_str())
    .bind(item.id)
    .bind(editor)
    .bind(title)
    .bind(body)
    .bind(reason)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Who may write in the club: owners (a car in the garage), moderators and admins.
pub(super) async fn may_write(db: &Db, user: &User) -> Result<bool, sqlx::Error> {
    Ok(Moderator::of(user.role).is_some() || is_owner(db.pool(), user.id).await?)
}

/// Whether `user` may take part in the club now (write, take a place at an
/// event or be there, count as a reporter): someone who may write, not banned
/// or suspended. Checked before a post's pictures are read, and again inside
/// each write.
pub async fn may_contribute(db: &Db, user: &User, now: DateTime<Utc>) -> Result<(), DomainError> {
    if !may_write(db, user).await? {
        return Err(Refusal::NotAnOwner.into());
    }
    member(db.pool(), user.id, now).await?.may_take_part(now)?;
    Ok(())
}

/// [`may_contribute`] as a yes or no (a database failure is still an error).
pub(super) async fn in_good_standing(db: &Db, user: &User, now: DateTime<Utc>) -> Result<bool, DomainError> {
    match may_contribute(db, user, now).await {
        Ok(()) => Ok(true),
        Err(DomainError::Club(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// The guards every contribution passes, inside its transaction (the member's
/// row is locked, so two quick posts cannot both slip under the pace).
/// Returns how it starts out.
pub(super) async fn guard(
    db: &Db,
    tx: &mut Tx,
    author: &User,
    kind: ItemKind,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(Status, Option<HoldReason>), DomainError> {
    if !may_write(db, author).await? {
        return Err(Refusal::NotAnOwner.into());
    }
    db.lock_user(tx, author.id).await?;
    let member = member(&mut **tx, author.id, now).await?;
    // Moderators and admins write at a trusted member's pace.
    let moderates = Moderator::of(author.role).is_some();
    let standing = if moderates { Standing::Trusted } else { member.standing() };
    // The newest of the last day are all the pace looks at.
    let sql = match kind {
        ItemKind::Post => {
            "SELECT created_at FROM club_posts WHERE author_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3"
        }
        ItemKind::Comment => {
            "SELECT created_at FROM club_comments WHERE author_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3"
        }
    };
    let earlier: Vec<i64> = sqlx::query_scalar(sql)
        .bind(author.id)
        .bind((now - Duration::days(1)).timestamp_millis())
        .bind(i64::try_from(standing.pace(kind).per_day).unwrap_or(i64::MAX))
        .fetch_all(&mut **tx)
        .await?;
    let earlier: Vec<DateTime<Utc>> = earlier.into_iter().map(at).collect();
    member.may_write(now, standing, kind, &earlier)?;
    let words: Vec<String> = sqlx::query_scalar("SELECT word FROM club_keywords").fetch_all(&mut **tx).await?;
    let hit = holds_keyword(text, words.iter().map(String::as_str));
    // Moderators' and admins' own words need no one's approval.
    if moderates {
        return Ok((Status::Visible, None));
    }
    Ok(member.first_status(now, hit))
}
