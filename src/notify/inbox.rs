//! In-app notifications: what the portal tells an owner, with an unread count.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::Notification;
    use crate::account::UserId;
    use chrono::{DateTime, Utc};
    use sqlx::{Any, AnyPool, Executor};

    pub async fn create<'e>(
        exec: impl Executor<'e, Database = Any>,
        user: UserId,
        kind: &str,
        (title_zh, title_en): (&str, &str),
        link: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, title_zh, title_en, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user)
        .bind(kind)
        .bind(title_zh)
        .bind(title_en)
        .bind(link)
        .bind(now.timestamp_millis())
        .execute(exec)
        .await?;
        Ok(())
    }

    pub async fn recent(pool: &AnyPool, user: UserId, limit: i64) -> Result<Vec<Notification>, sqlx::Error> {
        #[derive(sqlx::FromRow)]
        struct NotificationRow {
            id: i64,
            kind: String,
            title_zh: String,
            title_en: String,
            link: String,
            created_at: i64,
            read_at: Option<i64>,
        }
        let rows: Vec<NotificationRow> = sqlx::query_as(
            "SELECT id, kind, title_zh, title_en, link, created_at, read_at FROM notifications
             WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(user)
        .bind(limit)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| Notification {
                id: row.id,
                kind: row.kind,
                title_zh: row.title_zh,
                title_en: row.title_en,
                link: row.link,
                created_at: row.created_at,
                read: row.read_at.is_some(),
            })
            .collect())
    }

    pub async fn mark_all_read(pool: &AnyPool, user: UserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(user)
            .execute(pool)
            .await?;
        Ok(())
    }
}
