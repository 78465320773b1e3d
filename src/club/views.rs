//! What the club's pages show, as the store reads it: shared by the server
//! and the browser (the store itself is server-only).

use super::event::Rsvp;
use super::guard::Standing;
use super::moderation::{LogAction, ReportReason, Rule};
use super::{Board, CommentId, HoldReason, Item, PostId, PostKind, Status, ThreadPage};
use crate::account::UserId;
use serde::{Deserialize, Serialize};

/// Who wrote something, with the "verified owner" badge: the model of a car
/// in their garage (the store selects it with `author_columns!` and `author_join!`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Author {
    #[cfg_attr(feature = "ssr", sqlx(rename = "author_id"))]
    pub id: UserId,
    #[cfg_attr(feature = "ssr", sqlx(rename = "author_name"))]
    pub name: String,
    pub model_zh: Option<String>,
    pub model_en: Option<String>,
}

/// A board on the club's front page, with how lively it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSummary {
    pub board: Board,
    pub posts: i64,
    pub last_activity_ms: Option<i64>,
}

/// A post in a board's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub id: PostId,
    pub kind: PostKind,
    pub title: String,
    pub author: Author,
    pub pinned: bool,
    pub locked: bool,
    pub comments: i64,
    pub likes: i64,
    pub created_ms: i64,
    pub last_activity_ms: i64,
    /// For events: when it starts.
    pub starts_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPage {
    pub board: Board,
    /// Pinned posts, on the first page only.
    pub pinned: Vec<PostSummary>,
    pub posts: Vec<PostSummary>,
    /// Where the next (older) page starts, if there is one.
    pub next: Option<String>,
    /// Who looks after the board, by name (empty where it signs as "the moderation team").
    pub moderators: Vec<String>,
}

/// A post as its reader sees it, with its thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: PostId,
    pub board: Board,
    pub kind: PostKind,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub status: Status,
    pub hold_reason: Option<HoldReason>,
    pub removal_reason: Option<String>,
    pub author: Author,
    pub pinned: bool,
    pub locked: bool,
    pub likes: i64,
    pub liked: bool,
    pub created_ms: i64,
    pub edited_ms: Option<i64>,
    pub images: Vec<i64>,
    pub event: Option<EventView>,
    /// The thread's page shown: its top-level comments with their replies.
    pub comments: Vec<CommentView>,
    pub thread_page: ThreadPage,
    /// The reader wrote it.
    pub mine: bool,
    /// The reader moderates its board.
    pub moderating: bool,
    /// The reader may write in the club (an owner, a moderator or an admin).
    pub may_write: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: CommentId,
    pub parent: Option<CommentId>,
    pub author: Author,
    /// The Markdown as written (for the author's edit form).
    pub body: String,
    pub body_html: String,
    pub status: Status,
    pub hold_reason: Option<HoldReason>,
    pub likes: i64,
    pub created_ms: i64,
    pub edited_ms: Option<i64>,
    pub mine: bool,
    /// Replies under a top-level comment, oldest first.
    pub replies: Vec<CommentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub starts_ms: i64,
    pub ends_ms: i64,
    pub place: String,
    pub capacity: i64,
    pub going: i64,
    pub waiting: i64,
    pub mine: Option<Rsvp>,
    /// Place on the waiting list (1 = next to move up).
    pub my_position: Option<i64>,
    pub checked_in: bool,
    pub organiser: bool,
    /// The check-in code, for organisers to show as a QR code.
    pub check_in_code: Option<String>,
    pub check_in_open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub user_id: i64,
    pub organiser: bool,
    pub name: String,
    /// Going or waiting (a cancelled answer is nobody coming).
    pub status: Rsvp,
    pub checked_in_at: Option<i64>,
}

/// One result: where it is, and a passage with the match marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub item: Item,
    pub post_id: PostId,
    pub title: String,
    pub board_zh: String,
    pub board_en: String,
    /// The passage as pieces; `true` marks the matching ones.
    pub passage: Vec<(String, bool)>,
}

/// A report as its reporter follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReport {
    pub item: Item,
    pub post_id: PostId,
    pub title: String,
    pub reason: ReportReason,
    pub created_ms: i64,
    /// `None` while it waits; then whether the moderators agreed.
    pub upheld: Option<bool>,
}

/// One report beside its item: who reported (moderators see it), why, weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub reporter: String,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub weight: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub item: Item,
    pub post_id: PostId,
    pub board_zh: String,
    pub board_en: String,
    pub title: String,
    /// The words as readers would see them (sanitised HTML), whole.
    pub body_html: String,
    /// A post's pictures, in order (a comment has none).
    pub images: Vec<i64>,
    pub status: Status,
    pub hold_reason: Option<HoldReason>,
    pub author_id: i64,
    pub author: String,
    /// When it started waiting: held since written, reported since the first report.
    pub waiting_since_ms: i64,
    pub reports: Vec<ReportLine>,
    pub report_weight: i64,
    pub record: MemberRecord,
}

/// A line of the moderation log as moderators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub id: i64,
    pub at_ms: i64,
    pub actor: Option<String>,
    pub action: LogAction,
    pub item: Option<Item>,
    pub member: Option<String>,
    pub rule: Rule,
    pub reason: Option<String>,
    pub title: Option<String>,
    pub board_zh: Option<String>,
    pub board_en: Option<String>,
}

/// A member's record as moderators see it beside an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub standing: Standing,
    pub approved: i64,
    pub strikes_in_force: i64,
    /// Earlier decisions that removed their words.
    pub removals: i64,
    pub suspended_until_ms: Option<i64>,
    pub pre_approval_until_ms: Option<i64>,
    pub banned: bool,
}

/// A decision as the member it concerns sees it, with their appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealLine {
    pub id: Option<i64>,
    pub log: LogLine,
    pub member_id: UserId,
    pub actor_id: Option<UserId>,
    pub reasons: Option<String>,
    pub status: Option<super::appeal::Status>,
    pub decision: Option<String>,
}

/// An earlier version of a post, kept when it was edited (for moderators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Revision {
    pub editor: String,
    pub title: Option<String>,
    pub body: String,
    pub reason: Option<String>,
    pub at_ms: i64,
}
