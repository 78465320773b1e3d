//! Fair use of the workshop: a car has one open booking at a time, an owner at
//! most three, and booking writes are rate-limited per account, on the portal
//! and on the advisor's phone alike.

use crate::helpers;

use chrono::{DateTime, Duration, Utc};
use futures::future::join_all;
use helpers::booking::{arrive_at, book, open_dealer, owner_with_car, service_id, slot, used};
use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;

/// Checks the answer refuses because the car is already booked; returns the
/// booking it points at (null when none is shown).
async fn refused_for_booked_car(response: reqwest::Response) -> serde_json::Value {
    assert_eq!(response.status(), 409);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert!(body["Conflict"].get("CarAlreadyBooked").is_some(), "refused for the booked car: {body}");
    body["Conflict"]["CarAlreadyBooked"]["booking"].clone()
}

/// An advisor's phone booking for the owner with this mobile number.
async fn phone_book(
    app: &TestApp,
    advisor: &reqwest::Client,
    mobile: &str,
    vin: &str,
    service: i64,
    at: DateTime<Utc>,
    key: &str,
) -> reqwest::Response {
    let (service, at) = (service.to_string(), at.timestamp_millis().to_string());
    let form = [
        ("identifier", mobile),
        ("vin", vin),
        ("service_type", &service),
        ("starts_at", &at),
        ("note", ""),
        ("idempotency_key", key),
    ];
    app.call(advisor, "book_for_owner", &form).await
}

/// Another car of the test model, bought by the holder of `mobile` and claimed by `owner` (the same person).
async fn another_car(app: &TestApp, owner: &reqwest::Client, mobile: &str, serial: u32) -> String {
    let vin = app.register_car_sold_to(serial, 100, mobile).await;
    assert_eq!(app.call(owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    vin
}

async fn six_submissions_for_one_car_make_one_booking_and_the_rest_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "SIXB", 6).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 1).await;
    let at = slot(&app, 1, 10);
    let first = book(&app, &owner, &vin, dealer, inspection, at, "six-0").await;
    assert_eq!(first.status(), 200);
    let id = first.text().await.unwrap_or_default();
    let id_number = id.parse::<i64>().expect("the booking's id");
    for n in 1..6 {
        let again = book(&app, &owner, &vin, dealer, inspection, at, &format!("six-{n}")).await;
        assert_eq!(
            refused_for_booked_car(again).await,
            serde_json::Value::from(id_number),
            "the refusal names the owner's open booking"
        );
    }
    let repeat = book(&app, &owner, &vin, dealer, inspection, at, "six-0").await;
    assert_eq!(repeat.status(), 200, "the same submission again still answers with its booking");
    assert_eq!(repeat.text().await.unwrap_or_default(), id);
    let other_day = book(&app, &owner, &vin, dealer, inspection, slot(&app, 2, 10), "six-later").await;
    // Another day is no way round it.
    refused_for_booked_car(other_day).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 1);
    assert_eq!(used(&app, dealer, at).await, 1, "five bays stay free for other owners");

    // Without JavaScript the form comes back with the message and a link to the booking.
    let (dealer_s, service_s, at_s) = (dealer.to_string(), inspection.to_string(), at.timestamp_millis().to_string());
    let fields = [
        ("vin", vin.as_str()),
        ("dealer", &dealer_s),
        ("service_type", &service_s),
        ("starts_at", &at_s),
        ("note", ""),
        ("idempotency_key", "six-form"),
    ];
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_owned(), value.to_owned());
    }
    let posted = owner
        .post(app.url("/api/book_service"))
        .header("accept", "text/html")
        .header("referer", app.url("/service/book"))
        .multipart(form)
        .send()
        .await
        .expect("the server answers");
    let location = posted.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    // The refusal waits in the session, not in the address.
    assert_eq!(location, "/service/book", "back to the form");
    let html = app.get(&owner, &location).await.text().await.unwrap_or_default();
    assert!(
        html.contains("already has an open booking") || html.contains("这辆车已有一个未完成的预约"),
        "the refusal is explained"
    );
    assert!(html.contains(&format!("href=\"/me/bookings/{id}\"")), "and links to the booking");
}

async fn after_cancelling_the_car_can_be_booked_again(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "AGAIN", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 2).await;
    let id = book(&app, &owner, &vin, dealer, inspection, slot(&app, 1, 10), "again-1")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(app.call(&owner, "cancel_booking", &[("id", &id)]).await.status(), 200);
    let rebooked = book(&app, &owner, &vin, dealer, inspection, slot(&app, 2, 11), "again-2").await;
    assert_eq!(rebooked.status(), 200, "a cancelled booking holds nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 2);
}

async fn a_car_at_the_dealer_stays_booked_until_the_visit_is_done(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "VISIT", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 3).await;
    let id = book(&app, &owner, &vin, dealer, inspection, slot(&app, 1, 10), "visit-1")
        .await
        .text()
        .await
        .unwrap_or_default();
    let desk = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.visit@example.com").await;
    arrive_at(&app, slot(&app, 1, 10));
    assert_eq!(app.call(&desk, "check_in_visit", &[("booking", &id), ("mileage", "100")]).await.status(), 200);
    let meanwhile = book(&app, &owner, &vin, dealer, inspection, slot(&app, 3, 10), "visit-2").await;
    // A checked-in car is still in a bay.
    refused_for_booked_car(meanwhile).await;
    let done = [("booking", id.as_str()), ("work", "检测"), ("parts", ""), ("amount", "0"), ("mileage", "110")];
    assert_eq!(app.call(&desk, "complete_visit", &done).await.status(), 200);
    let next = book(&app, &owner, &vin, dealer, inspection, slot(&app, 3, 10), "visit-3").await;
    assert_eq!(next.status(), 200, "once the visit is done the car can be booked again");
}

async fn an_owner_with_four_cars_cannot_hold_a_fourth_open_booking(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "FOUR", 6).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, first) = owner_with_car(&app, 4).await;
    let mut cars = vec![first];
    for serial in 801..804 {
        cars.push(another_car(&app, &owner, "13900007004", serial).await);
    }
    let mut ids = Vec::new();
    for (n, vin) in cars.iter().take(3).enumerate() {
        let at = slot(&app, 1, 9 + u32::try_from(n).unwrap_or(0));
        let response = book(&app, &owner, vin, dealer, inspection, at, &format!("four-{n}")).await;
        assert_eq!(response.status(), 200, "open booking {n}");
        ids.push(response.text().await.unwrap_or_default());
    }
    let fourth = book(&app, &owner, &cars[3], dealer, inspection, slot(&app, 2, 9), "four-3").await;
    assert_eq!(fourth.status(), 409);
    assert!(fourth.text().await.unwrap_or_default().contains("TooManyOpenBookings"));

    // An advisor booking for the owner on the phone is held to the same rules.
    let desk = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.four@example.com").await;
    let by_phone = phone_book(&app, &desk, "13900007004", &cars[3], inspection, slot(&app, 2, 9), "tel-1").await;
    assert_eq!(by_phone.status(), 409);
    assert!(by_phone.text().await.unwrap_or_default().contains("TooManyOpenBookings"));
    let same_car = phone_book(&app, &desk, "13900007004", &cars[0], inspection, slot(&app, 2, 10), "tel-2").await;
    // Nor a second booking of a booked car.
    refused_for_booked_car(same_car).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 3);

    assert_eq!(app.call(&owner, "cancel_booking", &[("id", &ids[0])]).await.status(), 200);
    let by_phone = phone_book(&app, &desk, "13900007004", &cars[3], inspection, slot(&app, 2, 9), "tel-3").await;
    assert_eq!(by_phone.status(), 200, "with one cancelled there is room for the fourth car");
}

async fn twelve_concurrent_submissions_for_one_car_make_exactly_one_booking(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "RUSH", 6).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 5).await;
    let at = slot(&app, 1, 14);
    let attempts = (0..12).map(|n| {
        let (app, owner, vin) = (&app, &owner, &vin);
        async move { book(app, owner, vin, dealer, inspection, at, &format!("rush-{n}")).await }
    });
    let mut won = 0;
    let mut refused = 0;
    for response in join_all(attempts).await {
        match response.status().as_u16() {
            200 => won += 1,
            409 => {
                refused_for_booked_car(response).await;
                refused += 1;
            }
            other => panic!("unexpected status {other}: {}", response.text().await.unwrap_or_default()),
        }
    }
    assert_eq!((won, refused), (1, 11));
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 1);
    assert_eq!(used(&app, dealer, at).await, 1, "the refused ones gave their places back");
}

async fn the_database_itself_refuses_a_second_open_booking_of_a_car(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "GUARD", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 6).await;
    let at = slot(&app, 1, 10);
    assert_eq!(book(&app, &owner, &vin, dealer, inspection, at, "guard-1").await.status(), 200);
    let insert = |status: &'static str, key: &'static str| {
        sqlx::query(
            "INSERT INTO bookings (owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, channel, idempotency_key, created_at)
             SELECT owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, $1, channel, $2, created_at
             FROM bookings WHERE idempotency_key LIKE '%guard-1'",
        )
        .bind(status)
        .bind(key)
        .execute(app.db.pool())
    };
    for open in ["booked", "checked_in"] {
        let twice = insert(open, "guard-twice").await;
        assert!(
            twice.as_ref().is_err_and(pitlane::db::is_unique_violation),
            "a second {open} booking of the car breaks the unique index: {twice:?}"
        );
    }
    assert!(insert("completed", "guard-done").await.is_ok(), "finished bookings do not count");
    assert!(insert("cancelled", "guard-off").await.is_ok());
}

async fn booking_writes_past_the_hourly_limit_answer_429(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "RATE", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 7).await;
    let limit = pitlane::booking::FAIR_USE.booking_writes_per_hour;
    let at = slot(&app, 1, 10);
    for n in 0..limit {
        let status = book(&app, &owner, &vin, dealer, inspection, at, &format!("rate-{n}")).await.status();
        assert!(status == 200 || status == 409, "write {n} is judged on its merits: {status}");
    }
    let over = book(&app, &owner, &vin, dealer, inspection, at, "rate-over").await;
    assert_eq!(over.status(), 429);
    assert!(over.text().await.unwrap_or_default().contains("Throttled"));
    let repeat = book(&app, &owner, &vin, dealer, inspection, at, "rate-0").await;
    assert_eq!(repeat.status(), 200, "repeating the first submission is not a new write");

    let (other, other_vin) = owner_with_car(&app, 8).await;
    let elsewhere = book(&app, &other, &other_vin, dealer, inspection, at, "rate-other").await;
    assert_eq!(elsewhere.status(), 200, "the limit is per account");

    app.clock.advance(Duration::hours(1) + Duration::minutes(1));
    let later = book(&app, &owner, &vin, dealer, inspection, slot(&app, 2, 10), "rate-later").await;
    assert_eq!(later.status(), 409, "an hour on, the owner may write again (and the car is still booked)");
}

on_both_engines!(
    six_submissions_for_one_car_make_one_booking_and_the_rest_are_refused,
    after_cancelling_the_car_can_be_booked_again,
    a_car_at_the_dealer_stays_booked_until_the_visit_is_done,
    an_owner_with_four_cars_cannot_hold_a_fourth_open_booking,
    twelve_concurrent_submissions_for_one_car_make_exactly_one_booking,
    the_database_itself_refuses_a_second_open_booking_of_a_car,
    booking_writes_past_the_hourly_limit_answer_429,
);
