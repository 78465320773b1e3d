//! The analytics roll-up (`analytics_rollup`): counts and sums per China day,
//! dealer, model and measure, rebuilt whole by the daily job and the demo
//! seed, so the page sums a few thousand rows instead of scanning visits,
//! cases, leads and a million ledger lines per request.

use crate::account::DealerId;
use crate::analytics::churn;
use crate::analytics::figures::{
    furthest, hours_bucket, month_of, Measure, ANSWERED, KEPT, MET, MISSED, RECALL_DAYS, REOPENED, UNANSWERED,
};
use crate::analytics::score::Measured;
use crate::db::Db;
use crate::lead::Stage;
use crate::zone::{local_date, CHINA};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::{Any, Transaction};
use std::collections::{HashMap, HashSet};

/// How far back the roll-up reaches: the longest period the page shows, and a month.
const HISTORY_DAYS: i64 = 25 * 31;
/// Club members count as active with a post or comment in this many days.
const ACTIVE_DAYS: i64 = 90;
/// Rows per INSERT statement (10 parameters each).
const BATCH: usize = 200;

type Key = (NaiveDate, DealerId, i64, Measure, String);

/// The counts being gathered, before they are written.
#[derive(Default)]
struct Rollup {
    rows: HashMap<Key, (i64, i64)>,
}

impl Rollup {
    /// Adds `n` and `total` at a day, dealer and model (none: 0) to a measure.
    fn add(&mut self, day: NaiveDate, at: (Option<DealerId>, Option<i64>), m: Measure, detail: &str, sums: (i64, i64)) {
        let (dealer, model) = at;
        let row = self.rows.entry((day, dealer.unwrap_or(0), model.unwrap_or(0), m, detail.to_owned())).or_default();
        row.0 += sums.0;
        row.1 += sums.1;
    }

    fn count(&mut self, at_ms: i64, dealer: Option<DealerId>, model: Option<i64>, m: Measure, detail: &str) {
        self.add(day_of(at_ms), (dealer, model), m, detail, (1, 0));
    }
}

fn day_of(ms: i64) -> NaiveDate {
    local_date(CHINA, DateTime::from_timestamp_millis(ms).unwrap_or_default())
}

fn epoch_day(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}

pub(super) fn from_epoch_day(days: i64) -> NaiveDate {
    NaiveDate::default() + Duration::days(days)
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

fn met(done: bool) -> &'static str {
    if done {
        MET
    } else {
        MISSED
    }
}

/// Whether a promise due at `due` was kept by `done_at`; `None` while it is
/// neither kept nor yet broken.
fn kept(done_at: Option<i64>, due: i64, now: i64) -> Option<bool> {
    match done_at {
        Some(at) => Some(at <= due),
        None => (now > due).then_some(false),
    }
}

/// Rebuilds the roll-up from what the stores hold, in one transaction;
/// returns the rows written.
pub async fn rebuild(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let now_ms = now.timestamp_millis();
    let since = now_ms - HISTORY_DAYS * 86_400_000;
    let today = local_date(CHINA, now);
    let mut r = Rollup::default();
    surveys(db, &mut r, since).await?;
    cases(db, &mut r, since, now_ms).await?;
    leads(db, &mut r, since, now_ms).await?;
    workshop(db, &mut r, since, now_ms, today).await?;
    brand(db, &mut r, since, now_ms, today).await?;
    scores(db, &mut r, today).await?;
    write(db, r).await
}

#[derive(sqlx::FromRow)]
struct SurveyRow {
    sent_at: i64,
    dealer_id: i64,
    model_id: i64,
    satisfaction: Option<i64>,
    recommend: Option<i64>,
    answered_at: Option<i64>,
}

async fn surveys(db: &Db, r: &mut Rollup, since: i64) -> Result<(), sqlx::Error> {
    let rows: Vec<SurveyRow> = sqlx::query_as(
        "SELECT s.sent_at, s.dealer_id, v.model_id, s.satisfaction, s.recommend, s.answered_at
         FROM surveys s JOIN bookings b ON b.id = s.booking_id JOIN vehicles v ON v.vin = b.vin
         WHERE s.sent_at >= $1",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    for row in rows {
        let (sent, dealer, model) = (row.sent_at, Some(row.dealer_id), Some(row.model_id));
        let response = if row.answered_at.is_some() { ANSWERED } else { UNANSWERED };
        r.count(sent, dealer, model, Measure::SurveySent, response);
        if let Some(score) = row.satisfaction {
            r.count(sent, dealer, model, Measure::SurveyScore, &score.to_string());
        }
        if let Some(score) = row.recommend {
            r.count(sent, dealer, model, Measure::SurveyRecommend, &score.to_string());
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    created_at: i64,
    dealer_id: Option<i64>,
    model_id: Option<i64>,
    kind: String,
    category: String,
    channel: String,
    response_due: i64,
    responded_at: Option<i64>,
    resolution_due: i64,
    resolved_at: Option<i64>,
    rating: Option<i64>,
    rated_at: Option<i64>,
    reopens: i64,
}

async fn cases(db: &Db, r: &mut Rollup, since: i64, now: i64) -> Result<(), sqlx::Error> {
    let rows: Vec<CaseRow> = sqlx::query_as(
        "SELECT c.created_at, c.dealer_id, v.model_id, c.kind, c.category, c.channel, c.response_due,
                c.responded_at, c.resolution_due, c.resolved_at, c.rating, c.rated_at,
                (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'reopen') AS reopens
         FROM cases c LEFT JOIN vehicles v ON v.vin = c.vin
         WHERE c.created_at >= $1 AND c.merged_into IS NULL",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    for c in rows {
        let (at, dealer, model) = (c.created_at, c.dealer_id, c.model_id);
        if let (Some(score), Some(rated)) = (c.rating, c.rated_at) {
            r.count(rated, dealer, model, Measure::CaseRating, &score.to_string());
        }
        if c.kind != crate::case::Kind::Complaint.as_str() {
            continue;
        }
        r.count(at, dealer, model, Measure::ComplaintCategory, &c.category);
        r.count(at, dealer, model, Measure::ComplaintChannel, &c.channel);
        if let Some(done) = kept(c.responded_at, c.response_due, now) {
            r.count(at, dealer, model, Measure::ComplaintResponse, met(done));
        }
        if let Some(done) = kept(c.resolved_at, c.resolution_due, now) {
            r.count(at, dealer, model, Measure::ComplaintResolution, met(done));
        }
        if let Some(resolved) = c.resolved_at {
            let bucket = hours_bucket((resolved - at) / 60_000);
            r.count(at, dealer, model, Measure::ComplaintHours, &bucket.to_string());
        }
        if c.resolved_at.is_some() || c.reopens > 0 {
            let detail = if c.reopens > 0 { REOPENED } else { KEPT };
            r.count(at, dealer, model, Measure::ComplaintReopened, detail);
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LeadRow {
    id: i64,
    created_at: i64,
    dealer_id: i64,
    model_id: i64,
    source: String,
    stage: Stage,
    lost_reason: Option<String>,
    competitor: Option<String>,
    first_contact_at: Option<i64>,
    contact_due_at: i64,
}

async fn leads(db: &Db, r: &mut Rollup, since: i64, now: i64) -> Result<(), sqlx::Error> {
    let rows: Vec<LeadRow> = sqlx::query_as(
        "SELECT id, created_at, dealer_id, model_id, source, stage, lost_reason, competitor, first_contact_at,
                contact_due_at
         FROM leads WHERE created_at >= $1",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    // A move's detail begins with the stage reached (then the handler's note).
    let moves: Vec<(i64, String)> = sqlx::query_as(
        "SELECT e.lead_id, e.detail FROM lead_events e JOIN leads l ON l.id = e.lead_id
         WHERE e.kind = 'moved' AND l.created_at >= $1",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let mut reached: HashMap<i64, Vec<Stage>> = HashMap::new();
    for (lead, detail) in moves {
        if let Some(stage) = detail.split(':').next().and_then(Stage::parse) {
            reached.entry(lead).or_default().push(stage);
        }
    }
    for l in rows {
        let (at, dealer, model) = (l.created_at, Some(l.dealer_id), Some(l.model_id));
        r.count(at, dealer, model, Measure::LeadSource, &l.source);
        r.count(at, dealer, model, Measure::LeadStage, l.stage.as_str());
        let stages = reached.remove(&l.id).unwrap_or_default().into_iter().chain([l.stage]);
        let best = furthest(stages, l.first_contact_at.is_some());
        for stage in crate::analytics::figures::PIPELINE.iter().take_while(|s| **s != best).chain([&best]) {
            r.count(at, dealer, model, Measure::LeadReached, stage.as_str());
        }
        if let Some(contact) = l.first_contact_at {
            let bucket = hours_bucket((contact - at) / 60_000);
            r.count(at, dealer, model, Measure::LeadContactHours, &bucket.to_string());
        }
        if let Some(done) = kept(l.first_contact_at, l.contact_due_at, now) {
            r.count(at, dealer, model, Measure::LeadContact, met(done));
        }
        if let (Stage::Lost, Some(reason)) = (l.stage, l.lost_reason.as_deref()) {
            r.count(at, dealer, model, Measure::LeadLost, reason);
        }
        if let Some(competitor) = l.competitor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            r.count(at, dealer, model, Measure::LeadCompetitor, competitor);
        }
    }
    Ok(())
}

async fn workshop(db: &Db, r: &mut Rollup, since: i64, now: i64, today: NaiveDate) -> Result<(), sqlx::Error> {
    let pool = db.pool();
    let bookings: Vec<(i64, i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT b.starts_at, b.ends_at, b.bays, b.dealer_id, v.model_id, b.status
         FROM bookings b JOIN vehicles v ON v.vin = b.vin WHERE b.starts_at >= $1 AND b.starts_at <= $2",
    )
    .bind(since)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut first = today;
    for (starts, ends, bays, dealer, model, status) in bookings {
        let day = day_of(starts);
        first = first.min(day);
        r.add(day, (Some(dealer), Some(model)), Measure::Booking, &status, (1, 0));
        let came = status == "completed" || status == "checked_in";
        if came {
            r.add(day, (Some(dealer), Some(model)), Measure::BayUsed, "", (1, bays * (ends - starts) / 60_000));
        }
    }
    // The bays' open minutes, from the first booking on: a week without
    // bookings still had its bays open.
    let dealers: Vec<(i64, i64)> = sqlx::query_as("SELECT id, service_bays FROM dealers").fetch_all(pool).await?;
    let hours: Vec<(i64, i64, String, String)> =
        sqlx::query_as("SELECT dealer_id, weekday, opens, closes FROM opening_hours").fetch_all(pool).await?;
    let closed: HashSet<(i64, String)> =
        sqlx::query_as("SELECT dealer_id, day FROM closed_dates").fetch_all(pool).await?.into_iter().collect();
    let mut open: HashMap<(i64, u32), i64> = HashMap::new();
    for (dealer, weekday, opens, closes) in hours {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
        if let (Some(o), Some(c), Ok(w)) = (time(&opens), time(&closes), u32::try_from(weekday)) {
            open.insert((dealer, w), (c - o).num_minutes().max(0));
        }
    }
    for (dealer, bays) in dealers {
        let mut day = first;
        while day <= today {
            let minutes = open.get(&(dealer, day.weekday().number_from_monday())).copied().unwrap_or_default();
            if minutes > 0 && !closed.contains(&(dealer, day.to_string())) {
                r.add(day, (Some(dealer), None), Measure::BayOpen, "", (0, minutes * bays));
            }
            day += Duration::days(1);
        }
    }
    let recalls: Vec<(String, Option<i64>, i64, String)> = sqlx::query_as(
        "SELECT cc.completed_on, cc.dealer_id, v.model_id, c.opened_on
         FROM campaign_completions cc JOIN campaigns c ON c.id = cc.campaign_id JOIN vehicles v ON v.vin = cc.vin
         WHERE c.kind = 'recall' AND cc.completed_on >= $1",
    )
    .bind(day_of(since).to_string())
    .fetch_all(pool)
    .await?;
    for (done, dealer, model, opened) in recalls {
        if let (Ok(done), Ok(opened)) = (crate::db::date_column(&done), crate::db::date_column(&opened)) {
            let in_time = (done - opened).num_days() <= RECALL_DAYS;
            r.add(done, (dealer, Some(model)), Measure::Recall, met(in_time), (1, 0));
        }
    }
    Ok(())
}

/// Points, tiers and the club: the brand's, with no dealer or model.
async fn brand(db: &Db, r: &mut Rollup, since: i64, now: i64, today: NaiveDate) -> Result<(), sqlx::Error> {
    let pool = db.pool();
    // Grouped by China day in the database: the ledger is the largest table.
    let points: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT (created_at + 28800000) / 86400000 AS day, kind, COUNT(*), CAST(SUM(amount) AS BIGINT)
         FROM loyalty_ledger WHERE created_at >= $1 AND kind IN ('earn', 'redeem', 'expire')
         GROUP BY (created_at + 28800000) / 86400000, kind",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    for (day, kind, n, total) in points {
        r.add(from_epoch_day(day), (None, None), Measure::Points, &kind, (n, total));
    }
    let tiers: Vec<(String, i64)> =
        sqlx::query_as("SELECT tier, COUNT(*) FROM loyalty_accounts GROUP BY tier").fetch_all(pool).await?;
    for (tier, n) in tiers {
        r.add(today, (None, None), Measure::NowTier, &tier, (n, 0));
    }
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM club_members m WHERE m.banned_at IS NULL AND (
            EXISTS (SELECT 1 FROM club_posts p WHERE p.author_id = m.user_id AND p.created_at >= $1)
            OR EXISTS (SELECT 1 FROM club_comments c WHERE c.author_id = m.user_id AND c.created_at >= $1))",
    )
    .bind(now - ACTIVE_DAYS * 86_400_000)
    .fetch_one(pool)
    .await?;
    r.add(today, (None, None), Measure::NowClubActive, "", (active, 0));
    let events: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT e.starts_at,
                (SELECT COUNT(*) FROM club_rsvps r WHERE r.post_id = e.post_id AND r.checked_in_at IS NOT NULL)
         FROM club_events e WHERE e.starts_at >= $1 AND e.starts_at <= $2",
    )
    .bind(since)
    .bind(now)
    .fetch_all(pool)
    .await?;
    for (starts, attended) in events {
        r.add(day_of(starts), (None, None), Measure::ClubEvent, "", (1, attended));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RiskRow {
    computed_at: i64,
    last_visit_at: Option<i64>,
    has_car: i64,
    lowest_satisfaction: Option<i64>,
    lowest_recommend: Option<i64>,
    open_complaints: i64,
    overdue_complaints: i64,
}

/// The owners' RFM classes and churn reasons as the daily scores left them.
async fn scores(db: &Db, r: &mut Rollup, today: NaiveDate) -> Result<(), sqlx::Error> {
    let pool = db.pool();
    let classes: Vec<(String, i64)> =
        sqlx::query_as("SELECT rfm_class, COUNT(*) FROM customer_scores GROUP BY rfm_class").fetch_all(pool).await?;
    for (class, n) in classes {
        r.add(today, (None, None), Measure::NowRfm, &class, (n, 0));
    }
    let risks: Vec<RiskRow> = sqlx::query_as(
        "SELECT computed_at, last_visit_at, has_car, lowest_satisfaction, lowest_recommend, open_complaints,
                overdue_complaints
         FROM customer_scores WHERE at_risk = 1",
    )
    .fetch_all(pool)
    .await?;
    for row in risks {
        let measured = Measured {
            last_visit: row.last_visit_at.and_then(DateTime::from_timestamp_millis),
            has_car: row.has_car != 0,
            lowest_satisfaction: row.lowest_satisfaction,
            lowest_recommend: row.lowest_recommend,
            open_complaints: u32::try_from(row.open_complaints).unwrap_or_default(),
            overdue_complaints: u32::try_from(row.overdue_complaints).unwrap_or_default(),
            ..Measured::default()
        };
        let signals = measured.signals(DateTime::from_timestamp_millis(row.computed_at).unwrap_or_default());
        r.add(today, (None, None), Measure::NowRisk, "", (1, 0));
        for reason in churn::reasons(&signals) {
            r.add(today, (None, None), Measure::NowRisk, reason_name(reason), (1, 0));
        }
    }
    Ok(())
}

/// The name a churn reason is counted under (the page words it).
pub fn reason_name(reason: churn::Reason) -> &'static str {
    match reason {
        churn::Reason::NoVisit { .. } => "no_visit",
        churn::Reason::NeverServiced => "never_serviced",
        churn::Reason::LowSatisfaction { .. } => "low_satisfaction",
        churn::Reason::Detractor { .. } => "detractor",
        churn::Reason::OpenComplaints { .. } => "open_complaints",
    }
}

async fn write(db: &Db, r: Rollup) -> Result<u64, sqlx::Error> {
    let cities: HashMap<i64, String> =
        sqlx::query_as("SELECT id, city_en FROM dealers").fetch_all(db.pool()).await?.into_iter().collect();
    let rows: Vec<(Key, (i64, i64))> = r.rows.into_iter().collect();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM analytics_rollup").execute(&mut *tx).await?;
    for chunk in rows.chunks(BATCH) {
        insert(&mut tx, chunk, &cities).await?;
    }
    sqlx::query("UPDATE analytics_rollup_generation SET generation = generation + 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// One INSERT of up to `BATCH` rows; only the placeholders are generated.
async fn insert(
    tx: &mut Transaction<'static, Any>,
    rows: &[(Key, (i64, i64))],
    cities: &HashMap<i64, String>,
) -> Result<(), sqlx::Error> {
    const COLUMNS: usize = 10;
    let values = (0..rows.len())
        .map(|i| {
            let marks: Vec<String> = (1..=COLUMNS).map(|c| format!("${}", i * COLUMNS + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO analytics_rollup (day, week, month, dealer_id, model_id, city, measure, detail, n, total)
         VALUES {values}"
    );
    let mut query = sqlx::query(&sql);
    for ((day, dealer, model, measure, detail), (n, total)) in rows {
        query = query
            .bind(epoch_day(*day))
            .bind(epoch_day(monday(*day)))
            .bind(i64::from(month_of(*day)))
            .bind(*dealer)
            .bind(*model)
            .bind(cities.get(dealer).cloned().unwrap_or_default())
            .bind(measure.as_str())
            .bind(detail.clone())
            .bind(*n)
            .bind(*total);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_promise_is_kept_by_its_due_moment_and_broken_only_once_past_it() {
        assert_eq!(kept(Some(100), 100, 500), Some(true), "on the last moment");
        assert_eq!(kept(Some(101), 100, 500), Some(false));
        assert_eq!(kept(None, 100, 100), None, "not yet due");
        assert_eq!(kept(None, 100, 101), Some(false));
    }

    #[test]
    fn days_weeks_and_months_are_china_time() {
        // 2026-03-01 16:30 UTC is 2026-03-02 00:30 in Beijing, a Monday.
        let ms = DateTime::parse_from_rfc3339("2026-03-01T16:30:00Z").expect("a time").timestamp_millis();
        let day = day_of(ms);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date"));
        assert_eq!(monday(day), day);
        assert_eq!(monday(day + Duration::days(6)), day, "Sunday belongs to the week that began on Monday");
        assert_eq!(from_epoch_day(epoch_day(day)), day);
        // The ledger's day as the database groups it: the same day.
        assert_eq!((ms + 28_800_000) / 86_400_000, epoch_day(day));
        assert_eq!(month_of(day), 202603);
    }
}
