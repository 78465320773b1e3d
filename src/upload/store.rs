//! Where uploads live. The database by default, so backups and several app
//! instances just work; an object store can implement `FileStore` later.

use super::{CleanImage, Purpose};
use crate::account::UserId;
use crate::db::Db;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Transaction};
use std::future::Future;
use std::pin::Pin;

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'a>>;

/// Where uploaded pictures are kept. `put` runs inside the feature's
/// transaction (the database store writes in it; an object store would write
/// its object first and keep only the key there, so a failed transaction
/// leaves at worst an orphaned object, never a record without its file). The
/// provided methods keep pictures in the `uploads` table, as `InDatabase` does.
pub trait FileStore: Send + Sync {
    fn put<'a>(
        &'a self,
        tx: &'a mut Transaction<'static, Any>,
        uploader: UserId,
        purpose: Purpose,
        image: &'a CleanImage,
        now: DateTime<Utc>,
    ) -> Boxed<'a, i64> {
        Box::pin(save(&mut **tx, uploader, purpose, image, now))
    }

    fn get<'a>(&'a self, db: &'a Db, id: i64) -> Boxed<'a, Option<StoredFile>> {
        Box::pin(load(db, id))
    }
}

/// The default store: the `uploads` table, so backups and several app
/// instances need nothing else.
#[derive(Debug, Default, Clone, Copy)]
pub struct InDatabase;

impl FileStore for InDatabase {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: i64,
    pub uploader: UserId,
    pub purpose: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Saves a cleaned picture; returns its id.
async fn save<'e>(
    exec: impl Executor<'e, Database = Any>,
    uploader: UserId,
    purpose: Purpose,
    image: &CleanImage,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO uploads (uploader_id, purpose, content_type, width, height, size, bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(uploader)
    .bind(purpose.as_str())
    .bind(image.content_type)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(i64::try_from(image.bytes.len()).unwrap_or(i64::MAX))
    .bind(image.bytes.clone())
    .bind(now.timestamp_millis())
    .fetch_one(exec)
    .await
}

async fn load(db: &Db, id: i64) -> Result<Option<StoredFile>, sqlx::Error> {
    let row: Option<(i64, i64, String, String, Vec<u8>)> =
        sqlx::query_as("SELECT id, uploader_id, purpose, content_type, bytes FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(id, uploader, purpose, content_type, bytes)| StoredFile {
        id,
        uploader,
        purpose,
        content_type,
        bytes,
    }))
}

/// Who may see an upload besides its uploader and admins. A receipt is the
/// owner's own paper: only brand-wide customer care may open it (when the
/// owner asks for help). A booking's photos are for staff at the booking's
/// dealer (and brand-wide staff); a case's evidence for customer care on that
/// case's patch; a claim's registration certificate for the brand-wide care
/// desk that decides claims.
pub async fn may_see(db: &Db, viewer: Option<&crate::account::User>, file: &StoredFile) -> Result<bool, sqlx::Error> {
    let purpose = file.purpose.as_str();
    // A club picture is seen by whoever reads its post while the post is out
    // (the public too, on a public board), and by its author and the board's
    // moderators whatever its state.
    if purpose == Purpose::ClubImage.as_str() {
        let out: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM club_post_images i JOIN club_posts p ON p.id = i.post_id JOIN club_boards b ON b.id = p.board_id
             WHERE i.upload_id = $1 AND ((p.status = 'visible' AND (b.public = 1 OR $2 = 1)) OR p.author_id = $3
               OR EXISTS (SELECT 1 FROM club_board_moderators m JOIN users u ON u.id = m.user_id
                          WHERE m.board_id = p.board_id AND m.user_id = $3 AND u.role = 'moderator'))",
        )
        .bind(file.id)
        .bind(i64::from(viewer.is_some()))
        .bind(viewer.map_or(0, |v| v.id))
        .fetch_optional(db.pool())
        .await?;
        return Ok(out.is_some() || viewer.is_some_and(|v| v.role.is_admin()));
    }
    let Some(viewer) = viewer else { return Ok(false) };
    if file.uploader == viewer.id || viewer.role.is_admin() {
        return Ok(true);
    }
    if !viewer.role.is_staff() {
        return Ok(false);
    }
    if purpose == Purpose::Receipt.as_str() || purpose == Purpose::ClaimEvidence.as_str() {
        return Ok(viewer.as_staff().is_some_and(|staff| staff.may_decide_claims()));
    }
    if viewer.dealer_id.is_none() {
        return Ok(purpose != Purpose::CasePhoto.as_str() || viewer.role.is_care());
    }
    let at_dealer = if purpose == Purpose::BookingPhoto.as_str() {
        "SELECT 1 FROM booking_photos p JOIN bookings b ON b.id = p.booking_id WHERE p.upload_id = $1 AND b.dealer_id = $2"
    } else if purpose == Purpose::CasePhoto.as_str() && viewer.role.is_care() {
        "SELECT 1 FROM case_photos p JOIN cases c ON c.id = p.case_id WHERE p.upload_id = $1 AND c.dealer_id = $2"
    } else {
        return Ok(false);
    };
    let found: Option<i64> =
        sqlx::query_scalar(at_dealer).bind(file.id).bind(viewer.dealer_id).fetch_optional(db.pool()).await?;
    Ok(found.is_some())
}
