//! Why a visit's arrival (or its absence) cannot be recorded now: the
//! refusals of `booking::check_in_open` and `booking::no_show_open`. A leaf
//! module: `crate::error` wraps it, and it needs nothing from the crate.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ArrivalRefusal {
    #[error("a car is checked in on its visit's day only")]
    NotItsDay,
    #[error("a visit is marked as missed from its day on, not before")]
    BeforeItsDay,
    /// A phone booking its owner has not confirmed is checked in only around
    /// its time, and not at once.
    #[error("a phone booking its owner has not confirmed cannot be checked in now")]
    AwaitsOwner,
}
