//! The call centre's screen pop through `/api/v1/callers/{mobile}`: the owner
//! with their tier, cars and open cases and a link to their staff page; an
//! unknown number is 404 with where to record the caller; a dealer's key finds
//! only owners its dealer has a relation with.

use crate::api_register::{car, get_json, key, put, vin};
use crate::helpers::{self, Engine};
use serde_json::Value;

async fn a_known_caller_pops_up_with_cars_and_open_cases_and_a_stranger_does_not(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let own = app.dealer("API1").await;
    let other = app.dealer("API2").await;
    app.test_model().await;
    let writer = key(&app, "vehicles:write", None).await;
    let brand = key(&app, "callers:read", None).await;
    let owner = app.owner("13900000901", "Caller Owner").await;
    let sold = vin(1);
    assert_eq!(put(&app, &writer, &sold, &car(&app, &sold, "API1", Some("13900000901"))).await.status(), 201);
    let fields: Vec<(&str, String)> = helpers::complaint("Rattle in the dashboard");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.post_files(&owner, "open_case", &fields, "photos", Vec::new()).await.status(), 200);

    let found = get_json(&app, Some(&brand), "/api/v1/callers/+86%20139%200000%200901").await;
    assert_eq!((found["name"].as_str(), found["tier"].as_str()), (Some("Caller Owner"), Some("silver")));
    assert_eq!(found["cars"][0]["vin"], sold);
    assert_eq!(found["open_cases"][0]["title"], "Rattle in the dashboard");
    assert_eq!(found["open_cases"][0]["status"], "submitted");
    let page = format!("{}/staff/owners/{}", helpers::ORIGIN, found["owner"]);
    assert_eq!(found["staff_page"], page);

    // The dealer that sold the car knows the owner, but not a case filed with no dealer; another dealer knows nobody.
    let selling =
        get_json(&app, Some(&key(&app, "callers:read", Some(own)).await), "/api/v1/callers/13900000901").await;
    assert_eq!(
        (selling["name"].as_str(), selling["open_cases"].as_array().map(Vec::len)),
        (Some("Caller Owner"), Some(0))
    );
    let stranger_key = key(&app, "callers:read", Some(other)).await;
    let elsewhere = helpers::client()
        .get(app.url("/api/v1/callers/13900000901"))
        .bearer_auth(&stranger_key)
        .send()
        .await
        .expect("answered");
    assert_eq!(elsewhere.status(), 404, "as if unknown: a dealer learns nothing of another's customers");

    let unknown = helpers::client()
        .get(app.url("/api/v1/callers/13900000999"))
        .bearer_auth(&brand)
        .send()
        .await
        .expect("answered");
    assert_eq!(unknown.status(), 404);
    let problem: Value = unknown.json().await.expect("a problem");
    let record = format!("{}/staff/customers?q=13900000999", helpers::ORIGIN);
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains(&record)), "{problem}");
    let bad =
        helpers::client().get(app.url("/api/v1/callers/12345")).bearer_auth(&brand).send().await.expect("answered");
    assert_eq!(bad.status(), 422);
}

on_both_engines!(a_known_caller_pops_up_with_cars_and_open_cases_and_a_stranger_does_not);
