//! Moderators' decisions on content: approve, hide, restore, delete or dismiss
//! the reports; lock and pin; move a post; edit with a reason; the held-words
//! list. Each is one transaction with its log line and its messages, and only
//! on a board the moderator looks after.

use super::shared::{
    back_out, came_out, ensure_member, index, log_line, moderates, place, revise, tell_member, went_in, write_status,
    Place, Tx,
};
use crate::account::{User, UserId};
use crate::clock::Clock;
use crate::club::moderation::{
    may_hold_words, not_own_case, Breach, Decision, Flag, LogAction, Moderator, Rule, Ruling, MAX_REASON_CHARS,
};
use crate::club::views::Revision;
use crate::club::{
    markdown, transition, Action, BoardId, HoldReason, Item, ItemKind, Party, PostId, Status, MAX_COMMENT_CHARS,
    MAX_POST_CHARS,
};
use crate::db::Db;
use crate::error::{required_text, text, DomainError, Field, Problem};
use crate::fact::{store::emit, Fact};
use crate::notify::Notice;
use chrono::{DateTime, Utc};

/// The reason a moderator gives: a rule from the list, and words of their own
/// (required where a decision takes something away for good).
fn reason(raw: &str, required: bool) -> Result<Option<String>, DomainError> {
    Ok(text(Field::Reason, raw, MAX_REASON_CHARS, required)?)
}

/// The item's place, if `moderator` looks after its board (else not found).
async fn moderated_place(db: &Db, moderator: &User, item: Item) -> Result<Place, DomainError> {
    let place = place(db.pool(), item).await?;
    if !moderates(db.pool(), moderator, place.board_id).await? {
        return Err(DomainError::NotFound);
    }
    Ok(place)
}

/// Decides on an item. Open reports on it are settled with the decision (upheld
/// when it goes, rejected when it stays), and both the author and the
/// reporters hear the outcome.
pub async fn decide(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    item: Item,
    ruling: Ruling,
    words: &str,
) -> Result<PostId, DomainError> {
    let now = clock.now();
    let place = moderated_place(db, moderator, item).await?;
    if ruling != Ruling::Approve {
        not_own_case(moderator.id, place.author_id).map_err(|e| DomainError::invalid(Field::Item, e))?;
    }
    let from = place.status()?;
    let hold: Option<String> = sqlx::query_scalar(match item.kind {
        ItemKind::Post => "SELECT hold_reason FROM club_posts WHERE id = $1",
        ItemKind::Comment => "SELECT hold_reason FROM club_comments WHERE id = $1",
    })
    .bind(item.id)
    .fetch_one(db.pool())
    .await?;
    let auto_hidden = from == Status::Hidden && hold.as_deref() == Some(HoldReason::Reports.as_str());
    let removes = ruling.removes();
    let reason = reason(words, ruling.decision() == Decision::Delete)?;
    let action = match ruling {
        Ruling::Approve => Some(Action::Approve),
        Ruling::Hide(_) => Some(Action::Hide),
        Ruling::Restore => Some(Action::Restore),
        Ruling::Delete(_) => Some(Action::Delete),
        Ruling::Dismiss if auto_hidden => Some(Action::Restore),
        Ruling::Dismiss => None,
    };
    let to = match action {
        Some(action) => transition(from, action, Party::Moderator)?,
        None => from,
    };
    let mut tx = db.begin_write().await?;
    if to != from {
        write_status(&mut tx, item, from, to, None, reason.as_deref().filter(|_| removes)).await?;
    }
    // What follows for the search index, the counts and loyalty.
    match (from, to) {
        (Status::Held, Status::Visible) => came_out(&mut tx, item, &place, now).await?,
        (Status::Hidden, Status::Visible) => {
            back_out(&mut tx, item, &place, now).await?;
            if !auto_hidden {
                emit(&mut tx, Fact::ClubContentRestored { item, member: place.author_id }, now).await?;
            }
        }
        (Status::Visible, Status::Hidden | Status::Deleted) => {
            went_in(&mut tx, item, &place, now).await?;
            emit(&mut tx, Fact::ClubContentRemoved { item, member: place.author_id }, now).await?;
        }
        (Status::Deleted, Status::Visible) => {
            back_out(&mut tx, item, &place, now).await?;
            emit(&mut tx, Fact::ClubContentRestored { item, member: place.author_id }, now).await?;
        }
        (Status::Hidden, Status::Deleted) if auto_hidden => {
            emit(&mut tx, Fact::ClubContentRemoved { item, member: place.author_id }, now).await?;
        }
        _ => {}
    }
    settle_reports(&mut tx, item, removes, now).await?;
    let (log_action, rule) = (ruling.log_action(), Breach::or_none(ruling.breach()));
    let title = (item.kind == ItemKind::Post).then_some(place.title.as_str());
    let log = log_line(
        &mut tx,
        Some(place.board_id),
        Some(moderator.id),
        log_action,
        Some(item),
        Some(place.author_id),
        rule,
        reason.as_deref(),
        title,
        None,
        now,
    )
    .await?;
    tell_decision(&mut tx, place.author_id, log_action, rule, reason.as_deref(), log, now).await?;
    tx.commit().await?;
    Ok(place.post_id)
}

/// Settles the open reports on an item, counts them into each reporter's
/// record (which weighs their next report), and tells the reporters.
async fn settle_reports(tx: &mut Tx, item: Item, upheld: bool, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let reporters: Vec<i64> = sqlx::query_scalar(
        "SELECT reporter_id FROM club_reports WHERE item_kind = $1 AND item_id = $2 AND outcome IS NULL",
    )
    .bind(item.kind.as_str())
    .bind(item.id)
    .fetch_all(&mut **tx)
    .await?;
    let outcome = if upheld { "upheld" } else { "rejected" };
    sqlx::query("UPDATE club_reports SET outcome = $1, decided_at = $2 WHERE item_kind = $3 AND item_id = $4 AND outcome IS NULL")
        .bind(outcome)
        .bind(now.timestamp_millis())
        .bind(item.kind.as_str())
        .bind(item.id)
        .execute(&mut **tx)
        .await?;
    let count = if upheld {
        "UPDATE club_members SET reports_upheld = reports_upheld + 1 WHERE user_id = $1"
    } else {
        "UPDATE club_members SET reports_rejected = reports_rejected + 1 WHERE user_id = $1"
    };
    for reporter in reporters {
        ensure_member(tx, reporter).await?;
        sqlx::query(count).bind(reporter).execute(&mut **tx).await?;
        tell_member(tx, reporter, Notice::ClubReportOutcome { upheld }, "/club/reports", now).await?;
    }
    Ok(())
}

/// Tells a member a decision about them: the rule, the reason, and that they
/// may appeal it.
pub(super) async fn tell_decision(
    tx: &mut Tx,
    member: UserId,
    action: LogAction,
    rule: Rule,
    reason: Option<&str>,
    log: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Only decisions a member may appeal or would want to know of reach them.
    let told = matches!(
        action,
        LogAction::Approve
            | LogAction::Restore
            | LogAction::Hide
            | LogAction::Delete
            | LogAction::Warn
            | LogAction::Suspend
            | LogAction::Ban
            | LogAction::PreApproval
            | LogAction::Move
            | LogAction::Edit
            | LogAction::Lock
    );
    if !told {
        return Ok(());
    }
    let decision = Notice::ClubDecision { action, rule, reason: reason.map(str::to_owned) };
    tell_member(tx, member, decision, &format!("/club/decisions/{log}"), now).await
}

/// Locks or pins a post (or undoes it).
pub async fn set_flag(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    post: PostId,
    flag: Flag,
    words: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let place = moderated_place(db, moderator, Item::post(post)).await?;
    let reason = reason(words, false)?;
    let (sql, action) = match flag {
        Flag::Lock => ("UPDATE club_posts SET locked = 1 WHERE id = $1", LogAction::Lock),
        Flag::Unlock => ("UPDATE club_posts SET locked = 0 WHERE id = $1", LogAction::Unlock),
        Flag::Pin => ("UPDATE club_posts SET pinned = 1 WHERE id = $1", LogAction::Pin),
        Flag::Unpin => ("UPDATE club_posts SET pinned = 0 WHERE id = $1", LogAction::Unpin),
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(sql).bind(post).execute(&mut *tx).await?;
    let log = log_line(
        &mut tx,
        Some(place.board_id),
        Some(moderator.id),
        action,
        Some(Item::post(post)),
        Some(place.author_id),
        Rule::Fine,
        reason.as_deref(),
        Some(&place.title),
        None,
        now,
    )
    .await?;
    tell_decision(&mut tx, place.author_id, action, Rule::Fine, reason.as_deref(), log, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a post to another board; the moderator must look after both.
pub async fn move_post(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    post: PostId,
    to: BoardId,
    breach: Option<Breach>,
    words: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let rule = Breach::or_none(breach);
    let place = moderated_place(db, moderator, Item::post(post)).await?;
    let target = super::boards::board_by_id(db, to)
        .await
        .map_err(|_| DomainError::invalid(Field::Board, Problem::UnknownChoice))?;
    let kind: String =
        sqlx::query_scalar("SELECT kind FROM club_posts WHERE id = $1").bind(post).fetch_one(db.pool()).await?;
    if kind == crate::club::PostKind::Event.as_str() && !target.takes_events() {
        return Err(DomainError::invalid(Field::Board, Problem::ChapterOnly));
    }
    if !moderates(db.pool(), moderator, to).await? {
        return Err(DomainError::invalid(Field::Board, Problem::UnknownChoice));
    }
    let reason = reason(words, false)?;
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE club_posts SET board_id = $1 WHERE id = $2").bind(to).bind(post).execute(&mut *tx).await?;
    sqlx::query("UPDATE club_search SET board_id = $1 WHERE post_id = $2")
        .bind(to)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    let log = log_line(
        &mut tx,
        Some(place.board_id),
        Some(moderator.id),
        LogAction::Move,
        Some(Item::post(post)),
        Some(place.author_id),
        rule,
        reason.as_deref(),
        Some(&place.title),
        None,
        now,
    )
    .await?;
    tell_decision(&mut tx, place.author_id, LogAction::Move, rule, reason.as_deref(), log, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator's edit (removing a phone number, say): a reason is required,
/// the earlier version is kept, and the author is told.
pub async fn moderator_edit(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    item: Item,
    body: &str,
    breach: Option<Breach>,
    words: &str,
) -> Result<PostId, DomainError> {
    let now = clock.now();
    let rule = Breach::or_none(breach);
    let place = moderated_place(db, moderator, item).await?;
    let max = match item.kind {
        ItemKind::Post => MAX_POST_CHARS,
        ItemKind::Comment => MAX_COMMENT_CHARS,
    };
    let body = required_text(Field::Body, body, max)?;
    let reason = reason(words, true)?;
    let title = (item.kind == ItemKind::Post).then_some(place.title.as_str());
    let mut tx = db.begin_write().await?;
    revise(&mut tx, item, moderator.id, title, &place.body, reason.as_deref(), now).await?;
    let sql = match item.kind {
        ItemKind::Post => "UPDATE club_posts SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4",
        ItemKind::Comment => "UPDATE club_comments SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4",
    };
    sqlx::query(sql)
        .bind(&body)
        .bind(markdown::render(&body))
        .bind(now.timestamp_millis())
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    if place.status()? == Status::Visible {
        let edited = Place { body: body.clone(), ..place.clone() };
        index(
            &mut tx,
            item,
            place.post_id,
            place.board_id,
            Status::Visible,
            &match item.kind {
                ItemKind::Post => format!("{}\n{}", edited.title, edited.body),
                ItemKind::Comment => edited.body,
            },
        )
        .await?;
    }
    let log = log_line(
        &mut tx,
        Some(place.board_id),
        Some(moderator.id),
        LogAction::Edit,
        Some(item),
        Some(place.author_id),
        rule,
        reason.as_deref(),
        title,
        None,
        now,
    )
    .await?;
    tell_decision(&mut tx, place.author_id, LogAction::Edit, rule, reason.as_deref(), log, now).await?;
    tx.commit().await?;
    Ok(place.post_id)
}

/// The words that hold a contribution for review.
pub async fn keywords(db: &Db) -> Result<Vec<(i64, String)>, DomainError> {
    Ok(sqlx::query_as("SELECT id, word FROM club_keywords ORDER BY word").fetch_all(db.pool()).await?)
}

/// Adds a held word (`add`) or removes one. The list holds on every board, so
/// it is an admin's to change; each change is a line in the moderation log
/// (never the public one: the words would teach spammers what to avoid).
pub async fn set_keyword(
    db: &Db,
    clock: &dyn Clock,
    moderator: &User,
    word: &str,
    add: bool,
) -> Result<(), DomainError> {
    let kind = Moderator::of(moderator.role).ok_or(DomainError::NotFound)?;
    may_hold_words(kind).map_err(|e| DomainError::invalid(Field::Keyword, e))?;
    let word = required_text(Field::Keyword, word, 50)?.to_lowercase();
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let changed = if add {
        sqlx::query(
            "INSERT INTO club_keywords (word, added_by, created_at) VALUES ($1, $2, $3) ON CONFLICT (word) DO NOTHING",
        )
        .bind(&word)
        .bind(moderator.id)
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query("DELETE FROM club_keywords WHERE word = $1").bind(&word).execute(&mut *tx).await?
    };
    if changed.rows_affected() == 1 {
        let action = if add { LogAction::KeywordAdded } else { LogAction::KeywordRemoved };
        log_line(&mut tx, None, Some(moderator.id), action, None, None, Rule::Fine, Some(&word), None, None, now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A post's earlier versions, newest first, for a moderator of its board.
pub async fn revisions(db: &Db, moderator: &User, post: PostId) -> Result<Vec<Revision>, DomainError> {
    moderated_place(db, moderator, Item::post(post)).await?;
    Ok(sqlx::query_as(
        "SELECT u.display_name AS editor, r.title, r.body, r.reason, r.created_at AS at_ms
         FROM club_revisions r JOIN users u ON u.id = r.editor_id
         WHERE r.item_kind = 'post' AND r.item_id = $1 ORDER BY r.id DESC",
    )
    .bind(post)
    .fetch_all(db.pool())
    .await?)
}
