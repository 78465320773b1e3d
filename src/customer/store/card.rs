//! The customer page's reads, in a fixed number of queries whatever the
//! customer's history, and its one write: a staff note. Every read of the
//! page is audited (`customer_viewed`).

use crate::account::{reach, DealerId, Staff, UserId};
use crate::audit::{self, Action, Entry};
use crate::booking::lifecycle::Stage as BookingStage;
use crate::case::{sla_clock, Kind as CaseKind, Status as CaseStatus};
use crate::customer::card::{
    BookingLine, Card, CaseLine, ClubStanding, ConsentRecord, LeadLine, LedgerLine, NoteText, Points, ReferralLine,
    StrikeLevel, SurveyLine, TimelineEntry, Touch, TouchKind, LEDGER_LINES, LIST_MAX, TIMELINE_MAX,
};
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::OwnerContact;
use crate::lead::{Kind as LeadKind, Source, Stage as LeadStage};
use crate::loyalty::{EntryKind, Tier};
use crate::profile::ChangedField;
use chrono::{DateTime, Utc};

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The customer page of `owner` for `staff`, with the timeline of `filter`'s
/// kind (all kinds when `None`); records who read it, when, from where.
/// `NotFound` for an account that is no owner's or one the desk does not reach.
pub async fn card(
    db: &Db,
    staff: Staff,
    owner: UserId,
    filter: Option<TouchKind>,
    now: DateTime<Utc>,
    client_addr: &str,
) -> Result<Card, DomainError> {
    let consent = owner_consent(db, owner).await?;
    reach::owner(db, staff.desk, owner).await?;
    let mut profile = crate::profile::store::load(db, owner).await?;
    let seen = OwnerContact::seen_by(
        staff.role,
        true,
        owner,
        profile.display_name.clone(),
        profile.mobile.take(),
        profile.email.take(),
    );
    (profile.mobile, profile.email) = (seen.mobile, seen.email);
    let cars = crate::warranty::store::lookups_for_owner(db, owner, now.date_naive())
        .await?
        .into_iter()
        .map(|(_, lookup)| lookup)
        .collect();
    // A dealer's desk sees the owner's cases, surveys and leads at its own
    // dealer only: another dealer's complaint or sale is that dealer's business.
    // Bookings stay network-wide, as the car's service history does.
    let dealer = staff.desk.dealer();
    let advisors = if staff.role.is_care() { crate::booking::store::advisors(db, dealer).await? } else { Vec::new() };
    let card = Card {
        owner,
        profile,
        consent,
        cars,
        bookings: bookings(db, owner).await?,
        cases: cases(db, owner, dealer, now).await?,
        surveys: surveys(db, owner, dealer).await?,
        leads: leads(db, owner, dealer).await?,
        referrals: referrals(db, owner).await?,
        points: points(db, owner).await?,
        club: club(db, owner, now).await?,
        advisor: crate::booking::store::named_advisor(db, owner).await?,
        advisors,
        score: crate::analytics::store::scores::for_owner(db, owner).await?,
        timeline: timeline(db, owner, dealer, filter).await?,
        filter,
    };
    let viewed = Entry::on_account(now, staff.id, Action::CustomerViewed, owner, String::new(), Some(client_addr));
    audit::record(db.pool(), viewed).await?;
    Ok(card)
}

/// Writes a staff note on the customer (the desk must reach them).
pub async fn add_note(
    db: &Db,
    staff: Staff,
    owner: UserId,
    note: &NoteText,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    owner_consent(db, owner).await?;
    reach::owner(db, staff.desk, owner).await?;
    sqlx::query("INSERT INTO customer_notes (owner_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(owner)
        .bind(staff.id)
        .bind(note.as_str())
        .bind(now.timestamp_millis())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The owner's latest consent record; `NotFound` unless the account is an owner's.
async fn owner_consent(db: &Db, owner: UserId) -> Result<Option<ConsentRecord>, DomainError> {
    let row: Option<(Option<i64>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT c.granted, c.wording_version, c.at FROM users u
         LEFT JOIN consent_records c ON c.id = (SELECT MAX(id) FROM consent_records WHERE user_id = u.id)
         WHERE u.id = $1 AND u.role IN ('owner', 'moderator')",
    )
    .bind(owner)
    .fetch_optional(db.pool())
    .await?;
    let (granted, wording_version, at) = row.ok_or(DomainError::NotFound)?;
    Ok(match (granted, wording_version, at) {
        (Some(granted), Some(wording_version), Some(at)) => {
            Some(ConsentRecord { granted: granted == 1, wording_version, at })
        }
        _ => None,
    })
}

async fn bookings(db: &Db, owner: UserId) -> Result<Vec<BookingLine>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        vin: String,
        dealer_zh: String,
        dealer_en: String,
        starts_at: i64,
        status: String,
        workshop_stage: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.id, b.vin, d.name_zh AS dealer_zh, d.name_en AS dealer_en, b.starts_at, b.status, b.workshop_stage
         FROM bookings b JOIN dealers d ON d.id = b.dealer_id
         WHERE b.owner_id = $1 ORDER BY b.starts_at DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LIST_MAX)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BookingLine {
            id: r.id,
            vin: r.vin,
            dealer_zh: r.dealer_zh,
            dealer_en: r.dealer_en,
            starts_at: r.starts_at,
            stage: BookingStage::from_columns(&r.status, r.workshop_stage.as_deref()),
        })
        .collect())
}

async fn cases(
    db: &Db,
    owner: UserId,
    dealer: Option<DealerId>,
    now: DateTime<Utc>,
) -> Result<Vec<CaseLine>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        title: String,
        kind: CaseKind,
        status: CaseStatus,
        response_due: i64,
        responded_at: Option<i64>,
        resolution_due: i64,
        resolved_at: Option<i64>,
        response_breached: i64,
        resolution_breached: i64,
        created_at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, title, kind, status, response_due, responded_at, resolution_due, resolved_at,
                response_breached, resolution_breached, created_at
         FROM cases WHERE owner_id = $1 AND merged_into IS NULL AND ($3 IS NULL OR dealer_id = $3)
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LIST_MAX)
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaseLine {
            id: r.id,
            title: r.title,
            kind: r.kind,
            status: r.status,
            sla: sla_clock(
                instant(r.response_due),
                r.responded_at.map(instant),
                instant(r.resolution_due),
                r.resolved_at.map(instant),
                now,
            ),
            breached: r.response_breached == 1 || r.resolution_breached == 1,
            opened_at: r.created_at,
        })
        .collect())
}

async fn surveys(db: &Db, owner: UserId, dealer: Option<DealerId>) -> Result<Vec<SurveyLine>, DomainError> {
    type Row = (i64, String, String, Option<i64>, Option<i64>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.booking_id, d.name_zh, d.name_en, s.satisfaction, s.recommend, s.comment, s.answered_at
         FROM surveys s JOIN dealers d ON d.id = s.dealer_id
         WHERE s.owner_id = $1 AND s.answered_at IS NOT NULL AND ($3 IS NULL OR s.dealer_id = $3)
         ORDER BY s.answered_at DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LIST_MAX)
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(booking, dealer_zh, dealer_en, satisfaction, recommend, comment, answered_at)| SurveyLine {
            booking,
            dealer_zh,
            dealer_en,
            satisfaction,
            recommend,
            comment,
            answered_at,
        })
        .collect())
}

async fn leads(db: &Db, owner: UserId, dealer: Option<DealerId>) -> Result<Vec<LeadLine>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        kind: LeadKind,
        stage: LeadStage,
        source: String,
        model_zh: String,
        model_en: String,
        trade_vin: Option<String>,
        created_at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.id, l.kind, l.stage, l.source, m.name_zh AS model_zh, m.name_en AS model_en, l.trade_vin, l.created_at
         FROM leads l JOIN car_models m ON m.id = l.model_id
         WHERE l.owner_id = $1 AND ($3 IS NULL OR l.dealer_id = $3) ORDER BY l.created_at DESC, l.id DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LIST_MAX)
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LeadLine {
            id: r.id,
            kind: r.kind,
            stage: r.stage,
            source: Source::parse(&r.source),
            model_zh: r.model_zh,
            model_en: r.model_en,
            trade_vin: r.trade_vin,
            created_at: r.created_at,
        })
        .collect())
}

async fn referrals(db: &Db, owner: UserId) -> Result<Vec<ReferralLine>, DomainError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT lead_id, at FROM referral_credits WHERE referrer_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LIST_MAX)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(lead, at)| ReferralLine { lead, at }).collect())
}

async fn points(db: &Db, owner: UserId) -> Result<Points, DomainError> {
    let account: Option<(i64, Tier)> = sqlx::query_as("SELECT balance, tier FROM loyalty_accounts WHERE owner_id = $1")
        .bind(owner)
        .fetch_optional(db.pool())
        .await?;
    let lines: Vec<(i64, i64, EntryKind)> = sqlx::query_as(
        "SELECT created_at, amount, kind FROM loyalty_ledger WHERE owner_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(owner)
    .bind(LEDGER_LINES)
    .fetch_all(db.pool())
    .await?;
    let (balance, tier) = account.unwrap_or((0, Tier::Silver));
    Ok(Points {
        balance,
        tier,
        lines: lines.into_iter().map(|(at, amount, kind)| LedgerLine { at, amount, kind }).collect(),
    })
}

async fn club(db: &Db, owner: UserId, now: DateTime<Utc>) -> Result<ClubStanding, DomainError> {
    let (posts, comments, strikes, suspended_until, banned_at): (i64, i64, i64, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM club_posts WHERE author_id = $1 AND approved_at IS NOT NULL),
                    (SELECT COUNT(*) FROM club_comments WHERE author_id = $1 AND approved_at IS NOT NULL),
                    (SELECT COUNT(*) FROM club_strikes WHERE member_id = $1 AND expires_at > $2),
                    (SELECT suspended_until FROM club_members WHERE user_id = $1 AND suspended_until > $2),
                    (SELECT banned_at FROM club_members WHERE user_id = $1)",
        )
        .bind(owner)
        .bind(now.timestamp_millis())
        .fetch_one(db.pool())
        .await?;
    Ok(ClubStanding { posts, comments, strikes, suspended_until, banned: banned_at.is_some() })
}

/// One row of the timeline's query: its kind and up to two numbers and two texts.
#[derive(sqlx::FromRow)]
struct TouchRow {
    at: i64,
    kind: String,
    item: Option<i64>,
    n1: Option<i64>,
    n2: Option<i64>,
    t1: Option<String>,
    t2: Option<String>,
}

/// Every touchpoint of the owner, newest first, in one query: each branch
/// starts from the owner's index of its table and is skipped by the filter.
async fn timeline(
    db: &Db,
    owner: UserId,
    dealer: Option<DealerId>,
    filter: Option<TouchKind>,
) -> Result<Vec<TimelineEntry>, DomainError> {
    let rows: Vec<TouchRow> = sqlx::query_as(
        "SELECT at, kind, item, n1, n2, t1, t2 FROM (
           SELECT created_at AS at, 'booked' AS kind, id AS item, starts_at AS n1, CAST(NULL AS BIGINT) AS n2,
                  status AS t1, workshop_stage AS t2
             FROM bookings WHERE owner_id = $1 AND ($2 IS NULL OR $2 = 'bookings')
           UNION ALL
           SELECT completed_at, 'visited', id, amount_fen, NULL, NULL, NULL
             FROM bookings WHERE owner_id = $1 AND completed_at IS NOT NULL AND ($2 IS NULL OR $2 = 'visits')
           UNION ALL
           SELECT created_at, 'case', id, NULL, NULL, kind, title
             FROM cases WHERE owner_id = $1 AND ($2 IS NULL OR $2 = 'cases') AND ($4 IS NULL OR dealer_id = $4)
           UNION ALL
           SELECT answered_at, 'survey', booking_id, satisfaction, recommend, NULL, NULL
             FROM surveys WHERE owner_id = $1 AND answered_at IS NOT NULL AND ($2 IS NULL OR $2 = 'surveys')
               AND ($4 IS NULL OR dealer_id = $4)
           UNION ALL
           SELECT created_at, 'lead', id, NULL, NULL, kind, stage
             FROM leads WHERE owner_id = $1 AND ($2 IS NULL OR $2 = 'leads') AND ($4 IS NULL OR dealer_id = $4)
           UNION ALL
           SELECT created_at, 'points', id, amount, NULL, kind, NULL
             FROM loyalty_ledger WHERE owner_id = $1 AND ($2 IS NULL OR $2 = 'points')
           UNION ALL
           SELECT created_at, 'post', id, NULL, NULL, title, NULL
             FROM club_posts WHERE author_id = $1 AND status <> 'deleted' AND ($2 IS NULL OR $2 = 'club')
           UNION ALL
           SELECT created_at, 'comment', post_id, NULL, NULL, NULL, NULL
             FROM club_comments WHERE author_id = $1 AND status <> 'deleted' AND ($2 IS NULL OR $2 = 'club')
           UNION ALL
           SELECT created_at, 'strike', id, NULL, NULL, level, NULL
             FROM club_strikes WHERE member_id = $1 AND ($2 IS NULL OR $2 = 'club')
           UNION ALL
           SELECT at, 'profile', id, by_staff, NULL, field, NULL
             FROM profile_changes WHERE user_id = $1 AND ($2 IS NULL OR $2 = 'profile')
           UNION ALL
           SELECT n.created_at, 'note', n.id, NULL, NULL, u.display_name, n.body
             FROM customer_notes n JOIN users u ON u.id = n.author_id
             WHERE n.owner_id = $1 AND ($2 IS NULL OR $2 = 'notes')
         ) touches ORDER BY at DESC, kind, item DESC LIMIT $3",
    )
    .bind(owner)
    .bind(filter.map(TouchKind::as_str))
    .bind(TIMELINE_MAX)
    .bind(dealer)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().filter_map(TouchRow::read).collect())
}

impl TouchRow {
    /// The touchpoint this row stands for; `None` for a value this version
    /// cannot read (a status added since), which the timeline leaves out.
    fn read(self) -> Option<TimelineEntry> {
        let item = self.item.unwrap_or_default();
        let (t1, t2) = (self.t1.unwrap_or_default(), self.t2.unwrap_or_default());
        let touch = match self.kind.as_str() {
            "booked" => Touch::Booked {
                booking: item,
                starts_at: self.n1.unwrap_or_default(),
                stage: BookingStage::from_columns(&t1, Some(t2.as_str()).filter(|w| !w.is_empty())),
            },
            "visited" => Touch::Visited { booking: item, amount_fen: self.n1 },
            "case" => Touch::CaseOpened { case: item, kind: CaseKind::parse(&t1)?, title: t2 },
            "survey" => Touch::SurveyAnswered { booking: item, satisfaction: self.n1, recommend: self.n2 },
            "lead" => Touch::LeadOpened { lead: item, kind: LeadKind::parse(&t1)?, stage: LeadStage::parse(&t2)? },
            "points" => Touch::Points { amount: self.n1.unwrap_or_default(), kind: EntryKind::parse(&t1)? },
            "post" => Touch::ClubPost { post: item, title: t1 },
            "comment" => Touch::ClubComment { post: item },
            "strike" => Touch::ClubStrike { level: StrikeLevel::parse(&t1)? },
            "profile" => Touch::ProfileChanged { field: ChangedField::parse(&t1), by_staff: self.n1 == Some(1) },
            "note" => Touch::Note { author: t1, body: t2 },
            _ => return None,
        };
        Some(TimelineEntry { at: self.at, touch })
    }
}
