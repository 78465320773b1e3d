//! Receipt photos: cleaned of metadata, checked by content, shown only to the
//! owner who uploaded them and to staff.

use crate::helpers;

use helpers::{spawn, Engine};
use pitlane::account::Role;

/// A small JPEG carrying an EXIF segment with GPS data, as phones write them.
fn photo_with_gps() -> Vec<u8> {
    let mut plain = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(64, 48).write_to(&mut plain, image::ImageFormat::Jpeg).expect("encode");
    let plain = plain.into_inner();
    let payload = b"Exif\0\0GPSLatitude=31.2304N;GPSLongitude=121.4737E";
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE1];
    photo.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    photo.extend_from_slice(payload);
    photo.extend_from_slice(&plain[2..]);
    photo
}

fn work(vin: &str) -> [(&str, &str); 5] {
    [("vin", vin), ("performed_on", "2026-03-01"), ("mileage", "6000"), ("work", "换轮胎"), ("garage_name", "途虎")]
}

async fn a_receipt_is_stored_without_metadata_and_shown_only_to_its_owner_and_staff(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(61, 200, "13900000061").await;
    let a = app.owner("13900000061", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    assert_eq!(app.report_work(&a, &work(&vin), Some(photo_with_gps())).await.status(), 200);

    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT bytes FROM uploads").fetch_one(app.db.pool()).await.expect("stored");
    assert!(!stored.windows(11).any(|w| w == b"GPSLatitude"), "no GPS data is kept");
    let data: serde_json::Value = app.call(&a, "garage_car", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    let id = data["history"][0]["receipt"].as_i64().expect("the history links the receipt");

    let own = app.get(&a, &format!("/files/{id}")).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/jpeg"));
    assert_eq!(own.headers().get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
    assert!(own.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("private"));

    let b = app.owner("13900000062", "B").await;
    assert_eq!(app.get(&b, &format!("/files/{id}")).await.status(), 404, "another owner cannot see it");
    assert_eq!(app.get(&helpers::client(), &format!("/files/{id}")).await.status(), 404, "nor can a visitor");
    let care = app.signed_in_as(Role::CareAgent, None, "care61@example.com").await;
    assert_eq!(app.get(&care, &format!("/files/{id}")).await.status(), 200, "customer care can");
    let dealer = app.dealer("RCPT").await;
    let advisor = app.signed_in_as(Role::ServiceAdvisor, Some(dealer), "advisor61@example.com").await;
    assert_eq!(app.get(&advisor, &format!("/files/{id}")).await.status(), 404, "a dealer's advisor cannot");

    // The receipt stays with the person, not the car.
    app.call(&a, "release_car", &[("vin", &vin), ("confirm", "yes")]).await;
    app.sold_to(&vin, "13900000062").await;
    app.call(&b, "claim_car", &[("vin", &vin)]).await;
    let data: serde_json::Value = app.call(&b, "garage_car", &[("vin", &vin)]).await.json().await.unwrap_or_default();
    assert_eq!(data["history"][0]["work"], "换轮胎");
    assert_eq!(data["history"][0]["receipt"], serde_json::Value::Null);
}

async fn a_file_that_claims_to_be_a_jpeg_but_is_not_is_refused_and_nothing_is_saved(engine: Engine) {
    let app = spawn(engine).await;
    let vin = app.register_car_sold_to(62, 200, "13900000063").await;
    let a = app.owner("13900000063", "A").await;
    app.call(&a, "claim_car", &[("vin", &vin)]).await;
    let fake = b"%PDF-1.7 this is not a photo".to_vec();
    let response = app.report_work(&a, &work(&vin), Some(fake)).await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["Invalid"]["field"], "receipt", "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM service_records").await, 0, "the work is not half-saved");
}

on_both_engines!(
    a_receipt_is_stored_without_metadata_and_shown_only_to_its_owner_and_staff,
    a_file_that_claims_to_be_a_jpeg_but_is_not_is_refused_and_nothing_is_saved,
);
