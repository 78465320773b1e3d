//! First start: no known passwords unless demo data is asked for, and the
//! first admin made from the command line.

use crate::helpers;

use helpers::{client, fresh_database, Engine};
use pitlane::seed::DEMO_PASSWORD;
use server::{Application, Config};
use std::sync::Arc;

/// Every password written in this repository (README, seed, tests).
const REPO_PASSWORDS: [&str; 3] = [DEMO_PASSWORD, helpers::PASSWORD, "e2e-secret-2026"];
/// The demo accounts the README lists.
const DEMO_LOGINS: [&str; 4] =
    ["admin@meridian-motors.cn", "care@meridian-motors.cn", "13800000001", "advisor.sh@meridian-motors.cn"];

/// Only what cannot be left out: where the database is and a free port.
pub(crate) fn bare_config(database_url: String) -> Config {
    Config::from_lookup(|var| match var {
        "DATABASE_URL" => Some(database_url.clone()),
        "PITLANE_ADDR" => Some("127.0.0.1:0".to_owned()),
        "PITLANE_PUBLIC_ORIGIN" => Some(helpers::ORIGIN.to_owned()),
        _ => None,
    })
    .expect("a bare configuration is valid")
}

async fn start(config: &Config) -> helpers::TestApp {
    let clock = Arc::new(pitlane::FixedClock::new(chrono::Utc::now()));
    let app = Application::build(config, clock.clone()).await.expect("the application starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    helpers::TestApp { base, client: client(), db, clock }
}

async fn a_start_with_no_settings_has_no_account_that_signs_in(engine: Engine) {
    let app = start(&bare_config(fresh_database(engine).await)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "no account exists after a bare start");
    for login in DEMO_LOGINS {
        for password in REPO_PASSWORDS {
            let response = app.login(&client(), login, password).await;
            assert_eq!(response.status(), 422, "{login} / {password} must not sign in");
        }
    }
}

async fn seed_demo_fills_an_empty_database_once(engine: Engine) {
    let config = bare_config(fresh_database(engine).await);
    let clock = pitlane::SystemClock;
    assert!(server::commands::seed_demo(&config, &clock).await.expect("seeding works"));
    assert!(!server::commands::seed_demo(&config, &clock).await.expect("a second run is a no-op"));
    let app = start(&config).await;
    assert_eq!(app.login(&client(), "13800000001", DEMO_PASSWORD).await.status(), 200);
}

async fn create_admin_makes_an_admin_with_a_generated_or_given_password(engine: Engine) {
    let config = bare_config(fresh_database(engine).await);
    let clock = pitlane::SystemClock;
    let args = |login: &str| vec!["--login".to_owned(), login.to_owned(), "--name".to_owned(), "运维".to_owned()];
    let generated = server::commands::create_admin(&config, &clock, &args("ops@example.com"), None)
        .await
        .expect("an admin is created");
    let password = generated.generated_password.expect("a password is generated when none is given");
    assert!(password.expose().len() >= 20);
    let given = server::commands::create_admin(&config, &clock, &args("13900009999"), Some("chosen-Pass-42".into()))
        .await
        .expect("an admin with a given password");
    assert!(given.generated_password.is_none(), "a given password is not printed");
    let refused =
        server::commands::create_admin(&config, &clock, &args("weak@example.com"), Some("short".into())).await;
    assert!(refused.is_err(), "a weak password is refused");
    let unusable = server::commands::create_admin(&config, &clock, &["--login".to_owned()], None).await;
    assert!(matches!(unusable, Err(server::commands::CommandError::Usage(_))));

    let app = start(&config).await;
    let admin = client();
    assert_eq!(app.login(&admin, "ops@example.com", password.expose()).await.status(), 200);
    assert_eq!(app.get(&admin, "/admin").await.status(), 200, "the new account is an admin");
    assert_eq!(app.login(&client(), "13900009999", "chosen-Pass-42").await.status(), 200);
}

on_both_engines!(
    a_start_with_no_settings_has_no_account_that_signs_in,
    seed_demo_fills_an_empty_database_once,
    create_admin_makes_an_admin_with_a_generated_or_given_password,
);
