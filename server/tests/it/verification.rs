//! Codes that prove a mobile or e-mail: registration, password reset, a new
//! contact in the profile; and sessions that end (password change, sign out
//! everywhere, 30 days, a disabled account).

use crate::helpers;

use helpers::{client, spawn, Engine, TestApp, PASSWORD};
use pitlane::account::Role;
use pitlane::verification::{MAX_TRIES, VALID_MINUTES};

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// A code that is not `code`.
fn other_than(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(0);
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn start_registration(app: &TestApp, browser: &reqwest::Client, mobile: &str) -> reqwest::Response {
    app.call(browser, "register", &[("identifier", mobile), ("display_name", "Someone"), ("password", PASSWORD)]).await
}

async fn user_id(app: &TestApp, mobile: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1")
        .bind(mobile)
        .fetch_one(app.db.pool())
        .await
        .expect("user id")
}

async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    let me = app.get(browser, "/me").await;
    match me.status().as_u16() {
        200 => true,
        303 => false,
        other => panic!("/me answered {other}"),
    }
}

async fn registering_a_taken_number_answers_as_for_a_free_one_and_warns_its_owner(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13900000101", "First").await;
    let since = app.last_outbox_id().await;

    let free = start_registration(&app, &client(), "13900000102").await;
    let taken = start_registration(&app, &client(), "139 0000 0101").await;
    let (free_status, free_location) = (free.status(), location(&free));
    let free_cookie = free.cookies().any(|c| c.name() == "pitlane_session");
    let (taken_status, taken_location) = (taken.status(), location(&taken));
    let taken_cookie = taken.cookies().any(|c| c.name() == "pitlane_session");
    assert_eq!(free_status, 200);
    assert_eq!((taken_status, taken_location.as_str()), (free_status, free_location.as_str()));
    assert_eq!(taken_cookie, free_cookie);
    assert_eq!(taken.text().await.unwrap_or_default(), free.text().await.unwrap_or_default());

    // The free number got a code; the taken one's owner got a warning and no code.
    assert!(app.code_sent_to("13900000102", since).await.is_some());
    assert_eq!(app.code_sent_to("13900000101", since).await, None);
    let warning: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = '13900000101' AND id > $1")
        .bind(since)
        .fetch_one(app.db.pool())
        .await
        .expect("the owner is warned");
    assert!(warning.contains("重置密码"), "{warning}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1, "nothing is made before a code comes back");

    // Only hashes are kept: of the password and of the code.
    let (password_hash, code_hash): (String, String) =
        sqlx::query_as("SELECT password_hash, code_hash FROM verifications WHERE recipient = '13900000102'")
            .fetch_one(app.db.pool())
            .await
            .expect("pending registration");
    let code = app.code_sent_to("13900000102", since).await.unwrap_or_default();
    assert!(password_hash.starts_with("$argon2") && !password_hash.contains(PASSWORD));
    assert!(code_hash.starts_with("$argon2") && !code_hash.contains(&code));
}

async fn the_code_pages_are_public_and_ask_for_a_one_time_code(engine: Engine) {
    let app = spawn(engine).await;
    for path in ["/register/code", "/reset", "/reset/code"] {
        let page = app.get(&client(), path).await;
        assert_eq!(page.status(), 200, "{path} is public");
        let html = page.text().await.unwrap_or_default();
        if path.ends_with("/code") {
            assert!(html.contains(r#"autocomplete="one-time-code""#), "{path}");
            assert!(html.contains(r#"inputmode="numeric""#), "{path}: a phone shows its digit keypad");
            assert!(html.contains(r#"pattern="[0-9]{6}""#), "{path}: six digits");
            assert!(html.contains(r#"<label for="code""#), "{path}: the code field has a label");
            assert!(html.contains(r#"action="/api/resend_code""#), "{path}: no code? send a new one");
        }
    }
    let register = app.get(&client(), "/register").await.text().await.unwrap_or_default();
    assert!(register.contains(r#"href="/privacy""#), "the consent links to the privacy notice");
    let privacy = app.get(&client(), "/privacy").await;
    assert_eq!(privacy.status(), 200, "the privacy notice is public");
    assert!(privacy.text().await.unwrap_or_default().contains("privacy@meridian-motors.cn"));
    let login = app.get(&client(), "/login").await.text().await.unwrap_or_default();
    assert!(login.contains(r#"href="/reset""#), "sign-in links to the reset");
}

async fn a_code_is_refused_after_five_wrong_tries(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let since = app.last_outbox_id().await;
    assert_eq!(start_registration(&app, &browser, "13900000103").await.status(), 200);
    let code = app.code_sent_to("13900000103", since).await.expect("a code");
    for _ in 0..MAX_TRIES {
        let wrong = app.call(&browser, "confirm_registration", &[("code", &other_than(&code))]).await;
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap_or_default().contains("Wrong"));
    }
    let spent = app.call(&browser, "confirm_registration", &[("code", &code)]).await;
    assert_eq!(spent.status(), 422, "after five tries even the right code is refused");
    assert!(spent.text().await.unwrap_or_default().contains("TooManyTries"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

async fn a_code_works_until_the_tenth_minute_and_not_after(engine: Engine) {
    let app = spawn(engine).await;
    let (late, in_time) = (client(), client());
    let since = app.last_outbox_id().await;
    start_registration(&app, &late, "13900000104").await;
    start_registration(&app, &in_time, "13900000105").await;
    let late_code = app.code_sent_to("13900000104", since).await.expect("a code");
    let in_time_code = app.code_sent_to("13900000105", since).await.expect("a code");

    app.clock.advance(chrono::Duration::minutes(VALID_MINUTES) - chrono::Duration::seconds(1));
    let confirmed = app.call(&in_time, "confirm_registration", &[("code", &in_time_code)]).await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(location(&confirmed), "/me?welcome=1");
    assert!(signed_in(&app, &in_time).await);

    app.clock.advance(chrono::Duration::seconds(1));
    let expired = app.call(&late, "confirm_registration", &[("code", &late_code)]).await;
    assert_eq!(expired.status(), 422);
    assert!(expired.text().await.unwrap_or_default().contains("Expired"));
    // A used code does not work a second time either.
    let again = app.call(&in_time, "confirm_registration", &[("code", &in_time_code)]).await;
    assert_eq!(again.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

async fn a_reset_by_code_ends_every_session_and_signs_in_afresh(engine: Engine) {
    let app = spawn(engine).await;
    let first = app.owner("13900000106", "Reset").await;
    let second = client();
    assert_eq!(app.login(&second, "13900000106", PASSWORD).await.status(), 200);

    let since = app.last_outbox_id().await;
    let resetting = client();
    let known = app.call(&resetting, "start_reset", &[("identifier", "13900000106")]).await;
    let unknown = app.call(&client(), "start_reset", &[("identifier", "13900000199")]).await;
    assert_eq!((known.status(), location(&known)), (unknown.status(), location(&unknown)));
    assert_eq!(location(&known), "/reset/code");
    assert_eq!(known.text().await.unwrap_or_default(), unknown.text().await.unwrap_or_default());
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000199'").await, 0);

    let code = app.code_sent_to("13900000106", since).await.expect("a reset code");
    let weak = app.call(&resetting, "finish_reset", &[("code", &code), ("new_password", "short")]).await;
    assert_eq!(weak.status(), 422, "a weak password is refused before the code is tried");
    let reset = app.call(&resetting, "finish_reset", &[("code", &code), ("new_password", "fresh-start-77")]).await;
    assert_eq!(reset.status(), 200);
    assert_eq!(location(&reset), "/me?changed=password");

    assert!(signed_in(&app, &resetting).await, "signed in afresh");
    assert!(!signed_in(&app, &first).await, "the old sessions have ended");
    assert!(!signed_in(&app, &second).await);
    assert_eq!(app.login(&client(), "13900000106", PASSWORD).await.status(), 422);
    assert_eq!(app.login(&client(), "13900000106", "fresh-start-77").await.status(), 200);
}

async fn no_code_sends_a_fresh_one_to_the_same_number_and_the_old_one_stops_working(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let since = app.last_outbox_id().await;
    assert_eq!(start_registration(&app, &browser, "13900000141").await.status(), 200);
    let first = app.code_sent_to("13900000141", since).await.expect("a code");
    // Tried out: five wrong guesses, then the right code no longer helps.
    for _ in 0..MAX_TRIES {
        app.call(&browser, "confirm_registration", &[("code", &other_than(&first))]).await;
    }
    let asked = app.last_outbox_id().await;
    let again = app.call(&browser, "resend_code", &[("purpose", "register")]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(location(&again), "/register/code?sent=again");
    let second = app.code_sent_to("13900000141", asked).await.expect("a fresh code to the same number");
    assert_eq!(app.count("SELECT COUNT(*) FROM verifications").await, 1, "the same request, its code replaced");
    if second != first {
        let old = app.call(&browser, "confirm_registration", &[("code", &first)]).await;
        assert_eq!(old.status(), 422);
        assert!(old.text().await.unwrap_or_default().contains("Wrong"), "the old code stopped working");
    }
    let confirmed = app.call(&browser, "confirm_registration", &[("code", &second)]).await;
    assert_eq!(confirmed.status(), 200, "five fresh tries with the fresh code");
    assert!(signed_in(&app, &browser).await);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE mobile = '13900000141'").await, 1);
    let spent = app.call(&browser, "resend_code", &[("purpose", "register")]).await;
    assert_eq!(spent.status(), 422, "nothing waits for a code any more");
}

async fn asking_again_for_a_code_is_throttled_like_the_first_request(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let limit = pitlane::verification::store::REQUESTS_PER_RECIPIENT_HOUR;
    start_registration(&app, &browser, "13900000142").await;
    for _ in 1..limit {
        assert_eq!(app.call(&browser, "resend_code", &[("purpose", "register")]).await.status(), 200);
    }
    let sent = app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000142'").await;
    assert_eq!(sent, limit);
    assert_eq!(app.call(&browser, "resend_code", &[("purpose", "register")]).await.status(), 429);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000142'").await, sent, "no more sent");
    let nothing = app.call(&client(), "resend_code", &[("purpose", "register")]).await;
    assert_eq!(nothing.status(), 422, "a browser that asked for nothing gets nothing");
    let contact = app.call(&browser, "resend_code", &[("purpose", "contact")]).await;
    assert_eq!(contact.status(), 400, "a new contact's code is asked for again on the profile");
}

async fn a_reset_code_is_sent_again_to_the_account_and_an_unknown_number_still_gets_nothing(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13900000143", "Again").await;
    let (known, unknown) = (client(), client());
    app.call(&known, "start_reset", &[("identifier", "13900000143")]).await;
    app.call(&unknown, "start_reset", &[("identifier", "13900000144")]).await;
    let since = app.last_outbox_id().await;
    let known_again = app.call(&known, "resend_code", &[("purpose", "reset")]).await;
    let unknown_again = app.call(&unknown, "resend_code", &[("purpose", "reset")]).await;
    assert_eq!((known_again.status(), location(&known_again)), (unknown_again.status(), location(&unknown_again)));
    assert_eq!(location(&known_again), "/reset/code?sent=again");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000144'").await, 0);
    let code = app.code_sent_to("13900000143", since).await.expect("a fresh reset code");
    let reset = app.call(&known, "finish_reset", &[("code", &code), ("new_password", "fresh-start-78")]).await;
    assert_eq!(reset.status(), 200);
    assert_eq!(app.login(&client(), "13900000143", "fresh-start-78").await.status(), 200);
}

async fn changing_the_password_ends_other_sessions_but_not_this_one(engine: Engine) {
    let app = spawn(engine).await;
    let this = app.owner("13900000107", "Changer").await;
    let other = client();
    app.login(&other, "13900000107", PASSWORD).await;
    let changed =
        app.call(&this, "change_password", &[("current_password", PASSWORD), ("new_password", "brand-new-42")]).await;
    assert_eq!(changed.status(), 200);
    assert!(signed_in(&app, &this).await, "the session that changed it carries on");
    assert!(!signed_in(&app, &other).await, "every other session has ended");
}

async fn signing_out_everywhere_ends_every_session_this_one_too(engine: Engine) {
    let app = spawn(engine).await;
    let this = app.owner("13900000108", "Everywhere").await;
    let other = client();
    app.login(&other, "13900000108", PASSWORD).await;
    assert_eq!(app.call(&this, "sign_out_everywhere", &[]).await.status(), 200);
    assert!(!signed_in(&app, &this).await);
    assert!(!signed_in(&app, &other).await);
    assert_eq!(app.login(&this, "13900000108", PASSWORD).await.status(), 200, "signing in again works");
    assert!(signed_in(&app, &this).await);
    let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sessions_ended'").await;
    assert_eq!(audited, 1);
}

async fn a_session_ends_thirty_days_after_its_sign_in_however_active(engine: Engine) {
    let app = spawn(engine).await;
    let browser = app.owner("13900000109", "Thirty").await;
    for day in 1..30 {
        app.clock.advance(chrono::Duration::days(1));
        assert!(signed_in(&app, &browser).await, "in daily use, day {day}");
    }
    app.clock.advance(chrono::Duration::days(1));
    assert!(!signed_in(&app, &browser).await, "30 days after signing in");
    app.clock.advance(chrono::Duration::minutes(-1));
    assert!(!signed_in(&app, &browser).await, "the ended session was forgotten, not just refused");
}

async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000110", "Disabled").await;
    let id = user_id(&app, "13900000110").await.to_string();
    let disable = [("user_id", id.as_str()), ("disabled", "true")];
    assert_eq!(app.call(&owner, "set_disabled", &disable).await.status(), 403, "only admins");

    let admin = app.signed_in_as(Role::Admin, None, "admin@example.com").await;
    assert_eq!(app.call(&admin, "set_disabled", &disable).await.status(), 200);
    assert!(!signed_in(&app, &owner).await, "its open session ended");
    let refused = app.login(&client(), "13900000110", PASSWORD).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap_or_default().contains("AccountDisabled"));
    let wrong = app.login(&client(), "13900000110", "not-the-password-1").await;
    assert_eq!(wrong.status(), 422, "a wrong password learns nothing");
    // No reset code goes to a disabled account.
    let since = app.last_outbox_id().await;
    app.call(&client(), "start_reset", &[("identifier", "13900000110")]).await;
    assert_eq!(app.code_sent_to("13900000110", since).await, None);

    let enable = [("user_id", id.as_str()), ("disabled", "false")];
    assert_eq!(app.call(&admin, "set_disabled", &enable).await.status(), 200);
    assert_eq!(app.login(&client(), "13900000110", PASSWORD).await.status(), 200);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'account_%' ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .unwrap_or_default();
    assert_eq!(actions, ["account_disabled", "account_enabled"]);
    let admin_id = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = 'admin@example.com'")
        .fetch_one(app.db.pool())
        .await
        .expect("admin id")
        .to_string();
    let own = [("user_id", admin_id.as_str()), ("disabled", "true")];
    assert_eq!(app.call(&admin, "set_disabled", &own).await.status(), 403, "an admin cannot lock themselves out");
}

fn profile_form<'a>(mobile: &'a str, password: &'a str) -> [(&'a str, &'a str); 9] {
    [
        ("display_name", "Mover"),
        ("mobile", mobile),
        ("email", ""),
        ("city", ""),
        ("address", ""),
        ("preferred_dealer", ""),
        ("birthday", ""),
        ("contact_channel", "sms"),
        ("password", password),
    ]
}

async fn a_new_mobile_goes_on_the_account_only_after_its_code(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000111", "Mover").await;
    let elsewhere = client();
    assert_eq!(app.login(&elsewhere, "13900000111", PASSWORD).await.status(), 200, "a second device");
    let since = app.last_outbox_id().await;
    let saved = app.call(&owner, "save_profile", &profile_form("13900000112", PASSWORD)).await;
    assert_eq!(saved.status(), 200);
    assert_eq!(location(&saved), "/me/profile?saved=code");
    let mobile: String = sqlx::query_scalar("SELECT mobile FROM users WHERE display_name = 'Mover'")
        .fetch_one(app.db.pool())
        .await
        .expect("mobile");
    assert_eq!(mobile, "13900000111", "nothing changes before the code");
    assert_eq!(app.login(&client(), "13900000112", PASSWORD).await.status(), 422);

    let profile: serde_json::Value = app.call(&owner, "my_profile", &[]).await.json().await.unwrap_or_default();
    let pending = profile["pending"][0]["id"].as_i64().expect("a pending change").to_string();
    assert_eq!(profile["pending"][0]["recipient"], "13900000112");
    let code = app.code_sent_to("13900000112", since).await.expect("a code to the new number");
    let wrong = [("verification", pending.as_str()), ("code", &other_than(&code))];
    assert_eq!(app.call(&owner, "confirm_contact", &wrong).await.status(), 422);
    assert_eq!(app.login(&client(), "13900000112", PASSWORD).await.status(), 422);
    let right = [("verification", pending.as_str()), ("code", code.as_str())];
    assert_eq!(app.call(&owner, "confirm_contact", &right).await.status(), 200);
    assert!(signed_in(&app, &owner).await, "this session carries on");
    assert!(!signed_in(&app, &elsewhere).await, "a new sign-in contact ends the account's other sessions");

    assert_eq!(app.login(&client(), "13900000112", PASSWORD).await.status(), 200);
    let verified =
        app.count("SELECT COUNT(*) FROM users WHERE mobile = '13900000112' AND mobile_verified_at IS NOT NULL").await;
    assert_eq!(verified, 1);
    let told: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = '13900000111' AND id > $1")
        .bind(since)
        .fetch_one(app.db.pool())
        .await
        .expect("the old number is told");
    assert!(told.contains("139****0112"), "{told}");

    // Someone else's number: the same answer, no code, and its owner is warned.
    let other = app.owner("13900000113", "Other").await;
    let since = app.last_outbox_id().await;
    let saved = app.call(&other, "save_profile", &profile_form("13900000112", PASSWORD)).await;
    assert_eq!(location(&saved), "/me/profile?saved=code");
    assert_eq!(app.code_sent_to("13900000112", since).await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '13900000112'").await, 2, "code, then warning");
}

async fn removing_a_sign_in_contact_ends_the_other_sessions(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000121", "Mover").await;
    sqlx::query("UPDATE users SET email = 'mover@example.com' WHERE mobile = '13900000121'")
        .execute(app.db.pool())
        .await
        .expect("an e-mail too");
    let elsewhere = client();
    assert_eq!(app.login(&elsewhere, "mover@example.com", PASSWORD).await.status(), 200, "a second device");
    let saved = app.call(&owner, "save_profile", &profile_form("13900000121", PASSWORD)).await;
    assert_eq!(saved.status(), 200, "the e-mail is removed (the form sends it empty)");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email IS NOT NULL").await, 0);
    assert!(signed_in(&app, &owner).await, "this session carries on");
    assert!(!signed_in(&app, &elsewhere).await, "the other device's session has ended");
}

async fn a_code_leaves_the_outbox_once_it_has_been_sent(engine: Engine) {
    use pitlane::notify::outbox::store::{drain, LogSender};
    let app = spawn(engine).await;
    let since = app.last_outbox_id().await;
    let started = app
        .call(&client(), "register", &[("identifier", "13900000131"), ("display_name", "Kept"), ("password", PASSWORD)])
        .await;
    assert_eq!(started.status(), 200);
    let code = app.code_sent_to("13900000131", since).await.expect("a code, while the message waits to be sent");
    assert_eq!(drain(&app.db, &*app.clock, &LogSender, 10).await.expect("drain"), 1);
    let kept: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = '13900000131'")
        .fetch_one(app.db.pool())
        .await
        .expect("the message");
    assert!(!kept.contains(&code) && kept.contains(pitlane::notify::notice::MASK), "sent: the code is gone: {kept}");
}

on_both_engines!(
    a_code_leaves_the_outbox_once_it_has_been_sent,
    removing_a_sign_in_contact_ends_the_other_sessions,
    registering_a_taken_number_answers_as_for_a_free_one_and_warns_its_owner,
    the_code_pages_are_public_and_ask_for_a_one_time_code,
    a_code_is_refused_after_five_wrong_tries,
    a_code_works_until_the_tenth_minute_and_not_after,
    a_reset_by_code_ends_every_session_and_signs_in_afresh,
    changing_the_password_ends_other_sessions_but_not_this_one,
    signing_out_everywhere_ends_every_session_this_one_too,
    a_session_ends_thirty_days_after_its_sign_in_however_active,
    a_disabled_account_is_signed_out_at_once_and_cannot_sign_in,
    a_new_mobile_goes_on_the_account_only_after_its_code,
    no_code_sends_a_fresh_one_to_the_same_number_and_the_old_one_stops_working,
    asking_again_for_a_code_is_throttled_like_the_first_request,
    a_reset_code_is_sent_again_to_the_account_and_an_unknown_number_still_gets_nothing,
);
