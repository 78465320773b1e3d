//! Test drives and the lead pipeline through the real router, on both engines:
//! capture (duplicates, the honeypot, throttles, demo cars), the handler's
//! stages and their rules, who sees which lead, the private status link, the
//! win that makes an owner, and the referral credited once.

use crate::helpers::leads::{lead_of, showroom, Ask};
use crate::helpers::{client, spawn, Engine, TestApp, PASSWORD};
use chrono::Duration;
use pitlane::account::Role;
use pitlane::Clock;

async fn stage(app: &TestApp, lead: i64) -> String {
    sqlx::query_scalar("SELECT stage FROM leads WHERE id = $1")
        .bind(lead)
        .fetch_one(app.db.pool())
        .await
        .expect("stage")
}

async fn handler(app: &TestApp, dealer: i64, login: &str) -> reqwest::Client {
    app.signed_in_as(Role::LeadHandler, Some(dealer), login).await
}

/// Signs in anew (after the clock moved past the session's life).
async fn again(app: &TestApp, login: &str) -> reqwest::Client {
    let fresh = client();
    assert_eq!(app.login(&fresh, login, PASSWORD).await.status(), 200);
    fresh
}

/// A VIN the register does not know yet.
fn new_vin(serial: u32) -> String {
    pitlane::types::Vin::with_check_digit(&format!("LMVNEW00XR{serial:07}")).expect("test VIN").to_string()
}

/// A new car of `model` delivered to `dealer` and not sold yet: its stock.
pub(crate) async fn in_stock(app: &TestApp, dealer: i64, model: i64, serial: u32) -> String {
    let vin = new_vin(serial);
    sqlx::query(
        "INSERT INTO vehicles (vin, model_id, model_year, production_date, selling_dealer_id)
         VALUES ($1, $2, 2026, '2026-10-01', $3)",
    )
    .bind(&vin)
    .bind(model)
    .bind(dealer)
    .execute(app.db.pool())
    .await
    .expect("a stock car");
    vin
}

async fn a_sale_names_the_dealers_stock_or_a_new_car_its_sales_manager_confirms(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD9", 1).await;
    let (elsewhere, _) = showroom(&app, "LD9Y", 1).await;
    let desk = handler(&app, dealer, "leads.ld9@example.com").await;
    Ask::new("买家", "13700000091", dealer, model).send(&app, &client()).await;
    let (lead, _) = lead_of(&app, "13700000091").await;
    let id = lead.to_string();
    assert_eq!(app.call(&desk, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(), 200);
    let win = |vin: String, confirm: bool| {
        let (desk, id) = (desk.clone(), id.clone());
        let app = &app;
        async move {
            let mut form = vec![("id", id), ("vin", vin), ("note", String::new())];
            if confirm {
                form.push(("unregistered", "yes".into()));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let answer = app.call(&desk, "win_lead", &form).await;
            (answer.status().as_u16(), answer.text().await.unwrap_or_default())
        }
    };
    let theirs = in_stock(&app, elsewhere, model, 91).await;
    let (status, body) = win(theirs, true).await;
    assert_eq!((status, body.contains("NotOurStock")), (422, true), "another dealer's stock: {body}");
    let (status, body) = win(new_vin(92), false).await;
    assert_eq!((status, body.contains("UnregisteredNeedsManager")), (422, true), "{body}");
    let (status, _) = win(new_vin(92), true).await;
    assert_eq!(status, 422, "a handler who does not manage the floor cannot confirm it");
    assert_eq!(stage(&app, lead).await, "contacted", "nothing written");
    assert_eq!(app.count("SELECT COUNT(*) FROM vehicles WHERE vin LIKE 'LMVNEW00%'").await, 1, "only the stock car");

    let ours = in_stock(&app, dealer, model, 93).await;
    assert_eq!(win(ours.clone(), false).await.0, 200, "our own stock of the model");
    let sold =
        app.count(&format!("SELECT COUNT(*) FROM vehicles WHERE vin = '{ours}' AND sale_date IS NOT NULL")).await;
    assert_eq!(sold, 1);

    // A car the register does not know, confirmed by the sales manager, is entered marked so.
    Ask::new("第二位买家", "13700000094", dealer, model).send(&app, &client()).await;
    let (second, _) = lead_of(&app, "13700000094").await;
    let second_id = second.to_string();
    sqlx::query("UPDATE users SET manages_leads = 1 WHERE email = 'leads.ld9@example.com'")
        .execute(app.db.pool())
        .await
        .expect("manager");
    app.call(&desk, "move_lead", &[("id", &second_id), ("step", "contact"), ("note", "")]).await;
    // A referral that names the lead's own handler (a code from before the rule) pays nobody.
    sqlx::query("UPDATE leads SET referrer_id = handler_id WHERE id = $1")
        .bind(second)
        .execute(app.db.pool())
        .await
        .expect("the handler as referrer");
    let vin = new_vin(95);
    let form = [("id", second_id.as_str()), ("vin", vin.as_str()), ("note", ""), ("unregistered", "yes")];
    assert_eq!(app.call(&desk, "win_lead", &form).await.status(), 200);
    let marked = app
        .count(&format!(
            "SELECT COUNT(*) FROM vehicles WHERE vin = '{vin}' AND unregistered_sale_by = (SELECT id FROM users WHERE email = 'leads.ld9@example.com')"
        ))
        .await;
    assert_eq!(marked, 1, "the entry names the manager who confirmed it");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM lead_events WHERE kind = 'unregistered_sale'").await,
        1,
        "and the lead's history"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM referral_credits").await, 0, "nobody is paid for their own sale");
}

async fn a_repeated_request_is_noted_on_the_open_lead_and_changes_nothing_the_prospect_set(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD1", 1).await;
    let _handler = handler(&app, dealer, "leads.ld1@example.com").await;
    let prospect = client();
    let mut first = Ask::new("王芳", "13700000001", dealer, model);
    first.slot = crate::helpers::booking::slot(&app, 2, 10).timestamp_millis().to_string();
    let answer = first.send(&app, &prospect).await;
    assert_eq!(answer.status(), 200);
    let (lead, token) = lead_of(&app, "13700000001").await;
    // Someone who only knows the number asks again, for another hour.
    let stranger = client();
    let mut again = Ask::new("冒名者", "137 0000 0001", dealer, model);
    again.slot = crate::helpers::booking::slot(&app, 3, 11).timestamp_millis().to_string();
    let second = again.send(&app, &stranger).await;
    assert_eq!(second.status(), 200);
    // The first request's page links to the lead it made; a repeat's never does.
    let location = |r: &reqwest::Response| {
        r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    assert!(location(&answer).contains(&format!("status={token}")), "{}", location(&answer));
    assert!(!location(&second).contains(&token) && !location(&second).contains("status="), "{}", location(&second));
    assert_eq!(app.count("SELECT COUNT(*) FROM leads").await, 1, "the same lead");
    let name: String = sqlx::query_scalar("SELECT name FROM leads WHERE id = $1")
        .bind(lead)
        .fetch_one(app.db.pool())
        .await
        .expect("name");
    assert_eq!(name, "王芳", "nothing the prospect set is overwritten");
    assert_eq!(lead_of(&app, "13700000001").await.1, token, "the link stays the same");
    assert_eq!(app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'booked'").await, 1, "the drive stands");
    assert_eq!(app.count("SELECT COUNT(*) FROM lead_events WHERE kind = 'repeated'").await, 1, "the wish is noted");
    let texts = app
        .count(&format!("SELECT COUNT(*) FROM outbox WHERE recipient = '13700000001' AND body LIKE '%{token}%'"))
        .await;
    assert_eq!(texts, 2, "the link goes again, to the mobile only");

    app.clock.advance(Duration::days(31));
    assert_eq!(Ask::new("王芳", "13700000001", dealer, model).send(&app, &prospect).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM leads").await, 2, "a month without activity later: a new lead");
}

async fn a_picked_hour_is_confirmed_on_the_call_and_the_drive_is_done_only_once_begun(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LDA", 1).await;
    let desk = handler(&app, dealer, "leads.lda@example.com").await;
    let hour = crate::helpers::booking::slot(&app, 1, 10);
    let mut ask = Ask::new("赵六", "13700000031", dealer, model);
    ask.slot = hour.timestamp_millis().to_string();
    ask.send(&app, &client()).await;
    let (lead, _) = lead_of(&app, "13700000031").await;
    let id = lead.to_string();
    let at = hour.timestamp_millis().to_string();
    assert_eq!(
        app.call(&desk, "book_lead_drive", &[("id", &id), ("slot", &at)]).await.status(),
        422,
        "not before a call"
    );
    assert_eq!(app.call(&desk, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(), 200);
    assert_eq!(stage(&app, lead).await, "test_drive_booked", "the picked hour is confirmed on the call");
    let same = app.call(&desk, "book_lead_drive", &[("id", &id), ("slot", &at)]).await;
    assert_eq!(same.status(), 200, "its own hour is free to it (one demo car)");
    let done = [("id", id.as_str()), ("step", "drive_done"), ("note", "")];
    assert_eq!(app.call(&desk, "move_lead", &done).await.status(), 422, "not before the drive");
    app.clock.advance(hour - app.clock.now() + Duration::minutes(5));
    let desk = again(&app, "leads.lda@example.com").await;
    assert_eq!(app.call(&desk, "move_lead", &done).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'done'").await, 1);
    let moved = app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'cancelled'").await;
    assert_eq!(moved, 1, "booking the hour again gave the first booking's car back");
    let link = lead_of(&app, "13700000031").await.1;
    let view = app.call(&client(), "test_drive_status", &[("token", &link)]).await.text().await.unwrap_or_default();
    // The prospect's own road: called, drive booked, done.
    for step in ["Call", "DriveBooked", "Done"] {
        assert!(view.contains(&format!("[\"{step}\",\"Done\"")), "the prospect's timeline shows {step}: {view}");
    }
}

async fn a_robot_is_answered_like_a_person_and_leaves_nothing_and_throttles_do_not_say_why(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD2", 1).await;
    let robot = client();
    let before = app.last_outbox_id().await;
    let mut ask = Ask::new("Bot", "13700000002", dealer, model);
    ask.honeypot = "http://spam.example";
    let answer = ask.send(&app, &robot).await;
    assert_eq!(answer.status(), 200, "the robot hears success");
    assert_eq!(app.count("SELECT COUNT(*) FROM leads").await, 0, "and nothing is kept");
    assert_eq!(app.last_outbox_id().await, before, "and nobody is texted");

    // Per mobile: five a day.
    let person = client();
    for n in 0..5 {
        let status = Ask::new("李伟", "13700000003", dealer, model).send(&app, &person).await.status();
        assert_eq!(status, 200, "request {n}");
    }
    let refused = Ask::new("李伟", "13700000003", dealer, model).send(&app, &person).await;
    assert_eq!(refused.status(), 429);
    let body = refused.text().await.unwrap_or_default();
    assert!(!body.contains("13700000003") && !body.to_lowercase().contains("mobile"), "no cause named: {body}");
    // Per address: ten an hour, whatever the numbers (the robot's counted too).
    let mut last = 0;
    for n in 0..6 {
        last = Ask::new("访客", &format!("1370000010{n}"), dealer, model).send(&app, &person).await.status().as_u16();
    }
    assert_eq!(last, 429, "the address's eleventh request in the hour");
    app.clock.advance(Duration::hours(2));
    assert_eq!(Ask::new("访客", "13700000200", dealer, model).send(&app, &person).await.status(), 200);
}

async fn a_demo_car_takes_one_drive_at_a_time_and_only_offered_hours_are_taken(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD3", 1).await;
    let hour = crate::helpers::booking::slot(&app, 2, 10);
    let mut first = Ask::new("甲", "13700000011", dealer, model);
    first.slot = hour.timestamp_millis().to_string();
    assert_eq!(first.send(&app, &client()).await.status(), 200);
    let mut second = Ask::new("乙", "13700000012", dealer, model);
    second.slot = hour.timestamp_millis().to_string();
    let taken = second.send(&app, &client()).await;
    assert_eq!(taken.status(), 422, "the only demo car is out then");
    assert!(taken.text().await.unwrap_or_default().contains("slot"), "the error names the slot");
    let mut closed = Ask::new("丙", "13700000013", dealer, model);
    closed.slot = crate::helpers::booking::slot(&app, 2, 21).timestamp_millis().to_string();
    assert_eq!(closed.send(&app, &client()).await.status(), 422, "21:00 is after closing");
    assert_eq!(app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'booked'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM leads").await, 1, "a refused request keeps nothing");
}

async fn new_leads_go_round_the_handlers_on_duty(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD4", 1).await;
    let one = handler(&app, dealer, "one.ld4@example.com").await;
    let _two = handler(&app, dealer, "two.ld4@example.com").await;
    for n in 0..4 {
        Ask::new("客户", &format!("1370000002{n}"), dealer, model).send(&app, &client()).await;
    }
    let handlers: Vec<Option<i64>> = sqlx::query_scalar("SELECT handler_id FROM leads ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .expect("handlers");
    assert_eq!(handlers.len(), 4);
    assert!(handlers.iter().all(Option::is_some));
    assert_ne!(handlers[0], handlers[1]);
    assert_eq!(handlers[0], handlers[2]);
    assert_eq!(handlers[1], handlers[3]);
    assert_eq!(app.call(&one, "set_lead_duty", &[("on", "no")]).await.status(), 200);
    let one_id: i64 = app.count("SELECT id FROM users WHERE email = 'one.ld4@example.com'").await;
    for n in 0..2 {
        Ask::new("客户", &format!("1370000003{n}"), dealer, model).send(&app, &client()).await;
    }
    let last: Vec<Option<i64>> = sqlx::query_scalar("SELECT handler_id FROM leads ORDER BY id DESC LIMIT 2")
        .fetch_all(app.db.pool())
        .await
        .expect("handlers");
    assert!(last.iter().all(|h| *h != Some(one_id)), "off duty: passed by");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'lead_assigned'").await, 6);
}

async fn a_lead_cannot_be_won_untouched_or_without_a_vin_and_a_loss_needs_its_reason(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD5", 1).await;
    let desk = handler(&app, dealer, "leads.ld5@example.com").await;
    Ask::new("张三", "13700000041", dealer, model).send(&app, &client()).await;
    let (lead, _) = lead_of(&app, "13700000041").await;
    let id = lead.to_string();
    let vin = new_vin(41);
    let win = app.call(&desk, "win_lead", &[("id", &id), ("vin", &vin), ("note", "")]).await;
    assert_eq!(win.status(), 422, "not from a new lead");
    assert_eq!(app.call(&desk, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(), 200);
    let bad = app.call(&desk, "win_lead", &[("id", &id), ("vin", "LMV123"), ("note", "")]).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap_or_default().contains("vin"), "the VIN is named");
    let lose = app.call(&desk, "lose_lead", &[("id", &id), ("reason", ""), ("competitor", ""), ("note", "")]).await;
    assert_eq!(lose.status(), 422);
    assert!(lose.text().await.unwrap_or_default().contains("reason"), "the reason is named");
    let withdrawn =
        app.call(&desk, "lose_lead", &[("id", &id), ("reason", "withdrawn"), ("competitor", ""), ("note", "")]).await;
    assert_eq!(withdrawn.status(), 422, "only the prospect withdraws");
    assert_eq!(stage(&app, lead).await, "contacted", "nothing written");
    let lost = [("id", id.as_str()), ("reason", "competitor_model"), ("competitor", "Model Y"), ("note", "")];
    assert_eq!(app.call(&desk, "lose_lead", &lost).await.status(), 200);
    assert_eq!(stage(&app, lead).await, "lost");
    let why = format!(
        "SELECT COUNT(*) FROM leads WHERE id = {lead} AND lost_reason = 'competitor_model' AND competitor = 'Model Y'"
    );
    assert_eq!(app.count(&why).await, 1, "the loss keeps its reason and the competitor");
    let survey_link = app
        .count("SELECT COUNT(*) FROM outbox WHERE recipient = '13700000041' AND body LIKE '%https://club.example.cn/test-drive/status/%'")
        .await;
    assert!(survey_link >= 2, "the confirmation and the survey both carry the whole link");
    let again = app.call(&desk, "move_lead", &[("id", &id), ("step", "negotiate"), ("note", "")]).await;
    assert_eq!(again.status(), 422, "a lost lead stays lost");
}

async fn a_handler_sees_and_moves_only_their_own_dealers_leads(engine: Engine) {
    let app = spawn(engine).await;
    let (x, model) = showroom(&app, "LDX", 1).await;
    let (y, _) = showroom(&app, "LDY", 1).await;
    let at_x = handler(&app, x, "leads.ldx@example.com").await;
    let at_y = handler(&app, y, "leads.ldy@example.com").await;
    Ask::new("王五", "13700000051", x, model).send(&app, &client()).await;
    let (lead, _) = lead_of(&app, "13700000051").await;
    let id = lead.to_string();
    assert_eq!(app.call(&at_x, "lead_detail", &[("id", &id)]).await.status(), 200);
    assert_eq!(app.call(&at_y, "lead_detail", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.call(&at_y, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(), 404);
    let board_y = app.call(&at_y, "lead_board", &[]).await.text().await.unwrap_or_default();
    assert!(!board_y.contains("王五"), "Y's board does not list X's lead");
    let board_x = app.call(&at_x, "lead_board", &[]).await.text().await.unwrap_or_default();
    assert!(board_x.contains("王五"));
    let owner = app.owner("13700000059", "车主").await;
    assert_eq!(app.call(&owner, "lead_detail", &[("id", &id)]).await.status(), 403);
    assert_eq!(stage(&app, lead).await, "new");
    // Only the manager reassigns.
    let other = handler(&app, x, "second.ldx@example.com").await;
    let second: i64 = app.count("SELECT id FROM users WHERE email = 'second.ldx@example.com'").await;
    let reassign = [("id", id.as_str()), ("handler", &second.to_string())];
    assert_eq!(app.call(&other, "reassign_lead", &reassign).await.status(), 422, "not a manager");
    sqlx::query("UPDATE users SET manages_leads = 1 WHERE email = 'leads.ldx@example.com'")
        .execute(app.db.pool())
        .await
        .expect("manager");
    assert_eq!(app.call(&at_x, "reassign_lead", &reassign).await.status(), 200);
    let now_with: i64 = app.count(&format!("SELECT handler_id FROM leads WHERE id = {lead}")).await;
    assert_eq!(now_with, second);
    let y_handler: i64 = app.count("SELECT id FROM users WHERE email = 'leads.ldy@example.com'").await;
    let elsewhere = [("id", id.as_str()), ("handler", &y_handler.to_string())];
    assert_eq!(app.call(&at_x, "reassign_lead", &elsewhere).await.status(), 422, "not to another dealer's handler");
}

async fn the_status_link_shows_one_lead_and_nothing_else_and_the_prospect_may_withdraw(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD6", 1).await;
    let mut mine = Ask::new("Alice Wu", "13700000061", dealer, model);
    mine.slot = crate::helpers::booking::slot(&app, 3, 11).timestamp_millis().to_string();
    mine.send(&app, &client()).await;
    Ask::new("Bob Ma", "13700000062", dealer, model).send(&app, &client()).await;
    let (lead, token) = lead_of(&app, "13700000061").await;
    let stranger = client();
    let page = app.get(&stranger, &format!("/test-drive/status/{token}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Alice Wu"));
    assert!(!html.contains("Bob Ma"), "one lead only");
    assert!(!html.contains("13700000061"), "the mobile is not shown");
    assert!(html.contains("noindex"), "kept out of search engines");
    assert_eq!(app.get(&stranger, "/test-drive/status/notatoken").await.status(), 404);
    let last = if token.ends_with('x') { 'y' } else { 'x' };
    let guess = format!("{}{last}", &token[..31]);
    assert_eq!(app.call(&stranger, "test_drive_status", &[("token", &guess)]).await.status(), 404);
    assert_eq!(app.call(&stranger, "withdraw_test_drive", &[("token", &token)]).await.status(), 200);
    assert_eq!(stage(&app, lead).await, "lost");
    assert_eq!(app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'booked'").await, 0, "the car is free again");
    assert_eq!(app.count("SELECT COUNT(*) FROM test_drives WHERE status = 'cancelled'").await, 1, "not driven");
    let why = format!("SELECT COUNT(*) FROM leads WHERE id = {lead} AND lost_reason = 'withdrawn'");
    assert_eq!(app.count(&why).await, 1);
    let survey = [("token", token.as_str()), ("reason", "price"), ("would_change", "A better finance offer")];
    assert_eq!(app.call(&stranger, "answer_lead_survey", &survey).await.status(), 200);
    assert_eq!(app.call(&stranger, "answer_lead_survey", &survey).await.status(), 409, "one answer");
    assert_eq!(app.call(&stranger, "withdraw_test_drive", &[("token", &token)]).await.status(), 422);
}

async fn a_won_sale_makes_the_owner_who_signs_in_and_finds_the_car_and_the_referral_is_credited_once(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD7", 2).await;
    let desk = handler(&app, dealer, "leads.ld7@example.com").await;
    let referrer = app.owner("13700000070", "推荐人").await;
    let referral = app.call(&referrer, "my_referral", &[]).await.text().await.unwrap_or_default();
    let code = serde_json::from_str::<serde_json::Value>(&referral).expect("json")["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(code.len(), 8);
    let mut ask = Ask::new("新车主", "13700000071", dealer, model);
    ask.referral = &code;
    assert_eq!(ask.send(&app, &client()).await.status(), 200);
    let mut typo = Ask::new("别人", "13700000072", dealer, model);
    typo.referral = "NOSUCHCD";
    let refused = typo.send(&app, &client()).await;
    assert_eq!(refused.status(), 422, "an unknown code is a field error");
    assert!(refused.text().await.unwrap_or_default().contains("referral"));
    let (lead, _) = lead_of(&app, "13700000071").await;
    let id = lead.to_string();
    assert_eq!(app.call(&desk, "move_lead", &[("id", &id), ("step", "contact"), ("note", "")]).await.status(), 200);
    let vin = in_stock(&app, dealer, model, 71).await;
    assert_eq!(
        app.call(&desk, "win_lead", &[("id", &id), ("vin", &vin), ("note", "Paid in full")]).await.status(),
        200
    );
    assert_eq!(stage(&app, lead).await, "won");
    let sold = format!(
        "SELECT COUNT(*) FROM leads WHERE id = {lead} AND won_vin = '{vin}'
           AND owner_id = (SELECT id FROM users WHERE mobile = '13700000071')"
    );
    assert_eq!(app.count(&sold).await, 1, "the lead names the car and its buyer");
    let registered: String = sqlx::query_scalar("SELECT registered_mobile FROM vehicles WHERE vin = $1")
        .bind(&vin)
        .fetch_one(app.db.pool())
        .await
        .expect("in the register");
    assert_eq!(registered, "13700000071");
    assert_eq!(app.count("SELECT COUNT(*) FROM referral_credits").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'referral_won'").await, 1);
    let invite =
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13700000071' AND body LIKE '%https://club.example.cn/reset%'").await;
    assert_eq!(invite, 1, "the new owner is invited");

    // The new owner sets a password with a code to the mobile, signs in, and finds the car.
    let buyer = client();
    let since = app.last_outbox_id().await;
    assert_eq!(app.call(&buyer, "start_reset", &[("identifier", "13700000071")]).await.status(), 200);
    let reset_code = app.code_sent_to("13700000071", since).await.expect("a reset code");
    let finish = [("code", reset_code.as_str()), ("new_password", PASSWORD)];
    assert_eq!(app.call(&buyer, "finish_reset", &finish).await.status(), 200);
    let signed_in = client();
    assert_eq!(app.login(&signed_in, "13700000071", PASSWORD).await.status(), 200);
    let garage = app.call(&signed_in, "garage_cars", &[]).await.text().await.unwrap_or_default();
    assert!(garage.contains(&vin), "the car is in the garage: {garage}");

    // The same person buys a second car with the same code: no second credit.
    let mut second = Ask::new("新车主", "13700000071", dealer, model);
    second.referral = &code;
    app.clock.advance(Duration::days(31));
    assert_eq!(second.send(&app, &client()).await.status(), 200);
    let (lead2, _) = lead_of(&app, "13700000071").await;
    assert_ne!(lead2, lead);
    let id2 = lead2.to_string();
    let desk = again(&app, "leads.ld7@example.com").await;
    app.call(&desk, "move_lead", &[("id", &id2), ("step", "contact"), ("note", "")]).await;
    let vin2 = in_stock(&app, dealer, model, 72).await;
    assert_eq!(app.call(&desk, "win_lead", &[("id", &id2), ("vin", &vin2), ("note", "")]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM referral_credits").await, 1, "credited once per person");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM ownerships WHERE owner_id = (SELECT id FROM users WHERE mobile = '13700000071')"
        )
        .await,
        2
    );
    // A number sitting unproven on an account gets no car: care sorts it out first.
    let _unproven = app.owner("13700000074", "未验证").await;
    sqlx::query("UPDATE users SET mobile_verified_at = NULL WHERE mobile = '13700000074'")
        .execute(app.db.pool())
        .await
        .expect("unverify");
    Ask::new("买家", "13700000074", dealer, model).send(&app, &client()).await;
    let (lead4, _) = lead_of(&app, "13700000074").await;
    let id4 = lead4.to_string();
    app.call(&desk, "move_lead", &[("id", &id4), ("step", "contact"), ("note", "")]).await;
    let stock74 = in_stock(&app, dealer, model, 74).await;
    let unproven = app.call(&desk, "win_lead", &[("id", &id4), ("vin", &stock74), ("note", "")]).await;
    assert_eq!(unproven.status(), 422);
    assert!(unproven.text().await.unwrap_or_default().contains("mobile"), "the mobile is named");
    assert_eq!(stage(&app, lead4).await, "contacted");
    // A car already someone's cannot be sold again.
    Ask::new("第三位", "13700000073", dealer, model).send(&app, &client()).await;
    let (lead3, _) = lead_of(&app, "13700000073").await;
    let id3 = lead3.to_string();
    app.call(&desk, "move_lead", &[("id", &id3), ("step", "contact"), ("note", "")]).await;
    let taken = app.call(&desk, "win_lead", &[("id", &id3), ("vin", &vin), ("note", "")]).await;
    assert_eq!(taken.status(), 422);
    assert_eq!(stage(&app, lead3).await, "contacted");
}

async fn the_board_counts_overdue_first_contacts_and_each_handlers_median(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD8", 1).await;
    let desk = handler(&app, dealer, "leads.ld8@example.com").await;
    Ask::new("快", "13700000081", dealer, model).send(&app, &client()).await;
    Ask::new("慢", "13700000082", dealer, model).send(&app, &client()).await;
    let (fast, _) = lead_of(&app, "13700000081").await;
    app.clock.advance(Duration::minutes(30));
    let log = [("id", fast.to_string()), ("touch", "call".into()), ("note", "No answer; texted".into())];
    let log: Vec<(&str, &str)> = log.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&desk, "log_lead_contact", &log).await.status(), 200);
    app.clock.advance(Duration::days(3));
    let desk = again(&app, "leads.ld8@example.com").await;
    let board: serde_json::Value =
        serde_json::from_str(&app.call(&desk, "lead_board", &[]).await.text().await.unwrap_or_default()).expect("json");
    assert_eq!(board["overdue"], 1, "the untouched lead is overdue, the called one not");
    assert_eq!(board["handlers"][0]["median_first_contact_minutes"], 30);
    let stage_new = board["columns"][0][1].as_array().cloned().unwrap_or_default();
    let slow = stage_new.iter().find(|c| c["name"] == "慢").expect("the slow lead on the board");
    assert_eq!(slow["overdue"], true);
    assert_eq!(stage(&app, fast).await, "new", "logging a call moves no stage");
}

async fn an_owner_asks_for_a_trade_in_from_their_car_and_nobody_else_can(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD9", 1).await;
    let desk = handler(&app, dealer, "leads.ld9@example.com").await;
    let vin = app.register_car_sold_to(901, 400, "13700000091").await;
    let owner = app.owner("13700000091", "老车主").await;
    assert_eq!(app.call(&owner, "claim_car", &[("vin", &vin)]).await.status(), 200);
    let other = app.owner("13700000092", "别人").await;
    let ask = [("vin", vin.as_str()), ("model", &model.to_string()), ("dealer", &dealer.to_string())];
    assert_eq!(app.call(&other, "request_trade_in", &ask).await.status(), 404);
    assert_eq!(app.call(&owner, "request_trade_in", &ask).await.status(), 200);
    assert_eq!(app.call(&owner, "request_trade_in", &ask).await.status(), 200, "asked again: the same request");
    assert_eq!(app.count("SELECT COUNT(*) FROM leads WHERE kind = 'trade_in'").await, 1);
    let (lead, _) = lead_of(&app, "13700000091").await;
    let detail = app.call(&desk, "lead_detail", &[("id", &lead.to_string())]).await.text().await.unwrap_or_default();
    assert!(detail.contains(&vin) && detail.contains("\"year\":2024"), "the car rides along: {detail}");
    let page = app.call(&owner, "trade_in_choices", &[("vin", &vin)]).await.text().await.unwrap_or_default();
    assert!(page.contains("\"stage\":\"New\""), "the owner follows it: {page}");
}

async fn a_referral_is_the_first_requests_and_staff_refer_no_one(engine: Engine) {
    let app = spawn(engine).await;
    let (dealer, model) = showroom(&app, "LD8", 1).await;
    let desk = handler(&app, dealer, "leads.ld8@example.com").await;
    assert_eq!(app.call(&desk, "my_referral", &[]).await.status(), 403, "staff get no referral code");
    sqlx::query("UPDATE users SET referral_code = 'STAFF234' WHERE email = 'leads.ld8@example.com'")
        .execute(app.db.pool())
        .await
        .expect("a code from before the rule");
    let mut with_staff_code = Ask::new("顾客", "13700000081", dealer, model);
    with_staff_code.referral = "STAFF234";
    let refused = with_staff_code.send(&app, &client()).await;
    assert_eq!(refused.status(), 422, "a member of staff's code refers no one");
    assert!(refused.text().await.unwrap_or_default().contains("referral"));

    assert_eq!(Ask::new("顾客", "13700000081", dealer, model).send(&app, &client()).await.status(), 200);
    let someone = app.owner("13700000089", "知道号码的人").await;
    let referral = app.call(&someone, "my_referral", &[]).await.text().await.unwrap_or_default();
    let code = serde_json::from_str::<serde_json::Value>(&referral).expect("json")["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut again = Ask::new("顾客", "13700000081", dealer, model);
    again.referral = &code;
    assert_eq!(again.send(&app, &client()).await.status(), 200, "answered as any repeat is");
    let (lead, _) = lead_of(&app, "13700000081").await;
    let referrer: Option<i64> = sqlx::query_scalar("SELECT referrer_id FROM leads WHERE id = $1")
        .bind(lead)
        .fetch_one(app.db.pool())
        .await
        .expect("lead");
    assert_eq!(referrer, None, "a repeated request does not add a referrer");
    assert_eq!(app.count("SELECT COUNT(*) FROM leads").await, 1);
}

on_both_engines!(
    a_referral_is_the_first_requests_and_staff_refer_no_one,
    a_sale_names_the_dealers_stock_or_a_new_car_its_sales_manager_confirms,
    a_repeated_request_is_noted_on_the_open_lead_and_changes_nothing_the_prospect_set,
    a_picked_hour_is_confirmed_on_the_call_and_the_drive_is_done_only_once_begun,
    a_robot_is_answered_like_a_person_and_leaves_nothing_and_throttles_do_not_say_why,
    a_demo_car_takes_one_drive_at_a_time_and_only_offered_hours_are_taken,
    new_leads_go_round_the_handlers_on_duty,
    a_lead_cannot_be_won_untouched_or_without_a_vin_and_a_loss_needs_its_reason,
    a_handler_sees_and_moves_only_their_own_dealers_leads,
    the_status_link_shows_one_lead_and_nothing_else_and_the_prospect_may_withdraw,
    a_won_sale_makes_the_owner_who_signs_in_and_finds_the_car_and_the_referral_is_credited_once,
    the_board_counts_overdue_first_contacts_and_each_handlers_median,
    an_owner_asks_for_a_trade_in_from_their_car_and_nobody_else_can,
);
