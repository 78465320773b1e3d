//! The prospect's side of a lead through the real router, on both engines:
//! what the page after asking shows, the prospect's own words on the status
//! page, a loss only after a real contact, and the "why not?" survey only for
//! someone we spoke with.

use crate::helpers::leads::{lead_of, showroom, Ask};
use crate::helpers::{client, Engine, TestApp, ORIGIN};
use pitlane::account::Role;

/// The request as a form posts it: where the answer leads (`Location`).
async fn asked_without_scripts(app: &TestApp, ask: &Ask<'_>) -> String {
    let (dealer, model) = (ask.dealer.to_string(), ask.model.to_string());
    let form = [
        ("display_name", ask.name),
        ("mobile", ask.mobile),
        ("city", "上海"),
        ("model", &model),
        ("dealer", &dealer),
        ("part_of_day", "afternoon"),
        ("source", "event"),
        ("referral", ""),
        ("consent", "yes"),
        ("website", ""),
    ];
    let answer = client()
        .post(app.url("/api/request_test_drive"))
        .header("referer", app.url("/test-drive"))
        .form(&form)
        .send()
        .await
        .expect("the server answers");
    let location = answer.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!location.is_empty(), "the answer leads on: {:?}", answer.headers());
    location
}

async fn status_page(app: &TestApp, token: &str) -> String {
    let page = app.get(&client(), &format!("/test-drive/status/{token}")).await;
    assert_eq!(page.status(), 200);
    page.text().await.unwrap_or_default()
}

/// Texts to `mobile` whose words contain `part`.
async fn texts(app: &TestApp, mobile: &str, part: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{mobile}' AND body LIKE '%{part}%'")).await
}

async fn after_asking_the_prospect_sees_what_they_asked_and_only_their_own_new_lead_links_to_its_status(
    engine: Engine,
) {
    let app = crate::helpers::spawn(engine).await;
    let (dealer, model) = showroom(&app, "LP1", 1).await;
    let ask = Ask::new("周杰", "13700000201", dealer, model);
    let first = asked_without_scripts(&app, &ask).await;
    let (_, token) = lead_of(&app, "13700000201").await;
    assert!(first.starts_with("/test-drive/received?"), "{first}");
    for part in [format!("model={model}"), format!("dealer={dealer}"), "part_of_day=afternoon".into()] {
        assert!(first.contains(&part), "{first} lacks {part}");
    }
    assert!(first.contains(&format!("status={token}")), "the new lead's link: {first}");
    let page = app.get(&client(), &first).await.text().await.unwrap_or_default();
    assert!(page.contains(&format!("href=\"/test-drive/status/{token}\"")), "the page links to the status");
    assert!(page.contains("下午"), "the part of day asked for is shown");
    // The same number again (anyone may know it): noted on the lead, its link never shown.
    let again = asked_without_scripts(&app, &ask).await;
    assert!(again.starts_with("/test-drive/received?") && !again.contains("status="), "{again}");
    assert_eq!(texts(&app, "13700000201", &format!("{ORIGIN}/test-drive/status/{token}")).await, 2, "both texted");
}

async fn the_status_page_speaks_the_prospects_words_and_a_cancelled_request_arranges_nothing(engine: Engine) {
    let app = crate::helpers::spawn(engine).await;
    let (dealer, model) = showroom(&app, "LP2", 1).await;
    Ask::new("林青", "13700000202", dealer, model).send(&app, &client()).await;
    let (_, token) = lead_of(&app, "13700000202").await;
    let page = status_page(&app, &token).await;
    assert!(page.contains("申请已收到") && page.contains("顾问将致电您"), "the prospect's own road");
    for pipeline in ["新线索", "洽谈中", "已成交", "战败"] {
        assert!(!page.contains(pipeline), "the pipeline's {pipeline} is not shown");
    }
    assert_eq!(app.call(&client(), "withdraw_test_drive", &[("token", &token)]).await.status(), 200);
    let page = status_page(&app, &token).await;
    assert!(page.contains("已取消") && page.contains("本次申请"), "cancelled, in their words");
    assert!(!page.contains("战败"), "their own cancellation is not a loss to them");
    assert!(!page.contains("顾问会与您约定时间"), "nothing left to arrange");
    assert!(!page.contains("能告诉我们原因吗"), "nobody asks why they did not buy");
}

async fn a_lead_is_lost_only_after_a_contact_and_only_then_is_the_prospect_asked_why(engine: Engine) {
    let app = crate::helpers::spawn(engine).await;
    let (dealer, model) = showroom(&app, "LP3", 1).await;
    let desk = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.lp3@example.com").await;
    Ask::new("郑和", "13700000203", dealer, model).send(&app, &client()).await;
    let (lead, token) = lead_of(&app, "13700000203").await;
    let id = lead.to_string();
    let lose = [("id", id.as_str()), ("reason", "price"), ("competitor", ""), ("note", "")];
    let refused = app.call(&desk, "lose_lead", &lose).await;
    assert_eq!(refused.status(), 422, "nobody has called them yet");
    let body = refused.text().await.unwrap_or_default();
    assert!(body.contains("NeverContacted"), "the handler is told why: {body}");
    let stage = format!("SELECT COUNT(*) FROM leads WHERE id = {lead} AND stage = 'new'");
    assert_eq!(app.count(&stage).await, 1, "nothing written");
    assert_eq!(texts(&app, "13700000203", "做得更好").await, 0, "no survey");
    // A logged call that changes no stage is a real contact.
    let call = [("id", id.as_str()), ("touch", "call"), ("note", "no answer, then a talk")];
    assert_eq!(app.call(&desk, "log_lead_contact", &call).await.status(), 200);
    assert_eq!(app.call(&desk, "lose_lead", &lose).await.status(), 200);
    assert_eq!(texts(&app, "13700000203", &format!("做得更好%{ORIGIN}/test-drive/status/")).await, 1, "asked why");
    let page = status_page(&app, &token).await;
    assert!(page.contains("申请已结束") && page.contains("能告诉我们原因吗"), "closed, and the survey is open");
    assert!(!page.contains("战败"));
}

async fn a_prospect_who_cancels_after_a_call_is_not_asked_why(engine: Engine) {
    let app = crate::helpers::spawn(engine).await;
    let (dealer, model) = showroom(&app, "LP4", 1).await;
    let desk = app.signed_in_as(Role::LeadHandler, Some(dealer), "leads.lp4@example.com").await;
    Ask::new("钱江", "13700000204", dealer, model).send(&app, &client()).await;
    let (lead, token) = lead_of(&app, "13700000204").await;
    let id = lead.to_string();
    let contact = [("id", id.as_str()), ("step", "contact"), ("note", "")];
    assert_eq!(app.call(&desk, "move_lead", &contact).await.status(), 200);
    assert_eq!(app.call(&client(), "withdraw_test_drive", &[("token", &token)]).await.status(), 200);
    assert_eq!(texts(&app, "13700000204", "做得更好").await, 0, "their own cancellation asks nothing");
    assert!(!status_page(&app, &token).await.contains("能告诉我们原因吗"));
}

on_both_engines!(
    after_asking_the_prospect_sees_what_they_asked_and_only_their_own_new_lead_links_to_its_status,
    the_status_page_speaks_the_prospects_words_and_a_cancelled_request_arranges_nothing,
    a_lead_is_lost_only_after_a_contact_and_only_then_is_the_prospect_asked_why,
    a_prospect_who_cancels_after_a_call_is_not_asked_why,
);
