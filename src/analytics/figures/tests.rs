use super::*;

fn line(measure: Measure, detail: &str, month: u32, dealer: DealerId, n: i64, total: i64) -> Line {
    Line { measure, detail: detail.to_owned(), month, dealer, n, total }
}

fn year() -> Filter {
    Filter { from: 202601, to: 202612, dealer: None, model: None, city: None }
}

#[test]
fn times_fall_in_the_bucket_whose_bound_they_reach() {
    assert_eq!(hours_bucket(0), 1);
    assert_eq!(hours_bucket(60), 1, "exactly an hour is in the first bucket");
    assert_eq!(hours_bucket(61), 2);
    assert_eq!(hours_bucket(24 * 60), 24);
    assert_eq!(hours_bucket(24 * 60 + 1), 48);
    assert_eq!(hours_bucket(400 * 24 * 60), 2160, "beyond the last bound counts in the last");
}

#[test]
fn percentiles_from_buckets_are_the_bound_of_the_bucket_holding_the_rank() {
    // Ten times: 3 within 1 h, 4 within 8 h, 2 within 24 h, 1 within 72 h.
    let buckets = BTreeMap::from([(1, 3), (8, 4), (24, 2), (72, 1)]);
    // Median: rank 5 of 10 is in the second bucket (ranks 4–7).
    assert_eq!(bucket_percentile(&buckets, 50), Some(8));
    // p90: rank 9 is in the third (ranks 8–9).
    assert_eq!(bucket_percentile(&buckets, 90), Some(24));
    assert_eq!(bucket_percentile(&buckets, 100), Some(72));
    assert_eq!(bucket_percentile(&buckets, 0), Some(1));
    assert_eq!(bucket_percentile(&BTreeMap::new(), 50), None);
    // The same as the exact nearest rank over the bounds themselves.
    let exact = [1, 1, 1, 8, 8, 8, 8, 24, 24, 72];
    assert_eq!(super::super::percentile(&exact, 90), Some(24));
}

#[test]
fn a_lead_reaches_the_furthest_stage_it_was_in_and_contact_counts() {
    assert_eq!(furthest([Stage::New], false), Stage::New);
    assert_eq!(furthest([Stage::New], true), Stage::Contacted);
    assert_eq!(furthest([Stage::Contacted, Stage::TestDriveDone, Stage::Lost], true), Stage::TestDriveDone);
    assert_eq!(furthest([Stage::Lost], false), Stage::New, "lost untouched stays at new");
    assert_eq!(furthest([Stage::Negotiating, Stage::Won], true), Stage::Won);
}

#[test]
fn months_and_the_default_period() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    let f = Filter::last_year(today);
    assert_eq!((f.from, f.to), (202601, 202612));
    assert_eq!(f.months().len(), 12);
    let across = Filter { from: 202511, to: 202602, ..f.clone() };
    assert_eq!(across.months(), [202511, 202512, 202601, 202602]);
    assert!(Filter { from: 202603, to: 202602, ..f }.months().is_empty());
    assert_eq!(parse_month("2026-03"), Some(202603));
    assert_eq!(parse_month(" 2026-3 "), Some(202603));
    assert_eq!(parse_month("2026-13"), None);
    assert_eq!(parse_month("March"), None);
    assert_eq!(month_label(202603), "2026-03");
}

#[test]
fn satisfaction_merges_surveys_and_case_ratings_and_counts_responses() {
    let lines = [
        // January at dealer 1: visit scores 5, 4, 2; a case rated 1.
        line(Measure::SurveyScore, "5", 202601, 1, 1, 0),
        line(Measure::SurveyScore, "4", 202601, 1, 1, 0),
        line(Measure::SurveyScore, "2", 202601, 1, 1, 0),
        line(Measure::CaseRating, "1", 202601, 1, 1, 0),
        // February at dealer 2: two 5s.
        line(Measure::SurveyScore, "5", 202602, 2, 2, 0),
        // Recommendations: 10, 9, 8, 6, 0 → 2 promoters, 2 detractors of 5.
        line(Measure::SurveyRecommend, "10", 202601, 1, 1, 0),
        line(Measure::SurveyRecommend, "9", 202602, 2, 1, 0),
        line(Measure::SurveyRecommend, "8", 202602, 2, 1, 0),
        line(Measure::SurveyRecommend, "6", 202601, 1, 1, 0),
        line(Measure::SurveyRecommend, "0", 202601, 1, 1, 0),
        // Surveys: dealer 1 sent 4, 3 answered; dealer 2 sent 4, 2 answered.
        line(Measure::SurveySent, ANSWERED, 202601, 1, 3, 0),
        line(Measure::SurveySent, UNANSWERED, 202601, 1, 1, 0),
        line(Measure::SurveySent, ANSWERED, 202602, 2, 2, 0),
        line(Measure::SurveySent, UNANSWERED, 202602, 2, 2, 0),
    ];
    let f = Figures::gather(&year(), &lines, &[]);
    let s = &f.satisfaction;
    // (5 + 4 + 2 + 1 + 5 + 5) / 6 = 22 / 6
    assert_eq!(s.csat.answers(), 6);
    assert_eq!(s.csat.mean(), Some(22.0 / 6.0));
    assert_eq!(s.csat.satisfied(), Share { part: 4, whole: 6 });
    assert_eq!(s.nps.score(), Some(0.0), "40 % promoters - 40 % detractors");
    assert_eq!(s.response, Share { part: 5, whole: 8 });
    assert_eq!(s.by_month.len(), 12, "every month of the period, answered or not");
    assert_eq!(s.by_month[0].csat.mean(), Some(3.0), "January: (5 + 4 + 2 + 1) / 4");
    assert_eq!(s.by_month[1].nps.score(), Some(50.0), "February: one promoter, one passive");
    assert_eq!(s.by_month[2].csat.answers(), 0);
    assert_eq!(s.by_dealer.len(), 2);
    assert_eq!(s.by_dealer[0].response, Share { part: 3, whole: 4 });
    assert_eq!(s.by_dealer[1].csat.mean(), Some(5.0));
}

#[test]
fn complaints_count_volume_slas_spread_and_reopens() {
    let lines = [
        line(Measure::ComplaintCategory, "parts", 202601, 1, 3, 0),
        line(Measure::ComplaintCategory, "billing", 202601, 2, 1, 0),
        line(Measure::ComplaintChannel, "phone", 202601, 1, 4, 0),
        line(Measure::ComplaintResponse, MET, 202601, 1, 3, 0),
        line(Measure::ComplaintResponse, MISSED, 202601, 2, 1, 0),
        line(Measure::ComplaintResolution, MET, 202601, 1, 1, 0),
        line(Measure::ComplaintResolution, MISSED, 202601, 1, 1, 0),
        line(Measure::ComplaintHours, "4", 202601, 1, 1, 0),
        line(Measure::ComplaintHours, "24", 202601, 1, 1, 0),
        line(Measure::ComplaintHours, "168", 202601, 2, 1, 0),
        line(Measure::ComplaintReopened, REOPENED, 202601, 1, 1, 0),
        line(Measure::ComplaintReopened, KEPT, 202601, 1, 2, 0),
    ];
    let c = Figures::gather(&year(), &lines, &[]).complaints;
    assert_eq!(c.volume, 4);
    assert_eq!(c.by_category, [("parts".to_owned(), 3), ("billing".to_owned(), 1)]);
    assert_eq!(c.by_channel, [("phone".to_owned(), 4)]);
    assert_eq!(c.response.percent(), Some(75.0));
    assert_eq!(c.resolution, Share { part: 1, whole: 2 });
    assert_eq!((c.median_hours, c.p90_hours), (Some(24), Some(168)));
    assert_eq!(c.reopened, Share { part: 1, whole: 3 });
    assert_eq!(c.by_dealer.len(), 2);
    assert_eq!(c.by_dealer[0].median_hours, Some(4), "dealer 1: 4 h and 24 h, the first is the median");
}

#[test]
fn the_funnel_converts_stage_by_stage_and_ranks_dealers_by_sales() {
    let lines = [
        line(Measure::LeadSource, "search", 202601, 1, 6, 0),
        line(Measure::LeadSource, "friend", 202601, 2, 4, 0),
        line(Measure::LeadReached, "new", 202601, 1, 6, 0),
        line(Measure::LeadReached, "new", 202601, 2, 4, 0),
        line(Measure::LeadReached, "contacted", 202601, 1, 5, 0),
        line(Measure::LeadReached, "contacted", 202601, 2, 3, 0),
        line(Measure::LeadReached, "test_drive_booked", 202601, 1, 4, 0),
        line(Measure::LeadReached, "won", 202601, 1, 1, 0),
        line(Measure::LeadReached, "won", 202601, 2, 2, 0),
        line(Measure::LeadContact, MET, 202601, 1, 4, 0),
        line(Measure::LeadContact, MISSED, 202601, 1, 1, 0),
        line(Measure::LeadContactHours, "1", 202601, 1, 3, 0),
        line(Measure::LeadContactHours, "4", 202601, 2, 2, 0),
        line(Measure::LeadLost, "price", 202601, 1, 2, 0),
        line(Measure::LeadCompetitor, "Tesla", 202601, 1, 1, 0),
    ];
    let f = Figures::gather(&year(), &lines, &[]).funnel;
    assert_eq!(f.leads, 10);
    let reached: Vec<(Stage, u64, Option<f64>)> =
        f.reached.iter().map(|r| (r.stage, r.leads, r.conversion.percent())).collect();
    assert_eq!(reached[0], (Stage::New, 10, None));
    assert_eq!(reached[1], (Stage::Contacted, 8, Some(80.0)));
    assert_eq!(reached[2], (Stage::TestDriveBooked, 4, Some(50.0)));
    assert_eq!(reached[3], (Stage::TestDriveDone, 0, Some(0.0)));
    assert_eq!(reached[5].1, 3);
    assert_eq!(f.contact_in_time.percent(), Some(80.0));
    assert_eq!(f.contact_median_hours, Some(1), "3 of 5 within an hour");
    assert_eq!(f.lost, [("price".to_owned(), 2)]);
    // Dealer 2 won 2 of 4 (50 %), dealer 1 won 1 of 6.
    assert_eq!(f.league.iter().map(|l| l.dealer).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(f.league[0].won, Share { part: 2, whole: 4 });
}

#[test]
fn the_workshop_is_read_by_week_with_no_shows_and_bay_utilisation() {
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
    let next = NaiveDate::from_ymd_opt(2026, 3, 9).expect("a date");
    let w = |measure, detail: &str, week, dealer, n, total| WeekLine {
        measure,
        detail: detail.to_owned(),
        week,
        dealer,
        n,
        total,
    };
    let weeks = [
        w(Measure::Booking, "completed", monday, 1, 3, 0),
        w(Measure::Booking, "no_show", monday, 1, 1, 0),
        w(Measure::BayUsed, "", monday, 1, 3, 270),
        w(Measure::BayOpen, "", monday, 1, 0, 900),
        w(Measure::Booking, "completed", next, 2, 2, 0),
        w(Measure::BayOpen, "", next, 2, 0, 600),
    ];
    let lines = [line(Measure::Recall, MET, 202603, 1, 3, 0), line(Measure::Recall, MISSED, 202603, 1, 1, 0)];
    let s = Figures::gather(&year(), &lines, &weeks).service;
    assert_eq!(s.total.bookings, 6);
    assert_eq!(s.total.no_show_share(), Share { part: 1, whole: 6 });
    assert_eq!(s.by_week[0].1.utilisation().percent(), Some(30.0), "270 of 900 bay-minutes");
    assert_eq!(s.by_week[1].1.utilisation(), Share { part: 0, whole: 600 });
    assert_eq!(s.by_dealer.len(), 2);
    assert_eq!(s.recalls_in_time.percent(), Some(75.0));
}

#[test]
fn brand_wide_figures_show_only_without_a_narrowing_filter() {
    let lines = [
        line(Measure::Points, "earn", 202601, 0, 3, 300),
        line(Measure::Points, "redeem", 202601, 0, 1, -120),
        line(Measure::Points, "expire", 202602, 0, 1, -50),
        line(Measure::NowTier, "gold", 202612, 0, 4, 0),
        line(Measure::NowClubActive, "", 202612, 0, 7, 0),
        line(Measure::ClubEvent, "", 202605, 0, 2, 19),
        line(Measure::NowRfm, "important_value", 202612, 0, 5, 0),
        line(Measure::NowRisk, "", 202612, 0, 3, 0),
        line(Measure::NowRisk, "no_visit", 202612, 0, 2, 0),
        line(Measure::NowRisk, "open_complaints", 202612, 0, 1, 0),
    ];
    let f = Figures::gather(&year(), &lines, &[]);
    let loyalty = f.loyalty.expect("brand-wide");
    assert_eq!((loyalty.by_month[0].issued, loyalty.by_month[0].redeemed), (300, 120));
    assert_eq!(loyalty.by_month[1].expired, 50);
    assert_eq!(loyalty.tiers, [("gold".to_owned(), 4)]);
    assert_eq!((loyalty.active_members, loyalty.events, loyalty.attendance), (7, 2, 19));
    let churn = f.churn.expect("brand-wide");
    assert_eq!(churn.at_risk, 3);
    assert_eq!(churn.reasons[0], ("no_visit".to_owned(), 2));
    assert_eq!(churn.classes.len(), 8, "all eight classes, empty ones too");
    assert_eq!(churn.classes[0], (RfmClass::ImportantValue, 5));
    let narrowed = Filter { dealer: Some(1), ..year() };
    let f = Figures::gather(&narrowed, &lines, &[]);
    assert!(f.loyalty.is_none() && f.churn.is_none());
    assert!(f.is_empty(), "nothing of a dealer's own");
}

#[test]
fn the_form_is_parsed_whole_and_a_bad_field_is_named() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    let raw = |starts: &str, ends: &str, dealer: &str| RawFilter {
        starts_at: starts.into(),
        ends_at: ends.into(),
        dealer: dealer.into(),
        ..RawFilter::default()
    };
    assert_eq!(Filter::parse(today, &RawFilter::default()), Ok(Filter::last_year(today)));
    let f = Filter::parse(today, &raw("2026-03", "2026-05", "7")).expect("a filter");
    assert_eq!((f.from, f.to, f.dealer), (202603, 202605, Some(7)));
    let field = |r: RawFilter| Filter::parse(today, &r).map_err(|e| e.field);
    assert_eq!(field(raw("March", "", "")), Err(Field::StartsAt));
    assert_eq!(field(raw("2026-06", "2026-05", "")), Err(Field::EndsAt), "backwards");
    assert_eq!(field(raw("2024-01", "2026-01", "")), Err(Field::StartsAt), "25 months");
    assert!(Filter::parse(today, &raw("2024-02", "2026-01", "")).is_ok(), "24 months");
    assert_eq!(field(raw("", "", "x")), Err(Field::Dealer));
}

#[test]
fn a_dealers_desk_reads_its_own_dealer_only() {
    let f = year();
    assert_eq!(f.clone().within(Desk::BrandWide), Some(f.clone()));
    assert_eq!(f.clone().within(Desk::Dealer(3)).and_then(|f| f.dealer), Some(3), "narrowed to its own");
    let other = Filter { dealer: Some(4), ..f.clone() };
    assert_eq!(other.within(Desk::Dealer(3)), None);
    let own = Filter { dealer: Some(3), ..f };
    assert!(own.within(Desk::Dealer(3)).is_some());
}
