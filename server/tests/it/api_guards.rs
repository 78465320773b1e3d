//! What every `/api/v1` endpoint checks before it works: the scope (every
//! endpoint in the table, refused before its body is read), the dealer a key
//! is bound to, and `Idempotency-Key` (a replay answers the first answer, the
//! same key with another body is refused, parallel duplicates run once). The
//! OpenAPI document names every endpoint with the scope the router enforces.

use crate::api_register::{car, get_json, key, put, vin};
use crate::helpers::{self, Engine};
use axum::http::Method;
use pitlane::integration::Scope;
use serde_json::{json, Value};

/// A path of the table with sample values in its parameters.
fn sample(path: &str) -> String {
    path.replace("{vin}", &vin(9))
        .replace("{mobile}", "13900000999")
        .replace("{code}", "R-NONE")
        .replace("{id}", "999999")
        .replace("{delivery}", "999999")
}

async fn every_endpoint_refuses_a_key_without_its_scope_before_reading_the_body(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let table = server::api::table();
    assert!(table.len() >= 4, "the table lists the endpoints");
    for endpoint in table.iter() {
        let url = app.url(&sample(endpoint.path));
        let call = |key: Option<String>| {
            let mut request =
                helpers::client().request(endpoint.method.clone(), &url).header("content-type", "application/json");
            if let Some(key) = key {
                request = request.bearer_auth(key);
            }
            // Not JSON at all: a refusal that comes first never reads it.
            request.body("{not json").send()
        };
        let anonymous = call(None).await.expect("answered");
        assert_eq!(anonymous.status(), 401, "{} {} without a key", endpoint.method, endpoint.path);
        let Some(scope) = endpoint.scope else { continue };
        let others: Vec<&str> = Scope::ALL.iter().filter(|s| **s != scope).map(|s| s.as_str()).collect();
        let without = key(&app, &others.join(","), None).await;
        let answer = call(Some(without)).await.expect("answered");
        assert_eq!(answer.status(), 403, "{} {} without {}", endpoint.method, endpoint.path, scope.as_str());
        let problem: Value = answer.json().await.expect("a problem");
        assert_eq!(problem["type"], "/api/v1/problems/forbidden");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains(scope.as_str())), "{problem}");
        let with = key(&app, scope.as_str(), None).await;
        let answer = call(Some(with)).await.expect("answered");
        assert_ne!(answer.status(), 403, "{} {} with {}", endpoint.method, endpoint.path, scope.as_str());
        if !answer.status().is_success() {
            assert_eq!(
                answer.headers()["content-type"],
                "application/problem+json",
                "{} {}",
                endpoint.method,
                endpoint.path
            );
        }
    }
    let unknown =
        helpers::client().get(app.url("/api/v1/nothing-here")).bearer_auth(key(&app, "vehicles:read", None).await);
    let answer = unknown.send().await.expect("answered");
    assert_eq!(answer.status(), 404);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
}

async fn the_openapi_document_names_every_endpoint_with_the_scope_the_router_enforces(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let document = get_json(&app, None, "/api/v1/openapi.json").await;
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "OpenAPI 3.1");
    assert_eq!(document["components"]["securitySchemes"]["key"]["scheme"], "bearer");
    let page = helpers::client().get(app.url("/api/v1/docs")).send().await.expect("answered");
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("html");
    for endpoint in server::api::table() {
        let method = endpoint.method.as_str().to_ascii_lowercase();
        let operation = &document["paths"][endpoint.path][&method];
        assert!(operation.is_object(), "{} {} is documented", endpoint.method, endpoint.path);
        let documented: Vec<&str> = operation["security"][0]["key"]
            .as_array()
            .map(|scopes| scopes.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let enforced: Vec<&str> = endpoint.scope.iter().map(|s| s.as_str()).collect();
        assert_eq!(documented, enforced, "{} {}", endpoint.method, endpoint.path);
        assert!(page.contains(&format!("{} {}", endpoint.method, endpoint.path)), "the page shows {}", endpoint.path);
    }
    let style = helpers::client().get(app.url("/api/v1/docs.css")).send().await.expect("answered");
    assert_eq!(style.headers()["content-type"], "text/css");
}

async fn a_dealers_key_reaches_only_its_own_dealers_cars(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let own = app.dealer("API1").await;
    app.dealer("API2").await;
    app.test_model().await;
    let brand = key(&app, "vehicles:write,vehicles:read", None).await;
    let dealers = key(&app, "vehicles:write,vehicles:read", Some(own)).await;
    let (mine, theirs, nobodys) = (vin(1), vin(2), vin(3));

    assert_eq!(put(&app, &dealers, &mine, &car(&app, &mine, "API1", None)).await.status(), 201);
    let elsewhere = put(&app, &dealers, &theirs, &car(&app, &theirs, "API2", None)).await;
    assert_eq!(elsewhere.status(), 403, "a line naming another dealer");
    let mut no_dealer = car(&app, &nobodys, "API1", None);
    no_dealer["dealer"] = Value::Null;
    assert_eq!(put(&app, &dealers, &nobodys, &no_dealer).await.status(), 403, "a line naming no dealer");

    assert_eq!(put(&app, &brand, &theirs, &car(&app, &theirs, "API2", None)).await.status(), 201);
    let taken = put(&app, &dealers, &theirs, &car(&app, &theirs, "API1", None)).await;
    assert_eq!(taken.status(), 403, "a car another dealer holds cannot be moved by this dealer's key");
    let read = |vin: String| {
        let key = dealers.clone();
        let url = app.url(&format!("/api/v1/vehicles/{vin}"));
        async move { helpers::client().get(url).bearer_auth(key).send().await.expect("answered").status() }
    };
    assert_eq!(read(mine.clone()).await, 200);
    assert_eq!(read(theirs.clone()).await, 403);
    let held: Option<i64> = sqlx::query_scalar("SELECT selling_dealer_id FROM vehicles WHERE vin = $1")
        .bind(&theirs)
        .fetch_one(app.db.pool())
        .await
        .expect("the car");
    assert_ne!(held, Some(own), "still the other dealer's");
}

async fn a_retried_write_is_answered_once_and_a_reused_key_is_refused(engine: Engine) {
    let app = helpers::spawn(engine).await;
    app.dealer("API1").await;
    app.test_model().await;
    let key = key(&app, "vehicles:write", None).await;
    let send = |method: Method, path: String, idempotency: &'static str, body: Value| {
        let request = helpers::client()
            .request(method, app.url(&path))
            .bearer_auth(&key)
            .header("idempotency-key", idempotency)
            .json(&body);
        async move { request.send().await.expect("answered") }
    };
    let first = vin(1);
    let body = car(&app, &first, "API1", Some("13900000501"));
    let path = format!("/api/v1/vehicles/{first}");

    let answer = send(Method::PUT, path.clone(), "order-1", body.clone()).await;
    assert_eq!(answer.status(), 201);
    assert!(answer.headers().get("idempotent-replayed").is_none());
    let original: Value = answer.json().await.expect("json");
    let replay = send(Method::PUT, path.clone(), "order-1", body.clone()).await;
    assert_eq!(replay.status(), 201, "the first answer, status and all");
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.expect("json"), original);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000501'").await, 1, "one invitation");

    let mut other = body.clone();
    other["model_year"] = json!(2025);
    let reused = send(Method::PUT, path.clone(), "order-1", other).await;
    assert_eq!(reused.status(), 422);
    let problem: Value = reused.json().await.expect("a problem");
    assert_eq!(problem["type"], "/api/v1/problems/idempotency_key_reused");
    let fresh = send(Method::PUT, path.clone(), "order-2", body.clone()).await;
    assert_eq!(fresh.status(), 200, "a new key runs the request: it finds the car unchanged");
    let bad = send(Method::PUT, path.clone(), "two words", body.clone()).await;
    assert_eq!(bad.status(), 400, "a key with a space");

    // The same batch sent eight times at once with one key runs once.
    let batch = json!({ "vehicles": (10..20).map(|n| car(&app, &vin(n), "API1", Some(&format!("139000006{n:02}")))).collect::<Vec<_>>() });
    let sends = (0..8).map(|_| send(Method::POST, "/api/v1/vehicles:batch".into(), "batch-7", batch.clone()));
    let answers = futures::future::join_all(sends).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "answered or asked to wait: {statuses:?}");
    assert!(statuses.contains(&200));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE '139000006%'").await,
        10,
        "each buyer invited once"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM api_idempotency WHERE idem_key = 'batch-7'").await, 1);
    let after = send(Method::POST, "/api/v1/vehicles:batch".into(), "batch-7", batch).await;
    assert_eq!(after.status(), 200);
    assert_eq!(after.headers()["idempotent-replayed"], "true");
}

async fn a_key_past_its_rate_is_asked_to_wait_and_other_keys_are_not(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let busy = key(&app, "vehicles:read", None).await;
    let calls = (0..200).map(|_| helpers::client().get(app.url("/api/v1/key")).bearer_auth(&busy).send());
    let answers: Vec<reqwest::Response> =
        futures::future::join_all(calls).await.into_iter().map(|a| a.expect("answered")).collect();
    let refused: Vec<&reqwest::Response> = answers.iter().filter(|a| a.status() == 429).collect();
    assert!(!refused.is_empty(), "200 calls at once are more than a key's burst");
    assert!(answers.iter().filter(|a| a.status() == 200).count() >= 100, "the burst itself is answered");
    let retry: u64 =
        refused[0].headers()["retry-after"].to_str().ok().and_then(|s| s.parse().ok()).expect("Retry-After");
    assert!((1..=10).contains(&retry), "{retry}");
    let other = key(&app, "vehicles:read", None).await;
    let answer = helpers::client().get(app.url("/api/v1/key")).bearer_auth(&other).send().await.expect("answered");
    assert_eq!(answer.status(), 200, "another key has its own allowance");
    let last = answers.into_iter().find(|a| a.status() == 429).expect("a refusal");
    let problem: Value = last.json().await.expect("a problem");
    assert_eq!(problem["type"], "/api/v1/problems/rate_limited");
}

on_both_engines!(
    every_endpoint_refuses_a_key_without_its_scope_before_reading_the_body,
    the_openapi_document_names_every_endpoint_with_the_scope_the_router_enforces,
    a_dealers_key_reaches_only_its_own_dealers_cars,
    a_retried_write_is_answered_once_and_a_reused_key_is_refused,
    a_key_past_its_rate_is_asked_to_wait_and_other_keys_are_not,
);
