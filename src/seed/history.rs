//! A year (and a little more) of history for the analytics' demo: owners who
//! came for service with amounts and survey answers, complaints with their SLA
//! outcomes and ratings, leads through the stages with sources and lost
//! reasons, points earned, redeemed and expired, recall repairs. Written with
//! plain inserts in one transaction (the real paths would stamp everything
//! "now"); deterministic, as every choice comes from a hash of its indexes.

use super::people::DEMO_PASSWORD;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::types::Vin;
use sqlx::{Any, Transaction};

/// Owners with history, each with one car.
const OWNERS: usize = 60;
/// Months of history, the oldest first reached by the owners who drifted away.
const MONTHS: i64 = 16;
const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;

type Tx = Transaction<'static, Any>;

/// A fixed pseudo-random number for a tuple of indexes (splitmix64).
fn mix(parts: &[i64]) -> i64 {
    let mut z =
        parts.iter().fold(0x9E37_79B9_7F4A_7C15_u64, |acc, p| acc.rotate_left(7) ^ (*p as u64).wrapping_add(acc));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 1) as i64
}

fn moment(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn pick<T: Copy>(list: &[T], parts: &[i64]) -> T {
    list[(mix(parts) as usize) % list.len()]
}

const NAMES: [&str; 12] =
    ["张伟", "王静", "李娜", "刘强", "陈晨", "杨洋", "赵敏", "黄磊", "周杰", "吴倩", "徐浩", "孙悦"];
const CATEGORIES: [&str; 7] =
    ["dealer_service", "dealer_service", "product_quality", "parts", "billing", "staff_conduct", "app_website"];
const CHANNELS: [&str; 5] = ["portal", "phone", "phone", "wechat", "email"];
const SOURCES: [&str; 7] = ["search", "social", "friend", "dealer", "event", "advert", "search"];
const LOST: [&str; 6] =
    ["price", "competitor_model", "delivery_time", "financing", "no_longer_interested", "competitor_model"];
const COMPETITORS: [&str; 4] = ["比亚迪 汉", "特斯拉 Model 3", "小鹏 P7", "蔚来 ET5"];
const SATISFACTION: [i64; 10] = [5, 5, 5, 4, 4, 4, 3, 5, 4, 2];
const RECOMMEND: [i64; 10] = [10, 9, 9, 8, 10, 7, 6, 9, 3, 10];

/// A history owner: their account, their one car and its model, their dealer.
struct Owner {
    id: i64,
    vin: String,
    model: i64,
    dealer: i64,
}

struct World {
    now: i64,
    /// Midnight of today in China, as UTC milliseconds.
    today: i64,
    dealers: Vec<(i64, String)>,
    services: Vec<(i64, i64)>,
    owners: Vec<Owner>,
}

pub(super) async fn seed_history(db: &Db, clock: &dyn Clock) -> Result<(), DomainError> {
    let now = clock.now().timestamp_millis();
    let today = (now + 8 * HOUR).div_euclid(DAY) * DAY - 8 * HOUR;
    let hash = crate::account::password_hash::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = db.begin_write().await?;
    let dealers: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, city_zh FROM dealers ORDER BY id").fetch_all(&mut *tx).await?;
    let services: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, minutes FROM service_types ORDER BY id").fetch_all(&mut *tx).await?;
    let owners = owners(&mut tx, &hash, &dealers, now).await?;
    let w = World { now, today, dealers, services, owners };
    visits(&mut tx, &w).await?;
    complaints(&mut tx, &w).await?;
    leads(&mut tx, &w).await?;
    recalls(&mut tx, &w).await?;
    tx.commit().await?;
    Ok(())
}

async fn owners(tx: &mut Tx, hash: &str, dealers: &[(i64, String)], now: i64) -> Result<Vec<Owner>, DomainError> {
    let models: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM car_models ORDER BY id").fetch_all(&mut **tx).await?;
    let mut owners = Vec::with_capacity(OWNERS);
    for n in 0..OWNERS {
        let since = now - (MONTHS + 6) * 30 * DAY;
        let name = format!("{}{}", NAMES[n % NAMES.len()], n + 1);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (mobile, password_hash, display_name, role, created_at, mobile_verified_at)
             VALUES ($1, $2, $3, 'owner', $4, $4) RETURNING id",
        )
        .bind(format!("1380010{:04}", n + 1))
        .bind(hash)
        .bind(name)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?;
        let (model, code) = &models[n % models.len()];
        let year = 2022 + (n % 3) as i64;
        let year_code = ['N', 'P', 'R'][n % 3];
        let vin = Vin::with_check_digit(&format!("LMV{}0{year_code}H{:06}", super::bulk::model_code(code), n + 1))
            .map_err(|e| DomainError::Database(sqlx::Error::Protocol(format!("history VIN: {e}"))))?;
        let dealer = dealers[n % dealers.len()].0;
        sqlx::query(
            "INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date, selling_dealer_id)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(vin.as_str())
        .bind(*model)
        .bind(year)
        .bind(format!("{}-02-01", year - 1))
        .bind(format!("{}-05-20", year - 1))
        .bind(dealer)
        .execute(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at, basis) VALUES ($1, $2, $3, 'legacy')")
            .bind(vin.as_str())
            .bind(id)
            .bind(since)
            .execute(&mut **tx)
            .await?;
        owners.push(Owner { id, vin: vin.as_str().to_owned(), model: *model, dealer });
    }
    Ok(owners)
}

/// Service visits: about one owner in two comes each month; one in seven has
/// drifted away (nothing in the last twelve months). Completed visits earn
/// points (a quarter redeemed a month later) and get a survey three days on.
async fn visits(tx: &mut Tx, w: &World) -> Result<(), DomainError> {
    let mut balances = vec![0i64; w.owners.len()];
    for (n, Owner { id: owner, vin, dealer, .. }) in w.owners.iter().enumerate() {
        let n = n as i64;
        let drifted = n % 7 == 0;
        for month in 0..MONTHS {
            let comes = if drifted { month >= 12 && month % 2 == 0 } else { mix(&[n, month, 1]) % 2 == 0 };
            if !comes {
                continue;
            }
            let day = month * 30 + 1 + mix(&[n, month, 2]) % 28;
            let starts = w.today - day * DAY + (9 + mix(&[n, month, 3]) % 7) * HOUR;
            let (service, minutes) = pick(&w.services, &[n, month, 4]);
            let ends = starts + minutes * MINUTE;
            let roll = mix(&[n, month, 5]) % 100;
            let status = match roll {
                0..=6 => "no_show",
                7..=13 => "cancelled",
                _ => "completed",
            };
            let completed = (status == "completed").then_some(ends);
            let amount = completed.map(|_| 30_000 + mix(&[n, month, 6]) % 250_000);
            let booking: i64 = sqlx::query_scalar(
                "INSERT INTO bookings (owner_id, vin, dealer_id, service_type_id, starts_at, ends_at, bays, status,
                                       channel, idempotency_key, checked_in_at, completed_at, amount_fen, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(*owner)
            .bind(vin)
            .bind(*dealer)
            .bind(service)
            .bind(starts)
            .bind(ends)
            .bind(status)
            .bind(pick(&["portal", "portal", "phone"], &[n, month, 7]))
            .bind(format!("history-{n}-{month}"))
            .bind(completed.map(|_| starts))
            .bind(completed)
            .bind(amount)
            .bind(starts - 5 * DAY)
            .fetch_one(&mut **tx)
            .await?;
            let (Some(done), Some(amount)) = (completed, amount) else { continue };
            survey(tx, w, booking, *owner, *dealer, done, &[n, month]).await?;
            balances[n as usize] += points(tx, w, *owner, booking, done, amount, drifted).await?;
        }
    }
    for (Owner { id: owner, .. }, balance) in w.owners.iter().zip(balances) {
        let tier = match balance {
            1_500.. => "platinum",
            600.. => "gold",
            _ => "silver",
        };
        sqlx::query("INSERT INTO loyalty_accounts (owner_id, balance, tier, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(*owner)
            .bind(balance)
            .bind(tier)
            .bind(w.now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn survey(
    tx: &mut Tx,
    w: &World,
    booking: i64,
    owner: i64,
    dealer: i64,
    done: i64,
    key: &[i64],
) -> Result<(), DomainError> {
    let sent = done + 3 * DAY;
    if sent > w.now {
        return Ok(());
    }
    let answered = mix(&[key[0], key[1], 8]) % 10 < 7;
    // The third dealer's customers are a little less happy: the charts differ.
    let worse = i64::from(w.dealers.get(2).is_some_and(|d| d.0 == dealer) && mix(&[key[0], key[1], 9]) % 3 == 0);
    let satisfaction = answered.then(|| (pick(&SATISFACTION, &[key[0], key[1], 10]) - worse).max(1));
    let recommend = answered.then(|| (pick(&RECOMMEND, &[key[0], key[1], 11]) - 3 * worse).max(0));
    sqlx::query(
        "INSERT INTO surveys (booking_id, owner_id, dealer_id, sent_at, satisfaction, recommend, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(booking)
    .bind(owner)
    .bind(dealer)
    .bind(sent)
    .bind(satisfaction)
    .bind(recommend)
    .bind(answered.then_some(sent + DAY))
    .execute(&mut **tx)
    .await?;
    if !answered {
        // Care called the owner who did not answer, as the daily run asks.
        sqlx::query(
            "INSERT INTO care_tasks (kind, dealer_id, owner_id, booking_id, created_at, done_at, outcome)
             VALUES ('survey_no_answer', $1, $2, $3, $4, $5, '已回访')",
        )
        .bind(dealer)
        .bind(owner)
        .bind(booking)
        .bind(sent + 4 * DAY)
        .bind(sent + 5 * DAY)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One point per ¥10 spent; returns what stays on the balance.
async fn points(
    tx: &mut Tx,
    w: &World,
    owner: i64,
    booking: i64,
    done: i64,
    amount: i64,
    drifted: bool,
) -> Result<i64, DomainError> {
    let earned = (amount / 1_000).max(1);
    // A drifted owner's points lapsed a year after the visit; a quarter of the
    // others' lots were spent on a reward a month later.
    let expired_at = (drifted && done + 365 * DAY <= w.now).then_some(done + 365 * DAY);
    let redeemed_at = (!drifted && booking % 4 == 0 && done + 30 * DAY <= w.now).then_some(done + 30 * DAY);
    let spent = expired_at.or(redeemed_at);
    let expires = expired_at.unwrap_or(done + 730 * DAY);
    let source = format!("booking:{booking}");
    let remaining = if spent.is_some() { 0 } else { earned };
    let earn =
        Entry { owner, amount: earned, kind: "earn", source: &source, expires: Some(expires), remaining, at: done };
    ledger(tx, earn).await?;
    if let Some(at) = expired_at {
        ledger(tx, Entry { amount: -earned, kind: "expire", expires: None, remaining: 0, at, ..earn }).await?;
    } else if let Some(at) = redeemed_at {
        let source = format!("history-reward:{booking}");
        ledger(tx, Entry { amount: -earned, kind: "redeem", source: &source, expires: None, remaining: 0, at, ..earn })
            .await?;
    }
    Ok(if spent.is_some() { 0 } else { earned })
}

/// One ledger line.
#[derive(Clone, Copy)]
struct Entry<'a> {
    owner: i64,
    amount: i64,
    kind: &'static str,
    source: &'a str,
    expires: Option<i64>,
    remaining: i64,
    at: i64,
}

async fn ledger(tx: &mut Tx, e: Entry<'_>) -> Result<(), DomainError> {
    let Entry { owner, amount, kind, source, expires, remaining, at } = e;
    sqlx::query(
        "INSERT INTO loyalty_ledger (owner_id, amount, kind, rule, source, idempotency_key, expires_at, remaining, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(owner)
    .bind(amount)
    .bind(kind)
    .bind((kind == "earn").then_some("service"))
    .bind(source)
    .bind(format!("history:{kind}:{source}"))
    .bind(expires)
    .bind(remaining)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// About six complaints a month before this one: most answered in time,
/// some late, all resolved and closed (the care queue keeps the demo's own
/// open case); a few reopened on the way; most rated.
async fn complaints(tx: &mut Tx, w: &World) -> Result<(), DomainError> {
    for month in 1..=12 {
        for k in 0..6 {
            let key = [month, k, 20];
            let Owner { id: owner, vin, dealer, .. } = &w.owners[(mix(&key) as usize) % w.owners.len()];
            let created = w.today - (month * 30 + mix(&[month, k, 21]) % 28) * DAY + 10 * HOUR;
            let (response_due, resolution_due) = (created + 1_440 * MINUTE, created + 10_080 * MINUTE);
            let responded = created + (30 + mix(&[month, k, 22]) % 1_800) * MINUTE;
            let resolved = created + (240 + mix(&[month, k, 23]) % 13_000) * MINUTE;
            let rated = (mix(&[month, k, 24]) % 10 < 6).then_some(resolved + DAY);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO cases (owner_id, kind, category, title, description, vin, dealer_id, priority, status, channel,
                                    opened_by, response_due, resolution_due, responded_at, resolved_at, closed_at,
                                    response_breached, resolution_breached, rating, rated_at, created_at)
                 VALUES ($1, 'complaint', $2, $3, $4, $5, $6, 'normal', 'closed', $7, $1, $8, $9, $10, $11, $12, $13, $14,
                         $15, $16, $17)
                 RETURNING id",
            )
            .bind(*owner)
            .bind(pick(&CATEGORIES, &[month, k, 25]))
            .bind("服务体验反馈")
            .bind("到店保养等待时间过长，交车时间比承诺晚了两个小时。")
            .bind(vin)
            .bind(*dealer)
            .bind(pick(&CHANNELS, &[month, k, 26]))
            .bind(response_due)
            .bind(resolution_due)
            .bind(responded)
            .bind(resolved)
            .bind(resolved + 14 * DAY)
            .bind(i64::from(responded > response_due))
            .bind(i64::from(resolved > resolution_due))
            .bind(rated.map(|_| pick(&SATISFACTION, &[month, k, 27])))
            .bind(rated)
            .bind(created)
            .fetch_one(&mut **tx)
            .await?;
            if mix(&[month, k, 28]) % 10 == 0 {
                let (case, at) = (crate::history::Subject::Case(id), moment(resolved + DAY));
                crate::history::record(tx, case, at, Some(*owner), "reopen", "").await?;
            }
        }
    }
    Ok(())
}

/// About twenty-five leads a month before this one at the dealers: contacted
/// mostly within the promised two hours, through the stages, then won or lost
/// (the board keeps the demo's own open leads).
async fn leads(tx: &mut Tx, w: &World) -> Result<(), DomainError> {
    use crate::lead::Stage;
    let models: Vec<i64> = sqlx::query_scalar("SELECT id FROM car_models ORDER BY id").fetch_all(&mut **tx).await?;
    let open = [Stage::New, Stage::Contacted, Stage::TestDriveBooked, Stage::TestDriveDone, Stage::Negotiating];
    let mut won_cars = w.owners.iter();
    for month in 1..=12 {
        for k in 0..25 {
            let i = month * 25 + k;
            let (dealer, city) = &w.dealers[(mix(&[i, 30]) as usize) % w.dealers.len()];
            let created = w.today - (month * 30 + mix(&[i, 31]) % 28) * DAY + (9 + mix(&[i, 32]) % 9) * HOUR;
            let contact_due = created + 2 * HOUR;
            let contacted = (mix(&[i, 33]) % 10 < 9).then(|| created + (5 + mix(&[i, 34]) % 200) * MINUTE);
            // How far it got, then how it ended.
            let got = if contacted.is_some() { 1 + (mix(&[i, 35]) % 4) as usize } else { 0 };
            let ending = mix(&[i, 36]) % 10;
            let won = if ending <= 2 && got >= 2 { won_cars.next() } else { None };
            let stage = if won.is_some() { Stage::Won } else { Stage::Lost };
            let lost_reason = (stage == Stage::Lost).then(|| pick(&LOST, &[i, 37]));
            let competitor = lost_reason.filter(|r| *r == "competitor_model").map(|_| pick(&COMPETITORS, &[i, 38]));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO leads (kind, dealer_id, model_id, name, mobile, city, source, stage, lost_reason, competitor,
                                    won_vin, owner_id, status_token, contact_due_at, first_contact_at, created_at,
                                    updated_at, closed_at)
                 VALUES ('test_drive', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                 RETURNING id",
            )
            .bind(*dealer)
            .bind(pick(&models, &[i, 39]))
            .bind(format!("意向客户{}", i + 1))
            .bind(format!("1370010{:04}", i + 1))
            .bind(city)
            .bind(pick(&SOURCES, &[i, 40]))
            .bind(stage.as_str())
            .bind(lost_reason)
            .bind(competitor)
            .bind(won.map(|o| o.vin.clone()))
            .bind(won.map(|o| o.id))
            .bind(format!("history{i:025}"))
            .bind(contact_due)
            .bind(contacted)
            .bind(created)
            .bind(created + 7 * DAY)
            .bind(created + 20 * DAY)
            .fetch_one(&mut **tx)
            .await?;
            // The furthest stage a lost lead reached, as its history says.
            if stage == Stage::Lost && got > 0 {
                sqlx::query(
                    "INSERT INTO lead_events (lead_id, at, actor_id, kind, detail) VALUES ($1, $2, NULL, 'moved', $3)",
                )
                .bind(id)
                .bind(created + 3 * DAY)
                .bind(open[got].as_str())
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// Recall repairs on the history's cars of the recalled models: most within
/// the brand's 90 days, some later.
async fn recalls(tx: &mut Tx, w: &World) -> Result<(), DomainError> {
    let campaigns: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.opened_on, m.model_id FROM campaigns c JOIN campaign_models m ON m.campaign_id = c.id
         WHERE c.kind = 'recall'",
    )
    .fetch_all(&mut **tx)
    .await?;
    let today = crate::zone::local_date(crate::zone::CHINA, moment(w.today + 8 * HOUR));
    for (campaign, opened, model) in campaigns {
        let Ok(opened) = crate::db::date_column(&opened) else { continue };
        for (n, Owner { vin, dealer, model: car_model, .. }) in w.owners.iter().enumerate() {
            if *car_model != model || n % 3 == 2 {
                continue;
            }
            let done = opened + chrono::Duration::days(10 + mix(&[campaign, n as i64, 50]) % 130);
            if done > today {
                continue;
            }
            sqlx::query(
                "INSERT INTO campaign_completions (campaign_id, vin, completed_on, dealer_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(campaign)
            .bind(vin)
            .bind(done.to_string())
            .bind(*dealer)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
