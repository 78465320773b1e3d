//! In-app notifications: what the portal tells an owner, with an unread count.

use super::notice::Notice;
use serde::{Deserialize, Serialize};

/// A message in the inbox; its words come from `Notice::text` when it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub notice: Notice,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::super::notice::Notice;
    use super::Notification;
    use crate::account::UserId;
    use crate::db::Db;
    use chrono::{DateTime, Utc};
    use sqlx::{Any, Executor};

    pub async fn create<'e>(
        exec: impl Executor<'e, Database = Any>,
        user: UserId,
        notice: &Notice,
        link: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let (kind, params) = notice.to_stored();
        sqlx::query("INSERT INTO notifications (user_id, kind, params, link, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(user)
            .bind(kind)
            .bind(params)
            .bind(link)
            .bind(now.timestamp_millis())
            .execute(exec)
            .await?;
        Ok(())
    }

    pub async fn recent(db: &Db, user: UserId, limit: i64) -> Result<Vec<Notification>, sqlx::Error> {
        #[derive(sqlx::FromRow)]
        struct NotificationRow {
            id: i64,
            kind: String,
            params: String,
            link: String,
            created_at: i64,
            read_at: Option<i64>,
        }
        let rows: Vec<NotificationRow> = sqlx::query_as(
            "SELECT id, kind, params, link, created_at, read_at FROM notifications
             WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(user)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
        // A row this build cannot read (written by a newer one) is left out, not
        // allowed to break the inbox.
        Ok(rows
            .into_iter()
            .filter_map(|row| match Notice::from_stored(&row.kind, &row.params) {
                Ok(notice) => Some(Notification {
                    id: row.id,
                    notice,
                    link: row.link,
                    created_at: row.created_at,
                    read: row.read_at.is_some(),
                }),
                Err(err) => {
                    tracing::error!(id = row.id, kind = %row.kind, error = %err, "unreadable notification");
                    None
                }
            })
            .collect())
    }

    pub async fn mark_all_read(db: &Db, user: UserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(user)
            .execute(db.pool())
            .await?;
        Ok(())
    }
}
