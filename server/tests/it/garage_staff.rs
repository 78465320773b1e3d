//! Staff tools on a car: transfer on proof of sale, mileage correction,
//! campaign completion, and the owner's profile for customer care.

use crate::helpers;

use helpers::{spawn, Engine};
use pitlane::account::Role;
use pitlane::Clock;

async fn only_brand_wide_care_transfers_a_car_and_the_seller_is_told(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(51, 30, "13900000051").await;
    let a = app.owner("13900000051", "Seller").await;
    let b = app.owner("13900000052", "Buyer").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    let form = [("vin", vin.as_str()), ("identifier", "13900000052"), ("proof", "沪登记 0012345")];
    assert_eq!(app.call(&b, "transfer_car", &form).await.status(), 403, "an owner cannot transfer");
    let advisor_dealer = app.dealer("SH51").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(advisor_dealer), "advisor51@example.com").await;
    assert_eq!(app.call(&advisor, "transfer_car", &form).await.status(), 403, "advisors do not transfer");
    let dealer_care = app.signed_in_as(Role::CareAgent, Some(advisor_dealer), "care51sh@example.com").await;
    assert_eq!(app.call(&dealer_care, "transfer_car", &form).await.status(), 403, "nor does a dealer's care desk");

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
    let told: Vec<String> = sqlx::query_scalar(
        "SELECT n.kind FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.mobile = '13900000051'",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("notifications");
    assert!(told.contains(&"car_transferred".to_owned()), "the seller is told: {told:?}");
}

async fn lowering_the_mileage_needs_an_admin_and_a_reason(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(52, 200, "13900000053").await;
    let a = app.owner("13900000053", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    app.call(
        &a,
        "update_car",
        &[("vin", &vin), ("plate", ""), ("mileage", "50000"), ("insurance_due", ""), ("inspection_due", "")],
    )
    .await;
    let km = || async {
        let km: Option<i64> = sqlx::query_scalar("SELECT mileage_km FROM vehicles WHERE vin = $1")
            .bind(&vin)
            .fetch_one(app.db.pool())
            .await
            .expect("km");
        km
    };
    let form = |mileage: &'static str, reason: &'static str| {
        [("vin", vin.clone()), ("mileage", mileage.into()), ("reason", reason.into())]
    };
    let call = |client: &reqwest::Client, mileage: &'static str, reason: &'static str| {
        let form = form(mileage, reason);
        let fields: Vec<(&str, String)> = form.to_vec();
        let client = client.clone();
        let url = app.url("/api/correct_mileage");
        async move { client.post(url).header("accept", "application/json").form(&fields).send().await.expect("answer") }
    };
    assert_eq!(call(&a, "5000", "").await.status(), 403, "owners do not correct");
    let care = app.signed_in_as(Role::CareAgent, None, "care52@example.com").await;
    let lowered = call(&care, "5000", "instrument replaced").await;
    assert_eq!(lowered.status(), 422, "care cannot lower it");
    assert!(lowered.text().await.unwrap_or_default().contains("MileageDecrease"));
    assert_eq!(call(&care, "52000", "").await.status(), 200, "care may raise it to a checked reading");
    let admin = app.signed_in_as(Role::Admin, None, "admin52@example.com").await;
    let bare = call(&admin, "5000", "").await;
    assert_eq!(bare.status(), 422, "an admin lowers it only with a reason");
    assert!(bare.text().await.unwrap_or_default().contains("reason"));
    assert_eq!(km().await, Some(52000), "refused changes change nothing");
    assert_eq!(call(&admin, "5000", "instrument cluster replaced").await.status(), 200);
    assert_eq!(km().await, Some(5000));
    let detail: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'mileage_corrected' ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .expect("audit");
    assert_eq!(detail.len(), 2);
    assert!(detail[1].contains("instrument cluster replaced"), "{detail:?}");
}

async fn a_dealers_desk_reaches_only_cars_and_owners_related_to_it(engine: Engine) {
    use helpers::booking::{book, open_dealer, service_id, slot};
    let app = spawn(engine).await;
    let shanghai = open_dealer(&app, "SH56", 2).await;
    let beijing = app.dealer("BJ56").await;
    let vin = app.register_car_sold_to(56, 30, "13900000056").await;
    let owner = app.owner("13900000056", "Related Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let owner_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900000056'")
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    let advisor_sh = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor56@example.com").await;
    let care_bj = app.signed_in_as(Role::CareAgent, Some(beijing), "care56bj@example.com").await;
    let care_sh = app.signed_in_as(Role::CareAgent, Some(shanghai), "care56sh@example.com").await;
    let leads_sh = app.signed_in_as(Role::LeadHandler, Some(shanghai), "leads56@example.com").await;
    let vehicle = |client: &reqwest::Client| {
        let (client, url) = (client.clone(), app.url("/api/staff_vehicle"));
        let vin = vin.clone();
        async move {
            client.post(url).header("accept", "application/json").form(&[("vin", vin)]).send().await.expect("answer")
        }
    };
    let user = [("user_id", owner_id.to_string())];
    assert_eq!(vehicle(&advisor_sh).await.status(), 404, "no relation with Shanghai yet");
    assert_eq!(app.call(&care_sh, "staff_owner", &[("user_id", &owner_id.to_string())]).await.status(), 404);

    // A booking at Shanghai makes the car and its owner Shanghai's customers.
    let service = service_id(&app, "maintenance").await;
    assert_eq!(book(&app, &owner, &vin, shanghai, service, slot(&app, 2, 10), "k56").await.status(), 200);
    assert_eq!(vehicle(&advisor_sh).await.status(), 200);
    let seen: serde_json::Value = vehicle(&advisor_sh).await.json().await.unwrap_or_default();
    assert_eq!(seen[0]["owner"]["mobile"], "13900000056", "the advisor calls the owner: {seen}");
    let seen: serde_json::Value = vehicle(&leads_sh).await.json().await.unwrap_or_default();
    assert_eq!(seen[0]["owner"]["display_name"], "Related Owner");
    assert!(seen[0]["owner"]["mobile"].is_null() && seen[0]["owner"]["email"].is_null(), "no contacts: {seen}");
    assert_eq!(app.call(&care_sh, "staff_owner", &[("user_id", &owner_id.to_string())]).await.status(), 200);
    assert_eq!(vehicle(&care_bj).await.status(), 404, "Beijing has no relation with the car");
    let bj = care_bj.post(app.url("/api/staff_owner")).header("accept", "application/json").form(&user).send().await;
    assert_eq!(bj.expect("answer").status(), 404, "nor with its owner");
    // Recording a phone contact for the owner does not make one.
    let phoned = [
        ("identifier", "13900000056"),
        ("channel", "phone"),
        ("kind", "question"),
        ("category", "other"),
        ("title", "Asked about opening hours"),
        ("description", "Called to ask when the Beijing dealer opens."),
        ("idempotency_key", "phone-56"),
    ];
    assert_eq!(app.call(&care_bj, "open_case_for_owner", &phoned).await.status(), 200);
    assert_eq!(app.call(&care_bj, "staff_owner", &[("user_id", &owner_id.to_string())]).await.status(), 404);
    assert_eq!(vehicle(&care_bj).await.status(), 404);

    // Work on the car is recorded only from a visit at the advisor's dealer.
    let campaign = app.recall_campaign("R-56", "Belt").await.to_string();
    let done = [("vin", vin.as_str()), ("campaign", campaign.as_str())];
    assert_eq!(app.call(&advisor_sh, "complete_campaign", &done).await.status(), 404, "booked is not a visit");
    let booking = app.count(&format!("SELECT id FROM bookings WHERE vin = '{vin}'")).await.to_string();
    let arrived = [("booking", booking.as_str()), ("mileage", "1200")];
    helpers::booking::arrive_at(&app, slot(&app, 2, 10));
    assert_eq!(app.call(&advisor_sh, "check_in_visit", &arrived).await.status(), 200, "the car is at the dealer");
    assert_eq!(app.call(&advisor_sh, "complete_campaign", &done).await.status(), 200);
}

async fn a_desk_cannot_reach_an_owner_by_booking_on_the_phone_and_checking_in_at_once(engine: Engine) {
    use helpers::booking::{open_dealer, service_id, slot};
    let app = spawn(engine).await;
    let shanghai = open_dealer(&app, "SH57", 2).await;
    let vin = app.register_car_sold_to(57, 30, "13900000057").await;
    let owner = app.owner("13900000057", "Phoned Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let owner_id = app.count("SELECT id FROM users WHERE mobile = '13900000057'").await.to_string();
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor57@example.com").await;
    let care = app.signed_in_as(Role::CareAgent, Some(shanghai), "care57sh@example.com").await;
    let at = slot(&app, 2, 10);
    let (service, starts) = (service_id(&app, "maintenance").await.to_string(), at.timestamp_millis().to_string());
    let form = [
        ("identifier", "13900000057"),
        ("vin", vin.as_str()),
        ("service_type", service.as_str()),
        ("starts_at", starts.as_str()),
        ("note", ""),
        ("idempotency_key", "phone-57"),
    ];
    let booked = app.call(&advisor, "book_for_owner", &form).await;
    assert_eq!(booked.status(), 200);
    let id = booked.text().await.unwrap_or_default();
    let check_in = [("booking", id.as_str()), ("mileage", "100")];
    let early = app.call(&advisor, "check_in_visit", &check_in).await;
    assert_eq!(early.status(), 422, "a phone booking is not checked in days ahead");
    assert!(early.text().await.unwrap_or_default().contains("NotItsDay"));
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings WHERE status = 'checked_in'").await, 0);
    assert_eq!(app.call(&care, "staff_owner", &[("user_id", &owner_id)]).await.status(), 404, "no relation made");
    let visit = [("vin", vin.as_str())];
    assert_eq!(app.call(&advisor, "staff_vehicle", &visit).await.status(), 404);

    let told = app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'booked_for_you'").await;
    assert_eq!(told, 1, "the owner hears of the booking made for them");

    // The car arrives on the day: now the dealer knows its owner.
    app.clock.advance(at - app.clock.now() - chrono::Duration::minutes(30));
    assert_eq!(app.call(&advisor, "check_in_visit", &check_in).await.status(), 200);
    assert_eq!(app.call(&care, "staff_owner", &[("user_id", &owner_id)]).await.status(), 200);

    // A walk-in: booked for the next slot and checked in at once would make a
    // relation with anyone; it waits for its owner to confirm it.
    let vin2 = app.register_car_sold_to(58, 30, "13900000058").await;
    let walk_in = app.owner("13900000058", "Walk-in Owner").await;
    app.call(&walk_in, "claim_car", &[("vin", &vin2)]).await;
    let walk_in_id = app.count("SELECT id FROM users WHERE mobile = '13900000058'").await.to_string();
    let next = slot(&app, 1, 10);
    app.clock.advance(next - app.clock.now() - chrono::Duration::hours(2));
    let starts = next.timestamp_millis().to_string();
    let form = [
        ("identifier", "13900000058"),
        ("vin", vin2.as_str()),
        ("service_type", service.as_str()),
        ("starts_at", starts.as_str()),
        ("note", ""),
        ("idempotency_key", "phone-58"),
    ];
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(shanghai), "advisor58@example.com").await;
    let care = app.signed_in_as(Role::CareAgent, Some(shanghai), "care58sh@example.com").await;
    let booked = app.call(&advisor, "book_for_owner", &form).await;
    assert_eq!(booked.status(), 200);
    let id = booked.text().await.unwrap_or_default();
    let check_in = [("booking", id.as_str()), ("mileage", "100")];
    let at_once = app.call(&advisor, "check_in_visit", &check_in).await;
    assert_eq!(at_once.status(), 422, "not at once");
    assert!(at_once.text().await.unwrap_or_default().contains("AwaitsOwner"), "though it is the visit's day");
    assert_eq!(app.call(&care, "staff_owner", &[("user_id", &walk_in_id)]).await.status(), 404);
    let page = app.get(&walk_in, &format!("/me/bookings/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains(r#"action="/api/confirm_booking""#), "the owner is asked to confirm it");
    let other = app.owner("13900000059", "Someone Else").await;
    assert_eq!(app.call(&other, "confirm_booking", &[("id", &id)]).await.status(), 404, "only its owner confirms");
    assert_eq!(app.call(&walk_in, "confirm_booking", &[("id", &id)]).await.status(), 200);
    assert_eq!(app.call(&care, "staff_owner", &[("user_id", &walk_in_id)]).await.status(), 200, "the owner's word");
    assert_eq!(app.call(&advisor, "check_in_visit", &check_in).await.status(), 200);
}

async fn an_advisor_records_a_recall_as_done_and_the_reminder_clears(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(53, 30, "13900000054").await;
    let campaign = app.recall_campaign("R-53", "Seat").await;
    let owner = app.owner("13900000054", "Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let before: serde_json::Value = app.call(&owner, "garage_cars", &[]).await.json().await.unwrap_or_default();
    // An open recall has no date to be due by: it is to do (`reminder::State::settled`).
    assert!(before.to_string().contains(r#""kind":"Recall","state":"Open""#), "{before}");

    let id = campaign.to_string();
    assert_eq!(app.call(&owner, "complete_campaign", &[("vin", &vin), ("campaign", &id)]).await.status(), 403);
    let dealer = helpers::booking::open_dealer(&app, "SH53", 2).await;
    let service = helpers::booking::service_id(&app, "maintenance").await;
    let at = helpers::booking::slot(&app, 1, 9);
    assert_eq!(helpers::booking::book(&app, &owner, &vin, dealer, service, at, "k53").await.status(), 200);
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor53@example.com").await;
    let booking = app.count(&format!("SELECT id FROM bookings WHERE vin = '{vin}'")).await.to_string();
    let arrived = [("booking", booking.as_str()), ("mileage", "1200")];
    helpers::booking::arrive_at(&app, at);
    assert_eq!(app.call(&advisor, "check_in_visit", &arrived).await.status(), 200, "the car is at the dealer");
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

async fn customer_care_sees_an_owners_profile_history_and_an_unrelated_workshop_does_not(engine: Engine) {
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
    // A workshop reads the profiles of the owners it serves only (`account::reach`).
    assert_eq!(app.get(&advisor, &format!("/staff/owners/{id}")).await.status(), 404);
    assert_eq!(app.call(&advisor, "staff_owner", &[("user_id", &id.to_string())]).await.status(), 404);
    let leads = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads55@example.com").await;
    // The sales floor opens the customers it sold to; this one it never met.
    assert_eq!(app.call(&leads, "staff_owner", &[("user_id", &id.to_string())]).await.status(), 404);
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
    only_brand_wide_care_transfers_a_car_and_the_seller_is_told,
    lowering_the_mileage_needs_an_admin_and_a_reason,
    a_dealers_desk_reaches_only_cars_and_owners_related_to_it,
    a_desk_cannot_reach_an_owner_by_booking_on_the_phone_and_checking_in_at_once,
    an_advisor_records_a_recall_as_done_and_the_reminder_clears,
    customer_care_sees_an_owners_profile_history_and_an_unrelated_workshop_does_not,
);
