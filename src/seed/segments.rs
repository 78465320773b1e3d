//! The demo's saved segments: the analyst's (the brand's desk) and the
//! Shanghai workshop's, so the segments page opens on real counts.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::segment::{FilterForm, NewSegment};

pub(super) async fn seed_segments(db: &Db, clock: &dyn Clock) -> Result<(), DomainError> {
    let saved = [
        ("analyst@meridian-motors.cn", "流失风险客户", "at_risk=true"),
        ("analyst@meridian-motors.cn", "重要挽留客户", "rfm=important_retain"),
        ("analyst@meridian-motors.cn", "同意营销且有未完成召回", "consent=true&recall=true"),
        ("advisor.sh@meridian-motors.cn", "本店流失风险客户", "at_risk=true"),
    ];
    for (email, name, filter) in saved {
        let id: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(db.pool()).await?;
        let user = crate::account::store::find(db, id).await?;
        let staff = user.and_then(|u| u.as_staff()).ok_or(DomainError::NotFound)?;
        let segment = NewSegment::parse(name, &FilterForm::from_query(filter))?;
        crate::segment::store::save(db, clock.now(), staff, &segment).await?;
    }
    Ok(())
}
