//! Each section's figures summed from the roll-up's lines: the arithmetic
//! behind `Figures::gather`, one function per section.

use super::*;

pub(super) fn score(detail: &str) -> Option<i64> {
    detail.parse().ok()
}

pub(super) fn add_n(csat: &mut Csat, detail: &str, n: i64) {
    if let Some(s) = score(detail) {
        for _ in 0..count(n) {
            csat.add(s);
        }
    }
}

pub(super) fn add_nps(nps: &mut Nps, detail: &str, n: i64) {
    if let Some(s) = score(detail) {
        let n = count(n);
        match s {
            9..=10 => nps.promoters += n,
            7..=8 => nps.passives += n,
            0..=6 => nps.detractors += n,
            _ => {}
        }
    }
}

pub(super) fn satisfaction(filter: &Filter, lines: &[Line]) -> Satisfaction {
    let mut months: BTreeMap<u32, MonthSatisfaction> =
        filter.months().into_iter().map(|month| (month, MonthSatisfaction { month, ..Default::default() })).collect();
    let mut dealers: BTreeMap<DealerId, DealerSatisfaction> = BTreeMap::new();
    let mut all = Satisfaction::default();
    for l in lines {
        let month = months.entry(l.month).or_insert_with(|| MonthSatisfaction { month: l.month, ..Default::default() });
        let dealer =
            dealers.entry(l.dealer).or_insert_with(|| DealerSatisfaction { dealer: l.dealer, ..Default::default() });
        match l.measure {
            Measure::SurveyScore | Measure::CaseRating => {
                add_n(&mut all.csat, &l.detail, l.n);
                add_n(&mut month.csat, &l.detail, l.n);
                add_n(&mut dealer.csat, &l.detail, l.n);
            }
            Measure::SurveyRecommend => {
                add_nps(&mut all.nps, &l.detail, l.n);
                add_nps(&mut month.nps, &l.detail, l.n);
                add_nps(&mut dealer.nps, &l.detail, l.n);
            }
            Measure::SurveySent => {
                let answered = if l.detail == ANSWERED { count(l.n) } else { 0 };
                for share in [&mut all.response, &mut dealer.response] {
                    *share = Share::new(share.part + answered, share.whole + count(l.n));
                }
            }
            _ => {}
        }
    }
    all.by_month = months.into_values().collect();
    all.by_dealer = dealers
        .into_values()
        .filter(|d| d.csat.answers() + d.nps.answers() + d.response.whole > 0 && d.dealer != 0)
        .collect();
    all
}

pub(super) fn met(share: &mut Share, detail: &str, n: i64) {
    let n = count(n);
    let part = if detail == MET { n } else { 0 };
    *share = Share::new(share.part + part, share.whole + n);
}

pub(super) fn bucket(buckets: &mut BTreeMap<u32, u64>, detail: &str, n: i64) {
    if let Ok(bound) = detail.parse::<u32>() {
        *buckets.entry(bound).or_default() += count(n);
    }
}

pub(super) fn complaints(lines: &[Line]) -> Complaints {
    let (mut categories, mut channels) = (BTreeMap::new(), BTreeMap::new());
    let mut hours = BTreeMap::new();
    let mut dealers: BTreeMap<DealerId, (DealerComplaints, BTreeMap<u32, u64>)> = BTreeMap::new();
    let mut all = Complaints::default();
    for l in lines {
        let (dealer, dealer_hours) = dealers
            .entry(l.dealer)
            .or_insert_with(|| (DealerComplaints { dealer: l.dealer, ..Default::default() }, BTreeMap::new()));
        match l.measure {
            Measure::ComplaintCategory => {
                *categories.entry(l.detail.clone()).or_default() += count(l.n);
                all.volume += count(l.n);
                dealer.volume += count(l.n);
            }
            Measure::ComplaintChannel => *channels.entry(l.detail.clone()).or_default() += count(l.n),
            Measure::ComplaintResponse => {
                met(&mut all.response, &l.detail, l.n);
                met(&mut dealer.response, &l.detail, l.n);
            }
            Measure::ComplaintResolution => {
                met(&mut all.resolution, &l.detail, l.n);
                met(&mut dealer.resolution, &l.detail, l.n);
            }
            Measure::ComplaintHours => {
                bucket(&mut hours, &l.detail, l.n);
                bucket(dealer_hours, &l.detail, l.n);
            }
            Measure::ComplaintReopened => {
                let reopened = if l.detail == REOPENED { MET } else { MISSED };
                met(&mut all.reopened, reopened, l.n);
            }
            _ => {}
        }
    }
    all.by_category = tally(categories);
    all.by_channel = tally(channels);
    all.median_hours = bucket_percentile(&hours, 50);
    all.p90_hours = bucket_percentile(&hours, 90);
    all.by_dealer = dealers
        .into_values()
        .filter(|(d, _)| d.volume > 0 && d.dealer != 0)
        .map(|(mut d, h)| {
            d.median_hours = bucket_percentile(&h, 50);
            d
        })
        .collect();
    all
}

#[derive(Default)]
struct DealerFunnel {
    leads: u64,
    won: u64,
    in_time: Share,
    hours: BTreeMap<u32, u64>,
}

pub(super) fn funnel(lines: &[Line]) -> Funnel {
    let (mut sources, mut stages, mut lost, mut competitors) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut reached: BTreeMap<usize, u64> = BTreeMap::new();
    let mut hours = BTreeMap::new();
    let mut dealers: BTreeMap<DealerId, DealerFunnel> = BTreeMap::new();
    let mut all = Funnel::default();
    for l in lines {
        let dealer = dealers.entry(l.dealer).or_default();
        match l.measure {
            Measure::LeadSource => {
                *sources.entry(l.detail.clone()).or_default() += count(l.n);
                all.leads += count(l.n);
                dealer.leads += count(l.n);
            }
            Measure::LeadStage => *stages.entry(l.detail.clone()).or_default() += count(l.n),
            Measure::LeadReached => {
                if let Some(i) = PIPELINE.iter().position(|s| s.as_str() == l.detail) {
                    *reached.entry(i).or_default() += count(l.n);
                    if PIPELINE[i] == Stage::Won {
                        dealer.won += count(l.n);
                    }
                }
            }
            Measure::LeadContactHours => {
                bucket(&mut hours, &l.detail, l.n);
                bucket(&mut dealer.hours, &l.detail, l.n);
            }
            Measure::LeadContact => {
                met(&mut all.contact_in_time, &l.detail, l.n);
                met(&mut dealer.in_time, &l.detail, l.n);
            }
            Measure::LeadLost => *lost.entry(l.detail.clone()).or_default() += count(l.n),
            Measure::LeadCompetitor => *competitors.entry(l.detail.clone()).or_default() += count(l.n),
            _ => {}
        }
    }
    all.by_source = tally(sources);
    all.by_stage = tally(stages);
    all.lost = tally(lost);
    all.competitors = tally(competitors);
    all.contact_median_hours = bucket_percentile(&hours, 50);
    let mut before = None;
    for (i, stage) in PIPELINE.iter().enumerate() {
        let leads = reached.get(&i).copied().unwrap_or_default();
        let conversion = before.map_or(Share::default(), |b| Share::new(leads, b));
        all.reached.push(StageReach { stage: *stage, leads, conversion });
        before = Some(leads);
    }
    if all.leads == 0 {
        all.reached.clear();
    }
    all.league = dealers
        .into_iter()
        .filter(|(id, d)| *id != 0 && d.leads > 0)
        .map(|(dealer, d)| League {
            dealer,
            leads: d.leads,
            won: Share::new(d.won, d.leads),
            contact_in_time: d.in_time,
            contact_median_hours: bucket_percentile(&d.hours, 50),
        })
        .collect();
    // Best conversion first; ties by the share contacted in time.
    all.league.sort_by(|a, b| {
        let key = |l: &League| (l.won.percent().unwrap_or(0.0), l.contact_in_time.percent().unwrap_or(0.0));
        key(b).partial_cmp(&key(a)).unwrap_or(std::cmp::Ordering::Equal).then(a.dealer.cmp(&b.dealer))
    });
    all
}

pub(super) fn service(lines: &[Line], weeks: &[WeekLine]) -> Service {
    let mut all = Service::default();
    let mut by_week: BTreeMap<NaiveDate, Workshop> = BTreeMap::new();
    let mut by_dealer: BTreeMap<DealerId, Workshop> = BTreeMap::new();
    for w in weeks {
        all.total.add(w.measure, &w.detail, w.n, w.total);
        by_week.entry(w.week).or_default().add(w.measure, &w.detail, w.n, w.total);
        by_dealer.entry(w.dealer).or_default().add(w.measure, &w.detail, w.n, w.total);
    }
    for l in lines.iter().filter(|l| l.measure == Measure::Recall) {
        met(&mut all.recalls_in_time, &l.detail, l.n);
    }
    all.by_week = by_week.into_iter().collect();
    all.by_dealer = by_dealer.into_iter().filter(|(id, w)| *id != 0 && w.bookings + w.open_minutes > 0).collect();
    if all.total.bookings == 0 {
        all.by_week.clear();
    }
    all
}

pub(super) fn loyalty(filter: &Filter, lines: &[Line]) -> Loyalty {
    let mut months: BTreeMap<u32, MonthPoints> =
        filter.months().into_iter().map(|month| (month, MonthPoints { month, ..Default::default() })).collect();
    let mut tiers = BTreeMap::new();
    let mut all = Loyalty::default();
    for l in lines {
        match l.measure {
            Measure::Points => {
                let Some(month) = months.get_mut(&l.month) else { continue };
                let points = l.total.unsigned_abs();
                match l.detail.as_str() {
                    "earn" => month.issued += points,
                    "redeem" => month.redeemed += points,
                    "expire" => month.expired += points,
                    _ => {}
                }
            }
            Measure::NowTier => *tiers.entry(l.detail.clone()).or_default() += count(l.n),
            Measure::NowClubActive => all.active_members += count(l.n),
            Measure::ClubEvent => {
                all.events += count(l.n);
                all.attendance += count(l.total);
            }
            _ => {}
        }
    }
    all.by_month = months.into_values().collect();
    all.tiers = tally(tiers);
    all
}

pub(super) fn churn(lines: &[Line]) -> Churn {
    let mut classes: std::collections::HashMap<RfmClass, u64> = std::collections::HashMap::new();
    let mut reasons = BTreeMap::new();
    let mut all = Churn::default();
    for l in lines {
        match l.measure {
            Measure::NowRfm => {
                if let Some(class) = RfmClass::parse(&l.detail) {
                    *classes.entry(class).or_default() += count(l.n);
                }
            }
            Measure::NowRisk if l.detail.is_empty() => all.at_risk += count(l.n),
            Measure::NowRisk => *reasons.entry(l.detail.clone()).or_default() += count(l.n),
            _ => {}
        }
    }
    all.classes = RfmClass::ALL.iter().map(|c| (*c, classes.get(c).copied().unwrap_or_default())).collect();
    all.reasons = tally(reasons);
    all
}
