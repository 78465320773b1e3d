//! A case as stored: the row and its query, the checks that a case is the
//! asker's own or on the staff member's desk, and the history line every change writes.

use crate::account::{Desk, UserId};
use crate::case::{sla_clock, Category, Kind, Priority, SlaClock, Status, Summary};
use crate::db::Db;
use crate::error::DomainError;
use crate::types::Vin;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

pub(super) fn at(ms: i64) -> DateTime<Utc> {
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

pub(super) fn owner_link(case: i64) -> String {
    format!("/me/cases/{case}")
}

#[derive(sqlx::FromRow)]
pub(super) struct CaseRow {
    pub(super) id: i64,
    pub(super) owner_id: i64,
    pub(super) kind: String,
    pub(super) category: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) vin: Option<Vin>,
    pub(super) dealer_id: Option<i64>,
    pub(super) booking_id: Option<i64>,
    pub(super) priority: String,
    pub(super) status: String,
    pub(super) channel: String,
    pub(super) escalation: i64,
    pub(super) response_due: i64,
    pub(super) resolution_due: i64,
    pub(super) responded_at: Option<i64>,
    pub(super) resolved_at: Option<i64>,
    pub(super) closed_at: Option<i64>,
    pub(super) response_breached: i64,
    pub(super) resolution_breached: i64,
    pub(super) merged_into: Option<i64>,
    pub(super) rating: Option<i64>,
    pub(super) rating_comment: Option<String>,
    pub(super) created_at: i64,
    pub(super) owner_name: String,
    pub(super) dealer_zh: Option<String>,
    pub(super) dealer_en: Option<String>,
    pub(super) assignee: Option<String>,
}

pub(super) const CASE_SELECT: &str =
    "SELECT c.id, c.owner_id, c.kind, c.category, c.title, c.description, c.vin, c.dealer_id,
        c.booking_id, c.priority, c.status, c.channel, c.escalation, c.response_due, c.resolution_due,
        c.responded_at, c.resolved_at, c.closed_at, c.response_breached, c.resolution_breached, c.merged_into,
        c.rating, c.rating_comment, c.created_at, o.display_name AS owner_name, d.name_zh AS dealer_zh,
        d.name_en AS dealer_en, a.display_name AS assignee
    FROM cases c JOIN users o ON o.id = c.owner_id LEFT JOIN dealers d ON d.id = c.dealer_id
    LEFT JOIN users a ON a.id = c.assignee_id";

/// A stored value outside its CHECK constraint is a broken database, not user input.
pub(super) fn decode<T>(value: Option<T>, column: &str) -> Result<T, DomainError> {
    value
        .ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("unexpected value in cases.{column}").into())))
}

impl CaseRow {
    pub(super) fn status(&self) -> Result<Status, DomainError> {
        decode(Status::parse(&self.status), "status")
    }

    pub(super) fn summary(&self, now: DateTime<Utc>) -> Result<Summary, DomainError> {
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
                Status::Closed => SlaClock::Met,
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

pub(super) async fn load(db: &Db, id: i64) -> Result<CaseRow, DomainError> {
    let row: Option<CaseRow> =
        sqlx::query_as(&format!("{CASE_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(db.pool()).await?;
    row.ok_or(DomainError::NotFound)
}

/// The case if the owner's own, else "not found" (never "forbidden": ids are not confirmed).
pub(super) async fn owned(db: &Db, owner: UserId, id: i64) -> Result<CaseRow, DomainError> {
    let row = load(db, id).await?;
    if row.owner_id == owner {
        Ok(row)
    } else {
        Err(DomainError::NotFound)
    }
}

/// The case if it is on the desk's patch (its dealer's cases, or all).
pub(super) async fn on_desk(db: &Db, desk: Desk, id: i64) -> Result<CaseRow, DomainError> {
    let row = load(db, id).await?;
    match desk.dealer() {
        Some(dealer) if row.dealer_id != Some(dealer) => Err(DomainError::NotFound),
        _ => Ok(row),
    }
}
