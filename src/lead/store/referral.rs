//! An owner's referral code (made the first time they ask) and what it has
//! brought: test drives requested with it, and sales credited.

use crate::account::UserId;
use crate::db::{is_unique_violation, Db};
use crate::error::DomainError;
use crate::lead::views::Referral;
use crate::types::ReferralCode;

pub async fn my_referral(db: &Db, owner: UserId) -> Result<Referral, DomainError> {
    let pool = db.pool();
    let mut code: Option<String> =
        sqlx::query_scalar("SELECT referral_code FROM users WHERE id = $1").bind(owner).fetch_one(pool).await?;
    // A collision in 31^8 codes is rare; a few tries settle it.
    for _ in 0..5 {
        if code.is_some() {
            break;
        }
        let fresh = ReferralCode::fresh();
        match sqlx::query("UPDATE users SET referral_code = $1 WHERE id = $2 AND referral_code IS NULL")
            .bind(fresh.as_str())
            .bind(owner)
            .execute(pool)
            .await
        {
            Ok(_) => {
                code = sqlx::query_scalar("SELECT referral_code FROM users WHERE id = $1")
                    .bind(owner)
                    .fetch_one(pool)
                    .await?
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let code = code.ok_or(DomainError::NotFound)?;
    let (requests, credited): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM leads WHERE referrer_id = $1), (SELECT COUNT(*) FROM referral_credits WHERE referrer_id = $1)",
    )
    .bind(owner)
    .fetch_one(pool)
    .await?;
    Ok(Referral { code, requests, credited })
}
