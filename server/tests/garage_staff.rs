//! Staff tools on a car: transfer on proof of sale, mileage correction,
//! campaign completion, and the owner's profile for customer care.

mod helpers;

use helpers::{spawn, Engine};
use pitlane::account::Role;

async fn only_care_staff_transfer_a_car_and_the_history_follows_it(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(51, Some(30)).await;
    let a = app.owner("13900000051", "Seller").await;
    let b = app.owner("13900000052", "Buyer").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    let form = [("vin", vin.as_str()), ("identifier", "13900000052"), ("proof", "沪登记 0012345")];
    assert_eq!(app.call(&b, "transfer_car", &form).await.status(), 403, "an owner cannot transfer");
    let advisor_dealer = app.dealer("SH51").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(advisor_dealer), "advisor51@example.com").await;
    assert_eq!(app.call(&advisor, "transfer_car", &form).await.status(), 403, "advisors do not transfer");

    let care = app.signed_in_as(Role::CareAgent, None, "care51@example.com").await;
    let unknown = [("vin", vin.as_str()), ("identifier", "13900000099"), ("proof", "x")];
    let refused = app.call(&care, "transfer_car", &unknown).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("NoSuchAccount"));
    assert_eq!(app.call(&care, "transfer_car", &form).await.status(), 200);

    assert_eq!(app.get(&a, &format!("/me/garage/{vin}")).await.status(), 404);
    assert_eq!(app.get(&b, &format!("/me/garage/{vin}")).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'car_transferred'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships WHERE ended_reason = 'transferred'").await, 1);
}

async fn staff_may_lower_the_mileage_and_owners_may_not(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(52, Some(30)).await;
    let a = app.owner("13900000053", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &a,
        "update_car",
        &[("vin", &vin), ("plate", ""), ("mileage", "50000"), ("insurance_due", ""), ("inspection_due", "")],
    )
    .await;
    assert_eq!(app.call(&a, "correct_mileage", &[("vin", &vin), ("mileage", "5000")]).await.status(), 403);
    let care = app.signed_in_as(Role::CareAgent, None, "care52@example.com").await;
    assert_eq!(app.call(&care, "correct_mileage", &[("vin", &vin), ("mileage", "5000")]).await.status(), 200);
    let km: Option<i64> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
        .bind(&vin)
        .fetch_one(app.db.pool())
        .await
        .expect("km");
    assert_eq!(km, Some(5000));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'mileage_corrected'").await, 1);
}

async fn an_advisor_records_a_recall_as_done_and_the_reminder_clears(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(53, Some(30)).await;
    let campaign = app.recall_campaign("R-53", "Seat").await;
    let owner = app.owner("13900000054", "Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let before: serde_json::Value = app.call(&owner, "garage_cars", &[]).await.json().await.unwrap_or_default();
    assert!(before.to_string().contains(r#""kind":"Recall","state":"Due""#), "{before}");

    let id = campaign.to_string();
    assert_eq!(app.call(&owner, "complete_campaign", &[("vin", &vin), ("campaign", &id)]).await.status(), 403);
    let dealer = app.dealer("SH53").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor53@example.com").await;
    let page = app.get(&advisor, &format!("/staff/vehicles?vin={vin}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Owner") && page.contains("R-53"), "the advisor sees the owner and the open recall");
    assert_eq!(app.call(&advisor, "complete_campaign", &[("vin", &vin), ("campaign", &id)]).await.status(), 200);
    assert_eq!(
        app.call(&advisor, "complete_campaign", &[("vin", &vin), ("campaign", &id)]).await.status(),
        200,
        "twice is harmless"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM campaign_completions").await, 1);
    let after: serde_json::Value = app.call(&owner, "garage_cars", &[]).await.json().await.unwrap_or_default();
    assert!(after.to_string().contains(r#""kind":"Recall","state":"Done""#), "{after}");
}

async fn customer_care_sees_an_owners_profile_history_and_advisors_do_not(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000055", "Profiled").await;
    let form = [
        ("display_name", "Profiled Owner"),
        ("mobile", "13900000055"),
        ("email", ""),
        ("city", "北京"),
        ("address", ""),
        ("preferred_dealer", ""),
        ("birthday", ""),
        ("contact_channel", "sms"),
        ("password", ""),
    ];
    assert_eq!(app.call(&owner, "save_profile", &form).await.status(), 200);
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900000055'")
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    let care = app.signed_in_as(Role::CareAgent, None, "care55@example.com").await;
    let page = app.get(&care, &format!("/staff/owners/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Profiled Owner") && html.contains("北京"));
    let dealer = app.dealer("SH55").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor55@example.com").await;
    assert_eq!(app.get(&advisor, &format!("/staff/owners/{id}")).await.status(), 403);
    assert_eq!(app.call(&advisor, "staff_owner", &[("user_id", &id.to_string())]).await.status(), 403);
    assert_eq!(app.call(&owner, "staff_owner", &[("user_id", &id.to_string())]).await.status(), 403);

    // Care names the owner's advisor; the owner sees who it is on /me.
    let advisor_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'advisor55@example.com'")
        .fetch_one(app.db.pool())
        .await
        .expect("advisor");
    let (owner_id, advisor_id) = (id.to_string(), advisor_id.to_string());
    let form = [("owner", owner_id.as_str()), ("advisor", advisor_id.as_str())];
    assert_eq!(app.call(&owner, "assign_owner_advisor", &form).await.status(), 403);
    let not_an_advisor = [("owner", owner_id.as_str()), ("advisor", owner_id.as_str())];
    assert_eq!(app.call(&care, "assign_owner_advisor", &not_an_advisor).await.status(), 422);
    assert_eq!(app.call(&care, "assign_owner_advisor", &form).await.status(), 200);
    let me = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(me.contains("我的专属服务顾问") && me.contains("Test Person"), "the named advisor is on /me");
}

on_both_engines!(
    only_care_staff_transfer_a_car_and_the_history_follows_it,
    staff_may_lower_the_mileage_and_owners_may_not,
    an_advisor_records_a_recall_as_done_and_the_reminder_clears,
    customer_care_sees_an_owners_profile_history_and_advisors_do_not,
);
