//! The outbox table and the sender that drains it.

use super::{Category, Channel};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::lang::Lang;
use crate::notify::Notice;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};
use std::future::Future;
use std::pin::Pin;

/// After this many failed attempts a message is marked failed and left for staff.
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub body: String,
}

/// Delivers one message; an SMS or e-mail gateway implements this.
pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, message: &'a Message) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// The development sender: writes the message, codes included, to the log
/// and calls it sent. It is how the demo shows its codes; the server warns at
/// start-up while it is the sender in use.
#[derive(Debug, Default)]
pub struct LogSender;

impl Sender for LogSender {
    fn send<'a>(&'a self, message: &'a Message) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            tracing::info!(id = message.id, channel = %message.channel, recipient = %message.recipient, body = %message.body, "outbox message (log sender)");
            Ok(())
        })
    }
}

pub async fn enqueue<'e>(
    exec: impl Executor<'e, Database = Any>,
    user: Option<UserId>,
    (channel, recipient): (Channel, String),
    category: Category,
    notice: &Notice,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // The gateway sends text, so the words are fixed here, in the reader's language.
    let body = notice.text(lang);
    let kept_body = notice.kept().map(|kept| kept.text(lang));
    sqlx::query(
        "INSERT INTO outbox (user_id, channel, recipient, category, body, kept_body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user)
    .bind(channel.as_str())
    .bind(recipient)
    .bind(category.as_str())
    .bind(body)
    .bind(kept_body)
    .bind(now.timestamp_millis())
    .execute(exec)
    .await?;
    Ok(())
}

/// Sends what is pending, oldest first; returns how many went out.
pub async fn drain(db: &Db, clock: &dyn Clock, sender: &dyn Sender, batch: i64) -> Result<usize, DomainError> {
    let pending: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, channel, recipient, body FROM outbox WHERE status = 'pending' ORDER BY id LIMIT $1")
            .bind(batch)
            .fetch_all(db.pool())
            .await?;
    let mut sent = 0;
    for (id, channel, recipient, body) in pending {
        let message = Message { id, channel, recipient, body };
        let now = clock.now().timestamp_millis();
        match sender.send(&message).await {
            Ok(()) => {
                // Sent: a code or a status link it carried is not kept (`Notice::kept`).
                sqlx::query(
                    "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1,
                        body = COALESCE(kept_body, body), kept_body = NULL WHERE id = $2",
                )
                .bind(now)
                .bind(id)
                .execute(db.pool())
                .await?;
                sent += 1;
            }
            Err(error) => {
                // Given up on: nothing will send it now, so its secret goes too.
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
                        status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END,
                        body = CASE WHEN attempts + 1 >= $2 THEN COALESCE(kept_body, body) ELSE body END,
                        kept_body = CASE WHEN attempts + 1 >= $2 THEN NULL ELSE kept_body END
                     WHERE id = $3",
                )
                .bind(error)
                .bind(MAX_ATTEMPTS)
                .bind(id)
                .execute(db.pool())
                .await?;
            }
        }
    }
    Ok(sent)
}
