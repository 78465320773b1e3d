//! Uploads within bounds: a visitor's post is refused before its body is read,
//! a post past the limits on parts or bytes is refused whole, and a picture
//! claiming too many pixels is refused without being decoded while the server
//! keeps answering.

#[path = "it/helpers/mod.rs"]
mod helpers;

use app::form::ssr::{MAX_PARTS, MAX_POST_BYTES, MAX_TEXT_BYTES};
use axum::body::Bytes;
use futures::StreamExt;
use helpers::{spawn, Engine, TestApp};
use pitlane::upload::MAX_UPLOAD_BYTES;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const MIB: usize = 1024 * 1024;

/// One test at a time: one of them measures this process's memory, and the
/// others move tens of MB through it.
static ALONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The resident memory of this process, where the server runs too.
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status is readable");
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .expect("/proc/self/status gives VmRSS");
    kib * 1024
}

fn text_form(fields: &[(&'static str, String)]) -> reqwest::multipart::Form {
    fields.iter().fold(reqwest::multipart::Form::new(), |form, (name, value)| form.text(*name, value.clone()))
}

/// The fields, padded with one-letter fields to `parts` parts in all.
fn with_parts(mut fields: Vec<(&'static str, String)>, parts: usize) -> Vec<(&'static str, String)> {
    while fields.len() < parts {
        fields.push(("padding", "x".into()));
    }
    fields
}

async fn open_case(app: &TestApp, client: &reqwest::Client, form: reqwest::multipart::Form) -> reqwest::Response {
    client
        .post(app.url("/api/open_case"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("the server answers")
}

/// A blank 9000 × 9000 PNG: 81 megapixels in a small file.
fn huge_png() -> Vec<u8> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder;
    let (width, height) = (9000u32, 9000u32);
    let pixels = vec![0u8; width as usize * height as usize];
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::NoFilter)
        .write_image(&pixels, width, height, image::ExtendedColorType::L8)
        .expect("a blank picture encodes");
    png
}

/// Streams a part that never ends (1 GB) to `endpoint` as `client`: the answer's
/// status (none when the server closed the connection first) and how much was sent.
async fn stream_endless(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    head: &'static str,
) -> (Option<u16>, usize) {
    let sent = Arc::new(AtomicUsize::new(0));
    let chunk = Bytes::from(vec![b'a'; MIB]);
    let body = futures::stream::iter(std::iter::once(Bytes::from(head)).chain(std::iter::repeat_n(chunk, 1024))).map({
        let sent = sent.clone();
        move |bytes: Bytes| {
            sent.fetch_add(bytes.len(), Ordering::Relaxed);
            Ok::<_, std::io::Error>(bytes)
        }
    });
    let request = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .header("content-type", "multipart/form-data; boundary=boundary")
        .body(reqwest::Body::wrap_stream(body))
        .send();
    let outcome = tokio::time::timeout(Duration::from_secs(60), request)
        .await
        .expect("the server stops reading early instead of taking a gigabyte");
    let status = match outcome {
        Ok(response) => Some(response.status().as_u16()),
        // The server may close the connection while the client is still sending.
        Err(err) => {
            assert!(!err.is_connect() && !err.is_timeout(), "the request reached the server: {err}");
            None
        }
    };
    (status, settled(&sent).await)
}

/// What the client has sent once it has stopped sending: whatever it still
/// had in flight has been refused when the count holds still for 100 ms.
async fn settled(sent: &AtomicUsize) -> usize {
    let mut last = sent.load(Ordering::Relaxed);
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = sent.load(Ordering::Relaxed);
        if now == last {
            return now;
        }
        last = now;
    }
}

async fn a_visitor_streaming_a_gigabyte_is_refused_before_the_body_is_read(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let visitor = helpers::client();
    assert_eq!(app.get(&visitor, "/healthz").await.status(), 200);
    let before = resident_bytes();
    // A text part (kept whole in memory if it were read).
    let head = "--boundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n";
    let (status, sent) = stream_endless(&app, &visitor, "open_case", head).await;
    assert!(matches!(status, None | Some(401)), "refused as signed out: {status:?}");
    assert!(sent < 128 * MIB, "the server went on reading: {} MB were sent", sent / MIB);
    let grown = resident_bytes().saturating_sub(before);
    assert!(grown < 50 * MIB, "memory grew by {} MB", grown / MIB);
    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(app.get(&visitor, "/healthz").await.status(), 200, "the server still answers");
}

async fn a_member_without_a_car_is_refused_a_post_before_its_pictures_are_read(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let carless = app.owner("13900000977", "No Car").await;
    // A picture that never ends: read, it would be cut off at the upload limit (422).
    let head = "--boundary\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
    let (status, sent) = stream_endless(&app, &carless, "write_post", head).await;
    assert_eq!(status, Some(403), "refused as not a writer, before reading (read, the picture would get 422)");
    assert!(sent < 128 * MIB, "the server went on reading: {} MB were sent", sent / MIB);
    assert_eq!(app.count("SELECT COUNT(*) FROM club_posts").await, 0);
}

async fn a_crowd_of_uploads_is_read_a_few_at_a_time(engine: Engine) {
    use app::form::ssr::{posts_reading, POSTS_AT_ONCE};
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let owner = app.owner("13900000978", "Crowd").await;
    // Each post sends its picture slowly: a 64 KB piece every 50 ms, two seconds in all.
    let slow_post = || {
        let head = Bytes::from(
            "--boundary\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n",
        );
        let tail = Bytes::from("\r\n--boundary--\r\n");
        let pieces = futures::stream::iter(0..40).then(|_| async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Bytes::from(vec![0_u8; 64 * 1024])
        });
        let body = futures::stream::once(async move { head })
            .chain(pieces)
            .chain(futures::stream::once(async move { tail }))
            .map(Ok::<_, std::io::Error>);
        owner
            .post(app.url("/api/open_case"))
            .header("accept", "application/json")
            .header("content-type", "multipart/form-data; boundary=boundary")
            .body(reqwest::Body::wrap_stream(body))
            .send()
    };
    let crowd: Vec<_> = (0..POSTS_AT_ONCE + 4).map(|_| tokio::spawn(slow_post())).collect();
    let mut most = 0;
    while crowd.iter().any(|post| !post.is_finished()) {
        most = most.max(posts_reading());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for post in crowd {
        let answer = post.await.expect("the post ran").expect("the server answers");
        assert!(answer.status().is_client_error(), "a broken picture is refused: {}", answer.status());
    }
    assert_eq!(most, POSTS_AT_ONCE, "at most {POSTS_AT_ONCE} posts were read at once, and the crowd filled them");
    assert_eq!(posts_reading(), 0);
    assert_eq!(app.get(&helpers::client(), "/healthz").await.status(), 200);
}

async fn an_owner_streaming_a_body_without_end_is_cut_off_at_the_body_limit(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let owner = app.owner("13900003004", "Owner").await;
    let before = resident_bytes();
    // No boundary ever comes: a parser looking for one would buffer all of it.
    let sent = Arc::new(AtomicUsize::new(0));
    let body = futures::stream::iter(std::iter::repeat_n(Bytes::from(vec![b'a'; MIB]), 512)).map({
        let sent = sent.clone();
        move |bytes: Bytes| {
            sent.fetch_add(bytes.len(), Ordering::Relaxed);
            Ok::<_, std::io::Error>(bytes)
        }
    });
    let request = owner
        .post(app.url("/api/open_case"))
        .header("accept", "application/json")
        .header("content-type", "multipart/form-data; boundary=boundary")
        .body(reqwest::Body::wrap_stream(body))
        .send();
    let outcome = tokio::time::timeout(Duration::from_secs(60), request).await.expect("the server stops reading");
    if let Ok(response) = outcome {
        assert!(response.status().is_client_error(), "refused: {}", response.status());
    }
    let sent = settled(&sent).await;
    assert!(sent < MAX_POST_BYTES + 64 * MIB, "the server went on reading: {} MB were sent", sent / MIB);
    let grown = resident_bytes().saturating_sub(before);
    assert!(grown < 3 * MAX_POST_BYTES / 2, "memory grew by {} MB", grown / MIB);
    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 0);

    // A multipart type without a boundary is the client's mistake: 400, not a panic.
    let no_boundary = owner
        .post(app.url("/api/open_case"))
        .header("accept", "application/json")
        .header("content-type", "multipart/form-data")
        .body("title=x")
        .send()
        .await
        .expect("answer");
    assert_eq!(no_boundary.status(), 400);
}

async fn a_post_with_more_parts_than_allowed_is_refused_and_nothing_is_stored(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let owner = app.owner("13900003001", "Owner").await;
    let at_limit = text_form(&with_parts(helpers::complaint("At the limit"), MAX_PARTS));
    assert_eq!(open_case(&app, &owner, at_limit).await.status(), 200, "{MAX_PARTS} parts are fine");
    let past_limit = text_form(&with_parts(helpers::complaint("Past the limit"), MAX_PARTS + 1));
    assert_eq!(open_case(&app, &owner, past_limit).await.status(), 413);
    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 1, "only the case within the limit");
}

async fn a_post_larger_than_allowed_is_refused_and_nothing_is_stored(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let owner = app.owner("13900003002", "Owner").await;

    // Every file within the upload limit, all of them one byte past the post's.
    let mut too_much = text_form(&helpers::complaint("Too much"));
    let mut left = MAX_POST_BYTES + 1;
    while left > 0 {
        let size = left.min(MAX_UPLOAD_BYTES);
        too_much = too_much.part("photos", reqwest::multipart::Part::bytes(vec![0u8; size]).file_name("photo.jpg"));
        left -= size;
    }
    assert_eq!(open_case(&app, &owner, too_much).await.status(), 413);

    let mut too_long = helpers::complaint("Too long");
    too_long.push(("note", "x".repeat(MAX_TEXT_BYTES + 1)));
    assert_eq!(open_case(&app, &owner, text_form(&too_long)).await.status(), 413, "one text field too long");

    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
}

async fn a_picture_of_too_many_pixels_is_refused_while_the_server_keeps_answering(engine: Engine) {
    let _alone = ALONE.lock().await;
    let app = spawn(engine).await;
    let owner = app.owner("13900003003", "Owner").await;
    let png = huge_png();
    assert!(png.len() < MAX_UPLOAD_BYTES, "the picture is a small file ({} bytes)", png.len());
    let fields = helpers::complaint("Huge photo");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let visitor = helpers::client();

    let (refused, health) =
        tokio::join!(app.post_files(&owner, "open_case", &fields, "photos", vec![png]), app.get(&visitor, "/healthz"));
    assert_eq!(health.status(), 200, "the server answers while the picture is checked");
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap_or_default();
    assert_eq!(body["Invalid"]["field"], "photos", "{body}");
    assert_eq!(body["Invalid"]["problem"]["Upload"], "TooManyPixels", "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
}

on_both_engines!(
    a_visitor_streaming_a_gigabyte_is_refused_before_the_body_is_read,
    a_member_without_a_car_is_refused_a_post_before_its_pictures_are_read,
    a_crowd_of_uploads_is_read_a_few_at_a_time,
    a_post_with_more_parts_than_allowed_is_refused_and_nothing_is_stored,
    an_owner_streaming_a_body_without_end_is_cut_off_at_the_body_limit,
    a_post_larger_than_allowed_is_refused_and_nothing_is_stored,
    a_picture_of_too_many_pixels_is_refused_while_the_server_keeps_answering,
);
