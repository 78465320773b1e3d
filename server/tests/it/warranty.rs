//! The public warranty and recall lookup.

use crate::helpers;

use helpers::{client, spawn, Engine};

async fn add_recall(app: &helpers::TestApp, vin: &str, done: bool) {
    let pool = app.db.pool();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, produced_from, produced_to, opened_on)
         VALUES ($1, 'recall', '刹车软管', 'Brake hose', '更换', 'Replace', '2024-01-01', '2024-12-31', '2026-01-01') RETURNING id",
    )
    .bind(format!("R-{}", &vin[12..]))
    .fetch_one(pool)
    .await
    .expect("campaign");
    sqlx::query("INSERT INTO campaign_models (campaign_id, model_id) SELECT $1, id FROM car_models WHERE code = 'TST'")
        .bind(id)
        .execute(pool)
        .await
        .expect("campaign model");
    if done {
        sqlx::query("INSERT INTO campaign_completions (campaign_id, vin, completed_on) VALUES ($1, $2, '2026-02-01')")
            .bind(id)
            .bind(vin)
            .execute(pool)
            .await
            .expect("completion");
    }
}

async fn the_public_lookup_shows_cover_and_recalls_but_nothing_personal(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(21, 30, "13900000021").await;
    add_recall(&app, &vin, false).await;
    let owner = app.owner("13900000021", "私人姓名").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &owner,
        "update_car",
        &[("vin", &vin), ("plate", "沪A77777"), ("mileage", "3000"), ("insurance_due", ""), ("inspection_due", "")],
    )
    .await;

    let visitor = client();
    let page = app.get(&visitor, &format!("/warranty?vin={vin}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("测试车") && html.contains("刹车软管"), "model and open recall are shown");
    assert!(html.contains("剩余 97000 公里"), "distance left from the last known mileage");
    for private in ["私人姓名", "13900000021", "沪A77777"] {
        assert!(!html.contains(private), "{private} leaked into the public page");
    }
    let api = app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.text().await.unwrap_or_default();
    for private in ["私人姓名", "13900000021", "沪A77777"] {
        assert!(!api.contains(private), "{private} leaked into the lookup answer");
    }
}

async fn a_malformed_vin_says_what_is_wrong_and_an_unknown_one_is_not_found(engine: Engine) {
    let app = spawn(engine).await;
    let visitor = client();
    let html = app.get(&visitor, "/warranty?vin=LMV123").await.text().await.unwrap_or_default();
    assert!(html.contains("车架号应为 17 位，您输入了 6 位"), "length error on the field");
    let html = app.get(&visitor, "/warranty?vin=1HGCM82633A004352").await.text().await.unwrap_or_default();
    assert!(html.contains("未找到该车架号"), "well-formed but unknown");
    let answer = app.call(&visitor, "warranty_lookup", &[("vin", "1HGCM82633A004352")]).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap_or_default(), "null");
}

async fn completed_campaigns_are_listed_as_done(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(22, Some(30)).await;
    add_recall(&app, &vin, true).await;
    let body: serde_json::Value =
        app.call(&client(), "warranty_lookup", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    assert_eq!(body["campaigns"][0]["completed_on"], "2026-02-01");
}

async fn lookups_are_rate_limited_per_client(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(23, Some(30)).await;
    let visitor = client();
    for _ in 0..30 {
        assert_eq!(app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.status(), 200);
    }
    assert_eq!(app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.status(), 429);
    let page = app.get(&visitor, &format!("/warranty?vin={vin}")).await.text().await.unwrap_or_default();
    assert!(page.contains("保修查询过于频繁，请 10 分钟后再试。"), "the page says what waits, and how long");
    app.clock.advance(chrono::Duration::minutes(11));
    assert_eq!(app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.status(), 200);
}

on_both_engines!(
    the_public_lookup_shows_cover_and_recalls_but_nothing_personal,
    a_malformed_vin_says_what_is_wrong_and_an_unknown_one_is_not_found,
    completed_campaigns_are_listed_as_done,
    lookups_are_rate_limited_per_client,
);
