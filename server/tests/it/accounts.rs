//! Registering, signing in and out, throttling, password change and the audit log.

use crate::helpers;

use helpers::{client, spawn, Engine, PASSWORD};
use pitlane::account::throttle::{FAILURES_PER_ADDRESS, FREE_FAILURES_PER_ACCOUNT, MAX_ACCOUNT_WAIT_SECS};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response.cookies().find(|c| c.name() == "pitlane_session").map(|c| c.value().to_owned())
}

async fn one_of_the_most_common_passwords_is_refused_by_name(engine: Engine) {
    let app = spawn(engine).await;
    for common in ["woaini1314", "Password1"] {
        let form = [("identifier", "13900000141"), ("display_name", "Common"), ("password", common)];
        let refused = app.call(&client(), "register", &form).await;
        assert_eq!(refused.status(), 422, "{common}");
        let body: serde_json::Value = refused.json().await.unwrap_or_default();
        assert_eq!(body["Invalid"]["problem"]["Password"], "Common", "{common}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM verifications").await, 0, "no code went out");
}

async fn registering_signs_the_owner_in_and_the_dashboard_shows_the_name(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let response = app.register(&browser, "139 1234 5678", "王小明").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("location").map(|v| v.to_str().unwrap_or("")), Some("/me?welcome=1"));
    let page = app.get(&browser, "/me").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("王小明"), "the dashboard greets the owner by name");
    assert!(html.contains("13912345678"), "the dashboard shows the normalised mobile");
}

async fn the_same_mobile_cannot_register_twice(engine: Engine) {
    let app = spawn(engine).await;
    assert_eq!(app.register(&client(), "13912345678", "A").await.status(), 200);
    // Answered as for a free number (see verification.rs), and no second account.
    let second = app.register(&client(), "+86 139-1234-5678", "B").await;
    assert_eq!(second.status(), 200);
    assert_eq!(second.headers().get("location").and_then(|v| v.to_str().ok()), Some("/register/code"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(app.db.pool()).await.unwrap_or(-1);
    assert_eq!(users, 1);
}

async fn a_bad_mobile_is_refused_by_field_and_nothing_is_saved(engine: Engine) {
    let app = spawn(engine).await;
    let response = app.register(&client(), "1234", "王小明").await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["Invalid"]["field"], "identifier", "{body}");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(app.db.pool()).await.unwrap_or(-1);
    assert_eq!(users, 0);
}

async fn wrong_password_and_unknown_account_get_the_same_reply(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    let wrong = app.login(&client(), "owner@example.com", "not-the-password1").await;
    let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await.unwrap_or_default());
    let unknown = app.login(&client(), "nobody@example.com", "not-the-password1").await;
    assert_eq!(wrong_status, 422);
    assert_eq!(unknown.status(), wrong_status);
    assert_eq!(unknown.text().await.unwrap_or_default(), wrong_body);
    assert!(wrong_body.contains("BadCredentials"));
}

async fn login_rotates_the_session_id_and_logout_ends_the_session(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    let browser = client();
    // A session that exists before sign-in (e.g. from switching language).
    let before = app.call(&browser, "set_language", &[("lang", "en")]).await;
    let before_id = session_cookie(&before);
    let login = app.login(&browser, "owner@example.com", PASSWORD).await;
    assert_eq!(login.status(), 200);
    let after_id = session_cookie(&login);
    assert!(after_id.is_some(), "sign-in sets a session cookie");
    assert_ne!(before_id, after_id, "the session id changes at sign-in");
    let cookie_header = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pitlane_session"))
        .unwrap_or("")
        .to_owned();
    assert!(cookie_header.contains("HttpOnly"), "{cookie_header}");
    assert!(cookie_header.contains("SameSite=Lax"), "{cookie_header}");
    assert_eq!(app.get(&browser, "/me").await.status(), 200);

    assert_eq!(app.call(&browser, "logout", &[]).await.status(), 200);
    let me = app.get(&browser, "/me").await;
    assert_eq!(me.status(), 303, "signed out, /me sends to sign-in");
    assert_eq!(me.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login?next=%2Fme"));
}

async fn failures_for_one_account_slow_it_down_without_locking_the_owner_out(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    for _ in 0..FREE_FAILURES_PER_ACCOUNT {
        assert_eq!(app.login(&client(), "owner@example.com", "wrong-password-1").await.status(), 422);
    }
    // The next try waits a moment, unchecked, even with the right password …
    let throttled = app.login(&client(), "owner@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.text().await.unwrap_or_default().contains("Throttled"));
    // … and only a moment: the owner is slowed down, not locked out.
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(app.login(&client(), "owner@example.com", PASSWORD).await.status(), 200);
}

async fn parallel_guesses_reach_the_password_check_at_most_the_allowance(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    let guesses =
        (0..100).map(|_| async { app.login(&client(), "owner@example.com", "wrong-password-1").await.status() });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|s| s.as_u16() == 422).count();
    let refused = answers.iter().filter(|s| s.as_u16() == 429).count();
    assert_eq!(checked + refused, 100, "{answers:?}");
    assert!(checked as i64 <= FREE_FAILURES_PER_ACCOUNT, "{checked} guesses reached the password check");
    let verified = app.count("SELECT COUNT(*) FROM login_attempts WHERE outcome = 'failed'").await;
    assert!(verified <= FREE_FAILURES_PER_ACCOUNT, "{verified} attempts were verified");
    // However many guesses there were, the owner waits at most the longest wait.
    app.clock.advance(chrono::Duration::seconds(MAX_ACCOUNT_WAIT_SECS));
    assert_eq!(app.login(&client(), "owner@example.com", PASSWORD).await.status(), 200);
}

async fn failures_from_one_address_are_throttled_across_accounts(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    for n in 0..FAILURES_PER_ADDRESS {
        // A forged X-Forwarded-For from an untrusted peer changes nothing.
        client()
            .post(app.url("/api/login"))
            .header("accept", "application/json")
            .header("x-forwarded-for", format!("10.9.8.{n}"))
            .form(&[("identifier", format!("guess{n}@example.com").as_str()), ("password", "wrong-1"), ("next", "")])
            .send()
            .await
            .expect("answer");
    }
    let throttled = app.login(&client(), "owner@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), 429, "the address has failed too often");
}

async fn behind_a_trusted_proxy_each_client_is_counted_apart(engine: Engine) {
    let app = helpers::spawn_with(engine, |mut config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
        config
    })
    .await;
    app.register(&client(), "owner@example.com", "Owner").await;
    let login_from = |addr: &str, identifier: String, password: &'static str| {
        let request = client()
            .post(app.url("/api/login"))
            .header("accept", "application/json")
            .header("x-forwarded-for", addr)
            .form(&[("identifier", identifier.as_str()), ("password", password), ("next", "")])
            .send();
        async move { request.await.expect("answer").status().as_u16() }
    };
    for n in 0..FAILURES_PER_ADDRESS {
        login_from("203.0.113.7", format!("guess{n}@example.com"), "wrong-1").await;
    }
    assert_eq!(login_from("203.0.113.7", "owner@example.com".into(), PASSWORD).await, 429);
    assert_eq!(
        login_from("198.51.100.3", "owner@example.com".into(), PASSWORD).await,
        200,
        "another client is not held"
    );

    // Someone guessing the owner's password elsewhere is slowed down there;
    // the owner at home signs in at once.
    let mut guesser = Vec::new();
    for _ in 0..2 * FREE_FAILURES_PER_ACCOUNT {
        guesser.push(login_from("192.0.2.44", "owner@example.com".into(), "wrong-1").await);
    }
    assert!(guesser.contains(&429), "the guesser is slowed down: {guesser:?}");
    assert_eq!(login_from("198.51.100.3", "owner@example.com".into(), PASSWORD).await, 200, "the owner is not");

    // One IPv6 subscriber holds a whole /64: a fresh address for each guess is still one client.
    for n in 0..FAILURES_PER_ADDRESS {
        login_from(&format!("2001:db8:7:7:{n:x}::1"), format!("v6guess{n}@example.com"), "wrong-1").await;
    }
    assert_eq!(login_from("2001:db8:7:7:ffff::9", "owner@example.com".into(), PASSWORD).await, 429, "the /64 is held");
    assert_eq!(login_from("2001:db8:7:8::1", "owner@example.com".into(), PASSWORD).await, 200, "the next /64 is not");
}

async fn sign_ups_are_throttled_per_number(engine: Engine) {
    let app = spawn(engine).await;
    let limit = pitlane::verification::store::REQUESTS_PER_RECIPIENT_HOUR;
    for _ in 0..limit {
        app.register(&client(), "13912345678", "A").await;
    }
    assert_eq!(app.register(&client(), "13912345678", "A").await.status(), 429);
    assert_eq!(app.register(&client(), "13912345679", "B").await.status(), 200, "another number is not held");
}

async fn a_stolen_session_cannot_guess_the_password_faster_than_a_sign_in(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    app.register(&browser, "owner@example.com", "Owner").await;
    let guess = [("current_password", "not-it-123"), ("new_password", "brand-new-42")];
    for _ in 0..FREE_FAILURES_PER_ACCOUNT {
        assert_eq!(app.call(&browser, "change_password", &guess).await.status(), 422);
    }
    assert_eq!(app.call(&browser, "change_password", &guess).await.status(), 429, "the next guess waits");
    let right = [("current_password", PASSWORD), ("new_password", "brand-new-42")];
    assert_eq!(app.call(&browser, "change_password", &right).await.status(), 429, "unchecked, even when right");
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(app.call(&browser, "change_password", &right).await.status(), 200);
}

async fn changing_the_password_needs_the_current_one(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    app.register(&browser, "owner@example.com", "Owner").await;
    let refused = app
        .call(&browser, "change_password", &[("current_password", "not-it-123"), ("new_password", "brand-new-42")])
        .await;
    assert_eq!(refused.status(), 422);
    let changed = app
        .call(&browser, "change_password", &[("current_password", PASSWORD), ("new_password", "brand-new-42")])
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(app.login(&client(), "owner@example.com", PASSWORD).await.status(), 422);
    assert_eq!(app.login(&client(), "owner@example.com", "brand-new-42").await.status(), 200);
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap_or_default();
    assert_eq!(actions, ["register", "password_changed", "login_failed", "login"]);
}

async fn a_form_posted_without_javascript_comes_back_with_a_localised_error(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    // The language cookie joins the session's in the browser's jar.
    assert_eq!(app.call(&browser, "set_language", &[("lang", "zh-CN")]).await.status(), 200);
    let response = browser
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[("identifier", "138"), ("password", "secret-x"), ("next", "")])
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 302);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(location, "/login", "the error waits in the session, not in the address");
    let page = browser.get(app.url(&location)).send().await.expect("answer");
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("请输入 11 位中国大陆手机号"), "the page shows the field error in Chinese");
    assert!(html.contains(r#"value="138""#), "what was typed is still in the field");
    assert!(!html.contains("secret-x"), "a password never travels back");
    let again = browser.get(app.url("/login")).send().await.expect("answer").text().await.unwrap_or_default();
    assert!(!again.contains("请输入 11 位中国大陆手机号"), "the error is shown once, then forgotten");
}

on_both_engines!(
    one_of_the_most_common_passwords_is_refused_by_name,
    registering_signs_the_owner_in_and_the_dashboard_shows_the_name,
    the_same_mobile_cannot_register_twice,
    a_bad_mobile_is_refused_by_field_and_nothing_is_saved,
    wrong_password_and_unknown_account_get_the_same_reply,
    login_rotates_the_session_id_and_logout_ends_the_session,
    failures_for_one_account_slow_it_down_without_locking_the_owner_out,
    parallel_guesses_reach_the_password_check_at_most_the_allowance,
    failures_from_one_address_are_throttled_across_accounts,
    behind_a_trusted_proxy_each_client_is_counted_apart,
    sign_ups_are_throttled_per_number,
    a_stolen_session_cannot_guess_the_password_faster_than_a_sign_in,
    changing_the_password_needs_the_current_one,
    a_form_posted_without_javascript_comes_back_with_a_localised_error,
);
