//! Cases in the database. Every change is one transaction that also writes
//! the case's history; the owner's queries never select internal notes, so
//! they cannot leak through any page or response.

use super::sla::policy;
use super::{
    sla_clock, transition, Action, Actor, CaseView, Category, Channel, Event, Kind, Message, NewCase, Party, Priority,
    Status, Summary, MAX_CASE_PHOTOS,
};
use crate::account::{Desk, Staff, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::notify::{tell, Message as Note};
use crate::outbox::Category as Topic;
use crate::upload::store::FileStore;
use crate::upload::{CleanImage, Purpose};
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyPool, Transaction};

/// Who opens a case: the owner in the portal, or staff recording a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    Owner,
    Staff { staff: UserId, channel: Channel },
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub(super) async fn event(
    tx: &mut Transaction<'static, Any>,
    case: i64,
    now: DateTime<Utc>,
    actor: Option<UserId>,
    kind: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    crate::history::record(tx, crate::history::Subject::Case(case), now, actor, kind, detail).await
}

fn owner_link(case: i64) -> String {
    format!("/me/cases/{case}")
}

/// Opens a case with its photos, all or nothing. A repeated submit (same
/// idempotency key) gives the case the first one made.
#[allow(clippy::too_many_arguments)] // who, by whom, what, its photos and its key; each needed
pub async fn open(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn FileStore,
    owner: UserId,
    by: Opener,
    case: NewCase,
    photos: &[CleanImage],
    idempotency_key: &str,
) -> Result<i64, DomainError> {
    if photos.len() > MAX_CASE_PHOTOS {
        return Err(FieldError::new(Field::Photos, Problem::TooMany(MAX_CASE_PHOTOS)).into());
    }
    if let Some(vin) = &case.vin {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM ownerships WHERE vin = $1 AND owner_id = $2 AND ended_at IS NULL")
                .bind(vin)
                .bind(owner)
                .fetch_optional(db.pool())
                .await?;
        if known.is_none() {
            return Err(FieldError::new(Field::Vin, Problem::UnknownChoice).into());
        }
    }
    if let Some(dealer) = case.dealer {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM dealers WHERE id = $1").bind(dealer).fetch_optional(db.pool()).await?;
        if known.is_none() {
            return Err(FieldError::new(Field::Dealer, Problem::UnknownChoice).into());
        }
    }
    let key = format!("{owner}:{idempotency_key}");
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE idempotency_key = $1")
        .bind(&key)
        .fetch_optional(db.pool())
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let now = clock.now();
    let priority = case.initial_priority();
    let sla = policy(db.pool(), priority).await?;
    let (opened_by, channel) = match by {
        Opener::Owner => (owner, Channel::Portal),
        Opener::Staff { staff, channel } => (staff, channel),
    };
    let mut tx = db.begin_write().await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO cases (owner_id, kind, category, title, description, vin, dealer_id, priority, status, channel,
                            opened_by, response_due, resolution_due, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(owner)
    .bind(case.kind.as_str())
    .bind(case.category.as_str())
    .bind(&case.title)
    .bind(&case.description)
    .bind(&case.vin)
    .bind(case.dealer)
    .bind(priority.as_str())
    .bind(channel.as_str())
    .bind(opened_by)
    .bind(sla.response_due(now).timestamp_millis())
    .bind(sla.resolution_due(now).timestamp_millis())
    .bind(&key)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(err) if crate::db::is_unique_violation(&err) => {
            // The same submit won a moment ago: answer with that case.
            tx.rollback().await?;
            return Ok(sqlx::query_scalar("SELECT id FROM cases WHERE idempotency_key = $1")
                .bind(&key)
                .fetch_one(db.pool())
                .await?);
        }
        Err(err) => return Err(err.into()),
    };
    for photo in photos {
        let upload = files.put(&mut tx, owner, Purpose::CasePhoto, photo, now).await?;
        sqlx::query("INSERT INTO case_photos (case_id, upload_id) VALUES ($1, $2)")
            .bind(id)
            .bind(upload)
            .execute(&mut *tx)
            .await?;
    }
    event(&mut tx, id, now, Some(opened_by), "opened", channel.as_str()).await?;
    let hours = (sla.first_response_minutes + 59) / 60;
    let zh = format!("我们已收到您的反馈（编号 {id}），将在 {hours} 小时内答复。");
    let en = format!("We have your case #{id} and will answer within {hours} hours.");
    let link = owner_link(id);
    tell(&mut tx, owner, Note { kind: "case_opened", zh: &zh, en: &en, link: &link, category: Topic::Service }, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    owner_id: i64,
    kind: String,
    category: String,
    title: String,
    description: String,
    vin: Option<String>,
    dealer_id: Option<i64>,
    booking_id: Option<i64>,
    priority: String,
    status: String,
    channel: String,
    escalation: i64,
    response_due: i64,
    resolution_due: i64,
    responded_at: Option<i64>,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
    response_breached: i64,
    resolution_breached: i64,
    merged_into: Option<i64>,
    rating: Option<i64>,
    rating_comment: Option<String>,
    created_at: i64,
    owner_name: String,
    dealer_zh: Option<String>,
    dealer_en: Option<String>,
    assignee: Option<String>,
}

const CASE_SELECT: &str = "SELECT c.id, c.owner_id, c.kind, c.category, c.title, c.description, c.vin, c.dealer_id,
        c.booking_id, c.priority, c.status, c.channel, c.escalation, c.response_due, c.resolution_due,
        c.responded_at, c.resolved_at, c.closed_at, c.response_breached, c.resolution_breached, c.merged_into,
        c.rating, c.rating_comment, c.created_at, o.display_name AS owner_name, d.name_zh AS dealer_zh,
        d.name_en AS dealer_en, a.display_name AS assignee
    FROM cases c JOIN users o ON o.id = c.owner_id LEFT JOIN dealers d ON d.id = c.dealer_id
    LEFT JOIN users a ON a.id = c.assignee_id";

/// A stored value outside its CHECK constraint is a broken database, not user input.
fn decode<T>(value: Option<T>, column: &str) -> Result<T, DomainError> {
    value
        .ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("unexpected value in cases.{column}").into())))
}

impl CaseRow {
    fn status(&self) -> Result<Status, DomainError> {
        decode(Status::parse(&self.status), "status")
    }

    fn summary(&self, now: DateTime<Utc>) -> Result<Summary, DomainError> {
        Ok(Summary {
            id: self.id,
            kind: decode(Kind::parse(&self.kind), "kind")?,
            category: decode(Category::parse(&self.category), "category")?,
            title: self.title.clone(),
            status: self.status()?,
            priority: decode(Priority::parse(&self.priority), "priority")?,
            opened_at: at(self.created_at),
            owner_name: self.owner_name.clone(),
            dealer_zh: self.dealer_zh.clone(),
            dealer_en: self.dealer_en.clone(),
            assignee: self.assignee.clone(),
            clock: match self.status()? {
                Status::Closed => super::SlaClock::Met,
                _ => sla_clock(
                    at(self.response_due),
                    self.responded_at.map(at),
                    at(self.resolution_due),
                    self.resolved_at.map(at),
                    now,
                ),
            },
            breached: self.response_breached == 1 || self.resolution_breached == 1,
            escalation: self.escalation,
        })
    }
}

async fn load(pool: &AnyPool, id: i64) -> Result<CaseRow, DomainError> {
    let row: Option<CaseRow> =
        sqlx::query_as(&format!("{CASE_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(pool).await?;
    row.ok_or(DomainError::NotFound)
}

/// The case if the owner's own, else "not found" (never "forbidden": ids are not confirmed).
async fn owned(pool: &AnyPool, owner: UserId, id: i64) -> Result<CaseRow, DomainError> {
    let row = load(pool, id).await?;
    if row.owner_id == owner {
        Ok(row)
    } else {
        Err(DomainError::NotFound)
    }
}

/// The case if it is on the desk's patch (its dealer's cases, or all).
async fn on_desk(pool: &AnyPool, desk: Desk, id: i64) -> Result<CaseRow, DomainError> {
    let row = load(pool, id).await?;
    match desk.dealer() {
        Some(dealer) if row.dealer_id != Some(dealer) => Err(DomainError::NotFound),
        _ => Ok(row),
    }
}

async fn view(pool: &AnyPool, row: CaseRow, with_internal: bool, now: DateTime<Utc>) -> Result<CaseView, DomainError> {
    let rows: Vec<(i64, i64, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT m.id, m.created_at, CASE WHEN m.author_id = c.owner_id THEN NULL ELSE u.display_name END, m.body,
                m.internal
         FROM case_messages m JOIN cases c ON c.id = m.case_id JOIN users u ON u.id = m.author_id
         WHERE m.case_id = $1 AND (m.internal = 0 OR $2 = 1) ORDER BY m.id",
    )
    .bind(row.id)
    .bind(i64::from(with_internal))
    .fetch_all(pool)
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
            .fetch_all(pool)
            .await?;
    #[derive(sqlx::FromRow)]
    struct EventRow {
        at: i64,
        kind: String,
        detail: String,
        actor_id: Option<i64>,
        /// The actor's name; `None` for events the system wrote.
        actor_name: Option<String>,
    }
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.detail, e.actor_id, u.display_name AS actor_name FROM case_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id",
    )
    .bind(row.id)
    .fetch_all(pool)
    .await?;
    let history = events
        .into_iter()
        // Internal notes are events too; the owner's history leaves them out.
        .filter(|event| with_internal || event.kind != "note")
        .map(|event| Event {
            at: at(event.at),
            kind: event.kind,
            detail: if with_internal { event.detail } else { String::new() },
            actor: match (event.actor_id, event.actor_name) {
                (Some(id), Some(name)) if id == row.owner_id => Actor::Owner(name),
                (Some(_), Some(name)) => Actor::Staff(name),
                _ => Actor::System,
            },
        })
        .collect();
    let status = row.status()?;
    let reopenable = status == Status::Resolved
        && transition(status, Action::Reopen, Party::Owner, row.resolved_at.map(at), now).is_ok();
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
    let row = owned(db.pool(), owner, id).await?;
    view(db.pool(), row, false, clock.now()).await
}

pub async fn staff_view(db: &Db, clock: &dyn Clock, staff: Staff, id: i64) -> Result<CaseView, DomainError> {
    let row = on_desk(db.pool(), staff.desk, id).await?;
    view(db.pool(), row, true, clock.now()).await
}

pub async fn mine(db: &Db, clock: &dyn Clock, owner: UserId) -> Result<Vec<Summary>, DomainError> {
    let rows: Vec<CaseRow> = sqlx::query_as(&format!("{CASE_SELECT} WHERE c.owner_id = $1 ORDER BY c.id DESC"))
        .bind(owner)
        .fetch_all(db.pool())
        .await?;
    let now = clock.now();
    rows.iter().map(|r| r.summary(now)).collect()
}

/// The owner adds to the conversation while the case is not closed.
pub async fn owner_reply(db: &Db, clock: &dyn Clock, owner: UserId, id: i64, body: &str) -> Result<(), DomainError> {
    let row = owned(db.pool(), owner, id).await?;
    if row.status()? == Status::Closed {
        return Err(FieldError::new(Field::Message, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    insert_message(&mut tx, id, owner, false, body, now).await?;
    event(&mut tx, id, now, Some(owner), "owner_reply", "").await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_message(
    tx: &mut Transaction<'static, Any>,
    case: i64,
    author: UserId,
    internal: bool,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_messages (case_id, author_id, internal, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case)
    .bind(author)
    .bind(i64::from(internal))
    .bind(body)
    .bind(now.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A reply to the owner (the first one meets the response target and
/// acknowledges a new case) or an internal note that stays with staff.
pub async fn staff_reply(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    body: &str,
    internal: bool,
) -> Result<(), DomainError> {
    let row = on_desk(db.pool(), staff.desk, id).await?;
    if row.status()? == Status::Closed {
        return Err(FieldError::new(Field::Message, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    insert_message(&mut tx, id, staff.id, internal, body, now).await?;
    if internal {
        event(&mut tx, id, now, Some(staff.id), "note", body).await?;
    } else {
        sqlx::query("UPDATE cases SET responded_at = $1 WHERE id = $2 AND responded_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The first public reply acknowledges a case still only submitted.
        let from = Status::Submitted;
        let acknowledged = match transition(from, Action::Acknowledge, Party::Staff, None, now) {
            Ok(to) => sqlx::query("UPDATE cases SET status = $1 WHERE id = $2 AND status = $3")
                .bind(to.as_str())
                .bind(id)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected(),
            Err(_) => 0,
        };
        event(&mut tx, id, now, Some(staff.id), "reply", "").await?;
        if acknowledged == 1 {
            event(&mut tx, id, now, Some(staff.id), "acknowledged", "").await?;
        }
        let link = owner_link(id);
        let zh = format!("客服已回复您的反馈（编号 {id}）。");
        let en = format!("Customer care answered your case #{id}.");
        let note = Note { kind: "case_reply", zh: &zh, en: &en, link: &link, category: Topic::Service };
        tell(&mut tx, row.owner_id, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Moves a case along its lifecycle; staff act on cases at their desk, the
/// owner only on their own. Refused steps change nothing.
pub async fn act(
    db: &Db,
    clock: &dyn Clock,
    by: Party,
    user: UserId,
    desk: Option<Desk>,
    id: i64,
    action: Action,
) -> Result<(), DomainError> {
    let row = match by {
        Party::Owner => owned(db.pool(), user, id).await?,
        Party::Staff => on_desk(db.pool(), desk.ok_or(DomainError::NotFound)?, id).await?,
        Party::System => load(db.pool(), id).await?,
    };
    let now = clock.now();
    let from = row.status()?;
    let to = transition(from, action, by, row.resolved_at.map(at), now)
        .map_err(|e| FieldError::new(Field::Confirm, Problem::Case(e)))?;
    // Reopened: a fresh resolution target from now, and a fresh 7-day follow-up once resolved again.
    let reopened_due = match (from, to) {
        (Status::Resolved, Status::InProgress) => {
            let priority = decode(Priority::parse(&row.priority), "priority")?;
            Some(policy(db.pool(), priority).await?.resolution_due(now).timestamp_millis())
        }
        _ => None,
    };
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query("UPDATE cases SET status = $1 WHERE id = $2 AND status = $3")
        .bind(to.as_str())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 {
        return Err(FieldError::new(Field::Confirm, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    // What the new status records besides itself.
    let stamp = match to {
        Status::Resolved => Some("UPDATE cases SET resolved_at = $1 WHERE id = $2"),
        Status::Closed => Some("UPDATE cases SET closed_at = $1 WHERE id = $2"),
        _ => None,
    };
    if let Some(stamp) = stamp {
        sqlx::query(stamp).bind(now.timestamp_millis()).bind(id).execute(&mut *tx).await?;
    }
    if let Some(due) = reopened_due {
        sqlx::query(
            "UPDATE cases SET resolved_at = NULL, rating = NULL, rating_comment = NULL, rated_at = NULL,
                 followed_up_at = NULL, resolution_due = $1, resolution_breached = 0 WHERE id = $2",
        )
        .bind(due)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    event(&mut tx, id, now, Some(user), action.as_str(), to.as_str()).await?;
    if reopened_due.is_some() {
        // A follow-up still open is moot: the owner has answered by reopening.
        sqlx::query(
            "UPDATE case_followups SET done_at = $1, done_by = $2, outcome = 'reopened by the owner'
             WHERE case_id = $3 AND done_at IS NULL",
        )
        .bind(now.timestamp_millis())
        .bind(user)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if to == Status::Resolved {
        let link = owner_link(id);
        let zh = format!("您的反馈（编号 {id}）已处理完毕。请为我们的处理打分；如不认可，可在 14 天内重新打开。");
        let en = format!(
            "Your case #{id} is resolved. Please rate how we handled it; if you disagree, reopen it within 14 days."
        );
        let note = Note { kind: "case_resolved", zh: &zh, en: &en, link: &link, category: Topic::Service };
        tell(&mut tx, row.owner_id, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The owner rates the handling of a resolved case, which closes it.
pub async fn rate(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    id: i64,
    rating: u8,
    comment: Option<String>,
) -> Result<(), DomainError> {
    if !(1..=5).contains(&rating) {
        return Err(FieldError::new(Field::Rating, Problem::OutOfRange).into());
    }
    let row = owned(db.pool(), owner, id).await?;
    let now = clock.now();
    let from = row.status()?;
    let to = transition(from, Action::Rate, Party::Owner, row.resolved_at.map(at), now)
        .map_err(|e| FieldError::new(Field::Rating, Problem::Case(e)))?;
    let mut tx = db.begin_write().await?;
    let rated = sqlx::query(
        "UPDATE cases SET rating = $1, rating_comment = $2, rated_at = $3, status = $4, closed_at = $3
         WHERE id = $5 AND status = $6",
    )
    .bind(i64::from(rating))
    .bind(&comment)
    .bind(now.timestamp_millis())
    .bind(to.as_str())
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if rated.rows_affected() != 1 {
        return Err(FieldError::new(Field::Rating, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    event(&mut tx, id, now, Some(owner), "rated", &rating.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Who works the case: an agent, and which dealer it concerns.
pub async fn assign(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    assignee: Option<UserId>,
    dealer: Option<i64>,
) -> Result<(), DomainError> {
    let row = on_desk(db.pool(), staff.desk, id).await?;
    // A dealer-bound desk cannot hand a case to another dealer's patch.
    let dealer = staff.desk.dealer().or(dealer);
    if let Some(agent) = assignee {
        let found: Option<(String, Option<i64>)> = sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1")
            .bind(agent)
            .fetch_optional(db.pool())
            .await?;
        // The agent must be able to open the case: brand-wide, or at its dealer.
        let case_dealer = dealer.or(row.dealer_id);
        let fits = matches!(&found, Some((role, at)) if matches!(role.as_str(), "care_agent" | "admin") && (at.is_none() || *at == case_dealer));
        if !fits {
            return Err(FieldError::new(Field::Role, Problem::UnknownChoice).into());
        }
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE cases SET assignee_id = $1, dealer_id = COALESCE($2, dealer_id) WHERE id = $3")
        .bind(assignee)
        .bind(dealer)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = format!(
        "agent={} dealer={}",
        assignee.map(|a| a.to_string()).unwrap_or_default(),
        dealer.map(|d| d.to_string()).unwrap_or_default()
    );
    event(&mut tx, id, now, Some(staff.id), "assigned", &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A new priority moves the targets not yet met (measured from the opening).
pub async fn set_priority(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    priority: Priority,
) -> Result<(), DomainError> {
    let row = on_desk(db.pool(), staff.desk, id).await?;
    let sla = policy(db.pool(), priority).await?;
    let opened = at(row.created_at);
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE cases SET priority = $1,
            response_due = CASE WHEN responded_at IS NULL THEN $2 ELSE response_due END,
            resolution_due = CASE WHEN resolved_at IS NULL THEN $3 ELSE resolution_due END
         WHERE id = $4",
    )
    .bind(priority.as_str())
    .bind(sla.response_due(opened).timestamp_millis())
    .bind(sla.resolution_due(opened).timestamp_millis())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    event(&mut tx, id, now, Some(staff.id), "priority", &format!("{} -> {}", row.priority, priority.as_str())).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes a duplicate into the case it repeats (same owner); both histories say so.
pub async fn merge(db: &Db, clock: &dyn Clock, staff: Staff, id: i64, into: i64) -> Result<(), DomainError> {
    let duplicate = on_desk(db.pool(), staff.desk, id).await?;
    let target = on_desk(db.pool(), staff.desk, into)
        .await
        .map_err(|_| FieldError::new(Field::MergeInto, Problem::UnknownChoice))?;
    if id == into || target.owner_id != duplicate.owner_id || target.merged_into.is_some() {
        return Err(FieldError::new(Field::MergeInto, Problem::UnknownChoice).into());
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    // Lock both rows in id order, so agents merging A into B and B into A at
    // once queue instead of deadlocking (PostgreSQL; SQLite's write lock queues).
    for row_id in [id.min(into), id.max(into)] {
        sqlx::query("UPDATE cases SET title = title WHERE id = $1").bind(row_id).execute(&mut *tx).await?;
    }
    // The target must still be open, so crossed merges cannot both win.
    let target_open =
        sqlx::query("UPDATE cases SET merged_into = NULL WHERE id = $1 AND merged_into IS NULL AND status <> 'closed'")
            .bind(into)
            .execute(&mut *tx)
            .await?;
    if target_open.rows_affected() != 1 {
        return Err(FieldError::new(Field::MergeInto, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    let from = duplicate.status()?;
    let to = transition(from, Action::Merge, Party::Staff, None, now)
        .map_err(|e| FieldError::new(Field::MergeInto, Problem::Case(e)))?;
    let merged = sqlx::query(
        "UPDATE cases SET merged_into = $1, status = $2, closed_at = $3 WHERE id = $4 AND merged_into IS NULL AND status = $5",
    )
    .bind(into)
    .bind(to.as_str())
    .bind(now.timestamp_millis())
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if merged.rows_affected() != 1 {
        return Err(FieldError::new(Field::MergeInto, Problem::Case(super::TransitionError::NotFromHere)).into());
    }
    sqlx::query("UPDATE case_photos SET case_id = $1 WHERE case_id = $2").bind(into).bind(id).execute(&mut *tx).await?;
    event(&mut tx, id, now, Some(staff.id), "merged_into", &into.to_string()).await?;
    event(&mut tx, into, now, Some(staff.id), "merged_from", &format!("{id}: {}", duplicate.title)).await?;
    tx.commit().await?;
    Ok(())
}

/// What a case can be linked to: one of its owner's bookings (and so that
/// car and dealer), or one of the owner's cars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Booking(i64),
    Car(crate::types::Vin),
}

pub async fn link(db: &Db, clock: &dyn Clock, staff: Staff, id: i64, to: Link) -> Result<(), DomainError> {
    let row = on_desk(db.pool(), staff.desk, id).await?;
    let (booking, vin, dealer): (Option<i64>, String, Option<i64>) = match &to {
        Link::Booking(booking) => {
            let found: Option<(String, i64)> =
                sqlx::query_as("SELECT vin, dealer_id FROM bookings WHERE id = $1 AND owner_id = $2")
                    .bind(booking)
                    .bind(row.owner_id)
                    .fetch_optional(db.pool())
                    .await?;
            let (vin, dealer) = found.ok_or(FieldError::new(Field::Booking, Problem::UnknownChoice))?;
            (Some(*booking), vin, Some(dealer))
        }
        Link::Car(vin) => {
            let owned: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM ownerships WHERE vin = $1 AND owner_id = $2 AND ended_at IS NULL")
                    .bind(vin.as_str())
                    .bind(row.owner_id)
                    .fetch_optional(db.pool())
                    .await?;
            owned.ok_or(FieldError::new(Field::Vin, Problem::UnknownChoice))?;
            (None, vin.to_string(), None)
        }
    };
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE cases SET booking_id = COALESCE($1, booking_id), vin = $2, dealer_id = COALESCE(dealer_id, $3) WHERE id = $4",
    )
    .bind(booking)
    .bind(&vin)
    .bind(dealer)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let detail = booking.map_or_else(|| vin.clone(), |b| format!("#{b}"));
    event(&mut tx, id, now, Some(staff.id), "linked", &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// What the queue can be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub priority: Option<Priority>,
    pub dealer: Option<i64>,
    pub overdue: bool,
}

/// The desk's cases, most urgent first, and how many are in each status (and overdue).
pub async fn queue(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    filter: &Filter,
) -> Result<(Vec<Summary>, Vec<(Status, i64)>, i64), DomainError> {
    let now = clock.now().timestamp_millis();
    let dealer = staff.desk.dealer().or(filter.dealer);
    let overdue = "(c.status NOT IN ('resolved', 'closed') AND ((c.responded_at IS NULL AND c.response_due < $6) OR c.resolution_due < $6))";
    let rows: Vec<CaseRow> = sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) AND ($2 IS NULL OR c.status = $2)
           AND ($3 IS NULL OR c.category = $3) AND ($4 IS NULL OR c.priority = $4) AND ($5 = 0 OR {overdue})
         ORDER BY CASE c.status WHEN 'closed' THEN 2 WHEN 'resolved' THEN 1 ELSE 0 END,
                  CASE c.priority WHEN 'safety' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
                  c.resolution_due, c.id
         LIMIT 200"
    ))
    .bind(dealer)
    .bind(filter.status.map(Status::as_str))
    .bind(filter.category.map(Category::as_str))
    .bind(filter.priority.map(Priority::as_str))
    .bind(i64::from(filter.overdue))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM cases c WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) GROUP BY status",
    )
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    let overdue_count: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM cases c WHERE c.merged_into IS NULL AND ($1 IS NULL OR c.dealer_id = $1) AND {}",
        overdue.replace("$6", "$2")
    ))
    .bind(dealer)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    let counts = Status::ALL
        .iter()
        .map(|s| (*s, counts.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect();
    let time = clock.now();
    Ok((rows.iter().map(|r| r.summary(time)).collect::<Result<_, _>>()?, counts, overdue_count))
}

/// Care agents (and admins) a case can be assigned to at this desk.
pub async fn agents(db: &Db, staff: Staff) -> Result<Vec<(i64, String)>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role IN ('care_agent', 'admin') AND ($1 IS NULL OR dealer_id = $1)
         ORDER BY display_name",
    )
    .bind(staff.desk.dealer())
    .fetch_all(db.pool())
    .await?)
}

/// The open 7-day follow-ups at this desk: (case id, title, owner, created).
pub async fn followups(db: &Db, staff: Staff) -> Result<Vec<(i64, String, String, DateTime<Utc>)>, DomainError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.title, o.display_name, f.created_at FROM case_followups f JOIN cases c ON c.id = f.case_id
         JOIN users o ON o.id = c.owner_id WHERE f.done_at IS NULL AND ($1 IS NULL OR c.dealer_id = $1) ORDER BY f.created_at",
    )
    .bind(staff.desk.dealer())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, title, owner, created)| (id, title, owner, at(created))).collect())
}

/// Care records the outcome of the 7-day follow-up call.
pub async fn close_followup(
    db: &Db,
    clock: &dyn Clock,
    staff: Staff,
    id: i64,
    outcome: &str,
) -> Result<(), DomainError> {
    on_desk(db.pool(), staff.desk, id).await?;
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE case_followups SET done_at = $1, done_by = $2, outcome = $3 WHERE case_id = $4 AND done_at IS NULL",
    )
    .bind(now.timestamp_millis())
    .bind(staff.id)
    .bind(outcome)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DomainError::NotFound);
    }
    event(&mut tx, id, now, Some(staff.id), "followed_up", outcome).await?;
    tx.commit().await?;
    Ok(())
}
