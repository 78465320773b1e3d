//! The audit log: security-relevant actions with who, when, what and from where.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
pub use store::{recent, record, record_staff_action, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Register,
    Login,
    LoginFailed,
    Logout,
    PasswordChanged,
    RoleChanged,
    MileageCorrected,
    CarTransferred,
    CarClaimApproved,
    CarClaimRejected,
    MileageConfirmed,
    MileageDiscarded,
    CampaignCompleted,
    SlaPolicyChanged,
    PasswordReset,
    SessionsEnded,
    AccountDisabled,
    AccountEnabled,
    ContactVerified,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::PasswordChanged => "password_changed",
            Action::RoleChanged => "role_changed",
            Action::MileageCorrected => "mileage_corrected",
            Action::CarTransferred => "car_transferred",
            Action::CarClaimApproved => "car_claim_approved",
            Action::CarClaimRejected => "car_claim_rejected",
            Action::MileageConfirmed => "mileage_confirmed",
            Action::MileageDiscarded => "mileage_discarded",
            Action::CampaignCompleted => "campaign_completed",
            Action::SlaPolicyChanged => "sla_policy_changed",
            Action::PasswordReset => "password_reset",
            Action::SessionsEnded => "sessions_ended",
            Action::AccountDisabled => "account_disabled",
            Action::AccountEnabled => "account_enabled",
            Action::ContactVerified => "contact_verified",
        }
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
    pub async fn recent(pool: &sqlx::AnyPool, limit: i64) -> Result<Vec<Row>, sqlx::Error> {
        sqlx::query_as("SELECT at, actor_id, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(pool)
            .await
    }
}
