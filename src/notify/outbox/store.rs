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
/// A one-time code is good for ten minutes: after that a message that carried
/// one (or a status link) keeps only its masked words (`Notice::kept`).
pub const SECRETS_KEPT_MINUTES: i64 = 10;

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
                sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(db.pool())
                    .await?;
                sent += 1;
            }
            Err(error) => {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
                        status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END WHERE id = $3",
                )
                .bind(error)
                .bind(MAX_ATTEMPTS)
                .bind(id)
                .execute(db.pool())
                .await?;
            }
        }
    }
    forget_secrets(db, clock).await?;
    Ok(sent)
}

/// Messages no longer pending and older than a code's life keep only their
/// masked words.
async fn forget_secrets(db: &Db, clock: &dyn Clock) -> Result<(), DomainError> {
    let before = (clock.now() - chrono::Duration::minutes(SECRETS_KEPT_MINUTES)).timestamp_millis();
    sqlx::query(
        "UPDATE outbox SET body = kept_body, kept_body = NULL
         WHERE kept_body IS NOT NULL AND status <> 'pending' AND created_at < $1",
    )
    .bind(before)
    .execute(db.pool())
    .await?;
    Ok(())
}
