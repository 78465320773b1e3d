//! Sniffing, decoding and re-encoding pictures, on blocking threads and a few
//! at a time: a picture can take seconds of CPU and hundreds of MB.

use super::limits::{UploadError, MAX_PIXELS, MAX_SIDE, MAX_UPLOAD_BYTES};
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use tokio::sync::Semaphore;

/// Pictures cleaned at once, across all requests; the others wait their turn.
const PICTURE_JOBS: usize = 2;
static JOBS: Semaphore = Semaphore::const_new(PICTURE_JOBS);

/// What a decoder may allocate: a picture of `MAX_PIXELS` in 8-bit RGBA, plus
/// the decoder's own working buffers. Every later buffer is the scaled-down
/// picture's (at most `MAX_SIDE` square), so one job stays under about 200 MB.
/// (A 16-bit picture fits only up to half the pixels; phones send 8-bit.)
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + 32 * 1024 * 1024;

/// [`CleanImage::from_upload`] on a blocking thread, so the async threads keep
/// answering while a picture is decoded and re-encoded.
pub async fn clean(bytes: Vec<u8>) -> Result<CleanImage, UploadError> {
    let permit = JOBS.acquire().await.expect("the picture-job semaphore is never closed");
    tokio::task::spawn_blocking(move || {
        // Held until the work is done, even when the request that asked has gone.
        let _permit = permit;
        CleanImage::from_upload(&bytes)
    })
    .await
    .unwrap_or_else(|err| {
        tracing::error!(error = %err, "a picture job panicked or was cancelled");
        Err(UploadError::Unreadable)
    })
}

/// Refuses a picture with more than `MAX_PIXELS`, whatever its shape.
fn check_pixels(width: u32, height: u32) -> Result<(), UploadError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(UploadError::TooManyPixels);
    }
    Ok(())
}

/// A picture that has been decoded and written anew: only pixels survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanImage {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl CleanImage {
    pub fn from_upload(bytes: &[u8]) -> Result<Self, UploadError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooLarge);
        }
        let format = image::guess_format(bytes).map_err(|_| UploadError::NotAPicture)?;
        if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
            return Err(UploadError::NotAPicture);
        }
        // Refuses decompression bombs before they take the memory: the header
        // gives the size, and nothing is decoded past the pixel budget.
        let dimensions = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions();
        let (width, height) = dimensions.map_err(|_| UploadError::Unreadable)?;
        check_pixels(width, height)?;
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(12_000);
        limits.max_image_height = Some(12_000);
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        let mut picture = reader.decode().map_err(|_| UploadError::Unreadable)?;
        if picture.width().max(picture.height()) > MAX_SIDE {
            // Area sampling straight into the small picture: no full-size
            // intermediate buffer, unlike the filtered resizes.
            picture = picture.thumbnail(MAX_SIDE, MAX_SIDE);
        }
        // Transparency needs PNG; everything else travels best as JPEG.
        let (out_format, content_type) = if picture.color().has_alpha() && format == ImageFormat::Png {
            (ImageFormat::Png, "image/png")
        } else {
            picture = image::DynamicImage::ImageRgb8(picture.to_rgb8());
            (ImageFormat::Jpeg, "image/jpeg")
        };
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, out_format).map_err(|_| UploadError::Unreadable)?;
        Ok(Self { content_type, bytes: out.into_inner(), width: picture.width(), height: picture.height() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_exif() -> Vec<u8> {
        let picture = image::DynamicImage::new_rgb8(40, 30);
        let mut plain = Cursor::new(Vec::new());
        picture.write_to(&mut plain, ImageFormat::Jpeg).unwrap_or_default();
        let plain = plain.into_inner();
        // An APP1 "Exif" segment with a GPS marker right after the SOI marker.
        let payload = b"Exif\0\0GPSLatitude=31.2304N";
        let len = (payload.len() + 2) as u16;
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&len.to_be_bytes());
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&plain[2..]);
        with_exif
    }

    #[test]
    fn re_encoding_drops_exif_and_gps() {
        let upload = jpeg_with_exif();
        assert!(upload.windows(11).any(|w| w == b"GPSLatitude"), "the fixture carries GPS data");
        let clean = CleanImage::from_upload(&upload).map_err(|e| e.to_string());
        let clean =
            clean.as_ref().map(|c| (c.content_type, c.width, c.height, c.bytes.windows(4).any(|w| w == b"Exif")));
        assert_eq!(clean, Ok(("image/jpeg", 40, 30, false)));
    }

    #[test]
    fn the_type_is_judged_by_content_not_by_name() {
        assert_eq!(CleanImage::from_upload(b"GIF89a not really"), Err(UploadError::NotAPicture));
        assert_eq!(CleanImage::from_upload(b"%PDF-1.7 pretending to be photo.jpg"), Err(UploadError::NotAPicture));
        // JPEG magic bytes followed by garbage: claims to be a JPEG, is not one.
        assert_eq!(CleanImage::from_upload(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]), Err(UploadError::Unreadable));
    }

    #[test]
    fn large_pictures_are_scaled_down_and_huge_files_refused() {
        let big = image::DynamicImage::new_rgb8(MAX_SIDE * 2, 100);
        let mut png = Cursor::new(Vec::new());
        big.write_to(&mut png, ImageFormat::Png).unwrap_or_default();
        let clean = CleanImage::from_upload(&png.into_inner()).map(|c| (c.width, c.height));
        assert_eq!(clean, Ok((MAX_SIDE, 50)));
        assert_eq!(CleanImage::from_upload(&vec![0u8; MAX_UPLOAD_BYTES + 1]), Err(UploadError::TooLarge));
    }

    /// A blank greyscale PNG: tiny on disk however many pixels it claims.
    fn blank_png(width: u32, height: u32) -> Vec<u8> {
        use image::codecs::png::{CompressionType, FilterType, PngEncoder};
        use image::ImageEncoder;
        let pixels = vec![0u8; width as usize * height as usize];
        let mut png = Vec::new();
        PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::NoFilter)
            .write_image(&pixels, width, height, image::ExtendedColorType::L8)
            .expect("a blank picture encodes");
        png
    }

    #[test]
    fn the_pixel_budget_ends_at_forty_megapixels_whatever_the_shape() {
        assert_eq!(check_pixels(8000, 5000), Ok(()));
        assert_eq!(check_pixels(8000, 5001), Err(UploadError::TooManyPixels));
        assert_eq!(check_pixels(40_000_000, 1), Ok(()));
        assert_eq!(check_pixels(u32::MAX, u32::MAX), Err(UploadError::TooManyPixels));
    }

    #[tokio::test]
    async fn a_small_file_claiming_too_many_pixels_is_refused() {
        let png = blank_png(9000, 9000);
        assert!(png.len() < MAX_UPLOAD_BYTES, "the fixture is a small file ({} bytes)", png.len());
        assert_eq!(clean(png).await, Err(UploadError::TooManyPixels));
    }

    #[tokio::test]
    async fn a_picture_is_cleaned_off_the_async_threads() {
        let cleaned = clean(jpeg_with_exif()).await.map(|c| (c.content_type, c.width, c.height));
        assert_eq!(cleaned, Ok(("image/jpeg", 40, 30)));
    }
}
