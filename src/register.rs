//! The sold-vehicle register as the brand's other systems feed it (issue 27):
//! a line per VIN with its model and build, the dealer that holds or sold it,
//! and the sale with the buyer's mobile. Lines are parsed whole here against
//! the brand's model and dealer codes; the store writes them and finds the
//! buyer (`register::store::record`).

use crate::account::DealerId;
use crate::types::{parse_past_date, Mobile, MobileError, Vin, VinError};
use chrono::NaiveDate;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
pub mod store;

/// The most lines one call may carry; one call is one transaction.
pub const BATCH_MAX: usize = 10_000;

/// The earliest model year the brand has built.
const FIRST_MODEL_YEAR: i32 = 2000;

/// A line as another system sends it: codes, not ids; dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, Default)]
pub struct RawLine<'a> {
    pub vin: &'a str,
    pub model: &'a str,
    pub model_year: i64,
    pub production_date: &'a str,
    pub dealer: Option<&'a str>,
    pub sale: Option<RawSale<'a>>,
}

#[derive(Debug, Clone, Default)]
pub struct RawSale<'a> {
    pub date: &'a str,
    pub buyer_mobile: &'a str,
}

/// A line the register can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub vin: Vin,
    pub model: i64,
    pub model_year: i32,
    pub production_date: NaiveDate,
    /// The dealer that holds the car in stock or sold it.
    pub dealer: Option<DealerId>,
    pub sale: Option<Sale>,
}

/// A sale by the line's dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub date: NaiveDate,
    pub dealer: DealerId,
    pub buyer: Mobile,
}

/// What is wrong with one field of a line; `field` and `code` are what an
/// integrator matches on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("{0}")]
    Vin(VinError),
    #[error("no model has this code")]
    Model,
    #[error("a model year from {FIRST_MODEL_YEAR} to next year")]
    ModelYear,
    #[error("a date as YYYY-MM-DD, not after today")]
    ProductionDate,
    #[error("no dealer has this code")]
    Dealer,
    #[error("a sale names the dealer that sold the car")]
    SaleWithoutDealer,
    #[error("a date as YYYY-MM-DD, not before production and not after today")]
    SaleDate,
    #[error("{0}")]
    BuyerMobile(MobileError),
}

impl LineError {
    /// The field, as the request names it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Vin(_) => "vin",
            Self::Model => "model",
            Self::ModelYear => "model_year",
            Self::ProductionDate => "production_date",
            Self::Dealer | Self::SaleWithoutDealer => "dealer",
            Self::SaleDate => "sale.date",
            Self::BuyerMobile(_) => "sale.buyer_mobile",
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Vin(_) => "invalid_vin",
            Self::Model => "unknown_model",
            Self::ModelYear => "out_of_range",
            Self::ProductionDate | Self::SaleDate => "invalid_date",
            Self::Dealer => "unknown_dealer",
            Self::SaleWithoutDealer => "required",
            Self::BuyerMobile(_) => "invalid_mobile",
        }
    }
}

/// The brand's codes for its models and dealers, as the register reads them.
#[derive(Debug, Clone, Default)]
pub struct Codes {
    pub models: HashMap<String, i64>,
    pub dealers: HashMap<String, DealerId>,
}

impl Line {
    /// Every field checked, every fault named (not only the first).
    pub fn parse(raw: &RawLine<'_>, codes: &Codes, today: NaiveDate) -> Result<Self, Vec<LineError>> {
        let mut faults = Vec::new();
        let mut note = |fault| faults.push(fault);
        let vin = Vin::parse(raw.vin).map_err(|e| note(LineError::Vin(e))).ok();
        let model = codes.models.get(raw.model.trim()).copied().or_else(|| {
            note(LineError::Model);
            None
        });
        let next_year = i64::from(chrono::Datelike::year(&today)) + 1;
        let model_year = (i64::from(FIRST_MODEL_YEAR)..=next_year)
            .contains(&raw.model_year)
            .then(|| i32::try_from(raw.model_year).ok())
            .flatten()
            .or_else(|| {
                note(LineError::ModelYear);
                None
            });
        let production_date =
            parse_past_date(raw.production_date, today).map_err(|_| note(LineError::ProductionDate)).ok();
        let dealer_code = raw.dealer.map(str::trim).filter(|c| !c.is_empty());
        let dealer = dealer_code.and_then(|code| {
            let id = codes.dealers.get(code).copied();
            if id.is_none() {
                note(LineError::Dealer);
            }
            id
        });
        let sale = raw.sale.as_ref().and_then(|sale| {
            if dealer_code.is_none() {
                note(LineError::SaleWithoutDealer);
            }
            let date = parse_past_date(sale.date, today)
                .ok()
                .filter(|d| production_date.is_none_or(|made| *d >= made))
                .or_else(|| {
                    note(LineError::SaleDate);
                    None
                });
            let buyer = Mobile::parse(sale.buyer_mobile).map_err(|e| note(LineError::BuyerMobile(e))).ok();
            Some(Sale { date: date?, dealer: dealer?, buyer: buyer? })
        });
        match (vin, model, model_year, production_date) {
            (Some(vin), Some(model), Some(model_year), Some(production_date)) if faults.is_empty() => {
                Ok(Self { vin, model, model_year, production_date, dealer, sale })
            }
            _ => Err(faults),
        }
    }
}

/// What a line did to the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// Where the buyer stands after the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buyer {
    /// An account with the buyer's verified mobile: the car is in its garage.
    InGarage,
    /// No such account: the buyer was sent a text to sign up with that
    /// mobile, which finds the car.
    Invited,
    /// Nothing new for the buyer (the same sale again, or no sale).
    Unchanged,
}

/// Why the register refuses a line it could parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// The car already has an owner with another mobile: an ownership moves
    /// only on proof of sale, through customer care.
    #[error("the car has an owner with another mobile; a change of owner goes through customer care")]
    OwnedByAnother,
    /// A dealer's key touched a car another dealer holds or sold.
    #[error("the car is another dealer's")]
    OtherDealer,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vin() -> String {
        Vin::with_check_digit("LMRAA1234RZ000010").expect("a VIN").to_string()
    }

    fn codes() -> Codes {
        Codes { models: HashMap::from([("M7".to_owned(), 1)]), dealers: HashMap::from([("SH01".to_owned(), 11)]) }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    fn sold<'a>(vin: &'a str, date: &'a str) -> RawLine<'a> {
        RawLine {
            vin,
            model: "M7",
            model_year: 2026,
            production_date: "2026-03-01",
            dealer: Some("SH01"),
            sale: Some(RawSale { date, buyer_mobile: "138 0000 1234" }),
        }
    }

    fn fields(raw: &RawLine<'_>) -> Vec<&'static str> {
        Line::parse(raw, &codes(), today()).err().unwrap_or_default().iter().map(LineError::field).collect()
    }

    #[test]
    fn a_sold_car_is_read_with_its_dealer_and_buyer() {
        let vin = vin();
        let raw = sold(&vin, "2026-12-07");
        let line = Line::parse(&raw, &codes(), today()).expect("a line");
        assert_eq!((line.model, line.dealer), (1, Some(11)));
        let sale = line.sale.expect("a sale");
        assert_eq!((sale.date, sale.buyer.as_str()), (today(), "13800001234"));
    }

    #[test]
    fn every_fault_of_a_line_is_named_not_only_the_first() {
        let raw = RawLine {
            vin: "LMRAA1234RZ00001I",
            model: "X9",
            model_year: 1999,
            production_date: "2026-13-01",
            dealer: Some("BJ99"),
            sale: Some(RawSale { date: "yesterday", buyer_mobile: "12345" }),
        };
        assert_eq!(
            fields(&raw),
            ["vin", "model", "model_year", "production_date", "dealer", "sale.date", "sale.buyer_mobile"]
        );
    }

    #[test]
    fn a_sale_lies_between_production_and_today_and_names_its_dealer() {
        let vin = vin();
        let at = |date| sold(&vin, date);
        assert!(fields(&at("2026-03-01")).is_empty(), "sold the day it was built");
        assert_eq!(fields(&at("2026-02-28")), ["sale.date"], "before it was built");
        assert_eq!(fields(&at("2026-12-08")), ["sale.date"], "tomorrow");
        let no_dealer = RawLine { dealer: None, ..at("2026-05-01") };
        assert_eq!(fields(&no_dealer), ["dealer"]);
        let stock = RawLine { sale: None, dealer: None, ..at("2026-05-01") };
        assert!(fields(&stock).is_empty(), "a car in no dealer's stock yet");
        let next_year = RawLine { model_year: 2027, sale: None, ..at("2026-05-01") };
        assert!(fields(&next_year).is_empty(), "next year's model is built this year");
        let too_new = RawLine { model_year: 2028, sale: None, ..at("2026-05-01") };
        assert_eq!(fields(&too_new), ["model_year"]);
    }
}
