//! The owners' club through real HTTP: who may post, the first-post hold,
//! reports that hide, moderators' scope, the ladder of sanctions with expiring
//! strikes, appeals decided by someone else, held words, rate limits, the log,
//! events with their waiting list and check-in, search, paging and messages.

use crate::helpers;

use chrono::Duration;
use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;
use pitlane::club::COMMENTS_PER_PAGE;
use pitlane::Clock;

/// An owner with a car in the garage (a verified owner), on their own client.
pub async fn member(app: &TestApp, serial: u32, name: &str) -> reqwest::Client {
    let mobile = format!("139{serial:08}");
    let vin = app.register_car_sold_to(serial, 100, &mobile).await;
    let client = app.owner(&mobile, name).await;
    assert_eq!(app.call(&client, "claim_car", &[("vin", &vin)]).await.status(), 200, "{name} claims a car");
    client
}

/// A member past the first-post hold (three contributions approved before).
pub async fn regular(app: &TestApp, serial: u32, name: &str) -> reqwest::Client {
    let client = member(app, serial, name).await;
    sqlx::query("INSERT INTO club_members (user_id, approved_posts) SELECT id, 5 FROM users WHERE display_name = $1")
        .bind(name)
        .execute(app.db.pool())
        .await
        .expect("standing");
    client
}

pub async fn board(app: &TestApp, slug: &str) -> i64 {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM club_boards WHERE slug = $1")
        .bind(slug)
        .fetch_optional(app.db.pool())
        .await
        .expect("board");
    match existing {
        Some(id) => id,
        None => sqlx::query_scalar(
            "INSERT INTO club_boards (slug, kind, name_zh, name_en, description_zh, description_en, public)
             VALUES ($1, 'region', $1, $1, '-', '-', 0) RETURNING id",
        )
        .bind(slug)
        .fetch_one(app.db.pool())
        .await
        .expect("new board"),
    }
}

/// A moderator of the given boards.
pub async fn moderator(app: &TestApp, login: &str, boards: &[i64]) -> reqwest::Client {
    let client = app.signed_in_as(Role::Moderator, None, login).await;
    for board in boards {
        sqlx::query("INSERT INTO club_board_moderators (board_id, user_id) SELECT $1, id FROM users WHERE email = $2")
            .bind(board)
            .bind(login)
            .execute(app.db.pool())
            .await
            .expect("moderator of board");
    }
    client
}

/// Writes a post two minutes after the test's last step: past every member's
/// gap between posts, and a member's posts spread below their burst
/// (`club::guard::Pace`). Answers with the response (the id in its body on success).
pub async fn write(app: &TestApp, client: &reqwest::Client, board: i64, title: &str, body: &str) -> reqwest::Response {
    app.clock.advance(Duration::minutes(2));
    write_now(app, client, board, title, body).await
}

/// Writes a post at once, however recently the member wrote the last.
async fn write_now(app: &TestApp, client: &reqwest::Client, board: i64, title: &str, body: &str) -> reqwest::Response {
    let board = board.to_string();
    let fields = [("board", board.as_str()), ("title", title), ("body", body), ("kind", "discussion")];
    app.post_files(client, "write_post", &fields, "images", Vec::new()).await
}

/// Writes a comment at once; answers with the response.
async fn comment(app: &TestApp, client: &reqwest::Client, post: i64, body: &str) -> reqwest::Response {
    app.call(client, "write_comment", &[("post", &post.to_string()), ("parent", ""), ("body", body)]).await
}

pub async fn posted(app: &TestApp, client: &reqwest::Client, board: i64, title: &str) -> i64 {
    let response = write(app, client, board, title, "Some words about it.").await;
    assert_eq!(response.status(), 200, "posting {title}");
    response.text().await.unwrap_or_default().parse().expect("the new post's id")
}

pub async fn status(app: &TestApp, table: &str, id: i64) -> String {
    let sql = match table {
        "post" => "SELECT status FROM club_posts WHERE id = $1",
        _ => "SELECT status FROM club_comments WHERE id = $1",
    };
    sqlx::query_scalar(sql).bind(id).fetch_one(app.db.pool()).await.expect("status")
}

/// A decision as the console sends it: a removal cites a rule, nothing else does.
pub async fn decide(app: &TestApp, client: &reqwest::Client, item: &str, decision: &str, reason: &str) -> u16 {
    let rule = if matches!(decision, "hide" | "delete") { "spam" } else { "" };
    let form = [("item", item), ("decision", decision), ("rule", rule), ("reason", reason)];
    app.call(client, "moderate_item", &form).await.status().as_u16()
}

async fn report(app: &TestApp, client: &reqwest::Client, item: &str) -> u16 {
    app.call(client, "report_item", &[("item", item), ("reason", "abuse"), ("note", "")]).await.status().as_u16()
}

/// Every board's kept count and last activity (the club's index reads them)
/// equal what its posts say.
pub async fn board_counts_hold(app: &TestApp) {
    let wrong: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT b.slug, b.visible_posts,
                (SELECT COUNT(*) FROM club_posts p WHERE p.board_id = b.id AND p.status = 'visible') AS counted
         FROM club_boards b
         WHERE b.visible_posts <> (SELECT COUNT(*) FROM club_posts p WHERE p.board_id = b.id AND p.status = 'visible')
            OR COALESCE(b.last_activity_at, -1) <> COALESCE(
                 (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = b.id AND p.status = 'visible'), -1)",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("board counts");
    assert!(wrong.is_empty(), "boards whose count or last activity is off: {wrong:?}");
}

fn china() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("offset")
}

/// `days` from now on the test clock, in China time.
fn in_china(app: &TestApp, days: i64) -> chrono::DateTime<chrono::FixedOffset> {
    (app.clock.now() + Duration::days(days)).with_timezone(&china())
}

/// An event's form on `board`: the day of `start`, 10:00 to 12:00, `capacity` places.
fn event_form(board: i64, start: chrono::DateTime<chrono::FixedOffset>, capacity: u32) -> Vec<(&'static str, String)> {
    vec![
        ("board", board.to_string()),
        ("title", "Coffee run".into()),
        ("body", "Meet at the river".into()),
        ("kind", "event".into()),
        ("starts_at", start.format("%Y-%m-%dT10:00").to_string()),
        ("ends_at", start.format("%Y-%m-%dT12:00").to_string()),
        ("place", "Riverside".into()),
        ("capacity", capacity.to_string()),
    ]
}

async fn sign_in_again(app: &TestApp, client: &reqwest::Client, login: &str) {
    let response = app.login(client, login, helpers::PASSWORD).await;
    assert!(response.status().is_success(), "signing in again as {login}");
}

async fn only_owners_post_and_a_new_members_first_three_posts_wait(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let prospect = app.owner("13900000901", "No Car Yet").await;
    assert_eq!(write(&app, &prospect, general, "Hello", "Is the e3 good?").await.status(), 403, "no car, no post");
    let owner = member(&app, 1, "New Owner").await;
    let moderator = moderator(&app, "mod.hold@example.com", &[general]).await;
    for n in 1..=3 {
        let id = posted(&app, &owner, general, &format!("Post {n}")).await;
        assert_eq!(status(&app, "post", id).await, "held", "post {n} waits");
        let page = app.get(&helpers::client(), &format!("/club/post/{id}")).await;
        assert_eq!(page.status(), 404, "a held post is not out for the public");
        assert_eq!(decide(&app, &moderator, &format!("post:{id}"), "approve", "").await, 200);
        assert_eq!(status(&app, "post", id).await, "visible");
    }
    let fourth = posted(&app, &owner, general, "Post 4").await;
    assert_eq!(status(&app, "post", fourth).await, "visible", "after three approved, posts are out at once");
    let page = app.get(&helpers::client(), &format!("/club/post/{fourth}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Post 4") && page.contains("测试车"), "public, with the verified-owner badge of the model");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_post_approved'").await,
        4,
        "each post coming out is a fact for loyalty"
    );
}

async fn three_members_reports_hide_an_item_and_weight_counts(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 10, "Author").await;
    let id = posted(&app, &author, general, "Cheap parts, call me").await;
    let item = format!("post:{id}");
    let reporters = [regular(&app, 11, "R1").await, regular(&app, 12, "R2").await, regular(&app, 13, "R3").await];
    assert_eq!(report(&app, &author, &item).await, 200, "reporting one's own post changes nothing");
    assert_eq!(report(&app, &reporters[0], &item).await, 200);
    assert_eq!(report(&app, &reporters[0], &item).await, 200, "twice is once");
    assert_eq!(report(&app, &reporters[1], &item).await, 200);
    assert_eq!(status(&app, "post", id).await, "visible", "two ordinary reports do not hide");
    assert_eq!(report(&app, &reporters[2], &item).await, 200);
    assert_eq!(status(&app, "post", id).await, "hidden", "the third member's report hides it until reviewed");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_moderation_log WHERE action = 'auto_hide'").await, 1);

    // Two reporters whose reports were upheld before are enough on their own.
    let second = posted(&app, &author, general, "More cheap parts").await;
    sqlx::query("UPDATE club_members SET reports_upheld = 3 WHERE user_id IN (SELECT id FROM users WHERE display_name IN ('R1', 'R2'))")
        .execute(app.db.pool())
        .await
        .expect("record");
    let item = format!("post:{second}");
    assert_eq!(report(&app, &reporters[0], &item).await, 200);
    assert_eq!(report(&app, &reporters[1], &item).await, 200);
    assert_eq!(status(&app, "post", second).await, "hidden", "trusted reporters weigh more");
}

async fn moderators_act_on_their_boards_only_and_admins_everywhere(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let chapter = board(&app, "region-test").await;
    let author = regular(&app, 20, "Writer").await;
    let in_general = posted(&app, &author, general, "General talk").await;
    let in_chapter = posted(&app, &author, chapter, "Chapter talk").await;
    let moderator = moderator(&app, "mod.scope@example.com", &[general]).await;
    assert_eq!(decide(&app, &moderator, &format!("post:{in_chapter}"), "hide", "").await, 404, "not their board");
    assert_eq!(status(&app, "post", in_chapter).await, "visible");
    assert_eq!(decide(&app, &moderator, &format!("post:{in_general}"), "hide", "").await, 200);
    let admin = app.signed_in_as(Role::Admin, None, "admin.club@example.com").await;
    assert_eq!(decide(&app, &admin, &format!("post:{in_chapter}"), "hide", "").await, 200, "admins act everywhere");
    assert_eq!(
        decide(&app, &author, &format!("post:{in_general}"), "restore", "").await,
        403,
        "members do not moderate"
    );
    assert_eq!(
        decide(&app, &moderator, &format!("post:{in_general}"), "delete", "").await,
        422,
        "deleting needs a reason"
    );
    assert_eq!(decide(&app, &moderator, &format!("post:{in_general}"), "delete", "Advertising").await, 200);
    assert_eq!(status(&app, "post", in_general).await, "deleted");
    // A moderator's edit needs a reason, keeps the earlier words and shows them to moderators.
    let chapter_item = format!("post:{in_chapter}");
    let edit = [("item", chapter_item.as_str()), ("body", "Cleaned up"), ("rule", "personal_data"), ("reason", "")];
    assert_eq!(app.call(&admin, "moderator_edit", &edit).await.status(), 422, "a reason is required");
    let edit = [
        ("item", chapter_item.as_str()),
        ("body", "Cleaned up"),
        ("rule", "personal_data"),
        ("reason", "Phone number"),
    ];
    assert_eq!(app.call(&admin, "moderator_edit", &edit).await.status(), 200);
    let tools: serde_json::Value =
        app.call(&admin, "moderator_tools", &[("post", &in_chapter.to_string())]).await.json().await.expect("tools");
    assert_eq!(tools[1][0]["body"], "Some words about it.", "the earlier version");
    assert_eq!(tools[1][0]["reason"], "Phone number");
    assert_eq!(app.call(&moderator, "moderator_tools", &[("post", &in_chapter.to_string())]).await.status(), 404);
    let console: serde_json::Value =
        app.call(&moderator, "moderation_console", &[]).await.json().await.expect("console");
    assert_eq!(console["boards"].as_array().map(Vec::len), Some(1), "the console shows their boards only");
}

async fn warning_then_suspension_then_ban_and_strikes_expire(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let member = regular(&app, 30, "Troublemaker").await;
    let moderator = moderator(&app, "mod.ladder@example.com", &[general]).await;
    let id = posted(&app, &member, general, "Flame").await;
    let member_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE display_name = 'Troublemaker'")
        .fetch_one(app.db.pool())
        .await
        .expect("member id");
    let (member_id, item) = (member_id.to_string(), format!("post:{id}"));
    let strike = |reason: &'static str| {
        let form: Vec<(&str, String)> = vec![
            ("member", member_id.clone()),
            ("item", item.clone()),
            ("kind", "strike".into()),
            ("days", "7".into()),
            ("rule", "respect".into()),
            ("reason", reason.into()),
        ];
        form
    };
    let admin = app.signed_in_as(Role::Admin, None, "admin.ladder@example.com").await;
    let call_as = |who: &reqwest::Client, form: Vec<(&'static str, String)>| {
        let app = &app;
        let who = who.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&who, "discipline_member", &form).await.status().as_u16()
        }
    };
    // A board's moderator warns; the ladder's later steps reach the whole club: an admin's.
    // Their form sends no days: a warning takes none.
    let without_days = strike("Insults").into_iter().filter(|(k, _)| *k != "days").collect();
    assert_eq!(call_as(&moderator, without_days).await, 200);
    let levels = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT level FROM club_strikes WHERE member_id = (SELECT id FROM users WHERE display_name = 'Troublemaker') ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap_or_default()
    };
    assert_eq!(levels().await, ["warning"]);
    assert_eq!(
        write(&app, &member, general, "Still here", "after a warning").await.status(),
        200,
        "a warning does not stop posting"
    );
    assert_eq!(call_as(&moderator, strike("Again")).await, 422, "a suspension is not a board seat's");
    assert_eq!(levels().await, ["warning"], "nothing written");
    assert_eq!(call_as(&admin, strike("Again")).await, 200);
    assert_eq!(levels().await, ["warning", "suspension"]);
    let refused = write(&app, &member, general, "Suspended", "words").await;
    assert_eq!(refused.status(), 403, "a suspension stops posting");
    app.clock.advance(Duration::days(8));
    assert_eq!(write(&app, &member, general, "Back", "words").await.status(), 200, "the week is over");
    // The strikes expire after 90 days: the next one is a warning again. (Both
    // sign in again: sessions do not last that long.)
    app.clock.advance(Duration::days(91));
    sign_in_again(&app, &admin, "admin.ladder@example.com").await;
    assert_eq!(call_as(&admin, strike("Months later")).await, 200);
    assert_eq!(levels().await.last().map(String::as_str), Some("warning"));
    assert_eq!(call_as(&admin, strike("Then")).await, 200);
    assert_eq!(call_as(&admin, strike("And then")).await, 200);
    assert_eq!(call_as(&admin, strike("Enough")).await, 200);
    assert_eq!(levels().await.last().map(String::as_str), Some("ban"));
    app.clock.advance(Duration::days(400));
    sign_in_again(&app, &member, "13900000030").await;
    assert_eq!(write(&app, &member, general, "Banned", "words").await.status(), 403, "a ban does not run out");
    let told = app.told("13900000030").await;
    let told = told.iter().filter(|(kind, words)| kind == "club_decision" && words.contains("Respect others")).count();
    assert!(told >= 6, "every decision tells the member the rule: {told}");
}

async fn an_appeal_is_decided_by_another_moderator_and_undoes_the_decision(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 40, "Appellant").await;
    let first = moderator(&app, "mod.first@example.com", &[general]).await;
    let second = moderator(&app, "mod.second@example.com", &[general]).await;
    let id = posted(&app, &author, general, "Honest review").await;
    assert_eq!(decide(&app, &first, &format!("post:{id}"), "hide", "Looks like an ad").await, 200);
    let log: i64 = sqlx::query_scalar("SELECT id FROM club_moderation_log WHERE action = 'hide'")
        .fetch_one(app.db.pool())
        .await
        .expect("log line");
    let page = app.get(&author, &format!("/club/decisions/{log}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Looks like an ad"), "the member sees the reason");
    let stranger = regular(&app, 41, "Stranger").await;
    let appeal = |client: &reqwest::Client| {
        let log = log.to_string();
        let client = client.clone();
        let app = &app;
        async move {
            app.call(&client, "appeal_decision", &[("id", &log), ("reasons", "It is my own experience")])
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(appeal(&stranger).await, 404, "only the member it concerns appeals");
    assert_eq!(appeal(&author).await, 200);
    assert_eq!(appeal(&author).await, 422, "once");
    let appeal_id: String =
        sqlx::query_scalar("SELECT CAST(id AS TEXT) FROM club_appeals").fetch_one(app.db.pool()).await.expect("appeal");
    let answer = |client: &reqwest::Client| {
        let client = client.clone();
        let appeal_id = appeal_id.clone();
        let app = &app;
        async move {
            let form = [("appeal", appeal_id.as_str()), ("overturn", "true"), ("reason", "A real owner's review")];
            app.call(&client, "decide_appeal", &form).await.status().as_u16()
        }
    };
    assert_eq!(answer(&first).await, 422, "not by the one who decided");
    assert_eq!(status(&app, "post", id).await, "hidden");
    assert_eq!(answer(&second).await, 200);
    assert_eq!(status(&app, "post", id).await, "visible", "overturned: the post is back");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_moderation_log WHERE action = 'appeal_overturned'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_content_removed'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_content_restored'").await, 1);
}

async fn held_words_hold_a_post_and_a_flood_is_slowed(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let moderator = moderator(&app, "mod.words@example.com", &[general]).await;
    let word = [("word", "加微信"), ("add", "true")];
    assert_eq!(app.call(&moderator, "held_word", &word).await.status(), 403, "the list is every board's");
    let admin = app.signed_in_as(Role::Admin, None, "admin.words@example.com").await;
    assert_eq!(app.call(&admin, "held_word", &word).await.status(), 200);
    assert_eq!(app.call(&admin, "held_word", &word).await.status(), 200, "a repeat changes nothing");
    let logged = app
        .count("SELECT COUNT(*) FROM club_moderation_log WHERE action = 'keyword_added' AND reason = '加微信'")
        .await;
    assert_eq!(logged, 1, "the change is in the moderators' log once");
    let member = regular(&app, 50, "Seller").await;
    let id = posted(&app, &member, general, "出售原厂脚垫").await;
    assert_eq!(status(&app, "post", id).await, "visible");
    let response = write(&app, &member, general, "便宜出", "有意者请加微信详谈").await;
    let held: i64 = response.text().await.unwrap_or_default().parse().expect("id");
    assert_eq!(status(&app, "post", held).await, "held", "a held word waits for review");
    let reason: Option<String> = sqlx::query_scalar("SELECT hold_reason FROM club_posts WHERE id = $1")
        .bind(held)
        .fetch_one(app.db.pool())
        .await
        .expect("reason");
    assert_eq!(reason.as_deref(), Some("keyword"));
    // A member (not yet trusted) waits half a minute between posts: one at once
    // is refused, nothing is written, and the refusal says how long to wait.
    let before = app.count("SELECT COUNT(*) FROM club_posts").await;
    let flood = write_now(&app, &member, general, "Third", "words").await;
    assert_eq!(flood.status(), 429);
    assert!(flood.text().await.unwrap_or_default().contains("\"retry_after_secs\":30"), "the wait is the gap");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_posts").await, before);
    app.clock.advance(Duration::seconds(30));
    assert_eq!(write_now(&app, &member, general, "Later", "words").await.status(), 200, "after the gap it goes");
}

/// A newcomer's post does not hold up their first comment (each kind has its
/// own pace), while a flood of either is still stopped.
async fn a_newcomer_comments_right_after_posting_and_a_flood_still_stops(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let host = regular(&app, 60, "Host").await;
    let thread = posted(&app, &host, general, "Welcome thread").await;
    let newcomer = member(&app, 61, "Newcomer").await;
    let first = write_now(&app, &newcomer, general, "Hello from a new owner", "Just got my car.").await;
    assert_eq!(first.status(), 200);
    assert_eq!(comment(&app, &newcomer, thread, "Hi all!").await.status(), 200, "a post, then a comment at once");
    let again = comment(&app, &newcomer, thread, "And another thing").await;
    assert_eq!(again.status(), 429, "a second comment at once waits");
    assert!(again.text().await.unwrap_or_default().contains("\"retry_after_secs\":20"), "for the comment gap");
    let second = write_now(&app, &newcomer, general, "Second", "words").await;
    assert_eq!(second.status(), 429, "and a second post within the minute");
    assert!(second.text().await.unwrap_or_default().contains("\"retry_after_secs\":60"));
    let page = app.get(&newcomer, &format!("/club/post/{thread}")).await.text().await.unwrap_or_default();
    assert!(page.contains("Hi all!"), "the newcomer sees their comment waiting");
    // A comment every twenty seconds goes until the burst is spent.
    let mut statuses = Vec::new();
    for n in 0..6 {
        app.clock.advance(Duration::seconds(20));
        statuses.push(comment(&app, &newcomer, thread, &format!("Comment {n}")).await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429], "six in ten minutes, then a wait");
    let comments =
        "SELECT COUNT(*) FROM club_comments WHERE author_id = (SELECT id FROM users WHERE display_name = 'Newcomer')";
    assert_eq!(app.count(comments).await, 6, "nothing refused was written");
    app.clock.advance(Duration::minutes(10));
    assert_eq!(comment(&app, &newcomer, thread, "Later").await.status(), 200, "the window moved on");
}

/// The rule a decision cites, as the member is told it.
async fn told_rule(app: &TestApp, mobile: &str) -> String {
    app.told(mobile)
        .await
        .into_iter()
        .filter(|(kind, _)| kind == "club_decision")
        .map(|(_, words)| words)
        .next_back()
        .unwrap_or_default()
}

async fn approving_cites_no_rule_and_a_removal_needs_one_chosen(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let newcomer = member(&app, 70, "First Timer").await;
    let moderator = moderator(&app, "mod.rules@example.com", &[general]).await;
    let held = posted(&app, &newcomer, general, "My first post").await;
    let item = format!("post:{held}");
    let call = |decision: &'static str, rule: &'static str, reason: &'static str| {
        let (app, moderator, item) = (&app, moderator.clone(), item.clone());
        async move {
            let form = [("item", item.as_str()), ("decision", decision), ("rule", rule), ("reason", reason)];
            let response = app.call(&moderator, "moderate_item", &form).await;
            (response.status().as_u16(), response.text().await.unwrap_or_default())
        }
    };
    let (status, body) = call("approve", "respect", "").await;
    assert_eq!(status, 422, "an approval cites no rule");
    assert!(body.contains("NoRuleBroken") && body.contains("\"rule\""), "said at the rule: {body}");
    assert_eq!(status_of(&app, held).await, "held", "nothing was decided");
    let (status, body) = call("", "", "").await;
    assert_eq!((status, body.contains("\"decision\"")), (422, true), "a decision is chosen, never assumed: {body}");
    assert_eq!(call("approve", "", "Welcome!").await.0, 200);
    assert_eq!(status_of(&app, held).await, "visible");
    let told = told_rule(&app, "13900000070").await;
    assert!(told.contains("approved") && told.contains("Welcome!"), "{told}");
    assert!(!told.contains("rule"), "the member is not told they passed \"for\" a rule: {told}");
    let logged: String = sqlx::query_scalar("SELECT rule FROM club_moderation_log WHERE action = 'approve'")
        .fetch_one(app.db.pool())
        .await
        .expect("the approval's line");
    assert_eq!(logged, "fine", "the log records no rule broken");

    // Removing it needs a rule picked on purpose; "no rule broken" is not one.
    for (rule, problem) in [("", "RuleRequired"), ("fine", "UnknownChoice")] {
        let (status, body) = call("hide", rule, "").await;
        assert_eq!(status, 422, "hiding with {rule:?}");
        assert!(body.contains(problem) && body.contains("\"rule\""), "{rule:?}: {body}");
    }
    assert_eq!(status_of(&app, held).await, "visible", "still out");
    assert_eq!(call("hide", "off_topic", "").await.0, 200);
    assert_eq!(status_of(&app, held).await, "hidden");
    assert!(told_rule(&app, "13900000070").await.contains("Stay on the board's topic"), "the rule broken is told");
    assert_eq!(call("restore", "off_topic", "").await.0, 422, "restoring cites no rule either");
    assert_eq!(call("delete", "spam", "").await.0, 422, "deleting needs words too");
    assert_eq!(call("delete", "spam", "Advertising").await.0, 200);

    // The bulk form follows the same rule.
    let other = posted(&app, &newcomer, general, "Another").await;
    let bulk = |rule: &'static str| {
        let (app, moderator) = (&app, moderator.clone());
        let item = format!("post:{other}");
        async move {
            let form = [("items[0]", item.as_str()), ("decision", "hide"), ("rule", rule), ("reason", "")];
            app.call(&moderator, "moderate_items", &form).await.status().as_u16()
        }
    };
    assert_eq!(bulk("").await, 422);
    assert_eq!(status_of(&app, other).await, "held");
    assert_eq!(bulk("spam").await, 200);
    assert_eq!(status_of(&app, other).await, "hidden");
}

async fn status_of(app: &TestApp, post: i64) -> String {
    status(app, "post", post).await
}

async fn a_sanction_cites_a_rule_and_lifting_none(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let member_client = regular(&app, 71, "Sanctioned").await;
    let post = posted(&app, &member_client, general, "Heated").await;
    let admin = app.signed_in_as(Role::Admin, None, "admin.rules@example.com").await;
    let member_id = app.count("SELECT id FROM users WHERE display_name = 'Sanctioned'").await.to_string();
    let item = format!("post:{post}");
    let sanction = |kind: &'static str, rule: &'static str| {
        let (app, admin, member_id, item) = (&app, admin.clone(), member_id.clone(), item.clone());
        async move {
            let form = [
                ("member", member_id.as_str()),
                ("item", item.as_str()),
                ("kind", kind),
                ("days", "7"),
                ("rule", rule),
                ("reason", "See the log"),
            ];
            app.call(&admin, "discipline_member", &form).await.status().as_u16()
        }
    };
    let strikes = "SELECT COUNT(*) FROM club_strikes";
    assert_eq!(sanction("strike", "").await, 422, "a strike names the rule broken");
    assert_eq!(sanction("", "respect").await, 422, "a sanction is chosen, never assumed");
    assert_eq!(app.count(strikes).await, 0);
    assert_eq!(sanction("strike", "respect").await, 200);
    assert_eq!(sanction("suspend", "respect").await, 200);
    assert_eq!(app.count(strikes).await, 2);
    assert_eq!(sanction("lift", "respect").await, 422, "lifting cites no rule");
    assert_eq!(sanction("lift", "").await, 200);
    assert_eq!(write(&app, &member_client, general, "Back", "words").await.status(), 200, "lifted");
}

async fn throwaway_accounts_never_hide_a_post_and_their_burst_is_flagged(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 14, "Outspoken").await;
    let id = posted(&app, &author, general, "An honest review").await;
    let item = format!("post:{id}");
    for n in 0..6 {
        let throwaway = app.owner(&format!("1390000095{n}"), &format!("Throwaway {n}")).await;
        assert_eq!(report(&app, &throwaway, &item).await, 200, "a report without a car still reaches the queue");
    }
    assert_eq!(status(&app, "post", id).await, "visible", "six accounts without a car hide nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_reports WHERE outcome IS NULL").await, 6);
    let bursts = app.count("SELECT COUNT(*) FROM club_moderation_log WHERE action = 'report_burst'").await;
    assert_eq!(bursts, 1, "the burst of fresh accounts is flagged for the moderators, once");
    let public = app.get(&helpers::client(), "/club/log").await.text().await.unwrap_or_default();
    assert!(!public.contains("Outspoken"), "the flag is not in the public log");
    // Banned members do not count either, though they have a car.
    for (serial, name) in [(18, "B1"), (19, "B2")] {
        let banned = regular(&app, serial, name).await;
        sqlx::query(
            "UPDATE club_members SET banned_at = 1 WHERE user_id = (SELECT id FROM users WHERE display_name = $1)",
        )
        .bind(name)
        .execute(app.db.pool())
        .await
        .expect("ban");
        assert_eq!(report(&app, &banned, &item).await, 200);
    }
    // Members in good standing who may write still hide it, and only they count.
    for (serial, name) in [(15, "W1"), (16, "W2")] {
        let writer = regular(&app, serial, name).await;
        assert_eq!(report(&app, &writer, &item).await, 200);
    }
    assert_eq!(status(&app, "post", id).await, "visible", "two members in good standing are not enough");
    let third = regular(&app, 17, "W3").await;
    assert_eq!(report(&app, &third, &item).await, 200);
    assert_eq!(status(&app, "post", id).await, "hidden");
}

async fn events_fill_then_wait_and_a_cancellation_moves_the_list_up(engine: Engine) {
    let app = spawn(engine).await;
    let chapter = board(&app, "region-events").await;
    let organiser = regular(&app, 60, "Organiser").await;
    let (china, start) = (china(), in_china(&app, 3));
    let general = crate::club::board(&app, "general").await;
    let refused = app.post_files(&organiser, "write_post", &event_form(general, start, 2), "images", Vec::new()).await;
    assert_eq!(refused.status(), 422, "events belong to a region's board");
    let response = app.post_files(&organiser, "write_post", &event_form(chapter, start, 2), "images", Vec::new()).await;
    assert_eq!(response.status(), 200);
    let event: i64 = response.text().await.unwrap_or_default().parse().expect("event id");
    let post = event.to_string();
    let members = [member(&app, 61, "A").await, member(&app, 62, "B").await, member(&app, 63, "C").await];
    for m in &members {
        assert_eq!(app.call(m, "rsvp_event", &[("post", &post), ("going", "true")]).await.status(), 200);
    }
    let answer = |name: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT r.status FROM club_rsvps r JOIN users u ON u.id = r.user_id WHERE u.display_name = $1",
            )
            .bind(name)
            .fetch_one(app.db.pool())
            .await
            .unwrap_or_default()
        }
    };
    assert_eq!(
        (answer("A").await, answer("B").await, answer("C").await),
        ("going".into(), "going".into(), "waiting".into())
    );
    assert_eq!(app.call(&members[0], "rsvp_event", &[("post", &post), ("going", "false")]).await.status(), 200);
    assert_eq!(answer("C").await, "going", "the first on the waiting list moves up");
    // A, back, taps twice: one answer, one place at most.
    for _ in 0..2 {
        assert_eq!(app.call(&members[0], "rsvp_event", &[("post", &post), ("going", "true")]).await.status(), 200);
    }
    assert_eq!(answer("A").await, "waiting");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_rsvps WHERE status = 'waiting'").await, 1);
    assert_eq!(app.call(&members[0], "rsvp_event", &[("post", &post), ("going", "false")]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'club_event_place'").await, 1);
    assert_eq!(app.count("SELECT taken FROM club_events").await, 2, "never more than the places");

    let code: String =
        sqlx::query_scalar("SELECT checkin_token FROM club_events").fetch_one(app.db.pool()).await.expect("code");
    let check_in = |client: &reqwest::Client, code: &str| {
        let (client, code, post) = (client.clone(), code.to_owned(), post.clone());
        let app = &app;
        async move { app.call(&client, "check_in_event", &[("post", &post), ("code", &code)]).await.status().as_u16() }
    };
    assert_eq!(check_in(&members[1], &code).await, 422, "not days before the event");
    let half_past_nine =
        start.date_naive().and_hms_opt(9, 30, 0).and_then(|t| t.and_local_timezone(china).single()).expect("time");
    app.clock.advance(half_past_nine.with_timezone(&chrono::Utc) - app.clock.now());
    assert_eq!(check_in(&members[1], "wrong").await, 422);
    assert_eq!(check_in(&members[0], &code).await, 422, "A gave up the place");
    assert_eq!(check_in(&members[1], &code).await, 200, "half an hour early is fine");
    assert_eq!(check_in(&members[1], &code).await, 422, "once");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_event_attended'").await,
        1,
        "once per member"
    );
    let c_id = app.count("SELECT id FROM users WHERE display_name = 'C'").await.to_string();
    let mark = [("post", post.as_str()), ("member", c_id.as_str())];
    assert_eq!(app.call(&members[1], "mark_attendance", &mark).await.status(), 404, "only organisers mark");
    assert_eq!(app.call(&organiser, "mark_attendance", &mark).await.status(), 200, "the organiser marks C as there");
    assert_eq!(app.call(&organiser, "mark_attendance", &mark).await.status(), 422, "once");
    let list: serde_json::Value =
        app.call(&organiser, "event_attendees", &[("post", &post)]).await.json().await.expect("list");
    let checked = list.as_array().map(|l| l.iter().filter(|a| !a["checked_in_at"].is_null()).count());
    assert_eq!(checked, Some(2), "B by the code, C by the organiser");
    let b_id = app.count("SELECT id FROM users WHERE display_name = 'B'").await.to_string();
    let promote = [("post", post.as_str()), ("member", b_id.as_str())];
    assert_eq!(app.call(&members[2], "add_organiser", &promote).await.status(), 404, "only organisers add organisers");
    assert_eq!(app.call(&organiser, "add_organiser", &promote).await.status(), 200);
    assert_eq!(app.call(&members[1], "event_attendees", &[("post", &post)]).await.status(), 200, "B organises now");
    let outsider = [("post", post.as_str()), ("member", "999999")];
    assert_eq!(app.call(&organiser, "add_organiser", &outsider).await.status(), 422, "only someone coming");
    let qr = app.call(&organiser, "club_event_qr", &[("id", &post)]).await;
    assert_eq!(qr.status(), 200);
    assert!(qr.text().await.unwrap_or_default().contains("<svg"), "the organiser gets a QR code");
    assert_eq!(
        app.call(&members[2], "club_event_qr", &[("id", &post)]).await.status(),
        404,
        "members do not see the code"
    );
}

async fn only_members_who_may_write_take_a_place_and_organisers_earn_no_attendance(engine: Engine) {
    let app = spawn(engine).await;
    let chapter = board(&app, "region-rsvp").await;
    let organiser = regular(&app, 64, "Host").await;
    let (china, start) = (china(), in_china(&app, 2));
    let response = app.post_files(&organiser, "write_post", &event_form(chapter, start, 5), "images", Vec::new()).await;
    let post: i64 = response.text().await.unwrap_or_default().parse().expect("event id");
    let post = post.to_string();
    let rsvp = |client: &reqwest::Client| {
        let (client, post) = (client.clone(), post.clone());
        let app = &app;
        async move { app.call(&client, "rsvp_event", &[("post", &post), ("going", "true")]).await.status().as_u16() }
    };
    // The check-in code leads to the portal's own address, whatever Host the request named.
    let qr = |host: &'static str| {
        let request = organiser
            .post(app.url("/api/club_event_qr"))
            .header("accept", "application/json")
            .header("host", host)
            .form(&[("id", post.as_str())])
            .send();
        async move { request.await.expect("answer").text().await.unwrap_or_default() }
    };
    let (ours, forged) = (qr("127.0.0.1").await, qr("evil.example").await);
    assert!(ours.contains("<svg"), "a QR code: {ours}");
    assert_eq!(ours, forged, "a forged Host does not change where the code leads");
    let carless = app.owner("13900000965", "No Car").await;
    assert_eq!(rsvp(&carless).await, 403, "a member without a car takes no place");
    let banned = member(&app, 66, "Banned").await;
    assert_eq!(sanction(&app, "admin.ban@example.com", "Banned", "ban").await, 200);
    assert_eq!(rsvp(&banned).await, 403, "nor does a banned member");
    let guest = member(&app, 67, "Guest").await;
    assert_eq!(rsvp(&guest).await, 200);
    let later = member(&app, 68, "Later Suspended").await;
    assert_eq!(rsvp(&later).await, 200);
    assert_eq!(rsvp(&organiser).await, 200, "the organiser comes too");
    assert_eq!(app.count("SELECT taken FROM club_events").await, 3, "the refused took nothing");

    let ten =
        start.date_naive().and_hms_opt(10, 0, 0).and_then(|t| t.and_local_timezone(china).single()).expect("time");
    app.clock.advance(ten.with_timezone(&chrono::Utc) - app.clock.now());
    let code: String =
        sqlx::query_scalar("SELECT checkin_token FROM club_events").fetch_one(app.db.pool()).await.expect("code");
    let check_in = [("post", post.as_str()), ("code", code.as_str())];
    assert_eq!(app.call(&organiser, "check_in_event", &check_in).await.status(), 200);
    assert_eq!(sanction(&app, "admin.suspend@example.com", "Later Suspended", "suspend").await, 200);
    assert_eq!(app.call(&later, "check_in_event", &check_in).await.status(), 403, "suspended since: no attendance");
    let attended = "SELECT COUNT(*) FROM domain_events WHERE kind = 'club_event_attended'";
    assert_eq!(app.count(attended).await, 0, "an organiser earns nothing for their own event");
    let moderator = moderator(&app, "mod.rsvp@example.com", &[chapter]).await;
    assert_eq!(decide(&app, &moderator, &format!("post:{post}"), "hide", "Not a club event").await, 200);
    assert_eq!(app.call(&guest, "check_in_event", &check_in).await.status(), 404, "a hidden event takes no check-in");
    assert_eq!(app.count(attended).await, 0);
}

/// An admin (signed in now, as `login`) bans or suspends for a week the member
/// named `name`, club-wide; answers with the status.
async fn sanction(app: &TestApp, login: &str, name: &str, kind: &str) -> u16 {
    let admin = app.signed_in_as(Role::Admin, None, login).await;
    let member = app.count(&format!("SELECT id FROM users WHERE display_name = '{name}'")).await.to_string();
    let form = [
        ("member", member.as_str()),
        ("item", ""),
        ("kind", kind),
        ("days", "7"),
        ("rule", "respect"),
        ("reason", "Rude to other members"),
    ];
    app.call(&admin, "discipline_member", &form).await.status().as_u16()
}

async fn search_finds_a_chinese_phrase_inside_a_sentence_and_english_words(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let member = regular(&app, 70, "Searcher").await;
    let response =
        write(&app, &member, general, "周末保养记录", "昨天去浦东服务中心做了首次保养，前台服务很好。").await;
    assert_eq!(response.status(), 200);
    write(&app, &member, general, "Tyre pressure", "Check the TYRE pressure monthly.").await;
    let hits = |q: &'static str| {
        let app = &app;
        async move { app.call(&helpers::client(), "club_search", &[("q", q)]).await.text().await.unwrap_or_default() }
    };
    let found = hits("首次保养").await;
    assert!(found.contains("周末保养记录") && found.contains("[\"首次保养\",true]"), "marked: {found}");
    assert!(hits("做了首").await.contains("周末保养记录"), "three characters are enough");
    assert!(hits("tyre").await.contains("Tyre pressure"), "English ignores case");
    assert_eq!(hits("无关内容").await, "[]");
    for short in ["a", "保养"] {
        let refused = app.call(&helpers::client(), "club_search", &[("q", short)]).await;
        assert_eq!(refused.status(), 422, "{short}: shorter than a trigram would scan every post");
    }
    // One address searches at most so often; the rest wait, told for how long.
    let mut statuses = Vec::new();
    for _ in 0..pitlane::club::SEARCHES_PER_MINUTE {
        statuses.push(app.call(&helpers::client(), "club_search", &[("q", "tyre")]).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "a flood of searches from one address is throttled: {statuses:?}");
    app.clock.advance(Duration::minutes(1) + Duration::seconds(1));
    assert!(hits("tyre").await.contains("Tyre pressure"), "the next minute searches again");
}

async fn a_board_pages_by_cursor_and_members_boards_are_not_public(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    board(&app, "region-private").await;
    let _author = regular(&app, 80, "Pager").await;
    for n in 0..45_i64 {
        sqlx::query(
            "INSERT INTO club_posts (board_id, author_id, kind, title, body, body_html, status, created_at, last_activity_at)
             SELECT $1, id, 'discussion', $2, 'x', '<p>x</p>', 'visible', $3, $3 FROM users LIMIT 1",
        )
        .bind(general)
        .bind(format!("Thread {n:02}"))
        .bind(1_700_000_000_000 + n * 1000)
        .execute(app.db.pool())
        .await
        .expect("post");
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..5 {
        let mut form = vec![("slug", "general".to_owned())];
        if let Some(a) = &after {
            form.push(("after", a.clone()));
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page: serde_json::Value =
            app.call(&helpers::client(), "club_board", &form).await.json().await.expect("json");
        for post in page["posts"].as_array().cloned().unwrap_or_default() {
            seen.push(post["title"].as_str().unwrap_or_default().to_owned());
        }
        after = page["next"].as_str().map(str::to_owned);
        if after.is_none() {
            break;
        }
    }
    let expected: Vec<String> = (0..45).rev().map(|n| format!("Thread {n:02}")).collect();
    assert_eq!(seen, expected, "newest first, every post once");
    let private = app.call(&helpers::client(), "club_board", &[("slug", "region-private")]).await;
    assert_eq!(private.status(), 404, "a members' board does not exist for the public");
    moderator(&app, "mod.pages@example.com", &[general]).await;
    let page = app.get(&helpers::client(), "/club/general").await.text().await.unwrap_or_default();
    assert!(page.contains("Test Person"), "a board names its moderators");
    let signed_in = regular(&app, 81, "Reader").await;
    assert_eq!(app.call(&signed_in, "club_board", &[("slug", "region-private")]).await.status(), 200);
}

async fn replies_mentions_and_decisions_reach_the_people_concerned(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 90, "Poster").await;
    let replier = regular(&app, 91, "Replier").await;
    let moderator = moderator(&app, "mod.notes@example.com", &[general]).await;
    let id = posted(&app, &author, general, "Roof box?").await;
    let post = id.to_string();
    let comment =
        app.call(&replier, "write_comment", &[("post", &post), ("parent", ""), ("body", "Yes! ask @Poster")]).await;
    assert_eq!(comment.status(), 200);
    let comment: String = comment.text().await.unwrap_or_default();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'club_reply'").await,
        1,
        "the author hears once, not twice"
    );
    let reply = app.call(&author, "write_comment", &[("post", &post), ("parent", &comment), ("body", "Thanks")]).await;
    assert_eq!(reply.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'club_reply'").await,
        2,
        "the answered commenter hears"
    );
    let nested = app
        .call(
            &replier,
            "write_comment",
            &[("post", &post), ("parent", &reply.text().await.unwrap_or_default()), ("body", "x")],
        )
        .await;
    assert_eq!(nested.status(), 422, "one level of replies");
    assert_eq!(
        app.call(&moderator, "flag_post", &[("post", &post), ("flag", "lock"), ("reason", "")]).await.status(),
        200
    );
    let locked = app.call(&replier, "write_comment", &[("post", &post), ("parent", ""), ("body", "late")]).await;
    assert_eq!(locked.status(), 403, "a locked post takes no comments");
    assert!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'club_decision'").await >= 1);
    let third = regular(&app, 92, "Mentioned").await;
    let mention = write(&app, &third, general, "Hi", "Welcome @Replier and @Nobody").await;
    assert_eq!(mention.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'club_mention'").await, 1);
    board_counts_hold(&app).await;
}

async fn reporters_see_the_outcome_and_the_public_log_names_no_reporter(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 100, "Spammer").await;
    let reporter = regular(&app, 101, "Watchful").await;
    let moderator = moderator(&app, "mod.log@example.com", &[general]).await;
    let id = posted(&app, &author, general, "Buy followers").await;
    assert_eq!(report(&app, &reporter, &format!("post:{id}")).await, 200);
    let mine = app.get(&reporter, "/club/reports").await.text().await.unwrap_or_default();
    assert!(mine.contains("Buy followers"));
    assert_eq!(decide(&app, &moderator, &format!("post:{id}"), "delete", "Selling followers").await, 200);
    let mine: serde_json::Value = app.call(&reporter, "my_club_reports", &[]).await.json().await.expect("json");
    assert_eq!(mine[0]["upheld"], serde_json::json!(true), "the reporter sees the outcome");
    let public = app.get(&helpers::client(), "/club/log").await.text().await.unwrap_or_default();
    assert!(public.contains("Buy followers") && public.contains("Selling followers"), "what was removed and why");
    assert!(!public.contains("Watchful"), "never the reporter");
    let full: serde_json::Value = app.call(&moderator, "moderation_console", &[]).await.json().await.expect("console");
    assert_eq!(full["log"][0]["action"], "Delete");
}

async fn pictures_follow_their_post_and_pre_approval_holds_a_regular(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 110, "Photographer").await;
    let moderator = moderator(&app, "mod.pictures@example.com", &[general]).await;
    let board_id = general.to_string();
    let fields = [("board", board_id.as_str()), ("title", "Roof box fitted"), ("body", "Looks good!")];
    let response =
        app.post_files(&author, "write_post", &fields, "images", vec![TestApp::jpeg(), TestApp::jpeg()]).await;
    assert_eq!(response.status(), 200);
    let post: i64 = response.text().await.unwrap_or_default().parse().expect("post id");
    let picture = app.count("SELECT MIN(upload_id) FROM club_post_images").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM club_post_images").await, 2);
    let public = helpers::client();
    let path = format!("/files/{picture}");
    assert_eq!(app.get(&public, &path).await.status(), 200, "a public board's pictures are public");
    assert_eq!(decide(&app, &moderator, &format!("post:{post}"), "hide", "Not a car").await, 200);
    assert_eq!(app.get(&public, &path).await.status(), 404, "a hidden post's pictures are not");
    assert_eq!(app.get(&author, &path).await.status(), 200, "its author still sees them");
    assert_eq!(app.get(&moderator, &path).await.status(), 200, "so do the board's moderators");

    let author_id = app.count("SELECT id FROM users WHERE display_name = 'Photographer'").await.to_string();
    let item = format!("post:{post}");
    let watch = [
        ("member", author_id.as_str()),
        ("item", item.as_str()),
        ("kind", "pre_approve"),
        ("days", "3"),
        ("rule", "spam"),
        ("reason", "Several off-topic posts"),
    ];
    assert_eq!(app.call(&moderator, "discipline_member", &watch).await.status(), 422, "club-wide: an admin's");
    let admin = app.signed_in_as(Role::Admin, None, "admin.pictures@example.com").await;
    assert_eq!(app.call(&admin, "discipline_member", &watch).await.status(), 200);
    let held = posted(&app, &author, general, "Another photo").await;
    assert_eq!(status(&app, "post", held).await, "held", "on pre-approval a regular waits too");
    app.clock.advance(Duration::days(3) + Duration::minutes(1));
    let out = posted(&app, &author, general, "And another").await;
    assert_eq!(status(&app, "post", out).await, "visible", "the period is over");
    let demoted = app.count("SELECT id FROM users WHERE email = 'mod.pictures@example.com'").await.to_string();
    let owner_again = [("user_id", demoted.as_str()), ("role", "owner"), ("dealer", "")];
    assert_eq!(app.call(&admin, "set_role", &owner_again).await.status(), 200, "an admin makes them an owner again");
    sign_in_again(&app, &moderator, "mod.pictures@example.com").await;
    assert_eq!(app.get(&moderator, &path).await.status(), 404, "not once they no longer moderate");
}

async fn likes_pins_moves_edits_and_bulk_decisions(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let chapter = board(&app, "region-bulk").await;
    let author = regular(&app, 120, "Writer2").await;
    let fan = regular(&app, 121, "Fan").await;
    let moderator = moderator(&app, "mod.tools@example.com", &[general, chapter]).await;
    let first = posted(&app, &author, general, "First thread").await;
    let second = posted(&app, &author, general, "Second thread").await;
    let item = format!("post:{first}");

    // Likes toggle; a like by someone else is loyalty's fact, once.
    for _ in 0..3 {
        assert_eq!(app.call(&fan, "like_item", &[("item", &item)]).await.status(), 200);
    }
    let likes: i64 = sqlx::query_scalar("SELECT like_count FROM club_posts WHERE id = $1")
        .bind(first)
        .fetch_one(app.db.pool())
        .await
        .expect("likes");
    assert_eq!(likes, 1, "liked, unliked, liked");
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_liked'").await, 1);
    assert_eq!(app.call(&author, "like_item", &[("item", &item)]).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_liked'").await, 1, "not one's own");
    // Toggling in a loop is throttled per member, and never earns twice.
    let mut statuses = Vec::new();
    for _ in 0..pitlane::club::LIKES_PER_MINUTE {
        statuses.push(app.call(&fan, "like_item", &[("item", &item)]).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "a like flood is throttled: {statuses:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM domain_events WHERE kind = 'club_liked'").await, 1, "still once");
    app.clock.advance(Duration::minutes(1) + Duration::seconds(1));

    // A pinned post leads the board, however old.
    let pin = [("post", first.to_string()), ("flag", "pin".to_owned()), ("reason", String::new())];
    let pin: Vec<(&str, &str)> = pin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&moderator, "flag_post", &pin).await.status(), 200);
    board_counts_hold(&app).await;
    let page: serde_json::Value =
        app.call(&helpers::client(), "club_board", &[("slug", "general")]).await.json().await.expect("page");
    assert_eq!(page["pinned"][0]["title"], "First thread");
    assert_eq!(page["posts"][0]["title"], "Second thread");

    // The author's edit shows as edited and keeps the first words for moderators.
    let edit = [("id", first.to_string()), ("title", "First thread".into()), ("body", "Better words.".into())];
    let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&author, "edit_club_post", &edit).await.status(), 200);
    assert_eq!(app.call(&fan, "edit_club_post", &edit).await.status(), 404, "only the author edits");
    let html = app.get(&helpers::client(), &format!("/club/post/{first}")).await.text().await.unwrap_or_default();
    assert!(html.contains("Better words.") && html.contains("已编辑"), "the edited mark");
    assert_eq!(app.count("SELECT COUNT(*) FROM club_revisions").await, 1);

    // Moved to the chapter: it leaves the public board.
    let to = chapter.to_string();
    let moved = [("post", first.to_string()), ("board", to), ("rule", "off_topic".into()), ("reason", String::new())];
    let moved: Vec<(&str, &str)> = moved.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&moderator, "move_club_post", &moved).await.status(), 200);
    board_counts_hold(&app).await;
    assert_eq!(
        app.get(&helpers::client(), &format!("/club/post/{first}")).await.status(),
        404,
        "the chapter is for members"
    );

    // A spam wave: one decision for the picked items.
    let spam = [posted(&app, &fan, general, "Buy now").await, posted(&app, &fan, general, "Buy again").await];
    let picks = [("items[0]", format!("post:{}", spam[0])), ("items[3]", format!("post:{}", spam[1]))];
    let mut form: Vec<(&str, &str)> = picks.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.extend([("decision", "hide"), ("rule", "spam"), ("reason", "Spam wave")]);
    let bulk = app.call(&moderator, "moderate_items", &form).await;
    assert_eq!(bulk.status(), 200);
    assert_eq!(bulk.text().await.unwrap_or_default(), "2");
    assert_eq!(
        (status(&app, "post", spam[0]).await, status(&app, "post", spam[1]).await),
        ("hidden".into(), "hidden".into())
    );
    assert_eq!(status(&app, "post", second).await, "visible", "what was not picked stays");
    board_counts_hold(&app).await;
    let general_count: i64 = sqlx::query_scalar("SELECT visible_posts FROM club_boards WHERE id = $1")
        .bind(general)
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(general_count, 1, "the second thread only: the first moved, the spam hidden");
}

/// What a review of the first version found, each pinned by a test.
async fn no_one_moderates_their_own_case_and_undoing_undoes_only_that(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let chapter = board(&app, "region-review").await;
    let first = moderator(&app, "mod.self@example.com", &[general, chapter]).await;
    let second = moderator(&app, "mod.other@example.com", &[general, chapter]).await;
    let own = posted(&app, &first, general, "A moderator's own post").await;
    assert_eq!(decide(&app, &first, &format!("post:{own}"), "hide", "").await, 422, "not one's own words");
    let first_id = app.count("SELECT id FROM users WHERE email = 'mod.self@example.com'").await.to_string();
    let item = format!("post:{own}");
    let discipline = |client: &reqwest::Client, kind: &'static str| {
        let (client, member, item) = (client.clone(), first_id.clone(), item.clone());
        let app = &app;
        async move {
            // A sanction cites the rule broken; lifting one cites none.
            let rule = if kind == "lift" { "" } else { "respect" };
            let form = [
                ("member", member.as_str()),
                ("item", item.as_str()),
                ("kind", kind),
                ("days", "7"),
                ("rule", rule),
                ("reason", "x"),
            ];
            app.call(&client, "discipline_member", &form).await.status().as_u16()
        }
    };
    assert_eq!(discipline(&first, "lift").await, 422, "not one's own standing");
    assert_eq!(discipline(&second, "strike").await, 422, "a moderator is not sanctioned from a board seat");
    let admin = app.signed_in_as(Role::Admin, None, "admin.review@example.com").await;
    assert_eq!(discipline(&admin, "strike").await, 200, "an admin answers for moderators");
    assert_eq!(discipline(&second, "lift").await, 422, "lifting is an admin's");
    let log = app.count("SELECT MAX(id) FROM club_moderation_log WHERE action = 'warn'").await.to_string();
    let appeal = [("id", log.as_str()), ("reasons", "Unfair")];
    assert_eq!(app.call(&first, "appeal_decision", &appeal).await.status(), 200);
    let appeal_id = app.count("SELECT MAX(id) FROM club_appeals").await.to_string();
    let decide_appeal = [("appeal", appeal_id.as_str()), ("overturn", "true"), ("reason", "Mine")];
    assert_eq!(app.call(&first, "decide_appeal", &decide_appeal).await.status(), 422, "never one's own appeal");

    // Overturning a warning undoes the warning, not a ban decided since.
    let member = regular(&app, 130, "Later banned").await;
    let post = posted(&app, &member, general, "Rude").await;
    let member_id = app.count("SELECT id FROM users WHERE display_name = 'Later banned'").await.to_string();
    let item = format!("post:{post}");
    let form = |kind: &'static str| {
        vec![
            ("member", member_id.clone()),
            ("item", item.clone()),
            ("kind", kind.to_owned()),
            ("days", "7".into()),
            ("rule", "respect".into()),
            ("reason", "x".into()),
        ]
    };
    for (kind, by) in [("strike", &second), ("ban", &admin)] {
        let fields = form(kind);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call(by, "discipline_member", &fields).await.status(), 200);
    }
    let warning = app.count("SELECT MIN(id) FROM club_moderation_log WHERE action = 'warn' AND member_id IN (SELECT id FROM users WHERE display_name = 'Later banned')").await.to_string();
    assert_eq!(
        app.call(&member, "appeal_decision", &[("id", &warning), ("reasons", "It was a joke")]).await.status(),
        200
    );
    let appeal_id = app.count("SELECT MAX(id) FROM club_appeals").await.to_string();
    let overturn = [("appeal", appeal_id.as_str()), ("overturn", "true"), ("reason", "The warning was harsh")];
    assert_eq!(app.call(&first, "decide_appeal", &overturn).await.status(), 200);
    assert_eq!(write(&app, &member, general, "Still banned?", "yes").await.status(), 403, "the ban stands");
    // Overturning the ban itself would lift it club-wide: not from a board seat.
    let ban = app.count("SELECT MAX(id) FROM club_moderation_log WHERE action = 'ban'").await.to_string();
    assert_eq!(app.call(&member, "appeal_decision", &[("id", &ban), ("reasons", "Too harsh")]).await.status(), 200);
    let appeal_id = app.count("SELECT MAX(id) FROM club_appeals").await.to_string();
    let overturn = [("appeal", appeal_id.as_str()), ("overturn", "true"), ("reason", "Fair enough")];
    assert_eq!(app.call(&first, "decide_appeal", &overturn).await.status(), 422, "an admin's to lift");
    assert_eq!(write(&app, &member, general, "Banned still?", "yes").await.status(), 403);
    let uphold = [("appeal", appeal_id.as_str()), ("overturn", "false"), ("reason", "The ban stands")];
    assert_eq!(app.call(&first, "decide_appeal", &uphold).await.status(), 200, "upholding it is theirs");

    // An edit cannot slip a held word past the queue, nor a banned member's words.
    assert_eq!(app.call(&admin, "held_word", &[("word", "加微信"), ("add", "true")]).await.status(), 200);
    let writer = regular(&app, 131, "Editor").await;
    let thread = posted(&app, &writer, general, "Thread").await;
    let comment =
        app.call(&writer, "write_comment", &[("post", &thread.to_string()), ("parent", ""), ("body", "hi")]).await;
    let comment: i64 = comment.text().await.unwrap_or_default().parse().expect("comment");
    let edit = [("id", comment.to_string()), ("body", "请加微信 123".to_owned())];
    let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&writer, "edit_club_comment", &edit).await.status(), 200);
    assert_eq!(status(&app, "comment", comment).await, "held", "the edited comment waits");
    let found = app.call(&helpers::client(), "club_search", &[("q", "加微信")]).await.text().await.unwrap_or_default();
    assert_eq!(found, "[]", "and is not found meanwhile");
    assert_eq!(decide(&app, &second, &format!("comment:{comment}"), "approve", "").await, 200);
    let approved: i64 = sqlx::query_scalar(
        "SELECT approved_posts FROM club_members WHERE user_id = (SELECT id FROM users WHERE display_name = 'Editor')",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("standing");
    assert_eq!(approved, 5 + 2, "the thread and the comment, each counted once");
    let edit_banned = [("id", post.to_string()), ("title", "Rude".to_owned()), ("body", "worse".to_owned())];
    let edit_banned: Vec<(&str, &str)> = edit_banned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&member, "edit_club_post", &edit_banned).await.status(), 403, "a banned member edits nothing");

    // A members' board's titles stay out of the public log; events stay in chapters.
    let private = posted(&app, &writer, chapter, "Secret chapter matter").await;
    assert_eq!(decide(&app, &second, &format!("post:{private}"), "delete", "Off topic").await, 200);
    let public = app.call(&helpers::client(), "club_public_log", &[]).await.text().await.unwrap_or_default();
    assert!(!public.contains("Secret chapter matter") && public.contains("Off topic"), "{public}");

    // Restored from deleted, a post is searchable again; an event does not leave its chapter.
    let restore = [
        ("item", format!("post:{private}")),
        ("decision", "restore".into()),
        ("rule", String::new()),
        ("reason", String::new()),
    ];
    let restore: Vec<(&str, &str)> = restore.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&first, "moderate_item", &restore).await.status(), 200);
    let found = app.call(&writer, "club_search", &[("q", "Secret chapter")]).await.text().await.unwrap_or_default();
    assert!(found.contains("Secret chapter matter"), "back in search: {found}");
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let start = (app.clock.now() + Duration::days(5)).with_timezone(&china);
    let (starts, ends) = (start.format("%Y-%m-%dT10:00").to_string(), start.format("%Y-%m-%dT12:00").to_string());
    let chapter_id = chapter.to_string();
    let fields = [
        ("board", chapter_id.as_str()),
        ("title", "Drive"),
        ("body", "Meet"),
        ("kind", "event"),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
        ("place", "Here"),
        ("capacity", "5"),
    ];
    app.clock.advance(Duration::seconds(61));
    let event =
        app.post_files(&writer, "write_post", &fields, "images", Vec::new()).await.text().await.unwrap_or_default();
    assert!(event.parse::<i64>().is_ok(), "the event is posted: {event}");
    let general_id = general.to_string();
    let away = [("post", event.as_str()), ("board", general_id.as_str()), ("rule", "off_topic"), ("reason", "")];
    assert_eq!(app.call(&first, "move_club_post", &away).await.status(), 422, "an event stays on a chapter");
}

async fn a_long_thread_pages_by_top_level_comment_and_a_link_lands_on_its_page(engine: Engine) {
    let app = spawn(engine).await;
    let general = board(&app, "general").await;
    let author = regular(&app, 95, "Threader").await;
    let replier = regular(&app, 96, "Answerer").await;
    let id = posted(&app, &author, general, "Long thread").await;
    let mut top_level = Vec::new();
    for n in 0..120_i64 {
        let comment: i64 = sqlx::query_scalar(
            "INSERT INTO club_comments (post_id, author_id, body, body_html, status, created_at)
             SELECT $1, id, $2, '<p>x</p>', 'visible', $3 FROM users WHERE display_name = 'Threader' RETURNING id",
        )
        .bind(id)
        .bind(format!("Comment {n}"))
        .bind(1_700_000_000_000 + n)
        .fetch_one(app.db.pool())
        .await
        .expect("comment");
        top_level.push(comment);
    }
    // Out of the public's sight: neither shown nor counted for them.
    sqlx::query(
        "INSERT INTO club_comments (post_id, author_id, body, body_html, status, created_at)
         SELECT $1, id, 'hidden', '<p>hidden</p>', 'hidden', 1 FROM users WHERE display_name = 'Answerer'",
    )
    .bind(id)
    .execute(app.db.pool())
    .await
    .expect("hidden comment");
    let post = id.to_string();
    let answered = top_level[74].to_string();
    let reply = app.call(&replier, "write_comment", &[("post", &post), ("parent", &answered), ("body", "Same")]).await;
    assert_eq!(reply.status(), 200);
    let reply: i64 = reply.text().await.unwrap_or_default().parse().expect("the reply's id");
    let shown = |form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let view: serde_json::Value =
                app.call(&helpers::client(), "club_post", &form).await.json().await.expect("json");
            let ids: Vec<i64> = view["comments"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c["id"].as_i64())
                .collect();
            (ids, view["thread_page"].clone(), view)
        }
    };
    let per = usize::try_from(COMMENTS_PER_PAGE).expect("a small number");
    let (first, page, _) = shown(vec![("id", post.clone())]).await;
    assert_eq!(first, top_level[..per].to_vec(), "the first page: the oldest");
    assert_eq!(page, serde_json::json!({ "number": 1, "pages": 4 }), "the hidden comment counts for no one here");
    let (second, page, _) = shown(vec![("id", post.clone()), ("page", "2".into())]).await;
    assert_eq!((second, page["number"].clone()), (top_level[per..2 * per].to_vec(), serde_json::json!(2)));
    let (held, page, view) = shown(vec![("id", post.clone()), ("comment", reply.to_string())]).await;
    assert_eq!(page["number"], 3, "a link to a reply lands on its comment's page");
    assert_eq!(held, top_level[2 * per..3 * per].to_vec());
    let replies = &view["comments"][74 - 2 * per]["replies"];
    assert_eq!(replies[0]["id"].as_i64(), Some(reply), "a reply comes with its comment: {replies}");
    let (last, page, _) = shown(vec![("id", post.clone()), ("page", "99".into())]).await;
    assert_eq!((last, page["number"].clone()), (top_level[3 * per..].to_vec(), serde_json::json!(4)), "past the end");
    let link: String = sqlx::query_scalar("SELECT link FROM notifications WHERE kind = 'club_reply' ORDER BY id DESC")
        .fetch_one(app.db.pool())
        .await
        .expect("the reply's notification");
    assert_eq!(link, format!("/club/post/{id}?comment={reply}#comment-{reply}"), "the notice leads to the reply");
    let html = app.get(&helpers::client(), &format!("/club/post/{id}?page=2")).await.text().await.unwrap_or_default();
    assert!(html.contains("第 2 / 4 页"), "where the reader is");
    assert!(html.contains(&format!("href=\"/club/post/{id}?page=1#comments-title\"")), "a way back");
    assert!(html.contains(&format!("href=\"/club/post/{id}?page=3#comments-title\"")), "a way on");
    let shows = |comment: i64| html.contains(&format!("id=\"comment-{comment}\""));
    assert!(shows(top_level[per]) && !shows(top_level[0]) && !shows(reply), "the second page, and only it");
}

on_both_engines!(
    only_owners_post_and_a_new_members_first_three_posts_wait,
    three_members_reports_hide_an_item_and_weight_counts,
    throwaway_accounts_never_hide_a_post_and_their_burst_is_flagged,
    moderators_act_on_their_boards_only_and_admins_everywhere,
    warning_then_suspension_then_ban_and_strikes_expire,
    an_appeal_is_decided_by_another_moderator_and_undoes_the_decision,
    held_words_hold_a_post_and_a_flood_is_slowed,
    a_newcomer_comments_right_after_posting_and_a_flood_still_stops,
    approving_cites_no_rule_and_a_removal_needs_one_chosen,
    a_sanction_cites_a_rule_and_lifting_none,
    events_fill_then_wait_and_a_cancellation_moves_the_list_up,
    only_members_who_may_write_take_a_place_and_organisers_earn_no_attendance,
    search_finds_a_chinese_phrase_inside_a_sentence_and_english_words,
    a_board_pages_by_cursor_and_members_boards_are_not_public,
    replies_mentions_and_decisions_reach_the_people_concerned,
    a_long_thread_pages_by_top_level_comment_and_a_link_lands_on_its_page,
    reporters_see_the_outcome_and_the_public_log_names_no_reporter,
    pictures_follow_their_post_and_pre_approval_holds_a_regular,
    likes_pins_moves_edits_and_bulk_decisions,
    no_one_moderates_their_own_case_and_undoing_undoes_only_that,
);
