//! The sold-vehicle register through `/api/v1`: a car pushed with its sale
//! lands in the garage of the account that verified the buyer's mobile (no
//! second customer), an unknown buyer is invited by text, a batch is written
//! whole or not at all, and 10,000 cars go in one call.

use crate::helpers::{self, Engine, TestApp};
use pitlane::integration::{store, KeyName, Scopes};
use pitlane::types::Vin;
use pitlane::Clock;
use serde_json::{json, Value};

pub fn vin(serial: u32) -> String {
    Vin::with_check_digit(&format!("LMVAPK00XR{serial:07}")).expect("a test VIN").to_string()
}

/// A key with `scopes`, bound to `dealer` or brand-wide; its secret.
pub async fn key(app: &TestApp, scopes: &str, dealer: Option<i64>) -> String {
    let new = store::NewKey {
        name: KeyName::parse("DMS").expect("name"),
        scopes: Scopes::parse(scopes).expect("scopes"),
        dealer,
        by: None,
    };
    let (_, secret) = store::create(&app.db, app.clock.now(), new).await.expect("a key");
    secret.expose().to_owned()
}

/// A day `days` before the app's today, as the API takes it.
pub fn day(app: &TestApp, days: i64) -> String {
    (pitlane::zone::local_date(pitlane::zone::CHINA, app.clock.now()) - chrono::Duration::days(days)).to_string()
}

/// A line of the register: a TST car held by `dealer`, sold to `buyer` when given.
pub fn car(app: &TestApp, vin: &str, dealer: &str, buyer: Option<&str>) -> Value {
    let mut line = json!({
        "vin": vin, "model": "TST", "model_year": 2026, "production_date": day(app, 60), "dealer": dealer,
    });
    if let Some(buyer) = buyer {
        line["sale"] = json!({ "date": day(app, 2), "buyer_mobile": buyer });
    }
    line
}

/// A GET's JSON answer, with a key or without one.
pub async fn get_json(app: &TestApp, key: Option<&str>, path: &str) -> Value {
    let mut request = helpers::client().get(app.url(path));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.expect("answered").json().await.expect("json")
}

pub async fn put(app: &TestApp, key: &str, vin: &str, body: &Value) -> reqwest::Response {
    helpers::client()
        .put(app.url(&format!("/api/v1/vehicles/{vin}")))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("answered")
}

async fn a_car_pushed_with_its_sale_lands_in_the_verified_buyers_garage_and_nobody_is_made_twice(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let key = key(&app, "vehicles:write,vehicles:read", None).await;
    let buyer = app.owner("13900000301", "Known Buyer").await;
    let (first, second) = (vin(1), vin(2));

    let answer = put(&app, &key, &first, &car(&app, &first, "API1", Some("139 0000 0301"))).await;
    assert_eq!(answer.status(), 201);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body, json!({ "vin": first, "change": "created", "buyer": "in_garage" }));
    let garage = app.get(&buyer, "/me/garage").await.text().await.expect("the garage");
    assert!(garage.contains(&first), "the car is in the buyer's garage");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE mobile = '13900000301'").await, 1, "one customer");
    assert!(app.told("13900000301").await.iter().any(|(kind, _)| kind == "car_delivered"), "told in the portal");

    let again = put(&app, &key, &first, &car(&app, &first, "API1", Some("13900000301"))).await;
    assert_eq!(again.status(), 200, "the same sale again");
    let body: Value = again.json().await.expect("json");
    assert_eq!((body["change"].as_str(), body["buyer"].as_str()), (Some("unchanged"), Some("unchanged")));

    let read = get_json(&app, Some(&key), &format!("/api/v1/vehicles/{first}")).await;
    assert_eq!((read["model"].as_str(), read["dealer"].as_str()), (Some("TST"), Some("API1")));
    assert_eq!(
        (read["sale"]["buyer_mobile"].as_str(), read["in_a_garage"].as_bool()),
        (Some("13900000301"), Some(true))
    );

    // Someone else's mobile for a car that has an owner: refused, nothing changed.
    let taken = put(&app, &key, &first, &car(&app, &first, "API1", Some("13900000399"))).await;
    assert_eq!(taken.status(), 409);
    let problem: Value = taken.json().await.expect("a problem");
    assert_eq!(problem["type"], "/api/v1/problems/owned_by_another");
    let kept = format!("SELECT COUNT(*) FROM vehicles WHERE vin = '{first}' AND registered_mobile = '13900000301'");
    assert_eq!(app.count(&kept).await, 1);

    // A buyer with no account is invited by text, and no account is made for them.
    let answer = put(&app, &key, &second, &car(&app, &second, "API1", Some("13900000302"))).await;
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["buyer"], "invited");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE mobile = '13900000302'").await, 0);
    let texts: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = '13900000302'")
        .fetch_all(app.db.pool())
        .await
        .expect("texts");
    assert_eq!(texts.len(), 1, "one invitation: {texts:?}");
    assert!(texts[0].contains(&second) && texts[0].contains(&format!("{}/register", helpers::ORIGIN)), "{}", texts[0]);
    // Signing up with that mobile and adding the VIN finds the car at once.
    let newcomer = app.owner("13900000302", "New Buyer").await;
    assert_eq!(app.call(&newcomer, "claim_car", &[("vin", &second)]).await.status(), 200);
    let owned = format!(
        "SELECT COUNT(*) FROM ownerships o JOIN users u ON u.id = o.owner_id
         WHERE o.vin = '{second}' AND o.ended_at IS NULL AND u.mobile = '13900000302'"
    );
    assert_eq!(app.count(&owned).await, 1);
}

async fn a_refused_line_names_its_field_and_nothing_of_the_call_is_written(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let key = key(&app, "vehicles:write", None).await;
    let post =
        |body: Value| helpers::client().post(app.url("/api/v1/vehicles:batch")).bearer_auth(&key).json(&body).send();

    let mut bad_vin = car(&app, "LMVAPK00XR000000O", "API1", None);
    bad_vin["model_year"] = json!(1990);
    let lines = json!({ "vehicles": [
        car(&app, &vin(1), "API1", None),
        car(&app, &vin(2), "API1", Some("12345")),
        bad_vin,
        car(&app, &vin(1), "API1", None),
        car(&app, &vin(4), "XX99", None),
    ]});
    let answer = post(lines).await.expect("answered");
    assert_eq!(answer.status(), 422);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
    let problem: Value = answer.json().await.expect("a problem");
    let named: Vec<(String, String)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (e["field"].as_str().unwrap_or_default().to_owned(), e["code"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let expected = [
        ("vehicles[1].sale.buyer_mobile", "invalid_mobile"),
        ("vehicles[2].vin", "invalid_vin"),
        ("vehicles[2].model_year", "out_of_range"),
        ("vehicles[3].vin", "duplicate"),
        ("vehicles[4].dealer", "unknown_dealer"),
    ];
    assert_eq!(named, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
    assert_eq!(app.count("SELECT COUNT(*) FROM vehicles").await, 0, "nothing half-written");

    let wrong_shape = post(json!({ "vehicles": [{ "vin": vin(1), "model": "TST", "model_year": "new" }] }));
    let answer = wrong_shape.await.expect("answered");
    assert_eq!(answer.status(), 422);
    let problem: Value = answer.json().await.expect("a problem");
    assert!(problem["errors"][0]["field"].as_str().is_some_and(|f| f.starts_with("vehicles[0]")), "{problem}");
    let none = post(json!({ "vehicles": [] })).await.expect("answered");
    assert_eq!(none.status(), 422);
    let not_json = helpers::client()
        .post(app.url("/api/v1/vehicles:batch"))
        .bearer_auth(&key)
        .header("content-type", "application/json")
        .body("{\"vehicles\": [")
        .send()
        .await
        .expect("answered");
    assert_eq!(not_json.status(), 400);
    let path_vin = put(&app, &key, &vin(5), &car(&app, &vin(6), "API1", None)).await;
    assert_eq!(path_vin.status(), 422, "the body's VIN is the path's");
}

async fn ten_thousand_cars_go_in_one_call(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let key = key(&app, "vehicles:write", None).await;
    app.owner("13900000401", "Known Buyer").await;
    let vehicles: Vec<Value> = (0..10_000u32)
        .map(|n| {
            let buyer = (n % 2 == 0).then(|| format!("1390001{n:04}"));
            car(&app, &vin(n), "API1", if n == 0 { Some("13900000401") } else { buyer.as_deref() })
        })
        .collect();
    let body = json!({ "vehicles": vehicles });
    let started = std::time::Instant::now();
    let answer = helpers::client()
        .post(app.url("/api/v1/vehicles:batch"))
        .bearer_auth(&key)
        .json(&body)
        .send()
        .await
        .expect("answered");
    let took = started.elapsed();
    assert_eq!(answer.status(), 200);
    let result: Value = answer.json().await.expect("json");
    println!("register batch: 10,000 vehicles (5,000 sold) in {} ms on {engine:?}", took.as_millis());
    assert_eq!((result["created"].as_u64(), result["updated"].as_u64()), (Some(10_000), Some(0)));
    assert_eq!(result["results"][0]["buyer"], "in_garage");
    assert_eq!(result["results"][2]["buyer"], "invited");
    assert_eq!(result["results"][1]["buyer"], "unchanged", "stock: no buyer yet");
    assert_eq!(app.count("SELECT COUNT(*) FROM vehicles").await, 10_000);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE '1390001%'").await, 4_999);

    let too_many: Vec<Value> = (0..10_001u32).map(|n| car(&app, &vin(n), "API1", None)).collect();
    let answer = helpers::client()
        .post(app.url("/api/v1/vehicles:batch"))
        .bearer_auth(&key)
        .json(&json!({ "vehicles": too_many }))
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 422, "at most 10,000 a call");
}

async fn a_sale_is_read_back_from_the_event_feed_and_a_dealers_key_sees_its_dealers_events_only(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let own = app.dealer("API1").await;
    let other = app.dealer("API2").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write", None).await;
    let brand = key(&app, "events:read", None).await;
    let dealers = key(&app, "events:read", Some(own)).await;
    let feed = |key: &str, query: &str| {
        let request = helpers::client().get(app.url(&format!("/api/v1/events{query}"))).bearer_auth(key);
        async move {
            let answer = request.send().await.expect("answered");
            assert_eq!(answer.status(), 200);
            answer.json::<Value>().await.expect("json")
        }
    };
    let empty = feed(&brand, "").await;
    assert_eq!((empty["events"].as_array().map(Vec::len), empty["next"].as_str()), (Some(0), Some("0")));

    let (mine, theirs) = (vin(1), vin(2));
    put(&app, &writer, &mine, &car(&app, &mine, "API1", Some("13900000701"))).await;
    put(&app, &writer, &theirs, &car(&app, &theirs, "API2", Some("13900000702"))).await;
    put(&app, &writer, &vin(3), &car(&app, &vin(3), "API1", None)).await;

    let page = feed(&brand, "?limit=1").await;
    let first = &page["events"][0];
    assert_eq!((first["type"].as_str(), first["version"].as_i64()), (Some("vehicle_sold"), Some(1)));
    assert_eq!(first["subject"], format!("vehicle:{mine}"));
    assert_eq!(first["data"]["dealer"], own);
    let next = page["next"].as_str().expect("a cursor").to_owned();
    let rest = feed(&brand, &format!("?after={next}")).await;
    let subjects: Vec<&str> =
        rest["events"].as_array().expect("events").iter().filter_map(|e| e["subject"].as_str()).collect();
    assert_eq!(subjects, [format!("vehicle:{theirs}")], "stock is no sale; each event once");
    let end = rest["next"].as_str().expect("a cursor").to_owned();
    let idle = feed(&brand, &format!("?after={end}")).await;
    assert_eq!((idle["events"].as_array().map(Vec::len), idle["next"].as_str()), (Some(0), Some(end.as_str())));

    let seen = feed(&dealers, "").await;
    let dealers_seen: Vec<i64> =
        seen["events"].as_array().expect("events").iter().filter_map(|e| e["data"]["dealer"].as_i64()).collect();
    assert_eq!(dealers_seen, [own], "not {other}'s");
    let bad =
        helpers::client().get(app.url("/api/v1/events?after=abc")).bearer_auth(&brand).send().await.expect("answered");
    assert_eq!(bad.status(), 422);
}

on_both_engines!(
    a_car_pushed_with_its_sale_lands_in_the_verified_buyers_garage_and_nobody_is_made_twice,
    a_refused_line_names_its_field_and_nothing_of_the_call_is_written,
    ten_thousand_cars_go_in_one_call,
    a_sale_is_read_back_from_the_event_feed_and_a_dealers_key_sees_its_dealers_events_only,
);
