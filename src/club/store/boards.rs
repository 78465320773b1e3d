//! The boards: the list on `/club`, one board's particulars, and which boards
//! a moderator looks after.

use super::shared::Reader;
use crate::account::User;
use crate::club::moderation::Moderator;
use crate::club::views::BoardSummary;
use crate::club::{Board, BoardId, BoardKind};
use crate::db::Db;
use crate::error::DomainError;

#[derive(sqlx::FromRow)]
pub(super) struct BoardRow {
    id: i64,
    slug: String,
    kind: String,
    name_zh: String,
    name_en: String,
    description_zh: String,
    description_en: String,
    public: i64,
    team_signature: i64,
}

impl BoardRow {
    pub(super) fn board(self) -> Result<Board, DomainError> {
        Ok(Board {
            id: self.id,
            slug: self.slug,
            kind: BoardKind::parse(&self.kind).ok_or_else(|| super::shared::decode_error("board kind"))?,
            name_zh: self.name_zh,
            name_en: self.name_en,
            description_zh: self.description_zh,
            description_en: self.description_en,
            public: self.public == 1,
            team_signature: self.team_signature == 1,
        })
    }
}

/// The boards this reader may read, general first, then models, then regions.
pub async fn boards(db: &Db, reader: Reader) -> Result<Vec<BoardSummary>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        board: BoardRow,
        posts: i64,
        last_activity: Option<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.id, b.slug, b.kind, b.name_zh, b.name_en, b.description_zh, b.description_en, b.public, b.team_signature,
                b.visible_posts AS posts, b.last_activity_at AS last_activity
         FROM club_boards b ORDER BY b.position, b.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .filter(|r| reader.may_read(r.board.public == 1))
        .map(|r| Ok(BoardSummary { posts: r.posts, last_activity_ms: r.last_activity, board: r.board.board()? }))
        .collect()
}

/// One board by its slug, if this reader may read it (else not found: a
/// members' board does not exist for the public).
pub async fn board(db: &Db, reader: Reader, slug: &str) -> Result<Board, DomainError> {
    let row: Option<BoardRow> =
        sqlx::query_as("SELECT id, slug, kind, name_zh, name_en, description_zh, description_en, public, team_signature FROM club_boards WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db.pool())
            .await?;
    let board = row.ok_or(DomainError::NotFound)?.board()?;
    if !reader.may_read(board.public) {
        return Err(DomainError::NotFound);
    }
    Ok(board)
}

pub(super) async fn board_by_id(db: &Db, id: BoardId) -> Result<Board, DomainError> {
    let row: Option<BoardRow> =
        sqlx::query_as("SELECT id, slug, kind, name_zh, name_en, description_zh, description_en, public, team_signature FROM club_boards WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    row.ok_or(DomainError::NotFound)?.board()
}

/// The boards `user` moderates (all of them for an admin; none for others).
pub async fn moderated_boards(db: &Db, user: &User) -> Result<Vec<Board>, DomainError> {
    let rows: Vec<BoardRow> = match Moderator::of(user.role) {
        Some(Moderator::Admin) => {
            sqlx::query_as("SELECT id, slug, kind, name_zh, name_en, description_zh, description_en, public, team_signature FROM club_boards ORDER BY position, id")
                .fetch_all(db.pool())
                .await?
        }
        Some(Moderator::OfBoards) => sqlx::query_as(
            "SELECT b.id, b.slug, b.kind, b.name_zh, b.name_en, b.description_zh, b.description_en, b.public, b.team_signature
             FROM club_boards b JOIN club_board_moderators m ON m.board_id = b.id WHERE m.user_id = $1 ORDER BY b.position, b.id",
        )
        .bind(user.id)
        .fetch_all(db.pool())
        .await?,
        None => Vec::new(),
    };
    rows.into_iter().map(BoardRow::board).collect()
}
