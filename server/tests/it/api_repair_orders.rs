//! Repair orders from a dealer's workshop system through `/api/v1`: the
//! owner sees the visit in the car's history, the odometer never goes back,
//! the campaigns done leave the car, a named booking completes, an order is
//! recorded once per number and earns loyalty once.

use crate::api_register::{car, day, get_json, key, put};
use crate::helpers::booking::{arrive_at, book, open_dealer, service_id, slot};
use crate::helpers::{self, Engine, TestApp};
use pitlane::account::Role;
use serde_json::{json, Value};

fn order(app: &TestApp, number: &str, vin: &str, days_ago: i64, km: i64) -> Value {
    json!({
        "number": number, "vin": vin, "dealer": "API1",
        "opened_on": day(app, days_ago + 1), "closed_on": day(app, days_ago),
        "mileage_km": km, "amount": "565.00", "maintenance": true,
        "lines": [
            { "kind": "labour", "description": "更换机油", "amount": "120" },
            { "kind": "part", "description": "机油滤清器", "part_number": "OF-123", "quantity": 1, "amount": "45.00" }
        ],
    })
}

async fn post(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    helpers::client().post(app.url("/api/v1/repair-orders")).bearer_auth(key).json(body).send().await.expect("answered")
}

/// A car sold through the register to a signed-in owner of `mobile`.
async fn owned_car(app: &TestApp, writer: &str, serial: u32, mobile: &str) -> (reqwest::Client, String) {
    let owner = app.owner(mobile, "Workshop Customer").await;
    let vin = crate::api_register::vin(serial);
    assert_eq!(put(app, writer, &vin, &car(app, &vin, "API1", Some(mobile))).await.status(), 201);
    (owner, vin)
}

async fn a_closed_order_joins_the_owners_history_once_and_the_odometer_never_goes_back(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write,service:write", None).await;
    let (owner, vin) = owned_car(&app, &writer, 1, "13900000801").await;
    let campaign = app.recall_campaign("R-API-1", "Brake hose").await;

    let mut first = order(&app, "RO-1", &vin, 3, 12_034);
    first["campaigns"] = json!(["R-API-1"]);
    let answer = post(&app, &writer, &first).await;
    assert_eq!(answer.status(), 201);
    let body: Value = answer.json().await.expect("json");
    assert_eq!((body["repeated"].as_bool(), body["odometer_moved"].as_bool()), (Some(false), Some(true)));
    let page = app.get(&owner, &format!("/me/garage/{vin}")).await.text().await.expect("the car's page");
    assert!(page.contains("更换机油；机油滤清器"), "the visit is in the car's history");
    assert_eq!(app.count(&format!("SELECT mileage_km FROM vehicles WHERE vin = '{vin}'")).await, 12_034);
    let done = format!("SELECT COUNT(*) FROM campaign_completions WHERE campaign_id = {campaign} AND vin = '{vin}'");
    assert_eq!(app.count(&done).await, 1, "the recall is done");

    let again = post(&app, &writer, &first).await;
    assert_eq!(again.status(), 200);
    let body: Value = again.json().await.expect("json");
    assert_eq!(body["repeated"], true);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM service_records WHERE vin = '{vin}'")).await, 1, "once");

    let backwards = post(&app, &writer, &order(&app, "RO-2", &vin, 1, 11_000)).await;
    assert_eq!(backwards.status(), 422);
    let problem: Value = backwards.json().await.expect("a problem");
    assert_eq!(
        (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
        (Some("mileage_km"), Some("below_recorded"))
    );
    let older = post(&app, &writer, &order(&app, "RO-0", &vin, 30, 9_000)).await;
    assert_eq!(older.status(), 201, "an older visit joins the history");
    assert_eq!(older.json::<Value>().await.expect("json")["odometer_moved"], false);
    assert_eq!(app.count(&format!("SELECT mileage_km FROM vehicles WHERE vin = '{vin}'")).await, 12_034, "kept");

    pitlane::loyalty::store::earn_from_events(&app.db, &*app.clock).await.expect("earning runs");
    pitlane::loyalty::store::earn_from_events(&app.db, &*app.clock).await.expect("earning runs again");
    let earned = "SELECT COUNT(*) FROM loyalty_ledger l JOIN users u ON u.id = l.owner_id
                  WHERE u.mobile = '13900000801' AND l.source LIKE 'repair_order:%'";
    assert_eq!(app.count(earned).await, 2, "each order earns once");

    for (body, field, code) in [
        (order(&app, "RO-3", &crate::api_register::vin(99), 1, 100), "vin", "not_in_register"),
        (
            json!({ "number": "RO-4", "vin": vin, "dealer": "API1", "opened_on": day(&app, 1), "closed_on": day(&app, 1),
                 "mileage_km": 13_000, "amount": "1", "lines": [{ "kind": "labour", "description": "x", "amount": "1" }],
                 "campaigns": ["NOPE"] }),
            "campaigns",
            "unknown_campaign",
        ),
        (
            json!({ "number": "RO-5", "vin": vin, "dealer": "API1", "opened_on": day(&app, 1), "closed_on": day(&app, 1),
                 "mileage_km": 13_000, "amount": "1", "lines": [{ "kind": "labour", "description": "x", "amount": "1" }],
                 "booking": 424242 }),
            "booking",
            "not_found",
        ),
    ] {
        let answer = post(&app, &writer, &body).await;
        assert_eq!(answer.status(), 422, "{field}");
        let problem: Value = answer.json().await.expect("a problem");
        assert_eq!(
            (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
            (Some(field), Some(code))
        );
    }
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM repair_orders WHERE vin = '{vin}'")).await,
        2,
        "nothing half-written"
    );
}

async fn an_order_naming_a_booking_completes_it_and_the_visit_earns_once(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = open_dealer(&app, "API1", 2).await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write,service:write", None).await;
    let (owner, vin) = owned_car(&app, &writer, 2, "13900000802").await;
    let at = slot(&app, 1, 10);
    let service = service_id(&app, "maintenance").await;
    assert_eq!(book(&app, &owner, &vin, dealer, service, at, "ro-booking").await.status(), 200);
    let booking = app.count(&format!("SELECT id FROM bookings WHERE vin = '{vin}'")).await;
    let reader = key(&app, "bookings:read", Some(dealer)).await;
    let visit_day = pitlane::zone::local_date(pitlane::zone::CHINA, at);
    let schedule = format!("/api/v1/bookings?dealer=API1&day={visit_day}");
    let stage = |day: Value| day["bookings"][0]["stage"].as_str().map(str::to_owned);
    let before = get_json(&app, Some(&reader), &schedule).await;
    assert_eq!((before["bookings"][0]["id"].as_i64(), stage(before.clone())), (Some(booking), Some("booked".into())));
    assert_eq!(before["bookings"][0]["owner"]["name"], "Workshop Customer");
    arrive_at(&app, at);

    let mut closed = order(&app, "RO-9", &vin, 0, 5_000);
    closed["booking"] = json!(booking);
    assert_eq!(post(&app, &writer, &closed).await.status(), 201);
    let status: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
        .bind(booking)
        .fetch_one(app.db.pool())
        .await
        .expect("the booking");
    assert_eq!(status, "completed", "checked in and completed from the workshop");
    assert_eq!(stage(get_json(&app, Some(&reader), &schedule).await), Some("completed".into()));
    let facts = format!(
        "SELECT COUNT(*) FROM domain_events WHERE kind = 'service_completed' AND subject = 'booking:{booking}'"
    );
    assert_eq!(app.count(&facts).await, 1, "the visit earns as a booked visit does");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'repair_order_closed'").await,
        0,
        "not twice"
    );

    let mut again = order(&app, "RO-10", &vin, 0, 5_100);
    again["booking"] = json!(booking);
    let answer = post(&app, &writer, &again).await;
    assert_eq!(answer.status(), 409, "a completed booking is not completed twice");

    let elsewhere = key(&app, "service:write", Some(app.dealer("API2").await)).await;
    let answer = post(&app, &elsewhere, &order(&app, "RO-11", &vin, 0, 5_200)).await;
    assert_eq!(answer.status(), 403, "another dealer's key");
    let other_day = helpers::client()
        .get(app.url(&schedule))
        .bearer_auth(key(&app, "bookings:read", Some(app.dealer("API3").await)).await);
    assert_eq!(other_day.send().await.expect("answered").status(), 403, "another dealer's schedule");
}

async fn the_workshop_system_moves_a_visit_along_as_its_advisor(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = open_dealer(&app, "API1", 2).await;
    let other = open_dealer(&app, "API2", 2).await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write", None).await;
    let (owner, vin) = owned_car(&app, &writer, 3, "13900000803").await;
    let at = slot(&app, 1, 10);
    let service = service_id(&app, "maintenance").await;
    assert_eq!(book(&app, &owner, &vin, dealer, service, at, "dms-steps").await.status(), 200);
    let booking = app.count(&format!("SELECT id FROM bookings WHERE vin = '{vin}'")).await;
    app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.api1@example.cn").await;
    app.signed_in_as(Role::ServiceAdvisor, Some(other), "advisor.api2@example.cn").await;
    app.signed_in_as(Role::CareAgent, Some(dealer), "care.api1@example.cn").await;
    let dms = key(&app, "bookings:write", Some(dealer)).await;
    let path = format!("/api/v1/bookings/{booking}/step");
    let step = |step: &str, agent: &str, km: Option<i64>| {
        let body = json!({ "dealer": "API1", "agent": agent, "step": step, "mileage_km": km });
        helpers::client().post(app.url(&path)).bearer_auth(&dms).json(&body).send()
    };
    let refusal = |answer: Value| (answer["errors"][0]["field"].clone(), answer["errors"][0]["code"].clone());
    let early = step("check_in", "advisor.api1@example.cn", Some(12_034)).await.expect("answered");
    assert_eq!(early.status(), 409, "not before the visit's day");
    arrive_at(&app, at);

    let bare = step("check_in", "advisor.api1@example.cn", None).await.expect("answered");
    assert_eq!(refusal(bare.json().await.expect("json")), (json!("mileage_km"), json!("required")));
    let arrived = step("check_in", "advisor.api1@example.cn", Some(12_034)).await.expect("answered");
    assert_eq!(arrived.status(), 200);
    assert_eq!(arrived.json::<Value>().await.expect("json")["stage"], "checked_in");
    let twice = step("check_in", "advisor.api1@example.cn", Some(12_034)).await.expect("answered");
    assert_eq!(twice.status(), 409, "the stage allows it once");
    for (next, stage) in [("start_work", "in_work"), ("ready_for_pickup", "ready_for_pickup")] {
        let moved = step(next, "advisor.api1@example.cn", None).await.expect("answered");
        assert_eq!(moved.json::<Value>().await.expect("json")["stage"], stage);
    }
    let told: Vec<String> = app.told("13900000803").await.into_iter().map(|(_, text)| text).collect();
    assert!(told.iter().any(|t| t.contains("ready for pick-up")), "the owner hears the car is ready: {told:?}");

    let theirs = step("start_work", "advisor.api2@example.cn", None).await.expect("answered");
    assert_eq!(theirs.status(), 403, "another dealer's advisor");
    let care = step("start_work", "care.api1@example.cn", None).await.expect("answered");
    assert_eq!(refusal(care.json().await.expect("json")), (json!("agent"), json!("not_workshop")));
    let unknown = step("wash", "advisor.api1@example.cn", None).await.expect("answered");
    assert_eq!(refusal(unknown.json().await.expect("json")), (json!("step"), json!("unknown")));
}

on_both_engines!(
    a_closed_order_joins_the_owners_history_once_and_the_odometer_never_goes_back,
    an_order_naming_a_booking_completes_it_and_the_visit_earns_once,
    the_workshop_system_moves_a_visit_along_as_its_advisor,
);
