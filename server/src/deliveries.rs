//! Sends the webhooks' due deliveries over HTTP (`pitlane::integration::webhook`):
//! each event as the feed shows it, signed, one attempt per claim; what the
//! endpoint answered is recorded for the retries and the delivery log.

use crate::api::events::Event;
use pitlane::db::Db;
use pitlane::integration::webhook::store::{claim_due, fan_out, record, Outcome};
use pitlane::integration::webhook::{signature, SIGNATURE_HEADER};
use pitlane::{Clock, DomainError};
use std::time::Duration;

/// Deliveries sent per run.
const BATCH: i64 = 50;
/// An endpoint that has not answered by then has failed this attempt.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Makes the deliveries of new facts and sends those due. How many were sent.
pub async fn deliver_due(db: &Db, clock: &dyn Clock, http: &reqwest::Client) -> Result<usize, DomainError> {
    fan_out(db, clock.now()).await?;
    let due = claim_due(db, clock.now(), BATCH).await?;
    for delivery in &due {
        let event = Event::from(&delivery.event);
        let body = serde_json::to_vec(&event).expect("an event is strings, numbers and JSON already parsed");
        let sent = http
            .post(&delivery.url)
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, signature(&delivery.secret, clock.now(), &body))
            .header("Pitlane-Event-Id", delivery.event.id.to_string())
            .header("Pitlane-Event-Type", delivery.event.stored.kind.as_str())
            .body(body)
            .send()
            .await;
        let outcome = match sent {
            Ok(answer) if answer.status().is_success() => Outcome::Delivered { status: answer.status().as_u16() },
            Ok(answer) => {
                Outcome::Failed { status: Some(answer.status().as_u16()), error: format!("HTTP {}", answer.status()) }
            }
            Err(err) => Outcome::Failed { status: None, error: err.to_string() },
        };
        record(db, clock.now(), delivery, &outcome).await?;
    }
    Ok(due.len())
}
