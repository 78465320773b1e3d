//! The visit in the workshop (progress, estimates the owner answers), the
//! dealer's moves and cancellations, photos of the concern, recall fixes
//! booked with a visit, and the advisor's week.

use crate::helpers;

use helpers::booking::{arrive_at, book, open_dealer, owner_with_car, service_id, slot, used};
use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;
use pitlane::Clock;

async fn advisor(app: &TestApp, dealer: i64, name: &str) -> reqwest::Client {
    app.signed_in_as(Role::ServiceAdvisor, Some(dealer), &format!("{name}@example.com")).await
}

async fn stage(app: &TestApp, id: &str) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, workshop_stage FROM bookings WHERE id = $1")
        .bind(id.parse::<i64>().unwrap_or(0))
        .fetch_one(app.db.pool())
        .await
        .expect("booking")
}

/// A page as an English-speaking browser gets it.
async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client
        .get(app.url(path))
        .header("accept", "text/html")
        .header("accept-language", "en")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap_or_default()
}

async fn the_owner_follows_the_car_through_the_workshop_and_answers_an_estimate(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "WORK", 2).await;
    let diagnosis = service_id(&app, "diagnosis").await;
    // A car sold 400 days ago: its yearly maintenance is overdue.
    let vin = app.register_car_sold_to(711, 400, "13900007011").await;
    let owner = app.owner("13900007011", "Owner 11").await;
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let id =
        book(&app, &owner, &vin, dealer, diagnosis, slot(&app, 1, 10), "w-1").await.text().await.unwrap_or_default();
    let desk = advisor(&app, dealer, "advisor.work").await;
    let target = [("booking", id.as_str())];
    let car = page(&app, &owner, &format!("/me/garage/{vin}")).await;
    assert!(
        car.contains("Booked for") && car.contains(&format!("href=\"/me/bookings/{id}\"")),
        "the maintenance reminder points at the visit already booked"
    );

    assert_eq!(app.call(&desk, "start_work", &target).await.status(), 422, "not before check-in");
    arrive_at(&app, slot(&app, 1, 10));
    assert_eq!(app.call(&desk, "check_in_visit", &[("booking", &id), ("mileage", "5000")]).await.status(), 200);
    assert_eq!(app.call(&desk, "start_work", &target).await.status(), 200);
    assert_eq!(stage(&app, &id).await, ("checked_in".into(), Some("in_work".into())));
    let estimate = [("booking", id.as_str()), ("items", "Front brake pads"), ("amount", "860")];
    assert_eq!(app.call(&desk, "send_estimate", &estimate).await.status(), 200);
    assert_eq!(app.call(&desk, "send_estimate", &estimate).await.status(), 422, "one estimate waits at a time");
    let bad = [("booking", id.as_str()), ("items", ""), ("amount", "lots")];
    assert_eq!(app.call(&desk, "send_estimate", &bad).await.status(), 422);

    let shown = page(&app, &owner, &format!("/me/bookings/{id}")).await;
    assert!(shown.contains("Waiting for approval"), "the timeline shows the step");
    assert!(shown.contains("Front brake pads") && shown.contains("¥860.00"));
    let dashboard = page(&app, &owner, "/me").await;
    assert!(dashboard.contains("Waiting for approval"), "the dashboard shows the car's live step");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'estimate'").await, 1);
    let done = [("booking", id.as_str()), ("work", "Diagnosis"), ("parts", ""), ("amount", "200"), ("mileage", "5001")];
    assert_eq!(app.call(&desk, "complete_visit", &done).await.status(), 422, "not while the owner decides");

    let estimate_id: i64 = sqlx::query_scalar("SELECT id FROM estimates").fetch_one(app.db.pool()).await.expect("id");
    let other = app.owner("13900001199", "Other").await;
    let answer = [("estimate", estimate_id.to_string()), ("decision", "approved".to_owned())];
    let answer: Vec<(&str, &str)> = answer.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&other, "decide_estimate", &answer).await.status(), 404, "only the car's owner answers");
    assert_eq!(app.call(&owner, "decide_estimate", &answer).await.status(), 200);
    assert_eq!(app.call(&owner, "decide_estimate", &answer).await.status(), 422, "answered once");
    let (decision, decided_at): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT decision, decided_at FROM estimates").fetch_one(app.db.pool()).await.expect("row");
    assert_eq!(decision.as_deref(), Some("approved"));
    assert_eq!(decided_at, Some(app.clock.now().timestamp_millis()), "the decision keeps its time");
    assert_eq!(stage(&app, &id).await.1.as_deref(), Some("in_work"));

    assert_eq!(app.call(&desk, "ready_for_pickup", &target).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'ready'").await, 1);
    let shown = page(&app, &owner, &format!("/me/bookings/{id}")).await;
    assert!(shown.contains("Ready for pick-up") && shown.contains("aria-current=\"step\""));
    assert_eq!(app.call(&desk, "complete_visit", &done).await.status(), 200);
    assert_eq!(stage(&app, &id).await, ("completed".into(), None));
    let history = page(&app, &owner, &format!("/me/bookings/{id}")).await;
    assert!(history.contains("Approved") && history.contains("Test Person"), "who did what is on the page");
}

async fn a_dealer_move_tells_the_owner_why_and_the_owner_accepts_or_picks_again(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "MOVE", 1).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 12).await;
    let first = slot(&app, 2, 9);
    let id = book(&app, &owner, &vin, dealer, inspection, first, "m-1").await.text().await.unwrap_or_default();
    let desk = advisor(&app, dealer, "advisor.move").await;
    let new_local =
        (first + chrono::Duration::hours(8) + chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let no_reason = [("booking", id.as_str()), ("starts_at", new_local.as_str()), ("reason", " ")];
    assert_eq!(app.call(&desk, "dealer_move_booking", &no_reason).await.status(), 422, "a reason is required");
    let other_desk = advisor(&app, app.dealer("ELSE").await, "advisor.else").await;
    let moved = [("booking", id.as_str()), ("starts_at", new_local.as_str()), ("reason", "Lift 2 under repair")];
    assert_eq!(app.call(&other_desk, "dealer_move_booking", &moved).await.status(), 404, "not another dealer's");
    assert_eq!(app.call(&desk, "dealer_move_booking", &moved).await.status(), 200);
    let second = first + chrono::Duration::days(1);
    assert_eq!(used(&app, dealer, first).await, 0, "the old place is free");
    assert_eq!(used(&app, dealer, second).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'booking_moved'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE body LIKE '%Lift 2 under repair%'").await, 1);

    let shown = page(&app, &owner, &format!("/me/bookings/{id}")).await;
    assert!(shown.contains("The dealer moved your booking") && shown.contains("Lift 2 under repair"));
    assert!(shown.contains("Moved by the dealer") && shown.contains("Test Person"), "the history names who moved it");

    // Inside the cut-off the owner may still answer with another time.
    app.clock.advance(second - app.clock.now() - chrono::Duration::minutes(90));
    let third = second + chrono::Duration::hours(3);
    let at = third.timestamp_millis().to_string();
    assert_eq!(app.call(&owner, "reschedule_booking", &[("id", &id), ("starts_at", &at)]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings WHERE dealer_change IS NOT NULL").await, 0);
    assert_eq!(used(&app, dealer, third).await, 1);

    // A second move, accepted as it is.
    let later = (third + chrono::Duration::hours(9)).format("%Y-%m-%dT%H:%M").to_string();
    let moved = [("booking", id.as_str()), ("starts_at", later.as_str()), ("reason", "Part not in stock")];
    assert_eq!(app.call(&desk, "dealer_move_booking", &moved).await.status(), 200);
    assert_eq!(app.call(&owner, "accept_booking_change", &[("id", &id)]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM booking_events WHERE kind = 'change_accepted'").await, 1);
}

async fn a_dealer_cancellation_frees_the_place_and_offers_a_new_booking(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "CANX", 1).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 13).await;
    let at = slot(&app, 2, 9);
    let id = book(&app, &owner, &vin, dealer, inspection, at, "c-1").await.text().await.unwrap_or_default();
    let desk = advisor(&app, dealer, "advisor.canx").await;
    let cancel = [("booking", id.as_str()), ("reason", "Workshop closed for inspection")];
    assert_eq!(app.call(&desk, "dealer_cancel_booking", &cancel).await.status(), 200);
    assert_eq!(app.call(&desk, "dealer_cancel_booking", &cancel).await.status(), 422, "once");
    assert_eq!(used(&app, dealer, at).await, 0);
    let shown = page(&app, &owner, &format!("/me/bookings/{id}")).await;
    assert!(shown.contains("The dealer cancelled your booking") && shown.contains("Workshop closed for inspection"));
    assert!(shown.contains(&format!("/service/book?vin={vin}&amp;dealer={dealer}")), "a new booking is one click away");
}

async fn photos_of_the_concern_are_capped_checked_and_shown_only_to_the_owner_and_staff(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "FOTO", 2).await;
    let diagnosis = service_id(&app, "diagnosis").await;
    let (owner, vin) = owner_with_car(&app, 14).await;
    let id =
        book(&app, &owner, &vin, dealer, diagnosis, slot(&app, 1, 11), "p-1").await.text().await.unwrap_or_default();
    // Photos sent with the booking form are kept with it; a bad one refuses the booking.
    let (other_vin_owner, other_vin) = owner_with_car(&app, 17).await;
    let (at, dealer_s, service_s) =
        (slot(&app, 1, 14).timestamp_millis().to_string(), dealer.to_string(), diagnosis.to_string());
    let form = |key: &'static str| {
        [
            ("vin", other_vin.clone()),
            ("dealer", dealer_s.clone()),
            ("service_type", service_s.clone()),
            ("starts_at", at.clone()),
            ("note", "Warning light".to_owned()),
            ("idempotency_key", key.to_owned()),
        ]
    };
    let post = |key: &'static str, photos: Vec<Vec<u8>>| {
        let fields = form(key);
        let app = &app;
        let client = &other_vin_owner;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_files(client, "book_service", &fields, "photos", photos).await
        }
    };
    assert_eq!(post("p-bad", vec![TestApp::jpeg(), b"GIF89a not a picture".to_vec()]).await.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 1, "no booking without its photos");
    assert_eq!(post("p-four", (0..4).map(|_| TestApp::jpeg()).collect()).await.status(), 422, "three at most");
    assert_eq!(post("p-ok", vec![TestApp::jpeg()]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM booking_photos").await, 1);
    sqlx::query("DELETE FROM booking_photos").execute(app.db.pool()).await.expect("reset");
    sqlx::query("DELETE FROM uploads").execute(app.db.pool()).await.expect("reset");

    let fields = [("id", id.as_str())];
    let two = vec![TestApp::jpeg(), TestApp::jpeg()];
    assert_eq!(app.post_files(&owner, "add_booking_photos", &fields, "photos", two.clone()).await.status(), 200);
    let over = app.post_files(&owner, "add_booking_photos", &fields, "photos", two).await;
    assert_eq!(over.status(), 422, "three at most");
    assert!(over.text().await.unwrap_or_default().contains("photos"), "the error names the field");
    let fake = vec![TestApp::jpeg(), b"\xFF\xD8\xFFnot really a jpeg".to_vec()];
    assert_eq!(app.post_files(&owner, "add_booking_photos", &fields, "photos", fake).await.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM booking_photos").await, 2, "nothing of a refused post is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 2);

    let other = app.owner("13900001499", "Other").await;
    let mine = vec![TestApp::jpeg()];
    assert_eq!(app.post_files(&other, "add_booking_photos", &fields, "photos", mine).await.status(), 404);
    let photo: i64 =
        sqlx::query_scalar("SELECT MIN(upload_id) FROM booking_photos").fetch_one(app.db.pool()).await.expect("photo");
    assert_eq!(app.get(&other, &format!("/files/{photo}")).await.status(), 404);
    let desk = advisor(&app, dealer, "advisor.foto").await;
    let day = (slot(&app, 1, 11) + chrono::Duration::hours(8)).date_naive();
    let sheet = page(&app, &desk, &format!("/staff/schedule?day={day}")).await;
    assert!(sheet.contains(&format!("/files/{photo}")), "the advisor sees the photos on the day sheet");
    assert_eq!(app.get(&desk, &format!("/files/{photo}")).await.status(), 200);
    let elsewhere = advisor(&app, app.dealer("FOTO2").await, "advisor.foto2").await;
    assert_eq!(app.get(&elsewhere, &format!("/files/{photo}")).await.status(), 404, "not another dealer's staff");
}

/// Whatever order a dealer's move and the owner's cancellation land in, the
/// slot counters end up matching the bookings that hold them.
async fn a_dealer_move_racing_the_owners_cancellation_leaves_the_counters_right(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "RACE", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let desk = advisor(&app, dealer, "advisor.race").await;
    for n in 0..4 {
        let from = slot(&app, 2, 9 + n);
        // Another visit shares the slot, so a place freed twice would show.
        let (neighbour, neighbour_vin) = owner_with_car(&app, 40 + n).await;
        book(&app, &neighbour, &neighbour_vin, dealer, inspection, from, &format!("fill-{n}")).await;
        let (owner, vin) = owner_with_car(&app, 30 + n).await;
        let id = book(&app, &owner, &vin, dealer, inspection, from, &format!("race-{n}"))
            .await
            .text()
            .await
            .unwrap_or_default();
        assert!(id.parse::<i64>().is_ok(), "booked: {id}");
        let to = (from + chrono::Duration::hours(8 + 5)).format("%Y-%m-%dT%H:%M").to_string();
        let moved = [("booking", id.as_str()), ("starts_at", to.as_str()), ("reason", "Lift down")];
        let cancel = [("id", id.as_str())];
        let (a, b) =
            tokio::join!(app.call(&desk, "dealer_move_booking", &moved), app.call(&owner, "cancel_booking", &cancel));
        assert!(a.status().as_u16() < 500 && b.status().as_u16() < 500, "{} {}", a.status(), b.status());
    }
    let mismatched = app
        .count(
            "SELECT COUNT(*) FROM slot_usage u WHERE u.used <> (SELECT COUNT(*) FROM bookings b
               WHERE b.dealer_id = u.dealer_id AND b.status = 'booked' AND b.starts_at = u.starts_at)",
        )
        .await;
    assert_eq!(mismatched, 0, "every slot's count equals the bookings in it");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await,
        4,
        "the neighbours' visits stand"
    );
}

async fn recalls_booked_with_a_visit_are_marked_done_when_it_completes(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "RCLL", 2).await;
    let recall = service_id(&app, "recall").await;
    let (owner, vin) = owner_with_car(&app, 15).await;
    app.recall_campaign("R-15", "Airbag").await;
    let car = page(&app, &owner, &format!("/me/garage/{vin}")).await;
    assert!(car.contains(&format!("/service/book?vin={vin}&amp;recall=1")), "the recall card books the fix");
    let form = page(&app, &owner, &format!("/service/book?vin={vin}&recall=1")).await;
    assert!(form.contains(&format!("value=\"{recall}\" selected")), "the recall fix is pre-selected");

    let (at, dealer_s, service_s) =
        (slot(&app, 1, 9).timestamp_millis().to_string(), dealer.to_string(), recall.to_string());
    let fields = [
        ("vin", vin.as_str()),
        ("dealer", &dealer_s),
        ("service_type", &service_s),
        ("starts_at", &at),
        ("note", ""),
        ("idempotency_key", "r-1"),
        ("with_recalls", "yes"),
    ];
    let id =
        app.post_files(&owner, "book_service", &fields, "photos", Vec::new()).await.text().await.unwrap_or_default();
    assert_eq!(app.count("SELECT COUNT(*) FROM booking_recalls").await, 1);
    let car = page(&app, &owner, &format!("/me/garage/{vin}")).await;
    assert!(
        car.contains(&format!("href=\"/me/bookings/{id}\"")),
        "the recall reminder points at the visit that fixes it"
    );
    let desk = advisor(&app, dealer, "advisor.rcll").await;
    arrive_at(&app, slot(&app, 1, 9));
    app.call(&desk, "check_in_visit", &[("booking", &id), ("mileage", "100")]).await;
    let done =
        [("booking", id.as_str()), ("work", "Airbag module"), ("parts", ""), ("amount", "0"), ("mileage", "100")];
    assert_eq!(app.call(&desk, "complete_visit", &done).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM campaign_completions").await, 1, "no box to tick: it was booked");
}

async fn the_advisor_week_shows_seven_days_of_their_own_dealer(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "WEEK", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 16).await;
    book(&app, &owner, &vin, dealer, inspection, slot(&app, 1, 9), "k-1").await;
    let desk = advisor(&app, dealer, "advisor.week").await;
    let day = (slot(&app, 1, 9) + chrono::Duration::hours(8)).date_naive();
    let week = page(&app, &desk, &format!("/staff/schedule?view=week&day={day}")).await;
    assert_eq!(week.matches("<th scope=\"col\"><a href=\"/staff/schedule?day=").count(), 7);
    assert!(week.contains("title=\"1/2\""), "the booked half hour shows one of two bays in use");
    let other = advisor(&app, app.dealer("WEEK2").await, "advisor.week2").await;
    let theirs = page(&app, &other, &format!("/staff/schedule?view=week&day={day}")).await;
    assert!(!theirs.contains("title=\"1/2\""), "another dealer's week does not show it");
    assert_eq!(app.call(&owner, "staff_week", &[("day", &day.to_string())]).await.status(), 403);
}

on_both_engines!(
    a_dealer_move_racing_the_owners_cancellation_leaves_the_counters_right,
    the_owner_follows_the_car_through_the_workshop_and_answers_an_estimate,
    a_dealer_move_tells_the_owner_why_and_the_owner_accepts_or_picks_again,
    a_dealer_cancellation_frees_the_place_and_offers_a_new_booking,
    photos_of_the_concern_are_capped_checked_and_shown_only_to_the_owner_and_staff,
    recalls_booked_with_a_visit_are_marked_done_when_it_completes,
    the_advisor_week_shows_seven_days_of_their_own_dealer,
);
