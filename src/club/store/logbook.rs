//! The moderation log as it is read: in full for moderators (of their
//! boards), without names for the public, and line by line beside an appeal.

use crate::account::User;
use crate::club::moderation::{moderates_everywhere, LogAction, Rule};
use crate::club::views::LogLine;
use crate::club::{Item, ItemKind};
use crate::db::Db;
use crate::error::DomainError;

/// A line of the log as read, before the reader's view of it.
#[derive(sqlx::FromRow)]
pub(super) struct LogRow {
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
    /// The line with names as `names` says (moderators see them; others see
    /// the board's signature where it signs as the team).
    pub(super) fn line(self, names: bool) -> Option<LogLine> {
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

/// The columns of a `LogRow`, from the log `l` and what `log_joins!` adds.
macro_rules! log_columns {
    () => {
        "l.id, l.created_at, act.display_name AS actor, l.action, l.item_kind, l.item_id,
         mem.display_name AS member, l.rule, l.reason, l.item_title, b.name_zh AS board_zh, b.name_en AS board_en,
         b.team_signature, b.public"
    };
}
/// Who acted (`act`), whom it was about (`mem`) and the board (`b`) of the log `l`.
macro_rules! log_joins {
    () => {
        " LEFT JOIN users act ON act.id = l.actor_id LEFT JOIN users mem ON mem.id = l.member_id
          LEFT JOIN club_boards b ON b.id = l.board_id "
    };
}
pub(super) use log_columns;
pub(super) use log_joins;

const LOG_SELECT: &str = concat!(
    "SELECT ",
    log_columns!(),
    " FROM club_moderation_log l",
    log_joins!(),
    "WHERE ($1 = 1 OR l.board_id IS NULL OR l.board_id IN (SELECT board_id FROM club_board_moderators WHERE user_id = $2))
       AND ($3 = 0 OR l.action IN ('hide', 'auto_hide', 'delete', 'suspend', 'ban'))
     ORDER BY l.id DESC LIMIT 200"
);

/// The log of the boards `moderator` looks after, newest first, with names.
pub async fn log(db: &Db, moderator: &User) -> Result<Vec<LogLine>, DomainError> {
    let rows: Vec<LogRow> = sqlx::query_as(LOG_SELECT)
        .bind(i64::from(moderates_everywhere(moderator.role)))
        .bind(moderator.id)
        .bind(0_i64)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.line(true)).collect())
}

/// What was removed or sanctioned and why, for everyone: never who reported
/// or whom it was about, and the moderator's name only where the board signs
/// with it.
pub async fn public_log(db: &Db) -> Result<Vec<LogLine>, DomainError> {
    let rows: Vec<LogRow> = sqlx::query_as(LOG_SELECT).bind(1_i64).bind(0_i64).bind(1_i64).fetch_all(db.pool()).await?;
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
