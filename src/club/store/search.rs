//! Search across posts and comments, for Chinese as well as English. Each
//! engine uses its own index over `club_search` (SQLite: FTS5 with trigram
//! tokens; PostgreSQL: a pg_trgm GIN index), the one place outside `db.rs`
//! where the engines differ, because the index is the point. A phrase is found
//! inside a longer sentence without word breaks; results are ranked, and the
//! matching words are marked.

use super::shared::Reader;
use crate::club::views::Hit;
use crate::club::SEARCHES_PER_MINUTE;
use crate::club::{Item, ItemKind};
use crate::db::{Db, Engine};
use crate::error::{DomainError, Throttle};
use chrono::{DateTime, Duration, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    item_kind: String,
    item_id: i64,
    post_id: i64,
    title: String,
    board_zh: String,
    board_en: String,
    content: String,
}

/// Three characters make a trigram, the shortest query `club::search_query` lets through.
const SQLITE_MATCH: &str = "SELECT s.item_kind, s.item_id, s.post_id, p.title, b.name_zh AS board_zh, b.name_en AS board_en, s.content
     FROM club_search_fts f JOIN club_search s ON s.id = f.rowid JOIN club_posts p ON p.id = s.post_id JOIN club_boards b ON b.id = s.board_id
     LEFT JOIN club_comments c ON s.item_kind = 'comment' AND c.id = s.item_id
     WHERE club_search_fts MATCH $1 AND p.status = 'visible' AND (c.id IS NULL OR c.status = 'visible') AND (b.public = 1 OR $2 = 1)
     ORDER BY bm25(club_search_fts), s.id DESC LIMIT 30";
const POSTGRES: &str =
    "SELECT s.item_kind, s.item_id, s.post_id, p.title, b.name_zh AS board_zh, b.name_en AS board_en, s.content
     FROM club_search s JOIN club_posts p ON p.id = s.post_id JOIN club_boards b ON b.id = s.board_id
     LEFT JOIN club_comments c ON s.item_kind = 'comment' AND c.id = s.item_id
     WHERE s.content ILIKE $1 ESCAPE '\\' AND p.status = 'visible' AND (c.id IS NULL OR c.status = 'visible') AND (b.public = 1 OR $2 = 1)
     ORDER BY similarity(s.content, $3) DESC, s.id DESC LIMIT 30";

/// Searches what this reader may read, at most `SEARCHES_PER_MINUTE` a minute
/// from one client address. `query` comes from `club::search_query`.
pub async fn search(
    db: &Db,
    now: DateTime<Utc>,
    reader: Reader,
    client: &str,
    query: &str,
) -> Result<Vec<Hit>, DomainError> {
    crate::rate_limit::hit(
        db,
        (Throttle::ClubSearch, "club_search"),
        client,
        now,
        SEARCHES_PER_MINUTE,
        Duration::minutes(1),
    )
    .await?;
    let member = i64::from(matches!(reader, Reader::Member(_)));
    let rows: Vec<Row> = match db.engine() {
        Engine::Sqlite => {
            let phrase = format!("\"{}\"", query.replace('"', "\"\""));
            sqlx::query_as(SQLITE_MATCH).bind(phrase).bind(member).fetch_all(db.pool()).await?
        }
        Engine::Postgres => {
            let like = format!("%{}%", query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            sqlx::query_as(POSTGRES).bind(like).bind(member).bind(query).fetch_all(db.pool()).await?
        }
    };
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Hit {
                item: Item { kind: ItemKind::parse(&r.item_kind)?, id: r.item_id },
                post_id: r.post_id,
                title: r.title,
                board_zh: r.board_zh,
                board_en: r.board_en,
                passage: passage(&r.content, query),
            })
        })
        .collect())
}

/// Up to 60 characters either side of the first match, with every match in
/// that stretch marked (case ignored).
pub fn passage(content: &str, query: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = content.chars().collect();
    let lower: Vec<char> = content.chars().flat_map(char::to_lowercase).collect();
    let needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing may change lengths (rare outside Latin letters): then mark nothing.
    if needle.is_empty() || lower.len() != chars.len() {
        return vec![(chars.iter().take(160).collect(), false)];
    }
    let found =
        |from: usize| (from..=lower.len().saturating_sub(needle.len())).find(|&i| lower[i..].starts_with(&needle));
    let Some(first) = found(0) else { return vec![(chars.iter().take(160).collect(), false)] };
    let start = first.saturating_sub(60);
    let end = (first + needle.len() + 60).min(chars.len());
    let mut pieces = Vec::new();
    let mut at = start;
    while let Some(hit) = found(at).filter(|&h| h + needle.len() <= end) {
        if hit > at {
            pieces.push((chars[at..hit].iter().collect(), false));
        }
        pieces.push((chars[hit..hit + needle.len()].iter().collect(), true));
        at = hit + needle.len();
    }
    if at < end {
        pieces.push((chars[at..end].iter().collect(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::passage;

    #[test]
    fn the_match_is_marked_inside_a_chinese_sentence() {
        let pieces = passage("周末去做了首次保养，服务很好", "首次保养");
        assert_eq!(
            pieces,
            [("周末去做了".to_owned(), false), ("首次保养".to_owned(), true), ("，服务很好".to_owned(), false)]
        );
    }

    #[test]
    fn english_matches_ignore_case_and_every_one_is_marked() {
        let pieces = passage("Tyre pressure: check the tyre pressure monthly", "TYRE");
        let marked: Vec<&str> = pieces.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert_eq!(marked, ["Tyre", "tyre"]);
    }
}
