//! Reminders for the cars in the database, and the daily job that announces
//! each new one exactly once (in the portal and through the outbox).

use super::{reminders, Facts, Kind, Reminder, State};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::{store as garage, Car};
use crate::notify::outbox::Category;
use crate::notify::{tell, Message};
use crate::warranty::store::{self as warranty, RegisterRow};
use crate::warranty::Lookup;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The reminders for each of the owner's current cars (by VIN), in a fixed
/// number of queries whatever the number of cars.
pub async fn for_owner(
    db: &Db,
    owner: UserId,
    cars: &[Car],
    today: NaiveDate,
) -> Result<HashMap<String, Vec<Reminder>>, DomainError> {
    let mut lookups: HashMap<String, _> = warranty::lookups_for_owner(db.pool(), owner, today)
        .await?
        .into_iter()
        .map(|(entry, lookup)| (entry.vin.as_str().to_owned(), (entry, lookup)))
        .collect();
    let mut last = garage::last_maintenance_by_car(db.pool(), owner).await?;
    let mut all = HashMap::new();
    for car in cars {
        let vin = car.vin.as_str();
        let found = match lookups.remove(vin) {
            Some((entry, lookup)) => of_car(car, &entry, lookup, last.remove(vin), today),
            None => Vec::new(),
        };
        all.insert(vin.to_owned(), found);
    }
    Ok(all)
}

/// The reminders of a car whose register entry, cover and last maintenance
/// the caller has read already.
pub fn of_car(
    car: &Car,
    entry: &RegisterRow,
    lookup: Lookup,
    last_maintenance: Option<(NaiveDate, u32)>,
    today: NaiveDate,
) -> Vec<Reminder> {
    reminders(&Facts {
        today,
        sale_date: car.sale_date,
        mileage_km: car.mileage_km,
        last_maintenance,
        service_months: u32::try_from(entry.service_months).unwrap_or(12),
        service_km: u32::try_from(entry.service_km).unwrap_or(10_000),
        insurance_due: car.insurance_due,
        inspection_due: car.inspection_due,
        lines: lookup.lines,
        campaigns: lookup.campaigns,
    })
}

/// The message text for a reminder, in Chinese and English.
pub fn message(car: &Car, r: &Reminder) -> (String, String) {
    let due = r.due_on.map(|d| d.to_string()).unwrap_or_default();
    let km = r.due_km.map(|k| format!(" / {k} km")).unwrap_or_default();
    let (zh, en) = (&car.model_zh, &car.model_en);
    match (r.kind, r.state) {
        (Kind::Recall, _) => (
            format!("安全召回：您的{zh}涉及“{}”，请预约免费检修。", r.about_zh),
            format!("Safety recall: your {en} is affected by \"{}\". Book the free fix.", r.about_en),
        ),
        (Kind::Maintenance, State::Overdue) => (
            format!("您的{zh}保养已逾期（{due}{km}），请尽快预约。"),
            format!("Your {en} is overdue for maintenance ({due}{km}). Please book soon."),
        ),
        (Kind::Maintenance, _) => {
            (format!("您的{zh}即将需要保养（{due}{km}）。"), format!("Your {en} is due for maintenance ({due}{km})."))
        }
        (Kind::Insurance, _) => (
            format!("您的{zh}车险将于 {due} 到期，请及时续保。"),
            format!("The insurance of your {en} ends on {due}: time to renew."),
        ),
        (Kind::Inspection, _) => {
            (format!("您的{zh}年检截止日期为 {due}。"), format!("The annual inspection of your {en} is due by {due}."))
        }
        (Kind::WarrantyEnding, _) => (
            format!("您的{zh}“{}”保修将于 {due} 结束。", r.about_zh),
            format!("The {} warranty of your {en} ends on {due}.", r.about_en),
        ),
    }
}

/// Announces every reminder not announced before, once per ownership, kind and
/// occasion: the unique key in `reminder_notices` makes a second run (or a
/// second instance) a no-op. Returns how many were announced.
pub async fn announce_due(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let today = now.date_naive();
    let owners: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT owner_id FROM ownerships WHERE ended_at IS NULL ORDER BY owner_id")
            .fetch_all(db.pool())
            .await?;
    let mut announced = 0;
    for (owner,) in owners {
        let cars = garage::cars(db, owner).await?;
        let reminders = for_owner(db, owner, &cars, today).await?;
        for car in &cars {
            let due = reminders.get(car.vin.as_str()).into_iter().flatten().filter(|r| r.is_announced());
            for reminder in due {
                let mut tx = db.pool().begin().await?;
                let fresh = sqlx::query(
                    "INSERT INTO reminder_notices (ownership_id, kind, due_key, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (ownership_id, kind, due_key) DO NOTHING",
                )
                .bind(car.ownership_id)
                .bind(reminder.kind.as_str())
                .bind(&reminder.key)
                .bind(now.timestamp_millis())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if !fresh {
                    continue;
                }
                let (zh, en) = message(car, reminder);
                let link = format!("/me/garage/{}", car.vin);
                let category = if reminder.kind.is_safety() { Category::Safety } else { Category::Service };
                let note = Message { kind: reminder.kind.as_str(), zh: &zh, en: &en, link: &link, category };
                tell(&mut tx, owner, note, now).await?;
                tx.commit().await?;
                announced += 1;
            }
        }
    }
    Ok(announced)
}
