//! The analytics page's reads: whose figures a desk may see, and the roll-up
//! summed for a filter in a fixed number of queries, kept until the roll-up
//! is built again.

use super::rollup::from_epoch_day;
use crate::account::Desk;
use crate::analytics::figures::{Figures, Filter, Line, Measure, Page, WeekLine};
use crate::db::Db;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many summed pages an instance keeps; past it, it starts again.
const KEPT_PAGES: usize = 256;

/// Pages already summed, by desk and filter, with the roll-up generation they
/// were summed from (`analytics_rollup_generation`). The roll-up changes once
/// a day, so the same filter is summed once a day per instance; every request
/// still reads the generation, so a new roll-up shows at once on every instance.
#[derive(Default)]
pub struct Summed {
    pages: Mutex<HashMap<(Desk, Filter), Kept>>,
    /// Held while a page is summed: after a new roll-up, the many requests that
    /// find no page for the same desk and filter wait for one sum instead of
    /// each summing it (64 at once took half a second each on SQLite).
    summing: Mutex<HashMap<(Desk, Filter), OneSum>>,
}

/// Held by the one request summing a page.
type OneSum = Arc<tokio::sync::Mutex<()>>;

/// A summed page and the roll-up generation it was summed from.
type Kept = (i64, Arc<Page>);

impl Summed {
    fn get(&self, generation: i64, key: &(Desk, Filter)) -> Option<Arc<Page>> {
        let pages = self.pages.lock().ok()?;
        pages.get(key).filter(|(made, _)| *made == generation).map(|(_, page)| Arc::clone(page))
    }

    /// The lock that one sum of `key` holds.
    fn summing(&self, key: &(Desk, Filter)) -> OneSum {
        let mut locks = self.summing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if locks.len() >= KEPT_PAGES {
            locks.clear();
        }
        Arc::clone(locks.entry(key.clone()).or_default())
    }

    fn keep(&self, generation: i64, key: (Desk, Filter), page: Arc<Page>) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= KEPT_PAGES {
                pages.clear();
            }
            pages.insert(key, (generation, page));
        }
    }
}

/// The figures for `filter` (already kept within the desk), summed from the
/// roll-up unless `summed` holds them for the current roll-up.
pub async fn summed_page(db: &Db, summed: &Summed, desk: Desk, filter: Filter) -> Result<Arc<Page>, sqlx::Error> {
    let generation: i64 =
        sqlx::query_scalar("SELECT generation FROM analytics_rollup_generation").fetch_one(db.pool()).await?;
    let key = (desk, filter);
    if let Some(page) = summed.get(generation, &key) {
        return Ok(page);
    }
    let summing = summed.summing(&key);
    let _summing = summing.lock().await;
    if let Some(page) = summed.get(generation, &key) {
        return Ok(page);
    }
    let fresh = Arc::new(page(db, desk, key.1.clone()).await?);
    summed.keep(generation, key, Arc::clone(&fresh));
    Ok(fresh)
}

/// Summed roll-up rows: measure, detail, month or week, dealer, n, total.
type SumRow = (Measure, String, i64, i64, i64, i64);

/// One of the page's two sums, with the filter's five parameters.
async fn sums(db: &Db, sql: &str, filter: &Filter) -> Result<Vec<SumRow>, sqlx::Error> {
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
async fn page(db: &Db, desk: Desk, filter: Filter) -> Result<Page, sqlx::Error> {
    let mut dealers = crate::dealer::list(db).await?;
    dealers.retain(|d| desk.covers(d.id));
    let models = crate::dealer::model_names(db).await?;
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
