//! Accounts and roles: who a person is to Pitlane and what they may use.

use crate::error::{DomainError, Field};
use crate::types::{DisplayName, Identifier, Password};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod password_hash;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

pub type UserId = i64;
pub type DealerId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Moderator,
    ServiceAdvisor,
    LeadHandler,
    CareAgent,
    CrmAnalyst,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RoleError {
    #[error("this role works at a dealer: choose one")]
    DealerRequired,
    #[error("this role does not belong to a dealer")]
    DealerNotAllowed,
    #[error("no such role")]
    Unknown,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Owner,
        Role::Moderator,
        Role::ServiceAdvisor,
        Role::LeadHandler,
        Role::CareAgent,
        Role::CrmAnalyst,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Moderator => "moderator",
            Role::ServiceAdvisor => "service_advisor",
            Role::LeadHandler => "lead_handler",
            Role::CareAgent => "care_agent",
            Role::CrmAnalyst => "crm_analyst",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, RoleError> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw).ok_or(RoleError::Unknown)
    }

    /// Works a dealer's bookings or leads, so must belong to exactly one dealer.
    pub fn needs_dealer(self) -> bool {
        matches!(self, Role::ServiceAdvisor | Role::LeadHandler)
    }

    /// May belong to a dealer (care agents work brand-wide or for one dealer).
    pub fn may_have_dealer(self) -> bool {
        self.needs_dealer() || self == Role::CareAgent
    }

    /// Uses the staff console (`/staff`).
    pub fn is_staff(self) -> bool {
        matches!(self, Role::ServiceAdvisor | Role::LeadHandler | Role::CareAgent | Role::CrmAnalyst | Role::Admin)
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Where a person lands after signing in.
    pub fn home_path(self) -> &'static str {
        if self.is_staff() {
            "/staff"
        } else {
            "/me"
        }
    }
}

/// A role together with its dealer, checked against the rule that dealer staff
/// belong to exactly one dealer and nobody else belongs to one by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    role: Role,
    dealer: Option<DealerId>,
}

impl RoleAssignment {
    pub fn new(role: Role, dealer: Option<DealerId>) -> Result<Self, RoleError> {
        match (role.needs_dealer(), role.may_have_dealer(), dealer) {
            (true, _, None) => Err(RoleError::DealerRequired),
            (false, false, Some(_)) => Err(RoleError::DealerNotAllowed),
            _ => Ok(Self { role, dealer }),
        }
    }

    pub fn owner() -> Self {
        Self { role: Role::Owner, dealer: None }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn dealer(&self) -> Option<DealerId> {
        self.dealer
    }
}

/// A signed-up person as the rest of the system sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub display_name: String,
    pub role: Role,
    pub dealer_id: Option<DealerId>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    /// The language last chosen (zh-CN / en), remembered across devices.
    pub locale: Option<String>,
}

/// A registration that has been parsed field by field.
#[derive(Debug, Clone)]
pub struct Registration {
    pub identifier: Identifier,
    pub display_name: DisplayName,
    pub password: Password,
}

impl Registration {
    pub fn parse(identifier: &str, display_name: &str, password: &str) -> Result<Self, DomainError> {
        Ok(Self {
            identifier: Identifier::parse(identifier).map_err(|e| DomainError::invalid(Field::Identifier, e))?,
            display_name: DisplayName::parse(display_name).map_err(|e| DomainError::invalid(Field::DisplayName, e))?,
            password: Password::parse(password).map_err(|e| DomainError::invalid(Field::Password, e))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dealer_staff_need_a_dealer_and_others_may_not_have_one() {
        assert_eq!(RoleAssignment::new(Role::ServiceAdvisor, None), Err(RoleError::DealerRequired));
        assert_eq!(RoleAssignment::new(Role::LeadHandler, None), Err(RoleError::DealerRequired));
        assert!(RoleAssignment::new(Role::ServiceAdvisor, Some(1)).is_ok());
        assert!(RoleAssignment::new(Role::CareAgent, None).is_ok());
        assert!(RoleAssignment::new(Role::CareAgent, Some(1)).is_ok());
        assert_eq!(RoleAssignment::new(Role::Owner, Some(1)), Err(RoleError::DealerNotAllowed));
        assert_eq!(RoleAssignment::new(Role::Admin, Some(1)), Err(RoleError::DealerNotAllowed));
    }

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse("root"), Err(RoleError::Unknown));
    }

    #[test]
    fn only_staff_roles_use_the_console() {
        let staff: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert!(!staff.contains(&Role::Owner));
        assert!(!staff.contains(&Role::Moderator));
        assert_eq!(staff.len(), 5);
    }
}
