//! Why a lead may not move as asked. A leaf module: `crate::error` wraps it,
//! and this module needs nothing from `crate::error` or its parent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this step does not follow from the lead's stage")]
    NotFromHere,
    /// The VIN of a won sale is already another person's car.
    #[error("this car is already registered to someone else")]
    CarTaken,
    #[error("only the dealer's sales manager reassigns leads")]
    ManagerOnly,
    #[error("the new handler does not work this dealer's leads")]
    NotAHandlerHere,
    /// A drive is done once it has begun.
    #[error("the test drive has not started yet")]
    DriveNotYet,
    /// A lead is lost only after a real contact (`lead::may_lose`).
    #[error("nobody has reached the prospect yet: log a call or message first")]
    NeverContacted,
    /// The buyer's mobile is on an account that never proved it (or is
    /// disabled): customer care sorts out whose number it is first.
    #[error("the buyer's mobile is on an unverified or disabled account")]
    MobileUnproven,
    /// The VIN is in the register, but not in this dealer's stock.
    #[error("this car is not in the dealer's stock")]
    NotOurStock,
    /// The VIN is this dealer's stock, of another model than the lead's.
    #[error("this car is another model than the lead's")]
    WrongModel,
    /// The register does not know the VIN: the sales manager confirms it.
    #[error("a car the register does not know is sold only with the sales manager's confirmation")]
    UnregisteredNeedsManager,
}
