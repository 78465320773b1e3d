//! What the booking page proposes and what the owner's list shows: the dealer
//! proposed before the owner chooses (`booking::choices::default_dealer`), the
//! calendar's weekdays in the page's language, and the list's cards.

use crate::helpers;

use chrono::{Datelike, Duration};
use helpers::booking::{book, open_dealer, owner_with_car, service_id, slot};
use helpers::{spawn, Engine, TestApp};

/// A dealer in another city (the helper's are all in Shanghai).
async fn dealer_in(app: &TestApp, code: &str, zh: &str, en: &str) -> i64 {
    let dealer = open_dealer(app, code, 2).await;
    sqlx::query("UPDATE dealers SET city_zh = $1, city_en = $2, name_zh = $3, name_en = $4 WHERE id = $5")
        .bind(zh)
        .bind(en)
        .bind(format!("{zh}店"))
        .bind(format!("{en} dealer"))
        .bind(dealer)
        .execute(app.db.pool())
        .await
        .expect("city");
    app.db.forget_kept();
    dealer
}

async fn proposed(app: &TestApp, owner: &reqwest::Client, vin: &str) -> serde_json::Value {
    let form: serde_json::Value =
        app.call(owner, "booking_form", &[("vin", vin), ("day", "")]).await.json().await.unwrap_or_default();
    form["dealer"].clone()
}

/// Sets the car's owner's city and preferred dealer, as their profile would.
async fn set(app: &TestApp, city: &str, preferred: Option<i64>, vin: &str) {
    sqlx::query(
        "UPDATE users SET city = $1, preferred_dealer_id = $2
         WHERE id = (SELECT owner_id FROM ownerships WHERE vin = $3 AND ended_at IS NULL)",
    )
    .bind(city)
    .bind(preferred)
    .bind(vin)
    .execute(app.db.pool())
    .await
    .expect("profile");
}

async fn the_dealer_proposed_is_the_preferred_else_the_last_visits_else_the_one_in_the_owners_city(engine: Engine) {
    let app = spawn(engine).await;
    // Beijing sorts first by code and by name: what the page once proposed to everyone.
    let beijing = dealer_in(&app, "BJ9", "北京", "Beijing").await;
    let guangzhou = dealer_in(&app, "GZ9", "广州", "Guangzhou").await;
    let pudong = dealer_in(&app, "SH9", "上海", "Shanghai").await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 90).await;

    assert_eq!(proposed(&app, &owner, &vin).await, serde_json::Value::Null, "nothing known: the owner picks");
    let page = app.get(&owner, "/service/book").await.text().await.unwrap_or_default();
    assert!(page.contains("请选择经销商"), "a choose line, not the first dealer");
    assert!(!page.contains(&format!(r#"value="{beijing}" selected"#)), "Beijing is not chosen for them");

    set(&app, "上海", None, &vin).await;
    assert_eq!(proposed(&app, &owner, &vin).await, pudong, "the only dealer in the owner's city");

    let at = slot(&app, 2, 10);
    assert_eq!(book(&app, &owner, &vin, guangzhou, inspection, at, "last-1").await.status(), 200);
    assert_eq!(proposed(&app, &owner, &vin).await, guangzhou, "the car's last visit before the city");
    let id: i64 = sqlx::query_scalar("SELECT id FROM bookings WHERE vin = $1")
        .bind(&vin)
        .fetch_one(app.db.pool())
        .await
        .expect("booking");
    assert_eq!(app.call(&owner, "cancel_booking", &[("id", &id.to_string())]).await.status(), 200);
    assert_eq!(proposed(&app, &owner, &vin).await, pudong, "a cancelled booking was no visit");

    set(&app, "上海", Some(beijing), &vin).await;
    assert_eq!(proposed(&app, &owner, &vin).await, beijing, "the owner's own preference first");

    // Without JavaScript the page's form carries the proposal, and a dealer the
    // owner chose wins over it.
    let page = app.get(&owner, "/service/book").await.text().await.unwrap_or_default();
    assert!(page.contains(&format!(r#"<option value="{beijing}" selected"#)), "the proposal is selected");
    let chosen: serde_json::Value = app
        .call(&owner, "booking_form", &[("vin", &vin), ("dealer", &pudong.to_string()), ("day", "")])
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(chosen["dealer"], pudong);
}

async fn the_calendar_names_weekdays_in_the_pages_language_and_no_time_is_chosen_for_the_owner(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "WEEK", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 91).await;
    let day = (slot(&app, 2, 10) + Duration::hours(8)).date_naive();
    let page = app
        .get(&owner, &format!("/service/book?vin={vin}&dealer={dealer}&service={inspection}&day={day}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    let zh = pitlane::lang::dates::weekday(day.weekday(), pitlane::lang::Lang::Zh);
    assert!(page.contains(&format!("<small>{zh}</small>")), "{zh} in the Chinese calendar");
    for english in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        assert!(!page.contains(&format!("<small>{english}</small>")), "no {english} in the Chinese calendar");
    }
    let radios: Vec<&str> = page
        .split("<input")
        .filter(|tag| tag.contains(r#"name="starts_at""#))
        .map(|tag| tag.split('>').next().unwrap_or_default())
        .collect();
    assert!(!radios.is_empty(), "times are offered");
    assert!(radios.iter().all(|radio| !radio.contains("checked")), "none of them chosen for the owner: {radios:?}");
}

async fn the_owners_list_names_the_dealer_the_service_the_car_and_the_dealers_time(engine: Engine) {
    let app = spawn(engine).await;
    let dealer = open_dealer(&app, "LIST", 2).await;
    let inspection = service_id(&app, "inspection").await;
    let (owner, vin) = owner_with_car(&app, 92).await;
    sqlx::query("UPDATE ownerships SET plate = '沪A12345' WHERE vin = $1")
        .bind(&vin)
        .execute(app.db.pool())
        .await
        .expect("plate");
    let at = slot(&app, 3, 14);
    assert_eq!(book(&app, &owner, &vin, dealer, inspection, at, "list-1").await.status(), 200);
    let list: serde_json::Value = app.call(&owner, "my_bookings", &[]).await.json().await.unwrap_or_default();
    let card = &list[0];
    assert_eq!(card["dealer_en"], "Test dealer", "{list}");
    assert_eq!(card["service_en"], "Safety inspection");
    assert_eq!(card["plate"], "沪A12345");
    let wall = at.with_timezone(&pitlane::zone::CHINA).naive_local();
    assert_eq!(card["local_start"], wall.format("%Y-%m-%dT%H:%M:%S").to_string(), "14:00 on the dealer's clock");

    let page = app.get(&owner, "/me/bookings").await.text().await.unwrap_or_default();
    let when = pitlane::lang::dates::moment(wall, pitlane::lang::Lang::Zh);
    for shown in ["测试店", "安全检测", "沪A12345", "已预约", when.as_str()] {
        assert!(page.contains(shown), "{shown} on the card");
    }
}

on_both_engines!(
    the_dealer_proposed_is_the_preferred_else_the_last_visits_else_the_one_in_the_owners_city,
    the_calendar_names_weekdays_in_the_pages_language_and_no_time_is_chosen_for_the_owner,
    the_owners_list_names_the_dealer_the_service_the_car_and_the_dealers_time,
);
