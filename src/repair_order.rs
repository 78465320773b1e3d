//! Repair orders closed in a dealer's workshop system (issue 27): each joins
//! the car's service history (and so its reminders), moves its odometer
//! (never back), marks the campaigns it fixed, completes the booking it names
//! and earns loyalty once. Parsed whole here; written by
//! `repair_order::store::record`, once per dealer and order number.

use crate::account::DealerId;
use crate::register::Codes;
use crate::types::{parse_past_date, visible_text, Km, Money, MoneyError, Vin, VinError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// The most work lines one order carries.
pub const LINES_MAX: usize = 200;
const NUMBER_MAX: usize = 40;
const TEXT_MAX: usize = 200;

stored_enum! {
    /// What a work line is.
    pub enum WorkKind {
        Labour = "labour",
        Part = "part",
    }
}

/// An order as the workshop system sends it.
#[derive(Debug, Clone, Default)]
pub struct RawOrder<'a> {
    pub number: &'a str,
    pub vin: &'a str,
    pub dealer: &'a str,
    pub opened_on: &'a str,
    pub closed_on: &'a str,
    pub mileage_km: i64,
    pub amount: &'a str,
    pub maintenance: bool,
    pub lines: Vec<RawWork<'a>>,
    pub campaigns: Vec<&'a str>,
    pub booking: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct RawWork<'a> {
    pub kind: &'a str,
    pub description: &'a str,
    pub part_number: Option<&'a str>,
    pub quantity: i64,
    pub amount: &'a str,
}

/// A closed order the store can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The workshop system's own number, unique at its dealer.
    pub number: String,
    pub vin: Vin,
    pub dealer: DealerId,
    pub opened_on: NaiveDate,
    pub closed_on: NaiveDate,
    pub mileage: Km,
    /// What the owner paid, in all.
    pub amount: Money,
    /// Scheduled maintenance: the next service falls due from this one.
    pub maintenance: bool,
    pub lines: Vec<Work>,
    /// Codes of the recall or service campaigns the visit fixed.
    pub campaigns: Vec<String>,
    /// The portal's booking the visit was made under.
    pub booking: Option<i64>,
}

/// One line of work, kept with the order as the workshop system wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub kind: WorkKind,
    pub description: String,
    pub part_number: Option<String>,
    pub quantity: u32,
    pub amount_fen: i64,
}

/// What is wrong with one field; `field()` and `code()` are what an
/// integrator matches on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("1 to {NUMBER_MAX} visible characters")]
    Number,
    #[error("{0}")]
    Vin(VinError),
    #[error("no dealer has this code")]
    Dealer,
    #[error("a date as YYYY-MM-DD, not after today")]
    OpenedOn,
    #[error("a date as YYYY-MM-DD, not before the order was opened and not after today")]
    ClosedOn,
    #[error("whole kilometres, 0 to {}", crate::types::MAX_KM)]
    Mileage,
    #[error("{0}")]
    Amount(MoneyError),
    #[error("1 to {LINES_MAX} lines")]
    Lines,
    #[error("labour or part")]
    LineKind(usize),
    #[error("1 to {TEXT_MAX} characters")]
    LineDescription(usize),
    #[error("1 to 10000")]
    LineQuantity(usize),
    #[error("{1}")]
    LineAmount(usize, MoneyError),
    #[error("a campaign's code")]
    Campaign(usize),
}

impl OrderError {
    /// The field, as the request names it (`lines[2].amount`).
    pub fn field(&self) -> String {
        let line = |i: &usize, name: &str| format!("lines[{i}].{name}");
        match self {
            Self::Number => "number".into(),
            Self::Vin(_) => "vin".into(),
            Self::Dealer => "dealer".into(),
            Self::OpenedOn => "opened_on".into(),
            Self::ClosedOn => "closed_on".into(),
            Self::Mileage => "mileage_km".into(),
            Self::Amount(_) => "amount".into(),
            Self::Lines => "lines".into(),
            Self::LineKind(i) => line(i, "kind"),
            Self::LineDescription(i) => line(i, "description"),
            Self::LineQuantity(i) => line(i, "quantity"),
            Self::LineAmount(i, _) => line(i, "amount"),
            Self::Campaign(i) => format!("campaigns[{i}]"),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Vin(_) => "invalid_vin",
            Self::Dealer => "unknown_dealer",
            Self::OpenedOn | Self::ClosedOn => "invalid_date",
            Self::Mileage | Self::LineQuantity(_) => "out_of_range",
            Self::Amount(_) | Self::LineAmount(..) => "invalid_amount",
            Self::Lines => "count",
            Self::LineKind(_) => "unknown_kind",
            Self::Number | Self::LineDescription(_) | Self::Campaign(_) => "invalid",
        }
    }
}

impl Order {
    /// Every field checked, every fault named.
    pub fn parse(raw: &RawOrder<'_>, codes: &Codes, today: NaiveDate) -> Result<Self, Vec<OrderError>> {
        let mut faults = Vec::new();
        let number = visible_text(raw.number, NUMBER_MAX).filter(|n| !n.contains(char::is_whitespace));
        if number.is_none() {
            faults.push(OrderError::Number);
        }
        let vin = Vin::parse(raw.vin).map_err(|e| faults.push(OrderError::Vin(e))).ok();
        let dealer = codes.dealers.get(raw.dealer.trim()).copied();
        if dealer.is_none() {
            faults.push(OrderError::Dealer);
        }
        let opened_on = parse_past_date(raw.opened_on, today).map_err(|_| faults.push(OrderError::OpenedOn)).ok();
        let closed_on = parse_past_date(raw.closed_on, today)
            .ok()
            .filter(|closed| opened_on.is_none_or(|opened| *closed >= opened));
        if closed_on.is_none() {
            faults.push(OrderError::ClosedOn);
        }
        let mileage = u32::try_from(raw.mileage_km).ok().and_then(|km| Km::new(km).ok());
        if mileage.is_none() {
            faults.push(OrderError::Mileage);
        }
        let amount = Money::parse(raw.amount).map_err(|e| faults.push(OrderError::Amount(e))).ok();
        if raw.lines.is_empty() || raw.lines.len() > LINES_MAX {
            faults.push(OrderError::Lines);
        }
        let lines: Vec<Work> =
            raw.lines.iter().enumerate().filter_map(|(i, line)| work(i, line, &mut faults)).collect();
        let mut campaigns = Vec::new();
        for (i, code) in raw.campaigns.iter().enumerate() {
            match visible_text(code, NUMBER_MAX) {
                Some(code) => campaigns.push(code),
                None => faults.push(OrderError::Campaign(i)),
            }
        }
        match (number, vin, dealer, opened_on, closed_on, mileage, amount) {
            (Some(number), Some(vin), Some(dealer), Some(opened_on), Some(closed_on), Some(mileage), Some(amount))
                if faults.is_empty() =>
            {
                let (maintenance, booking) = (raw.maintenance, raw.booking);
                Ok(Self {
                    number,
                    vin,
                    dealer,
                    opened_on,
                    closed_on,
                    mileage,
                    amount,
                    maintenance,
                    lines,
                    campaigns,
                    booking,
                })
            }
            _ => Err(faults),
        }
    }

    /// The service history's line: what was done, as the lines say it.
    pub fn work_done(&self) -> String {
        let done: Vec<&str> = self.lines.iter().map(|l| l.description.as_str()).collect();
        let mut summary = done.join("；");
        if summary.chars().count() > 500 {
            summary = summary.chars().take(499).collect::<String>() + "…";
        }
        summary
    }
}

fn work(index: usize, raw: &RawWork<'_>, faults: &mut Vec<OrderError>) -> Option<Work> {
    let kind = WorkKind::parse(raw.kind.trim());
    if kind.is_none() {
        faults.push(OrderError::LineKind(index));
    }
    let description = visible_text(raw.description, TEXT_MAX);
    if description.is_none() {
        faults.push(OrderError::LineDescription(index));
    }
    let quantity = u32::try_from(raw.quantity).ok().filter(|q| (1..=10_000).contains(q));
    if quantity.is_none() {
        faults.push(OrderError::LineQuantity(index));
    }
    let amount = Money::parse(raw.amount).map_err(|e| faults.push(OrderError::LineAmount(index, e))).ok();
    let part_number = raw.part_number.and_then(|p| visible_text(p, NUMBER_MAX));
    Some(Work { kind: kind?, description: description?, part_number, quantity: quantity?, amount_fen: amount?.fen() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn codes() -> Codes {
        Codes { models: HashMap::new(), dealers: HashMap::from([("SH01".to_owned(), 11)]) }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    fn order<'a>(vin: &'a str, lines: Vec<RawWork<'a>>) -> RawOrder<'a> {
        RawOrder {
            number: "RO-2026-0117",
            vin,
            dealer: "SH01",
            opened_on: "2026-12-05",
            closed_on: "2026-12-06",
            mileage_km: 12_034,
            amount: "565.00",
            maintenance: true,
            lines,
            campaigns: vec!["R2026-01"],
            booking: None,
        }
    }

    fn oil() -> RawWork<'static> {
        RawWork { kind: "labour", description: "更换机油", part_number: None, quantity: 1, amount: "120" }
    }

    #[test]
    fn an_order_is_read_with_its_lines_and_says_what_was_done() {
        let vin = "LMRAA1230RZ000010";
        let filter = RawWork {
            kind: "part",
            description: "机油滤清器",
            part_number: Some("OF-123"),
            quantity: 2,
            amount: "45.5",
        };
        let order = Order::parse(&order(vin, vec![oil(), filter]), &codes(), today()).expect("an order");
        assert_eq!((order.dealer, order.mileage.get(), order.amount.fen()), (11, 12_034, 56_500));
        assert_eq!(order.lines[1].amount_fen, 4_550);
        assert_eq!(order.lines[1].part_number.as_deref(), Some("OF-123"));
        assert_eq!(order.work_done(), "更换机油；机油滤清器");
    }

    #[test]
    fn every_fault_is_named_by_its_field() {
        let bad_line = RawWork { kind: "tyres", description: " ", part_number: None, quantity: 0, amount: "12.345" };
        let raw = RawOrder {
            number: "RO 1",
            dealer: "XX01",
            opened_on: "2026-12-06",
            closed_on: "2026-12-05",
            mileage_km: -1,
            amount: "lots",
            campaigns: vec![""],
            ..order("LMRAA1234RZ00001O", vec![oil(), bad_line])
        };
        let faults = Order::parse(&raw, &codes(), today()).expect_err("refused");
        let fields: Vec<String> = faults.iter().map(OrderError::field).collect();
        assert_eq!(
            fields,
            [
                "number",
                "vin",
                "dealer",
                "closed_on",
                "mileage_km",
                "amount",
                "lines[1].kind",
                "lines[1].description",
                "lines[1].quantity",
                "lines[1].amount",
                "campaigns[0]"
            ]
        );
        let none = RawOrder { lines: Vec::new(), ..order("LMRAA1230RZ000010", Vec::new()) };
        let faults = Order::parse(&none, &codes(), today()).expect_err("refused");
        assert!(faults.contains(&OrderError::Lines));
        let tomorrow = RawOrder { closed_on: "2026-12-08", ..order("LMRAA1230RZ000010", vec![oil()]) };
        let faults = Order::parse(&tomorrow, &codes(), today()).expect_err("refused");
        assert!(faults.contains(&OrderError::ClosedOn));
    }
}
