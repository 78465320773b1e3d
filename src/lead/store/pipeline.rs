//! The handler's work on a lead: the simple steps (contact, drive done,
//! negotiate) and a loss, booking a drive, logging a contact, setting the next
//! action, reassigning (the sales manager) and going on or off duty.

use super::capture::drive_offers_for;
use super::shared::drive::{self, drive_at, take_car};
use super::shared::{
    assigned, begin_on_staff, event, first_contact, status_link, text_prospect, write_status, Outcome,
};
use crate::account::{Staff, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, Problem};
use crate::lead::drive::{ending, Action};
use crate::lead::{asks_why, may_lose, transition, EventKind, Move, NextAction, Party, Stage, Touch, TransitionError};
use crate::notify::Notice;
use crate::types::Origin;
use chrono::{DateTime, Utc};

fn refused(e: TransitionError) -> DomainError {
    DomainError::invalid(Field::Outcome, e)
}

/// Contact, drive done, negotiate or lose, with the handler's note. A win has
/// its own path (`win`), as has booking a drive (`book_drive`).
pub async fn act(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    staff: &Staff,
    id: i64,
    step: Move,
    note: &str,
) -> Result<(), DomainError> {
    if matches!(step, Move::Win { .. } | Move::BookDrive | Move::Withdraw) {
        return Err(refused(TransitionError::NotFromHere));
    }
    let now = clock.now();
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    let mut to = transition(lead.stage, step.clone(), Party::Handler).map_err(refused)?;
    let drive = drive_at(&mut tx, id).await?;
    let outcome = match &step {
        Move::Contact => {
            first_contact(&mut tx, id, now).await?;
            event(&mut tx, id, Some(staff.id), EventKind::Contact, Touch::Call.as_str(), now).await?;
            // The hour the prospect picked is confirmed on the call: contacted,
            // then booked (both on the history and the prospect's timeline).
            if drive.is_some() {
                event(&mut tx, id, Some(staff.id), EventKind::Moved, &moved_detail(to, ""), now).await?;
                to = transition(to, Move::BookDrive, Party::Handler).map_err(refused)?;
            }
            Outcome::Moved
        }
        Move::DriveDone if drive.is_some_and(|at| at > now) => return Err(refused(TransitionError::DriveNotYet)),
        Move::DriveDone => {
            drive::end(&mut tx, id, Party::Handler, |at| ending(at, now)).await?;
            Outcome::Moved
        }
        Move::Lose { reason, competitor } => {
            let contacted = lead.first_contact_at.is_some();
            may_lose(contacted).map_err(refused)?;
            drive::end(&mut tx, id, Party::Handler, |at| ending(at, now)).await?;
            if asks_why(*reason, contacted) {
                let link = status_link(origin, &lead.status_token);
                text_prospect(&mut tx, &lead, Notice::LostLeadSurvey { link }, now).await?;
            }
            Outcome::Lost { reason: *reason, competitor: competitor.as_deref() }
        }
        _ => Outcome::Moved,
    };
    write_status(&mut tx, &lead, to, outcome, now).await?;
    event(&mut tx, id, Some(staff.id), EventKind::Moved, &moved_detail(to, note), now).await?;
    tx.commit().await?;
    Ok(())
}

/// "stage" or "stage: note", as the history shows it.
pub(super) fn moved_detail(to: Stage, note: &str) -> String {
    match note.trim() {
        "" => to.as_str().to_owned(),
        note => format!("{}: {note}", to.as_str()),
    }
}

/// Books (or moves) the lead's test drive to an hour with a demo car free, and
/// texts the prospect the appointment.
pub async fn book_drive(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    staff: &Staff,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let now = clock.now();
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    db.lock_dealer(&mut tx, lead.dealer_id).await?;
    let rebooking = lead.stage == Stage::TestDriveBooked;
    let to = if rebooking {
        Stage::TestDriveBooked
    } else {
        transition(lead.stage, Move::BookDrive, Party::Handler).map_err(refused)?
    };
    // A new hour gives the old one's car back, whether or not it has passed.
    drive::end(&mut tx, id, Party::Handler, |_| Action::GiveBack).await?;
    let offered = drive_offers_for(db, lead.dealer_id, lead.model_id, Some(id), now).await?;
    if !offered.iter().any(|o| o.starts_at == at) {
        return Err(DomainError::invalid(Field::Slot, Problem::SlotUnavailable));
    }
    take_car(&mut tx, &lead, at, now).await?;
    if rebooking {
        // The confirmation call moves with the hour.
        let due = DateTime::from_timestamp_millis(lead.contact_due_at).unwrap_or(now);
        let next = crate::lead::planned(to, now, due, Some(at));
        sqlx::query("UPDATE leads SET next_action = $1, next_action_due = $2, updated_at = $3 WHERE id = $4")
            .bind(next.map(|(a, _)| a.as_str()))
            .bind(next.map(|(_, due)| due.timestamp_millis()))
            .bind(now.timestamp_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    } else {
        write_status(&mut tx, &lead, to, Outcome::Moved, now).await?;
        event(&mut tx, id, Some(staff.id), EventKind::Moved, &moved_detail(to, ""), now).await?;
    }
    event(&mut tx, id, Some(staff.id), EventKind::DriveBooked, &at.timestamp_millis().to_string(), now).await?;
    let at = crate::zone::wall_clock(crate::zone::CHINA, at);
    let link = status_link(origin, &lead.status_token);
    text_prospect(&mut tx, &lead, Notice::TestDriveBooked { at, link }, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A call or message to the prospect that changes no stage (no answer, a
/// reminder sent): it still counts as the first human contact.
pub async fn log_contact(
    db: &Db,
    clock: &dyn Clock,
    staff: &Staff,
    id: i64,
    touch: Touch,
    note: &str,
) -> Result<(), DomainError> {
    let now = clock.now();
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    if !lead.stage.is_open() {
        return Err(refused(TransitionError::NotFromHere));
    }
    first_contact(&mut tx, id, now).await?;
    let detail = match note.trim() {
        "" => touch.as_str().to_owned(),
        note => format!("{}: {note}", touch.as_str()),
    };
    event(&mut tx, id, Some(staff.id), EventKind::Contact, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the open lead's next action and when it is due.
pub async fn plan_next(
    db: &Db,
    clock: &dyn Clock,
    staff: &Staff,
    id: i64,
    (action, due): (NextAction, DateTime<Utc>),
) -> Result<(), DomainError> {
    let now = clock.now();
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    if !lead.stage.is_open() {
        return Err(refused(TransitionError::NotFromHere));
    }
    sqlx::query("UPDATE leads SET next_action = $1, next_action_due = $2, updated_at = $3 WHERE id = $4")
        .bind(action.as_str())
        .bind(due.timestamp_millis())
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, id, Some(staff.id), EventKind::Planned, action.as_str(), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The sales manager hands an open lead to another of the dealer's handlers.
pub async fn reassign(db: &Db, clock: &dyn Clock, staff: &Staff, id: i64, to: UserId) -> Result<(), DomainError> {
    let now = clock.now();
    let (mut tx, lead) = begin_on_staff(db, staff, id).await?;
    let manages: i64 =
        sqlx::query_scalar("SELECT manages_leads FROM users WHERE id = $1").bind(staff.id).fetch_one(&mut *tx).await?;
    if !staff.manages_floor(manages == 1) {
        return Err(refused(TransitionError::ManagerOnly));
    }
    if !lead.stage.is_open() {
        return Err(refused(TransitionError::NotFromHere));
    }
    let target: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE id = $1 AND dealer_id = $2 AND role = 'lead_handler' AND disabled_at IS NULL",
    )
    .bind(to)
    .bind(lead.dealer_id)
    .fetch_optional(&mut *tx)
    .await?;
    let to = target.ok_or(DomainError::invalid(Field::Role, TransitionError::NotAHandlerHere))?;
    sqlx::query("UPDATE leads SET handler_id = $1, updated_at = $2 WHERE id = $3")
        .bind(to)
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    assigned(&mut tx, id, Some(staff.id), to, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A lead handler goes on or off duty: off duty, the round-robin passes them by.
pub async fn set_on_duty(db: &Db, staff: &Staff, on: bool) -> Result<(), DomainError> {
    if !staff.role.takes_leads() {
        return Err(DomainError::NotFound);
    }
    sqlx::query("UPDATE users SET on_duty = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(staff.id)
        .execute(db.pool())
        .await?;
    Ok(())
}
