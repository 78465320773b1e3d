//! The analytics page (`analytics_figures`, `/staff/analytics`): the daily
//! roll-up of a small dataset computed by hand gives the figures the page
//! shows, and only analysts, admins and a dealer's sales manager (their
//! dealer's only) read them.

use crate::helpers;

use helpers::{spawn, Engine, TestApp};
use pitlane::account::Role;
use pitlane::analytics::figures::Page;
use pitlane::analytics::Share;
use pitlane::lead::Stage;
use pitlane::Clock;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Two dealers (X in Shanghai, Y in Beijing), one owner's car, and what
/// happened at them in the last few days.
struct World {
    x: i64,
    y: i64,
}

async fn exec(app: &TestApp, sql: &str, binds: &[Bind<'_>]) -> i64 {
    let mut query = sqlx::query_scalar::<_, i64>(sql);
    for bind in binds {
        query = match bind {
            Bind::Int(v) => query.bind(*v),
            Bind::Opt(v) => query.bind(*v),
            Bind::Text(v) => query.bind(*v),
            Bind::OptText(v) => query.bind(*v),
        };
    }
    query.fetch_one(app.db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

enum Bind<'a> {
    Int(i64),
    Opt(Option<i64>),
    Text(&'a str),
    OptText(Option<&'a str>),
}

use Bind::{Int, Opt, OptText, Text};

async fn booking(app: &TestApp, w: (i64, i64, &str, i64), status: &str, at: i64, key: &str) -> i64 {
    let (owner, dealer, vin, service) = w;
    let done = (status == "completed").then_some(at + HOUR);
    exec(
        app,
        "INSERT INTO bookings (owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status, channel,
                               idempotency_key, completed_at, amount_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, 'portal', $8, $9, $10, $5) RETURNING id",
        &[
            Int(owner),
            Text(vin),
            Int(dealer),
            Int(service),
            Int(at),
            Int(at + HOUR),
            Text(status),
            Text(key),
            Opt(done),
            Opt(done.map(|_| 50_000)),
        ],
    )
    .await
}

async fn survey(app: &TestApp, booking: i64, owner: i64, dealer: i64, at: i64, answers: Option<(i64, i64)>) {
    exec(
        app,
        "INSERT INTO surveys (booking_id, owner_id, dealer_id, sent_at, satisfaction, recommend, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            Int(booking),
            Int(owner),
            Int(dealer),
            Int(at),
            Opt(answers.map(|a| a.0)),
            Opt(answers.map(|a| a.1)),
            Opt(answers.map(|_| at + HOUR)),
        ],
    )
    .await;
}

/// A complaint at `dealer` opened at `at`, answered and resolved after the
/// given minutes (response due in 24 h, resolution in 7 days).
async fn complaint(
    app: &TestApp,
    owner: i64,
    dealer: i64,
    at: i64,
    responded: i64,
    resolved: i64,
    rating: Option<i64>,
) -> i64 {
    exec(
        app,
        "INSERT INTO cases (owner_id, kind, category, title, description, dealer_id, priority, status, channel, opened_by,
                            response_due, resolution_due, responded_at, resolved_at, rating, rated_at, created_at)
         VALUES ($1, 'complaint', 'dealer_service', 'Late', 'Two hours late', $2, 'normal', 'resolved', 'phone', $1,
                 $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        &[
            Int(owner),
            Int(dealer),
            Int(at + DAY),
            Int(at + 7 * DAY),
            Int(at + responded * MINUTE),
            Int(at + resolved * MINUTE),
            Opt(rating),
            Opt(rating.map(|_| at + resolved * MINUTE + HOUR)),
            Int(at),
        ],
    )
    .await
}

/// A lead: its number, stage and source, minutes to the first contact (due
/// in two hours), the car it won.
struct Lead<'a> {
    n: i64,
    stage: Stage,
    source: &'a str,
    contact: Option<i64>,
    won: Option<&'a str>,
}

/// `lead` at `dealer`, created at `at`.
async fn lead(app: &TestApp, dealer: i64, model: i64, at: i64, lead: Lead<'_>) -> i64 {
    let Lead { n, stage, source, contact, won } = lead;
    exec(
        app,
        "INSERT INTO leads (kind, dealer_id, model_id, name, mobile, city, source, stage, lost_reason, won_vin,
                            status_token, contact_due_at, first_contact_at, created_at, updated_at)
         VALUES ('test_drive', $1, $2, 'Prospect', $3, '上海', $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        &[
            Int(dealer),
            Int(model),
            Text(&format!("1370000{n:04}")),
            Text(source),
            Text(stage.as_str()),
            OptText((stage == Stage::Lost).then_some("price")),
            OptText(won),
            Text(&format!("analytics-token-{n:016}")),
            Int(at + 2 * HOUR),
            Opt(contact.map(|m| at + m * MINUTE)),
            Int(at),
        ],
    )
    .await
}

async fn world(app: &TestApp) -> World {
    let pool = app.db.pool();
    let x = helpers::booking::open_dealer(app, "AX1", 2).await;
    let y = app.dealer("AY1").await;
    sqlx::query("UPDATE dealers SET city_en = 'Beijing', city_zh = '北京' WHERE id = $1")
        .bind(y)
        .execute(pool)
        .await
        .expect("Y in Beijing");
    app.db.forget_kept();
    let vin = app.register_car_sold_to(81, 30, "13900000081").await;
    app.owner("13900000081", "Analytics Owner").await;
    let owner = exec(app, "SELECT id FROM users WHERE mobile = '13900000081'", &[]).await;
    let service = exec(app, "SELECT id FROM service_types WHERE code = 'maintenance'", &[]).await;
    let model = app.test_model().await;
    // Ten days ago: inside the default period (the last twelve months).
    let t = app.clock.now().timestamp_millis() - 10 * DAY;
    let at_x = (owner, x, vin.as_str(), service);
    // X: three visits answered 5/10, 4/9, 2/3, and a no-show.
    for (i, answers) in [(5, 10), (4, 9), (2, 3)].into_iter().enumerate() {
        let b = booking(app, at_x, "completed", t + i as i64 * HOUR * 3, &format!("a{i}")).await;
        survey(app, b, owner, x, t + 3 * DAY, Some(answers)).await;
    }
    booking(app, at_x, "no_show", t + DAY, "a-no-show").await;
    // Y: one visit, its survey unanswered.
    let b = booking(app, (owner, y, vin.as_str(), service), "completed", t, "b0").await;
    survey(app, b, owner, y, t + 3 * DAY, None).await;
    // X's complaints: in time (2 h to resolve, rated 1); late answer (30 h);
    // late resolution (8 days), which the owner reopened.
    complaint(app, owner, x, t, 60, 120, Some(1)).await;
    complaint(app, owner, x, t, 30 * 60, 30 * 60, None).await;
    let reopened = complaint(app, owner, x, t + DAY, 120, 8 * 24 * 60, None).await;
    exec(
        app,
        "INSERT INTO case_events (case_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, 'reopen', '') RETURNING id",
        &[Int(reopened), Int(t + 9 * DAY), Int(owner)],
    )
    .await;
    // Y: one complaint, to tell the dealers apart.
    complaint(app, owner, y, t, 10, 20, None).await;
    // X's leads: won (contacted in 30 min), lost after the drive (3 h),
    // untouched (overdue), contacted (1 h).
    let won = Lead { n: 1, stage: Stage::Won, source: "search", contact: Some(30), won: Some(&vin) };
    lead(app, x, model, t, won).await;
    let lost = Lead { n: 2, stage: Stage::Lost, source: "search", contact: Some(180), won: None };
    let lost = lead(app, x, model, t, lost).await;
    exec(
        app,
        "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES ($1, $2, 'moved', 'test_drive_done: drove it')
         RETURNING id",
        &[Int(lost), Int(t + DAY)],
    )
    .await;
    lead(app, x, model, t, Lead { n: 3, stage: Stage::New, source: "friend", contact: None, won: None }).await;
    lead(app, x, model, t, Lead { n: 4, stage: Stage::Contacted, source: "friend", contact: Some(60), won: None })
        .await;
    pitlane::analytics::store::rollup::rebuild(&app.db, app.clock.now()).await.expect("roll-up");
    World { x, y }
}

async fn figures(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> Page {
    let mut fields = vec![("starts_at", ""), ("ends_at", ""), ("dealer", ""), ("model", ""), ("city", "")];
    for (k, v) in form {
        if let Some(f) = fields.iter_mut().find(|(name, _)| name == k) {
            f.1 = v;
        }
    }
    let answer = app.call(client, "analytics_figures", &fields).await;
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    assert_eq!(status, 200, "{form:?}: {body}");
    serde_json::from_str::<Page>(&body).unwrap_or_else(|e| panic!("the page's figures: {e}: {body}"))
}

async fn the_figures_are_those_computed_by_hand_from_a_small_dataset(engine: Engine) {
    let app = spawn(engine).await;
    let w = world(&app).await;
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst81@example.com").await;
    let page = figures(&app, &analyst, &[]).await;
    let f = &page.figures;

    let s = &f.satisfaction;
    // CSAT: visit scores 5, 4, 2 and the case rated 1: (5 + 4 + 2 + 1) / 4.
    assert_eq!(s.csat.mean(), Some(3.0));
    assert_eq!(s.csat.satisfied(), Share { part: 2, whole: 4 });
    // NPS: 10 and 9 promote, 3 detracts, of three answers.
    assert_eq!(s.nps.score().map(|v| v.round()), Some(33.0));
    assert_eq!(s.response, Share { part: 3, whole: 4 }, "three of four surveys answered");

    let c = &f.complaints;
    assert_eq!(c.volume, 4);
    assert_eq!(c.response, Share { part: 3, whole: 4 }, "one first answer after 30 h");
    assert_eq!(c.resolution, Share { part: 3, whole: 4 }, "one resolved after 8 days");
    // Resolved in 20 min, 2 h, 30 h and 192 h: buckets 1, 2, 48 and 240.
    assert_eq!(c.median_hours, Some(2));
    assert_eq!(c.p90_hours, Some(240));
    assert_eq!(c.reopened, Share { part: 1, whole: 4 });

    let u = &f.funnel;
    assert_eq!(u.leads, 4);
    let reached: Vec<(Stage, u64)> = u.reached.iter().map(|r| (r.stage, r.leads)).collect();
    assert_eq!(
        reached,
        [
            (Stage::New, 4),
            (Stage::Contacted, 3),
            (Stage::TestDriveBooked, 2),
            (Stage::TestDriveDone, 2),
            (Stage::Negotiating, 1),
            (Stage::Won, 1)
        ],
        "the lost lead counts up to its drive"
    );
    assert_eq!(u.reached[1].conversion.percent(), Some(75.0));
    assert_eq!(u.contact_in_time, Share { part: 2, whole: 4 }, "in 30 min and 1 h; 3 h and never are late");
    assert_eq!(u.contact_median_hours, Some(1), "30 min, 1 h, 3 h");
    assert_eq!(u.lost, [("price".to_owned(), 1)]);
    assert_eq!(u.league.len(), 1);
    assert_eq!(u.league[0].won, Share { part: 1, whole: 4 });

    let v = &f.service;
    assert_eq!(v.total.bookings, 5);
    assert_eq!(v.total.no_show_share(), Share { part: 1, whole: 5 });
    assert!(v.total.utilisation().whole > 0, "the bays' open time is counted: {:?}", v.total);
    assert!(f.loyalty.is_some() && f.churn.is_some(), "brand-wide figures for the whole brand");

    // One dealer: Y's figures only.
    let y = figures(&app, &analyst, &[("dealer", &w.y.to_string())]).await;
    assert_eq!(y.figures.complaints.volume, 1);
    assert_eq!(y.figures.satisfaction.response, Share { part: 0, whole: 1 });
    assert_eq!(y.figures.satisfaction.csat.answers(), 0);
    assert!(y.figures.loyalty.is_none(), "points are not a dealer's");
    // The city is the dealer's: Beijing is Y.
    let beijing = figures(&app, &analyst, &[("city", "Beijing")]).await;
    assert_eq!(beijing.figures.complaints.volume, 1);
    // A period with nothing in it.
    let long_ago = figures(&app, &analyst, &[("starts_at", "2020-01"), ("ends_at", "2020-12")]).await;
    assert!(long_ago.figures.is_empty());
    // A month that is not one is refused, naming the field.
    let bad = app
        .call(
            &analyst,
            "analytics_figures",
            &[("starts_at", "March"), ("ends_at", ""), ("dealer", ""), ("model", ""), ("city", "")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let said = bad.text().await.unwrap_or_default();
    assert!(said.contains("StartsAt") || said.contains("starts_at"), "{said}");
    assert!(
        page.dealers.iter().any(|d| d.id == w.x) && page.dealers.iter().any(|d| d.id == w.y),
        "every dealer to choose"
    );

    // A page summed once is kept until the roll-up is built again, then summed anew.
    let (owner, at): (i64, i64) = sqlx::query_as("SELECT owner_id, created_at FROM cases WHERE dealer_id = $1")
        .bind(w.y)
        .fetch_one(app.db.pool())
        .await
        .expect("Y's complaint");
    complaint(&app, owner, w.y, at, 10, 20, None).await;
    let y_only = [("dealer", w.y.to_string())];
    let y_only: Vec<(&str, &str)> = y_only.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(figures(&app, &analyst, &y_only).await.figures.complaints.volume, 1, "as of the last roll-up");
    pitlane::analytics::store::rollup::rebuild(&app.db, app.clock.now()).await.expect("roll-up");
    assert_eq!(figures(&app, &analyst, &y_only).await.figures.complaints.volume, 2, "the new roll-up, at once");
}

async fn a_dealers_manager_reads_only_their_dealer_and_others_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let w = world(&app).await;
    let manager = app.signed_in_as(Role::LeadHandler, Some(w.x), "manager81@example.com").await;
    sqlx::query("UPDATE users SET manages_leads = 1 WHERE email = 'manager81@example.com'")
        .execute(app.db.pool())
        .await
        .expect("a sales manager");
    let page = figures(&app, &manager, &[]).await;
    assert_eq!(page.filter.dealer, Some(w.x), "kept to their dealer");
    assert_eq!(page.dealers.iter().map(|d| d.id).collect::<Vec<_>>(), [w.x]);
    assert_eq!(page.figures.complaints.volume, 3, "X's complaints, not Y's");
    let other = [("starts_at", ""), ("ends_at", ""), ("dealer", &*w.y.to_string()), ("model", ""), ("city", "")];
    assert_eq!(app.call(&manager, "analytics_figures", &other).await.status(), 404, "another dealer's figures");
    assert_eq!(app.get(&manager, "/staff/analytics").await.status(), 200);

    let empty = [("starts_at", ""), ("ends_at", ""), ("dealer", ""), ("model", ""), ("city", "")];
    let desk = app.signed_in_as(Role::LeadHandler, Some(w.x), "handler81@example.com").await;
    assert_eq!(app.call(&desk, "analytics_figures", &empty).await.status(), 403, "a handler who does not manage");
    // The header leads the manager there, and only the manager.
    let analytics_link = "href=\"/staff/analytics\"";
    for (who, sees) in [(&manager, true), (&desk, false)] {
        let header = app.get(who, "/staff/leads").await.text().await.unwrap_or_default();
        assert_eq!(header.contains(analytics_link), sees, "the header's analytics link");
    }
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(w.x), "advisor81@example.com").await;
    assert_eq!(app.call(&advisor, "analytics_figures", &empty).await.status(), 403);
    let owner = app.owner("13900000082", "Another Owner").await;
    assert_eq!(app.call(&owner, "analytics_figures", &empty).await.status(), 403, "owners never");
    assert_eq!(app.get(&owner, "/staff/analytics").await.status(), 403);

    // The analyst's page draws its charts with their numbers beside them.
    let analyst = app.signed_in_as(Role::CrmAnalyst, None, "analyst82@example.com").await;
    let html = app.get(&analyst, "/staff/analytics").await.text().await.unwrap_or_default();
    assert!(html.contains("role=\"img\"") && html.contains("<title"), "an accessible chart");
    assert!(html.contains("<table"), "its table");
    assert!(html.contains("/staff/segments/list?at_risk=true"), "the churn count links to its list");
}

on_both_engines!(
    the_figures_are_those_computed_by_hand_from_a_small_dataset,
    a_dealers_manager_reads_only_their_dealer_and_others_are_refused,
);
