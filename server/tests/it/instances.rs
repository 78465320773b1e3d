//! Two instances of the application on one database: what one of them changes
//! holds on the other at once, or (a session ended) within a second, whatever
//! each instance keeps in memory to answer faster.

use crate::helpers;

use helpers::{spawn, spawn_beside, Engine};
use std::time::Duration;

/// A client that keeps no cookies: the session is sent by hand, to either instance.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a reqwest client")
}

async fn me_status(base: &str, cookie: &str) -> u16 {
    bare_client()
        .get(format!("{base}/me"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

async fn session_cookie(app: &helpers::TestApp, mobile: &str) -> (reqwest::Client, String) {
    let owner = app.owner(mobile, "Two Places").await;
    let me = app.get(&owner, "/me").await;
    assert_eq!(me.status(), 200);
    let signed_in = helpers::client();
    let response = app.login(&signed_in, mobile, helpers::PASSWORD).await;
    let cookie = response
        .cookies()
        .find(|c| c.name() == "pitlane_session")
        .map(|c| format!("pitlane_session={}", c.value()))
        .expect("signing in sets the session cookie");
    (signed_in, cookie)
}

async fn a_session_signed_out_on_one_instance_is_refused_by_the_other_within_a_second(engine: Engine) {
    let first = spawn(engine).await;
    let second = spawn_beside(&first).await;
    let (browser, cookie) = session_cookie(&first, "13900000701").await;
    assert_eq!(me_status(&second.base, &cookie).await, 200, "the other instance knows the session");

    let out = first.call(&browser, "logout", &[]).await;
    assert!(out.status().is_success() || out.status().is_redirection(), "logout answered {}", out.status());
    assert_eq!(me_status(&first.base, &cookie).await, 303, "the instance that signed out refuses it at once");
    // Asked again until it refuses, for at most a second.
    let asked = std::time::Instant::now();
    while me_status(&second.base, &cookie).await != 303 {
        assert!(asked.elapsed() < Duration::from_secs(1), "the other instance refuses it within a second");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_disabled_account_and_a_new_role_hold_at_once_on_the_other_instance(engine: Engine) {
    let first = spawn(engine).await;
    let second = spawn_beside(&first).await;
    let (_, cookie) = session_cookie(&first, "13900000702").await;
    let staff_page = |base: String| {
        let cookie = cookie.clone();
        async move {
            let response = bare_client()
                .get(format!("{base}/staff/cases"))
                .header("cookie", cookie)
                .send()
                .await
                .expect("the server answers");
            response.status().as_u16()
        }
    };
    assert_eq!(staff_page(second.base.clone()).await, 403, "an owner is no care agent");

    sqlx::query("UPDATE users SET role = 'care_agent' WHERE mobile = '13900000702'")
        .execute(first.db.pool())
        .await
        .expect("role changed");
    assert_eq!(staff_page(second.base.clone()).await, 200, "the new role holds on the next request");

    sqlx::query("UPDATE users SET disabled_at = 1 WHERE mobile = '13900000702'")
        .execute(first.db.pool())
        .await
        .expect("account disabled");
    assert_eq!(me_status(&second.base, &cookie).await, 303, "a disabled account is signed out on the next request");
}

on_both_engines!(
    a_session_signed_out_on_one_instance_is_refused_by_the_other_within_a_second,
    a_disabled_account_and_a_new_role_hold_at_once_on_the_other_instance,
);
