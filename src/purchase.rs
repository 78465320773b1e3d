//! Purchases an owner paid for at a dealer outside a repair order (issue 27):
//! accessories, parts over the counter, a car's extras. The dealer's or the
//! brand's system reports each by its own reference; it earns loyalty points
//! by the yuan (`loyalty::Rule::Purchase`), once per dealer and reference.
//! Parsed whole here; written by `purchase::store::record`.

use crate::account::DealerId;
use crate::register::Codes;
use crate::types::{parse_past_date, visible_text, Mobile, MobileError, Money, MoneyError};
use chrono::NaiveDate;

#[cfg(feature = "ssr")]
pub mod store;

const REFERENCE_MAX: usize = 60;
const DESCRIPTION_MAX: usize = 200;

/// A purchase as the other system sends it.
#[derive(Debug, Clone, Default)]
pub struct RawPurchase<'a> {
    pub reference: &'a str,
    pub dealer: &'a str,
    pub owner_mobile: &'a str,
    pub amount: &'a str,
    /// Today when absent.
    pub purchased_on: Option<&'a str>,
    pub description: &'a str,
}

/// A purchase the store can record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    /// The reporting system's own reference, unique at its dealer.
    pub reference: String,
    pub dealer: DealerId,
    /// The buyer, found by this verified mobile.
    pub mobile: Mobile,
    /// What the owner paid; more than nothing.
    pub amount: Money,
    pub purchased_on: NaiveDate,
    pub description: String,
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PurchaseError {
    #[error("1 to {REFERENCE_MAX} visible characters without spaces")]
    Reference,
    #[error("no dealer has this code")]
    Dealer,
    #[error("{0}")]
    Mobile(MobileError),
    #[error("{0}")]
    Amount(MoneyError),
    #[error("a purchase of nothing earns nothing")]
    Nothing,
    #[error("a date as YYYY-MM-DD, not after today")]
    PurchasedOn,
    #[error("1 to {DESCRIPTION_MAX} characters")]
    Description,
}

impl PurchaseError {
    pub fn field(&self) -> String {
        match self {
            Self::Reference => "reference",
            Self::Dealer => "dealer",
            Self::Mobile(_) => "owner_mobile",
            Self::Amount(_) | Self::Nothing => "amount",
            Self::PurchasedOn => "purchased_on",
            Self::Description => "description",
        }
        .into()
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Dealer => "unknown_dealer",
            Self::Mobile(_) => "invalid_mobile",
            Self::Amount(_) | Self::Nothing => "invalid_amount",
            Self::PurchasedOn => "invalid_date",
            Self::Reference | Self::Description => "invalid",
        }
    }
}

impl Purchase {
    /// Every field checked, every fault named.
    pub fn parse(raw: &RawPurchase<'_>, codes: &Codes, today: NaiveDate) -> Result<Self, Vec<PurchaseError>> {
        let mut faults = Vec::new();
        let reference = visible_text(raw.reference, REFERENCE_MAX).filter(|r| !r.contains(char::is_whitespace));
        if reference.is_none() {
            faults.push(PurchaseError::Reference);
        }
        let dealer = codes.dealers.get(raw.dealer.trim()).copied();
        if dealer.is_none() {
            faults.push(PurchaseError::Dealer);
        }
        let mobile = Mobile::parse(raw.owner_mobile).map_err(|e| faults.push(PurchaseError::Mobile(e))).ok();
        let amount = match Money::parse(raw.amount) {
            Ok(amount) if amount.fen() > 0 => Some(amount),
            Ok(_) => {
                faults.push(PurchaseError::Nothing);
                None
            }
            Err(e) => {
                faults.push(PurchaseError::Amount(e));
                None
            }
        };
        let purchased_on = match raw.purchased_on.map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(today),
            Some(day) => parse_past_date(day, today).map_err(|_| faults.push(PurchaseError::PurchasedOn)).ok(),
        };
        let description = visible_text(raw.description, DESCRIPTION_MAX);
        if description.is_none() {
            faults.push(PurchaseError::Description);
        }
        match (reference, dealer, mobile, amount, purchased_on, description) {
            (Some(reference), Some(dealer), Some(mobile), Some(amount), Some(purchased_on), Some(description))
                if faults.is_empty() =>
            {
                Ok(Self { reference, dealer, mobile, amount, purchased_on, description })
            }
            _ => Err(faults),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn codes() -> Codes {
        Codes { models: HashMap::new(), dealers: HashMap::from([("SH01".to_owned(), 1)]) }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default()
    }

    fn raw() -> RawPurchase<'static> {
        RawPurchase {
            reference: "POS-SH01-000981",
            dealer: "SH01",
            owner_mobile: "+86 138-0000-0001",
            amount: "1,280.50",
            purchased_on: None,
            description: "车顶行李架",
        }
    }

    fn faults(raw: &RawPurchase<'_>) -> Vec<(String, &'static str)> {
        match Purchase::parse(raw, &codes(), today()) {
            Ok(_) => Vec::new(),
            Err(faults) => faults.iter().map(|f| (f.field(), f.code())).collect(),
        }
    }

    #[test]
    fn a_purchase_is_made_today_unless_said() {
        let purchase = Purchase::parse(&raw(), &codes(), today()).expect("parses");
        assert_eq!(
            (purchase.reference.as_str(), purchase.dealer, purchase.mobile.as_str(), purchase.amount.fen()),
            ("POS-SH01-000981", 1, "13800000001", 128_050)
        );
        assert_eq!(purchase.purchased_on, today());
        let earlier = RawPurchase { purchased_on: Some("2026-11-30"), ..raw() };
        assert_eq!(
            Purchase::parse(&earlier, &codes(), today()).map(|p| p.purchased_on.to_string()),
            Ok("2026-11-30".into())
        );
    }

    #[test]
    fn every_field_is_checked_and_named() {
        let bad = RawPurchase {
            reference: "POS 1",
            dealer: "XX99",
            owner_mobile: "12345",
            amount: "0",
            purchased_on: Some("2026-12-09"),
            description: " ",
        };
        assert_eq!(
            faults(&bad),
            [
                ("reference".to_owned(), "invalid"),
                ("dealer".to_owned(), "unknown_dealer"),
                ("owner_mobile".to_owned(), "invalid_mobile"),
                ("amount".to_owned(), "invalid_amount"),
                ("purchased_on".to_owned(), "invalid_date"),
                ("description".to_owned(), "invalid"),
            ]
        );
        assert_eq!(faults(&RawPurchase { amount: "12.345", ..raw() }), [("amount".to_owned(), "invalid_amount")]);
    }
}
