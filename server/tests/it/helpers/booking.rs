//! Booking set-up shared by the booking test files: an open dealer, slots on
//! the test clock, an owner with a car, and the booking form's post.

use super::TestApp;
use chrono::{DateTime, Duration, Utc};
use pitlane::Clock;

/// A dealer open every day 08:00–18:00 Beijing time with `bays` bays.
pub async fn open_dealer(app: &TestApp, code: &str, bays: i64) -> i64 {
    let dealer = app.dealer(code).await;
    sqlx::query("UPDATE dealers SET service_bays = $1 WHERE id = $2")
        .bind(bays)
        .bind(dealer)
        .execute(app.db.pool())
        .await
        .expect("bays");
    for weekday in 1..=7_i64 {
        sqlx::query("INSERT INTO opening_hours (dealer_id, weekday, opens, closes) VALUES ($1, $2, '08:00', '18:00')")
            .bind(dealer)
            .bind(weekday)
            .execute(app.db.pool())
            .await
            .expect("hours");
    }
    dealer
}

/// `days` from the test clock's today, at `hour`:00 Beijing time.
pub fn slot(app: &TestApp, days: i64, hour: u32) -> DateTime<Utc> {
    use pitlane::zone::{instant, local_date, CHINA};
    let day = local_date(CHINA, app.clock.now()) + Duration::days(days);
    instant(CHINA, day, chrono::NaiveTime::from_hms_opt(hour, 0, 0).expect("time")).expect("unambiguous")
}

/// Moves the test clock on to `at`, when a booked visit starts: a car is
/// checked in on its visit's day only (`booking::check_in_open`).
pub fn arrive_at(app: &TestApp, at: DateTime<Utc>) {
    let now = app.clock.now();
    if at > now {
        app.clock.advance(at - now);
    }
}

pub async fn service_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM service_types WHERE code = $1")
        .bind(code)
        .fetch_one(app.db.pool())
        .await
        .expect("service type")
}

/// A signed-in owner with one claimed car.
pub async fn owner_with_car(app: &TestApp, n: u32) -> (reqwest::Client, String) {
    let mobile = format!("1390000{:04}", 7000 + n);
    let vin = app.register_car_sold_to(700 + n, 100, &mobile).await;
    let owner = app.owner(&mobile, &format!("Owner {n}")).await;
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    (owner, vin)
}

pub async fn book(
    app: &TestApp,
    owner: &reqwest::Client,
    vin: &str,
    dealer: i64,
    service: i64,
    at: DateTime<Utc>,
    key: &str,
) -> reqwest::Response {
    let (dealer, service, at) = (dealer.to_string(), service.to_string(), at.timestamp_millis().to_string());
    let fields = [
        ("vin", vin),
        ("dealer", &dealer),
        ("service_type", &service),
        ("starts_at", &at),
        ("note", ""),
        ("idempotency_key", key),
    ];
    app.post_files(owner, "book_service", &fields, "photos", Vec::new()).await
}

pub async fn used(app: &TestApp, dealer: i64, at: DateTime<Utc>) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(used), 0) FROM slot_usage WHERE dealer_id = $1 AND starts_at = $2")
        .bind(dealer)
        .bind(at.timestamp_millis())
        .fetch_one(app.db.pool())
        .await
        .expect("usage")
}
