//! Members report what breaks the rules. A report weighs what the reporter's
//! record says; enough weight from enough members hides the item until a
//! moderator reviews it. Reporters see what became of their reports.

use super::shared::{in_good_standing, log_line, place, went_in, write_status, Place, Reader, Tx};
use crate::account::{User, UserId};
use crate::clock::Clock;
use crate::club::moderation::{
    report_burst, report_weight, reports_hide, LogAction, ReportReason, Rule, BURST_HOURS, FRESH_ACCOUNT_DAYS,
    MAX_REASON_CHARS,
};
use crate::club::views::MyReport;
use crate::club::{transition, Action, HoldReason, Item, ItemKind, Party, PostId, Status};
use crate::db::{is_unique_violation, Db};
use crate::error::{text, DomainError, Field, Problem};
use chrono::{DateTime, Duration, Utc};

/// Reports `item`. Reporting twice, or one's own words, changes nothing.
/// Returns the post the item belongs to.
pub async fn report(
    db: &Db,
    clock: &dyn Clock,
    reporter: &User,
    item: Item,
    reason: &str,
    note: &str,
) -> Result<PostId, DomainError> {
    let now = clock.now();
    let reason = match reason.trim() {
        // Nothing is preselected: a report says why on purpose.
        "" => return Err(DomainError::invalid(Field::Reason, Problem::Required)),
        raw => ReportReason::parse(raw).ok_or_else(|| DomainError::invalid(Field::Reason, Problem::UnknownChoice))?,
    };
    let note = text(Field::Note, note, MAX_REASON_CHARS, false)?;
    let place = place(db.pool(), item).await?;
    let from = place.status()?;
    if !matches!(from, Status::Visible | Status::Hidden) || !Reader::Member(reporter.id).may_read(place.public == 1) {
        return Err(DomainError::NotFound);
    }
    if place.author_id == reporter.id {
        return Ok(place.post_id);
    }
    let (upheld, rejected): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(MAX(reports_upheld), 0), COALESCE(MAX(reports_rejected), 0) FROM club_members WHERE user_id = $1",
    )
    .bind(reporter.id)
    .fetch_one(db.pool())
    .await?;
    // Only members in good standing who may write count towards hiding.
    let writes = in_good_standing(db, reporter, now).await?;
    let weight = report_weight(upheld, rejected, writes);
    let mut tx = db.begin_write().await?;
    // Reports on one item queue here, so the one that reaches the threshold
    // sees every report before it, and none fails on a status moved meanwhile.
    let status = match item.kind {
        ItemKind::Post => "SELECT status FROM club_posts WHERE id = $1",
        ItemKind::Comment => "SELECT status FROM club_comments WHERE id = $1",
    };
    let from: Status =
        sqlx::query_scalar(&format!("{status}{}", db.for_update())).bind(item.id).fetch_one(&mut *tx).await?;
    let inserted = sqlx::query(
        "INSERT INTO club_reports (item_kind, item_id, reporter_id, reason, note, weight, reporter_writes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(item.kind.as_str())
    .bind(item.id)
    .bind(reporter.id)
    .bind(reason.as_str())
    .bind(note.as_deref())
    .bind(weight)
    .bind(i64::from(writes))
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => return Ok(place.post_id),
        other => other?,
    };
    let (reporters, weight): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(weight), 0) AS BIGINT) FROM club_reports
         WHERE item_kind = $1 AND item_id = $2 AND outcome IS NULL AND reporter_writes = 1",
    )
    .bind(item.kind.as_str())
    .bind(item.id)
    .fetch_one(&mut *tx)
    .await?;
    if from == Status::Visible && reports_hide(reporters, weight) {
        let to = transition(from, Action::Hide, Party::System)?;
        write_status(&mut tx, item, from, to, Some(HoldReason::Reports), None).await?;
        went_in(&mut tx, item, &place, now).await?;
        let title = (item.kind == ItemKind::Post).then_some(place.title.as_str());
        log_line(
            &mut tx,
            Some(place.board_id),
            None,
            LogAction::AutoHide,
            Some(item),
            Some(place.author_id),
            Rule::Respect,
            None,
            title,
            None,
            now,
        )
        .await?;
    }
    flag_burst(db, &mut tx, reporter.id, item, &place, now).await?;
    tx.commit().await?;
    Ok(place.post_id)
}

/// When the reporter's account is fresh and enough fresh accounts reported the
/// same member lately, the burst is a line in the moderators' log (once a
/// window per member): someone may be using throwaway accounts against them.
async fn flag_burst(
    db: &Db,
    tx: &mut Tx,
    reporter: UserId,
    item: Item,
    place: &Place,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let fresh_since = (now - Duration::days(FRESH_ACCOUNT_DAYS)).timestamp_millis();
    let window_since = (now - Duration::hours(BURST_HOURS)).timestamp_millis();
    let fresh: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND created_at > $2")
        .bind(reporter)
        .bind(fresh_since)
        .fetch_optional(&mut **tx)
        .await?;
    if fresh.is_none() {
        return Ok(());
    }
    let fresh_reporters: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT r.reporter_id) FROM club_reports r JOIN users u ON u.id = r.reporter_id
         LEFT JOIN club_posts p ON r.item_kind = 'post' AND p.id = r.item_id
         LEFT JOIN club_comments c ON r.item_kind = 'comment' AND c.id = r.item_id
         WHERE r.created_at > $1 AND u.created_at > $2 AND COALESCE(p.author_id, c.author_id) = $3",
    )
    .bind(window_since)
    .bind(fresh_since)
    .bind(place.author_id)
    .fetch_one(&mut **tx)
    .await?;
    if !report_burst(fresh_reporters) {
        return Ok(());
    }
    // One flag a window per member, whichever report comes last: their row is the lock.
    db.lock_user(tx, place.author_id).await?;
    let flagged: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM club_moderation_log WHERE member_id = $1 AND action = $2 AND created_at > $3",
    )
    .bind(place.author_id)
    .bind(LogAction::ReportBurst.as_str())
    .bind(window_since)
    .fetch_optional(&mut **tx)
    .await?;
    if flagged.is_none() {
        let title = (item.kind == ItemKind::Post).then_some(place.title.as_str());
        let count = fresh_reporters.to_string();
        log_line(
            tx,
            Some(place.board_id),
            None,
            LogAction::ReportBurst,
            Some(item),
            Some(place.author_id),
            Rule::Fine,
            Some(&count),
            title,
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// The reports `reporter` made, newest first, with their outcome.
pub async fn my_reports(db: &Db, reporter: UserId) -> Result<Vec<MyReport>, DomainError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        item_kind: String,
        item_id: i64,
        post_id: i64,
        title: String,
        reason: String,
        created_at: i64,
        outcome: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.item_kind, r.item_id, COALESCE(p.id, pc.id) AS post_id, COALESCE(p.title, pc.title) AS title,
                r.reason, r.created_at, r.outcome
         FROM club_reports r
         LEFT JOIN club_posts p ON r.item_kind = 'post' AND p.id = r.item_id
         LEFT JOIN club_comments c ON r.item_kind = 'comment' AND c.id = r.item_id
         LEFT JOIN club_posts pc ON pc.id = c.post_id
         WHERE r.reporter_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 100",
    )
    .bind(reporter)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MyReport {
                item: Item { kind: ItemKind::parse(&r.item_kind)?, id: r.item_id },
                post_id: r.post_id,
                title: r.title,
                reason: ReportReason::parse(&r.reason)?,
                created_ms: r.created_at,
                upheld: r.outcome.map(|o| o == "upheld"),
            })
        })
        .collect())
}
