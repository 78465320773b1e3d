//! Why a case may not move as asked. A leaf module: `crate::error` wraps it,
//! and this module needs nothing from `crate::error` or its parent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this step does not follow from the case's status")]
    NotFromHere,
    #[error("a resolved case can be reopened for 14 days only")]
    ReopenExpired,
    #[error("the owner may still rate or reopen the resolution")]
    OwnerMayStillAnswer,
}
