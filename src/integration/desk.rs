//! The integrations desk (`/admin/integrations`): the keys other systems call
//! with and the webhooks they subscribed, each with its recent deliveries, as
//! plain data the page renders. A new key's or webhook's secret is shown to
//! the admin who made it once (`desk::store::hold`, `take`).

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// How many deliveries the desk shows per webhook.
pub const DELIVERIES_SHOWN: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLine {
    pub id: i64,
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub shown_prefix: String,
    pub scopes: Vec<String>,
    /// The dealer's code, for a key bound to one.
    pub dealer: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookLine {
    pub id: i64,
    /// The name of the key it was subscribed with.
    pub key: String,
    pub url: String,
    /// The event types it wants; none: every type.
    pub events: Vec<String>,
    pub failing_since: Option<i64>,
    pub paused_at: Option<i64>,
    /// The latest first.
    pub deliveries: Vec<DeliveryLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLine {
    pub id: i64,
    /// The event's type and subject, as the feed names them.
    pub kind: String,
    pub subject: String,
    pub delivered: bool,
    pub attempts: i64,
    /// The endpoint's last HTTP status, if it answered.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    /// The next attempt, while not delivered.
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
}

/// A dealer a key may be bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealerChoice {
    pub id: i64,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    /// Newest first, revoked ones too.
    pub keys: Vec<KeyLine>,
    pub hooks: Vec<HookLine>,
    pub dealers: Vec<DealerChoice>,
    /// A secret made a moment ago by this admin, shown this once.
    pub shown: Option<String>,
}
