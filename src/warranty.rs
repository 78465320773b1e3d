//! Warranty cover and recall / service campaigns for a VIN. Cover runs from the
//! sale date for a number of months and a distance, whichever ends first.

use crate::notify::notice::Bilingual;
use crate::types::Vin;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// One coverage line of a model (whole vehicle, powertrain, EV battery …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub months: u32,
    pub km: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cover {
    /// The car is not sold yet: cover starts at the sale.
    NotStarted,
    /// Covered through `last_day`; `km_left` is unknown without a mileage.
    Covered {
        last_day: NaiveDate,
        days_left: i64,
        km_left: Option<u32>,
    },
    Expired {
        reason: Expiry,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expiry {
    Time { last_day: NaiveDate },
    Distance,
}

impl Line {
    /// The last day of cover: the day before the anniversary of the sale.
    pub fn last_day(&self, sale: NaiveDate) -> NaiveDate {
        sale.checked_add_months(Months::new(self.months)).and_then(|end| end.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// Cover on `today` at `mileage`: the time runs through the last day; the
    /// distance covers readings below the limit (at 100 000 km a 100 000 km line
    /// has ended).
    pub fn cover(&self, sale: Option<NaiveDate>, today: NaiveDate, mileage: Option<u32>) -> Cover {
        let Some(sale) = sale else {
            return Cover::NotStarted;
        };
        let last_day = self.last_day(sale);
        if today > last_day {
            return Cover::Expired { reason: Expiry::Time { last_day } };
        }
        if mileage.is_some_and(|km| km >= self.km) {
            return Cover::Expired { reason: Expiry::Distance };
        }
        Cover::Covered {
            last_day,
            days_left: (last_day - today).num_days() + 1,
            km_left: mileage.map(|km| self.km - km),
        }
    }
}

/// A line with its cover for one car.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCover {
    pub line: Line,
    pub cover: Cover,
}

stored_enum! {
    pub enum CampaignKind {
        Recall = "recall",
        Service = "service",
    }
}

/// A recall or service campaign of some models, reaching the cars its
/// [`Reach`] names; its fix can be booked once the parts are at the dealers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: i64,
    pub code: String,
    pub kind: CampaignKind,
    pub title: Bilingual,
    /// What the dealer does to the car.
    pub remedy: Bilingual,
    pub reach: Reach,
    /// The parts for the fix are at the dealers: owners may book it. Until
    /// then they are told it is not yet available, and told again when it is.
    pub parts_available: bool,
}

/// Which cars of the campaign's models it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reach {
    /// Every car, or those built in a window and / or within a VIN range.
    Range {
        produced_from: Option<NaiveDate>,
        produced_to: Option<NaiveDate>,
        vin_from: Option<String>,
        vin_to: Option<String>,
    },
    /// Only the cars on the campaign's VIN list (the brand's supplier traced the faulty parts to them).
    Listed,
}

impl Reach {
    /// The whole of the models.
    pub const ALL: Reach = Reach::Range { produced_from: None, produced_to: None, vin_from: None, vin_to: None };
}

impl Campaign {
    /// Whether a car of an affected model, built on `produced` with this VIN
    /// (`on_list`: the campaign's VIN list names it), is in scope.
    pub fn affects(&self, vin: &str, produced: NaiveDate, on_list: bool) -> bool {
        match &self.reach {
            Reach::Listed => on_list,
            Reach::Range { produced_from, produced_to, vin_from, vin_to } => {
                produced_from.is_none_or(|from| produced >= from)
                    && produced_to.is_none_or(|to| produced <= to)
                    && vin_from.as_deref().is_none_or(|from| vin >= from)
                    && vin_to.as_deref().is_none_or(|to| vin <= to)
            }
        }
    }
}

/// A campaign as it stands for one car.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignStatus {
    pub campaign: Campaign,
    pub completed_on: Option<NaiveDate>,
}

/// What the public lookup shows for a VIN: the car's model, its cover and its
/// campaigns; nothing about who owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    pub vin: Vin,
    pub model_zh: String,
    pub model_en: String,
    pub model_year: i64,
    pub sale_date: Option<NaiveDate>,
    pub lines: Vec<LineCover>,
    pub campaigns: Vec<CampaignStatus>,
}

impl Lookup {
    pub fn open_recalls(&self) -> impl Iterator<Item = &CampaignStatus> {
        self.campaigns.iter().filter(|c| c.completed_on.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn line(months: u32, km: u32) -> Line {
        Line { code: "vehicle".into(), name_zh: "整车".into(), name_en: "Whole vehicle".into(), months, km }
    }

    #[test]
    fn cover_runs_through_the_day_before_the_anniversary() {
        let sale = day(2023, 5, 20);
        let three_years = line(36, 100_000);
        assert_eq!(three_years.last_day(sale), day(2026, 5, 19));
        assert_eq!(
            three_years.cover(Some(sale), day(2026, 5, 19), Some(50_000)),
            Cover::Covered { last_day: day(2026, 5, 19), days_left: 1, km_left: Some(50_000) }
        );
        assert_eq!(
            three_years.cover(Some(sale), day(2026, 5, 20), Some(50_000)),
            Cover::Expired { reason: Expiry::Time { last_day: day(2026, 5, 19) } }
        );
    }

    #[test]
    fn a_sale_on_the_31st_ends_at_the_end_of_a_shorter_month() {
        assert_eq!(line(1, 1000).last_day(day(2025, 1, 31)), day(2025, 2, 27));
        assert_eq!(line(12, 1000).last_day(day(2024, 2, 29)), day(2025, 2, 27));
    }

    #[test]
    fn the_last_kilometre_is_covered_and_the_limit_is_not() {
        let sale = day(2025, 1, 1);
        let l = line(36, 100_000);
        assert!(matches!(l.cover(Some(sale), day(2025, 6, 1), Some(99_999)), Cover::Covered { km_left: Some(1), .. }));
        assert_eq!(l.cover(Some(sale), day(2025, 6, 1), Some(100_000)), Cover::Expired { reason: Expiry::Distance });
    }

    #[test]
    fn unknown_mileage_leaves_distance_open_and_unsold_cars_have_not_started() {
        let l = line(36, 100_000);
        assert!(matches!(l.cover(Some(day(2025, 1, 1)), day(2025, 6, 1), None), Cover::Covered { km_left: None, .. }));
        assert_eq!(l.cover(None, day(2025, 6, 1), None), Cover::NotStarted);
    }

    #[test]
    fn campaigns_narrow_by_production_window_and_vin_range() {
        let campaign = Campaign {
            id: 1,
            code: "R1".into(),
            kind: CampaignKind::Recall,
            title: Bilingual::new("", ""),
            remedy: Bilingual::new("", ""),
            reach: Reach::Range {
                produced_from: Some(day(2024, 1, 1)),
                produced_to: Some(day(2024, 6, 30)),
                vin_from: Some("LMV00000000000100".into()),
                vin_to: Some("LMV00000000000199".into()),
            },
            parts_available: true,
        };
        assert!(campaign.affects("LMV00000000000100", day(2024, 1, 1), false));
        assert!(campaign.affects("LMV00000000000199", day(2024, 6, 30), false));
        assert!(!campaign.affects("LMV00000000000200", day(2024, 3, 1), true), "a range ignores any list");
        assert!(!campaign.affects("LMV00000000000150", day(2024, 7, 1), false));
        let everything = Campaign { reach: Reach::ALL, ..campaign.clone() };
        assert!(everything.affects("ANY", day(2001, 1, 1), false));
        let listed = Campaign { reach: Reach::Listed, ..campaign };
        assert!(listed.affects("LMV00000000000300", day(2030, 1, 1), true), "the list alone decides");
        assert!(!listed.affects("LMV00000000000150", day(2024, 3, 1), false));
    }
}
