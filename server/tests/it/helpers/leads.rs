//! Helpers for the lead tests: a showroom (a dealer open every day with demo
//! cars of the test model), a prospect's request as the form posts it, and the
//! lead a mobile number made.

use super::booking::open_dealer;
use super::TestApp;

/// A dealer open 08:00–18:00 every day with `cars` demo cars of the test model.
pub async fn showroom(app: &TestApp, code: &str, cars: usize) -> (i64, i64) {
    let dealer = open_dealer(app, code, 2).await;
    let model = app.test_model().await;
    for n in 0..cars {
        sqlx::query("INSERT INTO demo_cars (dealer_id, model_id, plate) VALUES ($1, $2, $3)")
            .bind(dealer)
            .bind(model)
            .bind(format!("{code}-{n}"))
            .execute(app.db.pool())
            .await
            .expect("demo car");
    }
    (dealer, model)
}

/// A request as the form sends it; `slot` empty asks for a call in the morning.
pub struct Ask<'a> {
    pub name: &'a str,
    pub mobile: &'a str,
    pub dealer: i64,
    pub model: i64,
    pub slot: String,
    pub referral: &'a str,
    pub honeypot: &'a str,
    pub source: &'a str,
}

impl<'a> Ask<'a> {
    pub fn new(name: &'a str, mobile: &'a str, dealer: i64, model: i64) -> Self {
        Ask { name, mobile, dealer, model, slot: String::new(), referral: "", honeypot: "", source: "friend" }
    }

    pub async fn send(&self, app: &TestApp, client: &reqwest::Client) -> reqwest::Response {
        let (dealer, model) = (self.dealer.to_string(), self.model.to_string());
        let form = [
            ("display_name", self.name),
            ("mobile", self.mobile),
            ("city", "上海"),
            ("model", &model),
            ("dealer", &dealer),
            ("slot", &self.slot),
            ("part_of_day", "morning"),
            ("source", self.source),
            ("referral", self.referral),
            ("consent", "yes"),
            ("website", self.honeypot),
        ];
        app.call(client, "request_test_drive", &form).await
    }
}

/// The newest lead of `mobile`: its id and status token.
pub async fn lead_of(app: &TestApp, mobile: &str) -> (i64, String) {
    sqlx::query_as("SELECT id, status_token FROM leads WHERE mobile = $1 ORDER BY id DESC LIMIT 1")
        .bind(mobile)
        .fetch_one(app.db.pool())
        .await
        .expect("a lead for the mobile")
}
