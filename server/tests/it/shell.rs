//! The app shell: health, languages, error pages, configuration, schema and seed.

use crate::helpers;

use helpers::{client, config, fresh_database, spawn, spawn_with, Engine};
use pitlane::account::Role;
use pitlane::db::Db;
use server::Config;
use std::collections::BTreeMap;

async fn healthz_reports_the_database(engine: Engine) {
    let app = spawn(engine).await;
    let response = client().get(app.url("/healthz")).send().await.expect("answer");
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"), "every response carries a request id");
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["status"], "ok");
    assert_eq!(
        body["database"],
        match engine {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    );
}

async fn the_language_follows_the_switch_and_is_remembered(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let home = app.get(&browser, "/").await.text().await.unwrap_or_default();
    assert!(home.contains(r#"lang="zh-CN""#), "Chinese without a preference");
    assert!(home.contains("保修与召回查询"));
    app.call(&browser, "set_language", &[("lang", "en")]).await;
    let home = app.get(&browser, "/").await.text().await.unwrap_or_default();
    assert!(home.contains(r#"lang="en""#));
    assert!(home.contains("Warranty and recall check"));
    // A signed-in user's choice follows them to a new device.
    app.register(&browser, "13900000003", "Lin").await;
    app.call(&browser, "set_language", &[("lang", "en")]).await;
    let other_device = client();
    app.login(&other_device, "13900000003", helpers::PASSWORD).await;
    let me = app.get(&other_device, "/me").await.text().await.unwrap_or_default();
    assert!(me.contains(r#"lang="en""#), "the stored language wins over the default");
}

async fn unknown_pages_get_a_styled_404(engine: Engine) {
    let app = spawn(engine).await;
    let response = app.get(&client(), "/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap_or_default();
    assert!(html.contains("页面不存在") && html.contains("site-header"), "the 404 page keeps the frame");
}

async fn pages_render_islands_and_hydration_scripts(engine: Engine) {
    let app = spawn(engine).await;
    let html = app.get(&client(), "/login").await.text().await.unwrap_or_default();
    assert!(html.contains("<leptos-island"), "the login form is an island");
    assert!(html.contains("/pkg/pitlane.js"), "the page loads the wasm glue");
    assert!(html.contains(r#"action="/api/login""#), "the form posts to the server function without wasm");
}

/// Emoji, Dingbats and the pictographs: a phone without the font shows boxes.
fn emoji_in(text: &str) -> Vec<char> {
    text.chars().filter(|c| matches!(u32::from(*c), 0x2600..=0x27BF | 0x1F000..=0x1FAFF)).collect()
}

async fn the_home_page_draws_its_icons_in_svg_without_emoji(engine: Engine) {
    let app = spawn(engine).await;
    for language in ["zh-CN", "en"] {
        let html = client()
            .get(app.url("/"))
            .header("accept-language", language)
            .send()
            .await
            .expect("the server answers")
            .text()
            .await
            .unwrap_or_default();
        let icons: Vec<&str> = html.split(r#"class="feature-icon">"#).skip(1).collect();
        assert_eq!(icons.len(), 4, "four features ({language})");
        for icon in icons {
            let opening = icon.split("</svg>").next().unwrap_or_default();
            assert!(
                opening.contains("<svg") && opening.contains(r#"aria-hidden="true""#),
                "drawn, and decoration: {opening}"
            );
        }
        assert_eq!(emoji_in(&html), Vec::<char>::new(), "no emoji on the home page ({language})");
    }
}

async fn the_schemas_of_both_engines_have_the_same_tables_and_columns(_engine: Engine) {
    let sqlite = Db::connect(&fresh_database(Engine::Sqlite).await, 1).await.expect("sqlite");
    sqlite.migrate().await.expect("sqlite migrations");
    let postgres = Db::connect(&fresh_database(Engine::Postgres).await, 1).await.expect("postgres");
    postgres.migrate().await.expect("postgres migrations");
    // SQLite's club search index (FTS5 and its shadow tables) has no twin:
    // PostgreSQL indexes `club_search` itself, with pg_trgm.
    let sqlite_columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'
           AND m.name NOT LIKE '%\\_fts%' ESCAPE '\\'",
    )
    .fetch_all(sqlite.pool())
    .await
    .expect("sqlite columns");
    let postgres_columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(postgres.pool())
    .await
    .expect("postgres columns");
    let group = |rows: Vec<(String, String)>| {
        let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (table, column) in rows {
            tables.entry(table).or_default().push(column);
        }
        tables.values_mut().for_each(|c| c.sort());
        tables
    };
    let (sqlite_tables, postgres_tables) = (group(sqlite_columns), group(postgres_columns));
    assert!(sqlite_tables.contains_key("users"));
    assert_eq!(sqlite_tables, postgres_tables);
}

async fn sqlite_runs_in_wal_mode_with_foreign_keys(_engine: Engine) {
    let db = Db::connect(&fresh_database(Engine::Sqlite).await, 1).await.expect("sqlite");
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(db.pool()).await.expect("mode");
    let (keys,): (i64,) = sqlx::query_as("PRAGMA foreign_keys").fetch_one(db.pool()).await.expect("keys");
    let (timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout").fetch_one(db.pool()).await.expect("timeout");
    assert_eq!((mode.as_str(), keys, timeout), ("wal", 1, 5000));
}

async fn demo_data_is_seeded_once_into_an_empty_database(engine: Engine) {
    let app = spawn_with(engine, |c| Config { seed_demo: true, ..c }).await;
    let roles: Vec<String> = sqlx::query_scalar("SELECT DISTINCT role FROM users ORDER BY role")
        .fetch_all(app.db.pool())
        .await
        .unwrap_or_default();
    let mut expected: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    expected.sort();
    assert_eq!(roles, expected, "one account per role at least");
    let vins: Vec<String> =
        sqlx::query_scalar("SELECT vin FROM vehicles").fetch_all(app.db.pool()).await.unwrap_or_default();
    assert!(vins.len() >= 10);
    assert!(vins.iter().all(|v| pitlane::types::Vin::parse(v).is_ok()), "every demo VIN is valid");
    let electric: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_models WHERE powertrain = 'electric'")
        .fetch_one(app.db.pool())
        .await
        .unwrap_or(0);
    assert!(electric >= 1);
    assert!(
        !pitlane::seed::seed_if_empty(&app.db, &*app.clock, &helpers::origin()).await.expect("second seed"),
        "seeds only once"
    );
    // The README's demo accounts sign in with the README's password.
    for (identifier, role) in pitlane::seed::demo_accounts() {
        let browser = client();
        let response = app.login(&browser, identifier, pitlane::seed::DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "{identifier}");
        let home = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert_eq!(home, role.home_path());
    }
}

async fn a_malformed_server_function_call_is_a_bad_request_not_a_fault(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900003001", "Owner").await;
    let missing = app.call(&owner, "cancel_booking", &[]).await;
    assert_eq!(missing.status(), 400, "a missing argument");
    let text_for_number = app.call(&owner, "cancel_booking", &[("id", "abc")]).await;
    assert_eq!(text_for_number.status(), 400, "text where a number goes");
    assert_eq!(
        app.call(&owner, "cancel_booking", &[("id", "999")]).await.status(),
        404,
        "well-formed calls are unchanged"
    );
}

/// Seeded on New Year's Eve, when the demo dealer is closed the next day, the
/// demo bookings fall on its next open day: the consoles always have some.
async fn demo_bookings_fall_on_the_dealers_next_open_day(engine: Engine) {
    let app = spawn(engine).await;
    let eve = chrono::DateTime::parse_from_rfc3339("2026-12-31T10:00:00+08:00").map(|t| t.to_utc());
    let clock = pitlane::FixedClock::new(eve.expect("a time"));
    assert!(
        pitlane::seed::seed_if_empty(&app.db, &clock, &helpers::origin()).await.expect("seed"),
        "an empty database is seeded"
    );
    // The bookings still to come (the demo's history of visits is all past).
    let starts: Vec<i64> = sqlx::query_scalar("SELECT starts_at FROM bookings WHERE status = 'booked'")
        .fetch_all(app.db.pool())
        .await
        .unwrap_or_default();
    let days: Vec<String> = starts
        .iter()
        .filter_map(|ms| chrono::DateTime::from_timestamp_millis(*ms))
        .map(|t| t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8")).date_naive().to_string())
        .collect();
    assert_eq!(days, ["2027-01-02", "2027-01-02"], "past the closed New Year's Day");
}

on_both_engines!(
    a_malformed_server_function_call_is_a_bad_request_not_a_fault,
    healthz_reports_the_database,
    the_language_follows_the_switch_and_is_remembered,
    unknown_pages_get_a_styled_404,
    pages_render_islands_and_hydration_scripts,
    the_home_page_draws_its_icons_in_svg_without_emoji,
    demo_data_is_seeded_once_into_an_empty_database,
    demo_bookings_fall_on_the_dealers_next_open_day,
);

mod engines {
    use super::*;

    #[tokio::test]
    async fn the_schemas_match() {
        the_schemas_of_both_engines_have_the_same_tables_and_columns(Engine::Postgres).await;
    }

    #[tokio::test]
    async fn sqlite_pragmas() {
        sqlite_runs_in_wal_mode_with_foreign_keys(Engine::Sqlite).await;
    }
}

mod configuration {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Config, server::config::ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|var| vars.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_need_nothing() {
        let config = with(&[]).expect("defaults are valid");
        assert_eq!(config.database_url, "sqlite://data/pitlane.db");
        assert!(!config.secure_cookies);
        assert!(!config.seed_demo, "demo data (with its public password) only when asked for");
        assert!(config.trusted_proxies.is_empty(), "nobody's X-Forwarded-For is believed by default");
        assert_eq!(config.db_connections, pitlane::db::Engine::Sqlite.default_connections());
        let postgres = with(&[("DATABASE_URL", "postgres://u@h/db")]).expect("valid");
        assert_eq!(postgres.db_connections, pitlane::db::Engine::Postgres.default_connections());
        assert_eq!(with(&[("PITLANE_DB_CONNECTIONS", "3")]).expect("valid").db_connections, 3);
    }

    #[test]
    fn each_bad_value_is_named_in_one_line() {
        for (var, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("PITLANE_ADDR", "localhost"),
            ("PITLANE_SECURE_COOKIES", "maybe"),
            ("PITLANE_SEED_DEMO", "2"),
            ("PITLANE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local"),
            ("PITLANE_DB_CONNECTIONS", "0"),
            ("PITLANE_DB_CONNECTIONS", "many"),
            ("PITLANE_PUBLIC_ORIGIN", "https://club.example.cn/portal"),
            ("PITLANE_PUBLIC_ORIGIN", "club.example.cn"),
        ] {
            let err = with(&[(var, value)]).expect_err("refused").to_string();
            assert!(err.contains(var) && !err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn the_binary_stops_at_bad_configuration_naming_the_variable() {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", "mysql://nope")
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DATABASE_URL"));
    }

    #[test]
    fn only_a_demo_may_start_without_the_public_origin() {
        let production = with(&[]).expect("valid");
        assert!(production.public_origin().is_err(), "a production start needs its origin");
        let demo = with(&[("PITLANE_SEED_DEMO", "true")]).expect("valid");
        assert_eq!(demo.public_origin(), Ok(None), "a demo links to where it listens");
        let named = with(&[("PITLANE_PUBLIC_ORIGIN", "https://Club.Example.cn/")]).expect("valid");
        assert_eq!(named.public_origin().map(|o| o.map(|o| o.to_string())), Ok(Some("https://club.example.cn".into())));
    }

    #[test]
    fn the_binary_refuses_a_production_start_without_the_public_origin() {
        let dir = std::env::temp_dir().join(format!("pitlane-no-origin-{}", uuid::Uuid::new_v4().simple()));
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", format!("sqlite://{}/pitlane.db", dir.display()))
            .env("PITLANE_ADDR", "127.0.0.1:0")
            .env_remove("PITLANE_PUBLIC_ORIGIN")
            .env_remove("PITLANE_SEED_DEMO")
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(1), "refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("PITLANE_PUBLIC_ORIGIN") && stderr.contains("https://"), "{stderr}");
        assert!(!dir.exists(), "refused before the database is touched");
    }

    #[tokio::test]
    async fn sqlite_file_and_folder_are_created_on_first_run() {
        let dir = std::env::temp_dir().join(format!("pitlane-first-run-{}", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}/nested/pitlane.db", dir.display());
        let app =
            server::Application::build(&config(url), std::sync::Arc::new(pitlane::SystemClock)).await.expect("starts");
        assert!(dir.join("nested/pitlane.db").is_file());
        app.db().close().await;
    }
}
