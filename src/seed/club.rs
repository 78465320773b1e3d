//! The club's demo boards (one per model, one per dealer's city), a
//! moderator, and a little conversation and an event — written through the
//! real paths, so the first posts wait for approval and a moderator approves them.

use crate::account::store as accounts;
use crate::clock::{Clock, FixedClock};
use crate::club::event::NewEvent;
use crate::club::moderation::Ruling;
use crate::club::store as club;
use crate::club::{Item, NewComment, NewPost, Status};
use crate::db::Db;
use crate::error::DomainError;
use crate::upload::store::InDatabase;
use chrono::Duration;

pub(super) async fn seed_club(db: &Db, clock: &dyn Clock, people: &[(&str, i64)]) -> Result<(), DomainError> {
    let mut tx = db.begin_write().await?;
    let models: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, code, name_zh, name_en FROM car_models ORDER BY id").fetch_all(&mut *tx).await?;
    for (position, (id, code, zh, en)) in models.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO club_boards (slug, kind, model_id, name_zh, name_en, description_zh, description_en, public, position)
             VALUES ($1, 'model', $2, $3, $4, $5, $6, 1, $7)",
        )
        .bind(format!("model-{}", code.to_lowercase()))
        .bind(id)
        .bind(format!("{zh} 车友"))
        .bind(format!("{en} owners"))
        .bind(format!("{zh} 的用车经验、保养与改装。"))
        .bind(format!("Living with the {en}: care, service and upgrades."))
        .bind(i64::try_from(position).unwrap_or(0) + 10)
        .execute(&mut *tx)
        .await?;
    }
    let cities: Vec<(String, String)> =
        sqlx::query_as("SELECT DISTINCT city_zh, city_en FROM dealers ORDER BY city_en").fetch_all(&mut *tx).await?;
    for (position, (zh, en)) in cities.into_iter().enumerate() {
        // Chapters talk among members: a region's board is not public.
        sqlx::query(
            "INSERT INTO club_boards (slug, kind, name_zh, name_en, description_zh, description_en, public, team_signature, position)
             VALUES ($1, 'region', $2, $3, $4, $5, 0, 1, $6)",
        )
        .bind(format!("region-{}", en.to_lowercase().replace(' ', "-")))
        .bind(format!("{zh}车友会"))
        .bind(format!("{en} chapter"))
        .bind(format!("{zh}地区车主的线下活动与交流。"))
        .bind(format!("Meet-ups and talk among owners around {en}."))
        .bind(i64::try_from(position).unwrap_or(0) + 100)
        .execute(&mut *tx)
        .await?;
    }
    let id_of = |identifier: &str| people.iter().find(|(i, _)| *i == identifier).map(|(_, id)| *id);
    let (Some(moderator), Some(wang), Some(li)) = (id_of("13800000010"), id_of("13800000001"), id_of("13800000002"))
    else {
        return Ok(());
    };
    // The demo moderator looks after every board but one chapter (to show the scope).
    sqlx::query(
        "INSERT INTO club_board_moderators (board_id, user_id)
         SELECT id, $1 FROM club_boards WHERE slug <> (SELECT MAX(slug) FROM club_boards WHERE kind = 'region')",
    )
    .bind(moderator)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    let user = |id| async move { accounts::find(db, id).await?.ok_or(DomainError::NotFound) };
    let (moderator, wang, li) = (user(moderator).await?, user(wang).await?, user(li).await?);
    let board = |slug: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM club_boards WHERE slug = $1").bind(slug).fetch_one(db.pool()).await
    };
    let general = board("general").await?;
    // The conversation happened over the last days, as a demo's would: its
    // members' pace (`club::guard::Pace`) starts from then, not from start-up.
    let then = FixedClock::new(clock.now() - Duration::days(2));
    let post = NewPost::parse(
        &general.to_string(),
        "新车主报到，第一次保养有什么要注意的？",
        "刚提车一个月，想问问大家 **首次保养** 一般在哪家服务中心做？需要提前预约吗？",
    )?;
    let (first, status) = club::post(db, &then, &InDatabase, &wang, post, None, &[], "seed-1").await?;
    if status == Status::Held {
        club::decide(db, &then, &moderator, Item::post(first), Ruling::Approve, "").await?;
    }
    then.advance(Duration::days(1));
    let answer =
        NewComment::parse(first, "", "建议提前在 Pitlane 上预约，浦东服务中心周末很忙。@王芳 记得带上保养手册。")?;
    let (reply, status) = club::comment(db, &then, &li, answer).await?;
    if status == Status::Held {
        club::decide(db, &then, &moderator, Item::comment(reply), Ruling::Approve, "").await?;
    }
    let chapter: Option<i64> =
        sqlx::query_scalar("SELECT MIN(id) FROM club_boards WHERE kind = 'region'").fetch_one(db.pool()).await?;
    if let Some(chapter) = chapter {
        let start = (clock.now() + Duration::days(10)).with_timezone(&crate::zone::CHINA);
        let starts = start.format("%Y-%m-%dT09:30").to_string();
        let ends = start.format("%Y-%m-%dT12:00").to_string();
        let event = NewEvent::parse(&starts, &ends, "滨江大道集合", "20", clock.now())?;
        let post = NewPost::parse(
            &chapter.to_string(),
            "周末滨江自驾与咖啡",
            "一起沿江开一段，终点喝咖啡聊车。名额有限，先到先得！",
        )?;
        club::post(db, clock, &InDatabase, &moderator, post, Some(event), &[], "seed-event").await?;
    }
    Ok(())
}
