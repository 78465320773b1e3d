//! Reminders worked out from a car's data each time they are shown, so they are
//! never stale: maintenance by time or distance since the last service,
//! insurance and annual inspection from the owner's dates, warranty lines about
//! to end, and recalls. A daily job announces each new one once.

use crate::warranty::{CampaignKind, CampaignStatus, Cover, LineCover};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// How far ahead a reminder shows as upcoming.
pub const LEAD_DAYS: i64 = 30;
pub const LEAD_KM: i64 = 1_000;
/// Past due by more than this, it is overdue.
pub const GRACE_DAYS: i64 = 30;
pub const GRACE_KM: i64 = 1_000;
/// Warranty lines are flagged earlier: there may be work to do under them.
pub const WARRANTY_LEAD_DAYS: i64 = 60;
pub const WARRANTY_LEAD_KM: u32 = 2_000;
/// A satisfied reminder shows as done for this long.
pub const DONE_DAYS: i64 = 14;

stored_enum! {
    pub enum Kind {
        Maintenance = "maintenance",
        Insurance = "insurance",
        Inspection = "inspection",
        WarrantyEnding = "warranty_ending",
        Recall = "recall",
        /// A service campaign (a software update, a free check): neither a recall nor maintenance.
        ServiceCampaign = "service_campaign",
    }
}

impl Kind {
    /// Safety messages go out whatever the owner's channel preference.
    pub fn is_safety(self) -> bool {
        self == Kind::Recall
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    Overdue,
    Due,
    /// To be done, with no date or distance to be due by (a campaign).
    Open,
    /// A campaign whose fix cannot be booked until its parts reach the dealers.
    AwaitingParts,
    Upcoming,
    Done,
}

impl State {
    /// Nothing is due, let alone overdue, without a date or a distance to be
    /// due by: such a reminder is open. Every reminder's state passes here.
    pub fn settled(self, due_on: Option<NaiveDate>, due_km: Option<u32>) -> State {
        match self {
            State::Overdue | State::Due if due_on.is_none() && due_km.is_none() => State::Open,
            state => state,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: Kind,
    pub state: State,
    pub due_on: Option<NaiveDate>,
    pub due_km: Option<u32>,
    /// What it is about, for warranty lines and recalls (in both languages).
    pub about_zh: String,
    pub about_en: String,
    /// Identifies the occasion: a new service makes a new maintenance occasion.
    pub key: String,
}

impl Reminder {
    /// Worth telling the owner about (a done reminder is news they made).
    pub fn is_announced(&self) -> bool {
        self.state != State::Done
    }
}

/// What the reminders of one car are worked out from.
#[derive(Debug, Clone)]
pub struct Facts {
    pub today: NaiveDate,
    pub sale_date: Option<NaiveDate>,
    pub mileage_km: Option<u32>,
    pub last_maintenance: Option<(NaiveDate, u32)>,
    pub service_months: u32,
    pub service_km: u32,
    pub insurance_due: Option<NaiveDate>,
    pub inspection_due: Option<NaiveDate>,
    pub lines: Vec<LineCover>,
    pub campaigns: Vec<CampaignStatus>,
}

/// The state of something due on a date and / or at a distance.
fn state_of(days_to: Option<i64>, km_to: Option<i64>) -> Option<State> {
    let overdue = days_to.is_some_and(|d| d < -GRACE_DAYS) || km_to.is_some_and(|k| k < -GRACE_KM);
    let due = days_to.is_some_and(|d| d <= 0) || km_to.is_some_and(|k| k <= 0);
    let upcoming = days_to.is_some_and(|d| d <= LEAD_DAYS) || km_to.is_some_and(|k| k <= LEAD_KM);
    match (overdue, due, upcoming) {
        (true, _, _) => Some(State::Overdue),
        (_, true, _) => Some(State::Due),
        (_, _, true) => Some(State::Upcoming),
        _ => None,
    }
}

fn maintenance(f: &Facts) -> Option<Reminder> {
    let (base_on, base_km) = f.last_maintenance.or(f.sale_date.map(|d| (d, 0)))?;
    let due_on = base_on.checked_add_months(Months::new(f.service_months))?;
    let due_km = base_km.saturating_add(f.service_km);
    let days_to = (due_on - f.today).num_days();
    let km_to = f.mileage_km.map(|km| i64::from(due_km) - i64::from(km));
    let recently_done = f.last_maintenance.is_some_and(|(on, _)| (f.today - on).num_days() <= DONE_DAYS);
    let state = state_of(Some(days_to), km_to).or(recently_done.then_some(State::Done))?;
    Some(Reminder {
        kind: Kind::Maintenance,
        state,
        due_on: Some(due_on),
        due_km: Some(due_km),
        about_zh: String::new(),
        about_en: String::new(),
        key: format!("{due_on}/{due_km}"),
    })
}

fn dated(kind: Kind, due: Option<NaiveDate>, today: NaiveDate) -> Option<Reminder> {
    let due = due?;
    let days_to = (due - today).num_days();
    // A lapsed insurance or inspection is overdue at once, not after a grace period.
    let state = if days_to < 0 { State::Overdue } else { state_of(Some(days_to), None)? };
    Some(Reminder {
        kind,
        state,
        due_on: Some(due),
        due_km: None,
        about_zh: String::new(),
        about_en: String::new(),
        key: due.to_string(),
    })
}

fn warranty_ending(line: &LineCover) -> Option<Reminder> {
    let Cover::Covered { last_day, days_left, km_left } = line.cover else {
        return None;
    };
    let soon = days_left <= WARRANTY_LEAD_DAYS || km_left.is_some_and(|km| km <= WARRANTY_LEAD_KM);
    soon.then(|| Reminder {
        kind: Kind::WarrantyEnding,
        state: State::Upcoming,
        due_on: Some(last_day),
        due_km: km_left.map(|_| line.line.km),
        about_zh: line.line.name_zh.clone(),
        about_en: line.line.name_en.clone(),
        key: format!("{}/{last_day}", line.line.code),
    })
}

/// A campaign to do; awaiting its parts, it is a separate occasion, so the
/// owner hears first that the fix will come and then that it can be booked.
fn campaign(status: &CampaignStatus, today: NaiveDate) -> Option<Reminder> {
    let c = &status.campaign;
    let (state, key) = match status.completed_on {
        None if !c.parts_available => (State::AwaitingParts, format!("{}/awaiting-parts", c.code)),
        None => (State::Due, c.code.clone()),
        Some(on) if (today - on).num_days() <= DONE_DAYS => (State::Done, c.code.clone()),
        Some(_) => return None,
    };
    Some(Reminder {
        kind: if c.kind == CampaignKind::Recall { Kind::Recall } else { Kind::ServiceCampaign },
        state,
        due_on: None,
        due_km: None,
        about_zh: c.title.zh.clone(),
        about_en: c.title.en.clone(),
        key,
    })
}

/// Every reminder for one car, most pressing first.
pub fn reminders(f: &Facts) -> Vec<Reminder> {
    let mut all: Vec<Reminder> = f
        .campaigns
        .iter()
        .filter_map(|c| campaign(c, f.today))
        .chain(maintenance(f))
        .chain(dated(Kind::Insurance, f.insurance_due, f.today))
        .chain(dated(Kind::Inspection, f.inspection_due, f.today))
        .chain(f.lines.iter().filter_map(warranty_ending))
        .map(|r| Reminder { state: r.state.settled(r.due_on, r.due_km), ..r })
        .collect();
    all.sort_by_key(|r| (r.state, r.due_on));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::notice::Bilingual;
    use crate::warranty::{Campaign, Line, Reach};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn facts(today: NaiveDate) -> Facts {
        Facts {
            today,
            sale_date: Some(day(2025, 1, 10)),
            mileage_km: Some(5_000),
            last_maintenance: None,
            service_months: 12,
            service_km: 10_000,
            insurance_due: None,
            inspection_due: None,
            lines: vec![],
            campaigns: vec![],
        }
    }

    fn only(f: &Facts, kind: Kind) -> Option<Reminder> {
        reminders(f).into_iter().find(|r| r.kind == kind)
    }

    #[test]
    fn maintenance_is_due_by_time_from_the_sale_when_never_serviced() {
        assert_eq!(only(&facts(day(2025, 12, 10)), Kind::Maintenance), None);
        assert_eq!(only(&facts(day(2025, 12, 11)), Kind::Maintenance).map(|r| r.state), Some(State::Upcoming));
        assert_eq!(only(&facts(day(2026, 1, 10)), Kind::Maintenance).map(|r| r.state), Some(State::Due));
        assert_eq!(only(&facts(day(2026, 2, 9)), Kind::Maintenance).map(|r| r.state), Some(State::Due));
        assert_eq!(only(&facts(day(2026, 2, 10)), Kind::Maintenance).map(|r| r.state), Some(State::Overdue));
    }

    #[test]
    fn maintenance_is_due_by_distance_whichever_comes_first() {
        let f = Facts { mileage_km: Some(9_000), ..facts(day(2025, 3, 1)) };
        assert_eq!(only(&f, Kind::Maintenance).map(|r| r.state), Some(State::Upcoming));
        let f = Facts { mileage_km: Some(10_000), ..facts(day(2025, 3, 1)) };
        assert_eq!(only(&f, Kind::Maintenance).map(|r| r.state), Some(State::Due));
        let f = Facts { mileage_km: Some(11_001), ..facts(day(2025, 3, 1)) };
        assert_eq!(only(&f, Kind::Maintenance).map(|r| r.state), Some(State::Overdue));
    }

    #[test]
    fn a_recorded_service_clears_the_reminder_and_starts_a_new_occasion() {
        let before = facts(day(2026, 1, 20));
        let due = only(&before, Kind::Maintenance);
        assert_eq!(due.as_ref().map(|r| r.state), Some(State::Due));
        let after = Facts { last_maintenance: Some((day(2026, 1, 18), 9_800)), mileage_km: Some(9_800), ..before };
        let done = only(&after, Kind::Maintenance);
        assert_eq!(done.as_ref().map(|r| r.state), Some(State::Done));
        assert_ne!(done.map(|r| r.key), due.map(|r| r.key));
        let later = Facts { today: day(2026, 3, 1), ..after };
        assert_eq!(only(&later, Kind::Maintenance), None, "no stale warning");
    }

    #[test]
    fn insurance_and_inspection_follow_the_owners_dates() {
        let f = Facts {
            insurance_due: Some(day(2026, 2, 1)),
            inspection_due: Some(day(2026, 1, 1)),
            ..facts(day(2026, 1, 5))
        };
        assert_eq!(only(&f, Kind::Insurance).map(|r| r.state), Some(State::Upcoming));
        assert_eq!(only(&f, Kind::Inspection).map(|r| r.state), Some(State::Overdue));
    }

    #[test]
    fn warranty_lines_near_their_end_and_open_recalls_are_reminded() {
        let line =
            Line {
                code: "battery".into(), name_zh: "电池".into(), name_en: "Battery".into(), months: 12, km: 20_000
            };
        let cover = line.cover(Some(day(2025, 1, 10)), day(2025, 12, 1), Some(5_000));
        let campaign = Campaign {
            id: 1,
            code: "R-1".into(),
            kind: CampaignKind::Recall,
            title: Bilingual::new("召回", "Recall"),
            remedy: Bilingual::new("", ""),
            reach: Reach::ALL,
            parts_available: true,
        };
        let f = Facts {
            lines: vec![LineCover { line, cover }],
            campaigns: vec![CampaignStatus { campaign, completed_on: None }],
            ..facts(day(2025, 12, 1))
        };
        let all = reminders(&f);
        assert_eq!(all.first().map(|r| (r.kind, r.state)), Some((Kind::Recall, State::Open)), "recalls first");
        assert!(all.iter().any(|r| r.kind == Kind::WarrantyEnding && r.about_en == "Battery"));
    }

    fn campaign(kind: CampaignKind, completed_on: Option<NaiveDate>) -> CampaignStatus {
        let campaign = Campaign {
            id: 2,
            code: "S-1".into(),
            kind,
            title: Bilingual::new("电池软件升级", "Battery software update"),
            remedy: Bilingual::new("", ""),
            reach: Reach::ALL,
            parts_available: true,
        };
        CampaignStatus { campaign, completed_on }
    }

    #[test]
    fn a_service_campaign_is_its_own_kind_and_open_never_overdue() {
        let f = Facts { campaigns: vec![campaign(CampaignKind::Service, None)], ..facts(day(2025, 12, 1)) };
        let found = only(&f, Kind::ServiceCampaign);
        assert_eq!(found.as_ref().map(|r| r.state), Some(State::Open));
        assert_eq!(found.map(|r| r.about_en), Some("Battery software update".into()));
        assert_eq!(only(&f, Kind::Maintenance), None, "not maintenance");
        let done = Facts { campaigns: vec![campaign(CampaignKind::Service, Some(day(2025, 11, 17)))], ..f.clone() };
        assert_eq!(only(&done, Kind::ServiceCampaign).map(|r| r.state), Some(State::Done), "done 14 days ago");
        let gone = Facts { campaigns: vec![campaign(CampaignKind::Service, Some(day(2025, 11, 16)))], ..f };
        assert_eq!(only(&gone, Kind::ServiceCampaign), None, "15 days ago");
    }

    #[test]
    fn a_campaign_awaiting_parts_is_its_own_occasion_and_the_parts_arriving_another() {
        let mut waiting = campaign(CampaignKind::Recall, None);
        waiting.campaign.parts_available = false;
        let f = Facts { campaigns: vec![waiting.clone()], ..facts(day(2025, 12, 1)) };
        let before = only(&f, Kind::Recall).expect("a reminder while the parts are awaited");
        assert_eq!(before.state, State::AwaitingParts);
        assert!(before.is_announced());
        waiting.campaign.parts_available = true;
        let after = only(&Facts { campaigns: vec![waiting], ..f }, Kind::Recall).expect("a reminder");
        assert_eq!(after.state, State::Open);
        assert_ne!(before.key, after.key, "announced again when the parts arrive");
    }

    #[test]
    fn nothing_is_due_or_overdue_without_a_date_or_a_distance() {
        let on = Some(day(2026, 1, 1));
        for state in [State::Overdue, State::Due] {
            assert_eq!(state.settled(None, None), State::Open);
            assert_eq!(state.settled(on, None), state, "a date");
            assert_eq!(state.settled(None, Some(0)), state, "a distance, even zero");
        }
        for state in [State::Open, State::Upcoming, State::Done] {
            assert_eq!(state.settled(None, None), state);
        }
        // A maintenance reminder always has a date: overdue stays overdue.
        assert_eq!(only(&facts(day(2026, 2, 10)), Kind::Maintenance).map(|r| r.state), Some(State::Overdue));
    }
}
