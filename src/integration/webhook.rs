//! Webhooks (issue 27): another system subscribes an endpoint to the facts it
//! wants; each fact is delivered to it signed, at least once, in order per
//! subject, retried with growing waits; an endpoint that has failed for a day
//! is paused and the admins are told. The rules are here; the rows in
//! `webhook::store`; the HTTP in the server.

use chrono::{DateTime, Duration, Utc};

#[cfg(feature = "ssr")]
pub mod store;

/// How long a failing endpoint is retried before it is paused.
pub const RETRY_FOR_HOURS: i64 = 24;
/// The longest wait between two attempts.
const MAX_WAIT_SECS: i64 = 3_600;
const URL_MAX: usize = 500;
/// The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const SIGNATURE_HEADER: &str = "Pitlane-Signature";

/// Why a subscription is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("an http:// or https:// address of at most {URL_MAX} characters")]
    Url,
    #[error("no event has this type")]
    EventType(usize),
}

impl WebhookError {
    pub fn field(&self) -> String {
        match self {
            Self::Url => "url".into(),
            Self::EventType(i) => format!("events[{i}]"),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Url => "invalid_url",
            Self::EventType(_) => "unknown_event",
        }
    }

    /// The refusal as a form shows it, next to its field.
    pub fn field_error(&self) -> crate::error::FieldError {
        use crate::error::{Field, FieldError, Problem};
        match self {
            Self::Url => FieldError::new(Field::Url, Problem::WebAddress),
            Self::EventType(_) => FieldError::new(Field::Items, Problem::UnknownChoice),
        }
    }
}

/// An endpoint and the event types it wants (none named: every type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub types: Vec<crate::fact::Kind>,
}

impl Subscription {
    pub fn parse(url: &str, types: &[&str]) -> Result<Self, Vec<WebhookError>> {
        let mut faults = Vec::new();
        let url = url.trim();
        let web = url.starts_with("https://") || url.starts_with("http://");
        let host = url.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
        if !web || host.is_empty() || url.len() > URL_MAX || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            faults.push(WebhookError::Url);
        }
        let mut kinds = Vec::new();
        for (i, raw) in types.iter().enumerate() {
            match crate::fact::Kind::parse(raw.trim()) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => faults.push(WebhookError::EventType(i)),
            }
        }
        if faults.is_empty() {
            Ok(Self { url: url.to_owned(), types: kinds })
        } else {
            Err(faults)
        }
    }

    /// The stored list: names joined by commas, empty for every type.
    pub fn stored_types(&self) -> String {
        self.types.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Whether an endpoint storing `types` wants a fact of `kind`.
pub fn wants(types: &str, kind: &str) -> bool {
    types.is_empty() || types.split(',').any(|t| t == kind)
}

/// The wait after the `attempts`-th failed attempt: 30 s, doubling, at most an hour.
pub fn backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(20);
    Duration::seconds((30_i64 << doublings).min(MAX_WAIT_SECS))
}

/// Whether an endpoint failing since `since` has failed long enough to pause.
pub fn gives_up(since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - since >= Duration::hours(RETRY_FOR_HOURS)
}

stored_enum! {
    /// Where a delivery stands.
    pub enum DeliveryState {
        /// Waiting for its first or next attempt.
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
    }
}

/// What happens to a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStep {
    /// The endpoint answered 2xx.
    Accepted,
    /// It answered otherwise, or not at all: tried again later.
    Refused,
    /// Someone asked for it again.
    Resent,
}

impl DeliveryState {
    /// The state after `step`; none where the step cannot happen (a
    /// delivered one is not attempted again unless resent).
    pub fn transition(self, step: DeliveryStep) -> Option<Self> {
        match (self, step) {
            (Self::Pending, DeliveryStep::Accepted) => Some(Self::Delivered),
            (Self::Pending, DeliveryStep::Refused) | (_, DeliveryStep::Resent) => Some(Self::Pending),
            (Self::Delivered, DeliveryStep::Accepted | DeliveryStep::Refused) => None,
        }
    }
}

/// The signature header's value for `body` sent at `at`.
#[cfg(feature = "ssr")]
pub fn signature(secret: &str, at: DateTime<Utc>, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let timestamp = at.timestamp();
    // Any key length is accepted by HMAC.
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    let digest: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={digest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_half_a_minute_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(7), Duration::seconds(1_920));
        assert_eq!(backoff(8), Duration::seconds(3_600));
        assert_eq!(backoff(400), Duration::seconds(3_600));
        let since = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert!(!gives_up(since, since + Duration::hours(24) - Duration::seconds(1)));
        assert!(gives_up(since, since + Duration::hours(24)));
    }

    #[test]
    fn a_delivery_is_attempted_while_pending_and_only_resent_once_delivered() {
        use DeliveryState::{Delivered, Pending};
        assert_eq!(Pending.transition(DeliveryStep::Accepted), Some(Delivered));
        assert_eq!(Pending.transition(DeliveryStep::Refused), Some(Pending));
        assert_eq!(Pending.transition(DeliveryStep::Resent), Some(Pending));
        assert_eq!(Delivered.transition(DeliveryStep::Resent), Some(Pending));
        assert_eq!(Delivered.transition(DeliveryStep::Accepted), None, "a late second answer changes nothing");
        assert_eq!(Delivered.transition(DeliveryStep::Refused), None);
    }

    #[test]
    fn an_endpoint_is_a_web_address_and_its_types_are_known_ones() {
        let sub = Subscription::parse(
            " https://erp.example.cn/hooks ",
            &["vehicle_sold", "recall_completed", "vehicle_sold"],
        );
        let sub = sub.expect("parses");
        assert_eq!(
            (sub.url.as_str(), sub.stored_types().as_str()),
            ("https://erp.example.cn/hooks", "vehicle_sold,recall_completed")
        );
        assert!(wants(&sub.stored_types(), "recall_completed") && !wants(&sub.stored_types(), "club_liked"));
        assert!(wants("", "club_liked"), "no types named: all of them");
        assert_eq!(Subscription::parse("ftp://x", &["sold"]), Err(vec![WebhookError::Url, WebhookError::EventType(0)]));
        assert_eq!(Subscription::parse("https://", &[]), Err(vec![WebhookError::Url]));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_signature_is_hmac_sha256_over_the_time_and_the_body() {
        // As a receiver checks it: HMAC-SHA256 of "<t>.<body>" with the secret (Python's hmac gives the same).
        let at = DateTime::from_timestamp(0, 0).unwrap_or_default();
        let signed = signature("Jefe", at, b"what do ya want for nothing?");
        assert_eq!(signed, "t=0,v1=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc");
        assert_ne!(signed, signature("Jefe", at, b"what do ya want for nothing!"), "the body is signed");
    }
}
