//! Feedback and complaints: the lifecycle (illegal steps refused), SLA breach
//! and escalation on the test clock, the 7-day follow-up, internal notes that
//! never reach the owner, who may see which case, and submissions that are
//! stored whole or not at all.

use crate::helpers;

use chrono::Duration;
use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;
use pitlane::Clock;

async fn open(
    app: &TestApp,
    owner: &reqwest::Client,
    fields: &[(&str, String)],
    photos: Vec<Vec<u8>>,
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_files(owner, "open_case", &fields, "photos", photos).await
}

async fn opened(app: &TestApp, owner: &reqwest::Client, title: &str) -> String {
    let response = open(app, owner, &helpers::complaint(title), Vec::new()).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap_or_default()
}

async fn care(app: &TestApp, dealer: Option<i64>, name: &str) -> reqwest::Client {
    app.signed_in_as(Role::CareAgent, dealer, &format!("{name}@example.com")).await
}

async fn status(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM cases WHERE id = $1")
        .bind(id.parse::<i64>().unwrap_or(0))
        .fetch_one(app.db.pool())
        .await
        .expect("case")
}

async fn act(app: &TestApp, client: &reqwest::Client, id: &str, action: &str) -> u16 {
    app.call(client, "case_action", &[("id", id), ("action", action)]).await.status().as_u16()
}

const RESOLUTION: &str = "The dealer cleaned the car for free on Friday.";

/// Resolves as the console's form does, with a note for the owner.
async fn resolve(app: &TestApp, client: &reqwest::Client, id: &str) -> u16 {
    let step = [("id", id), ("action", "resolve"), ("note", RESOLUTION)];
    app.call(client, "case_action", &step).await.status().as_u16()
}

async fn a_case_moves_through_its_lifecycle_and_illegal_steps_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002001", "Owner").await;
    let id = opened(&app, &owner, "Late and dirty").await;
    assert_eq!(status(&app, &id).await, "submitted");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_opened'").await, 1);
    let dashboard = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(dashboard.contains(&format!("/me/cases/{id}")), "the open case is on the owner's dashboard");
    let agent = care(&app, None, "care.life").await;

    assert_eq!(resolve(&app, &agent, &id).await, 422, "not before it is acknowledged");
    assert_eq!(act(&app, &agent, &id, "close").await, 422);
    assert_eq!(act(&app, &agent, &id, "reopen").await, 422, "only the owner reopens");
    let reply = [("id", id.as_str()), ("message", "Sorry. We are calling the dealer now.")];
    assert_eq!(app.call(&agent, "staff_reply_case", &reply).await.status(), 200);
    assert_eq!(status(&app, &id).await, "acknowledged", "the first reply acknowledges");
    assert_eq!(app.count("SELECT COUNT(*) FROM cases WHERE responded_at IS NOT NULL").await, 1);
    assert_eq!(act(&app, &agent, &id, "start").await, 200);
    assert_eq!(act(&app, &agent, &id, "close").await, 422, "resolve before closing");
    assert_eq!(resolve(&app, &agent, &id).await, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_resolved'").await, 1);
    assert_eq!(act(&app, &agent, &id, "close").await, 422, "the owner may still rate or reopen");

    app.clock.advance(Duration::days(10));
    assert_eq!(app.call(&owner, "reopen_case", &[("id", &id)]).await.status(), 200);
    assert_eq!(status(&app, &id).await, "in_progress");
    let due: i64 = sqlx::query_scalar("SELECT resolution_due FROM cases").fetch_one(app.db.pool()).await.expect("due");
    let week = Duration::days(7).num_milliseconds();
    assert_eq!(due, app.clock.now().timestamp_millis() + week, "a reopened case gets a fresh resolution target");
    assert_eq!(pitlane::case::store::sla::watch(&app.db, &*app.clock).await.expect("watch"), 0, "so it is not overdue");
    assert_eq!(resolve(&app, &agent, &id).await, 200);
    let rate = [("id", id.as_str()), ("rating", "4"), ("comment", "Handled well")];
    assert_eq!(app.call(&owner, "rate_case", &[("id", &id), ("rating", "9"), ("comment", "")]).await.status(), 422);
    assert_eq!(app.call(&owner, "rate_case", &rate).await.status(), 200);
    assert_eq!(status(&app, &id).await, "closed");
    assert_eq!(app.call(&owner, "rate_case", &rate).await.status(), 422, "rated once");
    assert_eq!(app.call(&owner, "reopen_case", &[("id", &id)]).await.status(), 422, "a closed case stays closed");

    let page = app.get(&owner, &format!("/me/cases/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Sorry. We are calling the dealer now."), "the owner sees the reply");
    assert!(page.contains("aria-current=\"step\""), "the timeline marks where the case stands");
}

async fn reopening_is_possible_for_fourteen_days_only(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002002", "Owner").await;
    let id = opened(&app, &owner, "Window").await;
    let agent = care(&app, None, "care.window").await;
    act(&app, &agent, &id, "start").await;
    assert_eq!(resolve(&app, &agent, &id).await, 200);
    app.clock.advance(Duration::days(14) + Duration::minutes(1));
    let late = app.call(&owner, "reopen_case", &[("id", &id)]).await;
    assert_eq!(late.status(), 422);
    assert!(late.text().await.unwrap_or_default().contains("ReopenExpired"), "the reason is specific");
    assert_eq!(act(&app, &agent, &id, "close").await, 200, "after the window staff may close it");
}

async fn internal_notes_never_reach_the_owner(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002003", "Owner").await;
    let id = opened(&app, &owner, "Notes").await;
    let agent = care(&app, None, "care.notes").await;
    let secret = "INTERNAL-dealer-blames-the-customer";
    let note = [("id", id.as_str()), ("message", secret), ("internal", "yes")];
    assert_eq!(app.call(&agent, "staff_reply_case", &note).await.status(), 200);
    assert_eq!(status(&app, &id).await, "submitted", "a note is not an answer to the owner");
    assert_eq!(app.count("SELECT COUNT(*) FROM cases WHERE responded_at IS NOT NULL").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_reply'").await, 0);

    let json = app.call(&owner, "my_case", &[("id", &id)]).await.text().await.unwrap_or_default();
    assert!(json.contains("Notes") && !json.contains(secret), "not in the server function's answer");
    let page = app.get(&owner, &format!("/me/cases/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Notes") && !page.contains(secret), "not in the page");
    let list = app.call(&owner, "my_cases", &[]).await.text().await.unwrap_or_default();
    assert!(!list.contains(secret));
    let staff = app.call(&agent, "staff_case", &[("id", &id)]).await.text().await.unwrap_or_default();
    assert!(staff.contains(secret), "staff see their note");
}

async fn owner_b_cannot_read_or_touch_owner_as_case_or_photos(engine: Engine) {
    let app = spawn(engine).await;
    let a = app.owner("13900002004", "A").await;
    let response = open(&app, &a, &helpers::complaint("Mine"), vec![TestApp::jpeg()]).await;
    assert_eq!(response.status(), 200);
    let id = response.text().await.unwrap_or_default();
    let photo: i64 =
        sqlx::query_scalar("SELECT upload_id FROM case_photos").fetch_one(app.db.pool()).await.expect("photo");
    let b = app.owner("13900002005", "B").await;
    assert_eq!(app.call(&b, "my_case", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.get(&b, &format!("/me/cases/{id}")).await.status(), 404);
    assert_eq!(app.get(&b, &format!("/files/{photo}")).await.status(), 404);
    assert_eq!(app.call(&b, "reply_case", &[("id", &id), ("message", "hi")]).await.status(), 404);
    assert_eq!(app.call(&b, "reopen_case", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.call(&b, "rate_case", &[("id", &id), ("rating", "1"), ("comment", "")]).await.status(), 404);
    assert!(!app.call(&b, "my_cases", &[]).await.text().await.unwrap_or_default().contains("Mine"));
    assert_eq!(app.call(&b, "staff_case", &[("id", &id)]).await.status(), 403, "owners are not care staff");
    assert_eq!(app.get(&a, &format!("/files/{photo}")).await.status(), 200, "the owner sees their photo");
    let agent = care(&app, None, "care.photos").await;
    assert_eq!(app.get(&agent, &format!("/files/{photo}")).await.status(), 200, "brand care staff do too");
    let dealer_desk = care(&app, Some(app.dealer("PHOTO").await), "care.dealer").await;
    assert_eq!(app.get(&dealer_desk, &format!("/files/{photo}")).await.status(), 404, "not a desk the case is not on");
    let advisor =
        app.signed_in_as(Role::ServiceAdvisor, Some(app.dealer("PHOTO2").await), "advisor.photo@example.com").await;
    assert_eq!(app.get(&advisor, &format!("/files/{photo}")).await.status(), 404, "nor workshop staff");
}

async fn a_bad_part_refuses_the_whole_submission_and_names_the_field(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002006", "Owner").await;
    let fake = b"\xFF\xD8\xFF\xE0 this is not really a JPEG".to_vec();
    let refused = open(&app, &owner, &helpers::complaint("Fake"), vec![TestApp::jpeg(), fake]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("photos"), "the error names the photos field");
    let mut untitled = helpers::complaint("x");
    untitled[2].1 = "   ".into();
    let refused = open(&app, &owner, &untitled, vec![TestApp::jpeg()]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("\"title\""));
    let six = (0..6).map(|_| TestApp::jpeg()).collect();
    assert_eq!(open(&app, &owner, &helpers::complaint("Six"), six).await.status(), 422, "five photos at most");
    let mut not_mine = helpers::complaint("Other car");
    not_mine[4].1 = app.register_car(2006, Some(10)).await;
    assert_eq!(open(&app, &owner, &not_mine, Vec::new()).await.status(), 422, "only a car in the owner's garage");
    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 0, "nothing was stored");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);

    let twice = helpers::complaint("Twice");
    let first = open(&app, &owner, &twice, vec![TestApp::jpeg()]).await.text().await.unwrap_or_default();
    let second = open(&app, &owner, &twice, vec![TestApp::jpeg()]).await.text().await.unwrap_or_default();
    assert_eq!(first, second, "a double submit makes one case");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 1);
}

async fn a_missed_target_is_marked_escalated_and_told_to_the_supervisor_once(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002007", "Owner").await;
    let mut brakes = helpers::complaint("Brakes grind");
    brakes[1].1 = "product_quality".into();
    brakes[3].1 = "The brake pedal grinds when I stop.".into();
    let id = opened_with(&app, &owner, &brakes).await;
    let priority: String = sqlx::query_scalar("SELECT priority FROM cases").fetch_one(app.db.pool()).await.expect("p");
    assert_eq!(priority, "safety", "a brake complaint starts on the safety clock");
    app.signed_in_as(Role::Admin, None, "supervisor@example.com").await;

    app.clock.advance(Duration::minutes(119));
    assert_eq!(pitlane::case::store::sla::watch(&app.db, &*app.clock).await.expect("watch"), 0, "within 2 hours");
    app.clock.advance(Duration::minutes(2));
    assert_eq!(pitlane::case::store::sla::watch(&app.db, &*app.clock).await.expect("watch"), 1);
    assert_eq!(pitlane::case::store::sla::watch(&app.db, &*app.clock).await.expect("watch"), 0, "once");
    assert_eq!(app.count("SELECT escalation FROM cases").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_breach'").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_events WHERE kind = 'breach_response' AND actor_id IS NULL").await,
        1
    );
    let agent = care(&app, None, "care.sla").await;
    let overdue = app
        .call(
            &agent,
            "case_queue",
            &[("status", ""), ("category", ""), ("priority", ""), ("dealer", ""), ("overdue", "1")],
        )
        .await;
    let overdue: serde_json::Value = overdue.json().await.unwrap_or_default();
    assert_eq!(overdue["overdue"], 1);
    assert_eq!(overdue["cases"][0]["id"].to_string(), id);
    assert_eq!(overdue["cases"][0]["breached"], true);

    app.call(&agent, "staff_reply_case", &[("id", &id), ("message", "Please stop driving; we will tow it.")]).await;
    app.clock.advance(Duration::days(2));
    assert_eq!(
        pitlane::case::store::sla::watch(&app.db, &*app.clock).await.expect("watch"),
        1,
        "the resolution target too"
    );
    assert_eq!(app.count("SELECT escalation FROM cases").await, 2, "one more level");
    let page = app.get(&agent, &format!("/staff/cases/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Test Person"), "the history names who replied");
}

async fn opened_with(app: &TestApp, owner: &reqwest::Client, fields: &[(&str, String)]) -> String {
    let response = open(app, owner, fields, Vec::new()).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap_or_default()
}

async fn an_unrated_resolution_is_followed_up_after_seven_days_once(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002008", "Owner").await;
    let id = opened(&app, &owner, "Follow me").await;
    let agent = care(&app, None, "care.follow").await;
    act(&app, &agent, &id, "start").await;
    resolve(&app, &agent, &id).await;
    let run = || pitlane::case::store::sla::follow_up(&app.db, &*app.clock);
    app.clock.advance(Duration::days(6));
    assert_eq!(run().await.expect("run"), (0, 0));
    app.clock.advance(Duration::days(1));
    assert_eq!(run().await.expect("run"), (1, 0));
    assert_eq!(run().await.expect("run"), (0, 0), "once");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_follow_up'").await, 1);
    let queue = app.get(&agent, "/staff/cases").await.text().await.unwrap_or_default();
    assert!(queue.contains("Follow me"), "the follow-up waits in the queue");
    let outcome = [("id", id.as_str()), ("outcome", "Owner happy; car cleaned for free")];
    assert_eq!(app.call(&agent, "close_case_followup", &outcome).await.status(), 200);
    assert_eq!(app.call(&agent, "close_case_followup", &outcome).await.status(), 404, "closed once");
    app.clock.advance(Duration::days(8));
    assert_eq!(run().await.expect("run").1, 1, "after the reopening window the case closes");
    assert_eq!(status(&app, &id).await, "closed");
}

async fn care_opens_a_case_for_an_owner_and_a_dealer_desk_sees_only_its_own(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002009", "Caller").await;
    let (north, south) = (app.dealer("NRTH").await, app.dealer("STH").await);
    let north_desk = care(&app, Some(north), "care.north").await;
    let form = [
        ("identifier", "13900002009"),
        ("channel", "phone"),
        ("kind", "complaint"),
        ("category", "billing"),
        ("title", "Charged twice"),
        ("description", "Paid the invoice twice at the counter."),
        ("idempotency_key", "k1"),
    ];
    let id = app.call(&north_desk, "open_case_for_owner", &form).await.text().await.unwrap_or_default();
    let (channel, dealer): (String, Option<i64>) =
        sqlx::query_as("SELECT channel, dealer_id FROM cases").fetch_one(app.db.pool()).await.expect("case");
    assert_eq!((channel.as_str(), dealer), ("phone", Some(north)));
    assert!(app.call(&owner, "my_cases", &[]).await.text().await.unwrap_or_default().contains("Charged twice"));
    let portal = [("channel", "portal")];
    let mut bad = form.to_vec();
    bad[1] = portal[0];
    assert_eq!(app.call(&north_desk, "open_case_for_owner", &bad).await.status(), 422, "staff record a real channel");

    let south_desk = care(&app, Some(south), "care.south").await;
    let south_agent: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'care.south@example.com'")
        .fetch_one(app.db.pool())
        .await
        .expect("agent");
    let south_agent = south_agent.to_string();
    let hand_over = [("id", id.as_str()), ("assignee", south_agent.as_str()), ("dealer", "")];
    assert_eq!(
        app.call(&north_desk, "assign_case", &hand_over).await.status(),
        422,
        "not to an agent who cannot open it"
    );
    assert_eq!(app.call(&south_desk, "staff_case", &[("id", &id)]).await.status(), 404);
    assert_eq!(act(&app, &south_desk, &id, "acknowledge").await, 404);
    let queue = app.get(&south_desk, "/staff/cases").await.text().await.unwrap_or_default();
    assert!(!queue.contains("Charged twice"), "another dealer's desk does not list it");
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(north), "advisor.cases@example.com").await;
    assert_eq!(app.get(&advisor, "/staff/cases").await.status(), 403);
}

/// Two agents merging two cases into each other at once: one wins, and one
/// case stays open with the other merged into it.
async fn crossed_merges_leave_one_case_open(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002014", "Owner").await;
    let a = opened(&app, &owner, "A").await;
    let b = opened(&app, &owner, "B").await;
    let (one, two) = (care(&app, None, "care.one").await, care(&app, None, "care.two").await);
    let (a_into_b, b_into_a) = ([("id", a.as_str()), ("into", b.as_str())], [("id", b.as_str()), ("into", a.as_str())]);
    let (x, y) = tokio::join!(app.call(&one, "merge_case", &a_into_b), app.call(&two, "merge_case", &b_into_a));
    assert!(!x.status().is_server_error() && !y.status().is_server_error(), "{} / {}", x.status(), y.status());
    let won = [x.status(), y.status()].iter().filter(|s| s.is_success()).count();
    assert_eq!(won, 1, "exactly one merge wins ({} / {})", x.status(), y.status());
    assert_eq!(app.count("SELECT COUNT(*) FROM cases WHERE merged_into IS NULL AND status <> 'closed'").await, 1);
}

async fn duplicates_merge_into_one_case_of_the_same_owner(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002010", "Owner").await;
    let original = opened(&app, &owner, "Original").await;
    let duplicate = opened(&app, &owner, "Duplicate").await;
    let other = app.owner("13900002011", "Other").await;
    let foreign = opened(&app, &other, "Foreign").await;
    let agent = care(&app, None, "care.merge").await;
    assert_eq!(app.call(&agent, "merge_case", &[("id", &duplicate), ("into", &foreign)]).await.status(), 422);
    assert_eq!(app.call(&agent, "merge_case", &[("id", &duplicate), ("into", &duplicate)]).await.status(), 422);
    assert_eq!(app.call(&agent, "merge_case", &[("id", &duplicate), ("into", &original)]).await.status(), 200);
    let third = opened(&app, &owner, "Third").await;
    assert_eq!(
        app.call(&agent, "merge_case", &[("id", &third), ("into", &duplicate)]).await.status(),
        422,
        "not into a closed case"
    );
    assert_eq!(status(&app, &duplicate).await, "closed");
    assert_eq!(app.count("SELECT COUNT(*) FROM case_events WHERE kind = 'merged_from'").await, 1);
    let page = app.get(&owner, &format!("/me/cases/{duplicate}")).await.text().await.unwrap_or_default();
    assert!(page.contains(&format!("/me/cases/{original}")), "the owner is pointed to the case that goes on");
}

async fn admins_edit_the_sla_policy_and_nobody_else(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.sla@example.com").await;
    let agent = care(&app, None, "care.policy").await;
    let edit = [("priority", "safety"), ("response_hours", "1"), ("resolution_hours", "24")];
    assert_eq!(app.call(&agent, "save_sla_policy", &edit).await.status(), 403);
    let bad = [("priority", "safety"), ("response_hours", "48"), ("resolution_hours", "24")];
    let refused = app.call(&admin, "save_sla_policy", &bad).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap_or_default().contains("resolution_hours"));
    assert_eq!(app.call(&admin, "save_sla_policy", &edit).await.status(), 200);
    assert_eq!(app.count("SELECT first_response_minutes FROM sla_policies WHERE priority = 'safety'").await, 60);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sla_policy_changed'").await, 1);
}

async fn care_links_a_case_to_the_owners_booking_or_car_and_nothing_else(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002012", "Owner").await;
    let vin = app.register_car_sold_to(2012, 30, "13900002012").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    let someone_elses = app.register_car(2013, Some(30)).await;
    let id = opened(&app, &owner, "Which car").await;
    let agent = care(&app, None, "care.link").await;
    assert_eq!(app.call(&agent, "link_case_car", &[("id", &id), ("vin", &someone_elses)]).await.status(), 422);
    assert_eq!(app.call(&agent, "link_case_car", &[("id", &id), ("vin", "NOT-A-VIN")]).await.status(), 422);
    assert_eq!(app.call(&agent, "link_case_booking", &[("id", &id), ("booking", "999")]).await.status(), 422);
    assert_eq!(app.call(&agent, "link_case_car", &[("id", &id), ("vin", &vin)]).await.status(), 200);
    let linked: Option<String> =
        sqlx::query_scalar("SELECT vin FROM cases").fetch_one(app.db.pool()).await.expect("vin");
    assert_eq!(linked, Some(vin));
    assert_eq!(app.count("SELECT COUNT(*) FROM case_events WHERE kind = 'linked'").await, 1);
}

async fn reopening_settles_the_pending_follow_up(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002015", "Owner").await;
    let id = opened(&app, &owner, "Again").await;
    let agent = care(&app, None, "care.again").await;
    act(&app, &agent, &id, "start").await;
    resolve(&app, &agent, &id).await;
    app.clock.advance(Duration::days(7));
    assert_eq!(pitlane::case::store::sla::follow_up(&app.db, &*app.clock).await.expect("run").0, 1);
    assert_eq!(app.call(&owner, "reopen_case", &[("id", &id)]).await.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM case_followups WHERE done_at IS NULL").await,
        0,
        "nothing left to call about"
    );
    resolve(&app, &agent, &id).await;
    app.clock.advance(Duration::days(7));
    assert_eq!(
        pitlane::case::store::sla::follow_up(&app.db, &*app.clock).await.expect("run").0,
        1,
        "the new resolution is followed up too"
    );
}

/// A message is stored as a kind and its parameters, and put into words when it
/// is read, in the reader's language at that moment; a message written before
/// that change keeps its own words.
async fn the_inbox_puts_each_message_into_the_readers_language_when_it_is_read(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002091", "Reader").await;
    let id = opened(&app, &owner, "Rattle at speed").await;
    let (kind, params): (String, String) =
        sqlx::query_as("SELECT kind, params FROM notifications WHERE kind = 'case_opened'")
            .fetch_one(app.db.pool())
            .await
            .expect("the notification");
    assert_eq!(kind, "case_opened");
    assert!(params.contains(&format!(r#""case":{id}"#)), "{params}");
    assert!(!params.contains("We have") && !params.contains("反馈"), "no words are stored: {params}");
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, params, link, created_at)
         SELECT id, 'earlier', '{\"zh\":\"旧的通知\",\"en\":\"An old notice\"}', '/me', 0 FROM users WHERE mobile = '13900002091'",
    )
    .execute(app.db.pool())
    .await
    .expect("an earlier message");

    app.call(&owner, "set_language", &[("lang", "en")]).await;
    let english = app.get(&owner, "/me/notifications").await.text().await.unwrap_or_default();
    assert!(english.contains(&format!("We have your case #{id} and will answer within")), "{english}");
    assert!(english.contains("An old notice"));
    app.call(&owner, "set_language", &[("lang", "zh-CN")]).await;
    let chinese = app.get(&owner, "/me/notifications").await.text().await.unwrap_or_default();
    assert!(chinese.contains(&format!("我们已收到您的反馈（编号 {id}）")), "{chinese}");
    assert!(chinese.contains("旧的通知"));
}

async fn a_case_is_resolved_only_with_a_note_which_reaches_the_owner(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002016", "Owner").await;
    let id = opened(&app, &owner, "Dirty seats").await;
    let agent = care(&app, None, "care.note").await;
    assert_eq!(act(&app, &agent, &id, "start").await, 200);
    for note in [None, Some(""), Some("  \n ")] {
        let mut step = vec![("id", id.as_str()), ("action", "resolve")];
        step.extend(note.map(|n| ("note", n)));
        let refused = app.call(&agent, "case_action", &step).await;
        assert_eq!(refused.status(), 422, "{note:?}");
        let body = refused.text().await.unwrap_or_default();
        assert!(body.contains("\"note\"") && body.contains("Required"), "the note field is named: {body}");
    }
    assert_eq!(status(&app, &id).await, "in_progress", "nothing moved");
    assert_eq!(app.count("SELECT COUNT(*) FROM case_messages").await, 0, "nothing was written");
    let too_long = "x".repeat(pitlane::case::MAX_RESOLUTION_NOTE_CHARS + 1);
    let step = [("id", id.as_str()), ("action", "resolve"), ("note", too_long.as_str())];
    assert_eq!(app.call(&agent, "case_action", &step).await.status(), 422);

    assert_eq!(resolve(&app, &agent, &id).await, 200);
    assert_eq!(status(&app, &id).await, "resolved");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cases WHERE responded_at IS NOT NULL").await,
        1,
        "the note is the owner's first answer"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'case_resolved'").await, 1);
    let mine = app.call(&owner, "my_case", &[("id", &id)]).await.text().await.unwrap_or_default();
    assert!(mine.contains(RESOLUTION), "the owner reads how it was resolved: {mine}");
    let console = app.call(&agent, "staff_case", &[("id", &id)]).await.text().await.unwrap_or_default();
    assert!(console.contains(&format!(r#""Text":"{RESOLUTION}""#)), "the history records it: {console}");
}

/// The console names the owner on their messages, links to their profile and
/// shows how to reach them; a desk the owner never dealt with (a case it
/// recorded from a phone call) sees their contacts masked and no profile link.
async fn the_console_names_the_owner_and_shows_contacts_as_the_desk_may_see_them(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900002017", "Li Wei").await;
    let owner_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE mobile = '13900002017'")
        .fetch_one(app.db.pool())
        .await
        .expect("owner");
    let id = opened(&app, &owner, "Rattle").await;
    assert_eq!(
        app.call(&owner, "reply_case", &[("id", &id), ("message", "It rattles at 80 km/h.")]).await.status(),
        200
    );
    let agent = care(&app, None, "care.console").await;
    app.call(&agent, "set_language", &[("lang", "en")]).await;
    let page = app.get(&agent, &format!("/staff/cases/{id}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Li Wei (Owner)"), "the owner's message is signed with their name");
    assert!(!page.contains(">You<"), "the console is not the owner's page");
    assert!(page.contains("tel:13900002017"), "a brand-wide desk calls the owner");
    assert!(page.contains(&format!("/staff/owners/{owner_id}")), "and opens their profile");
    assert!(page.contains("Portal"), "the opening's channel in words");
    assert!(!page.contains(">portal<"), "never the stored value");

    let north = app.dealer("CNSL").await;
    let north_desk = care(&app, Some(north), "care.console.north").await;
    let form = [
        ("identifier", "13900002017"),
        ("channel", "phone"),
        ("kind", "complaint"),
        ("category", "billing"),
        ("title", "Charged twice"),
        ("description", "Paid the invoice twice."),
        ("idempotency_key", "console-1"),
    ];
    let phoned = app.call(&north_desk, "open_case_for_owner", &form).await.text().await.unwrap_or_default();
    let console: serde_json::Value =
        app.call(&north_desk, "staff_case", &[("id", &phoned)]).await.json().await.unwrap_or_default();
    assert_eq!(console[0]["owner"]["mobile"], "139****2017", "the number it was told, masked");
    assert_eq!(console[0]["owner_reached"], false);
    let page = app.get(&north_desk, &format!("/staff/cases/{phoned}")).await.text().await.unwrap_or_default();
    assert!(!page.contains("/staff/owners/"), "no profile the desk may not open");
    assert!(!page.contains("13900002017"));
}

on_both_engines!(
    a_case_is_resolved_only_with_a_note_which_reaches_the_owner,
    the_console_names_the_owner_and_shows_contacts_as_the_desk_may_see_them,
    the_inbox_puts_each_message_into_the_readers_language_when_it_is_read,
    reopening_settles_the_pending_follow_up,
    crossed_merges_leave_one_case_open,
    care_links_a_case_to_the_owners_booking_or_car_and_nothing_else,
    a_case_moves_through_its_lifecycle_and_illegal_steps_are_refused,
    reopening_is_possible_for_fourteen_days_only,
    internal_notes_never_reach_the_owner,
    owner_b_cannot_read_or_touch_owner_as_case_or_photos,
    a_bad_part_refuses_the_whole_submission_and_names_the_field,
    a_missed_target_is_marked_escalated_and_told_to_the_supervisor_once,
    an_unrated_resolution_is_followed_up_after_seven_days_once,
    care_opens_a_case_for_an_owner_and_a_dealer_desk_sees_only_its_own,
    duplicates_merge_into_one_case_of_the_same_owner,
    admins_edit_the_sla_policy_and_nobody_else,
);
