//! Reading a case: the owner's view (no internal notes, ever), the staff view
//! with everything, and the owner's list.

use super::row::{at, decode, on_desk, owned, CaseRow, CASE_SELECT};
use crate::account::{Staff, UserId};
use crate::case::{
    transition, window, Action, Actor, CaseBooking, CaseView, Channel, Console, Detail, Event, Message, Party, Status,
    Summary,
};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::OwnerContact;
use chrono::{DateTime, Utc};

async fn view(db: &Db, row: CaseRow, with_internal: bool, now: DateTime<Utc>) -> Result<CaseView, DomainError> {
    let rows: Vec<(i64, i64, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT m.id, m.created_at, CASE WHEN m.author_id = c.owner_id THEN NULL ELSE u.display_name END, m.body,
                m.internal
         FROM case_messages m JOIN cases c ON c.id = m.case_id JOIN users u ON u.id = m.author_id
         WHERE m.case_id = $1 AND (m.internal = 0 OR $2 = 1) ORDER BY m.id",
    )
    .bind(row.id)
    .bind(i64::from(with_internal))
    .fetch_all(db.pool())
    .await?;
    let messages = rows
        .into_iter()
        .map(|(id, created, by_staff, body, internal)| Message {
            id,
            at: at(created),
            by_staff,
            body,
            internal: internal == 1,
        })
        .collect();
    let photos: Vec<i64> =
        sqlx::query_scalar("SELECT upload_id FROM case_photos WHERE case_id = $1 ORDER BY upload_id")
            .bind(row.id)
            .fetch_all(db.pool())
            .await?;
    let events: Vec<crate::history::EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.detail, e.actor_id, u.display_name AS actor_name FROM case_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id",
    )
    .bind(row.id)
    .fetch_all(db.pool())
    .await?;
    let history = events
        .into_iter()
        // Internal notes are events too; the owner's history leaves them out.
        .filter(|event| with_internal || event.kind != "note")
        .map(|event| Event {
            at: at(event.at),
            detail: if with_internal { Detail::read(&event.kind, &event.detail) } else { Detail::Nothing },
            kind: event.kind,
            actor: match (event.actor_id, event.actor_name) {
                (Some(id), Some(name)) if id == row.owner_id => Actor::Owner(name),
                (Some(_), Some(name)) => Actor::Staff(name),
                _ => Actor::System,
            },
        })
        .collect();
    let status = row.status()?;
    let reopenable = status == Status::Resolved
        && transition(status, Action::Reopen, Party::Owner).is_ok()
        && window(&Action::Reopen, row.resolved_at.map(at), now).is_ok();
    Ok(CaseView {
        summary: row.summary(now)?,
        description: row.description.clone(),
        vin: row.vin.clone(),
        booking: row.booking_id,
        channel: decode(Channel::parse(&row.channel), "channel")?,
        response_due: at(row.response_due),
        resolution_due: at(row.resolution_due),
        responded_at: row.responded_at.map(at),
        resolved_at: row.resolved_at.map(at),
        closed_at: row.closed_at.map(at),
        merged_into: row.merged_into,
        rating: row.rating.and_then(|r| u8::try_from(r).ok()).map(|r| (r, row.rating_comment.clone())),
        photos,
        messages,
        history,
        reopenable,
    })
}

pub async fn owner_view(db: &Db, clock: &dyn Clock, owner: UserId, id: i64) -> Result<CaseView, DomainError> {
    let row = owned(db, owner, id).await?;
    view(db, row, false, clock.now()).await
}

/// The case at the agent's desk, with its owner (contacts as the desk may see
/// them) and its booking.
pub async fn staff_view(db: &Db, clock: &dyn Clock, staff: Staff, id: i64) -> Result<Console, DomainError> {
    let row = on_desk(db, staff.desk, id).await?;
    let owner_reached = match crate::account::reach::owner(db, staff.desk, row.owner_id).await {
        Ok(()) => true,
        Err(DomainError::NotFound) => false,
        Err(other) => return Err(other),
    };
    let (name, mobile, email): (String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT display_name, mobile, email FROM users WHERE id = $1")
            .bind(row.owner_id)
            .fetch_one(db.pool())
            .await?;
    let owner = OwnerContact::seen_by(staff.role, owner_reached, row.owner_id, name, mobile, email);
    let booking = match row.booking_id {
        Some(booking) => Some(case_booking(db, row.owner_id, booking).await?),
        None => None,
    };
    let case = view(db, row, true, clock.now()).await?;
    Ok(Console { case, owner, owner_reached, booking })
}

async fn case_booking(db: &Db, owner: UserId, id: i64) -> Result<CaseBooking, DomainError> {
    let booking = crate::booking::store::booking(db, owner, id).await?;
    let service = crate::booking::store::service_types(db).await?.into_iter().find(|s| s.id == booking.service_type_id);
    let (service_zh, service_en) = service.map(|s| (s.name_zh, s.name_en)).unwrap_or_default();
    Ok(CaseBooking { booking, service_zh, service_en })
}

pub async fn mine(db: &Db, clock: &dyn Clock, owner: UserId) -> Result<Vec<Summary>, DomainError> {
    let rows: Vec<CaseRow> = sqlx::query_as(&format!("{CASE_SELECT} WHERE c.owner_id = $1 ORDER BY c.id DESC"))
        .bind(owner)
        .fetch_all(db.pool())
        .await?;
    let now = clock.now();
    rows.iter().map(|r| r.summary(now)).collect()
}
