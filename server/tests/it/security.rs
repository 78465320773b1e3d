//! The guards every request passes: signed-out visitors sent to sign in and
//! back, `next` that cannot leave the site, cross-site writes refused, and the
//! security headers (CSP with the page's nonce) on every answer.

use crate::helpers;

use helpers::{client, spawn, spawn_with, Engine, PASSWORD};

/// Pages anyone may open; every other route needs sign-in.
const PUBLIC_PAGES: [&str; 14] = [
    "/",
    "/login",
    "/register",
    "/register/code",
    "/reset",
    "/reset/code",
    "/privacy",
    "/warranty",
    "/club",
    "/club/search",
    "/club/events",
    "/club/log",
    "/test-drive",
    "/test-drive/received",
];
/// The club's board and post pages answer anyone (the public reads public
/// boards), as does a prospect's status link: a made-up board, post or link is
/// simply not found.
const PUBLIC_ID_PAGES: [&str; 3] = ["/club/42", "/club/post/42", "/test-drive/status/42"];

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// Every route of the app, with a made-up value for each parameter.
fn every_route() -> Vec<String> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            route
                .path()
                .split('/')
                .map(|segment| if segment.starts_with('{') { "42" } else { segment })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

async fn every_private_page_sends_a_signed_out_visitor_to_sign_in_and_back(engine: Engine) {
    let app = spawn(engine).await;
    let routes = every_route();
    assert!(routes.len() > 20, "the route list is read: {routes:?}");
    for path in routes.iter().filter(|p| !PUBLIC_PAGES.contains(&p.as_str()) && !PUBLIC_ID_PAGES.contains(&p.as_str()))
    {
        let page = app.get(&client(), path).await;
        assert_eq!(page.status(), 303, "{path}: a signed-out visitor is sent to sign in");
        let expected: String = url_encode(path);
        assert_eq!(location(&page), format!("/login?next={expected}"), "{path}");
    }
    for path in PUBLIC_PAGES {
        assert_eq!(app.get(&client(), path).await.status(), 200, "{path} is public");
    }
    for path in PUBLIC_ID_PAGES {
        assert!(routes.iter().any(|r| r == path), "{path} is a route");
        assert_eq!(app.get(&client(), path).await.status(), 404, "{path}: no such board, post or link, for anyone");
    }
    // The reminder link from an SMS survives signing in, query and all.
    app.register(&client(), "13912345678", "Owner").await;
    let wanted = "/me/garage?added=1";
    let page = app.get(&client(), wanted).await;
    assert_eq!(location(&page), format!("/login?next={}", url_encode(wanted)));
    let browser = client();
    let signed_in =
        app.call(&browser, "login", &[("identifier", "13912345678"), ("password", PASSWORD), ("next", wanted)]).await;
    assert_eq!(location(&signed_in), wanted);
}

fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn next_never_leads_off_the_site(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "13912345678", "Owner").await;
    let tricky = [
        "//evil.example/",
        "/\t/evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ];
    for next in tricky {
        let browser = client();
        let response =
            app.call(&browser, "login", &[("identifier", "13912345678"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(response.status(), 200, "{next:?}");
        assert_eq!(location(&response), "/me", "{next:?} is ignored: the owner lands on their page");
        // Each sign-in is a success, so the account's failures never grow.
    }
}

async fn a_failed_form_post_goes_back_only_to_a_page_of_this_site(engine: Engine) {
    let app = spawn(engine).await;
    let post = |referer: String| {
        client()
            .post(app.url("/api/login"))
            .header("accept", "text/html")
            .header("referer", referer)
            .form(&[("identifier", "138"), ("password", "secret-x"), ("next", "")])
            .send()
    };
    let own = post(app.url("/login?next=%2Fme")).await.expect("answer");
    assert_eq!(location(&own), "/login", "back to the form's page, the error in the session");
    for referer in ["https://evil.example/login", &app.url("//evil.example/x"), &app.url("/\\evil.example")] {
        let response = post(referer.to_owned()).await.expect("answer");
        assert_eq!(location(&response), "", "{referer}: no redirect anywhere");
        assert_eq!(response.status(), 422, "{referer}: the error is answered in place");
    }
}

async fn cross_site_writes_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    app.register(&client(), "13912345678", "Owner").await;
    let attempt = |headers: &[(&'static str, &'static str)]| {
        let mut request = client().post(app.url("/api/login")).header("accept", "text/html").form(&[
            ("identifier", "13912345678"),
            ("password", PASSWORD),
            ("next", ""),
        ]);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let cross_site = attempt(&[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]).await;
    assert_eq!(cross_site.expect("answer").status(), 403);
    let same_site_subdomain = attempt(&[("sec-fetch-site", "same-site")]).await;
    assert_eq!(same_site_subdomain.expect("answer").status(), 403);
    let old_browser = attempt(&[("origin", "https://evil.example")]).await;
    assert_eq!(old_browser.expect("answer").status(), 403, "Origin alone decides without Sec-Fetch-Site");
    let own_page = attempt(&[("sec-fetch-site", "same-origin")]).await.expect("answer");
    assert_eq!(own_page.status(), 302, "the site's own form signs in");

    // A signed-in owner's session cannot be used by another site's form.
    let owner = app.owner("13912345670", "Owner B").await;
    let forged = owner
        .post(app.url("/api/logout"))
        .header("sec-fetch-site", "cross-site")
        .header("accept", "text/html")
        .send()
        .await
        .expect("answer");
    assert_eq!(forged.status(), 403);
    assert_eq!(app.get(&owner, "/me").await.status(), 200, "the owner is still signed in");
}

/// The home page a signed-out visitor gets comes from memory after the first
/// render: each answer still carries its own nonce, and a signed-in visitor
/// still gets a page of their own.
async fn the_shared_home_page_carries_each_answers_own_nonce(engine: Engine) {
    let app = spawn(engine).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = app.get(&client(), "/").await;
        let policy = response.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or("").to_owned();
        let html = response.text().await.unwrap_or_default();
        assert!(!nonce.is_empty() && html.contains(&format!("nonce=\"{nonce}\"")), "the page carries {nonce}");
        for earlier in &seen {
            assert!(!html.contains(earlier), "an earlier answer's nonce {earlier} is not reused");
        }
        seen.push(nonce);
    }
    let owner = app.owner("13900000801", "Home Owner").await;
    let home = app.get(&owner, "/").await.text().await.unwrap_or_default();
    assert!(home.contains("/api/logout"), "a signed-in visitor's own page, with sign-out");
    let anonymous = app.get(&client(), "/").await.text().await.unwrap_or_default();
    assert!(!anonymous.contains("/api/logout"), "and the shared page stays signed out");
}

async fn every_answer_carries_the_security_headers(engine: Engine) {
    let app = spawn(engine).await;
    for path in ["/", "/login", "/no-such-page", "/healthz"] {
        let response = app.get(&client(), path).await;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let policy = header("content-security-policy");
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or("").to_owned();
        assert!(scripts.contains("'nonce-"), "{path}: {policy}");
        assert!(!scripts.contains("unsafe-inline"), "{path}: {policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
        assert_eq!(header("strict-transport-security"), "", "{path}: no HSTS without HTTPS");
        if path != "/healthz" {
            // The nonce in the header is the one on the page's inline script.
            let nonce =
                scripts.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or("").to_owned();
            let html = response.text().await.unwrap_or_default();
            assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{path}: the inline script carries {nonce}");
        }
    }
    let first = app.get(&client(), "/").await.headers().get("content-security-policy").cloned();
    let second = app.get(&client(), "/").await.headers().get("content-security-policy").cloned();
    assert_ne!(first, second, "a fresh nonce per answer");

    let secure = spawn_with(engine, |mut config| {
        config.secure_cookies = true;
        config
    })
    .await;
    let response = secure.get(&client(), "/").await;
    let hsts = response.headers().get("strict-transport-security").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(hsts.starts_with("max-age="), "HSTS behind HTTPS: {hsts:?}");
}

async fn a_large_body_without_files_is_refused(engine: Engine) {
    let app = spawn(engine).await;
    let padding = "x".repeat(1024 * 1024);
    let response = client()
        .post(app.url("/api/login"))
        .header("accept", "application/json")
        .form(&[("identifier", "13912345678"), ("password", padding.as_str()), ("next", "")])
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 413, "a sign-in form is small; a megabyte is refused unread");
    assert_eq!(app.count("SELECT COUNT(*) FROM login_attempts").await, 0, "nothing reached the sign-in");
}

on_both_engines!(
    a_large_body_without_files_is_refused,
    every_private_page_sends_a_signed_out_visitor_to_sign_in_and_back,
    next_never_leads_off_the_site,
    a_failed_form_post_goes_back_only_to_a_page_of_this_site,
    cross_site_writes_are_refused,
    every_answer_carries_the_security_headers,
    the_shared_home_page_carries_each_answers_own_nonce,
);
