//! Earning: the domain's facts (`domain_events`, read in order from where the
//! last run stopped) become ledger lines, each fact at most once; removed club
//! content takes its points back. The daily run adds the welcome, complete-
//! profile and birthday-month bonuses, each only for a verified mobile.

use super::shared::{account, credit, debit, earn, Line, Tx};
use crate::account::UserId;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::fact::store::{self as facts, Recorded};
use crate::fact::Fact;
use crate::loyalty::{EntryKind, Rule};
use crate::types::IdempotencyKey;
use chrono::{DateTime, Datelike, Utc};
use sqlx::Acquire;

/// Facts read per transaction: a run catches up in batches.
const BATCH: i64 = 200;

/// A fact whose transaction committed after a later-numbered one (PostgreSQL
/// hands out ids before commit) is still found if it is this recent: every run
/// reads the last ten minutes again, which the ledger's keys make harmless.
const LATE_COMMITS_MINUTES: i64 = 10;

/// Reads new facts and credits (or reverses) points; returns how many new facts
/// were read. The cursor moves in the same transaction as the lines, and the
/// ledger's unique keys make a fact delivered twice pay once. Points count from
/// the fact's own time (its day's cap, its expiry), not the run's.
pub async fn earn_from_events(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let mut read = 0;
    let since = clock.now() - chrono::Duration::minutes(LATE_COMMITS_MINUTES);
    let cursor: i64 = sqlx::query_scalar("SELECT last_event_id FROM loyalty_cursor WHERE name = 'domain_events'")
        .fetch_one(db.pool())
        .await?;
    let recent = facts::recent(db.pool(), since, cursor).await?;
    if !recent.is_empty() {
        let mut tx = db.begin_write().await?;
        for fact in &recent {
            applied(db, &mut tx, fact).await?;
        }
        tx.commit().await?;
    }
    loop {
        let mut tx = db.begin_write().await?;
        let lock = db.for_update();
        let cursor: i64 =
            sqlx::query_scalar(&format!("SELECT last_event_id FROM loyalty_cursor WHERE name = 'domain_events'{lock}"))
                .fetch_one(&mut *tx)
                .await?;
        let batch = facts::after(&mut *tx, cursor, BATCH).await?;
        let Some(last) = batch.last().map(|f| f.id) else { return Ok(read) };
        for fact in &batch {
            applied(db, &mut tx, fact).await?;
        }
        sqlx::query("UPDATE loyalty_cursor SET last_event_id = $1 WHERE name = 'domain_events'")
            .bind(last)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        read += batch.len();
    }
}

/// Applies one fact inside its own savepoint. A row that is no fact, or a fact
/// that fails (a bug in its producer, say), is logged and passed over, so it
/// cannot stop every fact after it from earning.
async fn applied(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    recorded: &Recorded,
) -> Result<(), DomainError> {
    let fact = match &recorded.fact {
        Ok(fact) => fact,
        Err(err) => {
            tracing::error!(event = recorded.id, error = %err, "loyalty passed over a row that is no fact it knows");
            return Ok(());
        }
    };
    let mut savepoint = tx.begin().await?;
    match apply(db, &mut savepoint, recorded.id, fact, recorded.at).await {
        Ok(()) => savepoint.commit().await?,
        Err(err) => {
            tracing::error!(event = recorded.id, kind = fact.name(), error = %err, "loyalty passed over a fact it could not apply");
            savepoint.rollback().await?;
        }
    }
    Ok(())
}

async fn apply(db: &Db, tx: &mut Tx, id: i64, fact: &Fact, now: DateTime<Utc>) -> Result<(), DomainError> {
    let subject = fact.subject();
    // One credit per fact and person: everyone at an event shares its subject.
    let key = |owner: i64| IdempotencyKey::of(&[&fact.name(), &subject, &"user", &owner]);
    let (rule, owner, paid) = match *fact {
        Fact::ServiceCompleted { booking, amount, .. } => {
            let owner: Option<i64> = sqlx::query_scalar("SELECT owner_id FROM bookings WHERE id = $1")
                .bind(booking)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(owner) = owner else { return Ok(()) };
            (Rule::ServiceVisit, owner, Some(amount.fen()))
        }
        Fact::RepairOrderClosed { owner: Some(owner), amount, .. } => (Rule::ServiceVisit, owner, Some(amount.fen())),
        Fact::RepairOrderClosed { owner: None, .. } => return Ok(()),
        Fact::PurchaseMade { owner, amount, .. } => (Rule::Purchase, owner, Some(amount.fen())),
        Fact::SurveyAnswered { owner, .. } => (Rule::SurveyAnswered, owner, None),
        Fact::ClubPostApproved { member, .. } => (Rule::PostApproved, member, None),
        Fact::ClubCommentApproved { member, .. } => (Rule::CommentApproved, member, None),
        Fact::ClubEventAttended { member, .. } => (Rule::EventAttended, member, None),
        Fact::ReferralWon { referrer, .. } => (Rule::ReferralWon, referrer, None),
        Fact::ClubContentRemoved { member, .. } => return take_back(db, tx, member, &subject, id, now).await,
        Fact::ClubContentRestored { member, .. } => return give_back(db, tx, member, &subject, id, now).await,
        // A like earns nothing; a sale's points come from the referral or the dealer's purchase credit;
        // a recall fixed is the brand's duty, and its visit earns as a visit; the rest tell other systems
        // what happened (the ledger's own facts among them) and earn nothing themselves.
        Fact::ClubLiked { .. }
        | Fact::VehicleSold { .. }
        | Fact::RecallCompleted { .. }
        | Fact::BookingMade { .. }
        | Fact::BookingMoved { .. }
        | Fact::BookingStageChanged { .. }
        | Fact::CaseOpened { .. }
        | Fact::CaseStatusChanged { .. }
        | Fact::LeadCreated { .. }
        | Fact::LeadStageChanged { .. }
        | Fact::OwnerRegistered { .. }
        | Fact::PointsCredited { .. }
        | Fact::PointsDebited { .. }
        | Fact::VoucherUsed { .. } => return Ok(()),
    };
    earn(db, tx, owner, rule, (&subject, &key(owner)), paid, now).await?;
    Ok(())
}

/// Content removed for a violation gives back what it earned (no more than the
/// owner still has: a balance never goes negative).
async fn take_back(
    db: &Db,
    tx: &mut Tx,
    member: UserId,
    source: &str,
    event: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    account(db, tx, member, now).await?;
    let (earned, balance): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(l.amount), 0) AS BIGINT), MAX(a.balance)
         FROM loyalty_accounts a LEFT JOIN loyalty_ledger l
              ON l.owner_id = a.owner_id AND l.source = $2 AND l.kind IN ('earn', 'reverse')
         WHERE a.owner_id = $1",
    )
    .bind(member)
    .bind(source)
    .fetch_one(&mut *tx)
    .await?;
    let key = IdempotencyKey::of(&[&"reverse", &source, &event]);
    let done: Option<i64> = sqlx::query_scalar("SELECT id FROM loyalty_ledger WHERE idempotency_key = $1")
        .bind(key.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let spendable: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT) FROM loyalty_ledger
         WHERE owner_id = $1 AND remaining > 0 AND expires_at > $2",
    )
    .bind(member)
    .bind(now.timestamp_millis())
    .fetch_one(&mut *tx)
    .await?;
    let points = earned.min(balance).min(spendable);
    if points <= 0 || done.is_some() {
        return Ok(());
    }
    let line =
        Line { owner: member, kind: EntryKind::Reverse, rule: None, source, key: &key, reason: None, actor: None };
    debit(tx, line, points, now).await?;
    Ok(())
}

/// Content restored (an appeal upheld, a removal undone) gets back what its
/// removal took: what was reversed for it, less what earlier restorations
/// already gave back.
async fn give_back(
    db: &Db,
    tx: &mut Tx,
    member: UserId,
    source: &str,
    event: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    account(db, tx, member, now).await?;
    let (reversed, restored): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'reverse' THEN -amount ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN idempotency_key LIKE 'restore:%' THEN amount ELSE 0 END), 0) AS BIGINT)
         FROM loyalty_ledger WHERE owner_id = $1 AND source = $2",
    )
    .bind(member)
    .bind(source)
    .fetch_one(&mut *tx)
    .await?;
    let rule: Option<String> = sqlx::query_scalar(
        "SELECT rule FROM loyalty_ledger WHERE owner_id = $1 AND source = $2 AND kind = 'earn' ORDER BY id LIMIT 1",
    )
    .bind(member)
    .bind(source)
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    let points = reversed - restored;
    if points <= 0 {
        return Ok(());
    }
    let key = IdempotencyKey::of(&[&"restore", &source, &event]);
    let rule = rule.as_deref().and_then(Rule::parse);
    let line = Line { owner: member, kind: EntryKind::Earn, rule, source, key: &key, reason: None, actor: None };
    credit(tx, line, points, now).await?;
    Ok(())
}

/// The once-only bonuses, for owners whose mobile is verified: welcome, a
/// complete profile (e-mail, city and birthday given), and a birthday-month
/// bonus once a year. Returns how many were credited.
pub async fn daily_bonuses(db: &Db, clock: &dyn Clock) -> Result<usize, DomainError> {
    let now = clock.now();
    let (_, month_start) = crate::loyalty::periods(now);
    let local = month_start + chrono::Duration::days(1);
    let (month, year) = (format!("{:02}", local.month()), local.year().to_string());
    let candidates: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT u.id,
                CAST(CASE WHEN u.email IS NOT NULL AND u.city IS NOT NULL AND u.birthday IS NOT NULL THEN 1 ELSE 0 END AS BIGINT),
                CAST(CASE WHEN SUBSTR(u.birthday, 6, 2) = $1 THEN 1 ELSE 0 END AS BIGINT)
         FROM users u
         WHERE u.role = 'owner' AND u.mobile_verified_at IS NOT NULL AND u.disabled_at IS NULL
           AND (NOT EXISTS (SELECT 1 FROM loyalty_ledger l WHERE l.idempotency_key = 'welcome:user:' || u.id)
                OR (u.email IS NOT NULL AND u.city IS NOT NULL AND u.birthday IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM loyalty_ledger l
                                    WHERE l.idempotency_key = 'profile_completed:user:' || u.id))
                OR (SUBSTR(u.birthday, 6, 2) = $1
                    AND NOT EXISTS (SELECT 1 FROM loyalty_ledger l
                                    WHERE l.idempotency_key = 'birthday_month:user:' || u.id || ':' || $2)))",
    )
    .bind(&month)
    .bind(&year)
    .fetch_all(db.pool())
    .await?;
    let mut credited = 0;
    for (owner, complete, birthday) in candidates {
        // The keys the query above looks for.
        let mut due = vec![(Rule::Welcome, IdempotencyKey::of(&[&"welcome", &"user", &owner]))];
        if complete == 1 {
            due.push((Rule::ProfileCompleted, IdempotencyKey::of(&[&"profile_completed", &"user", &owner])));
        }
        if birthday == 1 {
            due.push((Rule::BirthdayMonth, IdempotencyKey::of(&[&"birthday_month", &"user", &owner, &year])));
        }
        let source = format!("user:{owner}");
        let mut tx = db.begin_write().await?;
        for (rule, key) in due {
            if earn(db, &mut tx, owner, rule, (&source, &key), None, now).await? > 0 {
                credited += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(credited)
}
