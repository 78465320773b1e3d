//! The register, coverage lines and campaigns in the database.

use super::{Campaign, CampaignKind, CampaignStatus, Line, LineCover, Lookup, Reach};
use crate::db::{date_column, optional_date_column, Db};
use crate::error::DomainError;
use crate::notify::notice::Bilingual;
use crate::types::Vin;
use chrono::NaiveDate;
use sqlx::FromRow;

/// A car in the brand's sold-vehicle register.
#[derive(Debug, Clone, FromRow)]
pub struct RegisterRow {
    pub vin: Vin,
    pub model_id: i64,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub production_date: String,
    pub sale_date: Option<String>,
    pub mileage_km: Option<i64>,
    pub service_months: i64,
    pub service_km: i64,
}

const REGISTER_SELECT: &str =
    "SELECT v.vin, v.model_id, m.name_zh AS model_zh, m.name_en AS model_en, v.model_year, v.production_date,
            v.sale_date, v.mileage_km, m.service_months, m.service_km
     FROM vehicles v JOIN car_models m ON m.id = v.model_id";

pub async fn register_entry(db: &Db, vin: &str) -> Result<Option<RegisterRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REGISTER_SELECT} WHERE v.vin = $1")).bind(vin).fetch_optional(db.pool()).await
}

pub async fn lines(db: &Db, model_id: i64) -> Result<Vec<Line>, sqlx::Error> {
    let rows: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SELECT} WHERE model_id = $1 ORDER BY months DESC, code"))
        .bind(model_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(LineRow::into_line).collect())
}

const LINE_SELECT: &str = "SELECT model_id, code, name_zh, name_en, months, km FROM warranty_lines";

#[derive(Clone, FromRow)]
struct LineRow {
    model_id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    months: i64,
    km: i64,
}

impl LineRow {
    fn into_line(self) -> Line {
        Line {
            code: self.code,
            name_zh: self.name_zh,
            name_en: self.name_en,
            months: u32::try_from(self.months).unwrap_or(0),
            km: u32::try_from(self.km).unwrap_or(0),
        }
    }
}

/// The owner's current cars as the register knows them (one query, whatever
/// the number of cars).
const OWNED: &str = "SELECT o.vin FROM ownerships o WHERE o.owner_id = $1 AND o.ended_at IS NULL";

#[derive(Clone, FromRow)]
struct CampaignRow {
    /// The car the row is about (a model's campaigns repeat per car).
    car_vin: String,
    id: i64,
    code: String,
    kind: CampaignKind,
    title_zh: String,
    title_en: String,
    remedy_zh: String,
    remedy_en: String,
    produced_from: Option<String>,
    produced_to: Option<String>,
    vin_from: Option<String>,
    vin_to: Option<String>,
    listed: i64,
    parts_available: i64,
    /// The car, when the campaign's VIN list names it.
    listed_vin: Option<String>,
    completed_on: Option<String>,
}

/// A model's campaigns beside each car (`v`) of the FROM before it, done or not.
const CAMPAIGN_COLUMNS: &str =
    "SELECT v.vin AS car_vin, c.id, c.code, c.kind, c.title_zh, c.title_en, c.remedy_zh, c.remedy_en, c.produced_from,
            c.produced_to, c.vin_from, c.vin_to, c.listed, c.parts_available, cl.vin AS listed_vin, cc.completed_on";
const CAMPAIGN_JOINS: &str = "JOIN campaign_models cm ON cm.model_id = v.model_id
     JOIN campaigns c ON c.id = cm.campaign_id
     LEFT JOIN campaign_vins cl ON cl.campaign_id = c.id AND cl.vin = v.vin
     LEFT JOIN campaign_completions cc ON cc.campaign_id = c.id AND cc.vin = v.vin";

/// The campaigns of the car's model that reach this car, done or not.
pub async fn campaigns_for(db: &Db, car: &RegisterRow) -> Result<Vec<CampaignStatus>, sqlx::Error> {
    let rows: Vec<CampaignRow> = sqlx::query_as(&format!(
        "{CAMPAIGN_COLUMNS} FROM vehicles v {CAMPAIGN_JOINS} WHERE v.vin = $1 ORDER BY c.opened_on DESC, c.code"
    ))
    .bind(&car.vin)
    .fetch_all(db.pool())
    .await?;
    reaching(car, rows)
}

/// Of a model's campaigns, those that reach this car (its build date and VIN).
fn reaching(car: &RegisterRow, rows: Vec<CampaignRow>) -> Result<Vec<CampaignStatus>, sqlx::Error> {
    let produced = date_column(&car.production_date)?;
    let mut statuses = Vec::new();
    for row in rows {
        let on_list = row.listed_vin.is_some();
        let completed_on = optional_date_column(row.completed_on.as_deref())?;
        let campaign = row.into_campaign()?;
        if campaign.affects(car.vin.as_str(), produced, on_list) {
            statuses.push(CampaignStatus { campaign, completed_on });
        }
    }
    Ok(statuses)
}

impl CampaignRow {
    fn into_campaign(self) -> Result<Campaign, sqlx::Error> {
        let reach = if self.listed == 1 {
            Reach::Listed
        } else {
            Reach::Range {
                produced_from: optional_date_column(self.produced_from.as_deref())?,
                produced_to: optional_date_column(self.produced_to.as_deref())?,
                vin_from: self.vin_from,
                vin_to: self.vin_to,
            }
        };
        Ok(Campaign {
            id: self.id,
            code: self.code,
            kind: self.kind,
            title: Bilingual::new(self.title_zh, self.title_en),
            remedy: Bilingual::new(self.remedy_zh, self.remedy_en),
            reach,
            parts_available: self.parts_available == 1,
        })
    }
}

/// The campaign with this code, whatever cars it reaches.
pub async fn campaign_by_code(db: &Db, code: &str) -> Result<Option<Campaign>, sqlx::Error> {
    let row: Option<CampaignRow> = sqlx::query_as(
        "SELECT '' AS car_vin, c.id, c.code, c.kind, c.title_zh, c.title_en, c.remedy_zh, c.remedy_en, c.produced_from,
                c.produced_to, c.vin_from, c.vin_to, c.listed, c.parts_available, CAST(NULL AS TEXT) AS listed_vin,
                CAST(NULL AS TEXT) AS completed_on
         FROM campaigns c WHERE c.code = $1",
    )
    .bind(code)
    .fetch_optional(db.pool())
    .await?;
    row.map(CampaignRow::into_campaign).transpose()
}

/// The campaigns whose work is still to be done on the car and can be, its
/// parts being at the dealers; `None` for a VIN the register does not know.
pub async fn fixable_campaigns(db: &Db, vin: &str) -> Result<Option<Vec<Campaign>>, sqlx::Error> {
    let Some(car) = register_entry(db, vin).await? else {
        return Ok(None);
    };
    let all = campaigns_for(db, &car).await?;
    let fixable = all.into_iter().filter(|c| c.completed_on.is_none() && c.campaign.parts_available);
    Ok(Some(fixable.map(|c| c.campaign).collect()))
}

/// Cover and campaigns for a car of the register, or `None` for an unknown VIN.
pub async fn lookup(db: &Db, vin: &Vin, today: NaiveDate) -> Result<Option<Lookup>, DomainError> {
    let Some(car) = register_entry(db, vin.as_str()).await? else {
        return Ok(None);
    };
    Ok(Some(lookup_for(db, &car, today).await?))
}

pub async fn lookup_for(db: &Db, car: &RegisterRow, today: NaiveDate) -> Result<Lookup, DomainError> {
    let lines = lines(db, car.model_id).await?;
    let campaigns = campaigns_for(db, car).await?;
    assemble(car, lines, campaigns, today)
}

/// Cover and campaigns for every current car of the owner, in three queries
/// whatever the number of cars: the garage and the dashboard read them at once.
pub async fn lookups_for_owner(
    db: &Db,
    owner: crate::account::UserId,
    today: NaiveDate,
) -> Result<Vec<(RegisterRow, Lookup)>, DomainError> {
    let cars: Vec<RegisterRow> = sqlx::query_as(&format!("{REGISTER_SELECT} WHERE v.vin IN ({OWNED}) ORDER BY v.vin"))
        .bind(owner)
        .fetch_all(db.pool())
        .await?;
    let line_rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} WHERE model_id IN (SELECT v.model_id FROM vehicles v WHERE v.vin IN ({OWNED}))
         ORDER BY months DESC, code"
    ))
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    // From the owner's ownerships outwards: starting from `vehicles` let SQLite
    // scan the register (3.6 ms with 3,000 cars, linear in the register).
    let campaign_rows: Vec<CampaignRow> = sqlx::query_as(&format!(
        "{CAMPAIGN_COLUMNS} FROM ownerships o JOIN vehicles v ON v.vin = o.vin {CAMPAIGN_JOINS}
         WHERE o.owner_id = $1 AND o.ended_at IS NULL ORDER BY c.opened_on DESC, c.code"
    ))
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    let mut lookups = Vec::with_capacity(cars.len());
    for car in cars {
        let lines = line_rows.iter().filter(|l| l.model_id == car.model_id).map(|l| l.clone().into_line()).collect();
        let rows = campaign_rows.iter().filter(|r| r.car_vin == car.vin.as_str()).cloned().collect();
        let campaigns = reaching(&car, rows)?;
        let lookup = assemble(&car, lines, campaigns, today)?;
        lookups.push((car, lookup));
    }
    Ok(lookups)
}

fn assemble(
    car: &RegisterRow,
    lines: Vec<Line>,
    campaigns: Vec<CampaignStatus>,
    today: NaiveDate,
) -> Result<Lookup, DomainError> {
    let sale = optional_date_column(car.sale_date.as_deref())?;
    let mileage = car.mileage_km.and_then(|km| u32::try_from(km).ok());
    let lines = lines
        .into_iter()
        .map(|line| {
            let cover = line.cover(sale, today, mileage);
            LineCover { line, cover }
        })
        .collect();
    Ok(Lookup {
        vin: car.vin.clone(),
        model_zh: car.model_zh.clone(),
        model_en: car.model_en.clone(),
        model_year: car.model_year,
        sale_date: sale,
        lines,
        campaigns,
    })
}

/// Records a campaign as done on a car (once; a second record is ignored), by
/// `staff` or, with none, by a dealer's workshop system or the brand's; the
/// first record is a `RecallCompleted` fact. Whether this was the first.
pub async fn mark_done(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    campaign: i64,
    vin: &Vin,
    on: chrono::NaiveDate,
    dealer: Option<crate::account::DealerId>,
    staff: Option<crate::account::UserId>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let first = sqlx::query(
        "INSERT INTO campaign_completions (campaign_id, vin, completed_on, dealer_id, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (campaign_id, vin) DO NOTHING",
    )
    .bind(campaign)
    .bind(vin.as_str())
    .bind(on.to_string())
    .bind(dealer)
    .bind(staff)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if first {
        let code: String =
            sqlx::query_scalar("SELECT code FROM campaigns WHERE id = $1").bind(campaign).fetch_one(&mut **tx).await?;
        let fact = crate::fact::Fact::RecallCompleted { vin: vin.clone(), campaign: code, dealer };
        crate::fact::store::emit(tx, fact, at).await?;
    }
    Ok(first)
}

pub async fn complete_campaign(
    db: &Db,
    clock: &dyn crate::clock::Clock,
    staff: crate::account::Staff,
    vin: &Vin,
    campaign: i64,
) -> Result<(), DomainError> {
    // Work is recorded where it was done: a dealer's desk only for a car that visited it.
    crate::account::reach::visit(db, staff.desk, vin).await?;
    let Some(car) = register_entry(db, vin.as_str()).await? else {
        return Err(DomainError::NotFound);
    };
    let applies = campaigns_for(db, &car).await?.iter().any(|c| c.campaign.id == campaign);
    if !applies {
        return Err(DomainError::invalid(crate::error::Field::Campaign, crate::error::Problem::UnknownChoice));
    }
    let now = clock.now();
    let mut tx = db.pool().begin().await?;
    mark_done(&mut tx, campaign, vin, now.date_naive(), staff.desk.dealer(), Some(staff.id), now).await?;
    crate::audit::record_staff_action(
        &mut *tx,
        now,
        staff.id,
        crate::audit::Action::CampaignCompleted,
        vin,
        format!("campaign:{campaign}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
