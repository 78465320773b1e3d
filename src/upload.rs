//! Uploaded photos (receipts, booking photos, complaint evidence, later the
//! club): the type is judged by the content, never the name; the picture is
//! decoded and re-encoded, so EXIF and GPS metadata never reach storage; and it
//! is kept behind a small storage trait (the database by default).

#[cfg(feature = "ssr")]
mod image_ops;
mod limits;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use image_ops::{clean, CleanImage};
pub use limits::{UploadError, MAX_PIXELS, MAX_SIDE, MAX_UPLOAD_BYTES};

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
        /// A picture in a club post: seen by whoever may read the post.
        ClubImage = "club-image",
    }
}
