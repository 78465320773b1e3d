//! The daily measure of every owner (`analytics::store::scores::refresh`): RFM
//! figures against the population's averages, and churn signals, on a small
//! dataset whose classes and reasons are worked out by hand below.

use crate::helpers;

use chrono::{DateTime, Duration, Utc};
use helpers::booking::{open_dealer, owner_with_car, service_id};
use helpers::{spawn, Engine, TestApp};
use pitlane::analytics::churn::Reason;
use pitlane::analytics::rfm::RfmClass;
use pitlane::analytics::store::scores;
use pitlane::Clock;

async fn owner_id(app: &TestApp, vin: &str) -> i64 {
    sqlx::query_scalar("SELECT owner_id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
        .bind(vin)
        .fetch_one(app.db.pool())
        .await
        .expect("the car's owner")
}

/// A visit completed at `at` for `yuan`; returns the booking.
async fn visit(app: &TestApp, owner: i64, vin: &str, dealer: i64, at: DateTime<Utc>, yuan: i64) -> i64 {
    let service = service_id(app, "maintenance").await;
    let ms = at.timestamp_millis();
    sqlx::query_scalar(
        "INSERT INTO bookings (owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, channel,
             idempotency_key, completed_at, amount_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $5, 1, 'completed', 'portal', $6, $5, $7, $5) RETURNING id",
    )
    .bind(owner)
    .bind(vin)
    .bind(dealer)
    .bind(service)
    .bind(ms)
    .bind(format!("visit-{owner}-{ms}"))
    .bind(yuan * 100)
    .fetch_one(app.db.pool())
    .await
    .expect("a completed visit")
}

async fn score_of(app: &TestApp, owner: i64) -> pitlane::analytics::score::Score {
    scores::for_owner(&app.db, owner).await.expect("read").expect("the owner was scored")
}

async fn every_owner_gets_a_class_against_the_averages_and_the_reasons_behind_a_risk(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "SC01", 2).await;
    let now = app.clock.now();
    let (_, vin_a) = owner_with_car(&app, 1).await;
    let (_, vin_b) = owner_with_car(&app, 2).await;
    let (_, vin_c) = owner_with_car(&app, 3).await;
    let (a, b, c) = (owner_id(&app, &vin_a).await, owner_id(&app, &vin_b).await, owner_id(&app, &vin_c).await);
    app.owner("13900009004", "No Car").await;
    let d: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900009004'")
        .fetch_one(app.db.pool())
        .await
        .expect("d");
    assert_eq!(scores::for_owner(&app.db, a).await.expect("read"), None, "nobody is scored before the first run");

    // A: two visits (1,000 + 500 yuan) and a 200-yuan estimate approved; a poor survey.
    visit(&app, a, &vin_a, dealer, now - Duration::days(400), 1000).await;
    let recent = visit(&app, a, &vin_a, dealer, now - Duration::days(30), 500).await;
    sqlx::query(
        "INSERT INTO estimates (booking_id, items, amount_fen, sent_by, sent_at, decision, decided_at)
         VALUES ($1, 'brakes', 20000, $2, $3, 'approved', $3)",
    )
    .bind(recent)
    .bind(a)
    .bind((now - Duration::days(30)).timestamp_millis())
    .execute(app.db.pool())
    .await
    .expect("estimate");
    sqlx::query(
        "INSERT INTO surveys (booking_id, owner_id, dealer_id, sent_at, satisfaction, recommend, answered_at)
         VALUES ($1, $2, $3, $4, 2, 7, $4)",
    )
    .bind(recent)
    .bind(a)
    .bind(dealer)
    .bind((now - Duration::days(27)).timestamp_millis())
    .execute(app.db.pool())
    .await
    .expect("survey");
    // B: one 100-yuan visit 13 months ago, and a complaint past its resolution date.
    visit(&app, b, &vin_b, dealer, now - Duration::days(410), 100).await;
    sqlx::query(
        "INSERT INTO cases (owner_id, kind, category, title, description, priority, status, channel, opened_by,
             response_due, resolution_due, created_at)
         VALUES ($1, 'complaint', 'dealer_service', 't', 'd', 'normal', 'in_progress', 'portal', $1, $2, $2, $2)",
    )
    .bind(b)
    .bind((now - Duration::days(3)).timestamp_millis())
    .execute(app.db.pool())
    .await
    .expect("complaint");
    // C has a car and never came; D has no car and never came.

    assert_eq!(scores::refresh(&app.db, now).await.expect("refresh"), 4);

    // Averages over four owners: 30 and 410 days (the two who came) → 220 days;
    // 3 visits in 24 months → 0.75; 1,800 yuan → 450 yuan.
    let sa = score_of(&app, a).await;
    assert_eq!((sa.rfm.visits, sa.rfm.spend.fen(), sa.rfm.days_since_visit), (2, 170_000, Some(30)));
    assert_eq!(sa.class, RfmClass::ImportantValue);
    assert_eq!(sa.reasons(), [Reason::LowSatisfaction { score: 2 }]);
    let sb = score_of(&app, b).await;
    assert_eq!(sb.class, RfmClass::GeneralKeep, "frequent enough, neither recent nor valuable");
    assert_eq!(sb.reasons(), [Reason::OpenComplaints { open: 1, overdue: 1 }, Reason::NoVisit { months: 13 }]);
    let sc = score_of(&app, c).await;
    assert_eq!((sc.class, sc.reasons()), (RfmClass::GeneralRetain, vec![Reason::NeverServiced]));
    let sd = score_of(&app, d).await;
    assert_eq!((sd.class, sd.reasons()), (RfmClass::GeneralRetain, vec![]));
    let at_risk: i64 = app.count("SELECT COUNT(*) FROM customer_scores WHERE at_risk = 1").await;
    assert_eq!(at_risk, 3, "everyone but the owner without a car");

    // A second run replaces the rows rather than adding to them.
    assert_eq!(scores::refresh(&app.db, now + Duration::days(1)).await.expect("refresh"), 4);
    assert_eq!(app.count("SELECT COUNT(*) FROM customer_scores").await, 4);
}

/// The register's dealer work from before the portal counts as visits: an
/// owner serviced there is not "never serviced".
async fn the_registers_dealer_history_counts_as_visits(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "SC02", 2).await;
    let now = app.clock.now();
    let (_, vin) = owner_with_car(&app, 5).await;
    let owner = owner_id(&app, &vin).await;
    for days in [100, 900] {
        sqlx::query(
            "INSERT INTO service_records (vin, source, performed_on, mileage_km, work, garage_name, dealer_id, created_at)
             VALUES ($1, 'dealer', $2, 10000, 'Service', 'Meridian', $3, 0)",
        )
        .bind(&vin)
        .bind((now - Duration::days(days)).date_naive().to_string())
        .bind(dealer)
        .execute(app.db.pool())
        .await
        .expect("a register record");
    }
    scores::refresh(&app.db, now).await.expect("refresh");
    let score = score_of(&app, owner).await;
    assert_eq!(score.rfm.visits, 1, "only the visit within 24 months is frequency");
    assert!(score.rfm.days_since_visit.is_some_and(|d| (99..=100).contains(&d)), "{:?}", score.rfm);
    assert_eq!(score.reasons(), [], "serviced 100 days ago: no reason to fear");
}

on_both_engines!(
    every_owner_gets_a_class_against_the_averages_and_the_reasons_behind_a_risk,
    the_registers_dealer_history_counts_as_visits,
);
