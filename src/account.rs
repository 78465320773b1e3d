//! Accounts and roles: who a person is to Pitlane and what they may use.

use crate::error::{DomainError, Field};
use crate::types::{DisplayName, Identifier, Password};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub(crate) mod password_hash;
#[cfg(feature = "ssr")]
pub mod reach;
pub(crate) mod role_error;
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

pub use role_error::RoleError;

pub type UserId = i64;
pub type DealerId = i64;

stored_enum! {
    pub enum Role {
        Owner = "owner",
        Moderator = "moderator",
        ServiceAdvisor = "service_advisor",
        LeadHandler = "lead_handler",
        CareAgent = "care_agent",
        CrmAnalyst = "crm_analyst",
        Admin = "admin",
    }
}

impl Role {
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

    /// Moderates the owners' club: moderators the boards they were given,
    /// admins every board (`club::moderation::Moderator` tells them apart).
    pub fn moderates_club(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// Refers friends for a test drive and is credited for a sale: owners
    /// (moderators are owners too), never staff, whose own sales it would pay.
    pub fn may_refer(self) -> bool {
        matches!(self, Role::Owner | Role::Moderator)
    }

    /// Works customer care: cases, call-back tasks, owners' profiles.
    pub fn is_care(self) -> bool {
        matches!(self, Role::CareAgent | Role::Admin)
    }

    /// Works a dealer's workshop: the day sheet, visits, campaigns done in a
    /// visit, and the service counter where owners use their vouchers.
    pub fn is_workshop(self) -> bool {
        matches!(self, Role::ServiceAdvisor | Role::Admin)
    }

    /// Opens an owner's customer page, as far as its desk reaches
    /// (`reach::owner`): customer care, the workshop that serves the car, the
    /// sales floor that sold it, and the CRM analysts (who see no contacts).
    pub fn serves_owners(self) -> bool {
        matches!(self, Role::CareAgent | Role::ServiceAdvisor | Role::LeadHandler | Role::CrmAnalyst | Role::Admin)
    }

    /// Records a caller with no account (the hotline, a showroom walk-in) as
    /// a lead: the sales floor and customer care, who take such calls.
    pub fn takes_callers(self) -> bool {
        self.works_leads() || self.is_care()
    }

    /// A dealer's service advisor: the one an owner may have as their named advisor.
    pub fn is_advisor(self) -> bool {
        self == Role::ServiceAdvisor
    }

    /// Works leads at all (the board, the moves).
    pub fn works_leads(self) -> bool {
        matches!(self, Role::LeadHandler | Role::Admin)
    }

    /// Is handed leads by the round-robin while on duty: lead handlers, not
    /// the admins who also work the board.
    pub fn takes_leads(self) -> bool {
        self == Role::LeadHandler
    }

    /// Sets a car's odometer to a checked reading (raising it; lowering is
    /// for admins, see [`MileageChange`]).
    pub fn may_correct_mileage(self) -> bool {
        matches!(self, Role::ServiceAdvisor | Role::CareAgent | Role::Admin)
    }

    /// Sees an owner's mobile and e-mail beside their car: those who call
    /// owners about their car. Lead handlers and analysts see the car only.
    pub fn sees_owner_contacts(self) -> bool {
        matches!(self, Role::ServiceAdvisor | Role::CareAgent | Role::Admin)
    }

    /// Reads the whole brand's analytics (a dealer's sales manager reads
    /// their dealer's too: `Staff::analytics_desk`).
    pub fn reads_analytics(self) -> bool {
        matches!(self, Role::CrmAnalyst | Role::Admin)
    }

    /// Where a person lands after signing in: the CRM analyst on the
    /// analytics they work on, other staff on the console.
    pub fn home_path(self) -> &'static str {
        if self == Role::CrmAnalyst {
            "/staff/analytics"
        } else if self.is_staff() {
            "/staff"
        } else {
            "/me"
        }
    }
}

/// Whom a staff member works for: one dealer, or the whole brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Desk {
    Dealer(DealerId),
    BrandWide,
}

impl Desk {
    /// The dealer this desk is limited to, if any (`None`: brand-wide).
    pub fn dealer(self) -> Option<DealerId> {
        match self {
            Desk::Dealer(id) => Some(id),
            Desk::BrandWide => None,
        }
    }

    /// The dealer whose workshop this desk works today: its own; a brand-wide
    /// desk (an admin) names one with `asked`.
    pub fn workshop(self, asked: Option<DealerId>) -> Option<DealerId> {
        self.dealer().or(asked)
    }

    /// Whether work at `dealer` is this desk's.
    pub fn covers(self, dealer: DealerId) -> bool {
        self.dealer().is_none_or(|own| own == dealer)
    }
}

/// A staff member at their desk: who acts (for the history) and whose work
/// their actions reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff {
    pub id: UserId,
    pub role: Role,
    pub desk: Desk,
}

impl Staff {
    /// Moves a car to a new owner: brand-wide customer care (and admins) only,
    /// never a dealer's desk, which could hand a customer's car to a friend.
    pub fn may_transfer_cars(&self) -> bool {
        self.role.is_care() && self.desk == Desk::BrandWide
    }

    /// Approves or rejects claims of cars on evidence: the same desks that
    /// transfer cars, for the same reason.
    pub fn may_decide_claims(&self) -> bool {
        self.may_transfer_cars()
    }

    /// Runs the sales floor: an admin, or a lead handler who manages their
    /// dealer's (`manages_leads`, kept on the account). They hand leads to
    /// other handlers and confirm the sale of a car the register does not know.
    pub fn manages_floor(&self, manages_leads: bool) -> bool {
        self.role.is_admin() || (self.role.takes_leads() && manages_leads)
    }

    /// Builds, saves and exports segments of owners: analysts and admins for
    /// the whole brand, and a dealer's staff for the owners their dealer
    /// reaches (`reach::owner_at_dealer`). Brand-wide care works cases, not lists.
    pub fn works_segments(&self) -> bool {
        matches!(self.role, Role::CrmAnalyst | Role::Admin) || matches!(self.desk, Desk::Dealer(_))
    }

    /// Whose figures this desk reads on the analytics page: analysts and
    /// admins the whole brand's, a dealer's sales manager (`manages_floor`)
    /// their own dealer's; nobody else any.
    pub fn analytics_desk(&self, manages_leads: bool) -> Option<Desk> {
        if self.role.reads_analytics() {
            Some(Desk::BrandWide)
        } else if self.manages_floor(manages_leads) {
            Some(self.desk)
        } else {
            None
        }
    }
}

/// A change of a car's odometer by staff: raising it to a checked reading is
/// everyday work; lowering it (a typo, a swapped instrument) undoes history,
/// so it needs an admin and a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MileageChange {
    Raise,
    Lower,
}

impl MileageChange {
    pub fn of(before: Option<u32>, after: u32) -> Self {
        if before.is_some_and(|b| after < b) {
            MileageChange::Lower
        } else {
            MileageChange::Raise
        }
    }

    /// Whether `role` may make this change, given whether a reason was written.
    pub fn allowed(self, role: Role, has_reason: bool) -> Result<(), MileageChangeError> {
        match self {
            MileageChange::Raise if role.may_correct_mileage() => Ok(()),
            MileageChange::Lower if role.is_admin() && has_reason => Ok(()),
            MileageChange::Lower if role.is_admin() => Err(MileageChangeError::ReasonRequired),
            _ => Err(MileageChangeError::AdminOnly),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MileageChangeError {
    ReasonRequired,
    AdminOnly,
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
    /// A lead handler who manages their dealer's floor (`Staff::manages_floor`).
    pub manages_leads: bool,
}

impl User {
    /// The desk a staff member works at (`None` for owners and moderators).
    pub fn desk(&self) -> Option<Desk> {
        if !self.role.is_staff() {
            return None;
        }
        Some(match self.dealer_id {
            Some(id) if self.role.may_have_dealer() => Desk::Dealer(id),
            _ => Desk::BrandWide,
        })
    }

    /// This user as staff at their desk (`None` for owners and moderators).
    pub fn as_staff(&self) -> Option<Staff> {
        self.desk().map(|desk| Staff { id: self.id, role: self.role, desk })
    }

    /// Whose figures the analytics page shows this account, if any (`Staff::analytics_desk`).
    pub fn analytics_desk(&self) -> Option<Desk> {
        self.as_staff()?.analytics_desk(self.manages_leads)
    }
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
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    fn user(role: Role, dealer_id: Option<DealerId>) -> User {
        User {
            id: 1,
            display_name: "X".into(),
            role,
            dealer_id,
            mobile: None,
            email: None,
            locale: None,
            manages_leads: false,
        }
    }

    #[test]
    fn a_desk_is_a_dealer_or_the_brand_and_owners_have_none() {
        assert_eq!(user(Role::ServiceAdvisor, Some(3)).desk(), Some(Desk::Dealer(3)));
        assert_eq!(user(Role::CareAgent, Some(3)).desk(), Some(Desk::Dealer(3)));
        assert_eq!(user(Role::CareAgent, None).desk(), Some(Desk::BrandWide));
        assert_eq!(user(Role::CrmAnalyst, None).desk(), Some(Desk::BrandWide));
        assert_eq!(user(Role::Admin, None).desk(), Some(Desk::BrandWide));
        assert_eq!(user(Role::Owner, None).desk(), None);
        assert_eq!(user(Role::Moderator, None).desk(), None);
        assert_eq!(Desk::Dealer(3).workshop(Some(4)), Some(3), "a dealer's desk works its own workshop");
        assert_eq!(Desk::BrandWide.workshop(Some(4)), Some(4));
        assert_eq!(Desk::BrandWide.workshop(None), None);
        assert!(Desk::BrandWide.covers(7));
        assert!(Desk::Dealer(3).covers(3));
        assert!(!Desk::Dealer(3).covers(4));
    }

    #[test]
    fn lowering_mileage_needs_an_admin_and_a_reason() {
        assert_eq!(MileageChange::of(Some(10_000), 9_999), MileageChange::Lower);
        assert_eq!(MileageChange::of(Some(10_000), 10_000), MileageChange::Raise);
        assert_eq!(MileageChange::of(None, 5), MileageChange::Raise);
        assert_eq!(MileageChange::Raise.allowed(Role::ServiceAdvisor, false), Ok(()));
        assert_eq!(MileageChange::Raise.allowed(Role::LeadHandler, true), Err(MileageChangeError::AdminOnly));
        assert_eq!(MileageChange::Lower.allowed(Role::ServiceAdvisor, true), Err(MileageChangeError::AdminOnly));
        assert_eq!(MileageChange::Lower.allowed(Role::Admin, false), Err(MileageChangeError::ReasonRequired));
        assert_eq!(MileageChange::Lower.allowed(Role::Admin, true), Ok(()));
    }

    #[test]
    fn only_those_who_call_owners_about_their_car_see_contacts() {
        let seeing: Vec<Role> = Role::ALL.into_iter().filter(|r| r.sees_owner_contacts()).collect();
        assert_eq!(seeing, [Role::ServiceAdvisor, Role::CareAgent, Role::Admin]);
    }

    #[test]
    fn every_staff_desk_opens_the_customer_page_and_owners_do_not() {
        let serving: Vec<Role> = Role::ALL.into_iter().filter(|r| r.serves_owners()).collect();
        assert_eq!(serving, [Role::ServiceAdvisor, Role::LeadHandler, Role::CareAgent, Role::CrmAnalyst, Role::Admin]);
    }

    #[test]
    fn the_sales_floor_and_care_record_callers_as_leads() {
        let taking: Vec<Role> = Role::ALL.into_iter().filter(|r| r.takes_callers()).collect();
        assert_eq!(taking, [Role::LeadHandler, Role::CareAgent, Role::Admin]);
    }

    #[test]
    fn only_staff_roles_use_the_console() {
        let staff: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert!(!staff.contains(&Role::Owner));
        assert!(!staff.contains(&Role::Moderator));
        assert_eq!(staff.len(), 5);
    }

    #[test]
    fn the_sales_floor_is_run_by_admins_and_managing_handlers_only() {
        let staff = |role| Staff { id: 1, role, desk: Desk::Dealer(2) };
        assert!(staff(Role::Admin).manages_floor(false));
        assert!(staff(Role::LeadHandler).manages_floor(true));
        assert!(!staff(Role::LeadHandler).manages_floor(false), "a handler who does not manage");
        assert!(!staff(Role::ServiceAdvisor).manages_floor(true), "the flag alone is not enough");
        let taking: Vec<Role> = Role::ALL.into_iter().filter(|r| r.takes_leads()).collect();
        assert_eq!(taking, vec![Role::LeadHandler], "admins work the board but are handed no leads");
    }

    #[test]
    fn segments_are_for_analysts_admins_and_a_dealers_own_staff() {
        let at = |role, desk| Staff { id: 1, role, desk }.works_segments();
        assert!(at(Role::CrmAnalyst, Desk::BrandWide));
        assert!(at(Role::Admin, Desk::BrandWide));
        assert!(at(Role::ServiceAdvisor, Desk::Dealer(2)));
        assert!(at(Role::LeadHandler, Desk::Dealer(2)));
        assert!(at(Role::CareAgent, Desk::Dealer(2)));
        assert!(!at(Role::CareAgent, Desk::BrandWide), "brand-wide care works cases");
    }

    #[test]
    fn analytics_are_the_brands_for_analysts_and_a_dealers_for_its_manager() {
        let staff = |role| Staff { id: 1, role, desk: Desk::BrandWide };
        assert_eq!(staff(Role::CrmAnalyst).analytics_desk(false), Some(Desk::BrandWide));
        assert_eq!(staff(Role::Admin).analytics_desk(false), Some(Desk::BrandWide));
        let manager = Staff { desk: Desk::Dealer(4), ..staff(Role::LeadHandler) };
        assert_eq!(manager.analytics_desk(true), Some(Desk::Dealer(4)), "their dealer only");
        assert_eq!(manager.analytics_desk(false), None, "a handler who does not manage");
        assert_eq!(staff(Role::ServiceAdvisor).analytics_desk(true), None);
        assert_eq!(staff(Role::CareAgent).analytics_desk(false), None);
        assert_eq!(Role::CrmAnalyst.home_path(), "/staff/analytics");
        assert_eq!(Role::CareAgent.home_path(), "/staff");
    }
}
