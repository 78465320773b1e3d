//! Registering, signing in and out, throttling, password change and the audit log.

mod helpers;

use helpers::{client, spawn, Engine, PASSWORD};
use pitlane::account::throttle::{FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, WINDOW_MINUTES};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response.cookies().find(|c| c.name() == "pitlane_session").map(|c| c.value().to_owned())
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
    let second = app.register(&client(), "+86 139-1234-5678", "B").await;
    assert_eq!(second.status(), 409);
    assert!(second.text().await.unwrap_or_default().contains("AccountExists"));
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
    assert_eq!(me.status(), 302, "signed out, /me sends to sign-in");
    assert_eq!(me.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login?next=/me"));
}

async fn failures_for_one_account_are_throttled_until_the_window_passes(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    for _ in 0..FAILURES_PER_ACCOUNT {
        assert_eq!(app.login(&client(), "owner@example.com", "wrong-password-1").await.status(), 422);
    }
    // Now even the right password is refused, without being checked.
    let throttled = app.login(&client(), "owner@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.text().await.unwrap_or_default().contains("Throttled"));
    app.clock.advance(chrono::Duration::minutes(WINDOW_MINUTES) + chrono::Duration::seconds(1));
    assert_eq!(app.login(&client(), "owner@example.com", PASSWORD).await.status(), 200);
}

async fn failures_from_one_address_are_throttled_across_accounts(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "owner@example.com", "Owner").await;
    for n in 0..FAILURES_PER_ADDRESS {
        app.login(&client(), &format!("guess{n}@example.com"), "wrong-password-1").await;
    }
    let throttled = app.login(&client(), "owner@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), 429, "the address has failed too often");
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
    let response = browser
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .header("cookie", "lang=zh-CN")
        .form(&[("identifier", "138"), ("password", "secret-x"), ("next", "")])
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 302);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(location.starts_with("/login?") && location.contains("__err="), "{location}");
    assert!(!location.contains("secret-x"), "a password never travels back: {location}");
    let page = browser.get(app.url(&location)).header("cookie", "lang=zh-CN").send().await.expect("answer");
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("请输入 11 位中国大陆手机号"), "the page shows the field error in Chinese");
    assert!(html.contains(r#"value="138""#), "what was typed is still in the field");
}

on_both_engines!(
    registering_signs_the_owner_in_and_the_dashboard_shows_the_name,
    the_same_mobile_cannot_register_twice,
    a_bad_mobile_is_refused_by_field_and_nothing_is_saved,
    wrong_password_and_unknown_account_get_the_same_reply,
    login_rotates_the_session_id_and_logout_ends_the_session,
    failures_for_one_account_are_throttled_until_the_window_passes,
    failures_from_one_address_are_throttled_across_accounts,
    changing_the_password_needs_the_current_one,
    a_form_posted_without_javascript_comes_back_with_a_localised_error,
);
