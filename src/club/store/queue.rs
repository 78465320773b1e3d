//! What moderators read: the review queue (held items and reported ones,
//! grouped with counts and reasons, the oldest waiting first, the member's
//! record beside each) and the moderation log, in full for moderators and
//! without names for the public.

use super::shared::member_record;
use crate::account::{Role, User};
use crate::club::moderation::{LogAction, ReportReason, Rule};
use crate::club::views::{LogLine, MemberRecord, QueueEntry, ReportLine};
use crate::club::{HoldReason, Item, ItemKind, Status};
use crate::error::DomainError;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct Row {
    item_kind: String,
    item_id: i64,
    post_id: i64,
    board_zh: String,
    board_en: String,
    title: String,
    body: String,
    status: String,
    hold_reason: Option<String>,
    author_id: i64,
    author: String,
    waiting_since: i64,
}

const POST_ITEM: &str = "SELECT 'post' AS item_kind, p.id AS item_id, p.id AS post_id, b.name_zh AS board_zh, b.name_en AS board_en,
                       p.title, p.body, p.status, p.hold_reason, p.author_id, a.display_name AS author,
                       COALESCE((SELECT MIN(r.created_at) FROM club_reports r
                                 WHERE r.item_kind = 'post' AND r.item_id = p.id AND r.outcome IS NULL), p.created_at) AS waiting_since,
                       p.board_id
                FROM club_posts p JOIN club_boards b ON b.id = p.board_id JOIN users a ON a.id = p.author_id";

const COMMENT_ITEM: &str = "SELECT 'comment' AS item_kind, c.id AS item_id, p.id AS post_id, b.name_zh AS board_zh, b.name_en AS board_en,
                          p.title, c.body, c.status, c.hold_reason, c.author_id, a.display_name AS author,
                          COALESCE((SELECT MIN(r.created_at) FROM club_reports r
                                    WHERE r.item_kind = 'comment' AND r.item_id = c.id AND r.outcome IS NULL), c.created_at) AS waiting_since,
                          p.board_id
                   FROM club_comments c JOIN club_posts p ON p.id = c.post_id JOIN club_boards b ON b.id = p.board_id
                   JOIN users a ON a.id = c.author_id";

/// The queue of the boards `moderator` looks after, the oldest waiting first.
pub async fn queue(pool: &AnyPool, moderator: &User, now: DateTime<Utc>) -> Result<Vec<QueueEntry>, DomainError> {
    let everywhere = i64::from(moderator.role == Role::Admin);
    // Each branch starts from an index (held items, open reports), never from
    // every visible post: the queue costs the same with 200 posts or 200,000.
    // The reported branches start from the open reports (CROSS JOIN keeps them
    // SQLite's outer loop; left to itself it walked every visible post).
    let reported =
        "(SELECT DISTINCT r.item_kind, r.item_id FROM club_reports r WHERE r.outcome IS NULL) open_item CROSS JOIN";
    let post_reported = POST_ITEM.replacen("FROM club_posts p", &format!("FROM {reported} club_posts p"), 1);
    let comment_reported =
        COMMENT_ITEM.replacen("FROM club_comments c", &format!("FROM {reported} club_comments c"), 1);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT * FROM (
           {post} WHERE p.status = 'held'
           UNION ALL
           {post_reported} WHERE p.id = open_item.item_id AND open_item.item_kind = 'post' AND p.status IN ('visible', 'hidden')
           UNION ALL
           {comment} WHERE c.status = 'held'
           UNION ALL
           {comment_reported} WHERE c.id = open_item.item_id AND open_item.item_kind = 'comment' AND c.status IN ('visible', 'hidden')
         ) q
         WHERE $1 = 1 OR q.board_id IN (SELECT board_id FROM club_board_moderators WHERE user_id = $2)
         ORDER BY q.waiting_since, q.item_id LIMIT 200",
        post = POST_ITEM,
        comment = COMMENT_ITEM,
    ))
    .bind(everywhere)
    .bind(moderator.id)
    .fetch_all(pool)
    .await?;
    let open: Vec<(String, i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.item_kind, r.item_id, u.display_name, r.reason, r.note, r.weight
         FROM club_reports r JOIN users u ON u.id = r.reporter_id
         WHERE r.outcome IS NULL ORDER BY r.created_at, r.id",
    )
    .fetch_all(pool)
    .await?;
    let mut reports: HashMap<(String, i64), Vec<ReportLine>> = HashMap::new();
    for (kind, id, reporter, reason, note, weight) in open {
        if let Some(reason) = ReportReason::parse(&reason) {
            reports.entry((kind, id)).or_default().push(ReportLine { reporter, reason, note, weight });
        }
    }
    let mut records: HashMap<i64, MemberRecord> = HashMap::new();
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = ItemKind::parse(&row.item_kind) else { continue };
        let item = Item { kind, id: row.item_id };
        let reports = reports.remove(&(row.item_kind, row.item_id)).unwrap_or_default();
        let record = match records.get(&row.author_id) {
            Some(record) => record.clone(),
            None => {
                let record = member_record(pool, row.author_id, now).await?;
                records.insert(row.author_id, record.clone());
                record
            }
        };
        entries.push(QueueEntry {
            item,
            post_id: row.post_id,
            board_zh: row.board_zh,
            board_en: row.board_en,
            title: row.title,
            excerpt: row.body.chars().take(400).collect(),
            status: Status::parse(&row.status).unwrap_or(Status::Held),
            hold_reason: row.hold_reason.as_deref().and_then(HoldReason::parse),
            author_id: row.author_id,
            author: row.author,
            waiting_since_ms: row.waiting_since,
            report_weight: reports.iter().map(|r| r.weight).sum(),
            reports,
            record,
        });
    }
    Ok(entries)
}

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    created_at: i64,
    actor: Option<String>,
    action: String,
    item_kind: Option<String>,
    item_id: Option<i64>,
    member: Option<String>,
    rule: String,
    reason: Option<String>,
    item_title: Option<String>,
    board_zh: Option<String>,
    board_en: Option<String>,
    team_signature: Option<i64>,
    public: Option<i64>,
}

impl LogRow {
    fn line(self, names: bool) -> Option<LogLine> {
        let item = match (self.item_kind.as_deref().and_then(ItemKind::parse), self.item_id) {
            (Some(kind), Some(id)) => Some(Item { kind, id }),
            _ => None,
        };
        // A board may speak as "the moderation team".
        let named = names || self.team_signature != Some(1);
        Some(LogLine {
            id: self.id,
            at_ms: self.created_at,
            actor: self.actor.filter(|_| named),
            action: LogAction::parse(&self.action)?,
            item,
            member: self.member,
            rule: Rule::parse(&self.rule)?,
            reason: self.reason,
            title: self.item_title,
            board_zh: self.board_zh,
            board_en: self.board_en,
        })
    }
}

macro_rules! log_select {
    ($tail:literal) => {
        concat!(
            "SELECT l.id, l.created_at, act.display_name AS actor, l.action, l.item_kind, l.item_id,
                    mem.display_name AS member, l.rule, l.reason, l.item_title, b.name_zh AS board_zh, b.name_en AS board_en,
                    b.team_signature, b.public
             FROM club_moderation_log l LEFT JOIN users act ON act.id = l.actor_id LEFT JOIN users mem ON mem.id = l.member_id
             LEFT JOIN club_boards b ON b.id = l.board_id ",
            $tail
        )
    };
}

const LOG_SELECT: &str = log_select!(
    "WHERE ($1 = 1 OR l.board_id IS NULL OR l.board_id IN (SELECT board_id FROM club_board_moderators WHERE user_id = $2))
       AND ($3 = 0 OR l.action IN ('hide', 'auto_hide', 'delete', 'suspend', 'ban'))
     ORDER BY l.id DESC LIMIT 200"
);

/// One line of the log by its id, as `names` says (moderators see names; the
/// member it concerns sees the board's signature).
pub(super) async fn log_line_by_id(pool: &AnyPool, id: i64, names: bool) -> Result<LogLine, DomainError> {
    let row: Option<LogRow> = sqlx::query_as(log_select!("WHERE l.id = $1")).bind(id).fetch_optional(pool).await?;
    row.and_then(|r| r.line(names)).ok_or(DomainError::NotFound)
}

/// The log of the boards `moderator` looks after, newest first, with names.
pub async fn log(pool: &AnyPool, moderator: &User) -> Result<Vec<LogLine>, DomainError> {
    let rows: Vec<LogRow> = sqlx::query_as(LOG_SELECT)
        .bind(i64::from(moderator.role == Role::Admin))
        .bind(moderator.id)
        .bind(0_i64)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.line(true)).collect())
}

/// What was removed or sanctioned and why, for everyone: never who reported
/// or whom it was about, and the moderator's name only where the board signs
/// with it.
pub async fn public_log(pool: &AnyPool) -> Result<Vec<LogLine>, DomainError> {
    let rows: Vec<LogRow> = sqlx::query_as(LOG_SELECT).bind(1_i64).bind(0_i64).bind(1_i64).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            // A members' board's words stay with its members; a sanction names nobody, not even by its item.
            let open = r.public == Some(1);
            let line = r.line(false)?;
            let names_item = open && !matches!(line.action, LogAction::Suspend | LogAction::Ban);
            Some(LogLine {
                member: None,
                title: line.title.filter(|_| open),
                item: line.item.filter(|_| names_item),
                ..line
            })
        })
        .filter(|l| l.action.public())
        .collect())
}
