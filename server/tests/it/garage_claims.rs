//! A car is yours only with proof: the registered buyer's verified mobile, or a
//! registration certificate customer care approves; owners' mileage that jumps
//! further than the days allow waits for staff; claims are throttled.

use crate::helpers;

use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;
use pitlane::Clock;

/// A claim sent with a photo of the registration certificate.
async fn claim_with_proof(app: &TestApp, client: &reqwest::Client, vin: &str) -> reqwest::Response {
    app.post_files(client, "claim_car_with_proof", &[("vin", vin)], "evidence", vec![TestApp::jpeg()]).await
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn the_registered_buyer_with_a_verified_mobile_gets_the_car_at_once(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(1101, 30, "13900011001").await;
    let buyer = app.signed_in_as(Role::Owner, None, "13900011001").await;
    let claimed = app.call(&buyer, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(claimed.status(), 200);
    assert_eq!(location(&claimed), format!("/me/garage/{vin}?added=1"));
    assert_eq!(app.get(&buyer, &format!("/me/garage/{vin}")).await.status(), 200);
    let (basis, status): (String, String) = sqlx::query_as(
        "SELECT o.basis, c.status FROM ownerships o JOIN car_claims c ON c.ownership_id = o.id WHERE o.vin = $1",
    )
    .bind(&vin)
    .fetch_one(app.db.pool())
    .await
    .expect("ownership and claim");
    assert_eq!((basis.as_str(), status.as_str()), ("register", "accepted"));

    // The same number, not verified, proves nothing.
    let other = app.register_car_sold_to(1102, 30, "13900011002").await;
    let unverified = app.signed_in_as(Role::Owner, None, "13900011002").await;
    sqlx::query("UPDATE users SET mobile_verified_at = NULL WHERE mobile = '13900011002'")
        .execute(app.db.pool())
        .await
        .expect("unverify");
    let refused = app.call(&unverified, "claim_car", &[("vin", &other)]).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap_or_default();
    assert!(body.contains("ProofNeeded") && body.contains(r#""field":"evidence""#), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships").await, 1);
}

async fn a_claim_without_the_buyers_number_waits_for_care_and_shows_nothing_until_approved(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(1110, 30, "13900011010").await;
    let claimant = app.signed_in_as(Role::Owner, None, "13900011011").await;
    let asked = app.call(&claimant, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(asked.status(), 422);
    assert!(asked.text().await.unwrap_or_default().contains("ProofNeeded"));
    let no_photo = app.post_files(&claimant, "claim_car_with_proof", &[("vin", &vin)], "evidence", Vec::new()).await;
    assert_eq!(no_photo.status(), 422, "a claim on evidence needs the evidence");
    assert_eq!(app.count("SELECT COUNT(*) FROM car_claims").await, 0);

    let sent = claim_with_proof(&app, &claimant, &vin).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(location(&sent), "/me/garage?claimed=pending");
    let again = app.call(&claimant, "claim_car", &[("vin", &vin)]).await;
    assert_eq!((again.status().as_u16(), location(&again)), (200, "/me/garage?claimed=pending".to_owned()));
    assert_eq!(app.count("SELECT COUNT(*) FROM car_claims").await, 1, "a repeated claim finds the first");

    // Waiting: the garage says so, and nothing of the car's history shows.
    let garage = app.get(&claimant, "/me/garage").await.text().await.unwrap_or_default();
    assert!(garage.contains(&vin) && garage.contains("等待确认"), "the garage lists the claim as waiting");
    let mine: serde_json::Value = app.call(&claimant, "my_car_claims", &[]).await.json().await.unwrap_or_default();
    assert_eq!(mine[0]["vin"], vin.as_str(), "{mine}");
    assert_eq!(app.get(&claimant, &format!("/me/garage/{vin}")).await.status(), 404);
    assert_eq!(app.call(&claimant, "garage_car", &[("vin", &vin)]).await.status(), 404);
    let details =
        [("vin", vin.as_str()), ("plate", ""), ("mileage", "2000000"), ("insurance_due", ""), ("inspection_due", "")];
    assert_eq!(app.call(&claimant, "update_car", &details).await.status(), 404);
    assert_eq!(app.report_any_work(&claimant, &vin).await.status(), 404);
    let cars: serde_json::Value = app.call(&claimant, "garage_cars", &[]).await.json().await.unwrap_or_default();
    assert_eq!(cars, serde_json::json!([]));

    // Only the brand-wide care desk sees the queue and the evidence.
    let dealer = app.dealer("CL10").await;
    let dealer_care = app.signed_in_as(Role::CareAgent, Some(dealer), "care.cl10@example.com").await;
    assert_eq!(app.call(&dealer_care, "claim_queue", &[]).await.status(), 403);
    assert_eq!(app.call(&claimant, "claim_queue", &[]).await.status(), 403);
    let care = app.signed_in_as(Role::CareAgent, None, "care.claims@example.com").await;
    let queue: serde_json::Value = app.call(&care, "claim_queue", &[]).await.json().await.unwrap_or_default();
    assert_eq!(queue[0]["vin"], vin.as_str(), "{queue}");
    assert_eq!(queue[0]["holder"], serde_json::Value::Null);
    let (id, evidence) =
        (queue[0]["id"].as_i64().unwrap_or_default(), queue[0]["evidence"].as_i64().unwrap_or_default());
    let page = app.get(&care, "/staff/claims").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(
        html.contains(&vin) && html.contains(&format!("/files/{evidence}")),
        "the queue shows the claim and its photo"
    );
    assert_eq!(app.get(&care, &format!("/files/{evidence}")).await.status(), 200);
    assert_eq!(app.get(&claimant, &format!("/files/{evidence}")).await.status(), 200, "the claimant's own photo");
    assert_eq!(app.get(&dealer_care, &format!("/files/{evidence}")).await.status(), 404);
    let stranger = app.signed_in_as(Role::Owner, None, "13900011012").await;
    assert_eq!(app.get(&stranger, &format!("/files/{evidence}")).await.status(), 404);
    assert_eq!(app.call(&dealer_care, "approve_claim", &[("id", &id.to_string())]).await.status(), 403);

    let approved = app.call(&care, "approve_claim", &[("id", &id.to_string())]).await;
    assert_eq!(approved.status(), 200);
    assert_eq!(app.get(&claimant, &format!("/me/garage/{vin}")).await.status(), 200, "the owner sees the car now");
    assert_eq!(app.call(&claimant, "garage_car", &[("vin", &vin)]).await.status(), 200);
    let (basis, registered): (String, Option<String>) = sqlx::query_as(
        "SELECT o.basis, v.registered_mobile FROM ownerships o JOIN vehicles v ON v.vin = o.vin WHERE o.vin = $1 AND o.ended_at IS NULL",
    )
    .bind(&vin)
    .fetch_one(app.db.pool())
    .await
    .expect("ownership");
    assert_eq!(
        (basis.as_str(), registered.as_deref()),
        ("care", Some("13900011011")),
        "the register has the owner's number"
    );
    let told = app.told("13900011011").await;
    assert!(told.iter().any(|(kind, _)| kind == "car_claim_approved"), "{told:?}");
    let twice = app.call(&care, "approve_claim", &[("id", &id.to_string())]).await;
    assert_eq!(twice.status(), 422, "a claim is decided once");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'car_claim_approved'").await, 1);
}

async fn care_rejects_a_claim_with_a_reason_and_the_claimant_is_told(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(1120, Some(30)).await;
    let claimant = app.signed_in_as(Role::Owner, None, "13900011020").await;
    assert_eq!(claim_with_proof(&app, &claimant, &vin).await.status(), 200);
    let id = app.count("SELECT id FROM car_claims").await.to_string();
    let admin = app.signed_in_as(Role::Admin, None, "admin.claims@example.com").await;
    let bare = app.call(&admin, "reject_claim", &[("id", &id), ("reason", " ")]).await;
    assert_eq!(bare.status(), 422, "a rejection says why");
    assert!(bare.text().await.unwrap_or_default().contains(r#""field":"reason""#));
    let reason = "The certificate names another owner";
    assert_eq!(app.call(&admin, "reject_claim", &[("id", &id), ("reason", reason)]).await.status(), 200);

    let told = app.told("13900011020").await;
    assert!(told.iter().any(|(kind, title)| kind == "car_claim_rejected" && title.contains(reason)), "{told:?}");
    assert_eq!(app.get(&claimant, &format!("/me/garage/{vin}")).await.status(), 404);
    let mine: serde_json::Value = app.call(&claimant, "my_car_claims", &[]).await.json().await.unwrap_or_default();
    assert_eq!(mine, serde_json::json!([]), "no longer waiting");
    assert_eq!(app.call(&admin, "approve_claim", &[("id", &id)]).await.status(), 422, "rejected stays rejected");
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships").await, 0);
}

async fn a_transfer_by_care_ends_the_claims_still_waiting(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car(1121, Some(30)).await;
    let claimant = app.signed_in_as(Role::Owner, None, "13900011021").await;
    assert_eq!(claim_with_proof(&app, &claimant, &vin).await.status(), 200);
    let id = app.count("SELECT id FROM car_claims").await.to_string();
    app.signed_in_as(Role::Owner, None, "13900011022").await;
    let care = app.signed_in_as(Role::CareAgent, None, "care.transfer@example.com").await;
    let form = [("vin", vin.as_str()), ("identifier", "13900011022"), ("proof", "沪登记 0099")];
    assert_eq!(app.call(&care, "transfer_car", &form).await.status(), 200);
    let told = app.told("13900011021").await;
    assert!(told.iter().any(|(kind, _)| kind == "car_claim_superseded"), "the claimant is told: {told:?}");
    let admin = app.signed_in_as(Role::Admin, None, "admin.transfer@example.com").await;
    assert_eq!(app.call(&admin, "approve_claim", &[("id", &id)]).await.status(), 422, "it cannot undo the transfer");
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships WHERE ended_at IS NULL").await, 1);
}

async fn the_buyer_ends_a_squatters_waiting_claim_and_an_ownership_without_proof(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(1130, 30, "13900011030").await;
    // Someone added the car before proof was asked (a legacy ownership) ...
    let legacy = app.signed_in_as(Role::Owner, None, "13900011032").await;
    sqlx::query(
        "INSERT INTO ownerships (vin, owner_id, started_at) SELECT $1, id, 0 FROM users WHERE mobile = '13900011032'",
    )
    .bind(&vin)
    .execute(app.db.pool())
    .await
    .expect("legacy ownership");
    assert_eq!(app.get(&legacy, &format!("/me/garage/{vin}")).await.status(), 200);
    // ... and a squatter waits for care with a photo.
    let squatter = app.signed_in_as(Role::Owner, None, "13900011031").await;
    assert_eq!(claim_with_proof(&app, &squatter, &vin).await.status(), 200);
    let legacy_claim = app.call(&legacy, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(legacy_claim.status(), 200, "the holder's own claim changes nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM car_claims").await, 1);

    let buyer = app.signed_in_as(Role::Owner, None, "13900011030").await;
    let claimed = app.call(&buyer, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(claimed.status(), 200);
    assert_eq!(location(&claimed), format!("/me/garage/{vin}?added=1"));
    assert_eq!(app.get(&buyer, &format!("/me/garage/{vin}")).await.status(), 200);
    assert_eq!(app.get(&legacy, &format!("/me/garage/{vin}")).await.status(), 404, "the legacy holder is out");
    assert_eq!(app.count("SELECT COUNT(*) FROM ownerships WHERE ended_reason = 'claimed_by_buyer'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM car_claims WHERE status = 'superseded'").await, 1);
    let care = app.signed_in_as(Role::CareAgent, None, "care.squat@example.com").await;
    let queue: serde_json::Value = app.call(&care, "claim_queue", &[]).await.json().await.unwrap_or_default();
    assert_eq!(queue, serde_json::json!([]), "the squatter's claim is no longer waiting");
    assert!(app.told("13900011032").await.iter().any(|(kind, _)| kind == "car_left_garage"));
    assert!(app.told("13900011031").await.iter().any(|(kind, _)| kind == "car_claim_superseded"));

    // A car someone holds on proof (care saw a later sale) is not taken by the register's number.
    let resold = app.register_car_sold_to(1131, 30, "13900011030").await;
    sqlx::query(
        "INSERT INTO ownerships (vin, owner_id, started_at, basis) SELECT $1, id, 0, 'care' FROM users WHERE mobile = '13900011032'",
    )
    .bind(&resold)
    .execute(app.db.pool())
    .await
    .expect("ownership on proof");
    let refused = app.call(&buyer, "claim_car", &[("vin", &resold)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("ProofNeeded"));
    assert_eq!(app.get(&legacy, &format!("/me/garage/{resold}")).await.status(), 200);
}

async fn an_implausible_odometer_jump_is_held_and_the_public_lookup_keeps_the_old_reading(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(1140, 10, "13900011040").await;
    let dealer = app.dealer("CL40").await;
    sqlx::query("UPDATE vehicles SET selling_dealer_id = $1 WHERE vin = $2")
        .bind(dealer)
        .bind(&vin)
        .execute(app.db.pool())
        .await
        .expect("selling dealer");
    let owner = app.signed_in_as(Role::Owner, None, "13900011040").await;
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let km = |mileage: &'static str| {
        [
            ("vin", vin.clone()),
            ("plate", String::new()),
            ("mileage", mileage.into()),
            ("insurance_due", String::new()),
            ("inspection_due", String::new()),
        ]
    };
    let send = |mileage: &'static str| {
        let form = km(mileage);
        let (client, url) = (owner.clone(), app.url("/api/update_car"));
        async move { client.post(url).header("accept", "application/json").form(&form).send().await.expect("answer") }
    };
    let odometer = || async {
        let km: Option<i64> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
            .bind(&vin)
            .fetch_one(app.db.pool())
            .await
            .expect("km");
        km
    };
    // Ten days since the sale allow 3 000 km for a first reading (300 a day).
    let plausible = send("3000").await;
    assert_eq!((plausible.status().as_u16(), location(&plausible)), (200, format!("/me/garage/{vin}?saved=details")));
    let held = send("2000000").await;
    assert_eq!((held.status().as_u16(), location(&held)), (200, format!("/me/garage/{vin}?saved=held")));
    assert_eq!(odometer().await, Some(3000), "the car keeps its reading");
    let data: serde_json::Value =
        app.call(&owner, "garage_car", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    assert_eq!(
        (data["car"]["mileage_km"].clone(), data["car"]["held_mileage"]["km"].clone()),
        (3000.into(), 2000000.into())
    );
    let page = app.get(&owner, &format!("/me/garage/{vin}")).await.text().await.unwrap_or_default();
    assert!(page.contains("待确认") && page.contains("2000000"), "the garage shows the reading as held");

    let visitor = helpers::client();
    let public = app.get(&visitor, &format!("/warranty?vin={vin}")).await.text().await.unwrap_or_default();
    assert!(public.contains("剩余 97000 公里"), "the public lookup uses the confirmed reading");
    let lookup = app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.text().await.unwrap_or_default();
    assert!(!lookup.contains("Expired"), "{lookup}");

    // Work reported elsewhere with a jump is recorded, its mileage held (replacing the first).
    let today = app.clock.now().date_naive().to_string();
    let work = [
        ("vin", vin.as_str()),
        ("performed_on", &today),
        ("mileage", "1000000"),
        ("work", "Tyres"),
        ("garage_name", "Corner"),
    ];
    let reported = app.report_work(&owner, &work, None).await;
    assert_eq!((reported.status().as_u16(), location(&reported)), (200, format!("/me/garage/{vin}?saved=held")));
    assert_eq!(app.count("SELECT COUNT(*) FROM service_records").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM held_readings WHERE status = 'held'").await, 1);
    let reading = app.count("SELECT id FROM held_readings WHERE status = 'held'").await.to_string();
    assert_eq!(odometer().await, Some(3000));

    // Staff whose desk reaches the car decide; others cannot.
    let elsewhere = app.dealer("CL41").await;
    let far = app.signed_in_as(Role::ServiceAdvisor, Some(elsewhere), "advisor.cl41@example.com").await;
    let leads = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.cl40@example.com").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.cl40@example.com").await;
    let discard = [("vin", vin.as_str()), ("reading", reading.as_str()), ("decision", "discard")];
    assert_eq!(app.call(&owner, "decide_mileage", &discard).await.status(), 403);
    assert_eq!(app.call(&leads, "decide_mileage", &discard).await.status(), 403);
    assert_eq!(app.call(&far, "decide_mileage", &discard).await.status(), 404, "a desk the car is no business of");
    let tool = app.get(&advisor, &format!("/staff/vehicles?vin={vin}")).await.text().await.unwrap_or_default();
    assert!(tool.contains("1000000") && tool.contains("decide_mileage"), "the vehicle tool offers the held reading");
    assert_eq!(app.call(&advisor, "decide_mileage", &discard).await.status(), 200);
    assert_eq!(app.call(&advisor, "decide_mileage", &discard).await.status(), 422, "decided once");
    assert_eq!(odometer().await, Some(3000));
    assert!(app.told("13900011040").await.iter().any(|(kind, _)| kind == "mileage_discarded"));

    // Held again, and confirmed: now it is the car's reading, publicly too.
    assert_eq!(location(&send("1000000").await), format!("/me/garage/{vin}?saved=held"));
    let reading = app.count("SELECT id FROM held_readings WHERE status = 'held'").await.to_string();
    let confirm = [("vin", vin.as_str()), ("reading", reading.as_str()), ("decision", "confirm")];
    assert_eq!(app.call(&advisor, "decide_mileage", &confirm).await.status(), 200);
    assert_eq!(odometer().await, Some(1_000_000));
    let lookup = app.call(&visitor, "warranty_lookup", &[("vin", &vin)]).await.text().await.unwrap_or_default();
    assert!(lookup.contains("Distance"), "the confirmed reading ends the distance cover: {lookup}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('mileage_confirmed', 'mileage_discarded')").await,
        2
    );
}

async fn claims_are_throttled_per_account_and_per_address(engine: Engine) {
    let app = spawn(engine).await;
    let unknown = |n: u32| {
        pitlane::types::Vin::with_check_digit(&format!("LMVTST00XR{:07}", 9_000_000 + n)).expect("VIN").to_string()
    };
    let first = app.signed_in_as(Role::Owner, None, "13900011050").await;
    for n in 0..pitlane::garage::claim::CLAIMS_PER_ACCOUNT_DAY {
        let answer = app.call(&first, "claim_car", &[("vin", &unknown(n as u32))]).await;
        assert_eq!(answer.status(), 422, "attempt {n} is answered");
    }
    let throttled = app.call(&first, "claim_car", &[("vin", &unknown(99))]).await;
    assert_eq!(throttled.status(), 429, "one account tries at most a day's worth");
    assert!(throttled.text().await.unwrap_or_default().contains("Throttled"));
    let with_proof = claim_with_proof(&app, &first, &unknown(98)).await;
    assert_eq!(with_proof.status(), 429, "with a photo too");

    // Other accounts from the same address, until the address's hour is used up.
    let mut sent = pitlane::garage::claim::CLAIMS_PER_ACCOUNT_DAY;
    let mut account = 51;
    while sent < pitlane::garage::claim::CLAIMS_PER_ADDRESS_HOUR {
        let client = app.signed_in_as(Role::Owner, None, &format!("139000110{account}")).await;
        for _ in 0..pitlane::garage::claim::CLAIMS_PER_ACCOUNT_DAY
            .min(pitlane::garage::claim::CLAIMS_PER_ADDRESS_HOUR - sent)
        {
            assert_eq!(app.call(&client, "claim_car", &[("vin", &unknown(sent as u32))]).await.status(), 422);
            sent += 1;
        }
        account += 1;
    }
    let fresh = app.signed_in_as(Role::Owner, None, "13900011099").await;
    assert_eq!(app.call(&fresh, "claim_car", &[("vin", &unknown(0))]).await.status(), 429, "the address is spent");
    // An hour later the address may try again.
    app.clock.advance(chrono::Duration::hours(1) + chrono::Duration::minutes(1));
    assert_eq!(app.call(&fresh, "claim_car", &[("vin", &unknown(0))]).await.status(), 422);
}

on_both_engines!(
    the_registered_buyer_with_a_verified_mobile_gets_the_car_at_once,
    a_claim_without_the_buyers_number_waits_for_care_and_shows_nothing_until_approved,
    care_rejects_a_claim_with_a_reason_and_the_claimant_is_told,
    a_transfer_by_care_ends_the_claims_still_waiting,
    the_buyer_ends_a_squatters_waiting_claim_and_an_ownership_without_proof,
    an_implausible_odometer_jump_is_held_and_the_public_lookup_keeps_the_old_reading,
    claims_are_throttled_per_account_and_per_address,
);
