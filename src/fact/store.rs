//! Facts in `domain_events`: each written in the transaction of the change it
//! records, and read back in the order they were written.

use super::{Fact, FactError, Stored};
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, Executor};

/// Records `fact` as part of the caller's transaction. A fact the database
/// keeps only once (a like: the unique index `domain_events_liked_once`) is
/// not recorded a second time.
pub async fn emit(tx: &mut AnyConnection, fact: Fact, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let row = fact.to_stored();
    sqlx::query(
        "INSERT INTO domain_events (kind, version, subject, payload, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(&row.kind)
    .bind(row.version)
    .bind(&row.subject)
    .bind(&row.payload)
    .bind(at.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A fact as read back: where it stands in the order, when it happened, and
/// the fact itself — or why its row is not one, for the reader to report.
#[derive(Debug)]
pub struct Recorded {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub fact: Result<Fact, FactError>,
    /// The row as stored, which the event feed publishes.
    pub stored: Stored,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    #[sqlx(flatten)]
    stored: Stored,
}

impl From<Row> for Recorded {
    fn from(row: Row) -> Self {
        Recorded {
            id: row.id,
            at: DateTime::from_timestamp_millis(row.at).unwrap_or_default(),
            fact: Fact::from_stored(&row.stored),
            stored: row.stored,
        }
    }
}

/// Up to `limit` facts written after the one numbered `after`.
pub async fn after(
    db: impl Executor<'_, Database = Any>,
    after: i64,
    limit: i64,
) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, kind, version, subject, payload FROM domain_events WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Recorded::from).collect())
}

/// The fact numbered `id`.
pub async fn one(db: impl Executor<'_, Database = Any>, id: i64) -> Result<Option<Recorded>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, at, kind, version, subject, payload FROM domain_events WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(Recorded::from))
}

/// The facts from `since` on, up to the one numbered `up_to`.
pub async fn recent(
    db: impl Executor<'_, Database = Any>,
    since: DateTime<Utc>,
    up_to: i64,
) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, kind, version, subject, payload FROM domain_events WHERE at >= $1 AND id <= $2 ORDER BY id",
    )
    .bind(since.timestamp_millis())
    .bind(up_to)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Recorded::from).collect())
}
