//! The owners' club: boards (general, one per model, one per region), posts
//! and events, comments with one level of replies, likes, and what keeps it
//! healthy — the life of a piece of content under moderation (`transition`),
//! the guards on posting (`guard`), reports and sanctions (`moderation`),
//! appeals (`appeal`) and events with their places and check-in (`event`).

use crate::error::{choice_id, required_text, Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

pub mod appeal;
pub mod event;
pub mod guard;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod moderation;
pub mod refusal;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

pub use refusal::TransitionError;

pub type BoardId = i64;
pub type PostId = i64;
pub type CommentId = i64;

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_POST_CHARS: usize = 10_000;
pub const MAX_COMMENT_CHARS: usize = 2_000;
pub const MAX_POST_IMAGES: usize = 9;
/// Posts on one page of a board.
pub const PAGE_SIZE: usize = 20;
/// Top-level comments on one page of a post's thread (each with its replies):
/// a phone's few screens, as the big Chinese forums page their threads.
pub const COMMENTS_PER_PAGE: i64 = 30;
/// A member's first contributions wait for a moderator.
pub const FIRST_POSTS_HELD: i64 = 3;

stored_enum! {
    pub enum BoardKind { General = "general", Model = "model", Region = "region" }
}

stored_enum! {
    /// A discussion, or an event (a discussion with a date, a place and places).
    pub enum PostKind { Discussion = "discussion", Event = "event" }
}

stored_enum! {
    /// Where a post or comment stands: `Held` waits for a moderator, `Hidden`
    /// is out of sight until reviewed, `Deleted` is gone for good (kept for the log).
    pub enum Status { Held = "held", Visible = "visible", Hidden = "hidden", Deleted = "deleted" }
}

stored_enum! {
    /// Why a contribution waits for a moderator.
    pub enum HoldReason {
        FirstPosts = "first_posts",
        Keyword = "keyword",
        Reports = "reports",
        PreApproval = "pre_approval",
    }
}

stored_enum! {
    pub enum ItemKind { Post = "post", Comment = "comment" }
}

/// A post or a comment: what reports, likes and moderation point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub id: i64,
}

impl Item {
    pub fn post(id: PostId) -> Self {
        Self { kind: ItemKind::Post, id }
    }

    pub fn comment(id: CommentId) -> Self {
        Self { kind: ItemKind::Comment, id }
    }

    /// Parses the `item` of a form: `post:12` or `comment:7`.
    pub fn parse(raw: &str) -> Option<Self> {
        let (kind, id) = raw.trim().split_once(':')?;
        Some(Self { kind: ItemKind::parse(kind)?, id: id.parse().ok().filter(|id: &i64| *id > 0)? })
    }

    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }
}

/// What somebody does to a post's or comment's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Approve,
    Hide,
    Restore,
    Delete,
    /// An edit brought in a held word: back to the queue.
    Hold,
}

/// Who acts: the author may only delete their own; moderators decide; the
/// system hides what enough members reported. (An appeal's parties are the
/// same: its author files it, a moderator answers it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Author,
    Moderator,
    System,
}

impl From<TransitionError> for crate::error::DomainError {
    fn from(e: TransitionError) -> Self {
        FieldError::new(Field::Item, Problem::ClubStep(e)).into()
    }
}

/// The status after `action`, or why it is refused.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    use Status::*;
    match (by, action, from) {
        (Party::Moderator, Action::Approve, Held) => Ok(Visible),
        (Party::Moderator, Action::Hide, Held | Visible) => Ok(Hidden),
        // Reports hide what is out; a held item is not out yet.
        (Party::System, Action::Hide, Visible) => Ok(Hidden),
        (Party::System, Action::Hold, Visible) => Ok(Held),
        // Deletion is soft: a moderator (or an upheld appeal) may bring it back.
        (Party::Moderator, Action::Restore, Hidden | Deleted) => Ok(Visible),
        (Party::Moderator, Action::Delete, Held | Visible | Hidden) => Ok(Deleted),
        // An author may take back their words, but not a hidden item: it is
        // the evidence of a decision they may appeal.
        (Party::Author, Action::Delete, Held | Visible) => Ok(Deleted),
        _ => Err(TransitionError::NotFromHere),
    }
}

/// A board as members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub id: BoardId,
    pub slug: String,
    pub kind: BoardKind,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub public: bool,
    pub team_signature: bool,
}

impl Board {
    /// Events belong to a region's board: a chapter meets somewhere.
    pub fn takes_events(&self) -> bool {
        self.kind == BoardKind::Region
    }
}

/// A new post (or the edit of one), parsed whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPost {
    pub board: BoardId,
    pub title: String,
    pub body: String,
}

impl NewPost {
    pub fn parse(board: &str, title: &str, body: &str) -> Result<Self, FieldError> {
        Ok(Self {
            board: choice_id(Field::Board, board)?,
            title: required_text(Field::Title, title, MAX_TITLE_CHARS)?,
            body: required_text(Field::Body, body, MAX_POST_CHARS)?,
        })
    }
}

/// A comment, or a reply to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub post: PostId,
    pub parent: Option<CommentId>,
    pub body: String,
}

impl NewComment {
    pub fn parse(post: PostId, parent: &str, body: &str) -> Result<Self, FieldError> {
        let parent = match parent.trim() {
            "" => None,
            raw => Some(choice_id(Field::Comment, raw)?),
        };
        Ok(Self { post, parent, body: required_text(Field::Body, body, MAX_COMMENT_CHARS)? })
    }
}

/// Where a board's page starts: after the post last shown (keyset paging,
/// as fast deep in a board as on its first page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub last_activity_ms: i64,
    pub id: PostId,
}

impl Cursor {
    /// `"<millis>-<id>"`, as put in the "older posts" link.
    pub fn parse(raw: &str) -> Option<Self> {
        let (at, id) = raw.trim().split_once('-')?;
        Some(Self { last_activity_ms: at.parse().ok()?, id: id.parse().ok()? })
    }

    pub fn encode(&self) -> String {
        format!("{}-{}", self.last_activity_ms, self.id)
    }
}

/// Which page of a post's thread to show: a numbered one, or the one holding
/// a comment (where a link to that comment lands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadAt {
    Page(i64),
    Holding(CommentId),
}

impl ThreadAt {
    /// From the page's query: `comment=<id>` wins over `page=<n>`; anything
    /// unreadable is the first page (a stale or hand-edited link still lands).
    pub fn from_query(page: Option<&str>, comment: Option<&str>) -> Self {
        let number = |raw: Option<&str>| raw.and_then(|v| v.trim().parse::<i64>().ok()).filter(|n| *n > 0);
        match (number(comment), number(page)) {
            (Some(comment), _) => Self::Holding(comment),
            (None, Some(page)) => Self::Page(page),
            (None, None) => Self::Page(1),
        }
    }
}

/// Where a link to a comment goes: the page of the thread holding it,
/// scrolled to it.
pub fn comment_link(post: PostId, comment: CommentId) -> String {
    format!("/club/post/{post}?comment={comment}#comment-{comment}")
}

/// The place of the thread's page among its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    /// From 1; never past the last page.
    pub number: i64,
    /// At least 1, even for a thread with no comments.
    pub pages: i64,
}

impl ThreadPage {
    /// The page of the `before`-th top-level comment (0-based) of `top_level`.
    pub fn of(before: i64, top_level: i64) -> Self {
        let pages = ((top_level + COMMENTS_PER_PAGE - 1) / COMMENTS_PER_PAGE).max(1);
        Self { number: (before / COMMENTS_PER_PAGE + 1).clamp(1, pages), pages }
    }

    /// Page `asked`, or the nearest page there is.
    pub fn numbered(asked: i64, top_level: i64) -> Self {
        Self::of(asked.saturating_sub(1).saturating_mul(COMMENTS_PER_PAGE), top_level)
    }

    /// How many top-level comments the earlier pages hold.
    pub fn offset(&self) -> i64 {
        (self.number - 1) * COMMENTS_PER_PAGE
    }
}

/// A search query: trimmed, at least two characters (a two-character Chinese
/// word is a real query), at most 100.
pub fn search_query(raw: &str) -> Result<String, FieldError> {
    let query = required_text(Field::Query, raw, 100)?;
    // Letters and digits: punctuation makes no trigram, and would scan too.
    if query.chars().filter(|c| c.is_alphanumeric()).count() < MIN_SEARCH_CHARS {
        return Err(FieldError::new(Field::Query, Problem::TooShort(MIN_SEARCH_CHARS)));
    }
    Ok(query)
}

/// A search has at least three letters or digits, a trigram, the shortest
/// both engines' indexes serve: anything less would scan every post (two
/// Chinese characters are a common word, so "保养" needs one more: "保养费").
pub const MIN_SEARCH_CHARS: usize = 3;
/// Searches one client address may make a minute (signed in or not).
pub const SEARCHES_PER_MINUTE: i64 = 30;
/// Likes and un-likes one member may make a minute.
pub const LIKES_PER_MINUTE: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_pages_hold_thirty_top_level_comments_and_clamp() {
        assert_eq!(ThreadPage::numbered(1, 0), ThreadPage { number: 1, pages: 1 });
        assert_eq!(ThreadPage::numbered(1, 30), ThreadPage { number: 1, pages: 1 });
        assert_eq!(ThreadPage::numbered(2, 31), ThreadPage { number: 2, pages: 2 });
        assert_eq!(ThreadPage::numbered(99, 120), ThreadPage { number: 4, pages: 4 });
        assert_eq!(ThreadPage::numbered(i64::MAX, 120).number, 4);
        assert_eq!(ThreadPage::of(29, 200).number, 1);
        assert_eq!(ThreadPage::of(30, 200).number, 2);
        assert_eq!(ThreadPage::numbered(3, 120).offset(), 60);
    }

    #[test]
    fn a_thread_link_names_a_comment_or_a_page() {
        assert_eq!(ThreadAt::from_query(Some("2"), Some("77")), ThreadAt::Holding(77));
        assert_eq!(ThreadAt::from_query(Some("2"), None), ThreadAt::Page(2));
        assert_eq!(ThreadAt::from_query(Some("-1"), Some("x")), ThreadAt::Page(1));
        assert_eq!(ThreadAt::from_query(None, None), ThreadAt::Page(1));
    }

    #[test]
    fn moderators_decide_and_authors_only_take_back() {
        assert_eq!(transition(Status::Held, Action::Approve, Party::Moderator), Ok(Status::Visible));
        assert_eq!(transition(Status::Held, Action::Approve, Party::Author), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Status::Held, Action::Approve, Party::System), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Status::Visible, Action::Hide, Party::Moderator), Ok(Status::Hidden));
        assert_eq!(transition(Status::Hidden, Action::Restore, Party::Moderator), Ok(Status::Visible));
        assert_eq!(transition(Status::Visible, Action::Restore, Party::Moderator), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Status::Visible, Action::Delete, Party::Author), Ok(Status::Deleted));
        assert_eq!(transition(Status::Hidden, Action::Delete, Party::Author), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Status::Hidden, Action::Delete, Party::Moderator), Ok(Status::Deleted));
    }

    #[test]
    fn deleted_is_final_but_for_a_moderator_restoring_it() {
        for action in [Action::Approve, Action::Hide, Action::Restore, Action::Delete, Action::Hold] {
            for by in [Party::Author, Party::Moderator, Party::System] {
                let expected = if (action, by) == (Action::Restore, Party::Moderator) {
                    Ok(Status::Visible)
                } else {
                    Err(TransitionError::NotFromHere)
                };
                assert_eq!(transition(Status::Deleted, action, by), expected, "{action:?} by {by:?}");
            }
        }
    }

    #[test]
    fn reports_hide_only_what_is_out() {
        assert_eq!(transition(Status::Visible, Action::Hide, Party::System), Ok(Status::Hidden));
        assert_eq!(transition(Status::Held, Action::Hide, Party::System), Err(TransitionError::NotFromHere));
    }

    #[test]
    fn items_and_cursors_parse_only_their_own_shape() {
        assert_eq!(Item::parse("post:12"), Some(Item::post(12)));
        assert_eq!(Item::parse(" comment:7 "), Some(Item::comment(7)));
        assert_eq!(Item::parse("post:-1"), None);
        assert_eq!(Item::parse("user:1"), None);
        assert_eq!(Item::parse("post"), None);
        let cursor = Cursor { last_activity_ms: 1_700_000_000_000, id: 42 };
        assert_eq!(Cursor::parse(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::parse("abc"), None);
    }

    #[test]
    fn a_post_needs_a_board_a_title_and_words() {
        assert!(NewPost::parse("1", "Road trip", "Who joins?").is_ok());
        assert_eq!(NewPost::parse("x", "t", "b").map_err(|e| e.field), Err(Field::Board));
        assert_eq!(NewPost::parse("1", "  ", "b").map_err(|e| e.field), Err(Field::Title));
        let long = "字".repeat(MAX_POST_CHARS + 1);
        assert_eq!(NewPost::parse("1", "t", &long).map_err(|e| e.problem), Err(Problem::TooLong(MAX_POST_CHARS)));
        assert_eq!(NewComment::parse(1, "", "hi").map(|c| c.parent), Ok(None));
        assert_eq!(NewComment::parse(1, "9", "hi").map(|c| c.parent), Ok(Some(9)));
        assert_eq!(NewComment::parse(1, "z", "hi").map_err(|e| e.field), Err(Field::Comment));
    }

    #[test]
    fn a_query_is_at_least_a_trigram_whatever_the_script() {
        assert_eq!(search_query(" 保养费 "), Ok("保养费".to_owned()));
        assert_eq!(search_query("保养").map_err(|e| e.problem), Err(Problem::TooShort(MIN_SEARCH_CHARS)));
        assert_eq!(search_query("ab").map_err(|e| e.problem), Err(Problem::TooShort(MIN_SEARCH_CHARS)));
        assert_eq!(search_query("tyr"), Ok("tyr".to_owned()));
        assert_eq!(search_query("!!!?").map_err(|e| e.problem), Err(Problem::TooShort(MIN_SEARCH_CHARS)));
        assert_eq!(search_query("e-3").map_err(|e| e.problem), Err(Problem::TooShort(MIN_SEARCH_CHARS)));
        assert_eq!(search_query("").map_err(|e| e.problem), Err(Problem::Required));
    }
}
