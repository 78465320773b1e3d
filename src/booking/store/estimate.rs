//! Extra work found in the workshop: the advisor sends an estimate, the owner
//! approves or declines it once; the work goes on either way.

use super::row::event;
use super::status::{step, Records};
use crate::account::UserId;
use crate::booking::{DealerVisit, Decision, Party, Step};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
use crate::types::Money;

/// Extra work found: the owner is asked to approve or decline it.
pub async fn send_estimate(
    db: &Db,
    clock: &dyn Clock,
    visit: DealerVisit,
    items: &str,
    amount: Money,
) -> Result<i64, DomainError> {
    let DealerVisit { advisor, dealer, booking } = visit;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let owner = step(&mut tx, dealer, booking, Step::SendEstimate, Party::Dealer, Records::at(now)).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO estimates (booking_id, items, amount_fen, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(booking)
    .bind(items)
    .bind(amount.fen())
    .bind(advisor)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    event(&mut tx, booking, now, advisor, "estimate", &format!("{items}: {amount}")).await?;
    let link = format!("/me/bookings/{booking}");
    let notice = Notice::Estimate { amount: amount.to_string() };
    tell(&mut tx, owner, Message { notice, link: &link, category: Category::Service }, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The owner's answer to an estimate on their own booking; the work goes on
/// either way (with or without the extra items), and the answer keeps its time.
/// Returns the booking.
pub async fn decide(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    estimate: i64,
    decision: Decision,
) -> Result<i64, DomainError> {
    let now = clock.now();
    let booking: Option<(i64, i64)> = sqlx::query_as(
        "SELECT b.id, b.dealer_id FROM estimates e JOIN bookings b ON b.id = e.booking_id
         WHERE e.id = $1 AND b.owner_id = $2",
    )
    .bind(estimate)
    .bind(owner)
    .fetch_optional(db.pool())
    .await?;
    let (booking, dealer) = booking.ok_or(DomainError::NotFound)?;
    let mut tx = db.begin_write().await?;
    let answered =
        sqlx::query("UPDATE estimates SET decision = $1, decided_at = $2 WHERE id = $3 AND decision IS NULL")
            .bind(decision.as_str())
            .bind(now.timestamp_millis())
            .bind(estimate)
            .execute(&mut *tx)
            .await?;
    if answered.rows_affected() != 1 {
        return Err(FieldError::new(Field::Slot, Problem::WrongState).into());
    }
    step(&mut tx, dealer, booking, Step::AnswerEstimate, Party::Owner, Records::at(now)).await?;
    event(&mut tx, booking, now, owner, decision.as_str(), &estimate.to_string()).await?;
    tx.commit().await?;
    Ok(booking)
}
