//! What the lead store's parts share: the row a change starts from (locked),
//! the one writer of a lead's stage (`write_status`), the history, messages to
//! prospects, handing a lead to the next handler on duty, and (in `drive`) the
//! lead's test drive. It imports none of its siblings.

pub(super) mod drive;

use crate::account::{DealerId, Staff, UserId};
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::fact::Fact;
use crate::lang::Lang;
use crate::lead::{next_handler, EventKind, LostReason, Stage, TransitionError};
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::Notice;
use crate::types::{Origin, Vin};
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
    /// The first logged call or message to the prospect, if any.
    pub first_contact_at: Option<i64>,
}

const LEAD_COLUMNS: &str =
    "id, stage, dealer_id, model_id, name, mobile, locale, referrer_id, handler_id, status_token, \
                            contact_due_at, first_contact_at";

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
    if !staff.role.works_leads() {
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

/// What a step records on the lead beside its stage.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outcome<'a> {
    /// Nothing more: the lead moved along its open stages.
    Moved,
    /// Lost (a withdrawal too, for its own reason), with the competitor's model when named.
    Lost { reason: LostReason, competitor: Option<&'a str> },
    /// Sold: the car, and the buyer's account (who owns the lead from now on).
    Won { vin: &'a Vin, buyer: UserId },
}

/// Writes a decided step: the stage reached, the next action it plans, and
/// what the step records (`Outcome`), in one statement, only if nobody moved
/// the lead first (zero rows: answered as a step that no longer follows).
pub(super) async fn write_status(
    tx: &mut Tx,
    lead: &LeadRow,
    to: Stage,
    outcome: Outcome<'_>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let drive = drive::drive_at(tx, lead.id).await?;
    let contact_due = DateTime::from_timestamp_millis(lead.contact_due_at).unwrap_or(now);
    let next = crate::lead::planned(to, now, contact_due, drive);
    let closed = (!to.is_open()).then_some(now.timestamp_millis());
    let (lost_reason, competitor, won_vin, buyer) = match outcome {
        Outcome::Moved => (None, None, None, None),
        Outcome::Lost { reason, competitor } => (Some(reason.as_str()), competitor, None, None),
        Outcome::Won { vin, buyer } => (None, None, Some(vin.as_str()), Some(buyer)),
    };
    let done = sqlx::query(
        "UPDATE leads SET stage = $1, next_action = $2, next_action_due = $3, closed_at = $4, updated_at = $5,
                lost_reason = COALESCE($6, lost_reason), competitor = COALESCE($7, competitor),
                won_vin = COALESCE($8, won_vin), owner_id = COALESCE($9, owner_id)
         WHERE id = $10 AND stage = $11",
    )
    .bind(to.as_str())
    .bind(next.map(|(a, _)| a.as_str()))
    .bind(next.map(|(_, due)| due.timestamp_millis()))
    .bind(closed)
    .bind(now.timestamp_millis())
    .bind(lost_reason)
    .bind(competitor)
    .bind(won_vin)
    .bind(buyer)
    .bind(lead.id)
    .bind(lead.stage.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::invalid(Field::Outcome, TransitionError::NotFromHere));
    }
    let fact = Fact::LeadStageChanged { lead: lead.id, dealer: lead.dealer_id, to };
    crate::fact::store::emit(tx, fact, now).await?;
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

/// The prospect's private status page, as a text names it: on the portal's origin.
pub(super) fn status_link(origin: &Origin, token: &str) -> String {
    origin.link(&format!("/test-drive/status/{token}"))
}
