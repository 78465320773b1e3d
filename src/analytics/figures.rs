//! The analytics page's figures (`/staff/analytics`), put together from the
//! daily roll-up's counts (`store::rollup`): what each roll-up row measures,
//! the page's filter, and the arithmetic from summed rows to the figures shown.
//! Pure, so every figure is checked against rows written by hand.

use super::rfm::RfmClass;
use super::satisfaction::{Csat, Nps};
use super::Share;
use crate::account::{DealerId, Desk};
use crate::dealer::Dealer;
use crate::error::{Field, FieldError, Problem};
use crate::lead::Stage;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod gather;
use gather::{churn, complaints, funnel, loyalty, satisfaction, service};

stored_enum! {
    /// What a roll-up row counts (`n`, and `total` where a sum is kept); its
    /// `detail` says of what (a score, a category, a bucket's bound …).
    pub enum Measure {
        /// Visit surveys sent; detail `answered` or `unanswered`.
        SurveySent = "survey_sent",
        /// Visit survey satisfaction answers; detail the score 1–5.
        SurveyScore = "survey_score",
        /// Visit survey recommendation answers; detail the score 0–10.
        SurveyRecommend = "survey_recommend",
        /// Owners' ratings of a resolved case; detail the score 1–5.
        CaseRating = "case_rating",
        ComplaintCategory = "complaint_category",
        ComplaintChannel = "complaint_channel",
        /// First response within its SLA; detail `met` or `missed`.
        ComplaintResponse = "complaint_response",
        ComplaintResolution = "complaint_resolution",
        /// Hours from opening to resolution; detail the bucket's upper bound.
        ComplaintHours = "complaint_hours",
        /// Resolved complaints; detail `reopened` or `kept`.
        ComplaintReopened = "complaint_reopened",
        LeadSource = "lead_source",
        /// Leads by their stage today.
        LeadStage = "lead_stage",
        /// Leads that reached at least this stage of the pipeline.
        LeadReached = "lead_reached",
        /// Hours to the first contact; detail the bucket's upper bound.
        LeadContactHours = "lead_contact_hours",
        /// First contact within the promised working hours; `met` or `missed`.
        LeadContact = "lead_contact",
        LeadLost = "lead_lost",
        LeadCompetitor = "lead_competitor",
        /// Bookings by status (detail), counted on their day.
        Booking = "booking",
        /// Bay-minutes of the bookings that came (`total`).
        BayUsed = "bay_used",
        /// Bay-minutes the workshop was open (`total`).
        BayOpen = "bay_open",
        /// Recall repairs; detail `met` (within 90 days of the recall) or `missed`.
        Recall = "recall",
        /// Points (`total`) by ledger kind: `earn`, `redeem`, `expire`.
        Points = "points",
        /// Club events held (`n`) and check-ins at them (`total`).
        ClubEvent = "club_event",
        /// As of the last roll-up: loyalty accounts by tier (detail).
        NowTier = "now_tier",
        /// As of the last roll-up: members who wrote in the club in 90 days.
        NowClubActive = "now_club_active",
        /// As of the last roll-up: owners by RFM class (detail).
        NowRfm = "now_rfm",
        /// As of the last roll-up: owners at risk (detail empty) and by reason (detail).
        NowRisk = "now_risk",
    }
}

pub const MET: &str = "met";
pub const MISSED: &str = "missed";
pub const ANSWERED: &str = "answered";
pub const UNANSWERED: &str = "unanswered";
pub const REOPENED: &str = "reopened";
pub const KEPT: &str = "kept";

/// A recall repaired within this many days of its opening counts as in time.
pub const RECALL_DAYS: i64 = 90;

/// The upper bounds (hours) of the buckets times are counted in. The roll-up
/// keeps a count per bucket, not every time, so a median or p90 is read from
/// the buckets by nearest rank and is the bound of the bucket holding that
/// rank ("at most 24 h"): exact at each bound, never finer than its bucket.
pub const HOUR_BUCKETS: [u32; 16] = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 504, 720, 2160];

/// The bucket (its upper bound in hours) a time of `minutes` falls in; longer
/// than the last bound counts in the last.
pub fn hours_bucket(minutes: i64) -> u32 {
    let last = HOUR_BUCKETS[HOUR_BUCKETS.len() - 1];
    HOUR_BUCKETS.iter().copied().find(|bound| minutes <= i64::from(*bound) * 60).unwrap_or(last)
}

/// The value at `per_cent` of counts kept per bucket, by nearest rank over the
/// buckets in ascending order: the bound of the bucket that holds the rank.
pub fn bucket_percentile(buckets: &BTreeMap<u32, u64>, per_cent: u8) -> Option<u32> {
    let total: u64 = buckets.values().sum();
    if total == 0 {
        return None;
    }
    let rank = (u64::from(per_cent.min(100)) * total).div_ceil(100).max(1);
    let mut seen = 0;
    buckets.iter().find_map(|(bound, count)| {
        seen += count;
        (seen >= rank).then_some(*bound)
    })
}

/// The stages of the pipeline in order; conversion is from each to the next.
pub const PIPELINE: [Stage; 6] =
    [Stage::New, Stage::Contacted, Stage::TestDriveBooked, Stage::TestDriveDone, Stage::Negotiating, Stage::Won];

/// How far along the pipeline a lead got: the furthest of the stages it was
/// in (a lost lead counts where it was before it was lost), and at least
/// "contacted" once someone spoke with the prospect.
pub fn furthest(stages: impl IntoIterator<Item = Stage>, contacted: bool) -> Stage {
    let index = |s: Stage| PIPELINE.iter().position(|p| *p == s);
    let mut best = usize::from(contacted);
    for stage in stages {
        if let Some(i) = index(stage) {
            best = best.max(i);
        }
    }
    PIPELINE[best]
}

/// A month as `year * 100 + month` (202603), as the roll-up stores it.
pub fn month_of(day: NaiveDate) -> u32 {
    day.year().unsigned_abs() * 100 + day.month()
}

/// The first day of a stored month, if it is one.
pub fn month_start(month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(month / 100).ok()?, month % 100, 1)
}

/// Which figures to show: whole months from `from` to `to` (both included),
/// and optionally one dealer, one model, one city (a dealer's city).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    pub from: u32,
    pub to: u32,
    pub dealer: Option<DealerId>,
    pub model: Option<i64>,
    pub city: Option<String>,
}

/// The page's form as typed: every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawFilter {
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub dealer: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub city: String,
}

/// The longest period one page shows.
pub const MAX_MONTHS: u32 = 24;

impl Filter {
    /// The last twelve months up to and including `today`'s.
    pub fn last_year(today: NaiveDate) -> Self {
        let start = today.with_day(1).unwrap_or(today);
        let from = start.checked_sub_months(Months::new(11)).unwrap_or(start);
        Self { from: month_of(from), to: month_of(today), dealer: None, model: None, city: None }
    }

    /// The filter from the page's GET form: `starts_at` and `ends_at` as
    /// `2026-03` (empty: the last twelve months to `today`), ids of a dealer
    /// and a model, a city (empty: all). Refused, naming the field, when a
    /// month or id is not one or the period runs backwards or past `MAX_MONTHS`.
    pub fn parse(today: NaiveDate, raw: &RawFilter) -> Result<Self, FieldError> {
        let default = Self::last_year(today);
        let month = |raw: &str, field, default| match raw.trim() {
            "" => Ok(default),
            given => parse_month(given).ok_or(FieldError::new(field, Problem::UnknownChoice)),
        };
        let id = |raw: &str, field| match raw.trim() {
            "" => Ok(None),
            given => given.parse::<i64>().map(Some).map_err(|_| FieldError::new(field, Problem::UnknownChoice)),
        };
        let from = month(&raw.starts_at, Field::StartsAt, default.from)?;
        let to = month(&raw.ends_at, Field::EndsAt, default.to)?;
        let filter = Self {
            from,
            to,
            dealer: id(&raw.dealer, Field::Dealer)?,
            model: id(&raw.model, Field::Model)?,
            city: Some(raw.city.trim().to_owned()).filter(|c| !c.is_empty()),
        };
        let months = filter.months().len();
        if months == 0 {
            return Err(FieldError::new(Field::EndsAt, Problem::OutOfRange));
        }
        if months > MAX_MONTHS as usize {
            return Err(FieldError::new(Field::StartsAt, Problem::TooMany(MAX_MONTHS as usize)));
        }
        Ok(filter)
    }

    /// The filter kept within `desk`: a dealer's desk reads its own dealer
    /// only (`None` when the filter names another one).
    pub fn within(mut self, desk: Desk) -> Option<Self> {
        if let Some(own) = desk.dealer() {
            if self.dealer.is_some_and(|d| d != own) {
                return None;
            }
            self.dealer = Some(own);
        }
        Some(self)
    }

    /// Whether the filter narrows to part of the brand: the brand-wide
    /// figures (points, tiers, club, churn) are then not shown.
    pub fn is_narrowed(&self) -> bool {
        self.dealer.is_some() || self.model.is_some() || self.city.is_some()
    }

    /// The months from `from` to `to`, in order (none when `to` is earlier).
    pub fn months(&self) -> Vec<u32> {
        let (Some(mut day), Some(last)) = (month_start(self.from), month_start(self.to)) else {
            return Vec::new();
        };
        let mut months = Vec::new();
        while day <= last {
            months.push(month_of(day));
            match day.checked_add_months(Months::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        months
    }
}

/// Parses a month as an `<input type="month">` sends it (`2026-03`).
pub fn parse_month(raw: &str) -> Option<u32> {
    let (year, month) = raw.trim().split_once('-')?;
    let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    Some(month_of(day))
}

/// A month as the form and the charts write it (`2026-03`).
pub fn month_label(month: u32) -> String {
    format!("{}-{:02}", month / 100, month % 100)
}

/// One summed roll-up row: a measure and its detail, in a month at a dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub measure: Measure,
    pub detail: String,
    pub month: u32,
    pub dealer: DealerId,
    pub n: i64,
    pub total: i64,
}

/// One summed row of the workshop's measures, by week (its Monday) and dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLine {
    pub measure: Measure,
    pub detail: String,
    pub week: NaiveDate,
    pub dealer: DealerId,
    pub n: i64,
    pub total: i64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// A count per named thing (a category, a source), largest first.
pub type Tally = Vec<(String, u64)>;

fn tally(counts: BTreeMap<String, u64>) -> Tally {
    let mut v: Tally = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthSatisfaction {
    pub month: u32,
    pub csat: Csat,
    pub nps: Nps,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DealerSatisfaction {
    pub dealer: DealerId,
    pub csat: Csat,
    pub nps: Nps,
    /// Visit surveys answered of those sent.
    pub response: Share,
}

/// CSAT from visit surveys and case ratings, NPS from visit surveys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    pub csat: Csat,
    pub nps: Nps,
    pub response: Share,
    pub by_month: Vec<MonthSatisfaction>,
    pub by_dealer: Vec<DealerSatisfaction>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DealerComplaints {
    pub dealer: DealerId,
    pub volume: u64,
    pub response: Share,
    pub resolution: Share,
    pub median_hours: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Complaints {
    pub volume: u64,
    pub by_category: Tally,
    pub by_channel: Tally,
    /// First responses within their SLA, of those answered or overdue.
    pub response: Share,
    pub resolution: Share,
    pub median_hours: Option<u32>,
    pub p90_hours: Option<u32>,
    /// Resolved complaints the owner reopened.
    pub reopened: Share,
    pub by_dealer: Vec<DealerComplaints>,
}

/// Leads that reached a stage, and the share of those that reached the one before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReach {
    pub stage: Stage,
    pub leads: u64,
    pub conversion: Share,
}

/// A dealer's line in the brand's league table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct League {
    pub dealer: DealerId,
    pub leads: u64,
    /// Won of all leads.
    pub won: Share,
    pub contact_in_time: Share,
    pub contact_median_hours: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    pub leads: u64,
    pub by_source: Tally,
    pub by_stage: Tally,
    pub reached: Vec<StageReach>,
    pub contact_median_hours: Option<u32>,
    pub contact_in_time: Share,
    pub lost: Tally,
    pub competitors: Tally,
    /// Dealers, best conversion first.
    pub league: Vec<League>,
}

/// The workshop's week (or a dealer's whole period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub bookings: u64,
    pub no_shows: u64,
    pub used_minutes: u64,
    pub open_minutes: u64,
}

impl Workshop {
    fn add(&mut self, measure: Measure, detail: &str, n: i64, total: i64) {
        match measure {
            Measure::Booking => {
                self.bookings += count(n);
                if detail == crate::booking::Stage::NoShow.columns().0 {
                    self.no_shows += count(n);
                }
            }
            Measure::BayUsed => self.used_minutes += count(total),
            Measure::BayOpen => self.open_minutes += count(total),
            _ => {}
        }
    }

    /// Bay-minutes used of those open.
    pub fn utilisation(&self) -> Share {
        Share::new(self.used_minutes, self.open_minutes)
    }

    pub fn no_show_share(&self) -> Share {
        Share::new(self.no_shows, self.bookings)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub total: Workshop,
    pub by_week: Vec<(NaiveDate, Workshop)>,
    pub by_dealer: Vec<(DealerId, Workshop)>,
    pub recalls_in_time: Share,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthPoints {
    pub month: u32,
    pub issued: u64,
    pub redeemed: u64,
    pub expired: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Loyalty {
    pub by_month: Vec<MonthPoints>,
    pub tiers: Tally,
    pub active_members: u64,
    pub events: u64,
    pub attendance: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Churn {
    pub at_risk: u64,
    /// Owners at risk by reason (one owner may have several).
    pub reasons: Tally,
    /// All eight classes, in their order, with their counts (zero included).
    pub classes: Vec<(RfmClass, u64)>,
}

/// Everything the page shows for one filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub satisfaction: Satisfaction,
    pub complaints: Complaints,
    pub funnel: Funnel,
    pub service: Service,
    /// Brand-wide only: `None` when the filter narrows to a dealer, model or city.
    pub loyalty: Option<Loyalty>,
    pub churn: Option<Churn>,
}

impl Figures {
    /// Whether the filter matched nothing at all.
    pub fn is_empty(&self) -> bool {
        self.satisfaction.response.whole == 0
            && self.satisfaction.csat.answers() == 0
            && self.complaints.volume == 0
            && self.funnel.leads == 0
            && self.service.total.bookings == 0
            && self.loyalty.as_ref().is_none_or(|l| l.by_month.iter().all(|m| m.issued + m.redeemed + m.expired == 0))
    }

    /// The figures from the roll-up's rows summed by month and dealer
    /// (`lines`) and the workshop's by week and dealer (`weeks`).
    pub fn gather(filter: &Filter, lines: &[Line], weeks: &[WeekLine]) -> Self {
        let brand_wide = !filter.is_narrowed();
        Self {
            satisfaction: satisfaction(filter, lines),
            complaints: complaints(lines),
            funnel: funnel(lines),
            service: service(lines, weeks),
            loyalty: brand_wide.then(|| loyalty(filter, lines)),
            churn: brand_wide.then(|| churn(lines)),
        }
    }
}

/// The analytics page: the figures for the filter, and the choices its form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub filter: Filter,
    pub figures: Figures,
    /// The dealers the desk may choose (its own only, for a dealer's manager).
    pub dealers: Vec<Dealer>,
    /// Models as (id, name_zh, name_en).
    pub models: Vec<(i64, String, String)>,
    /// Cities as (city_en, city_zh): the key the filter uses first.
    pub cities: Vec<(String, String)>,
}

#[cfg(test)]
mod tests;
