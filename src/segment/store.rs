//! A segment's SQL: one WHERE for count, list and export, kept to the owners
//! the desk reaches (`account::reach::owner_at_dealer`, the one rule), and the
//! desk's saved segments.

use super::{Choices, Counted, Filter, Listing, Member, NewSegment, Segment, PAGE_ROWS};
use crate::account::reach::owner_at_dealer;
use crate::account::Staff;
use crate::analytics::rfm::RfmClass;
use crate::db::{is_unique_violation, Db};
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::garage::OwnerContact;
use crate::loyalty::Tier;
use crate::zone::{day_start, CHINA};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream::{BoxStream, StreamExt};
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, FromRow};

/// Every filter field is `$n IS NULL OR …`, so one statement serves every
/// filter; `$1` is the desk's dealer (NULL: brand-wide).
fn conditions() -> String {
    format!(
        "u.role IN ('owner', 'moderator')
         AND ($1 IS NULL OR {desk})
         AND ($2 IS NULL OR EXISTS (SELECT 1 FROM ownerships o JOIN vehicles v ON v.vin = o.vin
                                    WHERE o.owner_id = u.id AND o.ended_at IS NULL AND v.model_id = $2))
         AND ($3 IS NULL OR u.city = $3)
         AND ($4 IS NULL OR {dealer})
         AND ($5 IS NULL OR COALESCE(la.tier, 'silver') = $5)
         AND ($6 IS NULL OR s.last_visit_at >= $6)
         AND ($7 IS NULL OR s.last_visit_at < $7)
         AND ($8 IS NULL OR s.rfm_class = $8)
         AND ($9 IS NULL OR (CASE WHEN s.at_risk = 1 THEN 1 ELSE 0 END) = $9)
         AND ($10 IS NULL OR (CASE WHEN u.marketing_consent = 1 THEN 1 ELSE 0 END) = $10)
         AND ($11 IS NULL OR (CASE WHEN {recall} THEN 1 ELSE 0 END) = $11)",
        desk = owner_at_dealer("u.id", "$1"),
        dealer = owner_at_dealer("u.id", "$4"),
        recall = OPEN_RECALL,
    )
}

/// "Owns a car with a recall not done": the SQL form of `warranty::Campaign::affects`
/// (model, then the VIN list or the build dates and VIN range) without a completion.
const OPEN_RECALL: &str = "EXISTS (SELECT 1 FROM ownerships o JOIN vehicles v ON v.vin = o.vin
        JOIN campaign_models cm ON cm.model_id = v.model_id
        JOIN campaigns c ON c.id = cm.campaign_id AND c.kind = 'recall'
        WHERE o.owner_id = u.id AND o.ended_at IS NULL
          AND (c.produced_from IS NULL OR v.production_date >= c.produced_from)
          AND (c.produced_to IS NULL OR v.production_date <= c.produced_to)
          AND (c.vin_from IS NULL OR v.vin >= c.vin_from)
          AND (c.vin_to IS NULL OR v.vin <= c.vin_to)
          AND (c.listed = 0 OR EXISTS (SELECT 1 FROM campaign_vins cl WHERE cl.campaign_id = c.id AND cl.vin = v.vin))
          AND NOT EXISTS (SELECT 1 FROM campaign_completions cc WHERE cc.campaign_id = c.id AND cc.vin = v.vin))";

const JOINS: &str = "FROM users u
     LEFT JOIN customer_scores s ON s.owner_id = u.id
     LEFT JOIN loyalty_accounts la ON la.owner_id = u.id";

/// The rows' SELECT, in owner order (the export's too: a stable order).
fn select_sql(db: &Db, limit: Option<i64>) -> String {
    let models = |column: &str| {
        format!(
            "(SELECT {} FROM ownerships o JOIN vehicles v ON v.vin = o.vin JOIN car_models m ON m.id = v.model_id
              WHERE o.owner_id = u.id AND o.ended_at IS NULL)",
            db.joined_text(column)
        )
    };
    format!(
        "SELECT u.id, u.display_name, u.city, {} AS models_zh, {} AS models_en, COALESCE(la.tier, 'silver') AS tier,
                s.last_visit_at, s.rfm_class, COALESCE(s.at_risk, 0) AS at_risk, u.mobile, u.email
         {JOINS} WHERE {} ORDER BY u.id{}",
        models("m.name_zh"),
        models("m.name_en"),
        conditions(),
        limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default(),
    )
}

#[derive(FromRow)]
struct Row {
    id: i64,
    display_name: String,
    city: Option<String>,
    models_zh: Option<String>,
    models_en: Option<String>,
    tier: Tier,
    last_visit_at: Option<i64>,
    rfm_class: Option<RfmClass>,
    at_risk: i64,
    mobile: Option<String>,
    email: Option<String>,
}

impl Row {
    /// The owner as `staff` may see them: every listed owner is one the desk reaches.
    fn seen_by(self, staff: Staff) -> Member {
        let contact = OwnerContact::seen_by(staff.role, true, self.id, self.display_name, self.mobile, self.email);
        Member {
            owner: self.id,
            name: contact.display_name,
            city: self.city,
            models_zh: self.models_zh,
            models_en: self.models_en,
            tier: self.tier,
            last_visit_at: self.last_visit_at,
            rfm: self.rfm_class,
            at_risk: self.at_risk == 1,
            mobile: contact.mobile,
            email: contact.email,
        }
    }
}

fn millis(day: Option<NaiveDate>) -> Option<i64> {
    day.and_then(|d| day_start(CHINA, d)).map(|t| t.timestamp_millis())
}

/// Binds the desk and the filter to `$1`…`$11` of [`conditions`].
fn bound<'q, O>(
    query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    staff: Staff,
    filter: &Filter,
) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
    let flag = |v: Option<bool>| v.map(i64::from);
    query
        .bind(staff.desk.dealer())
        .bind(filter.model)
        .bind(filter.city.clone())
        .bind(filter.dealer)
        .bind(filter.tier.map(Tier::as_str))
        .bind(millis(filter.visited_from))
        .bind(millis(filter.visited_before))
        .bind(filter.rfm.map(RfmClass::as_str))
        .bind(flag(filter.at_risk))
        .bind(flag(filter.consent))
        .bind(flag(filter.open_recall))
}

/// How many owners the desk reaches in the segment.
pub async fn count(db: &Db, staff: Staff, filter: &Filter) -> Result<i64, DomainError> {
    let sql = format!("SELECT COUNT(*) {JOINS} WHERE {}", conditions());
    let (count,): (i64,) = bound(sqlx::query_as(&sql), staff, filter).fetch_one(db.pool()).await?;
    Ok(count)
}

/// The first [`PAGE_ROWS`] owners of the segment, in owner order.
pub async fn list(db: &Db, staff: Staff, filter: &Filter) -> Result<Vec<Member>, DomainError> {
    let sql = select_sql(db, Some(PAGE_ROWS));
    let rows: Vec<Row> = bound(sqlx::query_as(&sql), staff, filter).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|row| row.seen_by(staff)).collect())
}

/// The count and the first rows, as a list page shows them.
pub async fn listing(db: &Db, staff: Staff, filter: &Filter) -> Result<Listing, DomainError> {
    Ok(Listing { count: count(db, staff, filter).await?, members: list(db, staff, filter).await? })
}

/// Every owner of a segment for an export, owning its SQL so the rows can be
/// streamed as the database sends them (`stream`), never held all at once.
pub struct Export {
    staff: Staff,
    filter: Filter,
    sql: String,
}

impl Export {
    pub fn new(db: &Db, staff: Staff, filter: Filter) -> Self {
        Self { staff, filter, sql: select_sql(db, None) }
    }

    pub fn stream<'a>(&'a self, db: &'a Db) -> BoxStream<'a, Result<Member, DomainError>> {
        let staff = self.staff;
        bound(sqlx::query_as::<_, Row>(&self.sql), staff, &self.filter)
            .fetch(db.pool())
            .map(move |row| row.map(|row| row.seen_by(staff)).map_err(DomainError::from))
            .boxed()
    }
}

/// The desk a segment is kept for: its dealer's id, 0 for the brand.
fn desk_key(staff: Staff) -> i64 {
    staff.desk.dealer().unwrap_or(0)
}

/// Saves the segment for the desk; a name the desk already uses is refused on the name.
pub async fn save(db: &Db, now: DateTime<Utc>, staff: Staff, segment: &NewSegment) -> Result<i64, DomainError> {
    let saved = sqlx::query_scalar::<_, i64>(
        "INSERT INTO segments (desk_dealer, name, filter, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(desk_key(staff))
    .bind(&segment.name)
    .bind(segment.filter.to_query())
    .bind(staff.id)
    .bind(now.timestamp_millis())
    .fetch_one(db.pool())
    .await;
    match saved {
        Ok(id) => Ok(id),
        Err(err) if is_unique_violation(&err) => Err(FieldError::new(Field::SegmentName, Problem::NameTaken).into()),
        Err(err) => Err(err.into()),
    }
}

#[derive(FromRow)]
struct SegmentRow {
    id: i64,
    name: String,
    filter: String,
    created_by: i64,
}

impl SegmentRow {
    fn segment(self) -> Result<Segment, DomainError> {
        // Saved only after parsing: a filter that no longer parses is a broken row.
        let filter = Filter::parse_query(&self.filter)
            .map_err(|e| sqlx::Error::Decode(format!("segment {}: {e}", self.id).into()))?;
        Ok(Segment { id: self.id, name: self.name, filter, created_by: self.created_by })
    }
}

/// One of the desk's segments; another desk's is not found.
pub async fn get(db: &Db, staff: Staff, id: i64) -> Result<Segment, DomainError> {
    let row: Option<SegmentRow> =
        sqlx::query_as("SELECT id, name, filter, created_by FROM segments WHERE id = $1 AND desk_dealer = $2")
            .bind(id)
            .bind(desk_key(staff))
            .fetch_optional(db.pool())
            .await?;
    row.ok_or(DomainError::NotFound)?.segment()
}

/// The desk's segments by name, each with its count now (a query per
/// segment: a desk keeps a handful).
pub async fn saved(db: &Db, staff: Staff) -> Result<Vec<Counted>, DomainError> {
    let rows: Vec<SegmentRow> =
        sqlx::query_as("SELECT id, name, filter, created_by FROM segments WHERE desk_dealer = $1 ORDER BY name, id")
            .bind(desk_key(staff))
            .fetch_all(db.pool())
            .await?;
    let mut counted = Vec::with_capacity(rows.len());
    for row in rows {
        let segment = row.segment()?;
        let count = count(db, staff, &segment.filter).await?;
        counted.push(Counted { segment, count });
    }
    Ok(counted)
}

/// Deletes one of the desk's segments; another desk's is not found.
pub async fn delete(db: &Db, staff: Staff, id: i64) -> Result<(), DomainError> {
    let done = sqlx::query("DELETE FROM segments WHERE id = $1 AND desk_dealer = $2")
        .bind(id)
        .bind(desk_key(staff))
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// The filter form's models and the desk's dealers.
pub async fn choices(db: &Db, staff: Staff) -> Result<Choices, DomainError> {
    let models = crate::dealer::model_names(db)
        .await?
        .into_iter()
        .map(|(id, name_zh, name_en)| crate::lead::views::ModelChoice { id, name_zh, name_en })
        .collect();
    let dealers = crate::dealer::list(db).await?.into_iter().filter(|d| staff.desk.covers(d.id)).collect();
    Ok(Choices { models, dealers })
}
