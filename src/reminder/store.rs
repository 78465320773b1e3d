//! Reminders for the cars in the database, and the daily job that announces
//! each new one exactly once (in the portal and through the outbox).

use super::{reminders, Facts, Kind, Reminder, State};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::{store as garage, Car};
use crate::notify::notice::Bilingual;
use crate::notify::outbox::Category;
use crate::notify::{tell, Message, Notice};
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
    let mut lookups: HashMap<String, _> = warranty::lookups_for_owner(db, owner, today)
        .await?
        .into_iter()
        .map(|(entry, lookup)| (entry.vin.as_str().to_owned(), (entry, lookup)))
        .collect();
    let mut last = garage::last_maintenance_by_car(db, owner).await?;
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

/// What the owner is told about a reminder (words: `Notice::text`).
pub fn notice(car: &Car, r: &Reminder) -> Notice {
    let model = Bilingual::new(car.model_zh.as_str(), car.model_en.as_str());
    let about = || Bilingual::new(r.about_zh.as_str(), r.about_en.as_str());
    match r.kind {
        Kind::Recall | Kind::ServiceCampaign if r.state == State::AwaitingParts => {
            Notice::CampaignAwaitingParts { model, campaign: about(), recall: r.kind == Kind::Recall }
        }
        Kind::Recall => Notice::Recall { model, campaign: about() },
        Kind::ServiceCampaign => Notice::ServiceCampaign { model, campaign: about() },
        Kind::Maintenance => {
            Notice::Maintenance { model, due_on: r.due_on, due_km: r.due_km, overdue: r.state == State::Overdue }
        }
        Kind::Insurance => Notice::Insurance { model, due_on: r.due_on },
        Kind::Inspection => Notice::Inspection { model, due_on: r.due_on },
        Kind::WarrantyEnding => Notice::WarrantyEnding { model, cover: about(), due_on: r.due_on },
    }
}

/// Announces every reminder not announced before, once per ownership, kind and
/// occasion: the unique key in `reminder_notices` makes a second run (or a
/// second instance) a no-op. Returns how many were announced.
pub async fn announce_due(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let owners: Vec<UserId> =
        sqlx::query_scalar("SELECT DISTINCT owner_id FROM ownerships WHERE ended_at IS NULL ORDER BY owner_id")
            .fetch_all(db.pool())
            .await?;
    announce_to(db, clock, &owners).await
}

/// Announces the new reminders of these owners only (a recall just issued,
/// its parts just arrived), as the daily run would, and as safe to repeat.
pub async fn announce_to(db: &Db, clock: &dyn Clock, owners: &[UserId]) -> Result<usize, DomainError> {
    let now = clock.now();
    let today = now.date_naive();
    let mut announced = 0;
    for &owner in owners {
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
                let link = format!("/me/garage/{}", car.vin);
                let category = if reminder.kind.is_safety() { Category::Safety } else { Category::Service };
                let note = Message { notice: notice(car, reminder), link: &link, category };
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
    use crate::lang::Lang;
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
                let told = notice(&car(), &maintenance(state, due_on, due_km));
                let (zh, en) = (told.text(Lang::Zh), told.text(Lang::En));
                assert_eq!(zh.contains("逾期"), state == State::Overdue, "{zh}");
                assert!(zh.contains(zh_says) && en.contains(en_says), "{zh} / {en}");
                assert!(!zh.contains("（）") && !en.contains("()") && !zh.contains("（ /"), "{zh} / {en}");
            }
        }
    }
}
