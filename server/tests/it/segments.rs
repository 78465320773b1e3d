//! Segments and exports (`/staff/segments…`, `/staff/export/…`): every filter
//! field narrows, a bad value is refused naming its field, each desk reaches
//! only its owners (list, count, export, saved segments), the CSV is safe for
//! spreadsheets and holds only what the desk may see, and every export is audited.

use crate::helpers;

use helpers::booking::open_dealer;
use helpers::{client, spawn, Engine, TestApp};
use pitlane::account::Role;
use serde_json::Value;

/// Three owners: A in Shanghai (car sold there, gold, consent, an open
/// recall, important value, visited in March 2026), B in Beijing (car sold
/// there, the recall done, at risk, last seen June 2025), C in Shanghai with
/// no car, no dealings and no score.
struct World {
    shanghai: i64,
    beijing: i64,
    model: i64,
}

const A: &str = "Wang, \"Lucky\" Li";
const B: &str = "=HYPERLINK(1)";
const C: &str = "Chen Carless";
const A_MOBILE: &str = "13900000081";
const B_MOBILE: &str = "13900000082";

async fn user(app: &TestApp, mobile: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1")
        .bind(mobile)
        .fetch_one(app.db.pool())
        .await
        .expect("user id")
}

async fn exec(app: &TestApp, sql: &str, id: i64, text: &str) {
    sqlx::query(sql).bind(id).bind(text).execute(app.db.pool()).await.expect("setting up the segment world");
}

/// The owner's score as the daily job writes it (`customer_scores`).
async fn score(app: &TestApp, owner: i64, rfm: &str, at_risk: i64, last_visit: &str) {
    let day = chrono::NaiveDate::parse_from_str(last_visit, "%Y-%m-%d").expect("a day");
    let at = pitlane::zone::day_start(pitlane::zone::CHINA, day).expect("a start").timestamp_millis() + 3_600_000;
    sqlx::query(
        "INSERT INTO customer_scores (owner_id, computed_at, last_visit_at, visits, spend_fen, rfm_class, has_car,
                                      lowest_satisfaction, lowest_recommend, open_complaints, overdue_complaints, at_risk)
         VALUES ($1, 0, $2, 1, 100000, $3, 1, NULL, NULL, 0, 0, $4)",
    )
    .bind(owner)
    .bind(at)
    .bind(rfm)
    .bind(at_risk)
    .execute(app.db.pool())
    .await
    .expect("a score");
}

async fn owner_with_car_from(app: &TestApp, serial: u32, mobile: &str, name: &str, dealer: i64) -> i64 {
    let vin = app.register_car_sold_to(serial, 100, mobile).await;
    exec(app, "UPDATE vehicles SET selling_dealer_id = $1 WHERE vin = $2", dealer, &vin).await;
    let owner = app.owner(mobile, name).await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let owner = user(app, mobile).await;
    let cars =
        app.count(&format!("SELECT COUNT(*) FROM ownerships WHERE owner_id = {owner} AND ended_at IS NULL")).await;
    assert_eq!(cars, 1, "{name} owns the car");
    owner
}

async fn world(app: &TestApp) -> World {
    let shanghai = open_dealer(app, "SH81", 2).await;
    let beijing = app.dealer("BJ81").await;
    let a = owner_with_car_from(app, 81, A_MOBILE, A, shanghai).await;
    let b = owner_with_car_from(app, 82, B_MOBILE, B, beijing).await;
    app.owner("13900000083", C).await;
    let c = user(app, "13900000083").await;
    for (owner, city) in [(a, "上海"), (b, "北京"), (c, "上海")] {
        exec(app, "UPDATE users SET city = $2 WHERE id = $1", owner, city).await;
    }
    sqlx::query("UPDATE users SET marketing_consent = 1 WHERE id = $1")
        .bind(a)
        .execute(app.db.pool())
        .await
        .expect("A's consent");
    exec(app, "INSERT INTO loyalty_accounts (owner_id, balance, tier, updated_at) VALUES ($1, 0, $2, 0)", a, "gold")
        .await;
    let recall = app.recall_campaign("R81", "Seat belt").await;
    let b_vin: String = sqlx::query_scalar("SELECT vin FROM ownerships WHERE owner_id = $1")
        .bind(b)
        .fetch_one(app.db.pool())
        .await
        .expect("B's car");
    exec(
        app,
        "INSERT INTO campaign_completions (campaign_id, vin, completed_on) VALUES ($1, $2, '2026-02-01')",
        recall,
        &b_vin,
    )
    .await;
    score(app, a, "important_value", 0, "2026-03-01").await;
    score(app, b, "general_retain", 1, "2025-06-01").await;
    World { shanghai, beijing, model: app.test_model().await }
}

async fn listing(app: &TestApp, client: &reqwest::Client, filter: &str) -> Value {
    let answer = app.call(client, "segment_list", &[("filter", filter)]).await;
    assert_eq!(answer.status(), 200, "listing {filter:?}");
    answer.json::<Value>().await.unwrap_or_default()
}

/// The names in a listing, sorted, after checking the count agrees with the rows.
async fn names(app: &TestApp, client: &reqwest::Client, filter: &str) -> Vec<String> {
    let listing = listing(app, client, filter).await;
    let mut names: Vec<String> = listing["members"]
        .as_array()
        .map(|rows| rows.iter().map(|m| m["name"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    assert_eq!(listing["count"].as_i64(), Some(names.len() as i64), "the count of {filter:?} is its rows");
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

async fn csv(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Vec<u8>) {
    let answer = client.get(app.url(path)).send().await.expect("the server answers");
    let status = answer.status().as_u16();
    (status, answer.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
}

async fn each_filter_field_narrows_the_segment(engine: Engine) {
    let app = spawn(engine).await;
    let w = world(&app).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin81@example.com").await;
    let cases: Vec<(String, Vec<&str>)> = vec![
        (String::new(), vec![A, B, C]),
        (format!("model={}", w.model), vec![A, B]),
        (format!("model={}", w.model + 1000), vec![]),
        ("city=%E4%B8%8A%E6%B5%B7".into(), vec![A, C]),
        (format!("dealer={}", w.shanghai), vec![A]),
        (format!("dealer={}", w.beijing), vec![B]),
        ("tier=gold".into(), vec![A]),
        ("tier=silver".into(), vec![B, C]),
        ("visited_from=2026-01-01".into(), vec![A]),
        ("visited_before=2026-01-01".into(), vec![B]),
        ("visited_from=2025-06-01&visited_before=2025-06-02".into(), vec![B]),
        ("rfm=important_value".into(), vec![A]),
        ("rfm=general_retain".into(), vec![B]),
        ("at_risk=true".into(), vec![B]),
        ("at_risk=false".into(), vec![A, C]),
        ("consent=true".into(), vec![A]),
        ("consent=false".into(), vec![B, C]),
        ("recall=true".into(), vec![A]),
        ("recall=false".into(), vec![B, C]),
        ("city=%E4%B8%8A%E6%B5%B7&recall=false".into(), vec![C]),
    ];
    for (filter, expected) in cases {
        assert_eq!(names(&app, &admin, &filter).await, sorted(&expected), "filter {filter:?}");
    }
    let page = app.get(&admin, "/staff/segments/list?rfm=general_retain").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("HYPERLINK") && !html.contains("Carless"), "the page lists the segment's owners");
}

async fn a_bad_filter_value_is_refused_naming_its_field(engine: Engine) {
    let app = spawn(engine).await;
    world(&app).await;
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst82@example.com").await;
    for (query, field) in [("rfm=best", "rfm"), ("at_risk=often", "at_risk"), ("visited_from=1.2.2026", "visited_from")]
    {
        let (status, body) = csv(&app, &analyst, &format!("/staff/export/segment.csv?{query}")).await;
        assert_eq!(status, 400, "{query}");
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains(&format!("({field})")), "the refusal names {field}: {body}");
        let answer = app.call(&analyst, "segment_list", &[("filter", query)]).await;
        assert_eq!(answer.status(), 422, "{query}");
        let error: Value = answer.json().await.unwrap_or_default();
        assert_eq!(error["Invalid"]["field"], field, "{query}: {error}");
    }
    let page = app.get(&analyst, "/staff/segments/list?tier=diamond").await;
    assert_eq!(page.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customers_exported'").await, 0);
}

async fn each_desk_reaches_only_its_owners_in_list_count_export_and_saved_segments(engine: Engine) {
    let app = spawn(engine).await;
    let w = world(&app).await;
    let beijing = app.signed_in_as(Role::ServiceAdvisor, Some(w.beijing), "advisor83bj@example.com").await;
    let shanghai = app.signed_in_as(Role::LeadHandler, Some(w.shanghai), "leads83sh@example.com").await;
    assert_eq!(names(&app, &beijing, "").await, [B], "Beijing reaches only B");
    assert_eq!(names(&app, &shanghai, "").await, [A], "Shanghai reaches only A");
    assert_eq!(names(&app, &beijing, &format!("dealer={}", w.shanghai)).await, Vec::<String>::new());
    let (status, body) = csv(&app, &beijing, "/staff/export/segment.csv").await;
    assert_eq!(status, 200);
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains(B_MOBILE) && !body.contains("Lucky") && !body.contains(A_MOBILE), "{body}");
    assert_eq!(body.lines().count(), 2, "the headings and B: {body}");

    // Shanghai saves a segment; Beijing's desk cannot read, export or delete it.
    let saved = app.call(&shanghai, "save_segment", &[("name", "Gold"), ("filter", "tier=gold")]).await;
    assert!(saved.status().is_success() || saved.status().is_redirection(), "saved: {}", saved.status());
    let id = app.count("SELECT MAX(id) FROM segments").await;
    let again = app.call(&shanghai, "save_segment", &[("name", "Gold"), ("filter", "tier=silver")]).await;
    assert_eq!(again.status(), 422, "a name is taken once per desk");
    let error: Value = again.json().await.unwrap_or_default();
    assert_eq!(error["Invalid"]["field"], "segment_name", "refused on the name");
    let bj_same_name = app.call(&beijing, "save_segment", &[("name", "Gold"), ("filter", "tier=gold")]).await;
    assert!(!bj_same_name.status().is_client_error(), "another desk may use the name: {}", bj_same_name.status());

    let detail = app.call(&shanghai, "segment_detail", &[("id", &id.to_string())]).await;
    assert_eq!(detail.status(), 200);
    let (segment, listing): (Value, Value) = detail.json().await.expect("a segment and its listing");
    assert_eq!(segment["name"], "Gold");
    assert_eq!(listing["count"], 1);
    let mine: Value = app.call(&shanghai, "my_segments", &[]).await.json().await.unwrap_or_default();
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "Shanghai's desk keeps its own: {mine}");
    assert_eq!(mine[0]["count"], 1);
    assert_eq!(app.get(&shanghai, &format!("/staff/segments/{id}")).await.status(), 200);
    let (status, body) = csv(&app, &shanghai, &format!("/staff/export/segment/{id}.csv")).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Lucky"));

    assert_eq!(app.call(&beijing, "segment_detail", &[("id", &id.to_string())]).await.status(), 404);
    assert_eq!(app.get(&beijing, &format!("/staff/segments/{id}")).await.status(), 404);
    assert_eq!(csv(&app, &beijing, &format!("/staff/export/segment/{id}.csv")).await.0, 404);
    assert_eq!(app.call(&beijing, "delete_segment", &[("id", &id.to_string())]).await.status(), 404);
    let admin = app.signed_in_as(Role::Admin, None, "admin83@example.com").await;
    assert_eq!(app.call(&admin, "segment_detail", &[("id", &id.to_string())]).await.status(), 404, "the brand's desk");
    assert_eq!(app.count("SELECT COUNT(*) FROM segments WHERE name = 'Gold'").await, 2);

    let deleted = app.call(&shanghai, "delete_segment", &[("id", &id.to_string())]).await;
    assert!(!deleted.status().is_client_error(), "deleted: {}", deleted.status());
    assert_eq!(app.call(&shanghai, "segment_detail", &[("id", &id.to_string())]).await.status(), 404);
    let empty = app.get(&shanghai, "/staff/segments").await.text().await.unwrap_or_default();
    assert!(empty.contains("还没有保存的分群") || empty.contains("no saved segment"), "the empty state");
}

async fn the_csv_is_safe_for_spreadsheets_and_an_analyst_gets_no_contacts(engine: Engine) {
    let app = spawn(engine).await;
    world(&app).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin84@example.com").await;
    let (status, body) = csv(&app, &admin, "/staff/export/segment.csv").await;
    assert_eq!(status, 200);
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark first");
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("\"Wang, \"\"Lucky\"\" Li\","), "comma and quotes escaped: {text}");
    assert!(text.contains("\"'=HYPERLINK(1)\","), "a formula neutralised: {text}");
    assert!(text.contains(A_MOBILE), "an admin sees contacts");
    assert_eq!(text.lines().count(), 4, "headings and three owners: {text}");

    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst84@example.com").await;
    let (status, body) = csv(&app, &analyst, "/staff/export/segment.csv").await;
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&body);
    assert_eq!(text.lines().count(), 4);
    assert!(!text.contains(A_MOBILE) && !text.contains(B_MOBILE) && !text.contains('@'), "no contacts: {text}");
    assert!(!text.contains("手机号") && !text.contains("Mobile"), "no contact columns: {text}");
    let (status, body) = csv(&app, &analyst, "/staff/export/customers.csv?q=0081").await;
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&body);
    assert!(text.starts_with('\u{feff}') && text.contains("Lucky") && !text.contains(A_MOBILE), "{text}");
}

async fn every_export_writes_its_audit_line(engine: Engine) {
    let app = spawn(engine).await;
    let w = world(&app).await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(w.shanghai), "advisor85@example.com").await;
    assert_eq!(csv(&app, &advisor, "/staff/export/segment.csv?tier=gold").await.0, 200);
    app.call(&advisor, "save_segment", &[("name", "Everyone"), ("filter", "")]).await;
    let id = app.count("SELECT MAX(id) FROM segments").await;
    assert_eq!(csv(&app, &advisor, &format!("/staff/export/segment/{id}.csv")).await.0, 200);
    assert_eq!(csv(&app, &advisor, "/staff/export/customers.csv?q=Lucky").await.0, 200);
    let lines: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT actor_id, subject, detail FROM audit_log WHERE action = 'customers_exported' ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("audit lines");
    let me = app.count("SELECT id FROM users WHERE email = 'advisor85@example.com'").await;
    let what: Vec<(&str, &str)> = lines.iter().map(|(_, s, d)| (s.as_str(), d.as_str())).collect();
    assert_eq!(
        what,
        [
            ("filter:tier=gold", "rows=1"),
            (format!("segment:{id} filter:").as_str(), "rows=1"),
            ("search:Lucky", "rows=1")
        ],
        "who, what and how many"
    );
    assert!(lines.iter().all(|(actor, _, _)| *actor == me));
}

async fn the_exports_refuse_owners_signed_out_visitors_and_brand_wide_care(engine: Engine) {
    let app = spawn(engine).await;
    world(&app).await;
    let visitor = client();
    for path in ["/staff/export/segment.csv", "/staff/export/segment/1.csv", "/staff/export/customers.csv?q=Lucky"] {
        let answer = visitor.get(app.url(path)).send().await.expect("the server answers");
        assert_eq!(answer.status(), 303, "{path}: sent to sign in");
    }
    let owner = app.owner("13900000086", "Curious Owner").await;
    let care = app.signed_in_as(Role::CareAgent, None, "care86@example.com").await;
    for path in ["/staff/export/segment.csv", "/staff/export/customers.csv?q=Lucky"] {
        assert_eq!(csv(&app, &owner, path).await.0, 403, "{path}: an owner");
    }
    assert_eq!(csv(&app, &care, "/staff/export/segment.csv").await.0, 403, "brand-wide care works no segments");
    assert_eq!(app.call(&care, "segment_list", &[("filter", "")]).await.status(), 403);
    assert_eq!(csv(&app, &care, "/staff/export/customers.csv?q=Lucky").await.0, 200, "care exports its search");
    assert_eq!(csv(&app, &care, "/staff/export/customers.csv?q=L").await.0, 400, "too short a search");
}

on_both_engines!(
    each_filter_field_narrows_the_segment,
    a_bad_filter_value_is_refused_naming_its_field,
    each_desk_reaches_only_its_owners_in_list_count_export_and_saved_segments,
    the_csv_is_safe_for_spreadsheets_and_an_analyst_gets_no_contacts,
    every_export_writes_its_audit_line,
    the_exports_refuse_owners_signed_out_visitors_and_brand_wide_care,
);
