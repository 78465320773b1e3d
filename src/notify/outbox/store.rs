//! The outbox table and the sender that drains it.

use super::{transition, Action, Category, Channel, Party, Status};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::lang::Lang;
use crate::notify::notice::Notice;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};
use std::future::Future;
use std::pin::Pin;

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
    let pending: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, channel, recipient, body, attempts FROM outbox WHERE status = $1 ORDER BY id LIMIT $2",
    )
    .bind(Status::Pending.as_str())
    .bind(batch)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for (id, channel, recipient, body, attempts) in pending {
        let message = Message { id, channel, recipient, body };
        let outcome = sender.send(&message).await;
        let action = match outcome {
            Ok(()) => Action::Delivered,
            Err(_) => Action::Refused { attempt: attempts + 1 },
        };
        let Ok(to) = transition(Status::Pending, action, Party::Sender) else { continue };
        write_status(db, id, Status::Pending, to, outcome.err(), clock.now()).await?;
        if to == Status::Sent {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Writes a decided try with one conditional UPDATE on the status it was
/// decided from: the try is counted, the gateway's refusal kept, and once the
/// message is sent or given up on, a code or a status link it carried is not
/// kept (`Notice::kept`). Zero rows: another drain moved it first.
async fn write_status(
    db: &Db,
    id: i64,
    from: Status,
    to: Status,
    refusal: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let done = to != Status::Pending;
    sqlx::query(
        "UPDATE outbox SET status = $1, attempts = attempts + 1, last_error = COALESCE($2, last_error),
            sent_at = COALESCE($3, sent_at),
            body = CASE WHEN $4 = 1 THEN COALESCE(kept_body, body) ELSE body END,
            kept_body = CASE WHEN $4 = 1 THEN NULL ELSE kept_body END
         WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(refusal)
    .bind((to == Status::Sent).then(|| now.timestamp_millis()))
    .bind(i64::from(done))
    .bind(id)
    .bind(from.as_str())
    .execute(db.pool())
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{transition, Action, Party, Status, TransitionError, MAX_ATTEMPTS};

    #[test]
    fn a_message_fails_for_good_at_its_last_allowed_try_and_not_before() {
        let after = |action| transition(Status::Pending, action, Party::Sender);
        assert_eq!(after(Action::Delivered), Ok(Status::Sent));
        assert_eq!(after(Action::Refused { attempt: 1 }), Ok(Status::Pending));
        assert_eq!(after(Action::Refused { attempt: MAX_ATTEMPTS - 1 }), Ok(Status::Pending));
        assert_eq!(after(Action::Refused { attempt: MAX_ATTEMPTS }), Ok(Status::Failed), "the last allowed try");
    }

    #[test]
    fn a_sent_or_failed_message_stays_so() {
        for from in [Status::Sent, Status::Failed] {
            for action in [Action::Delivered, Action::Refused { attempt: 1 }] {
                assert_eq!(transition(from, action, Party::Sender), Err(TransitionError::NotFromHere));
            }
        }
    }
}
