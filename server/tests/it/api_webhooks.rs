//! Webhooks through `/api/v1` to a receiver on a local port: every delivery
//! is signed with the subscription's secret, a receiver that fails twice has
//! the event on the third try, a subject's events arrive in order, a
//! redelivery sends again, and an endpoint failing for a day is paused and
//! the admins are told.

use crate::api_register::{car, get_json, key, put, vin};
use crate::helpers::{self, Engine, TestApp};
use axum::http::HeaderMap;
use pitlane::account::Role;
use pitlane::Clock;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a receiver was sent: the signature header and the body.
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A receiver answering 500 to its first `fail` requests, then 204; its URL.
async fn receiver(fail: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let failures = Arc::new(AtomicUsize::new(fail));
    let kept = received.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let (kept, failures) = (kept.clone(), failures.clone());
            async move {
                if failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
                    return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                }
                let signature = headers.get("pitlane-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
                kept.lock().expect("the receiver's log").push((signature.to_owned(), body.to_vec()));
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hooks"), received)
}

async fn subscribe(app: &TestApp, key: &str, url: &str, events: Value) -> Value {
    let answer = helpers::client()
        .post(app.url("/api/v1/webhooks"))
        .bearer_auth(key)
        .json(&json!({ "url": url, "events": events }))
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 201);
    answer.json().await.expect("json")
}

/// One delivery run, then the clock moved past the longest wait.
async fn run(app: &TestApp, http: &reqwest::Client, wait: chrono::Duration) -> usize {
    let sent = server::deliveries::deliver_due(&app.db, &*app.clock, http).await.expect("deliveries run");
    app.clock.advance(wait);
    sent
}

async fn events_arrive_signed_in_order_per_subject_after_failures(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write,events:read", None).await;
    let (url, received) = receiver(2).await;
    let hook = subscribe(&app, &writer, &url, json!(["vehicle_sold"])).await;
    let secret = hook["secret"].as_str().expect("the secret, once").to_owned();
    assert!(secret.starts_with("whsec_") && secret.len() >= 38);

    let (first, second) = (vin(41), vin(42));
    put(&app, &writer, &first, &car(&app, &first, "API1", Some("13900000841"))).await;
    put(&app, &writer, &second, &car(&app, &second, "API1", Some("13900000842"))).await;
    put(&app, &writer, &first, &car(&app, &first, "API1", Some("13900000843"))).await;

    let http = reqwest::Client::new();
    for _ in 0..12 {
        run(&app, &http, chrono::Duration::minutes(2)).await;
    }
    let got = received.lock().expect("the receiver's log").clone();
    let bodies: Vec<Value> = got.iter().map(|(_, body)| serde_json::from_slice(body).expect("JSON")).collect();
    assert_eq!(bodies.len(), 3, "each event once, after two failed tries: {bodies:?}");
    for ((signature, body), event) in got.iter().zip(&bodies) {
        let t =
            signature.strip_prefix("t=").and_then(|rest| rest.split(',').next()).and_then(|t| t.parse::<i64>().ok());
        let at = chrono::DateTime::from_timestamp(t.expect("a timestamp"), 0).expect("a time");
        assert_eq!(signature, &pitlane::integration::webhook::signature(&secret, at, body), "signed with the secret");
        assert_eq!(event["type"], "vehicle_sold");
    }
    let about_first: Vec<i64> = bodies
        .iter()
        .filter(|e| e["subject"] == format!("vehicle:{first}"))
        .filter_map(|e| e["id"].as_str().and_then(|id| id.parse().ok()))
        .collect();
    assert_eq!(about_first.len(), 2);
    assert!(about_first[0] < about_first[1], "a subject's events in order: {about_first:?}");

    let id = hook["id"].as_i64().expect("an id");
    let log = get_json(&app, Some(&writer), &format!("/api/v1/webhooks/{id}/deliveries")).await;
    let log = log.as_array().expect("a list");
    assert!(log.iter().all(|d| d["status"] == "delivered"));
    assert_eq!(
        log.iter().map(|d| d["attempts"].as_i64().unwrap_or(0)).sum::<i64>(),
        5,
        "two failures, three deliveries"
    );
    let delivery = log[0]["id"].as_i64().expect("a delivery");
    let again = helpers::client()
        .post(app.url(&format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver")))
        .bearer_auth(&writer)
        .send()
        .await
        .expect("answered");
    assert_eq!(again.status(), 202);
    run(&app, &http, chrono::Duration::seconds(1)).await;
    assert_eq!(received.lock().expect("the receiver's log").len(), 4, "sent again");

    let other = key(&app, "events:read", None).await;
    let theirs = helpers::client().get(app.url(&format!("/api/v1/webhooks/{id}/deliveries"))).bearer_auth(other);
    assert_eq!(theirs.send().await.expect("answered").status(), 404, "another key's webhook");
    let bad = helpers::client()
        .post(app.url("/api/v1/webhooks"))
        .bearer_auth(&writer)
        .json(&json!({ "url": "ftp://x", "events": ["sold"] }))
        .send()
        .await
        .expect("answered");
    let problem: Value = bad.json().await.expect("a problem");
    assert_eq!(problem["errors"][1]["field"], "events[0]");
}

async fn an_endpoint_failing_for_a_day_is_paused_and_the_admins_are_told(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    app.signed_in_as(Role::Admin, None, "admin.hooks@example.cn").await;
    let writer = key(&app, "vehicles:write,events:read", None).await;
    let (url, received) = receiver(usize::MAX).await;
    let hook = subscribe(&app, &writer, &url, json!([])).await;
    let id = hook["id"].as_i64().expect("an id");
    let sold = vin(51);
    put(&app, &writer, &sold, &car(&app, &sold, "API1", Some("13900000851"))).await;

    let http = reqwest::Client::new();
    let started = app.clock.now();
    while app.clock.now() - started < chrono::Duration::hours(25) {
        run(&app, &http, chrono::Duration::minutes(30)).await;
    }
    let hooks = get_json(&app, Some(&writer), "/api/v1/webhooks").await;
    assert_eq!(hooks[0]["state"], "paused", "{hooks}");
    let admins = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
                  WHERE u.role = 'admin' AND n.kind = 'webhook_paused'";
    assert_eq!(app.count(admins).await, 1, "told once");
    assert!(received.lock().expect("the receiver's log").is_empty());
    let attempts = "SELECT attempts FROM webhook_deliveries";
    let tried = app.count(attempts).await;
    assert!(tried >= 20, "retried through the day: {tried}");
    run(&app, &http, chrono::Duration::hours(2)).await;
    assert_eq!(app.count(attempts).await, tried, "nothing is sent while paused");

    let resumed = helpers::client()
        .post(app.url(&format!("/api/v1/webhooks/{id}/resume")))
        .bearer_auth(&writer)
        .send()
        .await
        .expect("answered");
    assert_eq!(resumed.json::<Value>().await.expect("json")["state"], "active");
    run(&app, &http, chrono::Duration::seconds(1)).await;
    assert_eq!(app.count(attempts).await, tried + 1, "what waited is sent again");
}

on_both_engines!(
    events_arrive_signed_in_order_per_subject_after_failures,
    an_endpoint_failing_for_a_day_is_paused_and_the_admins_are_told,
);
