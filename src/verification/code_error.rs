//! Why a typed verification code is refused. A leaf module: `crate::error` wraps it,
//! and this module needs nothing from `crate::error` or its parent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CodeError {
    #[error("a code has 6 digits")]
    Malformed,
    #[error("the code is wrong")]
    Wrong,
    #[error("the code has expired")]
    Expired,
    #[error("the code has had all its tries")]
    TooManyTries,
    #[error("the code has been used")]
    Used,
}
