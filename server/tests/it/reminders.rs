//! Reminders: worked out live, announced once by the daily job, routed by
//! preference and consent.

use crate::helpers;

use helpers::{spawn, Engine};
use pitlane::reminder::store::announce_due;
use pitlane::Clock;

async fn the_daily_run_announces_each_reminder_once(engine: Engine) {
    let app = spawn(engine).await;
    // Sold 13 months ago and never serviced: maintenance is due.
    let vin = app.register_car_sold_to(31, 395, "13900000031").await;
    let owner = app.owner("13900000031", "Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;

    let dashboard = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(
        dashboard.contains(r#"data-state="due""#) || dashboard.contains(r#"data-state="overdue""#),
        "the card is on /me before any job ran"
    );

    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("first run"), 1);
    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("second run"), 0, "not twice");
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("next day"), 0, "not the next day either");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, 1);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND recipient = '13900000031' AND category = 'service'"
        )
        .await,
        1
    );

    // The header and the phone's tab bar show the unread count (its word for screen
    // readers, within the link's name); reading the messages clears it.
    let page = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    let badge = r#"<span class="count">1</span>"#;
    assert_eq!(page.matches(badge).count(), 3, "the header, the tab bar and the page's own link count one");
    assert!(page.contains(r#"<span class="visually-hidden"> 条未读</span>"#));
    assert_eq!(app.call(&owner, "mark_notifications_read", &[]).await.status(), 200);
    let page = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(!page.contains(r#"class="count""#) && !page.contains("条未读"));

    // A recorded service clears the reminder at once: no stale warning.
    let today = app.clock.now().date_naive().to_string();
    app.report_work(
        &owner,
        &[
            ("vin", &vin),
            ("performed_on", &today),
            ("mileage", "12000"),
            ("work", "保养"),
            ("garage_name", "快修"),
            ("is_maintenance", "on"),
        ],
        None,
    )
    .await;
    let reminders: serde_json::Value = app.call(&owner, "garage_cars", &[]).await.json().await.unwrap_or_default();
    assert_eq!(reminders[0]["reminders"][0]["state"], "Done", "{reminders}");
    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("after service"), 0);
}

async fn an_owner_who_wants_no_messages_still_gets_safety_recalls(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(32, 395, "13900000032").await;
    sqlx::query(
        "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, opened_on) VALUES ('R-S', 'recall', '气囊', 'Airbag', '更换', 'Replace', '2026-01-01')",
    )
    .execute(app.db.pool())
    .await
    .expect("campaign");
    sqlx::query("INSERT INTO campaign_models (campaign_id, model_id) SELECT c.id, m.id FROM campaigns c, car_models m WHERE c.code = 'R-S' AND m.code = 'TST'")
        .execute(app.db.pool())
        .await
        .expect("campaign model");
    let owner = app.owner("13900000032", "Quiet").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    sqlx::query("UPDATE users SET contact_channel = 'none' WHERE mobile = '13900000032'")
        .execute(app.db.pool())
        .await
        .expect("preference");

    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("run"), 2, "maintenance and the recall");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, 2, "both in the portal");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE category = 'safety'").await,
        1,
        "the recall goes out anyway"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE category = 'service'").await,
        0,
        "service news respects 'none'"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE category = 'marketing'").await, 0);
}

async fn the_outbox_is_drained_by_the_sender(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(33, 395, "13900000033").await;
    let owner = app.owner("13900000033", "Owner").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;
    announce_due(&app.db, &*app.clock).await.expect("run");
    let sent =
        pitlane::notify::outbox::store::drain(&app.db, &*app.clock, &pitlane::notify::outbox::store::LogSender, 10)
            .await
            .expect("drain");
    assert_eq!(sent, 2, "the reminder, and the code the owner registered with");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await, 2);
    assert_eq!(
        pitlane::notify::outbox::store::drain(&app.db, &*app.clock, &pitlane::notify::outbox::store::LogSender, 10)
            .await
            .expect("drain"),
        0
    );
}

async fn a_service_campaign_is_its_own_reminder_and_never_overdue(engine: Engine) {
    let app = spawn(engine).await;
    // Sold a month ago: no maintenance due, only the campaign.
    let vin = app.register_car_sold_to(34, 30, "13900000034").await;
    sqlx::query(
        "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, opened_on) VALUES ('S-BMS', 'service', '电池软件升级', 'Battery software update', '升级', 'Update', '2026-01-01')",
    )
    .execute(app.db.pool())
    .await
    .expect("campaign");
    sqlx::query("INSERT INTO campaign_models (campaign_id, model_id) SELECT c.id, m.id FROM campaigns c, car_models m WHERE c.code = 'S-BMS' AND m.code = 'TST'")
        .execute(app.db.pool())
        .await
        .expect("campaign model");
    let owner = app.owner("13900000034", "Campaign").await;
    app.call(&owner, "claim_car", &[("vin", &vin)]).await;

    let cars: serde_json::Value = app.call(&owner, "garage_cars", &[]).await.json().await.unwrap_or_default();
    let reminders = cars[0]["reminders"].as_array().cloned().unwrap_or_default();
    assert_eq!(reminders.len(), 1, "{cars}");
    assert_eq!((&reminders[0]["kind"], &reminders[0]["state"]), (&"ServiceCampaign".into(), &"Open".into()));
    let page = app.get(&owner, "/me").await.text().await.unwrap_or_default();
    assert!(page.contains("服务活动") && page.contains("待办理") && page.contains("电池软件升级"), "its own words");
    for wrong in ["定期保养", "已到期", "已逾期", "暂无日期或里程"] {
        assert!(!page.contains(wrong), "{wrong} is not said of a campaign");
    }

    assert_eq!(announce_due(&app.db, &*app.clock).await.expect("run"), 1);
    let told: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = '13900000034' AND category = 'service'")
            .fetch_one(app.db.pool())
            .await
            .expect("the owner is told");
    assert!(told.contains("服务活动") && told.contains("电池软件升级") && !told.contains("保养"), "{told}");
}

on_both_engines!(
    a_service_campaign_is_its_own_reminder_and_never_overdue,
    the_daily_run_announces_each_reminder_once,
    an_owner_who_wants_no_messages_still_gets_safety_recalls,
    the_outbox_is_drained_by_the_sender,
);
