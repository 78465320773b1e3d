//! The event feed tells what happened to bookings, cases, leads, accounts and
//! points, each kind under its subject and in order, whichever door the
//! change came through (the portal or the API); a dealer's key reads only its
//! dealer's part of it.

use crate::api_register::key;
use crate::helpers::booking::{book, open_dealer, owner_with_car, service_id, slot};
use crate::helpers::{self, Engine, TestApp};
use pitlane::account::Role;
use serde_json::{json, Value};

async fn feed(app: &TestApp, key: &str) -> Vec<Value> {
    let answer =
        helpers::client().get(app.url("/api/v1/events?limit=500")).bearer_auth(key).send().await.expect("answered");
    assert_eq!(answer.status(), 200);
    let page: Value = answer.json().await.expect("json");
    page["events"].as_array().cloned().unwrap_or_default()
}

/// The events about `subject`, as (type, data.to).
fn story(events: &[Value], subject: &str) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|e| e["subject"] == subject)
        .map(|e| {
            let kind = e["type"].as_str().unwrap_or_default().to_owned();
            (kind, e["data"]["to"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

async fn post(app: &TestApp, key: &str, path: &str, body: &Value) -> Value {
    let answer = helpers::client().post(app.url(path)).bearer_auth(key).json(body).send().await.expect("answered");
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.expect("json")
}

fn pair(kind: &str, to: &str) -> (String, String) {
    (kind.to_owned(), to.to_owned())
}

async fn bookings_cases_leads_and_points_each_tell_their_story_in_the_feed(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = open_dealer(&app, "EVT1", 2).await;
    let maintenance = service_id(&app, "maintenance").await;
    let (owner, vin) = owner_with_car(&app, 41).await;
    let mobile = "13900007041";
    let booking = book(&app, &owner, &vin, dealer, maintenance, slot(&app, 1, 10), "evt-1").await;
    let booking = booking.text().await.unwrap_or_default();
    let later = slot(&app, 3, 14).timestamp_millis().to_string();
    let moved = app.call(&owner, "reschedule_booking", &[("id", &booking), ("starts_at", &later)]).await;
    assert_eq!(moved.status(), 200);
    assert_eq!(app.call(&owner, "cancel_booking", &[("id", &booking)]).await.status(), 200);

    app.signed_in_as(Role::CareAgent, None, "care.evt@example.cn").await;
    let cti = key(&app, "cases:write,leads:write,loyalty:write", None).await;
    let call = json!({
        "owner_mobile": mobile, "agent": "care.evt@example.cn", "channel": "phone", "kind": "complaint",
        "category": "dealer_service", "title": "Late pickup", "description": "The car was ready two hours late.",
    });
    let case = post(&app, &cti, "/api/v1/cases", &call).await["id"].as_i64().expect("a case");
    let reply = json!({ "agent": "care.evt@example.cn", "body": "We are sorry; the dealer will call you." });
    post(&app, &cti, &format!("/api/v1/cases/{case}/messages"), &reply).await;
    let resolve = json!({ "agent": "care.evt@example.cn", "action": "resolve", "note": "Apologised; a voucher." });
    post(&app, &cti, &format!("/api/v1/cases/{case}/status"), &resolve).await;

    app.test_model().await;
    app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.evt@example.cn").await;
    let prospect = json!({
        "name": "李先生", "mobile": "13912340041", "city": "上海", "model": "TST", "dealer": "EVT1",
        "part_of_day": "morning", "source": "walk_in",
    });
    let lead = post(&app, &cti, "/api/v1/leads", &prospect).await["id"].as_i64().expect("a lead");
    let contact = json!({ "agent": "leads.evt@example.cn", "step": "contact" });
    post(&app, &cti, &format!("/api/v1/leads/{lead}/stage"), &contact).await;
    let sale = json!({
        "reference": "EVT-1", "dealer": "EVT1", "owner_mobile": mobile, "amount": "300", "description": "Floor mats",
    });
    let purchase = post(&app, &cti, "/api/v1/loyalty/purchases", &sale).await["id"].as_i64().expect("a purchase");

    let brand = key(&app, "events:read", None).await;
    let events = feed(&app, &brand).await;
    assert_eq!(
        story(&events, &format!("booking:{booking}")),
        [pair("booking_made", ""), pair("booking_moved", ""), pair("booking_stage_changed", "cancelled")]
    );
    let made = events.iter().find(|e| e["type"] == "booking_made").expect("the booking");
    assert_eq!((made["data"]["vin"].as_str(), made["data"]["dealer"].as_i64()), (Some(vin.as_str()), Some(dealer)));
    assert_eq!(
        story(&events, &format!("case:{case}")),
        [pair("case_opened", ""), pair("case_status_changed", "acknowledged"), pair("case_status_changed", "resolved")]
    );
    let opened = events.iter().find(|e| e["type"] == "case_opened").expect("the case");
    assert_eq!(opened["data"]["channel"], "phone");
    assert_eq!(
        story(&events, &format!("lead:{lead}")),
        [pair("lead_created", ""), pair("lead_stage_changed", "contacted")]
    );
    let owner_id = made["data"]["owner"].as_i64().expect("the owner");
    let points: Vec<&Value> = events.iter().filter(|e| e["subject"] == format!("owner:{owner_id}")).collect();
    assert_eq!(points.first().map(|e| e["type"].clone()), Some(json!("owner_registered")), "first, the account");
    let credited = points.iter().find(|e| e["type"] == "points_credited").expect("points for the purchase");
    assert_eq!(
        (credited["data"]["points"].as_i64(), credited["data"]["source"].as_str()),
        (Some(300), Some(format!("purchase:{purchase}").as_str()))
    );

    let dealers = key(&app, "events:read", Some(dealer)).await;
    let theirs = feed(&app, &dealers).await;
    let kinds: Vec<&str> = theirs.iter().filter_map(|e| e["type"].as_str()).collect();
    assert!(kinds.contains(&"booking_made") && kinds.contains(&"lead_created"), "the dealer's own: {kinds:?}");
    assert!(!kinds.contains(&"owner_registered") && !kinds.contains(&"points_credited"), "not the brand's: {kinds:?}");
}

on_both_engines!(bookings_cases_leads_and_points_each_tell_their_story_in_the_feed);
