//! The audit log: security-relevant actions with who, when, what and from where.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
pub use store::{recent, record, record_staff_action, Entry};

stored_enum! {
    pub enum Action {
        Register = "register",
        Login = "login",
        LoginFailed = "login_failed",
        Logout = "logout",
        PasswordChanged = "password_changed",
        RoleChanged = "role_changed",
        MileageCorrected = "mileage_corrected",
        CarTransferred = "car_transferred",
        CarClaimApproved = "car_claim_approved",
        CarClaimRejected = "car_claim_rejected",
        MileageConfirmed = "mileage_confirmed",
        MileageDiscarded = "mileage_discarded",
        CampaignCompleted = "campaign_completed",
        SlaPolicyChanged = "sla_policy_changed",
        PasswordReset = "password_reset",
        SessionsEnded = "sessions_ended",
        AccountDisabled = "account_disabled",
        AccountEnabled = "account_enabled",
        ContactVerified = "contact_verified",
        PointsAdjusted = "points_adjusted",
        LoyaltyRuleChanged = "loyalty_rule_changed",
        CustomerViewed = "customer_viewed",
        /// Owners' rows left in a CSV file (a segment, a search's results).
        CustomersExported = "customers_exported",
        ApiKeyCreated = "api_key_created",
        ApiKeyRevoked = "api_key_revoked",
    }
}

/// An entry as shown to administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Row {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[cfg(feature = "ssr")]
mod store {
    use super::{Action, Row};
    use crate::account::UserId;
    use crate::db::Db;
    use chrono::{DateTime, Utc};
    use sqlx::{Any, Executor};

    /// One entry; `subject` names what was acted on (`user:42`), `detail` says how.
    #[derive(Debug, Clone)]
    pub struct Entry<'a> {
        pub at: DateTime<Utc>,
        pub actor: Option<UserId>,
        pub action: Action,
        pub subject: String,
        pub detail: String,
        pub client_addr: Option<&'a str>,
    }

    impl<'a> Entry<'a> {
        /// What `actor` did to the account `user` (`user:42`), or to their own.
        pub fn on_account(
            at: DateTime<Utc>,
            actor: UserId,
            action: Action,
            user: UserId,
            detail: String,
            client_addr: Option<&'a str>,
        ) -> Self {
            Self { at, actor: Some(actor), action, subject: format!("user:{user}"), detail, client_addr }
        }
    }

    pub async fn record<'e>(exec: impl Executor<'e, Database = Any>, entry: Entry<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, action, subject, detail, client_addr) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry.at.timestamp_millis())
        .bind(entry.actor)
        .bind(entry.action.as_str())
        .bind(entry.subject)
        .bind(entry.detail)
        .bind(entry.client_addr)
        .execute(exec)
        .await?;
        Ok(())
    }

    /// A staff action on a car (`vin:…`), recorded in the caller's transaction.
    pub async fn record_staff_action<'e>(
        exec: impl Executor<'e, Database = Any>,
        at: DateTime<Utc>,
        staff: UserId,
        action: Action,
        vin: &crate::types::Vin,
        detail: String,
    ) -> Result<(), sqlx::Error> {
        record(exec, Entry { at, actor: Some(staff), action, subject: format!("vin:{vin}"), detail, client_addr: None })
            .await
    }

    /// The newest entries first.
    pub async fn recent(db: &Db, limit: i64) -> Result<Vec<Row>, sqlx::Error> {
        sqlx::query_as("SELECT at, actor_id, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(db.pool())
            .await
    }
}
