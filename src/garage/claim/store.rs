//! Claims in the database: a claim comes in (throttled, decided by
//! [`super::opening`]), care's queue, and approving or rejecting a waiting
//! claim, each written with one conditional UPDATE on the status it left.

use super::{
    is_registered_buyer, opening, transition, Action, Basis, Claimed, CurrentHolder, Holder, MyClaim, Opening, Party,
    QueuedClaim, Status, TransitionError, CLAIMS_PER_ACCOUNT_DAY, CLAIMS_PER_ADDRESS_HOUR,
};
use crate::account::{Staff, UserId};
use crate::clock::Clock;
use crate::db::{is_unique_violation, optional_date_column, Db};
use crate::error::{Conflict, DomainError, Field, FieldError, Problem, Throttle};
use crate::garage::store::ownership::start_ownership;
use crate::notify::notice::LeftBecause;
use crate::notify::outbox::Category as Topic;
use crate::notify::{tell, Message as Note, Notice};
use crate::types::Vin;
use crate::upload::{store::FileStore, CleanImage, Purpose};
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, FromRow, Transaction};

/// Counts the attempt against the claimant's day and the address's hour;
/// past either, the claim is not looked at.
async fn throttle(db: &Db, now: DateTime<Utc>, claimant: UserId, client_addr: &str) -> Result<(), DomainError> {
    let (account, day) = (claimant.to_string(), Duration::days(1));
    crate::rate_limit::hit(db, (Throttle::CarClaim, "car_claim_account"), &account, now, CLAIMS_PER_ACCOUNT_DAY, day)
        .await?;
    crate::rate_limit::hit(
        db,
        (Throttle::CarClaim, "car_claim_address"),
        client_addr,
        now,
        CLAIMS_PER_ADDRESS_HOUR,
        Duration::hours(1),
    )
    .await
}

fn stored<T>(value: Option<T>, what: &str) -> Result<T, DomainError> {
    value.ok_or_else(|| DomainError::Database(sqlx::Error::Decode(format!("unknown stored {what}").into())))
}

fn claim_step(e: TransitionError) -> DomainError {
    FieldError::new(Field::Confirm, Problem::Claim(e)).into()
}

/// A car claimed by `claimant`. The registered buyer (their verified mobile is
/// the one the dealer recorded) gets the car at once; anyone else's claim
/// needs `evidence` and waits for customer care, showing nothing of the car.
/// A repeated claim finds the first one.
pub async fn claim(
    db: &Db,
    clock: &dyn Clock,
    files: &dyn FileStore,
    claimant: UserId,
    vin: &str,
    evidence: Option<&CleanImage>,
    client_addr: &str,
) -> Result<Claimed, DomainError> {
    let now = clock.now();
    throttle(db, now, claimant, client_addr).await?;
    let vin = Vin::parse(vin).map_err(|e| FieldError::new(Field::Vin, e))?;
    let mut tx = db.begin_write().await?;
    let car: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT sale_date, registered_mobile FROM vehicles WHERE vin = $1")
            .bind(vin.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let registered = match car {
        None => return Err(FieldError::new(Field::Vin, Problem::VinNotRegistered).into()),
        Some((None, _)) => return Err(FieldError::new(Field::Vin, Problem::VinNotSold).into()),
        Some((Some(_), registered)) => registered,
    };
    let (mobile, verified_at): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT mobile, mobile_verified_at FROM users WHERE id = $1")
            .bind(claimant)
            .fetch_one(&mut *tx)
            .await?;
    let holding: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, owner_id, basis FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
            .bind(vin.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let holder = match &holding {
        None => Holder::Nobody,
        Some((_, owner, _)) if *owner == claimant => Holder::Claimant,
        Some((_, _, basis)) => Holder::Other(stored(Basis::parse(basis), "ownership basis")?),
    };
    let by_buyer = is_registered_buyer(registered.as_deref(), mobile.as_deref(), verified_at.is_some());
    let vin = vin.to_string();
    match opening(by_buyer, holder) {
        Opening::AlreadyYours => Ok(Claimed::Owned(vin)),
        Opening::Accept { ends_holder } => {
            if let (true, Some((ownership, holder, _))) = (ends_holder, holding) {
                end_ownership(&mut tx, ownership, "claimed_by_buyer", now).await?;
                let left = Notice::CarLeftGarage { vin: vin.clone(), because: LeftBecause::BuyerVerified };
                tell(&mut tx, holder, notice(left, "/me/garage"), now).await?;
            }
            supersede_waiting(&mut tx, &vin, claimant, now).await?;
            let started = start_ownership(&mut tx, &vin, claimant, Basis::Register, now).await;
            let ownership = match started {
                Ok(id) => id,
                Err(err) if is_unique_violation(&err) => {
                    drop(tx);
                    return raced(db, &vin, claimant).await;
                }
                Err(err) => return Err(err.into()),
            };
            sqlx::query(
                "INSERT INTO car_claims (vin, claimant_id, status, ownership_id, created_at, decided_at)
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(&vin)
            .bind(claimant)
            .bind(Status::Accepted.as_str())
            .bind(ownership)
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Claimed::Owned(vin))
        }
        Opening::Pending => {
            let waiting: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM car_claims WHERE vin = $1 AND claimant_id = $2 AND status = 'pending'",
            )
            .bind(&vin)
            .bind(claimant)
            .fetch_optional(&mut *tx)
            .await?;
            if waiting.is_some() {
                return Ok(Claimed::Pending(vin));
            }
            let evidence = evidence.ok_or_else(|| FieldError::new(Field::Evidence, Problem::ProofNeeded))?;
            let upload = files.put(&mut tx, claimant, Purpose::ClaimEvidence, evidence, now).await?;
            let filed = sqlx::query(
                "INSERT INTO car_claims (vin, claimant_id, status, evidence_upload_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&vin)
            .bind(claimant)
            .bind(Status::Pending.as_str())
            .bind(upload)
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await;
            match filed {
                Ok(_) => tx.commit().await?,
                // The same claim sent twice at once: the first one waits.
                Err(err) if is_unique_violation(&err) => {}
                Err(err) => return Err(err.into()),
            }
            Ok(Claimed::Pending(vin))
        }
    }
}

/// A claim that lost the one-current-owner race: harmless when the winner is
/// the claimant (a double submit), else the car is somebody else's now.
async fn raced(db: &Db, vin: &str, claimant: UserId) -> Result<Claimed, DomainError> {
    let holder: Option<i64> = sqlx::query_scalar("SELECT owner_id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
        .bind(vin)
        .fetch_optional(db.pool())
        .await?;
    match holder == Some(claimant) {
        true => Ok(Claimed::Owned(vin.to_owned())),
        false => Err(DomainError::Conflict(Conflict::CarClaimed)),
    }
}

fn notice(notice: Notice, link: &str) -> Note<'_> {
    Note { notice, link, category: Topic::Service }
}

async fn end_ownership(
    tx: &mut Transaction<'static, Any>,
    ownership: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ownerships SET ended_at = $1, ended_reason = $2 WHERE id = $3 AND ended_at IS NULL")
        .bind(now.timestamp_millis())
        .bind(reason)
        .bind(ownership)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A decided move of a claim, as the store writes it: care's decision, or the
/// portal ending it unheard (no one decided it, nothing owned, no reason).
struct Decision<'a> {
    id: i64,
    from: Status,
    to: Status,
    by: Option<UserId>,
    at: DateTime<Utc>,
    ownership: Option<i64>,
    reason: Option<&'a str>,
}

/// Writes a decision with one conditional UPDATE on the status it was made
/// from: a claim decided meanwhile by someone else is not decided twice.
async fn write_status(tx: &mut Transaction<'static, Any>, decision: Decision<'_>) -> Result<(), DomainError> {
    let moved = sqlx::query(
        "UPDATE car_claims SET status = $1, ownership_id = $2, reason = $3, decided_at = $4, decided_by = $5
         WHERE id = $6 AND status = $7",
    )
    .bind(decision.to.as_str())
    .bind(decision.ownership)
    .bind(decision.reason)
    .bind(decision.at.timestamp_millis())
    .bind(decision.by)
    .bind(decision.id)
    .bind(decision.from.as_str())
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(claim_step(TransitionError::Decided));
    }
    Ok(())
}

/// Ends every claim of the car still waiting, telling each claimant but
/// `owner` (who has the car now).
pub(crate) async fn supersede_waiting(
    tx: &mut Transaction<'static, Any>,
    vin: &str,
    owner: UserId,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let waiting: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, claimant_id, status FROM car_claims WHERE vin = $1 AND status = 'pending'")
            .bind(vin)
            .fetch_all(&mut **tx)
            .await?;
    for (id, claimant, status) in waiting {
        let from = stored(Status::parse(&status), "claim status")?;
        let to = transition(from, Action::Supersede, Party::System).map_err(claim_step)?;
        let ended = Decision { id, from, to, by: None, at: now, ownership: None, reason: None };
        write_status(tx, ended).await?;
        if claimant != owner {
            let closed = Notice::CarClaimSuperseded { vin: vin.to_string() };
            tell(tx, claimant, notice(closed, "/me/garage"), now).await?;
        }
    }
    Ok(())
}

/// The claimant's claims still waiting for care, oldest first.
pub async fn mine(db: &Db, claimant: UserId) -> Result<Vec<MyClaim>, DomainError> {
    let rows: Vec<(i64, Vin, String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.vin, m.name_zh, m.name_en, v.model_year, c.created_at
         FROM car_claims c JOIN vehicles v ON v.vin = c.vin JOIN car_models m ON m.id = v.model_id
         WHERE c.claimant_id = $1 AND c.status = 'pending' ORDER BY c.created_at, c.id",
    )
    .bind(claimant)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, vin, model_zh, model_en, model_year, at)| MyClaim {
            id,
            vin,
            model_zh,
            model_en,
            model_year,
            filed_at: DateTime::from_timestamp_millis(at).unwrap_or_default(),
        })
        .collect())
}

#[derive(FromRow)]
struct QueueRow {
    id: i64,
    vin: Vin,
    model_zh: String,
    model_en: String,
    model_year: i64,
    sale_date: Option<String>,
    claimant_id: i64,
    claimant_name: String,
    claimant_mobile: Option<String>,
    claimant_email: Option<String>,
    mobile_verified_at: Option<i64>,
    registered_mobile: Option<String>,
    created_at: i64,
    evidence_upload_id: Option<i64>,
    holder_name: Option<String>,
    holder_basis: Option<String>,
}

/// Every claim waiting for care, oldest first, for the desks that decide them.
pub async fn queue(db: &Db, staff: Staff) -> Result<Vec<QueuedClaim>, DomainError> {
    if !staff.may_decide_claims() {
        return Err(DomainError::NotFound);
    }
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT c.id, c.vin, m.name_zh AS model_zh, m.name_en AS model_en, v.model_year, v.sale_date,
                c.claimant_id, u.display_name AS claimant_name, u.mobile AS claimant_mobile,
                u.email AS claimant_email, u.mobile_verified_at, v.registered_mobile, c.created_at,
                c.evidence_upload_id, h.display_name AS holder_name, o.basis AS holder_basis
         FROM car_claims c
         JOIN vehicles v ON v.vin = c.vin
         JOIN car_models m ON m.id = v.model_id
         JOIN users u ON u.id = c.claimant_id
         LEFT JOIN ownerships o ON o.vin = c.vin AND o.ended_at IS NULL
         LEFT JOIN users h ON h.id = o.owner_id
         WHERE c.status = 'pending'
         ORDER BY c.created_at, c.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            let holder = match (row.holder_name, row.holder_basis) {
                (Some(name), Some(basis)) => {
                    Some(CurrentHolder { name, on_proof: stored(Basis::parse(&basis), "ownership basis")?.on_proof() })
                }
                _ => None,
            };
            Ok(QueuedClaim {
                matches_register: is_registered_buyer(
                    row.registered_mobile.as_deref(),
                    row.claimant_mobile.as_deref(),
                    row.mobile_verified_at.is_some(),
                ),
                id: row.id,
                vin: row.vin,
                model_zh: row.model_zh,
                model_en: row.model_en,
                model_year: row.model_year,
                sale_date: optional_date_column(row.sale_date.as_deref())?,
                claimant_id: row.claimant_id,
                claimant_name: row.claimant_name,
                claimant_mobile: row.claimant_mobile,
                claimant_email: row.claimant_email,
                filed_at: DateTime::from_timestamp_millis(row.created_at).unwrap_or_default(),
                evidence: row.evidence_upload_id,
                holder,
            })
        })
        .collect()
}

/// A waiting claim's car, claimant and status, for a decision on it.
async fn waiting_claim(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    action: Action,
) -> Result<(Vin, UserId, Status, Status), DomainError> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT vin, claimant_id, status FROM car_claims WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let (vin, claimant, status) = row.ok_or(DomainError::NotFound)?;
    let from = stored(Status::parse(&status), "claim status")?;
    let to = transition(from, action, Party::Care).map_err(claim_step)?;
    let vin = Vin::parse(&vin).map_err(|e| DomainError::Database(sqlx::Error::Decode(e.to_string().into())))?;
    Ok((vin, claimant, from, to))
}

/// Care approves a claim on its evidence: whoever else holds the car hands it
/// over (and is told), the claimant's ownership starts, the register's mobile
/// becomes the claimant's, other waiting claims of the car end, and the
/// claimant is told, all in one transaction.
pub async fn approve(db: &Db, clock: &dyn Clock, staff: Staff, id: i64) -> Result<(), DomainError> {
    if !staff.may_decide_claims() {
        return Err(DomainError::NotFound);
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let (vin, claimant, from, to) = waiting_claim(&mut tx, id, Action::Approve).await?;
    let previous: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, owner_id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
            .bind(vin.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let ownership = match previous {
        // Care moved the car to the claimant meanwhile: it now stands on proof.
        Some((ownership, owner)) if owner == claimant => {
            sqlx::query("UPDATE ownerships SET basis = $1 WHERE id = $2")
                .bind(Basis::Care.as_str())
                .bind(ownership)
                .execute(&mut *tx)
                .await?;
            ownership
        }
        previous => {
            if let Some((ownership, owner)) = previous {
                end_ownership(&mut tx, ownership, "claim_approved", now).await?;
                let left = Notice::CarLeftGarage { vin: vin.to_string(), because: LeftBecause::CareConfirmed };
                tell(&mut tx, owner, notice(left, "/me/garage"), now).await?;
            }
            start_ownership(&mut tx, vin.as_str(), claimant, Basis::Care, now).await.map_err(|e| {
                match is_unique_violation(&e) {
                    true => DomainError::Conflict(Conflict::CarClaimed),
                    false => e.into(),
                }
            })?
        }
    };
    let decision = Decision { id, from, to, by: Some(staff.id), at: now, ownership: Some(ownership), reason: None };
    write_status(&mut tx, decision).await?;
    // Only a number the claimant has proved: an unproved one would let whoever
    // holds it claim the car straight away (NULL: nobody claims it without care).
    sqlx::query(
        "UPDATE vehicles SET registered_mobile =
           (SELECT mobile FROM users WHERE id = $1 AND mobile_verified_at IS NOT NULL) WHERE vin = $2",
    )
    .bind(claimant)
    .bind(vin.as_str())
    .execute(&mut *tx)
    .await?;
    supersede_waiting(&mut tx, vin.as_str(), claimant, now).await?;
    let detail = format!("claim:{id} to user:{claimant}");
    crate::audit::record_staff_action(&mut *tx, now, staff.id, crate::audit::Action::CarClaimApproved, &vin, detail)
        .await?;
    let link = format!("/me/garage/{vin}");
    tell(&mut tx, claimant, notice(Notice::CarClaimApproved { vin: vin.to_string() }, &link), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Care rejects a claim, saying why; the claimant is told the reason.
pub async fn reject(db: &Db, clock: &dyn Clock, staff: Staff, id: i64, reason: &str) -> Result<(), DomainError> {
    if !staff.may_decide_claims() {
        return Err(DomainError::NotFound);
    }
    let now = clock.now();
    let mut tx = db.begin_write().await?;
    let (vin, claimant, from, to) = waiting_claim(&mut tx, id, Action::Reject).await?;
    let decision = Decision { id, from, to, by: Some(staff.id), at: now, ownership: None, reason: Some(reason) };
    write_status(&mut tx, decision).await?;
    let detail = format!("claim:{id} of user:{claimant}; reason: {reason}");
    crate::audit::record_staff_action(&mut *tx, now, staff.id, crate::audit::Action::CarClaimRejected, &vin, detail)
        .await?;
    let rejected = Notice::CarClaimRejected { vin: vin.to_string(), reason: reason.to_owned() };
    tell(&mut tx, claimant, notice(rejected, "/me/garage"), now).await?;
    tx.commit().await?;
    Ok(())
}
