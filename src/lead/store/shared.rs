//! What the lead store's parts share: the row a change starts from (locked),
//! the history, messages to prospects, handing a lead to the next handler on
//! duty and taking a demo car for a drive. It imports none of its siblings.

use crate::account::{DealerId, Staff, UserId};
use crate::db::Db;
use crate::error::{Conflict, DomainError};
use crate::lang::Lang;
use crate::lead::{next_handler, EventKind, Stage};
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::Notice;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

pub(super) type Tx = Transaction<'static, Any>;

/// A lead as a change needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct LeadRow {
    pub id: i64,
    pub stage: Stage,
    pub dealer_id: DealerId,
    pub model_id: i64,
    pub name: String,
    pub mobile: String,
    pub locale: String,
    pub referrer_id: Option<UserId>,
    pub handler_id: Option<UserId>,
    pub status_token: String,
    pub contact_due_at: i64,
}

const LEAD_COLUMNS: &str =
    "id, stage, dealer_id, model_id, name, mobile, locale, referrer_id, handler_id, status_token, contact_due_at";

/// Starts a write that changes one lead: the lead is locked until commit (on
/// SQLite the write lock already is the lock).
pub(super) async fn begin_on(db: &Db, id: i64) -> Result<(Tx, LeadRow), DomainError> {
    let mut tx = db.begin_write().await?;
    let lock = db.for_update();
    let row: Option<LeadRow> = sqlx::query_as(&format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = $1{lock}"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    Ok((tx, row.ok_or(DomainError::NotFound)?))
}

/// The lead as it stands inside `tx` (after a write of this transaction).
pub(super) async fn reload(tx: &mut Tx, id: i64) -> Result<LeadRow, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = $1")).bind(id).fetch_one(&mut **tx).await
}

/// The same, for the lead behind a status link.
pub(super) async fn begin_on_token(db: &Db, token: &str) -> Result<(Tx, LeadRow), DomainError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM leads WHERE status_token = $1")
        .bind(token)
        .fetch_optional(db.pool())
        .await?;
    begin_on(db, id.ok_or(DomainError::NotFound)?).await
}

/// A staff member's lead: at a dealer their desk covers, else not found (a
/// handler never learns that another dealer's lead exists).
pub(super) async fn begin_on_staff(db: &Db, staff: &Staff, id: i64) -> Result<(Tx, LeadRow), DomainError> {
    if !crate::lead::works_leads(staff.role) {
        return Err(DomainError::NotFound);
    }
    let (tx, row) = begin_on(db, id).await?;
    if !staff.desk.covers(row.dealer_id) {
        return Err(DomainError::NotFound);
    }
    Ok((tx, row))
}

pub(super) async fn event(
    tx: &mut Tx,
    lead: i64,
    actor: Option<UserId>,
    kind: EventKind,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO lead_events (lead_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(lead)
        .bind(now.timestamp_millis())
        .bind(actor)
        .bind(kind.as_str())
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An SMS to a prospect (who has no account, so no inbox), in their language.
pub(super) async fn text_prospect(
    tx: &mut Tx,
    lead: &LeadRow,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let route = (Channel::Sms, lead.mobile.clone());
    let lang = Lang::of_locale(Some(&lead.locale));
    outbox::enqueue(&mut **tx, None, route, Category::Service, &notice, lang, now).await
}

/// The handler on duty at `dealer` whose turn it is (after whoever got the
/// dealer's last assigned lead), or nobody when no handler is on duty.
pub(super) async fn next_on_duty(tx: &mut Tx, dealer: DealerId) -> Result<Option<UserId>, sqlx::Error> {
    let on_duty: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE dealer_id = $1 AND role = 'lead_handler' AND on_duty = 1 AND disabled_at IS NULL",
    )
    .bind(dealer)
    .fetch_all(&mut **tx)
    .await?;
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT handler_id FROM leads WHERE dealer_id = $1 AND handler_id IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(dealer)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(next_handler(&on_duty, last))
}

/// Records that `handler` has the lead now (the history names them) and tells
/// them (in the portal, and by their channel).
pub(super) async fn assigned(
    tx: &mut Tx,
    lead: i64,
    actor: Option<UserId>,
    handler: UserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let name: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1").bind(handler).fetch_one(&mut **tx).await?;
    event(tx, lead, actor, EventKind::Assigned, &name, now).await?;
    let link = format!("/staff/leads/{lead}");
    let message = crate::notify::Message { notice: Notice::LeadAssigned, link: &link, category: Category::Service };
    crate::notify::tell(tx, handler, message, now).await
}

/// Books a demo car of the lead's model at `at` for the lead: the first of the
/// dealer's cars not out then. The unique index on (car, start) is the last
/// word when two requests race for the last car.
pub(super) async fn take_car(
    tx: &mut Tx,
    lead: &LeadRow,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let at = at.timestamp_millis();
    let car: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM demo_cars c
         WHERE c.dealer_id = $1 AND c.model_id = $2 AND c.active = 1
           AND NOT EXISTS (SELECT 1 FROM test_drives d WHERE d.demo_car_id = c.id AND d.starts_at = $3 AND d.status <> 'cancelled')
         ORDER BY c.id LIMIT 1",
    )
    .bind(lead.dealer_id)
    .bind(lead.model_id)
    .bind(at)
    .fetch_optional(&mut **tx)
    .await?;
    let car = car.ok_or(DomainError::Conflict(Conflict::SlotTaken))?;
    sqlx::query(
        "INSERT INTO test_drives (lead_id, demo_car_id, starts_at, status, created_at) VALUES ($1, $2, $3, 'booked', $4)",
    )
    .bind(lead.id)
    .bind(car)
    .bind(at)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            DomainError::Conflict(Conflict::SlotTaken)
        } else {
            DomainError::Database(e)
        }
    })?;
    Ok(())
}

/// Ends the lead's booked drive: done when it has begun, else given back.
pub(super) async fn end_drive(tx: &mut Tx, lead: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE test_drives SET status = CASE WHEN starts_at <= $2 THEN 'done' ELSE 'cancelled' END
         WHERE lead_id = $1 AND status = 'booked'",
    )
    .bind(lead)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The start of the lead's booked drive, if any.
pub(super) async fn drive_at(tx: &mut Tx, lead: i64) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT starts_at FROM test_drives WHERE lead_id = $1 AND status = 'booked'")
            .bind(lead)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(at.and_then(DateTime::from_timestamp_millis))
}

/// Writes the stage a transition reached, only if nobody moved the lead first
/// (zero rows: answered as a step that no longer follows), with the next
/// action the stage plans.
pub(super) async fn write_stage(tx: &mut Tx, lead: &LeadRow, to: Stage, now: DateTime<Utc>) -> Result<(), DomainError> {
    let drive = drive_at(tx, lead.id).await?;
    let contact_due = DateTime::from_timestamp_millis(lead.contact_due_at).unwrap_or(now);
    let next = crate::lead::planned(to, now, contact_due, drive);
    let closed = (!to.is_open()).then_some(now.timestamp_millis());
    let done = sqlx::query(
        "UPDATE leads SET stage = $1, next_action = $2, next_action_due = $3, closed_at = $4, updated_at = $5
         WHERE id = $6 AND stage = $7",
    )
    .bind(to.as_str())
    .bind(next.map(|(a, _)| a.as_str()))
    .bind(next.map(|(_, due)| due.timestamp_millis()))
    .bind(closed)
    .bind(now.timestamp_millis())
    .bind(lead.id)
    .bind(lead.stage.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::invalid(crate::error::Field::Outcome, crate::lead::TransitionError::NotFromHere));
    }
    Ok(())
}

/// Counts the first human contact (a handler's call or message), once.
pub(super) async fn first_contact(tx: &mut Tx, lead: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE leads SET first_contact_at = $1 WHERE id = $2 AND first_contact_at IS NULL")
        .bind(now.timestamp_millis())
        .bind(lead)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The prospect's private status page.
pub(super) fn status_link(token: &str) -> String {
    format!("/test-drive/status/{token}")
}
