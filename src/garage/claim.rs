//! Claims of a car from the brand's register. A car is an owner's only with
//! proof: the buyer's verified mobile, as the selling dealer recorded it, or a
//! photo of the registration certificate (行驶证) that customer care approves.
//! A waiting claim shows nothing of the car.

use crate::types::{Mobile, Vin};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// Claims one account may try in a day, whatever their answer: VINs are
/// visible through the windscreen, so trying them is how a car is taken.
pub const CLAIMS_PER_ACCOUNT_DAY: i64 = 10;
/// Claims from one client address in an hour (generous: a carrier's NAT puts
/// many owners behind one address).
pub const CLAIMS_PER_ADDRESS_HOUR: i64 = 50;
/// The longest reason care gives for rejecting a claim.
pub const MAX_REASON_CHARS: usize = 200;

stored_enum! {
    /// Where a claim stands.
    pub enum Status {
        /// Waits for customer care with its evidence.
        Pending = "pending",
        /// From the registered buyer: the ownership started at once.
        Accepted = "accepted",
        /// Care approved the evidence: the ownership started.
        Approved = "approved",
        /// Care did not accept the evidence (with a reason).
        Rejected = "rejected",
        /// Ended unheard: the buyer claimed the car, or another claim was approved.
        Superseded = "superseded",
    }
}

/// What is done to a waiting claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Approve,
    Reject,
    Supersede,
}

/// Who moves a claim: customer care decides it on its evidence; the portal
/// ends it unheard when the car goes to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Care,
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this claim has been decided already")]
    Decided,
    #[error("this step is not yours to take")]
    NotYours,
}

/// The status after `action` by `by`. Only a waiting claim moves; every
/// decided one stays as it was decided.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    let (to, party) = match (from, action) {
        (Status::Pending, Action::Approve) => (Status::Approved, Party::Care),
        (Status::Pending, Action::Reject) => (Status::Rejected, Party::Care),
        (Status::Pending, Action::Supersede) => (Status::Superseded, Party::System),
        _ => return Err(TransitionError::Decided),
    };
    if party == by {
        Ok(to)
    } else {
        Err(TransitionError::NotYours)
    }
}

stored_enum! {
    /// How an ownership began.
    pub enum Basis {
        /// Claimed before proof was asked: it stands on nothing.
        Legacy = "legacy",
        /// The registered buyer's verified mobile.
        Register = "register",
        /// Customer care: evidence approved, or a transfer on proof of sale.
        Care = "care",
    }
}

impl Basis {
    pub fn on_proof(self) -> bool {
        self != Basis::Legacy
    }
}

/// Who holds the car in the portal when a claim comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Nobody,
    Claimant,
    Other(Basis),
}

/// What a new claim does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The car is the claimant's already: nothing changes.
    AlreadyYours,
    /// The registered buyer's claim: their ownership starts now, ending the
    /// holder's when `ends_holder` (one without proof).
    Accept { ends_holder: bool },
    /// It waits for customer care, with evidence.
    Pending,
}

/// The rightful buyer can always claim, except a car someone else holds on
/// proof (care has seen a sale the register does not know of): that, and
/// everyone else's claim, waits for care.
pub fn opening(by_buyer: bool, holder: Holder) -> Opening {
    match holder {
        Holder::Claimant => Opening::AlreadyYours,
        Holder::Nobody if by_buyer => Opening::Accept { ends_holder: false },
        Holder::Other(basis) if by_buyer && !basis.on_proof() => Opening::Accept { ends_holder: true },
        _ => Opening::Pending,
    }
}

/// Whether the claimant is the buyer the register names: a verified mobile,
/// the same number the dealer recorded. A car with no recorded number has no
/// such buyer.
pub fn is_registered_buyer(registered: Option<&str>, mobile: Option<&str>, mobile_verified: bool) -> bool {
    let number = |raw: Option<&str>| raw.and_then(|m| Mobile::parse(m).ok());
    match (number(registered), number(mobile)) {
        (Some(registered), Some(mobile)) => mobile_verified && registered == mobile,
        _ => false,
    }
}

/// What a claim came to, with the VIN as the register spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Claimed {
    /// In the claimant's garage (now, or already).
    Owned(String),
    /// Waiting for customer care.
    Pending(String),
}

/// A claim waiting for care, as the claimant sees it in the garage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyClaim {
    pub id: i64,
    pub vin: Vin,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub filed_at: DateTime<Utc>,
}

/// Who holds a claimed car in the portal now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentHolder {
    pub name: String,
    pub on_proof: bool,
}

/// A waiting claim as customer care sees it in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedClaim {
    pub id: i64,
    pub vin: Vin,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub sale_date: Option<NaiveDate>,
    pub claimant_id: i64,
    pub claimant_name: String,
    pub claimant_mobile: Option<String>,
    pub claimant_email: Option<String>,
    /// The claimant's verified mobile is the one in the register (the claim
    /// waits only because someone holds the car on proof).
    pub matches_register: bool,
    pub filed_at: DateTime<Utc>,
    /// The photo of the registration certificate.
    pub evidence: Option<i64>,
    pub holder: Option<CurrentHolder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_waiting_claim_is_decided_and_only_once() {
        use Action::*;
        use Status::*;
        assert_eq!(transition(Pending, Approve, Party::Care), Ok(Approved));
        assert_eq!(transition(Pending, Reject, Party::Care), Ok(Rejected));
        assert_eq!(transition(Pending, Supersede, Party::System), Ok(Superseded));
        for from in [Accepted, Approved, Rejected, Superseded] {
            for (action, by) in [(Approve, Party::Care), (Reject, Party::Care), (Supersede, Party::System)] {
                assert_eq!(transition(from, action, by), Err(TransitionError::Decided), "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn care_decides_and_only_the_portal_ends_a_claim_unheard() {
        assert_eq!(transition(Status::Pending, Action::Supersede, Party::Care), Err(TransitionError::NotYours));
        assert_eq!(transition(Status::Pending, Action::Approve, Party::System), Err(TransitionError::NotYours));
        assert_eq!(transition(Status::Pending, Action::Reject, Party::System), Err(TransitionError::NotYours));
    }

    #[test]
    fn every_status_round_trips_through_its_name() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("won"), None);
        assert_eq!(Basis::parse("legacy").map(Basis::on_proof), Some(false));
        assert_eq!(Basis::parse("register").map(Basis::on_proof), Some(true));
        assert_eq!(Basis::parse("care").map(Basis::on_proof), Some(true));
    }

    #[test]
    fn the_buyer_takes_a_free_car_or_one_held_without_proof_and_everyone_else_waits() {
        assert_eq!(opening(true, Holder::Nobody), Opening::Accept { ends_holder: false });
        assert_eq!(opening(true, Holder::Other(Basis::Legacy)), Opening::Accept { ends_holder: true });
        assert_eq!(opening(true, Holder::Other(Basis::Care)), Opening::Pending, "care saw a sale after the register");
        assert_eq!(opening(true, Holder::Other(Basis::Register)), Opening::Pending);
        assert_eq!(opening(false, Holder::Nobody), Opening::Pending);
        assert_eq!(opening(false, Holder::Other(Basis::Legacy)), Opening::Pending, "a squatter never ends anyone");
        assert_eq!(opening(false, Holder::Claimant), Opening::AlreadyYours);
        assert_eq!(opening(true, Holder::Claimant), Opening::AlreadyYours);
    }

    #[test]
    fn the_buyer_is_the_verified_holder_of_the_registered_number() {
        assert!(is_registered_buyer(Some("13800000001"), Some("13800000001"), true));
        assert!(
            is_registered_buyer(Some("+86 138-0000-0001"), Some("13800000001"), true),
            "the same number written differently"
        );
        assert!(
            !is_registered_buyer(Some("13800000001"), Some("13800000001"), false),
            "an unverified number proves nothing"
        );
        assert!(!is_registered_buyer(Some("13800000001"), Some("13800000002"), true));
        assert!(!is_registered_buyer(None, Some("13800000001"), true), "no recorded number, no buyer");
        assert!(!is_registered_buyer(None, None, true));
        assert!(!is_registered_buyer(Some("13800000001"), None, true), "an e-mail-only account");
    }
}
