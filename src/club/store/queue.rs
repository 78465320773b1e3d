//! What moderators review: the queue of held items and reported ones,
//! grouped with counts and reasons, the oldest waiting first, the member's
//! record beside each.

use super::shared::member;
use crate::account::{User, UserId};
use crate::club::moderation::{moderates_everywhere, ReportReason};
use crate::club::views::{MemberRecord, QueueEntry, ReportLine};
use crate::club::{HoldReason, Item, ItemKind, Status};
use crate::db::Db;
use crate::error::DomainError;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct Row {
    item_kind: String,
    item_id: i64,
    post_id: i64,
    board_zh: String,
    board_en: String,
    title: String,
    body_html: String,
    status: String,
    hold_reason: Option<String>,
    author_id: i64,
    author: String,
    waiting_since: i64,
}

const POST_ITEM: &str = "SELECT 'post' AS item_kind, p.id AS item_id, p.id AS post_id, b.name_zh AS board_zh, b.name_en AS board_en,
                       p.title, p.body_html, p.status, p.hold_reason, p.author_id, a.display_name AS author,
                       COALESCE((SELECT MIN(r.created_at) FROM club_reports r
                                 WHERE r.item_kind = 'post' AND r.item_id = p.id AND r.outcome IS NULL), p.created_at) AS waiting_since,
                       p.board_id
                FROM club_posts p JOIN club_boards b ON b.id = p.board_id JOIN users a ON a.id = p.author_id";

const COMMENT_ITEM: &str = "SELECT 'comment' AS item_kind, c.id AS item_id, p.id AS post_id, b.name_zh AS board_zh, b.name_en AS board_en,
                          p.title, c.body_html, c.status, c.hold_reason, c.author_id, a.display_name AS author,
                          COALESCE((SELECT MIN(r.created_at) FROM club_reports r
                                    WHERE r.item_kind = 'comment' AND r.item_id = c.id AND r.outcome IS NULL), c.created_at) AS waiting_since,
                          p.board_id
                   FROM club_comments c JOIN club_posts p ON p.id = c.post_id JOIN club_boards b ON b.id = p.board_id
                   JOIN users a ON a.id = c.author_id";

/// The queue of the boards `moderator` looks after, the oldest waiting first.
pub async fn queue(db: &Db, moderator: &User, now: DateTime<Utc>) -> Result<Vec<QueueEntry>, DomainError> {
    let everywhere = i64::from(moderates_everywhere(moderator.role));
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
    .fetch_all(db.pool())
    .await?;
    let open: Vec<(String, i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.item_kind, r.item_id, u.display_name, r.reason, r.note, r.weight
         FROM club_reports r JOIN users u ON u.id = r.reporter_id
         WHERE r.outcome IS NULL ORDER BY r.created_at, r.id",
    )
    .fetch_all(db.pool())
    .await?;
    let mut reports: HashMap<(String, i64), Vec<ReportLine>> = HashMap::new();
    for (kind, id, reporter, reason, note, weight) in open {
        if let Some(reason) = ReportReason::parse(&reason) {
            reports.entry((kind, id)).or_default().push(ReportLine { reporter, reason, note, weight });
        }
    }
    // The pictures of the posts waiting, in one query: moderators judge what
    // readers would see, pictures included.
    let pictures: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT i.post_id, i.position, i.upload_id FROM club_posts p JOIN club_post_images i ON i.post_id = p.id
         WHERE p.status = 'held'
         UNION
         SELECT i.post_id, i.position, i.upload_id FROM (SELECT DISTINCT item_id FROM club_reports
                                             WHERE outcome IS NULL AND item_kind = 'post') r
         CROSS JOIN club_post_images i WHERE i.post_id = r.item_id
         ORDER BY 1, 2",
    )
    .fetch_all(db.pool())
    .await?;
    let mut images: HashMap<i64, Vec<i64>> = HashMap::new();
    for (post, _, upload) in pictures {
        images.entry(post).or_default().push(upload);
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
                let record = member_record(db, row.author_id, now).await?;
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
            body_html: row.body_html,
            images: match kind {
                ItemKind::Post => images.remove(&row.item_id).unwrap_or_default(),
                ItemKind::Comment => Vec::new(),
            },
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

/// A member's record as moderators see it beside an item.
async fn member_record(db: &Db, member_id: UserId, now: DateTime<Utc>) -> Result<MemberRecord, DomainError> {
    let m = member(db.pool(), member_id, now).await?;
    let removals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM club_moderation_log WHERE member_id = $1 AND action IN ('hide', 'delete')",
    )
    .bind(member_id)
    .fetch_one(db.pool())
    .await?;
    Ok(MemberRecord {
        standing: m.standing(),
        approved: m.approved,
        strikes_in_force: m.strikes_in_force,
        removals,
        suspended_until_ms: m.suspended_until.filter(|u| *u > now).map(|u| u.timestamp_millis()),
        pre_approval_until_ms: m.pre_approval_until.filter(|u| *u > now).map(|u| u.timestamp_millis()),
        banned: m.banned,
    })
}
