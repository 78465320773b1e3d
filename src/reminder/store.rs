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
    // Maintenance falls due by date or by distance, whichever comes first; a
    // car with neither known says so rather than showing empty brackets.
    let (when_zh, when_en) = match (r.due_on, r.due_km) {
        (Some(on), Some(km)) => {
            (format!("{on} 或 {km} 公里，以先到者为准"), format!("{on} or {km} km, whichever comes first"))
        }
        (Some(on), None) => (on.to_string(), on.to_string()),
        (None, Some(km)) => (format!("行驶至 {km} 公里时"), format!("at {km} km")),
        (None, None) => {
            ("暂无日期或里程，请咨询经销商".to_owned(), "no date or distance known yet: ask your dealer".to_owned())
        }
    };
    let (zh, en) = (&car.model_zh, &car.model_en);
    match (r.kind, r.state) {
        (Kind::Recall, _) => (
            format!("安全召回：您的{zh}涉及“{}”，请预约免费检修。", r.about_zh),
            format!("Safety recall: your {en} is affected by \"{}\". Book the free fix.", r.about_en),
        ),
        (Kind::Maintenance, State::Overdue) => (
            format!("您的{zh}保养已逾期（{when_zh}），请尽快预约。"),
            format!("Your {en} is overdue for maintenance ({when_en}). Please book soon."),
        ),
        (Kind::Maintenance, _) => {
            (format!("您的{zh}即将需要保养（{when_zh}）。"), format!("Your {en} is due for maintenance ({when_en})."))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Vin;

    fn car() -> Car {
        Car {
            ownership_id: 1,
            vin: Vin::parse("LMVSA5B27NS100001").expect("a valid VIN"),
            model_zh: "子午 e3".into(),
            model_en: "Meridian e3".into(),
            model_year: 2022,
            powertrain: "ev".into(),
            plate: None,
            mileage_km: None,
            mileage_on: None,
            insurance_due: None,
            inspection_due: None,
            sale_date: None,
            held_mileage: None,
        }
    }

    fn maintenance(state: State, due_on: Option<NaiveDate>, due_km: Option<u32>) -> Reminder {
        let (about_zh, about_en, key) = (String::new(), String::new(), "m".to_owned());
        Reminder { kind: Kind::Maintenance, state, due_on, due_km, about_zh, about_en, key }
    }

    #[test]
    fn a_maintenance_message_says_when_in_words_whatever_is_known() {
        let on = NaiveDate::from_ymd_opt(2027, 3, 1);
        for state in [State::Due, State::Overdue] {
            for (due_on, due_km, zh_says, en_says) in [
                (on, Some(40_000), "2027-03-01 或 40000 公里", "2027-03-01 or 40000 km"),
                (on, None, "（2027-03-01）", "(2027-03-01)"),
                (None, Some(40_000), "行驶至 40000 公里时", "at 40000 km"),
                (None, None, "暂无日期或里程", "no date or distance known yet"),
            ] {
                let (zh, en) = message(&car(), &maintenance(state, due_on, due_km));
                assert!(zh.contains(zh_says) && en.contains(en_says), "{zh} / {en}");
                assert!(!zh.contains("（）") && !en.contains("()") && !zh.contains("（ /"), "{zh} / {en}");
            }
        }
    }
}
