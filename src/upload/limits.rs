//! What an upload may be, and why one is refused (a leaf module: the picture
//! cleaning beside it needs these, and nothing of its parent).

use serde::{Deserialize, Serialize};

/// Largest accepted file, before processing.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Larger pictures are scaled down to this on their longest side.
pub const MAX_SIDE: u32 = 2560;
/// The most pixels a picture may have (40 megapixels, e.g. 8000 × 5000): a
/// small file can claim a huge picture, so this is checked before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than 8 MB")]
    TooLarge,
    #[error("the file is not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("the picture is damaged or too large to open")]
    Unreadable,
    #[error("the picture has more than 40 megapixels")]
    TooManyPixels,
}
