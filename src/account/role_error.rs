//! Why a role cannot be given as asked. A leaf module: `crate::error` wraps
//! it, and this module needs nothing from `crate::error` or its parent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RoleError {
    #[error("this role works at a dealer: choose one")]
    DealerRequired,
    #[error("this role does not belong to a dealer")]
    DealerNotAllowed,
    #[error("no such role")]
    Unknown,
}
