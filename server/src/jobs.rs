//! In-process scheduler: the daily reminder and follow-up runs (at start-up and every day at
//! 08:00 China time, with loyalty's bonuses, expiry and tiers), and every 30 s the case SLA watch,
//! loyalty earning and the outbox drain; every 2 s the webhooks' deliveries. All are safe to run
//! on several instances at once: announcements are unique by key, deliveries claimed by lease.

use pitlane::db::Db;
use pitlane::notify::outbox::store::{drain, LogSender, Sender};
use pitlane::Clock;
use std::sync::Arc;
use std::time::Duration;

/// 08:00 in Beijing is midnight UTC.
const DAILY_AT_UTC_HOUR: u32 = 0;

pub fn spawn(db: Db, clock: Arc<dyn Clock>) {
    let (hook_db, hook_clock) = (db.clone(), clock.clone());
    tokio::spawn(async move {
        let http = reqwest::Client::new();
        loop {
            if let Err(err) = crate::deliveries::deliver_due(&hook_db, &*hook_clock, &http).await {
                tracing::error!(error = %err, "webhook deliveries failed");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    let (reminder_db, reminder_clock) = (db.clone(), clock.clone());
    tokio::spawn(async move {
        loop {
            run_daily(&reminder_db, &*reminder_clock).await;
            tokio::time::sleep(until_next_run(&*reminder_clock)).await;
        }
    });
    // No gateway is configured yet: say so, since the log now holds codes.
    tracing::warn!(
        "outbox: the development log sender is in use: SMS and e-mail bodies, one-time codes included, \
         go to this log and nowhere else; do not run it so in production"
    );
    let sender: Arc<dyn Sender> = Arc::new(LogSender);
    tokio::spawn(async move {
        loop {
            // Safety cases have a 2-hour promise: breaches are looked for with every drain.
            match pitlane::case::store::sla::watch(&db, &*clock).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(breaches = n, "case SLA breaches escalated"),
                Err(err) => tracing::error!(error = %err, "case SLA watch failed"),
            }
            // Points follow what owners do within the half minute.
            if let Err(err) = pitlane::loyalty::store::earn_from_events(&db, &*clock).await {
                tracing::error!(error = %err, "loyalty earning failed");
            }
            if let Err(err) = drain(&db, &*clock, &*sender, 100).await {
                tracing::error!(error = %err, "outbox drain failed");
            }
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    });
}

/// The daily run: reminders, appointment reminders, follow-up surveys and
/// call-back tasks, loyalty, the integration API's day-old answers, scores and
/// the analytics. Each part is idempotent, so running it again is harmless.
pub async fn run_daily(db: &Db, clock: &dyn Clock) {
    match pitlane::reminder::store::announce_due(db, clock).await {
        Ok(n) => tracing::info!(announced = n, "daily reminder run"),
        Err(err) => tracing::error!(error = %err, "daily reminder run failed"),
    }
    match pitlane::booking::store::remind_day_before(db, clock).await {
        Ok(n) => tracing::info!(reminded = n, "appointment reminders"),
        Err(err) => tracing::error!(error = %err, "appointment reminders failed"),
    }
    match pitlane::followup::store::run(db, clock).await {
        Ok((surveys, tasks)) => tracing::info!(surveys, tasks, "daily follow-up run"),
        Err(err) => tracing::error!(error = %err, "daily follow-up run failed"),
    }
    match pitlane::case::store::sla::follow_up(db, clock).await {
        Ok((followups, closed)) => tracing::info!(followups, closed, "case follow-up run"),
        Err(err) => tracing::error!(error = %err, "case follow-up run failed"),
    }
    loyalty_daily(db, clock).await;
    match pitlane::integration::idempotency::prune(db, clock.now()).await {
        Ok(n) => tracing::info!(forgotten = n, "integration answers kept for retries"),
        Err(err) => tracing::error!(error = %err, "integration answers prune failed"),
    }
    // Last, so the scores see the day's surveys, complaints and visits.
    match pitlane::analytics::store::scores::refresh(db, clock.now()).await {
        Ok(n) => tracing::info!(scored = n, "customer scores"),
        Err(err) => tracing::error!(error = %err, "customer scores failed"),
    }
    // Then the analytics count what the runs above and the scores left.
    match pitlane::analytics::store::rollup::rebuild(db, clock.now()).await {
        Ok(n) => tracing::info!(rows = n, "analytics roll-up"),
        Err(err) => tracing::error!(error = %err, "analytics roll-up failed"),
    }
}

/// Loyalty's daily part: bonuses, expiry (and its notices), tiers, and the
/// proof that every balance equals its ledger.
async fn loyalty_daily(db: &Db, clock: &dyn Clock) {
    use pitlane::loyalty::store::{daily_bonuses, expire, mismatches, retier};
    match daily_bonuses(db, clock).await {
        Ok(n) => tracing::info!(bonuses = n, "loyalty bonuses"),
        Err(err) => tracing::error!(error = %err, "loyalty bonuses failed"),
    }
    match expire(db, clock).await {
        Ok(n) => tracing::info!(expired_lots = n, "loyalty expiry"),
        Err(err) => tracing::error!(error = %err, "loyalty expiry failed"),
    }
    match retier(db, clock).await {
        Ok(n) => tracing::info!(tier_changes = n, "loyalty tiers"),
        Err(err) => tracing::error!(error = %err, "loyalty tiers failed"),
    }
    match mismatches(db).await {
        Ok(0) => {}
        Ok(n) => tracing::error!(owners = n, "loyalty balances differ from their ledgers"),
        Err(err) => tracing::error!(error = %err, "loyalty check failed"),
    }
}

fn until_next_run(clock: &dyn Clock) -> Duration {
    let now = clock.now();
    let today_run = now.date_naive().and_hms_opt(DAILY_AT_UTC_HOUR, 0, 0).map(|t| t.and_utc());
    let next = match today_run {
        Some(run) if run > now => run,
        Some(run) => run + chrono::Duration::days(1),
        None => now + chrono::Duration::days(1),
    };
    (next - now).to_std().unwrap_or(Duration::from_secs(3600))
}
