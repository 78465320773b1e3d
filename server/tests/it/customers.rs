//! Finding a customer (`find_customers`, `/staff/customers`): every way of
//! naming them, only those the desk reaches, contacts as the desk may see them.

use crate::helpers;

use helpers::booking::{book, open_dealer, service_id, slot};
use helpers::{spawn, Engine};
use pitlane::account::Role;
use serde_json::Value;

async fn found(app: &helpers::TestApp, client: &reqwest::Client, q: &str) -> Vec<Value> {
    let answer = app.call(client, "find_customers", &[("q", q)]).await;
    assert_eq!(answer.status(), 200, "searching {q:?}");
    answer.json::<Vec<Value>>().await.unwrap_or_default()
}

fn names(found: &[Value]) -> Vec<String> {
    found.iter().map(|c| c["name"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn care_finds_an_owner_by_name_mobile_part_vin_part_plate_and_booking_number(engine: Engine) {
    let app = spawn(engine).await;
    let shanghai = open_dealer(&app, "SH71", 2).await;
    let vin = app.register_car_sold_to(71, 30, "13900000071").await;
    let owner = app.owner("13900000071", "林晓梅").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &owner,
        "update_car",
        &[("vin", &vin), ("plate", "沪B71071"), ("mileage", ""), ("insurance_due", ""), ("inspection_due", "")],
    )
    .await;
    app.owner("13900000072", "Lin Other").await;
    let service = service_id(&app, "maintenance").await;
    assert_eq!(book(&app, &owner, &vin, shanghai, service, slot(&app, 2, 10), "k71").await.status(), 200);
    let booking: i64 = sqlx::query_scalar("SELECT id FROM bookings").fetch_one(app.db.pool()).await.expect("booking");
    let care = app.signed_in_as(Role::CareAgent, None, "care71@example.com").await;

    assert_eq!(names(&found(&app, &care, "晓梅").await), ["林晓梅"]);
    assert_eq!(names(&found(&app, &care, "0071").await), ["林晓梅"], "the last digits of the mobile");
    let by_vin = found(&app, &care, &vin[11..]).await;
    assert_eq!(names(&by_vin), ["林晓梅"], "the end of the VIN");
    assert_eq!(by_vin[0]["cars"][0][0], vin.as_str());
    assert_eq!(by_vin[0]["cars"][0][1], "沪B71071");
    // Six digits may also end a mobile: here they end both.
    assert_eq!(by_vin[0]["matched"], serde_json::json!(["Mobile", "Vin"]));
    assert_eq!(names(&found(&app, &care, "沪b71071").await), ["林晓梅"], "the plate, in any case");
    let by_booking = found(&app, &care, &format!("#{booking}")).await;
    assert!(names(&by_booking).contains(&"林晓梅".to_owned()), "booking #{booking}: {by_booking:?}");
    // Brand-wide care sees the whole number; the search box is no way round it.
    assert_eq!(by_vin[0]["mobile"], "13900000071");
    assert!(found(&app, &care, "nobody-here").await.is_empty());
    // LIKE's own characters are taken literally.
    assert!(found(&app, &care, "%%").await.is_empty());
    assert!(found(&app, &care, "__").await.is_empty());

    let short = app.call(&care, "find_customers", &[("q", "林")]).await;
    assert_eq!(short.status(), 422, "one character finds everyone: refused");
    let owner_asks = app.call(&owner, "find_customers", &[("q", "晓梅")]).await;
    assert_eq!(owner_asks.status(), 403, "owners do not search customers");
    assert_eq!(app.get(&care, "/staff/customers?q=%E6%99%93%E6%A2%85").await.status(), 200);

    // The live box's rows: the page's own HTML for the text, by GET.
    let rows = app.ask(&care, "customer_rows", &[("q", "晓梅")]).await;
    assert_eq!(rows.status(), 200);
    let html: String = rows.json().await.expect("one string of HTML");
    let owner_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900000071'")
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    assert!(html.contains("林晓梅") && html.contains(&format!("/staff/owners/{owner_id}")), "{html}");
    assert!(html.contains("/staff/cases?identifier=13900000071"), "care opens a case from the row: {html}");
    let none: String = app.ask(&care, "customer_rows", &[("q", "nobody-here")]).await.json().await.expect("html");
    assert!(none.contains("class=\"empty card\"") && !none.contains("<table"), "{none}");
    assert_eq!(app.ask(&owner, "customer_rows", &[("q", "晓梅")]).await.status(), 403);
}

async fn a_dealers_desk_finds_only_its_own_customers_and_an_analyst_sees_no_contacts(engine: Engine) {
    let app = spawn(engine).await;
    let shanghai = open_dealer(&app, "SH72", 2).await;
    let beijing = app.dealer("BJ72").await;
    let vin = app.register_car_sold_to(72, 30, "13900000073").await;
    let owner = app.owner("13900000073", "Shanghai Customer").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let advisor_sh = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor72@example.com").await;
    let leads_bj = app.signed_in_as(Role::LeadHandler, Some(beijing), "leads72@example.com").await;
    assert!(found(&app, &advisor_sh, "Shanghai Customer").await.is_empty(), "no dealings with Shanghai yet");

    let service = service_id(&app, "maintenance").await;
    assert_eq!(book(&app, &owner, &vin, shanghai, service, slot(&app, 2, 10), "k72").await.status(), 200);
    let seen = found(&app, &advisor_sh, "Shanghai Customer").await;
    assert_eq!(names(&seen), ["Shanghai Customer"]);
    assert_eq!(seen[0]["mobile"], "13900000073", "the advisor calls the owner");
    assert!(found(&app, &leads_bj, "13900000073").await.is_empty(), "Beijing has no dealings with them");

    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst72@example.com").await;
    let seen = found(&app, &analyst, "0073").await;
    assert_eq!(names(&seen), ["Shanghai Customer"]);
    assert!(seen[0]["mobile"].is_null() && seen[0]["email"].is_null(), "an analyst sees no contacts: {seen:?}");
}

async fn a_lead_handler_finds_a_prospect_without_an_account_by_mobile(engine: Engine) {
    use helpers::leads::{lead_of, showroom, Ask};
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "SH73", 1).await;
    let other = app.dealer("BJ73").await;
    let visitor = helpers::client();
    assert_eq!(Ask::new("Prospect Wang", "13900000074", dealer, model).send(&app, &visitor).await.status(), 200);
    let (lead, _) = lead_of(&app, "13900000074").await;
    let handler = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads73@example.com").await;
    let seen = found(&app, &handler, "0074").await;
    assert_eq!(names(&seen), ["Prospect Wang"]);
    assert!(seen[0]["owner"].is_null());
    assert_eq!(seen[0]["lead"], lead);
    assert_eq!(seen[0]["mobile"], "13900000074", "lead handlers call prospects");
    let elsewhere = app.signed_in_as(Role::LeadHandler, Some(other), "leads73bj@example.com").await;
    assert!(found(&app, &elsewhere, "0074").await.is_empty(), "another dealer's prospect");
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor73@example.com").await;
    assert!(found(&app, &advisor, "0074").await.is_empty(), "the workshop does not work leads");
}

/// The trigram index (SQLite's FTS5 tables, kept by triggers) follows every
/// change: a new name, a new plate, a car handed on.
async fn the_search_follows_a_renamed_owner_a_new_plate_and_a_car_handed_on(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(75, 30, "13900000075").await;
    let owner = app.owner("13900000075", "Old Name").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let care = app.signed_in_as(Role::CareAgent, None, "care75@example.com").await;
    assert_eq!(names(&found(&app, &care, "Old Name").await), ["Old Name"]);
    sqlx::query("UPDATE users SET display_name = '欧阳新名字' WHERE mobile = '13900000075'")
        .execute(app.db.pool())
        .await
        .expect("rename");
    assert!(found(&app, &care, "Old Name").await.is_empty(), "the old name is gone from the index");
    assert_eq!(names(&found(&app, &care, "阳新名").await), ["欧阳新名字"]);
    let plate = |p: &'static str| {
        [
            ("vin", vin.clone()),
            ("plate", p.to_owned()),
            ("mileage", String::new()),
            ("insurance_due", String::new()),
            ("inspection_due", String::new()),
        ]
    };
    let form = plate("沪C75075");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&owner, "update_car", &form).await.status(), 200);
    assert_eq!(names(&found(&app, &care, "C75075").await), ["欧阳新名字"]);
    assert_eq!(app.call(&owner, "release_car", &[("vin", &vin), ("confirm", "yes")]).await.status(), 200);
    assert!(found(&app, &care, "C75075").await.is_empty(), "a car handed on no longer finds its last owner");
    assert!(found(&app, &care, &vin[9..]).await.is_empty());
}

async fn a_caller_with_no_account_gets_a_lead_whose_source_says_hotline_or_walk_in(engine: Engine) {
    use helpers::leads::{lead_of, showroom};
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "SH75", 1).await;
    let other = app.dealer("BJ75").await;
    let (dealer_field, model_field) = (dealer.to_string(), model.to_string());
    let call = |name: &'static str, mobile: &'static str, source: &'static str, at: &str| {
        [
            ("display_name", name.to_owned()),
            ("mobile", mobile.to_owned()),
            ("city", "上海".to_owned()),
            ("model", model_field.clone()),
            ("dealer", at.to_owned()),
            ("part_of_day", "evening".to_owned()),
            ("source", source.to_owned()),
        ]
    };
    let post = |client: &reqwest::Client, form: [(&'static str, String); 7]| {
        let (client, url) = (client.clone(), app.url("/api/open_caller_lead"));
        async move { client.post(url).header("accept", "application/json").form(&form).send().await.expect("answer") }
    };
    let care = app.signed_in_as(Role::CareAgent, None, "care75@example.com").await;
    assert_eq!(post(&care, call("热线客户", "13900000075", "hotline", &dealer_field)).await.status(), 200);
    let (lead, _) = lead_of(&app, "13900000075").await;
    let source: String = sqlx::query_scalar("SELECT source FROM leads WHERE id = $1")
        .bind(lead)
        .fetch_one(app.db.pool())
        .await
        .expect("the lead");
    assert_eq!(source, "hotline");
    let seen = found(&app, &care, "0075").await;
    assert_eq!(names(&seen), ["热线客户"], "the search finds the caller at once");
    assert_eq!(seen[0]["lead"], lead);

    let floor = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads75@example.com").await;
    assert_eq!(post(&floor, call("到店客户", "13900000076", "walk_in", &dealer_field)).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM leads WHERE mobile = '13900000076' AND source = 'walk_in'").await, 1);
    let friend = post(&floor, call("别人", "13900000077", "friend", &dealer_field)).await;
    assert_eq!(friend.status(), 422, "staff say how they met the caller");
    assert!(friend.text().await.unwrap_or_default().contains("source"));
    let elsewhere = post(&floor, call("别人", "13900000077", "hotline", &other.to_string())).await;
    assert_eq!(elsewhere.status(), 422, "a dealer's floor opens leads at its own dealer only");
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor75@example.com").await;
    assert_eq!(post(&advisor, call("别人", "13900000077", "hotline", &dealer_field)).await.status(), 403);
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst75@example.com").await;
    assert_eq!(post(&analyst, call("别人", "13900000077", "hotline", &dealer_field)).await.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM leads WHERE mobile = '13900000077'").await, 0, "nothing refused kept");

    // A prospect on the public form cannot claim to be a hotline caller.
    let mut ask = helpers::leads::Ask::new("Prospect", "13900000078", dealer, model);
    ask.source = "hotline";
    assert_eq!(ask.send(&app, &helpers::client()).await.status(), 422);
    // The search page offers the form to care, and not to the workshop.
    let page = app.get(&care, "/staff/customers").await.text().await.unwrap_or_default();
    assert!(page.contains("/api/open_caller_lead"));
    let page = app.get(&advisor, "/staff/customers").await.text().await.unwrap_or_default();
    assert!(!page.contains("/api/open_caller_lead"));
}

async fn care_opens_a_case_from_a_found_owner_with_the_owner_filled_in(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13900000079", "Found Owner").await;
    let care = app.signed_in_as(Role::CareAgent, None, "care79@example.com").await;
    let page = app.get(&care, "/staff/customers?q=0079").await.text().await.unwrap_or_default();
    assert!(page.contains("/staff/cases?identifier=13900000079#on-behalf-title"), "a link to open a case");
    let form = app.get(&care, "/staff/cases?identifier=13900000079").await.text().await.unwrap_or_default();
    assert!(form.contains(r#"value="13900000079""#), "the owner filled in");
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst79@example.com").await;
    let page = app.get(&analyst, "/staff/customers?q=Found%20Owner").await.text().await.unwrap_or_default();
    assert!(page.contains("Found Owner") && !page.contains("identifier="), "analysts open no cases");
}

on_both_engines!(
    the_search_follows_a_renamed_owner_a_new_plate_and_a_car_handed_on,
    a_caller_with_no_account_gets_a_lead_whose_source_says_hotline_or_walk_in,
    care_opens_a_case_from_a_found_owner_with_the_owner_filled_in,
    care_finds_an_owner_by_name_mobile_part_vin_part_plate_and_booking_number,
    a_dealers_desk_finds_only_its_own_customers_and_an_analyst_sees_no_contacts,
    a_lead_handler_finds_a_prospect_without_an_account_by_mobile,
);
