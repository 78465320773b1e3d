//! An owner's garage: cars claimed by VIN from the brand's register, the
//! owner's details for each, and the car's service history.

use crate::account::Role;
use crate::booking::NextVisit;
use crate::error::{required_text, DomainError, Field, FieldError};
use crate::reminder::Reminder;
use crate::types::{parse_optional_date, parse_past_date, Km, Plate, Vin};
use crate::warranty::Lookup;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod claim;
#[cfg(feature = "ssr")]
pub mod store;

/// The most an owner's odometer reading may rise per day since the reading
/// before it (a very long day's driving); a bigger jump waits for staff.
pub const MAX_KM_PER_DAY: u64 = 1_500;
/// A car's first reading is judged against its sale date at an average no
/// owner keeps up for long (about 110,000 km a year): a sale date is not a
/// reading, and 1,500 km a day over years would let any figure through.
pub const MAX_KM_PER_DAY_SINCE_SALE: u64 = 300;

/// An odometer reading and the day it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub km: u32,
    pub on: NaiveDate,
}

/// Whether a reading of `km` moves an odometer that shows `current` (`None`:
/// no reading yet). An odometer never goes down, and a reading equal to the
/// car's is no news: it changes nothing, its date included. Every reading
/// (an owner's, a held one confirmed, a visit's) obeys this; only an admin's
/// correction lowers a car's odometer ([`crate::account::MileageChange`]).
pub fn raises(current: Option<u32>, km: u32) -> bool {
    current.is_none_or(|current| km > current)
}

/// Whether an owner's reading `next` follows plausibly from the last one: at
/// most [`MAX_KM_PER_DAY`] more per day since, a reading the same day counting
/// as one day's driving (a car's first from 0 km on its sale date, at
/// [`MAX_KM_PER_DAY_SINCE_SALE`]). A
/// rise dated before the reading it follows is not plausible, nor is any rise
/// on a car with neither a reading nor a sale date to judge it by.
pub fn plausible(last: Option<Reading>, sale_date: Option<NaiveDate>, next: Reading) -> bool {
    let (base, per_day) = match (last, sale_date) {
        (Some(last), _) => (last, MAX_KM_PER_DAY),
        (None, Some(on)) => (Reading { km: 0, on }, MAX_KM_PER_DAY_SINCE_SALE),
        (None, None) => return false,
    };
    if next.km <= base.km {
        return true;
    }
    let Ok(days) = u64::try_from((next.on - base.on).num_days()) else {
        return false;
    };
    u64::from(next.km - base.km) <= per_day.saturating_mul(days.max(1))
}

/// What an owner's reading did to the car's odometer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadingOutcome {
    /// No newer reading than the car's.
    Unchanged,
    Applied,
    /// Implausible: it waits for staff, and the car keeps its reading.
    Held,
}

/// An owner's reading waiting for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldReading {
    pub id: i64,
    pub km: u32,
    pub read_on: NaiveDate,
}

stored_enum! {
    /// What staff do with a held reading.
    pub enum HeldDecision {
        /// It becomes the car's mileage.
        Confirm = "confirm",
        Discard = "discard",
    }
}

impl HeldDecision {
    /// The held reading's status once decided (it leaves `held` only this way).
    pub fn status(self) -> &'static str {
        match self {
            HeldDecision::Confirm => "confirmed",
            HeldDecision::Discard => "discarded",
        }
    }
}

/// The longest reason staff give for correcting a car's mileage.
pub const MAX_REASON_CHARS: usize = 200;
/// The proof of sale care staff cite when they move a car to its new owner.
pub const MAX_TRANSFER_PROOF_CHARS: usize = 100;
/// What an owner says was done in a service they record themselves.
pub const MAX_OWNER_WORK_CHARS: usize = 500;
/// The independent garage that did it.
pub const MAX_GARAGE_NAME_CHARS: usize = 100;

/// A car in an owner's garage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Car {
    pub ownership_id: i64,
    pub vin: Vin,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub powertrain: String,
    pub plate: Option<String>,
    pub mileage_km: Option<u32>,
    pub mileage_on: Option<NaiveDate>,
    pub insurance_due: Option<NaiveDate>,
    pub inspection_due: Option<NaiveDate>,
    pub sale_date: Option<NaiveDate>,
    /// This owner's reading waiting for staff (`mileage_km` is the confirmed one).
    pub held_mileage: Option<HeldReading>,
}

/// A car in the garage list, with its reminders and its next visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarSummary {
    pub car: Car,
    pub reminders: Vec<Reminder>,
    pub next_visit: Option<NextVisit>,
}

/// A car with what its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarPage {
    pub car: Car,
    /// Cover and campaigns; `None` for a car the register does not know.
    pub lookup: Option<Lookup>,
    pub history: Vec<ServiceEntry>,
    pub reminders: Vec<Reminder>,
    pub next_visit: Option<NextVisit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Dealer,
    /// Reported by the current owner.
    Owner,
    /// Reported by an earlier owner of the car.
    EarlierOwner,
}

/// One visit or job in a car's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceEntry {
    pub performed_on: NaiveDate,
    pub mileage_km: u32,
    pub work: String,
    pub garage_name: String,
    pub source: Source,
    /// The receipt photo, shown only to the owner who reported the work.
    pub receipt: Option<i64>,
}

/// The details an owner keeps for their car, parsed from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarDetails {
    pub plate: Option<Plate>,
    pub mileage: Option<Km>,
    pub insurance_due: Option<NaiveDate>,
    pub inspection_due: Option<NaiveDate>,
}

impl CarDetails {
    pub fn parse(plate: &str, mileage: &str, insurance_due: &str, inspection_due: &str) -> Result<Self, DomainError> {
        let plate = match plate.trim() {
            "" => None,
            raw => Some(Plate::parse(raw).map_err(|e| FieldError::new(Field::Plate, e))?),
        };
        let mileage = match mileage.trim() {
            "" => None,
            raw => Some(Km::parse(raw).map_err(|e| FieldError::new(Field::Mileage, e))?),
        };
        Ok(Self {
            plate,
            mileage,
            insurance_due: parse_optional_date(insurance_due).map_err(|e| FieldError::new(Field::InsuranceDue, e))?,
            inspection_due: parse_optional_date(inspection_due)
                .map_err(|e| FieldError::new(Field::InspectionDue, e))?,
        })
    }
}

/// Work done outside the brand's dealers, as the owner reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerWork {
    pub performed_on: NaiveDate,
    pub mileage: Km,
    pub work: String,
    pub garage_name: String,
    /// Scheduled maintenance (resets the maintenance reminder), not just a repair.
    pub is_maintenance: bool,
}

impl OwnerWork {
    pub fn parse(
        performed_on: &str,
        mileage: &str,
        work: &str,
        garage_name: &str,
        is_maintenance: bool,
        today: NaiveDate,
    ) -> Result<Self, DomainError> {
        Ok(Self {
            performed_on: parse_past_date(performed_on, today).map_err(|e| FieldError::new(Field::PerformedOn, e))?,
            mileage: Km::parse(mileage).map_err(|e| FieldError::new(Field::Mileage, e))?,
            work: required_text(Field::Work, work, MAX_OWNER_WORK_CHARS)?,
            garage_name: required_text(Field::GarageName, garage_name, MAX_GARAGE_NAME_CHARS)?,
            is_maintenance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use crate::types::DateError;

    #[test]
    fn owners_contacts_are_whole_for_callers_who_reach_them_masked_where_the_desk_does_not() {
        let seen = |role, reaches| {
            let c = OwnerContact::seen_by(
                role,
                reaches,
                7,
                "李伟".into(),
                Some("13800000002".into()),
                Some("li.wei@example.com".into()),
            );
            (c.mobile, c.email)
        };
        let whole = (Some("13800000002".to_owned()), Some("li.wei@example.com".to_owned()));
        assert_eq!(seen(Role::CareAgent, true), whole);
        assert_eq!(seen(Role::ServiceAdvisor, true), whole);
        assert_eq!(seen(Role::CareAgent, false), (Some("138****0002".into()), Some("l***@example.com".into())));
        assert_eq!(seen(Role::LeadHandler, true), (None, None), "lead handlers see the car, not the owner's contacts");
        assert_eq!(seen(Role::CrmAnalyst, false), (None, None));
        let none = OwnerContact::seen_by(Role::Admin, false, 7, "李伟".into(), None, None);
        assert_eq!((none.mobile, none.email), (None, None), "nothing to mask");
    }

    #[test]
    fn an_odometer_rises_only_past_its_reading_and_an_equal_one_is_no_news() {
        assert!(raises(None, 0), "a car's first reading, even 0 km");
        assert!(raises(Some(5000), 5001), "one kilometre more");
        assert!(!raises(Some(5000), 5000), "the same reading changes nothing");
        assert!(!raises(Some(5000), 4999), "never down");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn details_are_optional_but_parsed_when_given() {
        let empty = CarDetails::parse("", "", "", "").map_err(|e| e.to_string());
        assert_eq!(empty, Ok(CarDetails { plate: None, mileage: None, insurance_due: None, inspection_due: None }));
        assert!(matches!(
            CarDetails::parse("沪A12345", "12x", "", ""),
            Err(DomainError::Invalid(FieldError { field: Field::Mileage, .. }))
        ));
    }

    #[test]
    fn reported_work_needs_a_past_date_and_the_work_done() {
        assert!(OwnerWork::parse("2026-11-01", "30000", "机油机滤更换", "路边快修", true, today()).is_ok());
        assert!(matches!(
            OwnerWork::parse("2026-12-01", "30000", "Oil", "Garage", true, today()),
            Err(DomainError::Invalid(FieldError {
                field: Field::PerformedOn,
                problem: Problem::Date(DateError::InFuture)
            }))
        ));
        assert!(matches!(
            OwnerWork::parse("2026-11-01", "30000", " ", "Garage", true, today()),
            Err(DomainError::Invalid(FieldError { field: Field::Work, problem: Problem::Required }))
        ));
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn a_reading_may_rise_1500_km_a_day_and_not_one_more() {
        let last = Some(Reading { km: 20_000, on: day(1) });
        assert!(plausible(last, None, Reading { km: 35_000, on: day(11) }), "ten days, 15 000 km exactly");
        assert!(!plausible(last, None, Reading { km: 35_001, on: day(11) }), "one kilometre more");
        assert!(plausible(last, None, Reading { km: 21_500, on: day(1) }), "the same day counts as one day's driving");
        assert!(!plausible(last, None, Reading { km: 21_501, on: day(1) }));
        assert!(!plausible(last, None, Reading { km: 2_000_000, on: day(20) }));
        assert!(
            !plausible(
                last,
                None,
                Reading { km: 20_100, on: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default() }
            ),
            "a rise dated before the last reading"
        );
        assert!(plausible(last, None, Reading { km: 19_000, on: day(2) }), "no rise is no jump");
    }

    #[test]
    fn the_first_reading_is_judged_against_the_sale_date() {
        let sold = Some(day(1));
        assert!(plausible(None, sold, Reading { km: 6_000, on: day(21) }), "20 days from 0 km at 300 a day");
        assert!(!plausible(None, sold, Reading { km: 6_001, on: day(21) }));
        assert!(!plausible(None, None, Reading { km: 10, on: day(21) }), "nothing to judge by");
    }
}

/// A car as staff see it: the register entry and who owns it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub vin: Vin,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub sale_date: Option<NaiveDate>,
    pub mileage_km: Option<u32>,
    pub owner: Option<OwnerContact>,
    /// An owner's reading waiting for staff to confirm or discard it.
    pub held: Option<HeldReading>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerContact {
    pub user_id: i64,
    pub display_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

impl OwnerContact {
    /// The owner's contacts as a staff member in `role` sees them: whole for
    /// roles that call owners ([`Role::sees_owner_contacts`]) at a desk that
    /// reaches the owner (`crate::account::reach`); masked where the desk does
    /// not, so recording a contact for someone never shows more of theirs; none
    /// for other roles.
    pub fn seen_by(
        role: Role,
        reaches: bool,
        user_id: i64,
        display_name: String,
        mobile: Option<String>,
        email: Option<String>,
    ) -> Self {
        let shown = |contact: Option<String>| match (role.sees_owner_contacts(), reaches) {
            (false, _) => None,
            (true, true) => contact,
            (true, false) => contact.as_deref().map(crate::verification::mask),
        };
        Self { user_id, display_name, mobile: shown(mobile), email: shown(email) }
    }
}
