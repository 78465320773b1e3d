//! The benchmark's large dataset, added on top of the demo data: owners, their
//! cars and service history, club posts and a loyalty ledger in the proportions
//! a brand of this size would have (`Scale::owners` 100,000 gives 150,000 cars,
//! 550,000 service records, 200,000 posts, 1,000,000 ledger entries). Bulk SQL
//! generates most rows inside the database; only VINs (their check digit) are
//! minted here. Everything lands in one transaction, so a failed run leaves
//! the demo data as it was.

use super::people::DEMO_PASSWORD;
use crate::clock::Clock;
use crate::db::{Db, Engine};
use crate::error::DomainError;
use crate::types::Vin;
use sqlx::{Any, Transaction};

/// How many owners; every other count follows from it.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub owners: i64,
}

/// What the benchmark needs to find in the data it measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkTargets {
    /// A visible post with 200 comments.
    pub busy_post: i64,
    /// The public board holding it.
    pub board_slug: String,
}

/// Bulk owners have mobiles from 1390 1000001 on, which no demo account uses.
const MOBILE_PREFIX: &str = "1390";
const BATCH: usize = 400;

/// Adds the large dataset once: a database that already has it is left alone
/// (`Ok(None)`).
pub async fn seed_bulk(db: &Db, clock: &dyn Clock, scale: Scale) -> Result<Option<BulkTargets>, DomainError> {
    let present: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE mobile LIKE '1390%'").fetch_one(db.pool()).await?;
    if present > 0 {
        return Ok(None);
    }
    let now = clock.now().timestamp_millis();
    let hash = crate::account::password_hash::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = db.pool().begin().await?;
    sqlx::query(&format!(
        "INSERT INTO users (mobile, password_hash, display_name, role, created_at, mobile_verified_at)
         SELECT '{MOBILE_PREFIX}' || CAST(1000000 + n AS TEXT), $2, '车主 ' || CAST(n AS TEXT), 'owner', $3, $3
         FROM ({}) seq",
        sequence("$1")
    ))
    .bind(scale.owners)
    .bind(&hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let owners: Vec<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM users WHERE mobile LIKE '{MOBILE_PREFIX}%' ORDER BY id"))
            .fetch_all(&mut *tx)
            .await?;
    cars(&mut tx, &owners, now).await?;
    service_history(&mut tx, now).await?;
    let targets = club(&mut tx, db.engine(), now).await?;
    ledger(&mut tx, now).await?;
    tx.commit().await?;
    crate::analytics::store::scores::refresh(db, clock.now()).await?;
    // PostgreSQL plans from statistics that a bulk load leaves stale until
    // autovacuum comes round (never, where it is off): the club's index was
    // 82 requests a second on a fresh load and 3,900 after ANALYZE.
    if db.engine() == Engine::Postgres {
        sqlx::query("ANALYZE").execute(db.pool()).await?;
    }
    // The analytics count the large dataset at once (the daily job would at 08:00).
    crate::analytics::store::rollup::rebuild(db, clock.now()).await?;
    Ok(Some(targets))
}

/// `SELECT n FROM …` counting 1 to the bound parameter, on both engines.
fn sequence(upto: &str) -> String {
    format!("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {upto}) SELECT n FROM seq")
}

/// One and a half cars per owner: every owner one, every other owner a second.
async fn cars(tx: &mut Transaction<'static, Any>, owners: &[i64], now: i64) -> Result<(), DomainError> {
    let models: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM car_models ORDER BY id").fetch_all(&mut **tx).await?;
    let dealers: Vec<i64> = sqlx::query_scalar("SELECT id FROM dealers ORDER BY id").fetch_all(&mut **tx).await?;
    let cars: Vec<(usize, i64)> = owners
        .iter()
        .enumerate()
        .flat_map(|(i, owner)| std::iter::once((i, *owner)).chain((i % 2 == 0).then_some((i, *owner))))
        .collect();
    for (batch_no, batch) in cars.chunks(BATCH).enumerate() {
        let mut vehicles = Vec::with_capacity(batch.len());
        for (k, (i, owner)) in batch.iter().enumerate() {
            let n = batch_no * BATCH + k;
            let (model_id, code) = &models[n % models.len()];
            let year = 2021 + (i % 5) as i64;
            let year_code = ['M', 'N', 'P', 'R', 'S'][i % 5];
            let vin = Vin::with_check_digit(&format!("LMV{}0{year_code}B{n:06}", model_code(code)))
                .map_err(|e| DomainError::Database(sqlx::Error::Protocol(format!("bulk VIN: {e}"))))?;
            vehicles.push((vin, *model_id, year, dealers[n % dealers.len()], *owner));
        }
        let rows = vec!["(?, ?, ?, ?, ?, ?)"; vehicles.len()].join(", ");
        let sql = numbered(&format!(
            "INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date, selling_dealer_id) VALUES {rows}"
        ));
        let mut insert = sqlx::query(&sql);
        for (vin, model, year, dealer, _) in &vehicles {
            insert = insert
                .bind(vin.as_str().to_owned())
                .bind(*model)
                .bind(*year)
                .bind(format!("{}-03-01", year - 1))
                .bind(format!("{year}-04-15"))
                .bind(*dealer);
        }
        insert.execute(&mut **tx).await?;
        let rows = vec!["(?, ?, ?, 'legacy')"; vehicles.len()].join(", ");
        let sql = numbered(&format!("INSERT INTO ownerships (vin, owner_id, started_at, basis) VALUES {rows}"));
        let mut insert = sqlx::query(&sql);
        for (vin, _, _, _, owner) in &vehicles {
            insert = insert.bind(vin.as_str().to_owned()).bind(*owner).bind(now);
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The five characters of a model's VIN section (the demo register's scheme).
pub(super) fn model_code(code: &str) -> &'static str {
    match code {
        "X7" => "XB7H4",
        "E3" => "EC3E1",
        "EX9" => "ED9E6",
        _ => "SA5B2",
    }
}

/// `?` placeholders numbered `$1, $2, …` (one SQL text for both engines).
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 2);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// Three dealer visits per bulk car, a fourth for two cars in three.
async fn service_history(tx: &mut Transaction<'static, Any>, now: i64) -> Result<(), DomainError> {
    sqlx::query(
        "INSERT INTO service_records (vin, ownership_id, source, performed_on, mileage_km, work, garage_name, dealer_id, counts_as_service, created_at)
         SELECT o.vin, o.id, 'dealer', visit.day, visit.km, '定期保养 · Scheduled maintenance', d.name_zh, d.id, 1, $1
         FROM ownerships o
         JOIN vehicles v ON v.vin = o.vin
         JOIN dealers d ON d.id = v.selling_dealer_id
         CROSS JOIN (SELECT 1 AS k, '2024-03-12' AS day, 10000 AS km
                     UNION ALL SELECT 2, '2024-09-15', 20000
                     UNION ALL SELECT 3, '2025-03-20', 30000
                     UNION ALL SELECT 4, '2025-09-24', 40000) visit
         WHERE substr(o.vin, 11, 1) = 'B' AND (visit.k < 4 OR o.id % 3 <> 0)",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Two posts per owner over the public boards, newest last; the newest post of
/// the general board gets 200 comments.
async fn club(tx: &mut Transaction<'static, Any>, engine: Engine, now: i64) -> Result<BulkTargets, DomainError> {
    let boards: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, slug FROM club_boards WHERE public = 1 ORDER BY id").fetch_all(&mut **tx).await?;
    // PostgreSQL's board-count trigger would update the same few board rows
    // 200,000 times in this one transaction, each update a new row version
    // the next must walk past (over five minutes); the boards are recounted
    // once below instead. SQLite updates in place and has no such switch.
    if engine == Engine::Postgres {
        sqlx::query("ALTER TABLE club_posts DISABLE TRIGGER club_posts_counted").execute(&mut **tx).await?;
    }
    let count = i64::try_from(boards.len()).unwrap_or(1).max(1);
    for (i, (board, _)) in boards.iter().enumerate() {
        sqlx::query(&format!(
            "INSERT INTO club_posts (board_id, author_id, kind, title, body, body_html, status, approved_at, created_at, last_activity_at)
             SELECT $1, u.id, 'discussion', '用车心得 ' || CAST(u.id AS TEXT) || '-' || CAST(p.n AS TEXT),
                    '一次长途的油耗和充电记录。', '<p>一次长途的油耗和充电记录。</p>', 'visible',
                    $2 - (u.id * 2 + p.n) * 60000, $2 - (u.id * 2 + p.n) * 60000, $2 - (u.id * 2 + p.n) * 60000
             FROM users u CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) p
             WHERE u.mobile LIKE '{MOBILE_PREFIX}%' AND u.id % $3 = $4"
        ))
        .bind(*board)
        .bind(now)
        .bind(count)
        .bind(i64::try_from(i).unwrap_or(0))
        .execute(&mut **tx)
        .await?;
    }
    if engine == Engine::Postgres {
        sqlx::query("ALTER TABLE club_posts ENABLE TRIGGER club_posts_counted").execute(&mut **tx).await?;
        sqlx::query(
            "UPDATE club_boards SET
                 visible_posts = (SELECT COUNT(*) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible'),
                 last_activity_at = (SELECT MAX(p.last_activity_at) FROM club_posts p
                                     WHERE p.board_id = club_boards.id AND p.status = 'visible')",
        )
        .execute(&mut **tx)
        .await?;
    }
    let (board, slug) = boards
        .first()
        .cloned()
        .ok_or_else(|| DomainError::Database(sqlx::Error::Protocol("the demo data has no public board".into())))?;
    let busy_post: i64 = sqlx::query_scalar(
        "SELECT id FROM club_posts WHERE board_id = $1 AND status = 'visible' ORDER BY last_activity_at DESC, id DESC LIMIT 1",
    )
    .bind(board)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO club_comments (post_id, author_id, body, body_html, status, approved_at, created_at)
         SELECT $1, (SELECT MIN(id) FROM users WHERE mobile LIKE '{MOBILE_PREFIX}%') + seq.n, '同感，谢谢分享。',
                '<p>同感，谢谢分享。</p>', 'visible', $2 + seq.n, $2 + seq.n
         FROM ({}) seq",
        sequence("200")
    ))
    .bind(busy_post)
    .bind(now - 3_600_000)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE club_posts SET comment_count = comment_count + 200 WHERE id = $1")
        .bind(busy_post)
        .execute(&mut **tx)
        .await?;
    Ok(BulkTargets { busy_post, board_slug: slug })
}

/// Ten earned lots per owner, and balances that match them (the daily check
/// compares the two).
async fn ledger(tx: &mut Transaction<'static, Any>, now: i64) -> Result<(), DomainError> {
    const DAY: i64 = 86_400_000;
    sqlx::query(&format!(
        "INSERT INTO loyalty_ledger (owner_id, amount, kind, rule, source, idempotency_key, expires_at, remaining, created_at)
         SELECT u.id, 10 * e.n, 'earn', 'post_approved', 'bulk', 'bulk:' || CAST(u.id AS TEXT) || ':' || CAST(e.n AS TEXT),
                $1 + 365 * $2 - e.n * 30 * $2, 10 * e.n, $1 - e.n * 30 * $2
         FROM users u CROSS JOIN ({}) e
         WHERE u.mobile LIKE '{MOBILE_PREFIX}%'",
        sequence("10")
    ))
    .bind(now)
    .bind(DAY)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO loyalty_accounts (owner_id, balance, tier, updated_at)
         SELECT owner_id, SUM(amount), 'silver', $1 FROM loyalty_ledger WHERE source = 'bulk' GROUP BY owner_id",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
