//! Every page and server function checks the caller's role.

use crate::helpers;

use helpers::{client, spawn, Engine};
use pitlane::account::Role;

async fn an_owner_gets_403_on_the_staff_console_and_its_server_function(engine: Engine) {
    let app = spawn(engine).await;
    let owner = client();
    app.register(&owner, "13900000001", "Owner").await;
    let page = app.get(&owner, "/staff").await;
    assert_eq!(page.status(), 403);
    let html = page.text().await.unwrap_or_default();
    assert!(!html.contains("figure-value"), "no staff figures leak into the 403 page");
    let call = app.call(&owner, "staff_overview", &[]).await;
    assert_eq!(call.status(), 403);
    assert_eq!(call.text().await.unwrap_or_default(), "\"Forbidden\"");
}

async fn a_visitor_is_sent_to_sign_in_and_gets_401_from_server_functions(engine: Engine) {
    let app = spawn(engine).await;
    let visitor = client();
    let page = app.get(&visitor, "/staff").await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login?next=%2Fstaff"));
    assert_eq!(app.call(&visitor, "staff_overview", &[]).await.status(), 401);
    assert_eq!(app.call(&visitor, "admin_users", &[("search", "")]).await.status(), 401);
}

async fn dealer_staff_see_only_their_dealers_figures(engine: Engine) {
    let app = spawn(engine).await;
    let shanghai = app.dealer("SH99").await;
    let beijing = app.dealer("BJ99").await;
    sqlx::query("INSERT INTO car_models (code, name_zh, name_en, powertrain, body) VALUES ('T1', 'T1', 'T1', 'electric', 'suv')")
        .execute(app.db.pool())
        .await
        .expect("model");
    app.db.forget_kept();
    for (n, dealer) in [(1, shanghai), (2, beijing), (3, beijing)] {
        let vin = pitlane::types::Vin::with_check_digit(&format!("LMVTEST0XR000000{n}")).expect("vin");
        sqlx::query("INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date, selling_dealer_id) VALUES ($1, (SELECT id FROM car_models), 2024, '2024-01-01', '2024-02-01', $2)")
            .bind(vin.as_str())
            .bind(dealer)
            .execute(app.db.pool())
            .await
            .expect("vehicle");
    }
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor@example.com").await;
    let page = app.get(&advisor, "/staff").await;
    assert_eq!(page.status(), 200);
    let body = app.call(&advisor, "staff_overview", &[]).await.text().await.unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(value["vehicles_sold"], 1, "{body}");
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst@example.com").await;
    let body = app.call(&analyst, "staff_overview", &[]).await.text().await.unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(value["vehicles_sold"], 3, "{body}");
}

async fn only_an_admin_sets_roles_and_the_change_is_audited(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = app.dealer("SH98").await;
    let owner = client();
    app.register(&owner, "13900000002", "Future Advisor").await;
    let owner_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900000002'")
        .fetch_one(app.db.pool())
        .await
        .expect("owner id");
    let id = owner_id.to_string();
    let dealer_id = dealer.to_string();
    let form = [("user_id", id.as_str()), ("role", "service_advisor"), ("dealer", dealer_id.as_str())];

    assert_eq!(app.call(&owner, "set_role", &form).await.status(), 403, "an owner cannot promote themselves");
    assert_eq!(app.get(&owner, "/admin").await.status(), 403);

    let admin = app.signed_in_as(Role::Admin, None, "admin@example.com").await;
    let missing_dealer = [("user_id", id.as_str()), ("role", "service_advisor"), ("dealer", "")];
    let refused = app.call(&admin, "set_role", &missing_dealer).await;
    assert_eq!(refused.status(), 422, "an advisor needs a dealer");
    assert_eq!(app.call(&admin, "set_role", &form).await.status(), 200);

    let (role, at_dealer): (String, Option<i64>) = sqlx::query_as("SELECT role, dealer_id FROM users WHERE id = $1")
        .bind(owner_id)
        .fetch_one(app.db.pool())
        .await
        .expect("user row");
    assert_eq!((role.as_str(), at_dealer), ("service_advisor", Some(dealer)));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'role_changed' AND subject = $1")
            .bind(format!("user:{owner_id}"))
            .fetch_one(app.db.pool())
            .await
            .unwrap_or(0);
    assert_eq!(audited, 1);
    // The promoted user now reaches the console (the role is read per request).
    assert_eq!(app.get(&owner, "/staff").await.status(), 200);
    let admin_page = app.get(&admin, "/admin").await.text().await.unwrap_or_default();
    assert!(admin_page.contains("Future Advisor"));
}

on_both_engines!(
    an_owner_gets_403_on_the_staff_console_and_its_server_function,
    a_visitor_is_sent_to_sign_in_and_gets_401_from_server_functions,
    dealer_staff_see_only_their_dealers_figures,
    only_an_admin_sets_roles_and_the_change_is_audited,
);
