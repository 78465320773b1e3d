//! The one write of a case's status, with what the step records beside it.

use crate::account::DealerId;
use crate::case::Status;
use crate::fact::Fact;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// What a step on a case records beside its new status.
pub(super) enum Records<'a> {
    Nothing,
    Resolved,
    Closed,
    /// Closed by the daily run: only if the resolution it judged is still the
    /// last one (resolved before `resolved_before`, not resolved again since).
    ClosedUnanswered {
        resolved_before: DateTime<Utc>,
    },
    /// Reopened by the owner: a fresh resolution target, and the last
    /// resolution's rating and follow-up forgotten.
    Reopened {
        resolution_due: DateTime<Utc>,
    },
    Rated {
        rating: u8,
        comment: Option<&'a str>,
    },
    /// Folded into another case; a case is merged once.
    Merged {
        into: i64,
    },
}

/// Writes a decided step with one conditional UPDATE on the status it was
/// decided from. False: zero rows, someone moved the case first (the caller
/// answers that, never overwrites).
pub(super) async fn write_status(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    from: Status,
    to: Status,
    records: Records<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    // $1 the new status, $2 the case, $3 the status it was decided from; then the step's own.
    let (sets, also) = match &records {
        Records::Nothing => ("", ""),
        // The resolution note reaches the owner: an answer, if none came before.
        Records::Resolved => (", resolved_at = $4, responded_at = COALESCE(responded_at, $4)", ""),
        Records::Closed => (", closed_at = $4", ""),
        Records::ClosedUnanswered { .. } => (", closed_at = $4", " AND resolved_at < $5"),
        Records::Reopened { .. } => (
            ", resolved_at = NULL, rating = NULL, rating_comment = NULL, rated_at = NULL, followed_up_at = NULL,
             resolution_due = $4, resolution_breached = 0",
            "",
        ),
        Records::Rated { .. } => (", closed_at = $4, rated_at = $4, rating = $5, rating_comment = $6", ""),
        Records::Merged { .. } => (", closed_at = $4, merged_into = $5", " AND merged_into IS NULL"),
    };
    let sql = format!("UPDATE cases SET status = $1{sets} WHERE id = $2 AND status = $3{also} RETURNING dealer_id");
    let query = sqlx::query_scalar(&sql).bind(to.as_str()).bind(id).bind(from.as_str());
    let at = now;
    let now = now.timestamp_millis();
    let query = match records {
        Records::Nothing => query,
        Records::Resolved | Records::Closed => query.bind(now),
        Records::ClosedUnanswered { resolved_before } => query.bind(now).bind(resolved_before.timestamp_millis()),
        Records::Reopened { resolution_due } => query.bind(resolution_due.timestamp_millis()),
        Records::Rated { rating, comment } => query.bind(now).bind(i64::from(rating)).bind(comment),
        Records::Merged { into } => query.bind(now).bind(into),
    };
    let dealer: Option<Option<DealerId>> = query.fetch_optional(&mut **tx).await?;
    let Some(dealer) = dealer else { return Ok(false) };
    crate::fact::store::emit(tx, Fact::CaseStatusChanged { case: id, dealer, to }, at).await?;
    Ok(true)
}
