//! Reading leads: a dealer's board, one lead as its handler works it, and an
//! owner's trade-in requests for a car.

use crate::account::{DealerId, Staff, UserId};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{DomainError, Field, Problem};
use crate::lead::views::{
    Board, HandlerFigures, LeadCard, LeadEvent, LeadView, ModelChoice, SurveyAnswer, TradeIn, TradeInPage,
    TradeInRequest,
};
use crate::lead::{median_minutes, EventKind, Kind, LostReason, NextAction, PartOfDay, Stage};
use crate::zone::{local_date, CHINA};
use chrono::{DateTime, Duration, Utc};

/// Cards per column: a board is a working view, not an archive.
const COLUMN_MAX: i64 = 200;

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    kind: Kind,
    stage: Stage,
    name: String,
    mobile: String,
    model_zh: String,
    model_en: String,
    handler: Option<String>,
    created_at: i64,
    contact_due_at: i64,
    first_contact_at: Option<i64>,
    next_action: Option<NextAction>,
    next_action_due: Option<i64>,
    drive_at: Option<i64>,
}

const CARD_SELECT: &str =
    "SELECT l.id, l.kind, l.stage, l.name, l.mobile, m.name_zh AS model_zh, m.name_en AS model_en,
        h.display_name AS handler, l.created_at, l.contact_due_at, l.first_contact_at, l.next_action, l.next_action_due,
        (SELECT d.starts_at FROM test_drives d WHERE d.lead_id = l.id AND d.status = 'booked') AS drive_at
     FROM leads l JOIN car_models m ON m.id = l.model_id LEFT JOIN users h ON h.id = l.handler_id";

impl CardRow {
    fn card(self, now: DateTime<Utc>) -> LeadCard {
        LeadCard {
            overdue: self.stage.is_open()
                && self.first_contact_at.is_none()
                && self.contact_due_at < now.timestamp_millis(),
            id: self.id,
            kind: self.kind,
            stage: self.stage,
            name: self.name,
            mobile: self.mobile,
            model_zh: self.model_zh,
            model_en: self.model_en,
            handler: self.handler,
            created_at: self.created_at,
            contact_due_at: self.contact_due_at,
            first_contact_at: self.first_contact_at,
            next_action: self.next_action,
            next_action_due: self.next_action_due,
            drive_at: self.drive_at,
        }
    }
}

/// The dealer a staff member's board shows: their own; an admin names one.
fn board_dealer(staff: &Staff, asked: Option<DealerId>) -> Result<DealerId, DomainError> {
    if !staff.role.works_leads() {
        return Err(DomainError::NotFound);
    }
    staff.desk.workshop(asked).ok_or(DomainError::invalid(Field::Dealer, Problem::Required))
}

pub async fn board(db: &Db, clock: &dyn Clock, staff: &Staff, asked: Option<DealerId>) -> Result<Board, DomainError> {
    let now = clock.now();
    let pool = db.pool();
    let dealer_id = board_dealer(staff, asked)?;
    let dealer =
        crate::dealer::find(db, dealer_id).await?.ok_or(DomainError::invalid(Field::Dealer, Problem::UnknownChoice))?;
    let closed_since = (now - Duration::days(30)).timestamp_millis();
    let mut columns = Vec::new();
    for stage in Stage::ALL {
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "{CARD_SELECT} WHERE l.dealer_id = $1 AND l.stage = $2 AND (l.closed_at IS NULL OR l.closed_at >= $3)
             ORDER BY l.next_action_due, l.id LIMIT $4"
        ))
        .bind(dealer_id)
        .bind(stage.as_str())
        .bind(closed_since)
        .bind(COLUMN_MAX)
        .fetch_all(pool)
        .await?;
        columns.push((stage, rows.into_iter().map(|r| r.card(now)).collect()));
    }
    let overdue: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leads WHERE dealer_id = $1 AND stage NOT IN ('won', 'lost')
           AND first_contact_at IS NULL AND contact_due_at < $2",
    )
    .bind(dealer_id)
    .bind(now.timestamp_millis())
    .fetch_one(pool)
    .await?;
    let handlers = handler_figures(db, dealer_id, now).await?;
    let today: Vec<CardRow> = sqlx::query_as(&format!(
        "{CARD_SELECT} WHERE l.handler_id = $1 AND l.dealer_id = $2 AND l.stage NOT IN ('won', 'lost')
           AND l.next_action_due < $3 ORDER BY l.next_action_due LIMIT $4"
    ))
    .bind(staff.id)
    .bind(dealer_id)
    .bind(end_of_today(now).timestamp_millis())
    .bind(COLUMN_MAX)
    .fetch_all(pool)
    .await?;
    let me_on_duty = handlers.iter().any(|h| h.id == staff.id && h.on_duty);
    Ok(Board {
        dealer,
        columns,
        overdue,
        handlers,
        today: today.into_iter().map(|r| r.card(now)).collect(),
        me_on_duty,
    })
}

/// Each handler of the dealer: on duty or not, open leads, and the median time
/// from a lead's arrival to its first human contact over the last 30 days.
async fn handler_figures(db: &Db, dealer: DealerId, now: DateTime<Utc>) -> Result<Vec<HandlerFigures>, DomainError> {
    let handlers: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.on_duty,
                (SELECT COUNT(*) FROM leads l WHERE l.handler_id = u.id AND l.stage NOT IN ('won', 'lost'))
         FROM users u WHERE u.dealer_id = $1 AND u.role = 'lead_handler' AND u.disabled_at IS NULL ORDER BY u.id",
    )
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    let since = (now - Duration::days(30)).timestamp_millis();
    let mut figures = Vec::new();
    for (id, name, on_duty, open) in handlers {
        let waits: Vec<i64> = sqlx::query_scalar(
            "SELECT (first_contact_at - created_at) / 60000 FROM leads
             WHERE handler_id = $1 AND dealer_id = $2 AND created_at >= $3 AND first_contact_at IS NOT NULL",
        )
        .bind(id)
        .bind(dealer)
        .bind(since)
        .fetch_all(db.pool())
        .await?;
        figures.push(HandlerFigures {
            id,
            name,
            on_duty: on_duty == 1,
            open,
            median_first_contact_minutes: median_minutes(waits),
        });
    }
    Ok(figures)
}

/// The end of today in China time: the "today" list runs to it.
fn end_of_today(now: DateTime<Utc>) -> DateTime<Utc> {
    crate::zone::day_start(CHINA, local_date(CHINA, now) + Duration::days(1)).unwrap_or(now)
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    dealer_id: i64,
    city: String,
    source: String,
    part_of_day: Option<PartOfDay>,
    referred_by: Option<String>,
    trade_vin: Option<String>,
    trade_model_zh: Option<String>,
    trade_model_en: Option<String>,
    trade_year: Option<i64>,
    trade_mileage_km: Option<i64>,
    trade_services: Option<i64>,
    trade_last_service: Option<String>,
    lost_reason: Option<LostReason>,
    competitor: Option<String>,
    won_vin: Option<String>,
}

/// One lead with its history, for a handler whose desk covers its dealer.
pub async fn lead(db: &Db, clock: &dyn Clock, staff: &Staff, id: i64) -> Result<LeadView, DomainError> {
    let now = clock.now();
    let pool = db.pool();
    if !staff.role.works_leads() {
        return Err(DomainError::NotFound);
    }
    let detail: DetailRow = sqlx::query_as(
        "SELECT l.dealer_id, l.city, l.source, l.part_of_day, r.display_name AS referred_by, l.trade_vin,
                tm.name_zh AS trade_model_zh, tm.name_en AS trade_model_en, l.trade_year, l.trade_mileage_km,
                l.trade_services, l.trade_last_service, l.lost_reason, l.competitor, l.won_vin
         FROM leads l LEFT JOIN users r ON r.id = l.referrer_id
              LEFT JOIN vehicles tv ON tv.vin = l.trade_vin LEFT JOIN car_models tm ON tm.id = tv.model_id
         WHERE l.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .filter(|d: &DetailRow| staff.desk.covers(d.dealer_id))
    .ok_or(DomainError::NotFound)?;
    let card: CardRow = sqlx::query_as(&format!("{CARD_SELECT} WHERE l.id = $1")).bind(id).fetch_one(pool).await?;
    let card = card.card(now);
    let dealer = crate::dealer::find(db, detail.dealer_id).await?.ok_or(DomainError::NotFound)?;
    let events: Vec<(i64, Option<String>, EventKind, String)> = sqlx::query_as(
        "SELECT e.at, u.display_name, e.kind, e.detail FROM lead_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.lead_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let survey: Option<(LostReason, Option<String>)> =
        sqlx::query_as("SELECT reason, would_change FROM lead_surveys WHERE lead_id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let (offers, stock) = if card.stage.is_open() {
        let model: i64 =
            sqlx::query_scalar("SELECT model_id FROM leads WHERE id = $1").bind(id).fetch_one(pool).await?;
        let stock: Vec<String> = sqlx::query_scalar(
            "SELECT vin FROM vehicles
             WHERE selling_dealer_id = $1 AND model_id = $2 AND sale_date IS NULL AND registered_mobile IS NULL
             ORDER BY vin LIMIT 200",
        )
        .bind(detail.dealer_id)
        .bind(model)
        .fetch_all(pool)
        .await?;
        (super::capture::drive_offers_for(db, detail.dealer_id, model, Some(id), now).await?, stock)
    } else {
        (Vec::new(), Vec::new())
    };
    let manages: i64 =
        sqlx::query_scalar("SELECT manages_leads FROM users WHERE id = $1").bind(staff.id).fetch_one(pool).await?;
    let reassign_to: Vec<(UserId, String)> = if staff.manages_floor(manages == 1) && card.stage.is_open() {
        sqlx::query_as(
            "SELECT id, display_name FROM users
             WHERE dealer_id = $1 AND role = 'lead_handler' AND disabled_at IS NULL ORDER BY id",
        )
        .bind(detail.dealer_id)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let trade_in = detail.trade_vin.map(|vin| TradeIn {
        vin,
        model_zh: detail.trade_model_zh.unwrap_or_default(),
        model_en: detail.trade_model_en.unwrap_or_default(),
        year: detail.trade_year,
        mileage_km: detail.trade_mileage_km,
        services: detail.trade_services,
        last_service: detail.trade_last_service,
    });
    Ok(LeadView {
        card,
        dealer,
        city: detail.city,
        source: detail.source,
        part_of_day: detail.part_of_day,
        referred_by: detail.referred_by,
        trade_in,
        lost_reason: detail.lost_reason,
        competitor: detail.competitor,
        won_vin: detail.won_vin,
        survey: survey.map(|(reason, would_change)| SurveyAnswer { reason, would_change }),
        events: events.into_iter().map(|(at, actor, kind, detail)| LeadEvent { at, actor, kind, detail }).collect(),
        offers,
        reassign_to,
        stock,
    })
}

/// The owner's trade-in page for one of their cars (not found when the car is
/// not theirs now), requests newest first.
pub async fn trade_in_page(db: &Db, owner: UserId, vin: &str) -> Result<TradeInPage, DomainError> {
    let pool = db.pool();
    let (model_zh, model_en): (String, String) = sqlx::query_as(
        "SELECT m.name_zh, m.name_en FROM vehicles v JOIN car_models m ON m.id = v.model_id
         JOIN ownerships o ON o.vin = v.vin WHERE v.vin = $1 AND o.owner_id = $2 AND o.ended_at IS NULL",
    )
    .bind(vin)
    .bind(owner)
    .fetch_optional(pool)
    .await?
    .ok_or(DomainError::NotFound)?;
    let requests: Vec<TradeInRequest> = sqlx::query_as(
        "SELECT l.id, l.stage, m.name_zh AS model_zh, m.name_en AS model_en, d.name_zh AS dealer_zh,
                d.name_en AS dealer_en, l.created_at, l.status_token
         FROM leads l JOIN car_models m ON m.id = l.model_id JOIN dealers d ON d.id = l.dealer_id
         WHERE l.owner_id = $1 AND l.trade_vin = $2 AND l.kind = 'trade_in' ORDER BY l.id DESC",
    )
    .bind(owner)
    .bind(vin)
    .fetch_all(pool)
    .await?;
    let models = crate::dealer::model_names(db).await?;
    Ok(TradeInPage {
        vin: vin.to_owned(),
        model_zh,
        model_en,
        requests,
        models: models.into_iter().map(|(id, name_zh, name_en)| ModelChoice { id, name_zh, name_en }).collect(),
        dealers: crate::dealer::list(db).await?,
    })
}
