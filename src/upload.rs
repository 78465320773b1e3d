//! Uploaded photos (receipts, booking photos, complaint evidence, later the
//! club): the type is judged by the content, never the name; the picture is
//! decoded and re-encoded, so EXIF and GPS metadata never reach storage; and it
//! is kept behind a small storage trait (the database by default).

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod image_ops;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use image_ops::{clean, CleanImage};

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

stored_enum! {
    /// What an upload is for; who may see it follows from this and its uploader.
    pub enum Purpose {
        Receipt = "receipt",
        /// The owner's photo of the concern, on a service booking.
        BookingPhoto = "booking-photo",
        /// Evidence attached to a feedback or complaint case.
        CasePhoto = "case-photo",
        /// A photo of a car's registration certificate (行驶证), sent with a claim.
        ClaimEvidence = "claim-evidence",
    }
}
