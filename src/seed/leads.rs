//! The sales floor's demo data: demo cars at every dealer, the lead handlers
//! who manage their floor, 王芳's referral code, and two prospects' requests
//! made through the real path (so they are assigned and messaged as live ones).

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::lead::store::request_test_drive;
use crate::lead::TestDriveRequest;
use crate::types::Origin;

/// 王芳's referral code, for the README and the browser tests.
pub const DEMO_REFERRAL_CODE: &str = "WANGFANG";

pub(super) async fn seed_leads(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    dealers: &[i64],
) -> Result<(), DomainError> {
    let pool = db.pool();
    let models: Vec<i64> = sqlx::query_scalar("SELECT id FROM car_models ORDER BY id").fetch_all(pool).await?;
    for (d, dealer) in dealers.iter().enumerate() {
        for (m, model) in models.iter().enumerate() {
            // The first model is the one people ask for most: two of them.
            for copy in 0..if m == 0 { 2 } else { 1 } {
                sqlx::query("INSERT INTO demo_cars (dealer_id, model_id, plate) VALUES ($1, $2, $3)")
                    .bind(dealer)
                    .bind(model)
                    .bind(format!("DEMO-{d}{m}{copy}"))
                    .execute(pool)
                    .await?;
            }
        }
    }
    sqlx::query(
        "UPDATE users SET manages_leads = 1 WHERE email IN ('leads.bj@meridian-motors.cn', 'leads.sh@meridian-motors.cn')",
    )
    .execute(pool)
    .await?;
    sqlx::query("UPDATE users SET referral_code = $1 WHERE mobile = '13800000001'")
        .bind(DEMO_REFERRAL_CODE)
        .execute(pool)
        .await?;
    // (name, mobile, city, model index, dealer index, part of day, source, referral)
    let prospects = [
        ("赵敏", "13900000101", "北京", 0, 1, "afternoon", "search", ""),
        ("Tom Li", "13900000102", "上海", 2, 0, "morning", "friend", DEMO_REFERRAL_CODE),
    ];
    for (name, mobile, city, model, dealer, part, source, referral) in prospects {
        let (Some(model), Some(dealer)) = (models.get(model), dealers.get(dealer)) else { continue };
        let request = TestDriveRequest::parse(
            name,
            mobile,
            city,
            &model.to_string(),
            &dealer.to_string(),
            "",
            part,
            source,
            referral,
            true,
            "",
        )?;
        request_test_drive(db, clock, origin, request, "seed", "zh-CN").await?;
    }
    Ok(())
}
