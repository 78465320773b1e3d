//! The owner's profile: validation, password (and a code) for sign-in changes, history, consent.

use crate::helpers;

use helpers::{spawn, Engine, PASSWORD};

fn form<'a>(mobile: &'a str, email: &'a str, consent: bool, password: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("display_name", "王芳"),
        ("mobile", mobile),
        ("email", email),
        ("city", "上海"),
        ("address", "浦东新区张杨路 1 号"),
        ("preferred_dealer", ""),
        ("birthday", "1990-05-20"),
        ("contact_channel", "sms"),
        ("password", password),
    ];
    if consent {
        f.push(("marketing_consent", "yes"));
    }
    f
}

async fn changing_the_mobile_needs_the_password_and_every_change_is_kept(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000041", "Fang").await;
    let without = app.call(&owner, "save_profile", &form("13900000042", "", false, "")).await;
    assert_eq!(without.status(), 422, "a new mobile needs the password");
    assert_eq!(app.count("SELECT COUNT(*) FROM profile_changes").await, 0);

    let since = app.last_outbox_id().await;
    let saved = app.call(&owner, "save_profile", &form("13900000042", "fang@example.com", true, PASSWORD)).await;
    assert_eq!(saved.status(), 200);
    // The new mobile and e-mail go on the account with the codes sent to them.
    for contact in ["13900000042", "fang@example.com"] {
        let code = app.code_sent_to(contact, since).await.expect("a code to the new contact");
        let id: i64 = sqlx::query_scalar("SELECT id FROM verifications WHERE recipient = $1")
            .bind(contact)
            .fetch_one(app.db.pool())
            .await
            .expect("pending change");
        let confirmed =
            app.call(&owner, "confirm_contact", &[("verification", &id.to_string()), ("code", &code)]).await;
        assert_eq!(confirmed.status(), 200, "{contact}");
    }
    let fields: Vec<String> = sqlx::query_scalar("SELECT field FROM profile_changes ORDER BY field")
        .fetch_all(app.db.pool())
        .await
        .unwrap_or_default();
    assert_eq!(fields, ["address", "birthday", "city", "display_name", "email", "marketing_consent", "mobile"]);
    let (granted, version): (i64, String) = sqlx::query_as("SELECT granted, wording_version FROM consent_records")
        .fetch_one(app.db.pool())
        .await
        .expect("consent recorded");
    assert_eq!((granted, version.as_str()), (1, pitlane::profile::CONSENT_WORDING_VERSION));
    // The new mobile signs in; the page shows the history.
    assert_eq!(app.login(&helpers::client(), "13900000042", PASSWORD).await.status(), 200);
    let page = app.get(&owner, "/me/profile").await.text().await.unwrap_or_default();
    assert!(page.contains("13900000041") && page.contains("13900000042"), "old and new values in the history");
}

async fn a_bad_email_names_its_field_and_nothing_is_saved(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000043", "Li").await;
    let response = app.call(&owner, "save_profile", &form("13900000043", "not-an-email", false, "")).await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["Invalid"]["field"], "email");
    let city: Option<String> = sqlx::query_scalar("SELECT city FROM users WHERE mobile = '13900000043'")
        .fetch_one(app.db.pool())
        .await
        .expect("user");
    assert_eq!(city, None);
}

async fn another_owners_profile_is_out_of_reach(engine: Engine) {
    let app = spawn(engine).await;
    let a = app.owner("13900000044", "A").await;
    let b = app.owner("13900000045", "B").await;
    app.call(&a, "save_profile", &form("13900000044", "", false, "")).await;
    let b_view: serde_json::Value = app.call(&b, "my_profile", &[]).await.json().await.unwrap_or_default();
    assert_eq!(b_view["profile"]["mobile"], "13900000045", "my_profile only ever answers about the caller");
    assert!(!b_view.to_string().contains("13900000044"));
}

async fn a_failed_form_keeps_what_was_typed_out_of_the_address_bar(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000045", "Fang").await;
    // Without JavaScript: a plain post, sent back to the page with the error.
    let mut fields = form("13900000046", "not-an-email", false, "");
    fields.retain(|(name, _)| *name != "address");
    fields.push(("address", "徐汇区漕溪北路 88 号 3 室"));
    let failed = owner
        .post(app.url("/api/save_profile"))
        .header("accept", "text/html")
        .header("referer", app.url("/me/profile"))
        .form(&fields)
        .send()
        .await
        .expect("answer");
    assert!(failed.status().is_redirection(), "back to the form: {}", failed.status());
    let location = failed.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(location, "/me/profile", "the error and the values wait in the session");
    for private in ["13900000046", "not-an-email", "%E5%BE%90%E6%B1%87", "徐汇"] {
        assert!(!location.contains(private), "{private} is not in the address: {location}");
    }
    let page = app.get(&owner, &location).await.text().await.unwrap_or_default();
    assert!(page.contains(r#"value="13900000046""#), "the page still shows what was typed");
    assert!(page.contains("徐汇区漕溪北路 88 号 3 室"));
    let again = app.get(&owner, "/me/profile").await.text().await.unwrap_or_default();
    assert!(!again.contains("徐汇区漕溪北路"), "shown once, then forgotten");
}

/// `form` with some fields replaced.
fn with<'a>(mut fields: Vec<(&'a str, &'a str)>, changed: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    fields.retain(|(name, _)| changed.iter().all(|(c, _)| c != name));
    fields.extend_from_slice(changed);
    fields
}

async fn the_history_reads_in_words_and_a_failed_post_keeps_every_choice(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.owner("13900000047", "Wei").await;
    let pudong = app.dealer("PRF1").await;
    let other: i64 = app.dealer("PRF2").await;
    sqlx::query("UPDATE dealers SET name_zh = '另一家店', name_en = 'Another dealer' WHERE id = $1")
        .bind(other)
        .execute(app.db.pool())
        .await
        .expect("name");
    app.db.forget_kept();
    let (pudong_id, other_id) = (pudong.to_string(), other.to_string());
    let chosen =
        with(form("13900000047", "", false, ""), &[("preferred_dealer", &pudong_id), ("contact_channel", "phone")]);
    assert_eq!(app.call(&owner, "save_profile", &chosen).await.status(), 200);
    let page = app.get(&owner, "/me/profile").await.text().await.unwrap_or_default();
    for words in ["<td>常去的经销商</td>", "<td>测试店</td>", "<td>首选联系方式</td>", "<td>短信</td>", "<td>电话</td>"]
    {
        assert!(page.contains(words), "{words} in the history");
    }
    for raw in
        ["<td>preferred_dealer</td>", "<td>contact_channel</td>", "<td>phone</td>", &format!("<td>{pudong}</td>")]
    {
        assert!(!page.contains(raw), "{raw} is not shown");
    }

    // Without JavaScript a post that fails on one field comes back with every
    // other choice as it was sent, not as it is saved.
    let failing = with(
        form("13900000047", "", true, ""),
        &[("preferred_dealer", &other_id), ("contact_channel", "none"), ("birthday", "2999-01-01")],
    );
    let failed = owner
        .post(app.url("/api/save_profile"))
        .header("accept", "text/html")
        .header("referer", app.url("/me/profile"))
        .form(&failing)
        .send()
        .await
        .expect("answer");
    assert!(failed.status().is_redirection(), "back to the form: {}", failed.status());
    let location = failed.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let page = app.get(&owner, &location).await.text().await.unwrap_or_default();
    assert!(page.contains(&format!(r#"<option value="{other}" selected"#)), "the dealer chosen is kept");
    assert!(page.contains(r#"value="none" checked"#), "the channel chosen is kept");
    assert!(page.contains(r#"name="marketing_consent" value="yes" checked"#), "the consent ticked is kept");
    let saved: Option<i64> = sqlx::query_scalar("SELECT preferred_dealer_id FROM users WHERE mobile = '13900000047'")
        .fetch_one(app.db.pool())
        .await
        .expect("user");
    assert_eq!(saved, Some(pudong), "nothing of the failed post is saved");
}

on_both_engines!(
    the_history_reads_in_words_and_a_failed_post_keeps_every_choice,
    a_failed_form_keeps_what_was_typed_out_of_the_address_bar,
    changing_the_mobile_needs_the_password_and_every_change_is_kept,
    a_bad_email_names_its_field_and_nothing_is_saved,
    another_owners_profile_is_out_of_reach,
);
