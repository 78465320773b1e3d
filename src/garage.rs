//! An owner's garage: cars claimed by VIN from the brand's register, the
//! owner's details for each, and the car's service history.

use crate::error::{text, DomainError, Field, FieldError};
use crate::types::{parse_optional_date, parse_past_date, Km, Plate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// A car in an owner's garage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Car {
    pub ownership_id: i64,
    pub vin: String,
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
        let missing = |field| FieldError::new(field, crate::error::Problem::Required);
        Ok(Self {
            performed_on: parse_past_date(performed_on, today).map_err(|e| FieldError::new(Field::PerformedOn, e))?,
            mileage: Km::parse(mileage).map_err(|e| FieldError::new(Field::Mileage, e))?,
            work: text(Field::Work, work, 500, true)?.ok_or_else(|| missing(Field::Work))?,
            garage_name: text(Field::GarageName, garage_name, 100, true)?.ok_or_else(|| missing(Field::GarageName))?,
            is_maintenance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use crate::types::DateError;

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
}

/// A car as staff see it: the register entry and who owns it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub vin: String,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub sale_date: Option<NaiveDate>,
    pub mileage_km: Option<u32>,
    pub owner: Option<OwnerContact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerContact {
    pub user_id: i64,
    pub display_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
}
