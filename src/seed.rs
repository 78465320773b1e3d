//! Demo data for an empty database: a brand's models, dealers in several
//! Chinese cities, a sold-vehicle register, owners with cars and staff of every
//! role. Everything in Chinese and English, as the real data would be.

mod activity;
mod after_sales;
mod bulk;
mod club;
mod history;
mod leads;
mod people;
mod register;
mod rewards;
mod segments;

pub use bulk::{seed_bulk, BulkTargets, Scale};
pub use leads::DEMO_REFERRAL_CODE;
pub use people::{demo_accounts, DEMO_PASSWORD};
pub use register::demo_vin;

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::types::Origin;
use activity::seed_activity;
use after_sales::seed_after_sales;

/// Seeds demo data if, and only if, the database has no dealers and no users;
/// the prospects' texts link to `origin`. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db, clock: &dyn Clock, origin: &Origin) -> Result<bool, DomainError> {
    let (dealers, users): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM dealers), (SELECT COUNT(*) FROM users)")
            .fetch_one(db.pool())
            .await?;
    if dealers > 0 || users > 0 {
        return Ok(false);
    }
    let now = clock.now().timestamp_millis();
    let mut tx = db.pool().begin().await?;
    let ids = register::insert(&mut tx, now).await?;
    seed_after_sales(&mut tx, &ids.models, &ids.dealers).await?;
    tx.commit().await?;
    db.forget_kept();
    let people = people::create(db, clock, &ids.dealers, now).await?;
    seed_activity(db, clock, &people, ids.dealers[0]).await?;
    club::seed_club(db, clock, &people).await?;
    leads::seed_leads(db, clock, origin, &ids.dealers).await?;
    rewards::seed_rewards(db, clock).await?;
    history::seed_history(db, clock).await?;
    // Points for what the demo owners have done (visits, club life).
    crate::loyalty::store::earn_from_events(db, clock).await?;
    crate::loyalty::store::daily_bonuses(db, clock).await?;
    crate::analytics::store::scores::refresh(db, clock.now()).await?;
    segments::seed_segments(db, clock).await?;
    crate::analytics::store::rollup::rebuild(db, clock.now()).await?;
    Ok(true)
}
