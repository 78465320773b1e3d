//! Why a voucher may not be redeemed or used. A leaf module: `crate::error` wraps it,
//! and this module needs nothing from `crate::error` or its parent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum VoucherError {
    /// The step is not this party's, or the voucher moved meanwhile.
    #[error("this step does not follow from the voucher's status")]
    NotFromHere,
    #[error("this voucher has been used")]
    AlreadyUsed,
    #[error("this voucher has expired")]
    Expired,
    #[error("not enough points")]
    NotEnoughPoints,
    #[error("out of stock")]
    OutOfStock,
    #[error("the limit per owner is reached")]
    LimitReached,
}
