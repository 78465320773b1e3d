//! The integration API's keys from the command line: made with scopes and a
//! dealer, shown once and stored only as a digest, found by the key, revoked,
//! and every change audited; `/api/v1` answers a live key only.

use crate::first_start::bare_config;
use crate::helpers;

use helpers::{fresh_database, Engine};
use pitlane::db::Db;
use pitlane::integration::{store, KeyName, KeySecret, Scope, Scopes};
use pitlane::Clock;
use serde_json::Value;

/// `server api-key <line>`.
async fn run(config: &server::Config, line: &str) -> Result<String, server::commands::CommandError> {
    let args: Vec<String> = line.split(' ').map(str::to_owned).collect();
    server::commands::api_key(config, &pitlane::SystemClock, &args).await
}

/// The key a `create` printed (the last word of its output).
fn printed_key(output: &str) -> KeySecret {
    let word = output.split_whitespace().last().unwrap_or_default();
    KeySecret::from_presented(word).unwrap_or_else(|| panic!("a key in {output:?}"))
}

async fn a_key_is_made_found_by_its_secret_alone_and_revoked_at_once(engine: Engine) {
    let config = bare_config(fresh_database(engine).await);
    let clock = pitlane::SystemClock;
    assert!(server::commands::seed_demo(&config, &clock).await.expect("demo dealers"));

    let brand =
        run(&config, "create --name ERP --scopes loyalty:write,vehicles:write").await.expect("a brand-wide key");
    assert!(brand.contains("vehicles:write,loyalty:write"), "the scopes as stored: {brand}");
    let brand_key = printed_key(&brand);
    let dealer = run(&config, "create --name DMS --scopes bookings:read --dealer SH01").await.expect("a dealer's key");
    let dealer_key = printed_key(&dealer);

    let db = Db::connect(&config.database_url, 2).await.expect("the database");
    let now = chrono::Utc::now();
    let found = store::authenticate(&db, now, &brand_key).await.expect("lookup").expect("the live key");
    assert_eq!((found.name.as_str(), found.dealer), ("ERP", None));
    assert!(found.scopes.contains(Scope::VehiclesWrite) && !found.scopes.contains(Scope::BookingsRead));
    assert!(found.last_used_at.is_some(), "the call marks it used");
    let sh01: i64 =
        sqlx::query_scalar("SELECT id FROM dealers WHERE code = 'SH01'").fetch_one(db.pool()).await.expect("SH01");
    let bound = store::authenticate(&db, now, &dealer_key).await.expect("lookup").expect("the dealer's key");
    assert_eq!(bound.dealer, Some(sh01));
    let stranger = KeySecret::from_presented(&format!("pl_{}", "A".repeat(40))).expect("a key's shape");
    assert!(store::authenticate(&db, now, &stranger).await.expect("lookup").is_none(), "no such key");

    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT secret_digest, shown_prefix FROM api_keys").fetch_all(db.pool()).await.expect("rows");
    for (digest, prefix) in &stored {
        assert!(!digest.contains(&brand_key.expose()[3..]) && !digest.contains(&dealer_key.expose()[3..]));
        assert_eq!(prefix.len(), 9, "only the first characters are kept readable");
    }

    assert_eq!(
        run(&config, &format!("revoke {}", found.id)).await.expect("revoked"),
        format!("api key {} revoked", found.id)
    );
    assert!(store::authenticate(&db, now, &brand_key).await.expect("lookup").is_none(), "revoked at once");
    assert!(run(&config, &format!("revoke {}", found.id)).await.is_err(), "a key is revoked once");
    let listed = run(&config, "list").await.expect("the list");
    assert!(listed.contains("revoked\tERP") && listed.contains("live\tDMS"), "{listed}");
    assert!(listed.contains("bookings:read dealer SH01"), "the dealer by its code: {listed}");

    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE subject LIKE 'api_key:%' ORDER BY id")
            .fetch_all(db.pool())
            .await
            .expect("audit lines");
    assert_eq!(audited, ["api_key_created", "api_key_created", "api_key_revoked"]);
}

async fn bad_key_details_are_refused_naming_what_is_wrong(engine: Engine) {
    let config = bare_config(fresh_database(engine).await);
    let config = &config;
    let message =
        |line: &'static str| async move { run(config, line).await.err().map(|e| e.to_string()).unwrap_or_default() };
    assert!(message("create --name ERP --scopes vehicles:write,admin").await.contains("`admin` is not a scope"));
    assert!(message("create --name ERP --scopes ,").await.contains("scopes: at least one"));
    assert!(message("create --scopes vehicles:write").await.contains("usage"));
    assert!(message("create --name ERP --scopes vehicles:write --dealer XX99").await.contains("\"XX99\": no dealer"));
    assert!(message("revoke 12").await.contains("no live api key 12"));
    assert!(message("rotate").await.contains("usage"));
    let db = Db::connect(&config.database_url, 2).await.expect("the database");
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_keys").fetch_one(db.pool()).await.expect("count");
    assert_eq!(made, 0, "nothing half-made");
}

on_both_engines!(
    a_key_is_made_found_by_its_secret_alone_and_revoked_at_once,
    bad_key_details_are_refused_naming_what_is_wrong,
    the_api_answers_only_a_live_key_and_refuses_others_as_problem_json,
);

async fn the_api_answers_only_a_live_key_and_refuses_others_as_problem_json(engine: Engine) {
    let app = helpers::spawn(engine).await;
    let dealer = app.dealer("API1").await;
    let new = store::NewKey {
        name: KeyName::parse("上海 DMS").expect("name"),
        scopes: Scopes::parse("bookings:read,vehicles:write").expect("scopes"),
        dealer: Some(dealer),
        by: None,
    };
    let (key, secret) = store::create(&app.db, app.clock.now(), new).await.expect("a key");
    let url = format!("{}/api/v1/key", app.base);
    let call = |authorization: Option<String>| {
        let mut request = helpers::client().get(&url);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send()
    };

    let answer = call(Some(format!("Bearer {}", secret.expose()))).await.expect("answered");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["name"], "上海 DMS");
    assert_eq!(body["scopes"], serde_json::json!(["vehicles:write", "bookings:read"]));
    assert_eq!(body["dealer"], dealer);

    let another = format!("Bearer pl_{}", "x".repeat(40));
    for (authorization, why) in [
        (None, "no key"),
        (Some("Bearer not-a-key".to_owned()), "a malformed key"),
        (Some(another), "an unknown key"),
        (Some(format!("Basic {}", secret.expose())), "another scheme"),
    ] {
        let answer = call(authorization).await.expect("answered");
        assert_eq!(answer.status(), 401, "{why}");
        assert_eq!(answer.headers()["content-type"], "application/problem+json", "{why}");
        assert!(answer.headers()["www-authenticate"].to_str().unwrap_or_default().starts_with("Bearer"), "{why}");
        let problem: Value = answer.json().await.expect("a problem");
        assert_eq!(
            (problem["type"].as_str(), problem["status"].as_i64()),
            (Some("/api/v1/problems/unauthorised"), Some(401))
        );
    }

    let owner = app.owner("13900000271", "Signed In").await;
    assert_eq!(owner.get(&url).send().await.expect("answered").status(), 401, "a session is no API key");

    store::revoke(&app.db, app.clock.now(), key.id, None).await.expect("revoked");
    let answer = call(Some(format!("Bearer {}", secret.expose()))).await.expect("answered");
    assert_eq!(answer.status(), 401, "a revoked key is refused at once");
}
