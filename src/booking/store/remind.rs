//! The day-before reminder of a booked visit, sent once.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::notify::notice::Bilingual;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use chrono::DateTime;

/// Tells each owner, once, about an appointment in the next 48 hours (in the
/// portal and by their channel); the daily run makes that "the day before".
/// Returns how many were sent; a second run sends none.
pub async fn remind_day_before(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let due: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT b.id, b.owner_id, b.starts_at, d.name_zh, d.name_en, d.time_zone
         FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         WHERE b.status = 'booked' AND b.reminded_at IS NULL AND b.starts_at > $1 AND b.starts_at <= $2",
    )
    .bind(now.timestamp_millis())
    .bind((now + chrono::Duration::hours(48)).timestamp_millis())
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for (id, owner, starts_at, dealer_zh, dealer_en, zone) in due {
        let mut tx = db.begin_write().await?;
        // Claimed once, and only while still booked (not cancelled or moved since the SELECT).
        let claimed = sqlx::query(
            "UPDATE bookings SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'booked' AND starts_at = $3",
        )
        .bind(now.timestamp_millis())
        .bind(id)
        .bind(starts_at)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let at = crate::zone::named(&zone)
            .map(|z| crate::zone::wall_clock(z, DateTime::from_timestamp_millis(starts_at).unwrap_or_default()))
            .unwrap_or_default();
        let link = format!("/me/bookings/{id}");
        let notice = Notice::BookingReminder { dealer: Bilingual::new(dealer_zh, dealer_en), at };
        let message = Message { notice, link: &link, category: Category::Service };
        tell(&mut tx, owner, message, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
