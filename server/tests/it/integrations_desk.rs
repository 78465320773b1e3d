//! The admins' integrations desk: a new key's (or webhook's) secret is shown
//! once, to the admin who made it, for ten minutes; what the desk lists.

use crate::helpers::{spawn, Engine, TestApp};
use chrono::Duration;
use pitlane::account::Role;

/// Makes a key as `admin` and returns the address the desk sends them to.
async fn made(app: &TestApp, admin: &reqwest::Client, name: &str) -> String {
    let form = [("name", name), ("scopes[0]", "events:read"), ("scopes[1]", "vehicles:read"), ("dealer", "")];
    let answer = app.call(admin, "create_api_key", &form).await;
    assert_eq!(answer.status(), 200);
    let location = answer.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(location.starts_with("/admin/integrations?shown="), "{location}");
    assert!(!location.contains("pl_"), "the secret never goes into an address");
    location
}

async fn secret_on(app: &TestApp, client: &reqwest::Client, location: &str) -> Option<String> {
    let html = app.get(client, location).await.text().await.unwrap_or_default();
    let start = html.find("<code class=\"secret\">")? + "<code class=\"secret\">".len();
    html[start..].split('<').next().map(str::to_owned)
}

async fn a_new_keys_secret_is_shown_once_to_its_maker_within_ten_minutes(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.desk@example.cn").await;
    let other = app.signed_in_as(Role::Admin, None, "admin.other@example.cn").await;

    let location = made(&app, &admin, "Desk ERP").await;
    assert_eq!(secret_on(&app, &other, &location).await, None, "not another admin's to see");
    let secret = secret_on(&app, &admin, &location).await.expect("shown to its maker");
    assert!(secret.starts_with("pl_") && secret.len() == 43, "{secret}");
    assert_eq!(secret_on(&app, &admin, &location).await, None, "and only once");
    assert_eq!(app.count("SELECT COUNT(*) FROM shown_secrets").await, 0, "nothing of it stays");
    let me = crate::helpers::client().get(app.url("/api/v1/key")).bearer_auth(&secret).send().await.expect("answered");
    assert_eq!(me.status(), 200, "the key shown is the key made");

    let late = made(&app, &admin, "Desk DMS").await;
    app.clock.advance(Duration::minutes(11));
    assert_eq!(secret_on(&app, &admin, &late).await, None, "ten minutes, then gone");

    let page = app.get(&admin, "/admin/integrations").await.text().await.unwrap_or_default();
    assert!(page.contains("Desk ERP") && page.contains("vehicles:read, events:read"), "the keys are listed");
    let refused = app.call(&admin, "create_api_key", &[("name", "No scopes"), ("dealer", "")]).await;
    assert_eq!(refused.status(), 422, "a key needs a scope");
    let refused = app.call(&admin, "create_webhook", &[("key", "999999"), ("url", "https://erp.example.cn/")]).await;
    assert_eq!(refused.status(), 422, "no such key");
}

on_both_engines!(a_new_keys_secret_is_shown_once_to_its_maker_within_ten_minutes);
