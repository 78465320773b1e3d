//! The analytics page's reads: whose figures a desk may see, and the roll-up
//! summed for a filter in a fixed number of queries.

use super::rollup::from_epoch_day;
use crate::account::{Desk, Staff};
use crate::analytics::figures::{Figures, Filter, Line, Measure, Page, WeekLine};
use crate::db::Db;

/// The desk whose figures `staff` reads, if any: asks the account whether a
/// lead handler manages their dealer's floor (`Staff::analytics_desk`).
pub async fn desk(db: &Db, staff: Staff) -> Result<Option<Desk>, sqlx::Error> {
    let manages: Option<i64> = sqlx::query_scalar("SELECT manages_leads FROM users WHERE id = $1")
        .bind(staff.id)
        .fetch_optional(db.pool())
        .await?;
    Ok(staff.analytics_desk(manages == Some(1)))
}

/// Summed roll-up rows: measure, detail, month or week, dealer, n, total.
type Summed = (Measure, String, i64, i64, i64, i64);

/// One of the page's two sums, with the filter's five parameters.
async fn sums(db: &Db, sql: &str, filter: &Filter) -> Result<Vec<Summed>, sqlx::Error> {
    sqlx::query_as(sql)
        .bind(i64::from(filter.from))
        .bind(i64::from(filter.to))
        .bind(filter.dealer.unwrap_or(0))
        .bind(filter.model.unwrap_or(0))
        .bind(filter.city.clone().unwrap_or_default())
        .fetch_all(db.pool())
        .await
}

/// The figures for `filter` (already kept within the desk, `Filter::within`),
/// read in a fixed number of queries whatever the period or data.
pub async fn page(db: &Db, desk: Desk, filter: Filter) -> Result<Page, sqlx::Error> {
    let pool = db.pool();
    let mut dealers = crate::dealer::list(db).await?;
    dealers.retain(|d| desk.covers(d.id));
    let models: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_zh, name_en FROM car_models ORDER BY id").fetch_all(pool).await?;
    let mut cities: Vec<(String, String)> = dealers.iter().map(|d| (d.city_en.clone(), d.city_zh.clone())).collect();
    cities.sort();
    cities.dedup();
    // Snapshot measures (now_…) are as of the last roll-up, whatever the period.
    let lines = sums(
        db,
        "SELECT measure, detail, month, dealer_id, CAST(SUM(n) AS BIGINT), CAST(SUM(total) AS BIGINT)
         FROM analytics_rollup
         WHERE ((month BETWEEN $1 AND $2) OR measure LIKE 'now_%')
           AND ($3 = 0 OR dealer_id = $3) AND ($4 = 0 OR model_id = $4) AND ($5 = '' OR city = $5)
         GROUP BY measure, detail, month, dealer_id",
        &filter,
    )
    .await?;
    // The bays' open minutes belong to no model: a model filter leaves them in.
    let weeks = sums(
        db,
        "SELECT measure, detail, week, dealer_id, CAST(SUM(n) AS BIGINT), CAST(SUM(total) AS BIGINT)
         FROM analytics_rollup
         WHERE measure IN ('booking', 'bay_used', 'bay_open') AND month BETWEEN $1 AND $2
           AND ($3 = 0 OR dealer_id = $3) AND ($4 = 0 OR model_id = $4 OR measure = 'bay_open')
           AND ($5 = '' OR city = $5)
         GROUP BY measure, detail, week, dealer_id",
        &filter,
    )
    .await?;
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|(measure, detail, month, dealer, n, total)| Line {
            measure,
            detail,
            month: u32::try_from(month).unwrap_or_default(),
            dealer,
            n,
            total,
        })
        .collect();
    let weeks: Vec<WeekLine> = weeks
        .into_iter()
        .map(|(measure, detail, week, dealer, n, total)| WeekLine {
            measure,
            detail,
            week: from_epoch_day(week),
            dealer,
            n,
            total,
        })
        .collect();
    let figures = Figures::gather(&filter, &lines, &weeks);
    Ok(Page { filter, figures, dealers, models, cities })
}
