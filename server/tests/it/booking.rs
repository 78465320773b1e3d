//! Service booking: capacity under concurrency, idempotency, moving,
//! cancelling, and who may touch which booking.

use crate::helpers;

use chrono::{DateTime, Duration, Utc};
use futures::future::join_all;
use helpers::booking::{arrive_at, book, open_dealer, owner_with_car, service_id, slot, used};
use helpers::{spawn, Engine, TestApp};
use pitlane::zone::{day_start, local_date, CHINA};
use pitlane::Clock;

async fn many_clients_race_for_the_last_places_and_exactly_that_many_win(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "RACE", 3).await;
    let inspection = service_id(&app, "inspection").await;
    let at = slot(&app, 1, 10);
    let mut owners = Vec::new();
    for n in 0..12 {
        owners.push(owner_with_car(&app, n).await);
    }
    let attempts = owners.iter().enumerate().map(|(n, (owner, vin))| {
        let app = &app;
        async move { book(app, owner, vin, dealer, inspection, at, &format!("race-{n}")).await }
    });
    let answers = join_all(attempts).await;
    let mut won = 0;
    let mut full = 0;
    for response in answers {
        match response.status().as_u16() {
            200 => won += 1,
            409 => {
                assert!(response.text().await.unwrap_or_default().contains("SlotTaken"));
                full += 1;
            }
            other => panic!("unexpected status {other}: {}", response.text().await.unwrap_or_default()),
        }
    }
    assert_eq!((won, full), (3, 9));
    assert_eq!(used(&app, dealer, at).await, 3, "the slot is exactly full");
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await, 3);
}

async fn a_double_submitted_booking_is_made_once(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "IDEM", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let at = slot(&app, 2, 9);
    let (owner, vin) = owner_with_car(&app, 20).await;
    let answers = join_all((0..3).map(|_| book(&app, &owner, &vin, dealer, inspection, at, "same-click"))).await;
    let mut ids = Vec::new();
    for response in answers {
        assert_eq!(response.status(), 200);
        ids.push(response.text().await.unwrap_or_default());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every submit answers with the one booking");
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings").await, 1);
    assert_eq!(used(&app, dealer, at).await, 1);
}

async fn rescheduling_across_days_moves_the_places(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "MOVE", 2).await;
    let maintenance = service_id(&app, "maintenance").await;
    let (owner, vin) = owner_with_car(&app, 30).await;
    let (first, second) = (slot(&app, 1, 10), slot(&app, 3, 14));
    let id = book(&app, &owner, &vin, dealer, maintenance, first, "move-1").await.text().await.unwrap_or_default();
    assert_eq!(used(&app, dealer, first + Duration::minutes(60)).await, 1, "a 90-minute job holds three slots");
    let moved = app
        .call(&owner, "reschedule_booking", &[("id", &id), ("starts_at", &second.timestamp_millis().to_string())])
        .await;
    assert_eq!(moved.status(), 200);
    assert_eq!(used(&app, dealer, first).await, 0);
    assert_eq!(used(&app, dealer, second + Duration::minutes(60)).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM booking_events WHERE kind = 'rescheduled'").await, 1);
    let outside = slot(&app, 3, 20);
    let refused = app
        .call(&owner, "reschedule_booking", &[("id", &id), ("starts_at", &outside.timestamp_millis().to_string())])
        .await;
    assert_eq!(refused.status(), 422, "after closing time");
}

async fn cancelling_after_the_cut_off_is_refused(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "CUT", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 40).await;
    let at = slot(&app, 1, 10);
    let id = book(&app, &owner, &vin, dealer, inspection, at, "cut-1").await.text().await.unwrap_or_default();
    let now = app.clock.now();
    app.clock.advance(at - now - Duration::minutes(119));
    let late = app.call(&owner, "cancel_booking", &[("id", &id)]).await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap_or_default().contains("PastCutoff"));
    assert_eq!(used(&app, dealer, at).await, 1, "still booked");
}

async fn cancelling_in_time_frees_the_place(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "FREE", 1).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 50).await;
    let at = slot(&app, 1, 11);
    let id = book(&app, &owner, &vin, dealer, inspection, at, "free-1").await.text().await.unwrap_or_default();
    let day = (at + Duration::hours(8)).date_naive().to_string();
    let offers: serde_json::Value = app
        .call(
            &owner,
            "booking_offers",
            &[("dealer", &dealer.to_string()), ("service_type", &inspection.to_string()), ("day", &day)],
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let shown = |t: DateTime<Utc>| offers.to_string().contains(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    assert!(shown(slot(&app, 1, 10)), "a free slot is offered: {offers}");
    assert!(!shown(at), "a full slot is not offered: {offers}");
    assert_eq!(app.call(&owner, "cancel_booking", &[("id", &id)]).await.status(), 200);
    assert_eq!(used(&app, dealer, at).await, 0);
}

async fn owner_b_cannot_see_move_or_cancel_owner_as_booking(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "PRIV", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (a, vin) = owner_with_car(&app, 60).await;
    let (b, b_vin) = owner_with_car(&app, 61).await;
    let at = slot(&app, 1, 15);
    let id = book(&app, &a, &vin, dealer, inspection, at, "priv-1").await.text().await.unwrap_or_default();
    assert_eq!(app.call(&b, "my_booking", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.call(&b, "cancel_booking", &[("id", &id)]).await.status(), 404);
    let later = slot(&app, 2, 15).timestamp_millis().to_string();
    assert_eq!(app.call(&b, "reschedule_booking", &[("id", &id), ("starts_at", &later)]).await.status(), 404);
    let list = app.call(&b, "my_bookings", &[]).await.text().await.unwrap_or_default();
    assert_eq!(list, "[]");
    assert_eq!(book(&app, &b, &vin, dealer, inspection, at, "priv-2").await.status(), 404, "nor book A's car");
    assert_eq!(book(&app, &b, &b_vin, dealer, inspection, at, "priv-3").await.status(), 200);
    assert_eq!(used(&app, dealer, at).await, 2);
}

async fn the_booking_pages_and_calendar_file_work(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "ICS", 2).await;
    sqlx::query("UPDATE dealers SET address_zh = '上海市浦东新区张杨路1888号' WHERE id = $1")
        .bind(dealer)
        .execute(app.db.pool())
        .await
        .expect("address");
    app.db.forget_kept();
    let maintenance = service_id(&app, "maintenance").await;
    let (owner, vin) = owner_with_car(&app, 70).await;
    let at = slot(&app, 2, 9);
    let form = app
        .get(
            &owner,
            &format!(
                "/service/book?vin={vin}&dealer={dealer}&service={maintenance}&day={}",
                (at + Duration::hours(8)).date_naive()
            ),
        )
        .await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap_or_default();
    assert!(html.contains(&at.timestamp_millis().to_string()), "the free start is offered as a radio button");
    let id = book(&app, &owner, &vin, dealer, maintenance, at, "ics-1").await.text().await.unwrap_or_default();
    let page = app.get(&owner, &format!("/me/bookings/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains("021-0000 0000"), "the dealer's phone is on the booking page");

    let ics = app.get(&owner, &format!("/me/bookings/{id}/calendar.ics")).await;
    assert_eq!(ics.status(), 200);
    assert!(ics.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("text/calendar"));
    let file = std::env::temp_dir().join(format!("pitlane-{}.ics", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, ics.bytes().await.expect("body")).expect("write");
    let parsed = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nev = cal.walk('VEVENT')[0]\nprint(ev.decoded('dtstart').isoformat()); print(ev.decoded('dtend').isoformat()); print(ev.get('location'))")
        .arg(&file)
        .output()
        .expect("python3 runs (the test command installs icalendar)");
    assert!(parsed.status.success(), "icalendar failed: {}", String::from_utf8_lossy(&parsed.stderr));
    let out = String::from_utf8_lossy(&parsed.stdout).to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).replace('Z', "+00:00").as_str()),
        "{out}"
    );
    assert_eq!(
        lines.get(1).copied(),
        Some(
            (at + Duration::minutes(90))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .replace('Z', "+00:00")
                .as_str()
        )
    );
    assert!(lines.get(2).is_some_and(|l| l.contains("上海市浦东新区张杨路1888号")), "{out}");
    let stranger = app.owner("13900079999", "Stranger").await;
    assert_eq!(app.get(&stranger, &format!("/me/bookings/{id}/calendar.ics")).await.status(), 404);
    assert_eq!(app.get(&stranger, &format!("/me/bookings/{id}")).await.status(), 404);
}

async fn an_advisor_sees_only_their_dealers_day(engine: Engine) {
    let app = spawn(engine).await;
    let x = open_dealer(&app, "X01", 2).await;
    let y = open_dealer(&app, "Y01", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 80).await;
    let at = slot(&app, 1, 9);
    let id = book(&app, &owner, &vin, y, inspection, at, "adv-1").await.text().await.unwrap_or_default();
    let day = (at + Duration::hours(8)).date_naive().to_string();

    let advisor_x = app.signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(x), "advisor.x@example.com").await;
    let sheet = app.call(&advisor_x, "staff_day", &[("day", &day)]).await.text().await.unwrap_or_default();
    assert!(!sheet.contains(&vin), "dealer X's advisor does not see dealer Y's booking: {sheet}");
    assert_eq!(app.call(&advisor_x, "check_in_visit", &[("booking", &id), ("mileage", "100")]).await.status(), 404);
    let page = app.get(&advisor_x, &format!("/staff/schedule?day={day}")).await.text().await.unwrap_or_default();
    assert!(!page.contains(&vin));

    let advisor_y = app.signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(y), "advisor.y@example.com").await;
    let page = app.get(&advisor_y, &format!("/staff/schedule?day={day}")).await.text().await.unwrap_or_default();
    assert!(page.contains(&vin), "dealer Y's advisor sees it");
    assert_eq!(app.get(&owner, "/staff/schedule").await.status(), 403);
    assert_eq!(app.call(&owner, "staff_day", &[("day", &day)]).await.status(), 403);
}

async fn completing_a_visit_writes_the_history_mileage_recalls_and_an_event(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "DONE", 2).await;
    let maintenance = service_id(&app, "maintenance").await;
    let (owner, vin) = owner_with_car(&app, 90).await;
    app.recall_campaign("R-90", "Harness").await;
    let at = slot(&app, 1, 10);
    let id = book(&app, &owner, &vin, dealer, maintenance, at, "done-1").await.text().await.unwrap_or_default();
    let advisor =
        app.signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(dealer), "advisor.done@example.com").await;
    let complete = [
        ("booking", id.as_str()),
        ("work", "常规保养"),
        ("parts", "机油 4L"),
        ("amount", "680.00"),
        ("mileage", "15230"),
        ("fix_open_campaigns", "yes"),
    ];
    assert_eq!(app.call(&advisor, "complete_visit", &complete).await.status(), 422, "not before check-in");
    let check_in = [("booking", id.as_str()), ("mileage", "15200")];
    // Today the car is tomorrow's: the sheet offers no check-in and the server refuses one.
    let day = local_date(CHINA, at);
    let sheet: serde_json::Value =
        app.call(&advisor, "staff_day", &[("day", &day.to_string())]).await.json().await.unwrap_or_default();
    assert_eq!(sheet[0]["visits"][0]["check_in_refused"], "NotItsDay", "{sheet}");
    assert_eq!(sheet[0]["visits"][0]["no_show_refused"], "BeforeItsDay");
    let early = app.call(&advisor, "check_in_visit", &check_in).await;
    assert_eq!(early.status(), 422, "not the day before");
    assert!(early.text().await.unwrap_or_default().contains("NotItsDay"));
    assert_eq!(app.call(&advisor, "no_show_visit", &[("booking", &id)]).await.status(), 422, "nor missed yet");
    // 00:00 on the visit's day (China time; UTC still shows the day before): it is today's.
    app.clock.advance(day_start(CHINA, day).expect("a day") - app.clock.now());
    assert_eq!(app.call(&advisor, "check_in_visit", &check_in).await.status(), 200);
    let sheet: serde_json::Value =
        app.call(&advisor, "staff_day", &[("day", &day.to_string())]).await.json().await.unwrap_or_default();
    assert_eq!(sheet[0]["visits"][0]["checkin_mileage"], 15200, "completing starts from the check-in's mileage");
    assert_eq!(app.call(&advisor, "complete_visit", &complete).await.status(), 200);
    assert_eq!(app.call(&advisor, "complete_visit", &complete).await.status(), 422, "only once");

    let car: serde_json::Value =
        app.call(&owner, "garage_car", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    assert_eq!(car["history"][0]["source"], "Dealer");
    assert_eq!(car["history"][0]["work"], "常规保养（机油 4L）");
    assert_eq!(car["history"][0]["performed_on"], day.to_string(), "dated by the visit's calendar, not UTC's");
    assert_eq!(car["car"]["mileage_km"], 15230);
    assert!(car["lookup"]["campaigns"][0]["completed_on"].is_string(), "the recall is marked done: {car}");
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'service_completed'").await, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
        .bind(id.parse::<i64>().unwrap_or(0))
        .fetch_one(app.db.pool())
        .await
        .expect("status");
    assert_eq!(status, "completed");
}

/// A visit booked, checked in and completed now; returns (owner, booking id, dealer).
async fn completed_visit(app: &TestApp, n: u32, code: &str) -> (reqwest::Client, String, i64) {
    let dealer = open_dealer(app, code, 2).await;
    let inspection = service_id(app, "inspection").await;
    let (owner, vin) = owner_with_car(app, n).await;
    let id = book(app, &owner, &vin, dealer, inspection, slot(app, 1, 10), &format!("{code}-1"))
        .await
        .text()
        .await
        .unwrap_or_default();
    let advisor = app
        .signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(dealer), &format!("advisor.{code}@example.com"))
        .await;
    arrive_at(app, slot(app, 1, 10));
    app.call(&advisor, "check_in_visit", &[("booking", &id), ("mileage", "100")]).await;
    let done = [("booking", id.as_str()), ("work", "检测"), ("parts", ""), ("amount", "0"), ("mileage", "110")];
    assert_eq!(app.call(&advisor, "complete_visit", &done).await.status(), 200);
    (owner, id, dealer)
}

async fn the_survey_goes_out_once_after_three_days_and_silence_becomes_a_call_back(engine: Engine) {
    let app = spawn(engine).await;
    let (owner, _, _) = completed_visit(&app, 100, "FU1").await;
    let run = || pitlane::followup::store::run(&app.db, &*app.clock);
    app.clock.advance(Duration::days(2) + Duration::hours(23));
    assert_eq!(run().await.expect("run"), (0, 0), "not before three days");
    app.clock.advance(Duration::hours(2));
    assert_eq!(run().await.expect("run"), (1, 0));
    assert_eq!(run().await.expect("run"), (0, 0), "exactly once");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'survey'").await, 1);
    let dashboard = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(dashboard.contains("/me/surveys/"), "the survey waits on the dashboard");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE category = 'service'").await, 1);
    app.clock.advance(Duration::days(4) + Duration::minutes(1));
    assert_eq!(run().await.expect("run"), (0, 1), "no answer in four days: care calls");
    assert_eq!(run().await.expect("run"), (0, 0));
    assert_eq!(app.count("SELECT COUNT(*) FROM care_tasks WHERE kind = 'survey_no_answer'").await, 1);
}

async fn a_low_score_becomes_a_call_back_that_care_closes(engine: Engine) {
    let app = spawn(engine).await;
    let (owner, _, dealer) = completed_visit(&app, 110, "FU2").await;
    app.clock.advance(Duration::days(3) + Duration::minutes(1));
    pitlane::followup::store::run(&app.db, &*app.clock).await.expect("run");
    let survey: i64 = sqlx::query_scalar("SELECT id FROM surveys").fetch_one(app.db.pool()).await.expect("survey");
    let survey = survey.to_string();
    let stranger = app.owner("13900079998", "Stranger").await;
    assert_eq!(app.call(&stranger, "my_survey", &[("id", &survey)]).await.status(), 404);
    let answer = [("id", survey.as_str()), ("satisfaction", "2"), ("recommend", "8"), ("comment", "等了两个小时")];
    assert_eq!(app.call(&stranger, "answer_survey", &answer).await.status(), 404, "nobody answers for another owner");
    assert_eq!(
        app.call(
            &owner,
            "answer_survey",
            &[("id", survey.as_str()), ("satisfaction", "9"), ("recommend", "8"), ("comment", "")]
        )
        .await
        .status(),
        422
    );
    assert_eq!(app.call(&owner, "answer_survey", &answer).await.status(), 200);
    assert_eq!(app.call(&owner, "answer_survey", &answer).await.status(), 409, "one answer per visit");

    let advisor =
        app.signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(dealer), "advisor.fu2b@example.com").await;
    assert_eq!(app.call(&advisor, "care_tasks", &[]).await.status(), 403);
    let other_dealer = app.dealer("FU2X").await;
    let elsewhere = app.signed_in_as(pitlane::account::Role::CareAgent, Some(other_dealer), "care.x@example.com").await;
    assert_eq!(
        app.call(&elsewhere, "care_tasks", &[]).await.text().await.unwrap_or_default(),
        "[]",
        "another dealer's care desk"
    );
    let care = app.signed_in_as(pitlane::account::Role::CareAgent, Some(dealer), "care.fu2@example.com").await;
    let tasks: serde_json::Value = app.call(&care, "care_tasks", &[]).await.json().await.unwrap_or_default();
    assert_eq!(tasks[0]["kind"], "survey_low_score");
    assert_eq!(tasks[0]["comment"], "等了两个小时");
    let task = tasks[0]["id"].as_i64().unwrap_or_default().to_string();
    assert_eq!(app.call(&elsewhere, "close_care_task", &[("id", &task), ("outcome", "x")]).await.status(), 404);
    assert_eq!(
        app.call(&care, "close_care_task", &[("id", &task), ("outcome", "致电车主致歉，赠送下次保养工时费")])
            .await
            .status(),
        200
    );
    assert_eq!(app.call(&care, "care_tasks", &[]).await.text().await.unwrap_or_default(), "[]");
}

async fn the_day_before_the_owner_is_reminded_once(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "DAYB", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 120).await;
    book(&app, &owner, &vin, dealer, inspection, slot(&app, 3, 10), "dayb-1").await;
    let remind = || pitlane::booking::store::remind_day_before(&app.db, &*app.clock);
    assert_eq!(remind().await.expect("run"), 0, "three days ahead is too early");
    app.clock.advance(Duration::days(2));
    assert_eq!(remind().await.expect("run"), 1);
    assert_eq!(remind().await.expect("run"), 0, "once");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'booking_reminder'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE category = 'service'").await, 1);
}

async fn an_advisor_books_for_an_owner_on_the_phone(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "TEL", 2).await;
    let inspection = service_id(&app, "inspection").await.to_string();
    let (owner, vin) = owner_with_car(&app, 130).await;
    let (_, other_vin) = owner_with_car(&app, 131).await;
    let advisor =
        app.signed_in_as(pitlane::account::Role::ServiceAdvisor, Some(dealer), "advisor.tel@example.com").await;
    let at = slot(&app, 1, 16).timestamp_millis().to_string();
    let form = |who: &'static str, vin: &str| {
        vec![
            ("identifier", who.to_owned()),
            ("vin", vin.to_owned()),
            ("service_type", inspection.clone()),
            ("starts_at", at.clone()),
            ("note", "电话预约".to_owned()),
            ("idempotency_key", "t1".to_owned()),
        ]
    };
    let call = |f: Vec<(&'static str, String)>| {
        let advisor = &advisor;
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(advisor, "book_for_owner", &f).await
        }
    };
    let unknown = call(form("13900099999", &vin)).await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await.unwrap_or_default().contains("NoSuchAccount"));
    assert_eq!(call(form("13900007130", &other_vin)).await.status(), 404, "only the caller's own car");
    assert_eq!(call(form("13900007130", &vin)).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM bookings WHERE channel = 'phone'").await, 1);
    let actor: Option<i64> = sqlx::query_scalar("SELECT actor_id FROM booking_events WHERE kind = 'booked'")
        .fetch_one(app.db.pool())
        .await
        .expect("event");
    let advisor_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'advisor.tel@example.com'")
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    assert_eq!(actor, Some(advisor_id), "the history shows who booked it");
    let mine = app.call(&owner, "my_bookings", &[]).await.text().await.unwrap_or_default();
    assert!(mine.contains(&vin), "the owner sees the booking made for them");
    let full: Vec<(&str, String)> = form("13900007130", &vin);
    let full: Vec<(&str, &str)> = full.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&owner, "book_for_owner", &full).await.status(), 403, "owners do not book as advisors");
}

on_both_engines!(
    an_advisor_books_for_an_owner_on_the_phone,
    the_day_before_the_owner_is_reminded_once,
    the_survey_goes_out_once_after_three_days_and_silence_becomes_a_call_back,
    a_low_score_becomes_a_call_back_that_care_closes,
    an_advisor_sees_only_their_dealers_day,
    completing_a_visit_writes_the_history_mileage_recalls_and_an_event,
    the_booking_pages_and_calendar_file_work,
    many_clients_race_for_the_last_places_and_exactly_that_many_win,
    a_double_submitted_booking_is_made_once,
    rescheduling_across_days_moves_the_places,
    cancelling_after_the_cut_off_is_refused,
    cancelling_in_time_frees_the_place,
    owner_b_cannot_see_move_or_cancel_owner_as_booking,
);
