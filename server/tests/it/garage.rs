//! Claiming cars by VIN, the owner's details, history, and who may see what.

use crate::helpers;

use helpers::{spawn, Engine};

async fn an_owner_claims_a_car_and_sees_its_warranty(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(1, 100, "13900000011").await;
    let owner = app.owner("13900000011", "Owner A").await;
    let claimed = app.call(&owner, "claim_car", &[("vin", &vin.to_lowercase())]).await;
    assert_eq!(claimed.status(), 200);
    assert_eq!(
        claimed.headers().get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/me/garage/{vin}?added=1").as_str())
    );
    let garage = app.get(&owner, "/me/garage").await.text().await.unwrap_or_default();
    assert!(garage.contains(&vin));
    let page = app.get(&owner, &format!("/me/garage/{vin}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("整车保修") || html.contains("Whole vehicle"), "the warranty card is on the car page");
    // Claiming it again is harmless.
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships").await, 1);
}

async fn vins_are_refused_with_the_reason(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(2, Some(10)).await;
    let unsold = app.register_car(3, None).await;
    let owner = app.owner("13900000012", "Owner").await;
    let mut typo = vin.clone();
    typo.replace_range(12..13, if &vin[12..13] == "5" { "6" } else { "5" });
    for (raw, problem) in [
        (typo.as_str(), "CheckDigit"),
        ("LMVTST00XR000000", "WrongLength"),
        ("LMVTST00XR00000O2", "LetterNotAllowed"),
        ("1HGCM82633A004352", "VinNotRegistered"),
        (unsold.as_str(), "VinNotSold"),
    ] {
        let response = app.call(&owner, "claim_car", &[("vin", raw)]).await;
        assert_eq!(response.status(), 422, "{raw}");
        let body = response.text().await.unwrap_or_default();
        assert!(body.contains(r#""field":"vin""#) && body.contains(problem), "{raw}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships").await, 0);
}

async fn a_car_in_another_owners_garage_cannot_be_claimed(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(4, 10, "13900000013").await;
    let a = app.owner("13900000013", "A").await;
    let b = app.owner("13900000014", "B").await;
    assert_eq!(app.call(&a, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let refused = app.call(&b, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("ProofNeeded"));
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships WHERE ended_at IS NULL").await, 1, "A keeps the car");
    // The page asks B for the registration certificate (no-JS path renders the form).
    let page = b
        .post(app.url("/api/claim_car"))
        .header("accept", "text/html")
        .header("referer", app.url("/me/garage"))
        .form(&[("vin", vin.as_str())])
        .send()
        .await
        .expect("answer");
    let location = page.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let html = app.get(&b, &location).await.text().await.unwrap_or_default();
    assert!(html.contains(r#"action="/api/claim_car_with_proof""#) && html.contains(r#"name="evidence""#), "{html}");
    assert!(html.contains(&format!(r#"value="{vin}""#)), "the VIN typed is kept");
}

async fn owner_b_cannot_read_or_change_owner_as_car(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(5, 10, "13900000015").await;
    let a = app.owner("13900000015", "A").await;
    let b = app.owner("13900000016", "B").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &a,
        "update_car",
        &[("vin", &vin), ("plate", "沪A12345"), ("mileage", "1200"), ("insurance_due", ""), ("inspection_due", "")],
    )
    .await;

    assert_eq!(app.get(&b, &format!("/me/garage/{vin}")).await.status(), 404);
    let read = app.call(&b, "garage_car", &[("vin", &vin)]).await;
    assert_eq!(read.status(), 404);
    let body = read.text().await.unwrap_or_default();
    assert!(!body.contains("沪A12345"), "{body}");
    let changes: [(&str, Vec<(&str, &str)>); 2] = [
        (
            "update_car",
            vec![
                ("vin", &vin),
                ("plate", "沪B99999"),
                ("mileage", "9999"),
                ("insurance_due", ""),
                ("inspection_due", ""),
            ],
        ),
        ("release_car", vec![("vin", &vin), ("confirm", "yes")]),
    ];
    for (endpoint, form) in changes {
        assert_eq!(app.call(&b, endpoint, &form).await.status(), 404, "{endpoint}");
    }
    assert_eq!(app.report_any_work(&b, &vin).await.status(), 404, "report_work");
    let (plate, ended): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT plate, ended_at FROM ownerships WHERE vin = $1")
            .bind(&vin)
            .fetch_one(app.db.pool())
            .await
            .expect("ownership");
    assert_eq!((plate.as_deref(), ended), (Some("沪A12345"), None), "A's car is untouched");
    assert_eq!(app.count("SELECT COUNT(*) FROM service_records").await, 0);
}

async fn the_mileage_may_not_go_down(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(6, 30, "13900000017").await;
    let a = app.owner("13900000017", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    let with_km = |km: &'static str| {
        [("vin", vin.as_str()), ("plate", "沪C88888"), ("mileage", km), ("insurance_due", ""), ("inspection_due", "")]
    };
    assert_eq!(app.call(&a, "update_car", &with_km("5000")).await.status(), 200);
    let down = with_km("4999");
    let refused = app.call(&a, "update_car", &down).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("MileageDecrease"));
    let km: Option<i64> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
        .bind(&vin)
        .fetch_one(app.db.pool())
        .await
        .expect("km");
    assert_eq!(km, Some(5000));
}

async fn the_history_stays_with_the_car_and_personal_details_do_not(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(7, 400, "13900000018").await;
    let a = app.owner("13900000018", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &a,
        "update_car",
        &[
            ("vin", &vin),
            ("plate", "沪A54321"),
            ("mileage", ""),
            ("insurance_due", "2027-01-01"),
            ("inspection_due", ""),
        ],
    )
    .await;
    let reported = app
        .report_work(
            &a,
            &[
                ("vin", &vin),
                ("performed_on", "2026-01-05"),
                ("mileage", "8000"),
                ("work", "机油更换"),
                ("garage_name", "路边快修"),
                ("is_maintenance", "on"),
            ],
            None,
        )
        .await;
    assert_eq!(reported.status(), 200);
    assert_eq!(app.call(&a, "release_car", &[("vin", &vin)]).await.status(), 422, "release needs the confirmation");
    assert_eq!(app.call(&a, "release_car", &[("vin", &vin), ("confirm", "yes")]).await.status(), 200);
    assert_eq!(app.get(&a, &format!("/me/garage/{vin}")).await.status(), 404, "A no longer sees the car");

    // B buys it through a dealer, who records B's number in the register.
    app.sold_to(&vin, "13900000019").await;
    let b = app.owner("13900000019", "B").await;
    assert_eq!(app.call(&b, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let data: serde_json::Value = app.call(&b, "garage_car", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    assert_eq!(data["car"]["plate"], serde_json::Value::Null, "A's plate does not travel");
    assert_eq!(data["car"]["insurance_due"], serde_json::Value::Null);
    assert_eq!(data["car"]["mileage_km"], 8000, "the odometer is the car's");
    assert_eq!(data["history"][0]["work"], "机油更换");
    assert_eq!(data["history"][0]["source"], "EarlierOwner");
}

on_both_engines!(
    an_owner_claims_a_car_and_sees_its_warranty,
    vins_are_refused_with_the_reason,
    a_car_in_another_owners_garage_cannot_be_claimed,
    owner_b_cannot_read_or_change_owner_as_car,
    the_mileage_may_not_go_down,
    the_history_stays_with_the_car_and_personal_details_do_not,
);
