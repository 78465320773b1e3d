//! Spawns the real application on a fresh database (SQLite file or a new
//! PostgreSQL database) and gives a cookie-keeping client.
#![allow(dead_code)] // each test file uses its own part of the helpers

pub mod booking;
pub mod leads;

use pitlane::account::{store, Registration, Role, RoleAssignment};
use pitlane::db::Db;
use pitlane::{Clock, FixedClock};
use server::{Application, Config};
use std::sync::Arc;

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "correct-horse-9";

/// The server's address for PostgreSQL tests; a missing server fails the test.
fn postgres_admin_url() -> String {
    std::env::var("PITLANE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A URL to a database nobody else uses.
pub async fn fresh_database(engine: Engine) -> String {
    let name = format!("pitlane_test_{}", uuid::Uuid::new_v4().simple());
    match engine {
        Engine::Sqlite => format!("sqlite://{}/{name}.db", std::env::temp_dir().display()),
        Engine::Postgres => {
            let admin_url = postgres_admin_url();
            let admin = Db::connect(&admin_url, 1).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required for the test suite and is not reachable at {admin_url}: {e}")
            });
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin.pool())
                .await
                .expect("create a test database");
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("the PostgreSQL URL ends in a database name");
            format!("{base}/{name}")
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub clock: Arc<FixedClock>,
}

pub fn config(database_url: String) -> Config {
    Config::from_lookup(|var| match var {
        "DATABASE_URL" => Some(database_url.clone()),
        "PITLANE_ADDR" => Some("127.0.0.1:0".to_owned()),
        "PITLANE_SEED_DEMO" => Some("false".to_owned()),
        "PITLANE_JOBS" => Some("false".to_owned()),
        "PITLANE_PUBLIC_ORIGIN" => Some(ORIGIN.to_owned()),
        _ => None,
    })
    .expect("test configuration is valid")
}

/// Where the tests' portal says it is reached: every link in a text starts so.
pub const ORIGIN: &str = "https://club.example.cn";

pub fn origin() -> pitlane::types::Origin {
    pitlane::types::Origin::parse(ORIGIN).expect("the tests' origin is valid")
}

pub async fn spawn(engine: Engine) -> TestApp {
    spawn_with(engine, |c| c).await
}

pub async fn spawn_with(engine: Engine, adjust: impl FnOnce(Config) -> Config) -> TestApp {
    let config = adjust(config(fresh_database(engine).await));
    let clock = Arc::new(FixedClock::new(chrono::Utc::now()));
    let app = Application::build(&config, clock.clone()).await.expect("the application starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp { base, client: client(), db, clock }
}

/// A second instance of the application on `app`'s database, as a deployment
/// with two servers behind one address would have (its own caches, its own clock).
pub async fn spawn_beside(app: &TestApp) -> TestApp {
    let config = config(app.db.url().to_owned());
    let clock = Arc::new(FixedClock::new(app.clock.now()));
    let beside = Application::build(&config, clock.clone()).await.expect("the second instance starts");
    let base = format!("http://127.0.0.1:{}", beside.port());
    let db = beside.db().clone();
    tokio::spawn(beside.run_until_stopped());
    TestApp { base, client: client(), db, clock }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function as the wasm client does (JSON back, no redirect).
    pub async fn call(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// Calls a server function that reads by GET, the fields in the query string.
    pub async fn ask(&self, client: &reqwest::Client, endpoint: &str, query: &[(&str, &str)]) -> reqwest::Response {
        client
            .get(self.url(&format!("/api/{endpoint}")))
            .query(query)
            .header("accept", "application/json")
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).header("accept", "text/html").send().await.expect("the server answers")
    }

    /// Registers as an owner does: the form, then the code from the SMS or e-mail
    /// (read from the outbox). Answers with the code step's response, or with the
    /// form's when it failed or no code went out (the number is taken).
    pub async fn register(&self, client: &reqwest::Client, identifier: &str, name: &str) -> reqwest::Response {
        let since = self.last_outbox_id().await;
        let started = self
            .call(client, "register", &[("identifier", identifier), ("display_name", name), ("password", PASSWORD)])
            .await;
        if !started.status().is_success() {
            return started;
        }
        match self.code_sent_to(identifier, since).await {
            Some(code) => self.call(client, "confirm_registration", &[("code", &code)]).await,
            None => started,
        }
    }

    /// The newest outbox row's id (0 when empty): messages after it are new.
    pub async fn last_outbox_id(&self) -> i64 {
        self.count("SELECT COALESCE(MAX(id), 0) FROM outbox").await
    }

    /// The one-time code in the newest message to `identifier` after outbox row
    /// `since`, read from its text as the person would read it (only a hash of
    /// the code is stored anywhere else).
    pub async fn code_sent_to(&self, identifier: &str, since: i64) -> Option<String> {
        let recipient = pitlane::types::Identifier::parse(identifier).ok()?.to_string();
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 AND id > $2 ORDER BY id DESC")
                .bind(recipient)
                .bind(since)
                .fetch_all(self.db.pool())
                .await
                .expect("outbox query");
        bodies.iter().find_map(|body| six_digits(body))
    }

    /// What the account with `mobile` was told in the portal, oldest first: each
    /// message's kind and its English words as the inbox shows them.
    pub async fn told(&self, mobile: &str) -> Vec<(String, String)> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT n.kind, n.params FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.mobile = $1 ORDER BY n.id",
        )
        .bind(mobile)
        .fetch_all(self.db.pool())
        .await
        .expect("notifications");
        rows.into_iter()
            .map(|(kind, params)| {
                let notice = pitlane::notify::Notice::from_stored(&kind, &params).expect("a notice this build reads");
                (kind, notice.text(pitlane::lang::Lang::En))
            })
            .collect()
    }

    pub async fn login(&self, client: &reqwest::Client, identifier: &str, password: &str) -> reqwest::Response {
        self.call(client, "login", &[("identifier", identifier), ("password", password), ("next", "")]).await
    }

    /// Creates an account with any role directly, then signs a new client in as it.
    pub async fn signed_in_as(&self, role: Role, dealer: Option<i64>, identifier: &str) -> reqwest::Client {
        let registration = Registration::parse(identifier, "Test Person", PASSWORD).expect("valid test registration");
        let assignment = RoleAssignment::new(role, dealer).expect("valid test role");
        store::create(&self.db, &*self.clock, registration, assignment, None).await.expect("account created");
        let client = client();
        let response = self.login(&client, identifier, PASSWORD).await;
        assert!(response.status().is_success(), "sign-in as {role:?} failed: {}", response.status());
        client
    }

    /// A dealer row for staff to belong to.
    pub async fn dealer(&self, code: &str) -> i64 {
        let id = sqlx::query_scalar(
            "INSERT INTO dealers (code, name_zh, name_en, city_zh, city_en, address_zh, address_en, phone, service_bays, created_at)
             VALUES ($1, '测试店', 'Test dealer', '上海', 'Shanghai', '地址', 'Address', '021-0000 0000', 2, 0) RETURNING id",
        )
        .bind(code)
        .fetch_one(self.db.pool())
        .await
        .expect("dealer inserted");
        self.db.forget_kept();
        id
    }
}

/// The first run of exactly six digits in a message (a code; the hotline and
/// phone numbers have other lengths).
pub fn six_digits(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit()).find(|run| run.len() == 6).map(str::to_owned)
}

/// The fields of a dealer-service complaint (no car, no dealer), keyed by its title.
pub fn complaint(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", "complaint".into()),
        ("category", "dealer_service".into()),
        ("title", title.into()),
        ("description", "The car was returned dirty and two hours late.".into()),
        ("vin", String::new()),
        ("dealer", String::new()),
        ("idempotency_key", title.into()),
    ]
}

/// Runs each listed `async fn name(engine: Engine)` once per database engine.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Engine::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Engine::Postgres).await })*
        }
    };
}

impl TestApp {
    /// A model with a 36-month / 100 000 km whole-vehicle line and a 12-month /
    /// 10 000 km service interval, and a car of it in the register.
    /// `sold_days_ago: None` leaves the car unsold.
    pub async fn register_car(&self, serial: u32, sold_days_ago: Option<i64>) -> String {
        let pool = self.db.pool();
        let model = self.test_model().await;
        let vin =
            pitlane::types::Vin::with_check_digit(&format!("LMVTST00XR{serial:07}")).expect("test VIN").to_string();
        let today = self.clock.now().date_naive();
        let sold = sold_days_ago.map(|d| (today - chrono::Duration::days(d)).to_string());
        sqlx::query(
            "INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date) VALUES ($1, $2, 2024, '2024-01-15', $3)",
        )
        .bind(&vin)
        .bind(model)
        .bind(sold)
        .execute(pool)
        .await
        .expect("vehicle");
        vin
    }

    /// The test model (made on first use): 36 months / 100 000 km of cover, a
    /// 12-month / 10 000 km service interval.
    pub async fn test_model(&self) -> i64 {
        let pool = self.db.pool();
        let model: Option<i64> = sqlx::query_scalar("SELECT id FROM car_models WHERE code = 'TST'")
            .fetch_optional(pool)
            .await
            .expect("model lookup");
        let model = match model {
            Some(id) => id,
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO car_models (code, name_zh, name_en, powertrain, body, service_months, service_km)
                     VALUES ('TST', '测试车', 'Testcar', 'electric', 'suv', 12, 10000) RETURNING id",
                )
                .fetch_one(pool)
                .await
                .expect("model");
                sqlx::query("INSERT INTO warranty_lines (model_id, code, name_zh, name_en, months, km) VALUES ($1, 'vehicle', '整车保修', 'Whole vehicle', 36, 100000)")
                    .bind(id)
                    .execute(pool)
                    .await
                    .expect("line");
                self.db.forget_kept();
                id
            }
        };
        model
    }

    /// A car sold `sold_days_ago` to the holder of `buyer_mobile`, as the
    /// selling dealer records it: a verified account with that number claims
    /// it at once.
    pub async fn register_car_sold_to(&self, serial: u32, sold_days_ago: i64, buyer_mobile: &str) -> String {
        let vin = self.register_car(serial, Some(sold_days_ago)).await;
        self.sold_to(&vin, buyer_mobile).await;
        vin
    }

    /// Records `mobile` as the buyer's number of a car in the register (a
    /// later sale through a dealer, say).
    pub async fn sold_to(&self, vin: &str, mobile: &str) {
        sqlx::query("UPDATE vehicles SET registered_mobile = $1 WHERE vin = $2")
            .bind(mobile)
            .bind(vin)
            .execute(self.db.pool())
            .await
            .expect("registered mobile");
    }

    /// A new owner, signed in, on their own client.
    pub async fn owner(&self, mobile: &str, name: &str) -> reqwest::Client {
        let client = client();
        let response = self.register(&client, mobile, name).await;
        assert_eq!(response.status(), 200, "registering {mobile}");
        client
    }

    /// An open recall campaign on the test model; returns its id.
    pub async fn recall_campaign(&self, code: &str, title_en: &str) -> i64 {
        let campaign: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, opened_on)
             VALUES ($1, 'recall', '召回', $2, '检修', 'Fix', '2026-01-01') RETURNING id",
        )
        .bind(code)
        .bind(title_en)
        .fetch_one(self.db.pool())
        .await
        .expect("campaign");
        sqlx::query(
            "INSERT INTO campaign_models (campaign_id, model_id) SELECT $1, id FROM car_models WHERE code = 'TST'",
        )
        .bind(campaign)
        .execute(self.db.pool())
        .await
        .expect("campaign model");
        campaign
    }

    /// A small plain JPEG, as a phone camera would send.
    pub fn jpeg() -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(64, 48).write_to(&mut out, image::ImageFormat::Jpeg).expect("encode");
        out.into_inner()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.db.pool()).await.expect("count query")
    }
}

impl TestApp {
    /// Posts the report-work form as the browser does: multipart, with an
    /// optional receipt file.
    pub async fn report_work(
        &self,
        client: &reqwest::Client,
        fields: &[(&str, &str)],
        receipt: Option<Vec<u8>>,
    ) -> reqwest::Response {
        self.post_files(client, "report_work", fields, "receipt", receipt.into_iter().collect()).await
    }

    /// Reports a small job on `vin` without a receipt, for tests that ask only
    /// whether this client may.
    pub async fn report_any_work(&self, client: &reqwest::Client, vin: &str) -> reqwest::Response {
        let work =
            [("vin", vin), ("performed_on", "2026-01-01"), ("mileage", "5000"), ("work", "x"), ("garage_name", "y")];
        self.report_work(client, &work, None).await
    }

    /// Posts a form with files under one field name, as a browser does.
    pub async fn post_files(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        fields: &[(&str, impl AsRef<str>)],
        file_field: &str,
        files: Vec<Vec<u8>>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.as_ref().to_owned());
        }
        for (i, bytes) in files.into_iter().enumerate() {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(format!("photo-{i}.jpg"))
                .mime_str("image/jpeg")
                .expect("mime");
            form = form.part(file_field.to_owned(), part);
        }
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .multipart(form)
            .send()
            .await
            .expect("the server answers")
    }
}
