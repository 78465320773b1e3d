//! Purchases at a dealer credited through `/api/v1/loyalty/purchases`: by the
//! yuan under the purchase rule and its caps, once per dealer and reference,
//! to the owner who verified the mobile.

use crate::api_register::key;
use crate::helpers::{self, Engine, TestApp};
use serde_json::{json, Value};

async fn post(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    let url = app.url("/api/v1/loyalty/purchases");
    helpers::client().post(url).bearer_auth(key).json(body).send().await.expect("answered")
}

async fn refusal(answer: reqwest::Response) -> (u16, String) {
    let status = answer.status().as_u16();
    let problem: Value = answer.json().await.expect("a problem");
    let named = problem["errors"][0]["field"].as_str().map(|field| format!("{field} {}", problem["errors"][0]["code"]));
    (status, named.unwrap_or_else(|| problem["type"].as_str().unwrap_or_default().to_owned()))
}

async fn a_purchase_at_a_dealer_earns_points_by_the_yuan_once_per_reference(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("LOY1").await;
    app.dealer("LOY2").await;
    let owner = app.owner("13900000851", "Buyer").await;
    let pos = key(&app, "loyalty:write", Some(dealer)).await;
    let sale = json!({
        "reference": "POS-LOY1-1", "dealer": "LOY1", "owner_mobile": "+86 139 0000 0851",
        "amount": "1,280.50", "description": "Roof rack",
    });

    let first = post(&app, &pos, &sale).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    assert_eq!((first["points"].as_i64(), first["balance"].as_i64()), (Some(1_280), Some(1_280)), "a point a yuan");
    let again = post(&app, &pos, &sale).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("json");
    assert_eq!((again["id"].clone(), again["repeated"].as_bool()), (first["id"].clone(), Some(true)));
    assert_eq!(again["balance"].as_i64(), Some(1_280), "credited once");

    let mut dated = sale.clone();
    dated["purchased_on"] = json!(crate::api_register::day(&app, 1));
    let retried = post(&app, &pos, &dated).await;
    assert_eq!(retried.status(), 200, "a retry that names the day (or crosses midnight) is the same purchase");
    let mut changed = sale.clone();
    changed["amount"] = json!("99");
    assert_eq!(refusal(post(&app, &pos, &changed).await).await.0, 409, "the reference holds another amount");

    // The purchase rule's daily cap is 5,000 points: a second sale that day earns what is left of it.
    let mut big = sale.clone();
    big["reference"] = json!("POS-LOY1-2");
    big["amount"] = json!("8000");
    let capped: Value = post(&app, &pos, &big).await.json().await.expect("json");
    assert_eq!((capped["points"].as_i64(), capped["balance"].as_i64()), (Some(3_720), Some(5_000)));

    let history = app.get(&owner, "/rewards").await.text().await.expect("a page");
    assert!(history.contains("经销商处消费") || history.contains("Purchase at a dealer"), "the owner sees the credit");
    let feed = key(&app, "events:read", Some(dealer)).await;
    let events: Value = helpers::client()
        .get(app.url("/api/v1/events"))
        .bearer_auth(feed)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    let bought = events["events"].as_array().into_iter().flatten().filter(|e| e["type"] == "purchase_made").count();
    assert_eq!(bought, 2, "each purchase is an event for the dealer's systems: {events}");

    let mut elsewhere = sale.clone();
    elsewhere["dealer"] = json!("LOY2");
    assert_eq!(post(&app, &pos, &elsewhere).await.status(), 403, "another dealer's sale through a dealer's key");
    let mut stranger = sale.clone();
    stranger["owner_mobile"] = json!("13900000859");
    assert_eq!(refusal(post(&app, &pos, &stranger).await).await, (422, "owner_mobile \"no_account\"".into()));
    let mut nothing = sale.clone();
    nothing["amount"] = json!("0.00");
    assert_eq!(refusal(post(&app, &pos, &nothing).await).await, (422, "amount \"invalid_amount\"".into()));
    let written = app.count("SELECT COUNT(*) FROM purchases").await;
    assert_eq!(written, 2, "refused purchases write nothing");
}

on_both_engines!(a_purchase_at_a_dealer_earns_points_by_the_yuan_once_per_reference);
