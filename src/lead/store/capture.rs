//! Capture: the test-drive form's choices and offers, a prospect's request
//! (throttled, de-duplicated, assigned round-robin, with a demo car taken when
//! a slot was picked) and an owner's trade-in request.

use super::shared::drive::take_car;
use super::shared::{assigned, event, next_on_duty, reload, status_link, text_prospect, LeadRow, Tx};
use crate::account::{DealerId, Role, Staff, UserId};
use crate::booking::store::dealer_plan;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, Problem, Throttle};
use crate::fact::Fact;
use crate::lead::views::{ModelChoice, RequestChoices};
use crate::lead::{
    drive_offers, first_contact_due, repeats, DriveOffer, EventKind, Kind, Source, Submission, TestDriveRequest,
    TradeInAsk, When,
};
use crate::notify::Notice;
use crate::types::{Origin, ReferralCode};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// Requests one client address may send per hour, and one mobile per day:
/// enough for a family sharing a connection or a prospect changing their mind.
pub const PER_ADDRESS_PER_HOUR: i64 = 10;
pub const PER_MOBILE_PER_DAY: i64 = 5;

/// The form's choices; `city` puts its dealers first, `picked` (dealer, model)
/// adds the hours with a demo car free, `referral` names the referring owner.
pub async fn request_choices(
    db: &Db,
    clock: &dyn Clock,
    city: &str,
    picked: Option<(DealerId, i64)>,
    referral: &str,
) -> Result<RequestChoices, DomainError> {
    let pool = db.pool();
    let models = crate::dealer::model_names(db).await?;
    let mut dealers = crate::dealer::list(db).await?;
    crate::dealer::in_city_first(&mut dealers, city);
    let mut cities: Vec<(String, String)> = dealers.iter().map(|d| (d.city_zh.clone(), d.city_en.clone())).collect();
    cities.sort();
    cities.dedup();
    let offers = match picked {
        Some((dealer, model)) => drive_offers_for(db, dealer, model, None, clock.now()).await?,
        None => Vec::new(),
    };
    let referrer = if let Ok(code) = ReferralCode::parse(referral) {
        sqlx::query_scalar("SELECT display_name FROM users WHERE referral_code = $1")
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
    } else {
        None
    };
    Ok(RequestChoices {
        models: models.into_iter().map(|(id, name_zh, name_en)| ModelChoice { id, name_zh, name_en }).collect(),
        dealers,
        cities,
        offers,
        referrer,
    })
}

/// The hours in the next two weeks with a demo car of `model` free at `dealer`
/// (`lead`'s own booked drive counts as free: it may keep or move its hour).
pub async fn drive_offers_for(
    db: &Db,
    dealer: DealerId,
    model: i64,
    lead: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<DriveOffer>, DomainError> {
    let plan = dealer_plan(db, dealer).await?;
    let cars: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM demo_cars WHERE dealer_id = $1 AND model_id = $2 AND active = 1")
            .bind(dealer)
            .bind(model)
            .fetch_one(db.pool())
            .await?;
    let taken: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT d.starts_at, COUNT(*) FROM test_drives d JOIN demo_cars c ON c.id = d.demo_car_id
         WHERE c.dealer_id = $1 AND c.model_id = $2 AND c.active = 1 AND d.status <> 'cancelled' AND d.starts_at >= $3
           AND d.lead_id <> $4
         GROUP BY d.starts_at",
    )
    .bind(dealer)
    .bind(model)
    .bind(now.timestamp_millis())
    .bind(lead.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    let taken: HashMap<i64, u32> =
        taken.into_iter().map(|(at, n)| (at, u32::try_from(n).unwrap_or(u32::MAX))).collect();
    let cars = u32::try_from(cars).unwrap_or(0);
    let today = crate::zone::local_date(plan.zone, now);
    Ok((0..=crate::lead::drive::HORIZON_DAYS)
        .flat_map(|d| {
            let day = today + Duration::days(d);
            drive_offers(day, plan.hours_on(day), plan.zone, cars, &taken, now)
        })
        .collect())
}

/// Takes a prospect's request: throttled per address and per mobile, then
/// either notes it on their open lead for the model (active in the last 30
/// days) or makes a new lead, assigned round-robin, with the demo car taken for
/// a chosen hour. The private link goes to the mobile by SMS; the browser gets
/// it back only for the lead this request made (`Some(token)`): a repeat is
/// noted on a lead someone else may have made, so whoever merely knows a
/// number cannot open (or cancel) it, and a robot gets `None` too.
pub async fn request_test_drive(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    submission: Submission,
    client: &str,
    locale: &str,
) -> Result<Option<String>, DomainError> {
    let now = clock.now();
    crate::rate_limit::hit(
        db,
        (Throttle::TestDrive, "test_drive_address"),
        client,
        now,
        PER_ADDRESS_PER_HOUR,
        Duration::hours(1),
    )
    .await?;
    let Submission::Person(request) = submission else {
        return Ok(None);
    };
    crate::rate_limit::hit(
        db,
        (Throttle::TestDrive, "test_drive_mobile"),
        request.mobile.as_str(),
        now,
        PER_MOBILE_PER_DAY,
        Duration::days(1),
    )
    .await?;
    let (lead, made) = capture(db, origin, &request, locale, now).await?;
    Ok(made.then_some(lead.status_token))
}

/// A caller with no account whom staff met on the hotline or in the showroom
/// (`lead::caller_request`): the same lead a prospect's request makes, at a
/// dealer the desk covers, the prospect texted their status link likewise.
/// Staff are not throttled. Answers with the lead.
pub async fn take_caller(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    staff: &Staff,
    request: TestDriveRequest,
) -> Result<i64, DomainError> {
    if !staff.desk.covers(request.dealer) {
        return Err(DomainError::invalid(Field::Dealer, Problem::UnknownChoice));
    }
    let (lead, _) = capture(db, origin, &request, "zh-CN", clock.now()).await?;
    Ok(lead.id)
}

/// A lead another system sends through the integration API (the call
/// centre's hotline, a showroom's system, a campaign's or a partner's list),
/// the caller having checked the dealer is the key's to reach: the same lead
/// a prospect's request makes, deduplicated alike. The lead, and whether it
/// is new (else the request was noted on the mobile's open lead).
pub async fn take_from_system(
    db: &Db,
    clock: &dyn Clock,
    origin: &Origin,
    request: TestDriveRequest,
) -> Result<(i64, bool), DomainError> {
    let (lead, made) = capture(db, origin, &request, "zh-CN", clock.now()).await?;
    Ok((lead.id, made))
}

/// Where a lead stands, for the system that sent it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Standing {
    pub id: i64,
    pub dealer_id: DealerId,
    pub stage: String,
    pub source: String,
    pub lost_reason: Option<String>,
    pub won_vin: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn standing(db: &Db, id: i64) -> Result<Option<Standing>, DomainError> {
    Ok(sqlx::query_as(
        "SELECT id, dealer_id, stage, source, lost_reason, won_vin, created_at, updated_at FROM leads WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

/// A request as a lead: noted on the mobile's open lead for the model (active
/// in the last 30 days), else a new one, assigned round-robin, with the demo
/// car taken for a chosen hour. True when the lead is new.
async fn capture(
    db: &Db,
    origin: &Origin,
    request: &TestDriveRequest,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<(LeadRow, bool), DomainError> {
    let pool = db.pool();
    let model_known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM car_models WHERE id = $1").bind(request.model).fetch_optional(pool).await?;
    model_known.ok_or(DomainError::invalid(Field::Model, Problem::UnknownChoice))?;
    if let When::Slot(at) = request.when {
        let offered = drive_offers_for(db, request.dealer, request.model, None, now).await?;
        if !offered.iter().any(|o| o.starts_at == at) {
            return Err(DomainError::invalid(Field::Slot, Problem::SlotUnavailable));
        }
    } else {
        crate::dealer::find(db, request.dealer)
            .await?
            .ok_or(DomainError::invalid(Field::Dealer, Problem::UnknownChoice))?;
    }
    let referrer = referrer(db, request).await?;
    let due = contact_due(db, request.dealer, now).await?;
    let mut tx = db.begin_write().await?;
    db.lock_dealer(&mut tx, request.dealer).await?;
    // Locked and re-checked on PostgreSQL: a lead won or lost meanwhile is no longer open.
    let lock = db.for_update();
    let earlier: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT id, updated_at FROM leads
         WHERE mobile = $1 AND model_id = $2 AND kind = 'test_drive' AND stage NOT IN ('won', 'lost')
         ORDER BY id DESC LIMIT 1{lock}"
    ))
    .bind(request.mobile.as_str())
    .bind(request.model)
    .fetch_optional(&mut *tx)
    .await?;
    let repeat = earlier.filter(|(_, at)| DateTime::from_timestamp_millis(*at).is_some_and(|at| repeats(at, now)));
    let (lead, made) = match repeat {
        Some((id, _)) => (noted_again(&mut tx, id, request, now).await?, false),
        None => {
            let lead = new_lead(&mut tx, request, (referrer, due), locale, &fresh_token(), now).await?;
            if let When::Slot(at) = request.when {
                take_car(&mut tx, &lead, at, now).await?;
            }
            (lead, true)
        }
    };
    let link = status_link(origin, &lead.status_token);
    text_prospect(&mut tx, &lead, Notice::TestDriveReceived { name: lead.name.clone(), link }, now).await?;
    tx.commit().await?;
    Ok((lead, made))
}

/// When a lead that arrives now at `dealer` is due its first call: in the
/// dealer's opening hours and closed dates, or the usual sales hours where it
/// has none on record.
async fn contact_due(db: &Db, dealer: DealerId, now: DateTime<Utc>) -> Result<DateTime<Utc>, DomainError> {
    let plan = dealer_plan(db, dealer).await?;
    Ok(if plan.hours.iter().all(Option::is_none) {
        first_contact_due(now, plan.zone, crate::lead::usual_hours)
    } else {
        first_contact_due(now, plan.zone, |day| plan.hours_on(day))
    })
}

/// The owner behind a referral code: a code nobody has (or a member of staff
/// has: staff refer no one) is a field error (a typo the prospect can fix); an
/// owner referring their own mobile earns nothing.
async fn referrer(db: &Db, request: &TestDriveRequest) -> Result<Option<UserId>, DomainError> {
    let Some(code) = &request.referral else { return Ok(None) };
    let owner: Option<(i64, Option<String>, String)> = if let Ok(code) = ReferralCode::parse(code) {
        sqlx::query_as("SELECT id, mobile, role FROM users WHERE referral_code = $1")
            .bind(code.as_str())
            .fetch_optional(db.pool())
            .await?
    } else {
        None
    };
    let (id, mobile, _) = owner
        .filter(|(_, _, role)| Role::parse(role).is_some_and(Role::may_refer))
        .ok_or(DomainError::invalid(Field::Referral, Problem::UnknownChoice))?;
    Ok((mobile.as_deref() != Some(request.mobile.as_str())).then_some(id))
}

/// 32 random letters and digits: as hard to guess as a session id.
fn fresh_token() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32)
}

async fn new_lead(
    tx: &mut Tx,
    request: &TestDriveRequest,
    (referrer, due): (Option<UserId>, DateTime<Utc>),
    locale: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LeadRow, DomainError> {
    let handler = next_on_duty(tx, request.dealer).await?;
    let part_of_day = match request.when {
        When::PartOfDay(p) => Some(p.as_str()),
        When::Slot(_) => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO leads (kind, dealer_id, model_id, name, mobile, city, source, locale, part_of_day, referrer_id,
                            handler_id, stage, status_token, contact_due_at, next_action, next_action_due,
                            created_at, updated_at)
         VALUES ('test_drive', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11, $12, 'call', $12, $13, $13)
         RETURNING id",
    )
    .bind(request.dealer)
    .bind(request.model)
    .bind(request.name.as_str())
    .bind(request.mobile.as_str())
    .bind(&request.city)
    .bind(request.source.as_str())
    .bind(if locale == "en" { "en" } else { "zh-CN" })
    .bind(part_of_day)
    .bind(referrer)
    .bind(handler)
    .bind(token)
    .bind(due.timestamp_millis())
    .bind(now.timestamp_millis())
    .fetch_one(&mut **tx)
    .await?;
    let created = Fact::LeadCreated { lead: id, dealer: request.dealer, kind: Kind::TestDrive, source: request.source };
    crate::fact::store::emit(tx, created, now).await?;
    event(tx, id, None, EventKind::Created, request.source.as_str(), now).await?;
    if let Some(handler) = handler {
        assigned(tx, id, None, handler, now).await?;
    }
    Ok(reload(tx, id).await?)
}

/// A repeated request changes nothing the prospect set before (whoever sent
/// it may only know the number, so not the referral either: that is the first
/// request's): the new wish goes into the history for the handler, and the
/// lead counts as active.
async fn noted_again(
    tx: &mut Tx,
    id: i64,
    request: &TestDriveRequest,
    now: DateTime<Utc>,
) -> Result<LeadRow, DomainError> {
    sqlx::query("UPDATE leads SET updated_at = $1 WHERE id = $2")
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let wish = match request.when {
        When::Slot(at) => crate::zone::wall_clock(crate::zone::CHINA, at),
        When::PartOfDay(part) => part.as_str().to_owned(),
    };
    let dealer: String = sqlx::query_scalar("SELECT name_zh FROM dealers WHERE id = $1")
        .bind(request.dealer)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_default();
    let detail = format!("{} · {dealer} · {wish}", request.name.as_str());
    event(tx, id, None, EventKind::Repeated, &detail, now).await?;
    Ok(reload(tx, id).await?)
}

/// An owner asks for a trade-in offer on their car towards a new model: a lead
/// at the chosen dealer carrying the car as it is today (model year, mileage,
/// services). Asking again for the same car while a request is open returns it.
pub async fn request_trade_in(
    db: &Db,
    clock: &dyn Clock,
    owner: UserId,
    ask: TradeInAsk,
    locale: &str,
) -> Result<String, DomainError> {
    let now = clock.now();
    let pool = db.pool();
    let car: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT v.model_year, v.mileage_km FROM vehicles v JOIN ownerships o ON o.vin = v.vin
         WHERE v.vin = $1 AND o.owner_id = $2 AND o.ended_at IS NULL",
    )
    .bind(ask.vin.as_str())
    .bind(owner)
    .fetch_optional(pool)
    .await?;
    let (year, mileage) = car.ok_or(DomainError::NotFound)?;
    let (name, mobile): (String, Option<String>) =
        sqlx::query_as("SELECT display_name, mobile FROM users WHERE id = $1").bind(owner).fetch_one(pool).await?;
    let mobile = mobile.ok_or(DomainError::invalid(Field::Mobile, Problem::ChannelUnreachable))?;
    let dealer = crate::dealer::find(db, ask.dealer)
        .await?
        .ok_or(DomainError::invalid(Field::Dealer, Problem::UnknownChoice))?;
    let model_known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM car_models WHERE id = $1").bind(ask.model).fetch_optional(pool).await?;
    model_known.ok_or(DomainError::invalid(Field::Model, Problem::UnknownChoice))?;
    let (services, last_service): (i64, Option<String>) =
        sqlx::query_as("SELECT COUNT(*), MAX(performed_on) FROM service_records WHERE vin = $1")
            .bind(ask.vin.as_str())
            .fetch_one(pool)
            .await?;
    let due = contact_due(db, dealer.id, now).await?;
    let mut tx = db.begin_write().await?;
    db.lock_dealer(&mut tx, dealer.id).await?;
    let open: Option<String> = sqlx::query_scalar(
        "SELECT status_token FROM leads WHERE trade_vin = $1 AND owner_id = $2 AND stage NOT IN ('won', 'lost')",
    )
    .bind(ask.vin.as_str())
    .bind(owner)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(token) = open {
        return Ok(token);
    }
    let handler = next_on_duty(&mut tx, dealer.id).await?;
    let token = fresh_token();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO leads (kind, dealer_id, model_id, name, mobile, city, source, locale, owner_id, trade_vin,
                            trade_year, trade_mileage_km, trade_services, trade_last_service, handler_id, stage,
                            status_token, contact_due_at, next_action, next_action_due, created_at, updated_at)
         VALUES ('trade_in', $1, $2, $3, $4, $5, 'other', $6, $7, $8, $9, $10, $11, $12, $13, 'new', $14, $15, 'call', $15,
                 $16, $16)
         RETURNING id",
    )
    .bind(dealer.id)
    .bind(ask.model)
    .bind(&name)
    .bind(&mobile)
    .bind(&dealer.city_zh)
    .bind(if locale == "en" { "en" } else { "zh-CN" })
    .bind(owner)
    .bind(ask.vin.as_str())
    .bind(year)
    .bind(mileage)
    .bind(services)
    .bind(last_service)
    .bind(handler)
    .bind(&token)
    .bind(due.timestamp_millis())
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    let created = Fact::LeadCreated { lead: id, dealer: dealer.id, kind: Kind::TradeIn, source: Source::Other };
    crate::fact::store::emit(&mut tx, created, now).await?;
    event(&mut tx, id, Some(owner), EventKind::Created, Kind::TradeIn.as_str(), now).await?;
    if let Some(handler) = handler {
        assigned(&mut tx, id, None, handler, now).await?;
    }
    tx.commit().await?;
    Ok(token)
}
