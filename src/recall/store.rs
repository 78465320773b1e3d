//! Issuing a campaign, its VIN list, its parts arriving and its completion
//! per car, each in one transaction. The owners a change concerns are
//! returned for the caller to tell (`reminder::store::announce_to`): the
//! reminders are worked out from the campaign as stored, so the daily run
//! tells anyone a caller did not reach, and nobody twice.

use super::{NewCampaign, Targets};
use crate::account::{DealerId, UserId};
use crate::db::{date_column, is_unique_violation, optional_date_column, Db};
use crate::error::WriteError;
use crate::types::Vin;
use crate::warranty::store::{campaign_by_code, mark_done};
use crate::warranty::Campaign;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Transaction};

/// Why a parsed change cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a campaign has this code already")]
    CodeTaken,
    #[error("the register holds no car with this VIN")]
    NotInRegister(Vec<usize>),
    #[error("no campaign has this code")]
    NoSuchCampaign,
    #[error("the campaign reaches cars by model, not by a list")]
    NotListed,
    #[error("the campaign does not reach this car")]
    NotAffected,
    #[error("the dealer has not sold, held or serviced this car")]
    NotAtDealer,
}

pub type RecallError = WriteError<Refusal>;

/// A campaign with how far it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub campaign: Campaign,
    pub opened_on: NaiveDate,
    /// Cars in the register it reaches.
    pub cars: usize,
    /// Of those, the cars it was done on.
    pub completed: usize,
}

/// A change, and the owners it gives news to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed<T> {
    pub value: T,
    pub tell: Vec<UserId>,
}

/// How many VINs one existence check names (well under either engine's limit on parameters).
const CHUNK: usize = 500;

/// Issues a new campaign. A VIN list must name cars the register holds: the
/// places of any it does not are refused, and nothing is written.
pub async fn issue(db: &Db, campaign: &NewCampaign) -> Result<Changed<Progress>, RecallError> {
    if let Targets::Vins(vins) = &campaign.targets {
        refuse_unknown(db, vins).await?;
    }
    let mut tx = db.begin_write().await?;
    let (listed, from, to, vin_from, vin_to) = match &campaign.targets {
        Targets::Vins(_) => (1, None, None, None, None),
        Targets::Models { produced_from, produced_to, vin_from, vin_to, .. } => (
            0,
            produced_from.map(|d| d.to_string()),
            produced_to.map(|d| d.to_string()),
            vin_from.as_ref().map(Vin::to_string),
            vin_to.as_ref().map(Vin::to_string),
        ),
    };
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, produced_from, produced_to,
                                vin_from, vin_to, opened_on, listed, parts_available)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(&campaign.code)
    .bind(campaign.kind.as_str())
    .bind(&campaign.title.zh)
    .bind(&campaign.title.en)
    .bind(&campaign.remedy.zh)
    .bind(&campaign.remedy.en)
    .bind(from)
    .bind(to)
    .bind(vin_from)
    .bind(vin_to)
    .bind(campaign.opened_on.to_string())
    .bind(listed)
    .bind(i64::from(campaign.parts_available))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Err(err) if is_unique_violation(&err) => return Err(RecallError::Refused(Refusal::CodeTaken)),
        other => other?,
    };
    match &campaign.targets {
        Targets::Models { models, .. } => {
            for model in models {
                sqlx::query("INSERT INTO campaign_models (campaign_id, model_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(model)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Targets::Vins(vins) => list(&mut tx, id, vins).await?,
    }
    tx.commit().await?;
    progress_and_owners(db, &campaign.code).await
}

/// Adds cars to a campaign's VIN list (one listed already is left as it is).
pub async fn add_vins(db: &Db, code: &str, vins: &[Vin]) -> Result<Changed<Progress>, RecallError> {
    let campaign = campaign_by_code(db, code).await?.ok_or(RecallError::Refused(Refusal::NoSuchCampaign))?;
    if campaign.reach != crate::warranty::Reach::Listed {
        return Err(RecallError::Refused(Refusal::NotListed));
    }
    refuse_unknown(db, vins).await?;
    let mut tx = db.begin_write().await?;
    list(&mut tx, campaign.id, vins).await?;
    tx.commit().await?;
    progress_and_owners(db, code).await
}

/// Marks the campaign's parts as at the dealers (or not, after all). Owners
/// are told when the parts arrive, once each time they do: a "book the fix"
/// told before the parts ran out is told again.
pub async fn set_parts(db: &Db, code: &str, available: bool) -> Result<Changed<Progress>, RecallError> {
    let flag = i64::from(available);
    let mut tx = db.begin_write().await?;
    let changed = sqlx::query("UPDATE campaigns SET parts_available = $2 WHERE code = $1 AND parts_available <> $2")
        .bind(code)
        .bind(flag)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if changed && available {
        sqlx::query("DELETE FROM reminder_notices WHERE kind IN ('recall', 'service_campaign') AND due_key = $1")
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let Changed { value, tell } = progress_and_owners(db, code).await?;
    let tell = if changed && available { tell } else { Vec::new() };
    Ok(Changed { value, tell })
}

/// Records the campaign as done on a car: it leaves the owner's pages at
/// once. A dealer records work only on a car it sold, holds or has serviced
/// (`NotAffected` otherwise, as for a car the campaign does not reach).
/// Whether this was the first record of it.
pub async fn complete(
    db: &Db,
    at: DateTime<Utc>,
    code: &str,
    vin: &Vin,
    on: NaiveDate,
    dealer: Option<DealerId>,
) -> Result<bool, RecallError> {
    let campaign = campaign_by_code(db, code).await?.ok_or(RecallError::Refused(Refusal::NoSuchCampaign))?;
    let car = crate::warranty::store::register_entry(db, vin.as_str())
        .await?
        .ok_or(RecallError::Refused(Refusal::NotAffected))?;
    let reaches = crate::warranty::store::campaigns_for(db, &car).await?.iter().any(|c| c.campaign.id == campaign.id);
    if !reaches {
        return Err(RecallError::Refused(Refusal::NotAffected));
    }
    if let Some(dealer) = dealer {
        let related: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM vehicles WHERE vin = $1 AND selling_dealer_id = $2)
                  + (SELECT COUNT(*) FROM service_records WHERE vin = $1 AND dealer_id = $2)
                  + (SELECT COUNT(*) FROM bookings WHERE vin = $1 AND dealer_id = $2)",
        )
        .bind(vin.as_str())
        .bind(dealer)
        .fetch_one(db.pool())
        .await?;
        if related == 0 {
            return Err(RecallError::Refused(Refusal::NotAtDealer));
        }
    }
    let mut tx = db.begin_write().await?;
    let first = mark_done(&mut tx, campaign.id, vin, on, dealer, None, at).await?;
    tx.commit().await?;
    Ok(first)
}

/// The campaign and its progress, or `None` for an unknown code.
pub async fn progress(db: &Db, code: &str) -> Result<Option<Progress>, RecallError> {
    match progress_and_owners(db, code).await {
        Ok(changed) => Ok(Some(changed.value)),
        Err(RecallError::Refused(Refusal::NoSuchCampaign)) => Ok(None),
        Err(err) => Err(err),
    }
}

#[derive(sqlx::FromRow)]
struct Reached {
    vin: String,
    production_date: String,
    listed_vin: Option<String>,
    owner_id: Option<i64>,
    completed_on: Option<String>,
}

/// The campaign's progress, and the current owners of the cars it reaches
/// and is not done on (in owner order, each once).
async fn progress_and_owners(db: &Db, code: &str) -> Result<Changed<Progress>, RecallError> {
    let campaign = campaign_by_code(db, code).await?.ok_or(RecallError::Refused(Refusal::NoSuchCampaign))?;
    let opened_on: String = sqlx::query_scalar("SELECT opened_on FROM campaigns WHERE id = $1")
        .bind(campaign.id)
        .fetch_one(db.pool())
        .await?;
    let rows: Vec<Reached> = sqlx::query_as(
        "SELECT v.vin, v.production_date, cl.vin AS listed_vin, o.owner_id, cc.completed_on
         FROM campaign_models cm JOIN vehicles v ON v.model_id = cm.model_id
         LEFT JOIN campaign_vins cl ON cl.campaign_id = cm.campaign_id AND cl.vin = v.vin
         LEFT JOIN ownerships o ON o.vin = v.vin AND o.ended_at IS NULL
         LEFT JOIN campaign_completions cc ON cc.campaign_id = cm.campaign_id AND cc.vin = v.vin
         WHERE cm.campaign_id = $1",
    )
    .bind(campaign.id)
    .fetch_all(db.pool())
    .await?;
    let (mut cars, mut completed, mut tell) = (0, 0, Vec::new());
    for row in rows {
        if !campaign.affects(&row.vin, date_column(&row.production_date)?, row.listed_vin.is_some()) {
            continue;
        }
        cars += 1;
        match (optional_date_column(row.completed_on.as_deref())?, row.owner_id) {
            (Some(_), _) => completed += 1,
            (None, Some(owner)) => tell.push(owner),
            (None, None) => {}
        }
    }
    tell.sort_unstable();
    tell.dedup();
    let opened_on = date_column(&opened_on)?;
    Ok(Changed { value: Progress { campaign, opened_on, cars, completed }, tell })
}

/// Puts the cars on the campaign's list, and their models among its models.
async fn list(tx: &mut Transaction<'static, Any>, campaign: i64, vins: &[Vin]) -> Result<(), sqlx::Error> {
    for vin in vins {
        sqlx::query("INSERT INTO campaign_vins (campaign_id, vin) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(campaign)
            .bind(vin.as_str())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO campaign_models (campaign_id, model_id)
         SELECT DISTINCT cl.campaign_id, v.model_id FROM campaign_vins cl JOIN vehicles v ON v.vin = cl.vin
         WHERE cl.campaign_id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(campaign)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Refuses a list naming cars the register does not hold, with their places.
async fn refuse_unknown(db: &Db, vins: &[Vin]) -> Result<(), RecallError> {
    let mut known = std::collections::HashSet::with_capacity(vins.len());
    for chunk in vins.chunks(CHUNK) {
        let places: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let sql = format!("SELECT vin FROM vehicles WHERE vin IN ({})", places.join(", "));
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for vin in chunk {
            query = query.bind(vin.as_str());
        }
        known.extend(query.fetch_all(db.pool()).await?);
    }
    let unknown: Vec<usize> =
        vins.iter().enumerate().filter(|(_, vin)| !known.contains(vin.as_str())).map(|(i, _)| i).collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(RecallError::Refused(Refusal::NotInRegister(unknown)))
    }
}
