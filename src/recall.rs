//! Recalls and service campaigns the brand issues (issue 27): by models (all
//! their cars, or those built in a window or within a VIN range) or by a list
//! of VINs, with the parts for the fix at the dealers or still to come. Parsed
//! whole here, from the integration API or the catalogue's form and CSV;
//! written by `recall::store`. What a campaign means for one car is
//! `warranty::Campaign`.

use crate::notify::notice::Bilingual;
use crate::register::Codes;
use crate::types::{parse_date, visible_text, Vin, VinError};
use crate::warranty::CampaignKind;
use chrono::NaiveDate;
use std::collections::HashSet;

#[cfg(feature = "ssr")]
pub mod store;

/// The most VINs one call lists (a larger recall is issued in parts).
pub const LIST_MAX: usize = 10_000;
const CODE_MAX: usize = 40;
const TITLE_MAX: usize = 200;
const REMEDY_MAX: usize = 1_000;

/// A campaign as another system or the catalogue's form sends it.
#[derive(Debug, Clone, Default)]
pub struct RawCampaign<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub title_zh: &'a str,
    pub title_en: &'a str,
    pub remedy_zh: &'a str,
    pub remedy_en: &'a str,
    /// Today when absent.
    pub opened_on: Option<&'a str>,
    pub parts_available: bool,
    pub models: Vec<&'a str>,
    pub produced_from: Option<&'a str>,
    pub produced_to: Option<&'a str>,
    pub vin_from: Option<&'a str>,
    pub vin_to: Option<&'a str>,
    pub vins: Vec<&'a str>,
}

/// A campaign the store can issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    pub code: String,
    pub kind: CampaignKind,
    pub title: Bilingual,
    pub remedy: Bilingual,
    pub opened_on: NaiveDate,
    pub parts_available: bool,
    pub targets: Targets,
}

/// The cars a new campaign reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Cars of these models (ids), narrowed by build dates and / or VINs.
    Models {
        models: Vec<i64>,
        produced_from: Option<NaiveDate>,
        produced_to: Option<NaiveDate>,
        vin_from: Option<Vin>,
        vin_to: Option<Vin>,
    },
    /// These cars only.
    Vins(Vec<Vin>),
}

/// What is wrong with one field; `field()` and `code()` are what an
/// integrator (or the CSV report) matches on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CampaignError {
    #[error("1 to {CODE_MAX} letters, digits, '-', '_' or '.'")]
    Code,
    #[error("recall or service")]
    Kind,
    #[error("1 to {TITLE_MAX} characters")]
    Title(&'static str),
    #[error("1 to {REMEDY_MAX} characters")]
    Remedy(&'static str),
    #[error("a date as YYYY-MM-DD")]
    OpenedOn,
    #[error("models, or a list of VINs; not both, not neither")]
    Targets,
    #[error("no model has this code")]
    Model(usize),
    #[error("a date as YYYY-MM-DD")]
    ProducedFrom,
    #[error("a date as YYYY-MM-DD, not before produced_from")]
    ProducedTo,
    #[error("{1}")]
    VinBound(&'static str, VinError),
    #[error("a list of VINs sets no range or build dates")]
    ListWithRange,
    #[error("1 to {LIST_MAX} VINs")]
    ListSize,
    #[error("{1}")]
    Vin(usize, VinError),
    #[error("listed before")]
    VinTwice(usize),
}

impl CampaignError {
    /// The field, as the request names it (`vins[12]`, `title_en`).
    pub fn field(&self) -> String {
        match self {
            Self::Code => "code".into(),
            Self::Kind => "kind".into(),
            Self::Title(lang) => format!("title_{lang}"),
            Self::Remedy(lang) => format!("remedy_{lang}"),
            Self::OpenedOn => "opened_on".into(),
            Self::Targets => "models".into(),
            Self::Model(i) => format!("models[{i}]"),
            Self::ProducedFrom => "produced_from".into(),
            Self::ProducedTo => "produced_to".into(),
            Self::VinBound(bound, _) => (*bound).into(),
            Self::ListWithRange => "vins".into(),
            Self::ListSize => "vins".into(),
            Self::Vin(i, _) | Self::VinTwice(i) => format!("vins[{i}]"),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Kind => "unknown_kind",
            Self::Model(_) => "unknown_model",
            Self::OpenedOn | Self::ProducedFrom | Self::ProducedTo => "invalid_date",
            Self::VinBound(..) | Self::Vin(..) => "invalid_vin",
            Self::VinTwice(_) => "duplicate",
            Self::ListSize => "count",
            Self::Targets | Self::ListWithRange => "conflicting",
            Self::Code | Self::Title(_) | Self::Remedy(_) => "invalid",
        }
    }
}

/// A campaign's code as the register and repair orders name it.
pub fn parse_code(raw: &str) -> Option<String> {
    visible_text(raw, CODE_MAX).filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch)))
}

/// A list of 1 to [`LIST_MAX`] distinct VINs, every fault named by its place.
pub fn parse_vins(raw: &[&str]) -> Result<Vec<Vin>, Vec<CampaignError>> {
    if raw.is_empty() || raw.len() > LIST_MAX {
        return Err(vec![CampaignError::ListSize]);
    }
    let mut faults = Vec::new();
    let mut seen = HashSet::with_capacity(raw.len());
    let mut vins = Vec::with_capacity(raw.len());
    for (i, raw) in raw.iter().enumerate() {
        match Vin::parse(raw) {
            Ok(vin) if !seen.insert(vin.clone()) => faults.push(CampaignError::VinTwice(i)),
            Ok(vin) => vins.push(vin),
            Err(e) => faults.push(CampaignError::Vin(i, e)),
        }
    }
    if faults.is_empty() {
        Ok(vins)
    } else {
        Err(faults)
    }
}

impl NewCampaign {
    /// Every field checked, every fault named.
    pub fn parse(raw: &RawCampaign<'_>, codes: &Codes, today: NaiveDate) -> Result<Self, Vec<CampaignError>> {
        let mut faults = Vec::new();
        let code = parse_code(raw.code);
        if code.is_none() {
            faults.push(CampaignError::Code);
        }
        let kind = CampaignKind::parse(raw.kind);
        if kind.is_none() {
            faults.push(CampaignError::Kind);
        }
        let mut text = |raw: &str, max: usize, fault: CampaignError| {
            let text = visible_text(raw, max);
            if text.is_none() {
                faults.push(fault);
            }
            text
        };
        let title_zh = text(raw.title_zh, TITLE_MAX, CampaignError::Title("zh"));
        let title_en = text(raw.title_en, TITLE_MAX, CampaignError::Title("en"));
        let remedy_zh = text(raw.remedy_zh, REMEDY_MAX, CampaignError::Remedy("zh"));
        let remedy_en = text(raw.remedy_en, REMEDY_MAX, CampaignError::Remedy("en"));
        let opened_on = match raw.opened_on.map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(today),
            Some(day) => parse_date(day).map_err(|_| faults.push(CampaignError::OpenedOn)).ok(),
        };
        let targets = targets(raw, codes, &mut faults);
        match (code, kind, title_zh, title_en, remedy_zh, remedy_en, opened_on, targets) {
            (
                Some(code),
                Some(kind),
                Some(title_zh),
                Some(title_en),
                Some(remedy_zh),
                Some(remedy_en),
                Some(opened_on),
                Some(targets),
            ) if faults.is_empty() => Ok(Self {
                code,
                kind,
                title: Bilingual { zh: title_zh, en: title_en },
                remedy: Bilingual { zh: remedy_zh, en: remedy_en },
                opened_on,
                parts_available: raw.parts_available,
                targets,
            }),
            _ => Err(faults),
        }
    }
}

/// A bound that was sent: absent and blank are the same.
fn present(bound: Option<&str>) -> Option<&str> {
    bound.map(str::trim).filter(|b| !b.is_empty())
}

fn targets(raw: &RawCampaign<'_>, codes: &Codes, faults: &mut Vec<CampaignError>) -> Option<Targets> {
    let (from, to, vin_from, vin_to) =
        (present(raw.produced_from), present(raw.produced_to), present(raw.vin_from), present(raw.vin_to));
    match (raw.models.is_empty(), raw.vins.is_empty()) {
        (true, false) => {
            if from.or(to).or(vin_from).or(vin_to).is_some() {
                faults.push(CampaignError::ListWithRange);
                return None;
            }
            parse_vins(&raw.vins).map(Targets::Vins).map_err(|mut list| faults.append(&mut list)).ok()
        }
        (false, true) => {
            let mut models = Vec::with_capacity(raw.models.len());
            for (i, code) in raw.models.iter().enumerate() {
                match codes.models.get(code.trim()) {
                    Some(id) if !models.contains(id) => models.push(*id),
                    Some(_) => {}
                    None => faults.push(CampaignError::Model(i)),
                }
            }
            let produced_from = from.map(parse_date).transpose().map_err(|_| faults.push(CampaignError::ProducedFrom));
            let produced_to = to
                .map(parse_date)
                .transpose()
                .ok()
                .filter(|to| match (produced_from, to) {
                    (Ok(Some(from)), Some(to)) => to >= &from,
                    _ => true,
                })
                .ok_or_else(|| faults.push(CampaignError::ProducedTo));
            let bound = |raw: Option<&str>, name: &'static str, faults: &mut Vec<CampaignError>| {
                raw.map(Vin::parse).transpose().map_err(|e| faults.push(CampaignError::VinBound(name, e)))
            };
            let vin_from = bound(vin_from, "vin_from", faults);
            let vin_to = bound(vin_to, "vin_to", faults);
            Some(Targets::Models {
                models,
                produced_from: produced_from.ok()?,
                produced_to: produced_to.ok()?,
                vin_from: vin_from.ok()?,
                vin_to: vin_to.ok()?,
            })
        }
        _ => {
            faults.push(CampaignError::Targets);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn codes() -> Codes {
        Codes { models: HashMap::from([("S5".to_owned(), 1), ("X7".to_owned(), 2)]), dealers: HashMap::new() }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    const VIN_A: &str = "LMRAA1230RZ000010";
    const VIN_B: &str = "LMRAA1238RZ000028";

    fn raw<'a>() -> RawCampaign<'a> {
        RawCampaign {
            code: "R2026-07",
            kind: "recall",
            title_zh: "副驾驶气囊",
            title_en: "Passenger airbag",
            remedy_zh: "更换气囊模块",
            remedy_en: "Replace the airbag module",
            models: vec!["S5"],
            ..RawCampaign::default()
        }
    }

    fn faults(raw: &RawCampaign<'_>) -> Vec<(String, &'static str)> {
        match NewCampaign::parse(raw, &codes(), today()) {
            Ok(_) => Vec::new(),
            Err(faults) => faults.iter().map(|f| (f.field(), f.code())).collect(),
        }
    }

    #[test]
    fn a_model_wide_recall_opens_today_with_parts_to_come_unless_said() {
        let campaign = NewCampaign::parse(&raw(), &codes(), today()).expect("parses");
        assert_eq!(campaign.opened_on, today());
        assert!(!campaign.parts_available);
        assert_eq!(
            campaign.targets,
            Targets::Models { models: vec![1], produced_from: None, produced_to: None, vin_from: None, vin_to: None }
        );
    }

    #[test]
    fn models_or_a_list_but_not_both_and_not_neither() {
        let both = RawCampaign { vins: vec![VIN_A], ..raw() };
        assert_eq!(faults(&both), vec![("models".to_owned(), "conflicting")]);
        let neither = RawCampaign { models: Vec::new(), ..raw() };
        assert_eq!(faults(&neither), vec![("models".to_owned(), "conflicting")]);
        let list_with_dates =
            RawCampaign { models: Vec::new(), vins: vec![VIN_A], produced_from: Some("2026-01-01"), ..raw() };
        assert_eq!(faults(&list_with_dates), vec![("vins".to_owned(), "conflicting")]);
    }

    #[test]
    fn every_fault_of_a_list_is_named_by_its_place() {
        let list = RawCampaign { models: Vec::new(), vins: vec![VIN_A, "nonsense", VIN_B, VIN_A], ..raw() };
        assert_eq!(faults(&list), vec![("vins[1]".to_owned(), "invalid_vin"), ("vins[3]".to_owned(), "duplicate")]);
        let fine = RawCampaign { vins: vec![VIN_A, VIN_B], models: Vec::new(), ..raw() };
        assert!(faults(&fine).is_empty());
        assert_eq!(parse_vins(&[]), Err(vec![CampaignError::ListSize]));
    }

    #[test]
    fn a_build_window_ends_on_or_after_it_starts_and_models_must_exist() {
        let window = RawCampaign {
            produced_from: Some("2026-03-01"),
            produced_to: Some("2026-02-28"),
            models: vec!["S5", "Q9"],
            ..raw()
        };
        assert_eq!(
            faults(&window),
            vec![("models[1]".to_owned(), "unknown_model"), ("produced_to".to_owned(), "invalid_date")]
        );
        let one_day = RawCampaign { produced_from: Some("2026-03-01"), produced_to: Some("2026-03-01"), ..raw() };
        assert!(faults(&one_day).is_empty());
    }

    #[test]
    fn codes_titles_and_kinds_are_checked() {
        let bad = RawCampaign { code: "R 1", kind: "advisory", title_en: " ", ..raw() };
        assert_eq!(
            faults(&bad),
            vec![
                ("code".to_owned(), "invalid"),
                ("kind".to_owned(), "unknown_kind"),
                ("title_en".to_owned(), "invalid")
            ]
        );
    }
}
