//! One page per customer (`staff_owner`, `/staff/owners/{id}`): opened by the
//! desks that reach the owner, contacts as the desk may see them, every view
//! audited, staff notes, one timeline newest first and filtered by kind; and
//! the advisor named for a buyer when a lead is won.

use crate::helpers;

use chrono::Duration;
use helpers::booking::{book, open_dealer, service_id, slot};
use helpers::leads::{lead_of, showroom, Ask};
use helpers::{client, spawn, Engine, TestApp};
use pitlane::account::Role;
use serde_json::Value;

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1 OR email = $1")
        .bind(login)
        .fetch_one(app.db.pool())
        .await
        .expect("an account")
}

async fn card(app: &TestApp, staff: &reqwest::Client, owner: i64, kind: &str) -> Value {
    let answer = app.call(staff, "staff_owner", &[("user_id", &owner.to_string()), ("kind", kind)]).await;
    assert_eq!(answer.status(), 200, "the customer page of {owner}");
    answer.json().await.unwrap_or_default()
}

/// The kinds of the timeline's touchpoints, in the order shown.
fn touches(card: &Value) -> Vec<String> {
    card["timeline"]
        .as_array()
        .map(|t| t.iter().filter_map(|e| e["touch"].as_object()?.keys().next().cloned()).collect())
        .unwrap_or_default()
}

/// A Shanghai owner with a car, booked at Shanghai in the portal (Shanghai's
/// customer from then on), and a Beijing dealer they never dealt with.
async fn shanghai_customer(app: &TestApp, n: u32) -> (reqwest::Client, i64, i64, i64) {
    let shanghai = open_dealer(app, &format!("SHC{n}"), 2).await;
    let beijing = app.dealer(&format!("BJC{n}")).await;
    let mobile = format!("139000081{n:02}");
    let vin = app.register_car_sold_to(810 + n, 30, &mobile).await;
    let owner = app.owner(&mobile, "Card Customer").await;
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let service = service_id(app, "maintenance").await;
    assert_eq!(book(app, &owner, &vin, shanghai, service, slot(app, 2, 10), &format!("card{n}")).await.status(), 200);
    (owner, user_id(app, &mobile).await, shanghai, beijing)
}

async fn a_dealers_desk_opens_only_customers_it_reaches_and_an_analyst_sees_no_contacts(engine: Engine) {
    let app = spawn(engine).await;
    let (owner, id, shanghai, beijing) = shanghai_customer(&app, 1).await;
    let path = format!("/staff/owners/{id}");
    let leads_bj = app.signed_in_as(Role::LeadHandler, Some(beijing), "leads.bj81@example.com").await;
    let answer = app.call(&leads_bj, "staff_owner", &[("user_id", &id.to_string())]).await;
    assert_eq!(answer.status(), 404, "a Beijing lead handler never dealt with a Shanghai-only owner");
    assert_eq!(app.get(&leads_bj, &path).await.status(), 404);
    let advisor_bj = app.signed_in_as(Role::ServiceAdvisor, Some(beijing), "advisor.bj81@example.com").await;
    assert_eq!(app.get(&advisor_bj, &path).await.status(), 404);

    let leads_sh = app.signed_in_as(Role::LeadHandler, Some(shanghai), "leads.sh81@example.com").await;
    let seen = card(&app, &leads_sh, id, "").await;
    assert_eq!(seen["profile"]["display_name"], "Card Customer");
    assert!(seen["profile"]["mobile"].is_null(), "lead handlers see no owner's contacts: {}", seen["profile"]);

    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst81@example.com").await;
    let seen = card(&app, &analyst, id, "").await;
    assert!(seen["profile"]["mobile"].is_null() && seen["profile"]["email"].is_null(), "{}", seen["profile"]);
    let page = app.get(&analyst, &path).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Card Customer") && !html.contains("13900008101"), "the analyst's page has no mobile");
    assert!(html.contains("您的岗位不显示联系方式"), "and says why");

    let care = app.signed_in_as(Role::CareAgent, None, "care81@example.com").await;
    assert_eq!(card(&app, &care, id, "").await["profile"]["mobile"], "13900008101", "care calls the owner");
    let me = app.call(&owner, "staff_owner", &[("user_id", &id.to_string())]).await;
    assert_eq!(me.status(), 403, "owners do not open customer pages, not even their own");
    let staff_id = user_id(&app, "care81@example.com").await;
    let staff = app.call(&care, "staff_owner", &[("user_id", &staff_id.to_string())]).await;
    assert_eq!(staff.status(), 404, "a staff account is no customer");
}

async fn every_view_of_the_customer_page_is_audited_with_who_and_which_customer(engine: Engine) {
    let app = spawn(engine).await;
    let (_, id, shanghai, beijing) = shanghai_customer(&app, 2).await;
    let care = app.signed_in_as(Role::CareAgent, Some(shanghai), "care82@example.com").await;
    let care_id = user_id(&app, "care82@example.com").await;
    let viewed = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'customer_viewed' AND subject = 'user:{id}' AND actor_id = {care_id}"
    );
    assert_eq!(app.count(&viewed).await, 0);
    card(&app, &care, id, "").await;
    assert_eq!(app.count(&viewed).await, 1, "the call");
    assert_eq!(app.get(&care, &format!("/staff/owners/{id}")).await.status(), 200);
    assert_eq!(app.count(&viewed).await, 2, "and the page, each once");
    let at: i64 = sqlx::query_scalar("SELECT MAX(at) FROM audit_log WHERE action = 'customer_viewed'")
        .fetch_one(app.db.pool())
        .await
        .expect("a time");
    assert_eq!(at, pitlane::Clock::now(&*app.clock).timestamp_millis(), "when");
    // A refused look is not a view.
    let care_bj = app.signed_in_as(Role::CareAgent, Some(beijing), "care82bj@example.com").await;
    assert_eq!(app.call(&care_bj, "staff_owner", &[("user_id", &id.to_string())]).await.status(), 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer_viewed'").await, 2);
    let admin = app.signed_in_as(Role::Admin, None, "admin82@example.com").await;
    let log = app.get(&admin, "/admin").await.text().await.unwrap_or_default();
    assert!(log.contains("查看客户档案"), "the administrators' log words it");
}

async fn a_staff_note_is_checked_kept_and_shown_on_the_timeline(engine: Engine) {
    let app = spawn(engine).await;
    let (owner, id, shanghai, beijing) = shanghai_customer(&app, 3).await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor83@example.com").await;
    let owner_field = id.to_string();
    let note = |text: &'static str| [("owner", owner_field.clone()), ("note", text.to_owned())];
    let post = |client: &reqwest::Client, form: [(&'static str, String); 2]| {
        let (client, url) = (client.clone(), app.url("/api/add_customer_note"));
        async move { client.post(url).header("accept", "application/json").form(&form).send().await.expect("answer") }
    };
    let blank = post(&advisor, note("   ")).await;
    assert_eq!(blank.status(), 422);
    assert!(blank.text().await.unwrap_or_default().contains("note"), "the error names the field");
    let long = [("owner", owner_field.clone()), ("note", "长".repeat(pitlane::customer::card::NOTE_MAX + 1))];
    assert_eq!(post(&advisor, long).await.status(), 422, "too long");
    let advisor_bj = app.signed_in_as(Role::ServiceAdvisor, Some(beijing), "advisor83bj@example.com").await;
    assert_eq!(post(&advisor_bj, note("Not my customer")).await.status(), 404);
    assert_eq!(post(&owner, note("About myself")).await.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM customer_notes").await, 0, "nothing refused was kept");

    assert_eq!(post(&advisor, note("  Prefers a call after 18:00  ")).await.status(), 200);
    let seen = card(&app, &advisor, id, "notes").await;
    assert_eq!(seen["timeline"][0]["touch"]["Note"]["body"], "Prefers a call after 18:00", "trimmed: {seen}");
    assert_eq!(seen["timeline"][0]["touch"]["Note"]["author"], "Test Person");
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst83@example.com").await;
    let html = app.get(&analyst, &format!("/staff/owners/{id}")).await.text().await.unwrap_or_default();
    assert!(html.contains("Prefers a call after 18:00"), "every desk that opens the page reads the note");

    // Without JavaScript a refused note comes back to the form with what was typed.
    let typed = "长".repeat(pitlane::customer::card::NOTE_MAX + 1);
    let plain = advisor
        .post(app.url("/api/add_customer_note"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/staff/owners/{id}")))
        .form(&[("owner", owner_field.as_str()), ("note", typed.as_str())])
        .send()
        .await
        .expect("answer");
    let location = plain.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(location, format!("/staff/owners/{id}"), "back to the page");
    let html = app.get(&advisor, &location).await.text().await.unwrap_or_default();
    assert!(html.contains(&typed), "what was typed is still in the box");
    assert!(html.contains("field-invalid"), "the note field is marked");
}

async fn the_timeline_is_newest_first_and_filters_by_kind_with_plain_links(engine: Engine) {
    let app = spawn(engine).await;
    let (_, id, shanghai, _) = shanghai_customer(&app, 4).await;
    let care = app.signed_in_as(Role::CareAgent, Some(shanghai), "care84@example.com").await;
    let owner_field = id.to_string();
    app.clock.advance(Duration::minutes(10));
    let first = [("owner", owner_field.as_str()), ("note", "First call")];
    assert_eq!(app.call(&care, "add_customer_note", &first).await.status(), 200);
    app.clock.advance(Duration::minutes(10));
    let second = [("owner", owner_field.as_str()), ("note", "Second call")];
    assert_eq!(app.call(&care, "add_customer_note", &second).await.status(), 200);

    let all = card(&app, &care, id, "").await;
    let kinds = touches(&all);
    assert_eq!(kinds.first().map(String::as_str), Some("Note"), "the newest first: {kinds:?}");
    assert_eq!(all["timeline"][0]["touch"]["Note"]["body"], "Second call");
    assert_eq!(all["timeline"][1]["touch"]["Note"]["body"], "First call");
    assert!(kinds.contains(&"Booked".to_owned()), "the booking is a touchpoint: {kinds:?}");
    let times: Vec<i64> = all["timeline"].as_array().into_iter().flatten().filter_map(|e| e["at"].as_i64()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first all the way: {times:?}");

    let bookings = card(&app, &care, id, "bookings").await;
    assert_eq!(touches(&bookings), ["Booked"], "only the bookings");
    assert_eq!(bookings["filter"], "Bookings");
    let notes = card(&app, &care, id, "notes").await;
    assert_eq!(touches(&notes), ["Note", "Note"]);
    assert!(card(&app, &care, id, "surveys").await["timeline"].as_array().is_some_and(Vec::is_empty));

    let html = app.get(&care, &format!("/staff/owners/{id}?kind=notes")).await.text().await.unwrap_or_default();
    assert!(html.contains("Second call") && html.contains("First call"));
    assert!(!html.contains("预约保养 #"), "no booking under the notes filter");
    assert!(html.contains(&format!("/staff/owners/{id}?kind=bookings#timeline")), "a plain link per kind");
    let html = app.get(&care, &format!("/staff/owners/{id}?kind=bookings")).await.text().await.unwrap_or_default();
    assert!(html.contains("预约保养 #") && !html.contains("Second call"));
}

async fn a_won_sale_names_the_dealers_least_busy_advisor_unless_the_buyer_has_one(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "AD9", 1).await;
    let desk = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.ad9@example.com").await;
    app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "busy.ad9@example.com").await;
    app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "free.ad9@example.com").await;
    let other = app.dealer("AD9X").await;
    app.signed_in_as(Role::ServiceAdvisor, Some(other), "elsewhere.ad9@example.com").await;
    let busy = user_id(&app, "busy.ad9@example.com").await;
    let free = user_id(&app, "free.ad9@example.com").await;
    app.owner("13700000090", "Served").await;
    sqlx::query("UPDATE users SET advisor_id = $1 WHERE mobile = '13700000090'")
        .bind(busy)
        .execute(app.db.pool())
        .await
        .expect("named");

    let sell = |mobile: &'static str, serial: u32| {
        let desk = desk.clone();
        let app = &app;
        async move {
            assert_eq!(Ask::new("买家", mobile, dealer, model).send(app, &client()).await.status(), 200);
            let (lead, _) = lead_of(app, mobile).await;
            let id = lead.to_string();
            assert_eq!(
                app.call(&desk, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(),
                200
            );
            let vin = crate::leads::in_stock(app, dealer, model, serial).await;
            assert_eq!(app.call(&desk, "win_lead", &[("id", &id), ("vin", &vin), ("note", "")]).await.status(), 200);
        }
    };
    let advisor_of = |mobile: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, Option<i64>>("SELECT advisor_id FROM users WHERE mobile = $1")
                .bind(mobile)
                .fetch_one(app.db.pool())
                .await
                .expect("the buyer")
        }
    };
    sell("13700000091", 91).await;
    assert_eq!(advisor_of("13700000091").await, Some(free), "the advisor with fewer named owners");
    // The existing owner (a verified mobile) buys again and keeps their advisor.
    sell("13700000090", 92).await;
    assert_eq!(advisor_of("13700000090").await, Some(busy), "an owner with an advisor keeps them");
    // Now one owner each: the tie goes to the lower id.
    sell("13700000093", 93).await;
    assert_eq!(advisor_of("13700000093").await, Some(busy.min(free)));
}

async fn a_dealers_desk_sees_only_its_own_dealers_cases_on_the_customer_page(engine: Engine) {
    let app = spawn(engine).await;
    let (owner, id, shanghai, beijing) = shanghai_customer(&app, 5).await;
    for (title, dealer) in [("At Shanghai", shanghai), ("At Beijing", beijing)] {
        let mut fields = helpers::complaint(title);
        fields.retain(|(name, _)| *name != "dealer");
        fields.push(("dealer", dealer.to_string()));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_files(&owner, "open_case", &fields, "photos", Vec::new()).await.status(), 200);
    }
    let titles = |card: &Value| -> Vec<String> {
        let listed = card["cases"].as_array().into_iter().flatten().filter_map(|c| c["title"].as_str());
        let touched = card["timeline"].as_array().into_iter().flatten();
        let touched = touched.filter_map(|e| e["touch"]["CaseOpened"]["title"].as_str());
        let mut all: Vec<String> = listed.chain(touched).map(str::to_owned).collect();
        all.sort();
        all
    };
    let advisor_bj = app.signed_in_as(Role::ServiceAdvisor, Some(beijing), "advisor.bj85@example.com").await;
    assert_eq!(titles(&card(&app, &advisor_bj, id, "").await), ["At Beijing", "At Beijing"], "list and timeline");
    let advisor_sh = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor.sh85@example.com").await;
    assert_eq!(titles(&card(&app, &advisor_sh, id, "").await), ["At Shanghai", "At Shanghai"]);
    let care = app.signed_in_as(Role::CareAgent, None, "care85@example.com").await;
    let all = titles(&card(&app, &care, id, "").await);
    assert_eq!(all, ["At Beijing", "At Beijing", "At Shanghai", "At Shanghai"], "care works every dealer's cases");
}

on_both_engines!(
    a_dealers_desk_opens_only_customers_it_reaches_and_an_analyst_sees_no_contacts,
    every_view_of_the_customer_page_is_audited_with_who_and_which_customer,
    a_staff_note_is_checked_kept_and_shown_on_the_timeline,
    the_timeline_is_newest_first_and_filters_by_kind_with_plain_links,
    a_won_sale_names_the_dealers_least_busy_advisor_unless_the_buyer_has_one,
    a_dealers_desk_sees_only_its_own_dealers_cases_on_the_customer_page,
);
