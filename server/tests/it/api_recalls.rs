//! Recalls the brand issues through `/api/v1`: a campaign by VIN list or by
//! model and build window reaches exactly its cars; owners are told while the
//! parts are awaited and again when they arrive; the fix is bookable only
//! then; a completion clears it from the owner's pages at once and is an
//! event in the feed.

use crate::api_register::{car, day, get_json, key, put, vin};
use crate::helpers::{self, Engine, TestApp};
use serde_json::{json, Value};

fn recall(code: &str) -> Value {
    json!({
        "code": code, "kind": "recall",
        "title_zh": "副驾驶气囊", "title_en": "Passenger airbag",
        "remedy_zh": "更换气囊模块", "remedy_en": "Replace the airbag module",
    })
}

async fn send(app: &TestApp, method: reqwest::Method, key: &str, path: &str, body: &Value) -> reqwest::Response {
    helpers::client().request(method, app.url(path)).bearer_auth(key).json(body).send().await.expect("answered")
}

/// A car of the register sold to a signed-in owner of `mobile`.
async fn owned(app: &TestApp, writer: &str, serial: u32, mobile: &str) -> (reqwest::Client, String) {
    let owner = app.owner(mobile, "Recall Owner").await;
    let vin = vin(serial);
    assert_eq!(put(app, writer, &vin, &car(app, &vin, "API1", Some(mobile))).await.status(), 201);
    (owner, vin)
}

/// The kinds of what `mobile` was told, once the news sent after the answer
/// has had `want` messages of `kind` (or five seconds have passed).
async fn told_kinds(app: &TestApp, mobile: &str, kind: &str, want: usize) -> Vec<String> {
    for _ in 0..50 {
        let kinds: Vec<String> = app.told(mobile).await.into_iter().map(|(kind, _)| kind).collect();
        if kinds.iter().filter(|k| *k == kind).count() >= want {
            return kinds;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.told(mobile).await.into_iter().map(|(kind, _)| kind).collect()
}

async fn a_listed_recall_waits_for_its_parts_then_is_bookable_then_leaves_when_done(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("API1").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write", None).await;
    let brand = key(&app, "recalls:write", None).await;
    let (owner, listed) = owned(&app, &writer, 11, "13900000811").await;
    let (neighbour, unlisted) = owned(&app, &writer, 12, "13900000812").await;

    let mut body = recall("R-LIST-1");
    body["vins"] = json!([listed]);
    let issued = send(&app, reqwest::Method::POST, &brand, "/api/v1/recalls", &body).await;
    assert_eq!(issued.status(), 201);
    let issued: Value = issued.json().await.expect("json");
    assert_eq!((issued["cars"].as_u64(), issued["reach"].as_str()), (Some(1), Some("vins")));
    assert_eq!(issued["parts_available"], false, "parts are to come unless said");

    let told = told_kinds(&app, "13900000811", "campaign_awaiting_parts", 1).await;
    assert!(told.contains(&"campaign_awaiting_parts".to_owned()), "the owner hears of it at once: {told:?}");
    assert!(!told.contains(&"recall".to_owned()), "not yet asked to book: {told:?}");
    let car_page = format!("/me/garage/{listed}");
    let page = app.get(&owner, &car_page).await.text().await.expect("the car's page");
    assert!(page.contains("R-LIST-1") && page.contains("配件到店后我们会通知您预约"), "fix not yet available");
    assert!(!page.contains("recall=1"), "no booking of a fix without parts");
    let other = app.get(&neighbour, &format!("/me/garage/{unlisted}")).await.text().await.expect("page");
    assert!(!other.contains("R-LIST-1"), "a car off the list is not reached");
    let neighbour_told = app.told("13900000812").await;
    assert!(
        !neighbour_told.iter().any(|(kind, _)| kind == "campaign_awaiting_parts" || kind == "recall"),
        "its owner is told nothing of it: {neighbour_told:?}"
    );

    let parts = json!({ "parts_available": true });
    let arrived = send(&app, reqwest::Method::PATCH, &brand, "/api/v1/recalls/R-LIST-1", &parts).await;
    assert_eq!(arrived.status(), 200);
    let told = told_kinds(&app, "13900000811", "recall", 1).await;
    assert!(told.contains(&"recall".to_owned()), "told the parts are in: {told:?}");
    let page = app.get(&owner, &car_page).await.text().await.expect("the car's page");
    assert!(
        page.contains(&format!("/service/book?vin={listed}&amp;recall=1")),
        "the fix can be booked: {}",
        page.split("campaign").nth(1).unwrap_or_default()
    );
    let again = send(&app, reqwest::Method::PATCH, &brand, "/api/v1/recalls/R-LIST-1", &parts).await;
    assert_eq!(again.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let recalls = app.told("13900000811").await.into_iter().filter(|(kind, _)| kind == "recall").count();
    assert_eq!(recalls, 1, "told once");
    let gone = json!({ "parts_available": false });
    assert_eq!(send(&app, reqwest::Method::PATCH, &brand, "/api/v1/recalls/R-LIST-1", &gone).await.status(), 200);
    assert_eq!(send(&app, reqwest::Method::PATCH, &brand, "/api/v1/recalls/R-LIST-1", &parts).await.status(), 200);
    let told = told_kinds(&app, "13900000811", "recall", 2).await;
    assert_eq!(told.iter().filter(|k| *k == "recall").count(), 2, "told again when the parts come back: {told:?}");

    let workshop = key(&app, "recalls:write", Some(dealer)).await;
    let done = json!({ "completed_on": day(&app, 0), "dealer": "API1" });
    let completion = format!("/api/v1/recalls/R-LIST-1/completions/{listed}");
    assert_eq!(send(&app, reqwest::Method::PUT, &workshop, &completion, &done).await.status(), 201);
    let repeated = send(&app, reqwest::Method::PUT, &workshop, &completion, &done).await;
    assert_eq!(repeated.status(), 200);
    assert_eq!(repeated.json::<Value>().await.expect("json")["repeated"], true);
    let page = app.get(&owner, &car_page).await.text().await.expect("the car's page");
    assert!(!page.contains("recall=1") && !page.contains("配件到店后"), "gone from the owner's to-do at once");
    let off_list =
        send(&app, reqwest::Method::PUT, &workshop, &format!("/api/v1/recalls/R-LIST-1/completions/{unlisted}"), &done)
            .await;
    assert_eq!(off_list.status(), 422);
    assert_eq!(off_list.json::<Value>().await.expect("a problem")["errors"][0]["code"], "not_affected");
    let elsewhere = json!({ "completed_on": day(&app, 0), "dealer": "API2" });
    let second = app.dealer("API2").await;
    assert_eq!(send(&app, reqwest::Method::PUT, &workshop, &completion, &elsewhere).await.status(), 403);
    let strangers = key(&app, "recalls:write", Some(second)).await;
    let unknown_car = send(&app, reqwest::Method::PUT, &strangers, &completion, &elsewhere).await;
    assert_eq!(unknown_car.status(), 403, "a dealer that never sold, held or serviced the car");

    let progress = get_json(&app, Some(&brand), "/api/v1/recalls/R-LIST-1").await;
    assert_eq!((progress["cars"].as_u64(), progress["completed"].as_u64()), (Some(1), Some(1)));
    let feed = get_json(&app, Some(&key(&app, "events:read", None).await), "/api/v1/events").await;
    let completed: Vec<&Value> =
        feed["events"].as_array().into_iter().flatten().filter(|e| e["type"] == "recall_completed").collect();
    assert_eq!(completed.len(), 1, "one event for one completion");
    assert_eq!(completed[0]["subject"], format!("vehicle:{listed}"));
    assert_eq!(
        (completed[0]["data"]["campaign"].as_str(), completed[0]["data"]["dealer"].as_i64()),
        (Some("R-LIST-1"), Some(dealer))
    );
}

async fn a_recall_by_model_reaches_its_build_window_and_refuses_what_it_cannot_write(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("API1").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write", None).await;
    let brand = key(&app, "recalls:write", None).await;
    owned(&app, &writer, 21, "13900000821").await;
    owned(&app, &writer, 22, "13900000822").await;
    let issue = |body: Value| {
        let brand = brand.clone();
        let app = &app;
        async move { send(app, reqwest::Method::POST, &brand, "/api/v1/recalls", &body).await }
    };

    let mut window = recall("R-MODEL-1");
    window["models"] = json!(["TST"]);
    window["parts_available"] = json!(true);
    window["produced_from"] = json!(day(&app, 61));
    window["produced_to"] = json!(day(&app, 59));
    let reached = issue(window).await;
    assert_eq!(reached.status(), 201);
    assert_eq!(reached.json::<Value>().await.expect("json")["cars"], 2, "both cars were built in the window");
    let told = told_kinds(&app, "13900000821", "recall", 1).await;
    assert!(told.contains(&"recall".to_owned()), "parts in: told to book at once: {told:?}");

    let mut earlier = recall("R-MODEL-2");
    earlier["models"] = json!(["TST"]);
    earlier["produced_to"] = json!(day(&app, 90));
    let none = issue(earlier).await;
    assert_eq!(none.json::<Value>().await.expect("json")["cars"], 0, "built after the window");

    let mut taken = recall("R-MODEL-1");
    taken["models"] = json!(["TST"]);
    assert_eq!(issue(taken).await.status(), 409);

    let campaigns = app.count("SELECT COUNT(*) FROM campaigns").await;
    let mut unknown = recall("R-LIST-9");
    unknown["vins"] = json!([vin(21), vin(98)]);
    let refused = issue(unknown).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("a problem");
    assert_eq!(
        (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
        (Some("vins[1]"), Some("not_in_register"))
    );
    let mut both = recall("R-BOTH");
    both["vins"] = json!([vin(21)]);
    both["models"] = json!(["TST"]);
    let problem: Value = issue(both).await.json().await.expect("a problem");
    assert_eq!(
        (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
        (Some("models"), Some("conflicting"))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM campaigns").await, campaigns, "nothing refused is written");

    let added =
        send(&app, reqwest::Method::POST, &brand, "/api/v1/recalls/R-MODEL-1/vins", &json!({ "vins": [vin(21)] }))
            .await;
    assert_eq!(added.status(), 422, "a campaign by model has no list");
    let dealers = key(&app, "recalls:write", Some(dealer)).await;
    let mut by_dealer = recall("R-DEALER");
    by_dealer["models"] = json!(["TST"]);
    let answer = send(&app, reqwest::Method::POST, &dealers, "/api/v1/recalls", &by_dealer).await;
    assert_eq!(answer.status(), 403, "only the brand issues recalls");
    let missing =
        helpers::client().get(app.url("/api/v1/recalls/R-NONE")).bearer_auth(&brand).send().await.expect("answered");
    assert_eq!(missing.status(), 404);
}

on_both_engines!(
    a_listed_recall_waits_for_its_parts_then_is_bookable_then_leaves_when_done,
    a_recall_by_model_reaches_its_build_window_and_refuses_what_it_cannot_write,
);
