//! Loyalty through the real router and the real ledger, on both engines:
//! facts credited once, caps at the boundary, reversals, expiry oldest first,
//! tiers at the threshold, and parallel redemptions that never oversell stock
//! nor overspend points (the ledger's sum equals every balance throughout).

use crate::helpers::booking::{arrive_at, book, open_dealer, owner_with_car, service_id, slot};
use crate::helpers::{spawn, Engine, TestApp};
use chrono::Duration;
use pitlane::account::Role;
use pitlane::club::Item;
use pitlane::fact::{store::emit, Fact};
use pitlane::loyalty::store::{earn_from_events, expire, mismatches, retier};
use pitlane::Clock;

async fn fact(app: &TestApp, fact: Fact) {
    let mut tx = app.db.begin_write().await.expect("a transaction");
    emit(&mut tx, fact, app.clock.now()).await.expect("a domain fact");
    tx.commit().await.expect("committed");
}

async fn earn(app: &TestApp) {
    earn_from_events(&app.db, &*app.clock).await.expect("earning runs");
}

async fn balance(app: &TestApp, owner: i64) -> i64 {
    app.count(&format!("SELECT COALESCE(MAX(balance), 0) FROM loyalty_accounts WHERE owner_id = {owner}")).await
}

async fn owner_id(app: &TestApp, mobile: &str) -> i64 {
    app.count(&format!("SELECT id FROM users WHERE mobile = '{mobile}'")).await
}

/// Signs in anew (after the clock moved past a session's life).
async fn signed_in(app: &TestApp, mobile: &str) -> reqwest::Client {
    let client = crate::helpers::client();
    assert_eq!(app.login(&client, mobile, crate::helpers::PASSWORD).await.status(), 200);
    client
}

async fn ledger_agrees(app: &TestApp) {
    assert_eq!(mismatches(&app.db).await.expect("check"), 0, "every balance equals its ledger's sum");
    assert_eq!(app.count("SELECT COUNT(*) FROM loyalty_accounts WHERE balance < 0").await, 0);
}

/// Sets what a won referral earns, as an admin does on the programme's page
/// (its other settings as shipped: no daily cap, 5,000 a month).
async fn referral_earns(app: &TestApp, admin: &reqwest::Client, points: i64) {
    let points = points.to_string();
    let rule = [
        ("rule", "referral_won"),
        ("points", points.as_str()),
        ("minimum", "0"),
        ("daily_cap", ""),
        ("monthly_cap", "5000"),
        ("active", "on"),
    ];
    assert!(app.call(admin, "save_loyalty_rule", &rule).await.status().is_success(), "the rule is saved");
}

async fn reward(app: &TestApp, points: i64, stock: i64, limit: i64) -> i64 {
    app.count(&format!(
        "INSERT INTO rewards (kind, name_zh, name_en, points, stock, per_owner_limit, valid_days, created_at)
         VALUES ('merchandise', '徽章', 'Badge', {points}, {stock}, {limit}, 30, 0) RETURNING id"
    ))
    .await
}

async fn the_same_fact_credits_once_and_caps_stop_at_the_boundary(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13600000001", "积分").await;
    let id = owner_id(&app, "13600000001").await;
    fact(&app, Fact::ClubPostApproved { post: 1, member: id }).await;
    fact(&app, Fact::ClubPostApproved { post: 1, member: id }).await;
    earn(&app).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 10, "one post, credited once");
    // The daily cap is 30: two more posts reach it, a fourth earns nothing today.
    for post in 2..=4 {
        fact(&app, Fact::ClubPostApproved { post, member: id }).await;
    }
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 30, "the daily cap holds at its boundary");
    app.clock.advance(Duration::days(1));
    fact(&app, Fact::ClubPostApproved { post: 5, member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 40, "a new day, a new allowance");
    // Everyone at an event shares its subject: each is credited.
    app.owner("13600000011", "同行").await;
    let other = owner_id(&app, "13600000011").await;
    fact(&app, Fact::ClubEventAttended { event: 77, member: id }).await;
    fact(&app, Fact::ClubEventAttended { event: 77, member: other }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 90);
    assert_eq!(balance(&app, other).await, 50);
    ledger_agrees(&app).await;
}

async fn a_fact_that_cannot_be_read_or_applied_is_passed_over_and_the_rest_still_earn(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13600000031", "照常").await;
    let id = owner_id(&app, "13600000031").await;
    // A member nobody is: the account cannot be made (a foreign key), the fact fails alone.
    fact(&app, Fact::ClubPostApproved { post: 1, member: 999999 }).await;
    // A row no fact reads (a kind nobody knows, a future version): reported, passed over.
    for (kind, version) in [("club_post_pinned", 1), ("club_post_approved", 2)] {
        sqlx::query("INSERT INTO domain_events (kind, version, subject, payload, at) VALUES ($1, $2, 'post:3', $3, 0)")
            .bind(kind)
            .bind(version)
            .bind(format!("{{\"member\":{id}}}"))
            .execute(app.db.pool())
            .await
            .expect("a row that is no fact");
    }
    fact(&app, Fact::ClubPostApproved { post: 2, member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 10, "the good fact after the bad ones is credited");
    assert_eq!(app.count("SELECT COUNT(*) FROM loyalty_ledger WHERE owner_id = 999999").await, 0);
    let last = app.count("SELECT MAX(id) FROM domain_events").await;
    assert_eq!(app.count("SELECT last_event_id FROM loyalty_cursor").await, last, "and the reading moved on");
    ledger_agrees(&app).await;
}

async fn bonuses_wait_for_a_verified_mobile_and_come_once(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13600000021", "已验证").await;
    app.owner("13600000022", "未验证").await;
    sqlx::query("UPDATE users SET mobile_verified_at = NULL WHERE mobile = '13600000022'")
        .execute(app.db.pool())
        .await
        .expect("unverify");
    let (verified, unverified) = (owner_id(&app, "13600000021").await, owner_id(&app, "13600000022").await);
    pitlane::loyalty::store::daily_bonuses(&app.db, &*app.clock).await.expect("bonuses");
    pitlane::loyalty::store::daily_bonuses(&app.db, &*app.clock).await.expect("bonuses again");
    assert_eq!(balance(&app, verified).await, 100, "the welcome, once");
    assert_eq!(balance(&app, unverified).await, 0, "nothing before the mobile is proven");
    ledger_agrees(&app).await;
}

async fn removed_content_gives_its_points_back_but_never_below_zero(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.loyalty@example.com").await;
    app.owner("13600000002", "违规").await;
    let id = owner_id(&app, "13600000002").await;
    fact(&app, Fact::ClubEventAttended { event: 9, member: id }).await;
    fact(&app, Fact::ClubPostApproved { post: 10, member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 60);
    fact(&app, Fact::ClubContentRemoved { item: Item::post(10), member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 50, "the removed post's 10 points are taken back");
    fact(&app, Fact::ClubContentRestored { item: Item::post(10), member: id }).await;
    fact(&app, Fact::ClubContentRestored { item: Item::post(10), member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 60, "restored on appeal: given back, once");
    fact(&app, Fact::ClubContentRemoved { item: Item::post(10), member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 50, "removed again: taken again");
    let take = [("owner", id.to_string()), ("amount", "-45".into()), ("reason", "Duplicate account".into())];
    let take: Vec<(&str, &str)> = take.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&admin, "adjust_points", &take).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'points_adjusted'").await, 1, "audited");
    let no_reason = [("owner", id.to_string()), ("amount", "10".into()), ("reason", String::new())];
    let no_reason: Vec<(&str, &str)> = no_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&admin, "adjust_points", &no_reason).await.status(), 422, "a reason is required");
    fact(&app, Fact::ClubContentRemoved { item: Item::post(9), member: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 0, "only what is left is taken: never negative");
    ledger_agrees(&app).await;
}

async fn points_expire_oldest_first_after_24_months_with_a_warning_a_month_ahead(engine: Engine) {
    let app = spawn(engine).await;
    app.owner("13600000003", "过期").await;
    let id = owner_id(&app, "13600000003").await;
    fact(&app, Fact::ReferralWon { lead: 1, referrer: id }).await;
    earn(&app).await;
    app.clock.advance(Duration::days(180));
    fact(&app, Fact::ReferralWon { lead: 2, referrer: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 2000);
    let badge = reward(&app, 1200, 5, 5).await;
    let owner = signed_in(&app, "13600000003").await;
    let redeemed =
        app.call(&owner, "redeem_reward", &[("reward", &badge.to_string()), ("idempotency_key", "k1")]).await;
    assert_eq!(redeemed.status(), 200);
    let lots: Vec<i64> = sqlx::query_scalar("SELECT remaining FROM loyalty_ledger WHERE kind = 'earn' ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .expect("lots");
    assert_eq!(lots, vec![0, 800], "the older lot is spent first");
    // 20 days before the second lot's end: a warning; the first lot ended empty, so nothing is written off.
    app.clock.advance(Duration::days(730 - 20));
    assert_eq!(expire(&app.db, &*app.clock).await.expect("expiry"), 0, "the spent first lot has nothing to expire");
    assert_eq!(balance(&app, id).await, 800);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'points_expiring'").await, 1);
    expire(&app.db, &*app.clock).await.expect("expiry again");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'points_expiring'").await, 1, "warned once");
    app.clock.advance(Duration::days(30));
    expire(&app.db, &*app.clock).await.expect("expiry");
    assert_eq!(balance(&app, id).await, 0, "24 months on, the rest expires");
    assert_eq!(app.count("SELECT COUNT(*) FROM loyalty_ledger WHERE kind = 'expire' AND amount = -800").await, 1);
    ledger_agrees(&app).await;
}

async fn a_tier_comes_at_the_threshold_and_redeeming_does_not_take_it_away(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.tiers@example.com").await;
    let owner = app.owner("13600000004", "等级").await;
    let id = owner_id(&app, "13600000004").await;
    referral_earns(&app, &admin, 1000).await;
    for lead in 1..=2 {
        fact(&app, Fact::ReferralWon { lead, referrer: id }).await;
    }
    earn(&app).await;
    retier(&app.db, &*app.clock).await.expect("tiers");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM loyalty_accounts WHERE owner_id = {id} AND tier = 'silver'")).await,
        1
    );
    referral_earns(&app, &admin, 999).await;
    fact(&app, Fact::ReferralWon { lead: 3, referrer: id }).await;
    earn(&app).await;
    retier(&app.db, &*app.clock).await.expect("tiers");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM loyalty_accounts WHERE owner_id = {id} AND tier = 'silver'")).await,
        1,
        "2,999: one short"
    );
    fact(&app, Fact::ReferralWon { lead: 4, referrer: id }).await;
    referral_earns(&app, &admin, 1).await;
    earn(&app).await;
    assert_eq!(retier(&app.db, &*app.clock).await.expect("tiers"), 1);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM loyalty_accounts WHERE owner_id = {id} AND tier = 'gold'")).await,
        1,
        "3,000: gold"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'tier_up'").await, 1);
    let big = reward(&app, 2500, 1, 1).await;
    let redeemed = app.call(&owner, "redeem_reward", &[("reward", &big.to_string()), ("idempotency_key", "t")]).await;
    assert_eq!(redeemed.status(), 200);
    retier(&app.db, &*app.clock).await.expect("tiers");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM loyalty_accounts WHERE owner_id = {id} AND tier = 'gold'")).await,
        1,
        "spending keeps the tier"
    );
    ledger_agrees(&app).await;
}

async fn parallel_redemptions_never_oversell_the_last_items_nor_overspend_the_last_points(engine: Engine) {
    let app = spawn(engine).await;
    // Six owners with enough points race for three badges.
    let scarce = reward(&app, 100, 3, 5).await.to_string();
    let mut owners = Vec::new();
    for n in 0..6 {
        let mobile = format!("1360000010{n}");
        let client = app.owner(&mobile, "抢购").await;
        let id = owner_id(&app, &mobile).await;
        fact(&app, Fact::ReferralWon { lead: n, referrer: id }).await;
        owners.push(client);
    }
    earn(&app).await;
    let calls = owners.iter().enumerate().map(|(n, client)| {
        let (app, scarce, key) = (&app, scarce.clone(), format!("race-{n}"));
        async move {
            app.call(client, "redeem_reward", &[("reward", &scarce), ("idempotency_key", &key)]).await.status().as_u16()
        }
    });
    let statuses = futures::future::join_all(calls).await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 3, "three badges, three vouchers: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 422), "the rest are refused as out of stock: {statuses:?}");
    assert_eq!(app.count(&format!("SELECT stock FROM rewards WHERE id = {scarce}")).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers").await, 3);
    // One owner with 250 points tries five 100-point redemptions at once.
    let plenty = reward(&app, 100, 100, 100).await.to_string();
    let spender = app.owner("13600000200", "最后积分").await;
    let id = owner_id(&app, "13600000200").await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.race@example.com").await;
    referral_earns(&app, &admin, 250).await;
    fact(&app, Fact::ReferralWon { lead: 99, referrer: id }).await;
    earn(&app).await;
    assert_eq!(balance(&app, id).await, 250);
    let calls = (0..5).map(|n| {
        let (app, spender, plenty, key) = (&app, &spender, plenty.clone(), format!("last-{n}"));
        async move {
            app.call(spender, "redeem_reward", &[("reward", &plenty), ("idempotency_key", &key)])
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(calls).await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 2, "250 points buy two: {statuses:?}");
    assert_eq!(balance(&app, id).await, 50);
    // The same submit twice is one redemption.
    let won = statuses.iter().position(|s| *s == 200).unwrap_or_default();
    let key = format!("last-{won}");
    let again = [("reward", plenty.as_str()), ("idempotency_key", key.as_str())];
    assert_eq!(app.call(&spender, "redeem_reward", &again).await.status(), 200);
    assert_eq!(balance(&app, id).await, 50, "a repeated submit answers with the same voucher");
    ledger_agrees(&app).await;
}

async fn a_visit_earns_by_the_yuan_and_its_voucher_is_used_once_at_a_counter(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "LY1", 4).await;
    let service = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 81).await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.ly1@example.com").await;
    let booking = book(&app, &owner, &vin, dealer, service, slot(&app, 1, 10), "visit").await;
    let booking = booking.text().await.unwrap_or_default();
    arrive_at(&app, slot(&app, 1, 10));
    assert_eq!(app.call(&advisor, "check_in_visit", &[("booking", &booking), ("mileage", "5000")]).await.status(), 200);
    let done = [("booking", booking.as_str()), ("work", "保养"), ("parts", ""), ("amount", "860"), ("mileage", "5100")];
    assert_eq!(app.call(&advisor, "complete_visit", &done).await.status(), 200);
    earn(&app).await;
    let id = app.count(&format!("SELECT owner_id FROM ownerships WHERE vin = '{vin}'")).await;
    assert_eq!(balance(&app, id).await, 860, "one point a yuan");
    let voucher = reward(&app, 500, 10, 2).await.to_string();
    let redeemed = app.call(&owner, "redeem_reward", &[("reward", &voucher), ("idempotency_key", "v")]).await;
    let code: String = serde_json::from_str(&redeemed.text().await.unwrap_or_default()).expect("the code");
    let care = app.signed_in_as(Role::CareAgent, None, "care.ly1@example.com").await;
    assert_eq!(app.call(&care, "use_voucher", &[("code", &code)]).await.status(), 403, "not a counter");
    assert_eq!(app.call(&owner, "use_voucher", &[("code", &code)]).await.status(), 403);
    let found = app.call(&advisor, "find_voucher", &[("code", &code.to_lowercase())]).await;
    assert_eq!(found.status(), 200, "typed in lower case, found");
    assert_eq!(app.call(&advisor, "use_voucher", &[("code", &code)]).await.status(), 200);
    let twice = app.call(&advisor, "use_voucher", &[("code", &code)]).await;
    assert_eq!(twice.status(), 422, "used once");
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'redeemed'").await, 1);
    // Two counters at the same moment: one uses it, the other is told so.
    let small = reward(&app, 100, 10, 2).await.to_string();
    let redeemed = app.call(&owner, "redeem_reward", &[("reward", &small), ("idempotency_key", "w")]).await;
    let code: String = serde_json::from_str(&redeemed.text().await.unwrap_or_default()).expect("the code");
    let colleague = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor2.ly1@example.com").await;
    let uses = [&advisor, &colleague].map(|counter| {
        let (app, code) = (&app, code.clone());
        async move { app.call(counter, "use_voucher", &[("code", &code)]).await.status().as_u16() }
    });
    let mut statuses = futures::future::join_all(uses).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 422], "one use at two counters");
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'redeemed'").await, 2);
    ledger_agrees(&app).await;
}

async fn a_voucher_expires_after_its_last_moment_and_the_counter_then_refuses_it(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = app.dealer("LY2").await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.expiry@example.com").await;
    let owner = app.owner("13600000006", "过期券").await;
    let id = owner_id(&app, "13600000006").await;
    let give = [("owner", id.to_string()), ("amount", "500".into()), ("reason", "Goodwill".into())];
    let give: Vec<(&str, &str)> = give.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&admin, "adjust_points", &give).await.status(), 200);
    let badge = reward(&app, 100, 5, 5).await.to_string();
    let redeemed = app.call(&owner, "redeem_reward", &[("reward", &badge), ("idempotency_key", "e")]).await;
    let code: String = serde_json::from_str(&redeemed.text().await.unwrap_or_default()).expect("the code");
    // The reward's vouchers are valid 30 days: the last moment still counts.
    app.clock.advance(Duration::days(30));
    expire(&app.db, &*app.clock).await.expect("expiry");
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'issued'").await, 1, "valid to its last moment");
    app.clock.advance(Duration::seconds(1));
    expire(&app.db, &*app.clock).await.expect("expiry");
    expire(&app.db, &*app.clock).await.expect("expiry again changes nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'expired'").await, 1);
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor.ly2@example.com").await;
    assert_eq!(app.call(&advisor, "use_voucher", &[("code", &code)]).await.status(), 422, "expired");
    assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE redeemed_at IS NOT NULL").await, 0);
    ledger_agrees(&app).await;
}

on_both_engines!(
    the_same_fact_credits_once_and_caps_stop_at_the_boundary,
    bonuses_wait_for_a_verified_mobile_and_come_once,
    a_fact_that_cannot_be_read_or_applied_is_passed_over_and_the_rest_still_earn,
    removed_content_gives_its_points_back_but_never_below_zero,
    points_expire_oldest_first_after_24_months_with_a_warning_a_month_ahead,
    a_tier_comes_at_the_threshold_and_redeeming_does_not_take_it_away,
    parallel_redemptions_never_oversell_the_last_items_nor_overspend_the_last_points,
    a_visit_earns_by_the_yuan_and_its_voucher_is_used_once_at_a_counter,
    a_voucher_expires_after_its_last_moment_and_the_counter_then_refuses_it,
);
