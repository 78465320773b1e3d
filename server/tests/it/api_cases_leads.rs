//! Cases and leads from the call centre and other systems through `/api/v1`:
//! each acts as the named agent, by the console's and the board's own rules,
//! and a dealer's key reaches only its own staff and leads.

use crate::api_register::key;
use crate::helpers::{self, Engine, TestApp};
use pitlane::account::Role;
use serde_json::{json, Value};

async fn post(app: &TestApp, key: &str, path: &str, body: &Value) -> reqwest::Response {
    helpers::client().post(app.url(path)).bearer_auth(key).json(body).send().await.expect("answered")
}

async fn first_error(answer: reqwest::Response) -> (u16, String, String) {
    let status = answer.status().as_u16();
    let problem: Value = answer.json().await.expect("a problem");
    let field = problem["errors"][0]["field"].as_str().unwrap_or_default().to_owned();
    let code = problem["errors"][0]["code"].as_str().unwrap_or_default().to_owned();
    (status, field, code)
}

async fn a_call_centre_case_is_opened_answered_and_resolved_as_its_agent(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("API1").await;
    app.owner("13900000831", "Caller").await;
    app.signed_in_as(Role::CareAgent, None, "care.api@example.cn").await;
    let cti = key(&app, "cases:write", None).await;
    let call = json!({
        "owner_mobile": "13900000831", "agent": "care.api@example.cn", "channel": "phone",
        "kind": "complaint", "category": "dealer_service",
        "title": "Car returned dirty", "description": "After the service the seats were dirty.",
    });

    let opened = post(&app, &cti, "/api/v1/cases", &call).await;
    assert_eq!(opened.status(), 201);
    let id = opened.json::<Value>().await.expect("json")["id"].as_i64().expect("an id");
    let channel = app.count(&format!("SELECT COUNT(*) FROM cases WHERE id = {id} AND channel = 'phone'")).await;
    assert_eq!(channel, 1, "recorded as the call it was");
    let told: Vec<String> = app.told("13900000831").await.into_iter().map(|(kind, _)| kind).collect();
    assert!(told.contains(&"case_opened".to_owned()), "the owner follows it in the portal: {told:?}");

    let reply = json!({ "agent": "care.api@example.cn", "body": "We are sorry; the dealer will call you today." });
    let answered = post(&app, &cti, &format!("/api/v1/cases/{id}/messages"), &reply).await;
    assert_eq!(answered.status(), 201);
    assert_eq!(answered.json::<Value>().await.expect("json")["status"], "acknowledged", "the first reply acknowledges");

    let status = format!("/api/v1/cases/{id}/status");
    let bare = json!({ "agent": "care.api@example.cn", "action": "resolve" });
    assert_eq!(first_error(post(&app, &cti, &status, &bare).await).await, (422, "note".into(), "required".into()));
    let resolve = json!({ "agent": "care.api@example.cn", "action": "resolve", "note": "Valeting redone free." });
    let resolved = post(&app, &cti, &status, &resolve).await;
    assert_eq!(resolved.status(), 200);
    assert_eq!(resolved.json::<Value>().await.expect("json")["status"], "resolved");
    let start = json!({ "agent": "care.api@example.cn", "action": "start" });
    let refused = post(&app, &cti, &status, &start).await;
    assert_eq!(refused.status(), 409, "the console's transitions: not from resolved");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");

    let mut stranger = call.clone();
    stranger["owner_mobile"] = json!("13900000839");
    assert_eq!(
        first_error(post(&app, &cti, "/api/v1/cases", &stranger).await).await,
        (422, "owner_mobile".into(), "no_account".into())
    );
    let mut not_staff = call.clone();
    not_staff["agent"] = json!("nobody@example.cn");
    assert_eq!(
        first_error(post(&app, &cti, "/api/v1/cases", &not_staff).await).await,
        (422, "agent".into(), "not_staff".into())
    );
    let dealers = key(&app, "cases:write", Some(dealer)).await;
    assert_eq!(
        post(&app, &dealers, "/api/v1/cases", &call).await.status(),
        403,
        "a brand agent through a dealer's key"
    );
    let nowhere = post(&app, &cti, "/api/v1/cases/999999/messages", &reply).await;
    assert_eq!(nowhere.status(), 404);
}

async fn a_lead_from_another_system_is_deduplicated_by_mobile_and_worked_as_its_handler(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("API1").await;
    let other = app.dealer("API2").await;
    app.test_model().await;
    app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.api1@example.cn").await;
    app.signed_in_as(Role::LeadHandler, Some(other), "leads.api2@example.cn").await;
    let crm = key(&app, "leads:write,leads:read", Some(dealer)).await;
    let lead = json!({
        "name": "王女士", "mobile": "13912345678", "city": "上海", "model": "TST", "dealer": "API1",
        "part_of_day": "evening", "source": "campaign",
    });

    let made = post(&app, &crm, "/api/v1/leads", &lead).await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    let id = made["id"].as_i64().expect("an id");
    assert_eq!((made["stage"].as_str(), made["source"].as_str()), (Some("new"), Some("campaign")));
    let again = post(&app, &crm, "/api/v1/leads", &lead).await;
    assert_eq!(again.status(), 200, "the mobile's open lead takes it");
    let again: Value = again.json().await.expect("json");
    assert_eq!((again["id"].as_i64(), again["repeated"].as_bool()), (Some(id), Some(true)));
    assert_eq!(app.count("SELECT COUNT(*) FROM leads WHERE mobile = '13912345678'").await, 1, "one prospect, one lead");

    let mut friend = lead.clone();
    friend["source"] = json!("friend");
    assert_eq!(
        first_error(post(&app, &crm, "/api/v1/leads", &friend).await).await,
        (422, "source".into(), "unknown".into())
    );
    let mut elsewhere = lead.clone();
    elsewhere["dealer"] = json!("API2");
    assert_eq!(post(&app, &crm, "/api/v1/leads", &elsewhere).await.status(), 403, "another dealer's floor");
    let their_crm = key(&app, "leads:write", Some(other)).await;
    let open_elsewhere = post(&app, &their_crm, "/api/v1/leads", &elsewhere).await;
    assert_eq!(open_elsewhere.status(), 409, "the prospect's open lead is the first dealer's");
    let problem: Value = open_elsewhere.json().await.expect("a problem");
    assert!(problem.get("id").is_none() && problem.get("stage").is_none(), "nothing of it shown: {problem}");

    let stage = format!("/api/v1/leads/{id}/stage");
    let contact = json!({ "agent": "leads.api1@example.cn", "step": "contact", "note": "Called back" });
    let contacted = post(&app, &crm, &stage, &contact).await;
    assert_eq!(contacted.status(), 200);
    assert_eq!(contacted.json::<Value>().await.expect("json")["stage"], "contacted");
    let win_early = json!({ "agent": "leads.api1@example.cn", "step": "win", "vin": crate::api_register::vin(70) });
    assert!(post(&app, &crm, &stage, &win_early).await.status().is_client_error(), "a car not in the dealer's stock");
    let lose = json!({ "agent": "leads.api1@example.cn", "step": "lose", "reason": "price" });
    let lost = post(&app, &crm, &stage, &lose).await;
    assert_eq!(lost.status(), 200);
    let read = helpers::client()
        .get(app.url(&format!("/api/v1/leads/{id}")))
        .bearer_auth(&crm)
        .send()
        .await
        .expect("answered");
    let read: Value = read.json().await.expect("json");
    assert_eq!((read["stage"].as_str(), read["lost_reason"].as_str()), (Some("lost"), Some("price")));
    let again = post(&app, &crm, &stage, &contact).await;
    assert_eq!(again.status(), 409, "a lost lead moves no more");

    let theirs = json!({ "agent": "leads.api2@example.cn", "step": "contact" });
    assert_eq!(post(&app, &crm, &stage, &theirs).await.status(), 403, "another dealer's handler");
    let other_key = key(&app, "leads:read", Some(other)).await;
    let peek = helpers::client()
        .get(app.url(&format!("/api/v1/leads/{id}")))
        .bearer_auth(other_key)
        .send()
        .await
        .expect("answered");
    assert_eq!(peek.status(), 403);
}

on_both_engines!(
    a_call_centre_case_is_opened_answered_and_resolved_as_its_agent,
    a_lead_from_another_system_is_deduplicated_by_mobile_and_worked_as_its_handler,
);
