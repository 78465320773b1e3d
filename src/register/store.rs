//! The register's SQL: lines written in one transaction, each buyer found by
//! the car first (its current owner), then by a verified mobile, else
//! invited by text; never a second customer for the same person.

use super::{Buyer, Change, Codes, Conflict, Line, Sale};
use crate::account::{DealerId, UserId};
use crate::db::Db;
use crate::error::DomainError;
use crate::fact::Fact;
use crate::garage::claim::Basis;
use crate::garage::store::ownership::{self, Entry};
use crate::lang::Lang;
use crate::notify::outbox::{store as outbox, Category, Channel};
use crate::notify::{tell, Message, Notice};
use crate::types::Origin;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// What one line did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub change: Change,
    pub buyer: Buyer,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Line `line` (from 0) cannot be written; nothing of the call was.
    #[error("line {line}: {conflict}")]
    Refused { line: usize, conflict: Conflict },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<sqlx::Error> for RecordError {
    fn from(err: sqlx::Error) -> Self {
        Self::Domain(err.into())
    }
}

/// The models' and dealers' codes the lines are read against.
pub async fn codes(db: &Db) -> Result<Codes, sqlx::Error> {
    let models: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM car_models").fetch_all(db.pool()).await?;
    let dealers = crate::dealer::list(db).await?;
    Ok(Codes { models: models.into_iter().collect(), dealers: dealers.into_iter().map(|d| (d.code, d.id)).collect() })
}

/// Writes every line or none. `bound`: the one dealer whose cars the caller
/// may touch (a dealer's key): a car the register has at another dealer is
/// refused (the lines' own dealer the caller's rule checked, `ApiKey::allows`).
pub async fn record(
    db: &Db,
    now: DateTime<Utc>,
    origin: &Origin,
    bound: Option<DealerId>,
    lines: &[Line],
) -> Result<Vec<Recorded>, RecordError> {
    let mut tx = db.begin_write().await?;
    let mut recorded = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let refused = |conflict| RecordError::Refused { line: index, conflict };
        let entry = ownership::entry(&mut tx, line.vin.as_str()).await?;
        let held = entry.as_ref().and_then(|e| e.selling_dealer_id);
        if held.zip(bound).is_some_and(|(held, own)| held != own) {
            return Err(refused(Conflict::OtherDealer));
        }
        let change = write(&mut tx, entry.as_ref(), line).await?;
        let buyer = match &line.sale {
            Some(sale) if sale_is_new(entry.as_ref(), sale) => {
                let buyer = deliver(&mut tx, now, origin, line, sale).await?;
                let buyer = buyer.ok_or_else(|| refused(Conflict::OwnedByAnother))?;
                let sold = Fact::VehicleSold { vin: line.vin.clone(), dealer: sale.dealer };
                crate::fact::store::emit(&mut tx, sold, now).await?;
                buyer
            }
            _ => Buyer::Unchanged,
        };
        recorded.push(Recorded { change, buyer });
    }
    tx.commit().await?;
    Ok(recorded)
}

/// Whether the line tells the buyer something the register did not know:
/// a first sale, or a buyer's mobile corrected.
fn sale_is_new(entry: Option<&Entry>, sale: &Sale) -> bool {
    entry.and_then(|e| e.registered_mobile.as_deref()) != Some(sale.buyer.as_str())
}

async fn write(tx: &mut Transaction<'static, Any>, entry: Option<&Entry>, line: &Line) -> Result<Change, sqlx::Error> {
    let production = line.production_date.to_string();
    let sale_date = line.sale.as_ref().map(|s| s.date.to_string());
    let mobile = line.sale.as_ref().map(|s| s.buyer.as_str());
    // What the line leaves out (no dealer, no sale) the register keeps: it never forgets a sale.
    let change = match entry {
        None => Change::Created,
        Some(entry)
            if entry.model_id == line.model
                && entry.model_year == i64::from(line.model_year)
                && entry.production_date == production
                && line.dealer.is_none_or(|d| entry.selling_dealer_id == Some(d))
                && sale_date.as_ref().is_none_or(|d| entry.sale_date.as_ref() == Some(d))
                && mobile.is_none_or(|m| entry.registered_mobile.as_deref() == Some(m)) =>
        {
            return Ok(Change::Unchanged);
        }
        Some(_) => Change::Updated,
    };
    sqlx::query(
        "INSERT INTO vehicles (vin, model_id, model_year, production_date, selling_dealer_id, sale_date, registered_mobile)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (vin) DO UPDATE SET model_id = excluded.model_id, model_year = excluded.model_year,
             production_date = excluded.production_date,
             selling_dealer_id = COALESCE(excluded.selling_dealer_id, vehicles.selling_dealer_id),
             sale_date = COALESCE(excluded.sale_date, vehicles.sale_date),
             registered_mobile = COALESCE(excluded.registered_mobile, vehicles.registered_mobile)",
    )
    .bind(line.vin.as_str())
    .bind(line.model)
    .bind(i64::from(line.model_year))
    .bind(&production)
    .bind(line.dealer)
    .bind(&sale_date)
    .bind(mobile)
    .execute(&mut **tx)
    .await?;
    Ok(change)
}

/// Puts the car in the buyer's garage or invites them; `None` when the car
/// already has an owner who is not this buyer.
async fn deliver(
    tx: &mut Transaction<'static, Any>,
    now: DateTime<Utc>,
    origin: &Origin,
    line: &Line,
    sale: &Sale,
) -> Result<Option<Buyer>, RecordError> {
    let vin = line.vin.as_str();
    let account: Option<UserId> = sqlx::query_scalar(
        "SELECT id FROM users WHERE mobile = $1 AND mobile_verified_at IS NOT NULL AND disabled_at IS NULL",
    )
    .bind(sale.buyer.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    match (ownership::current_owner(tx, vin).await?, account) {
        (Some(owner), Some(buyer)) if owner == buyer => Ok(Some(Buyer::Unchanged)),
        (Some(_), _) => Ok(None),
        (None, Some(buyer)) => {
            crate::garage::claim::store::supersede_waiting(tx, vin, buyer, now).await?;
            ownership::start_ownership(tx, vin, buyer, Basis::Register, now).await?;
            crate::booking::store::name_for_buyer(tx, buyer, sale.dealer).await?;
            let link = format!("/me/garage/{vin}");
            let message = Message { notice: Notice::CarDelivered, link: &link, category: Category::Service };
            tell(tx, buyer, message, now).await?;
            Ok(Some(Buyer::InGarage))
        }
        (None, None) => {
            let invitation = Notice::CarRegistered { vin: vin.to_owned(), link: origin.link("/register") };
            let route = (Channel::Sms, sale.buyer.as_str().to_owned());
            outbox::enqueue(&mut **tx, None, route, Category::Service, &invitation, Lang::Zh, now).await?;
            Ok(Some(Buyer::Invited))
        }
    }
}

/// A car as the register holds it, by the codes other systems use.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registered {
    pub vin: String,
    pub model: String,
    pub model_year: i64,
    pub production_date: String,
    pub dealer_id: Option<DealerId>,
    pub dealer: Option<String>,
    pub sale_date: Option<String>,
    pub buyer_mobile: Option<String>,
    /// 1 when someone has the car in their garage (one current owner at most).
    pub owners: i64,
}

pub async fn find(db: &Db, vin: &str) -> Result<Option<Registered>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.vin, m.code AS model, v.model_year, v.production_date, v.selling_dealer_id AS dealer_id,
                d.code AS dealer, v.sale_date, v.registered_mobile AS buyer_mobile,
                (SELECT COUNT(*) FROM ownerships o WHERE o.vin = v.vin AND o.ended_at IS NULL) AS owners
         FROM vehicles v JOIN car_models m ON m.id = v.model_id LEFT JOIN dealers d ON d.id = v.selling_dealer_id
         WHERE v.vin = $1",
    )
    .bind(vin)
    .fetch_optional(db.pool())
    .await
}
