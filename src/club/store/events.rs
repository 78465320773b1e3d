//! Events: places taken by a conditional UPDATE (never more than capacity,
//! whatever arrives at once), a waiting list that moves up when someone
//! leaves, and check-in by the organiser's code or the organiser's hand —
//! which is what loyalty credits as attendance.

use super::shared::{at, may_contribute, place, tell_member, Tx};
use crate::account::{User, UserId};
use crate::clock::Clock;
use crate::club::event::{self, check_in as may_check_in, transition, CheckInError, NewEvent, Party, Rsvp, RsvpAction};
use crate::club::views::{Attendee, EventView};
use crate::club::{Item, PostId, Status, TransitionError};
use crate::db::Db;
use crate::error::{DomainError, Field};
use crate::fact::{store::emit, Fact};
use crate::notify::Notice;
use crate::types::CheckInCode;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub(super) async fn create(tx: &mut Tx, post: PostId, organiser: UserId, event: &NewEvent) -> Result<(), sqlx::Error> {
    let token = CheckInCode::fresh();
    sqlx::query(
        "INSERT INTO club_events (post_id, starts_at, ends_at, place, capacity, checkin_token) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(post)
    .bind(event.starts_at.timestamp_millis())
    .bind(event.ends_at.timestamp_millis())
    .bind(&event.place)
    .bind(event.capacity)
    .bind(token.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO club_event_organisers (post_id, user_id) VALUES ($1, $2)")
        .bind(post)
        .bind(organiser)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    starts_at: i64,
    ends_at: i64,
    place: String,
    capacity: i64,
    taken: i64,
    checkin_token: String,
}

async fn event_row(db: &Db, post: PostId) -> Result<EventRow, DomainError> {
    sqlx::query_as(
        "SELECT starts_at, ends_at, place, capacity, taken, checkin_token FROM club_events WHERE post_id = $1",
    )
    .bind(post)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DomainError::NotFound)
}

async fn organises(db: &Db, user: &User, post: PostId) -> Result<bool, sqlx::Error> {
    // Admins stand in for any event's organisers.
    if user.role.is_admin() {
        return Ok(true);
    }
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM club_event_organisers WHERE post_id = $1 AND user_id = $2")
            .bind(post)
            .bind(user.id)
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

#[derive(sqlx::FromRow)]
struct MyRow {
    status: Rsvp,
    queued_at: i64,
    checked_in_at: Option<i64>,
}

async fn my_rsvp<'e>(
    exec: impl Executor<'e, Database = Any>,
    post: PostId,
    user: UserId,
) -> Result<Option<MyRow>, sqlx::Error> {
    sqlx::query_as("SELECT status, queued_at, checked_in_at FROM club_rsvps WHERE post_id = $1 AND user_id = $2")
        .bind(post)
        .bind(user)
        .fetch_optional(exec)
        .await
}

pub(super) async fn event_view(
    db: &Db,
    post: PostId,
    viewer: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<EventView, DomainError> {
    let row = event_row(db, post).await?;
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM club_rsvps WHERE post_id = $1 AND status = $2")
        .bind(post)
        .bind(Rsvp::Waiting.as_str())
        .fetch_one(db.pool())
        .await?;
    let mine = match viewer {
        Some(user) => my_rsvp(db.pool(), post, user).await?,
        None => None,
    };
    let my_position = match &mine {
        Some(m) if m.status == Rsvp::Waiting => Some(
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM club_rsvps WHERE post_id = $1 AND status = $2 AND queued_at <= $3",
            )
            .bind(post)
            .bind(Rsvp::Waiting.as_str())
            .bind(m.queued_at)
            .fetch_one(db.pool())
            .await?,
        ),
        _ => None,
    };
    let organiser = match viewer {
        Some(user) => {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM club_event_organisers WHERE post_id = $1 AND user_id = $2")
                    .bind(post)
                    .bind(user)
                    .fetch_optional(db.pool())
                    .await?;
            found.is_some()
        }
        None => false,
    };
    let starts = at(row.starts_at);
    let ends = at(row.ends_at);
    Ok(EventView {
        starts_ms: row.starts_at,
        ends_ms: row.ends_at,
        place: row.place,
        capacity: row.capacity,
        going: row.taken,
        waiting,
        checked_in: mine.as_ref().is_some_and(|m| m.checked_in_at.is_some()),
        mine: mine.as_ref().map(|m| m.status),
        my_position,
        organiser,
        check_in_code: organiser.then_some(row.checkin_token),
        check_in_open: may_check_in(Some(Rsvp::Going), false, starts, ends, now).is_ok(),
    })
}

/// An event's places as they stand, its row held until the transaction ends,
/// so places and the waiting list change one answer at a time.
async fn lock_places(db: &Db, tx: &mut Tx, post: PostId) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let sql = format!("SELECT capacity, taken FROM club_events WHERE post_id = $1{}", db.for_update());
    sqlx::query_as(&sql).bind(post).fetch_optional(&mut **tx).await
}

/// Writes a change of a member's answer decided by `club::event::transition`;
/// a renewed answer queues anew (`queued_at`), other steps keep their place.
/// Zero rows means the answer moved meanwhile, which is answered, never overwritten.
async fn write_status(
    tx: &mut Tx,
    post: PostId,
    member: UserId,
    from: Rsvp,
    to: Rsvp,
    queued_at: Option<DateTime<Utc>>,
) -> Result<(), DomainError> {
    let written = sqlx::query(
        "UPDATE club_rsvps SET status = $1, queued_at = COALESCE($2, queued_at)
         WHERE post_id = $3 AND user_id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(queued_at.map(|at| at.timestamp_millis()))
    .bind(post)
    .bind(member)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    if written.rows_affected() != 1 {
        return Err(TransitionError::NotFromHere.into());
    }
    Ok(())
}

/// Takes a place at an event, or a place on its waiting list when it is full:
/// for members who may write in the club and are not banned or suspended. A
/// member already coming (a double tap) keeps their answer.
pub async fn rsvp(db: &Db, clock: &dyn Clock, user: &User, post: PostId) -> Result<Rsvp, DomainError> {
    let now = clock.now();
    let place = place(db.pool(), Item::post(post)).await?;
    let event = event_row(db, post).await?;
    if place.status()? != Status::Visible || !event::taking_answers(at(event.ends_at), now) {
        return Err(DomainError::NotFound);
    }
    may_contribute(db, user, now).await?;
    let mut tx = db.begin_write().await?;
    let (capacity, taken) = lock_places(db, &mut tx, post).await?.ok_or(DomainError::NotFound)?;
    let mine = my_rsvp(&mut *tx, post, user.id).await?;
    let from = mine.as_ref().map_or(Rsvp::Cancelled, |m| m.status);
    if from != Rsvp::Cancelled {
        return Ok(from);
    }
    let to = transition(from, event::answer(capacity, taken), Party::Member)?;
    if to == Rsvp::Going {
        // Conditional, as the CHECK on `taken` is: never more than the places.
        let took = sqlx::query("UPDATE club_events SET taken = taken + 1 WHERE post_id = $1 AND taken < capacity")
            .bind(post)
            .execute(&mut *tx)
            .await?;
        if took.rows_affected() != 1 {
            return Err(TransitionError::NotFromHere.into());
        }
    }
    match mine {
        // A check-in stays recorded: only the answer is renewed.
        Some(_) => write_status(&mut tx, post, user.id, from, to, Some(now)).await?,
        None => {
            sqlx::query("INSERT INTO club_rsvps (post_id, user_id, status, queued_at) VALUES ($1, $2, $3, $4)")
                .bind(post)
                .bind(user.id)
                .bind(to.as_str())
                .bind(now.timestamp_millis())
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(to)
}

/// Gives up a place (or leaves the waiting list). A freed place goes to the
/// first on the waiting list, who is told. Someone who checked in was there:
/// that stays.
pub async fn leave(db: &Db, clock: &dyn Clock, user: &User, post: PostId) -> Result<(), DomainError> {
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    lock_places(db, &mut tx, post).await?;
    let Some(mine) = my_rsvp(&mut *tx, post, user.id).await? else { return Ok(()) };
    if mine.checked_in_at.is_some() {
        return Ok(());
    }
    // Not coming already: nothing to give up.
    let Ok(to) = transition(mine.status, RsvpAction::Cancel, Party::Member) else { return Ok(()) };
    write_status(&mut tx, post, user.id, mine.status, to, None).await?;
    if mine.status == Rsvp::Going {
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM club_rsvps WHERE post_id = $1 AND status = $2 ORDER BY queued_at, user_id LIMIT 1",
        )
        .bind(post)
        .bind(Rsvp::Waiting.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        match next {
            Some(next) => {
                // The place passes straight on: `taken` stays as it is.
                let to = transition(Rsvp::Waiting, RsvpAction::MoveUp, Party::System)?;
                write_status(&mut tx, post, next, Rsvp::Waiting, to, None).await?;
                tell_member(&mut tx, next, Notice::ClubEventPlace, &format!("/club/post/{post}"), now).await?;
            }
            None => {
                sqlx::query("UPDATE club_events SET taken = taken - 1 WHERE post_id = $1 AND taken > 0")
                    .bind(post)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A member checks in by scanning the organiser's code.
pub async fn check_in(db: &Db, clock: &dyn Clock, user: &User, post: PostId, code: &str) -> Result<(), DomainError> {
    let event = event_row(db, post).await?;
    if !CheckInCode::parse(code).is_ok_and(|code| code.as_str() == event.checkin_token) {
        return Err(DomainError::invalid(Field::Code, CheckInError::WrongCode));
    }
    attend(db, clock, user.id, post, &event).await
}

/// The organiser marks a member as there.
pub async fn mark_attended(
    db: &Db,
    clock: &dyn Clock,
    organiser: &User,
    post: PostId,
    member: UserId,
) -> Result<(), DomainError> {
    if !organises(db, organiser, post).await? {
        return Err(DomainError::NotFound);
    }
    let event = event_row(db, post).await?;
    attend(db, clock, member, post, &event).await
}

/// Marks `member` as there; organisers were there anyway, so only others'
/// attendance is a fact loyalty credits. The post must still be out, and the
/// member still free to take part.
async fn attend(db: &Db, clock: &dyn Clock, member: UserId, post: PostId, event: &EventRow) -> Result<(), DomainError> {
    let now = clock.now();
    if place(db.pool(), Item::post(post)).await?.status()? != Status::Visible {
        return Err(DomainError::NotFound);
    }
    // Banned, suspended or without a car since taking the place: no attendance.
    let attendee = crate::account::store::find(db, member).await?.ok_or(DomainError::NotFound)?;
    may_contribute(db, &attendee, now).await?;
    let mine = my_rsvp(db.pool(), post, member).await?;
    may_check_in(
        mine.as_ref().map(|m| m.status),
        mine.as_ref().is_some_and(|m| m.checked_in_at.is_some()),
        at(event.starts_at),
        at(event.ends_at),
        now,
    )
    .map_err(|e| DomainError::invalid(Field::Code, e))?;
    let mut tx = db.begin_write().await?;
    // After a place given up at this moment, not beside it.
    lock_places(db, &mut tx, post).await?;
    let marked = sqlx::query(
        "UPDATE club_rsvps SET checked_in_at = $1 WHERE post_id = $2 AND user_id = $3 AND status = $4 AND checked_in_at IS NULL",
    )
    .bind(now.timestamp_millis())
    .bind(post)
    .bind(member)
    .bind(Rsvp::Going.as_str())
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() != 1 {
        return Err(DomainError::invalid(Field::Code, CheckInError::Already));
    }
    let organiser: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM club_event_organisers WHERE post_id = $1 AND user_id = $2")
            .bind(post)
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?;
    if organiser.is_none() {
        emit(&mut tx, Fact::ClubEventAttended { event: post, member }, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Who is coming, for the organisers.
pub async fn attendees(db: &Db, organiser: &User, post: PostId) -> Result<Vec<Attendee>, DomainError> {
    if !organises(db, organiser, post).await? {
        return Err(DomainError::NotFound);
    }
    let rows: Vec<(i64, String, Rsvp, Option<i64>, i64)> = sqlx::query_as(
        "SELECT r.user_id, u.display_name, r.status, r.checked_in_at,
                (SELECT COUNT(*) FROM club_event_organisers o WHERE o.post_id = r.post_id AND o.user_id = r.user_id)
         FROM club_rsvps r JOIN users u ON u.id = r.user_id
         WHERE r.post_id = $1 AND r.status <> $2 ORDER BY r.status, r.queued_at",
    )
    .bind(post)
    .bind(Rsvp::Cancelled.as_str())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, status, checked_in_at, organisers)| Attendee {
            user_id,
            organiser: organisers > 0,
            name,
            status,
            checked_in_at,
        })
        .collect())
}

/// An organiser makes someone coming to the event an organiser too (a
/// chapter's events are run by several people).
pub async fn add_organiser(db: &Db, organiser: &User, post: PostId, member: UserId) -> Result<(), DomainError> {
    if !organises(db, organiser, post).await? {
        return Err(DomainError::NotFound);
    }
    let coming: Option<String> =
        sqlx::query_scalar("SELECT status FROM club_rsvps WHERE post_id = $1 AND user_id = $2 AND status <> $3")
            .bind(post)
            .bind(member)
            .bind(Rsvp::Cancelled.as_str())
            .fetch_optional(db.pool())
            .await?;
    if coming.is_none() {
        return Err(DomainError::invalid(Field::Item, crate::error::Problem::UnknownChoice));
    }
    sqlx::query("INSERT INTO club_event_organisers (post_id, user_id) VALUES ($1, $2) ON CONFLICT (post_id, user_id) DO NOTHING")
        .bind(post)
        .bind(member)
        .execute(db.pool())
        .await?;
    Ok(())
}
