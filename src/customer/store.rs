//! The customer search's SQL: every meaning of the text in one query, kept
//! to the customers the desk reaches, then their contacts and cars.

mod caller;
mod card;

pub use caller::{caller, Caller, CallerCar, NextBooking, OpenCase};
pub use card::{add_note, card};

use super::{Found, Match, Needle, Query, MAX_RESULTS};
use crate::account::reach::owner_at_dealer;
use crate::account::Staff;
use crate::db::{Db, Engine};
use crate::error::DomainError;
use crate::garage::OwnerContact;

/// The customers `query` finds that `staff`'s desk reaches (a dealer's desk:
/// owners with a car, booking, case or lead there), best known first, and
/// prospects known only by a lead for desks that work leads or care.
pub async fn search(db: &Db, staff: Staff, query: &Query) -> Result<Vec<Found>, DomainError> {
    let mut owners = owner_hits(db, staff, query).await?;
    if staff.role.works_leads() || staff.role.is_care() {
        owners.extend(prospect_hits(db, staff, query).await?);
    }
    Ok(owners)
}

/// A bound value of the search's SQL.
enum Bind {
    Id(i64),
    Text(String),
}

/// `%part%` for LIKE, with LIKE's own characters taken literally.
fn contains(part: &str) -> String {
    let escaped = part.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// What a text part is bound as: the part itself on SQLite, whose search never
/// uses LIKE (a statement whose LIKE pattern is a parameter is compiled again
/// each time it is bound, and that compiling was most of a search's cost), and
/// `%part%` for PostgreSQL's LIKE.
fn part_text(engine: Engine, part: &str) -> String {
    match engine {
        Engine::Sqlite => part.to_owned(),
        Engine::Postgres => contains(part),
    }
}

/// The condition that `column` holds the part bound as `$n` (see [`part_text`]).
fn holds(engine: Engine, column: &str, n: usize) -> String {
    match engine {
        Engine::Sqlite => format!("instr({column}, ${n}) > 0"),
        Engine::Postgres => format!("{column} LIKE ${n} ESCAPE '\\'"),
    }
}

/// A column the search looks for a part of.
#[derive(Clone, Copy)]
enum Column {
    Name,
    Mobile,
    Email,
    Vin,
    Plate,
}

impl Column {
    /// The search's branch finding `$n` in this column: `(owner_id, matched)` rows.
    /// On SQLite a part of at least three characters is a phrase for the trigram
    /// tables (`users_fts`, `ownerships_fts`: any part of the column, in any
    /// case); a shorter one, which makes no trigram, reads the table. PostgreSQL's
    /// trigram indexes are on these very expressions, which it compares with LIKE.
    fn branch(self, engine: Engine, part: &str, n: usize) -> String {
        // What the row says matched, the column (as compared, and as the trigram
        // table names it), and whether it is the owner's own row or a car's.
        let (matched, column, fts, users) = match self {
            Column::Name => ("name", "LOWER(display_name)", "display_name", true),
            Column::Mobile => ("mobile", "mobile", "mobile", true),
            Column::Email => ("email", "LOWER(email)", "email", true),
            Column::Vin => ("vin", "vin", "vin", false),
            Column::Plate => ("plate", "UPPER(plate)", "plate", false),
        };
        let indexed = engine == Engine::Sqlite && part.chars().count() >= 3;
        // The part as one quoted FTS5 phrase ("" inside stands for a quote).
        let phrase = format!("'{fts} : \"' || replace(${n}, '\"', '\"\"') || '\"'");
        match (indexed, users) {
            (true, true) => {
                format!(
                    "SELECT rowid AS owner_id, '{matched}' AS matched FROM users_fts WHERE users_fts MATCH {phrase}"
                )
            }
            (true, false) => format!(
                "SELECT o.owner_id, '{matched}' AS matched FROM ownerships_fts f JOIN ownerships o ON o.id = f.rowid
                 WHERE ownerships_fts MATCH {phrase} AND o.ended_at IS NULL"
            ),
            (false, true) => {
                format!("SELECT id AS owner_id, '{matched}' AS matched FROM users WHERE {}", holds(engine, column, n))
            }
            (false, false) => format!(
                "SELECT owner_id, '{matched}' AS matched FROM ownerships WHERE ended_at IS NULL AND {}",
                holds(engine, column, n)
            ),
        }
    }
}

async fn owner_hits(db: &Db, staff: Staff, query: &Query) -> Result<Vec<Found>, DomainError> {
    // A dealer's desk binds its dealer as $1; each needle adds its branch.
    let dealer = staff.desk.dealer();
    let first = if dealer.is_some() { 2 } else { 1 };
    let mut branches = Vec::new();
    let mut binds = Vec::new();
    let engine = db.engine();
    for needle in &query.needles {
        let n = binds.len() + first;
        match needle {
            Needle::Reference(id) => {
                binds.push(Bind::Id(*id));
                branches.push(format!("SELECT owner_id AS owner_id, 'case' AS matched FROM cases WHERE id = ${n}"));
                branches.push(format!("SELECT owner_id, 'booking' AS matched FROM bookings WHERE id = ${n}"));
                branches.push(format!(
                    "SELECT owner_id, 'lead' AS matched FROM leads WHERE id = ${n} AND owner_id IS NOT NULL"
                ));
            }
            Needle::Phone(part) | Needle::Email(part) | Needle::Name(part) | Needle::Vehicle(part) => {
                let part = if matches!(needle, Needle::Name(_)) { part.to_lowercase() } else { part.clone() };
                let columns: &[Column] = match needle {
                    Needle::Phone(_) => &[Column::Mobile],
                    Needle::Email(_) => &[Column::Email],
                    Needle::Name(_) => &[Column::Name],
                    _ => &[Column::Vin, Column::Plate],
                };
                branches.extend(columns.iter().map(|c| c.branch(engine, &part, n)));
                binds.push(Bind::Text(part_text(engine, &part)));
            }
        }
    }
    if branches.is_empty() {
        return Ok(Vec::new());
    }
    // Each branch is capped on its own, so a part that thousands share ("车主",
    // the start of every VIN) stops early instead of sorting them all; the page
    // then asks staff to narrow it. A dealer's desk keeps only its customers
    // before the cap. A brand-wide desk's SQL has no such clause at all: on
    // PostgreSQL planning the clause, even to find it always true, cost more
    // than running the whole search.
    let reach = match dealer {
        Some(_) => format!(" WHERE {}", owner_at_dealer("s.owner_id", "$1")),
        None => String::new(),
    };
    let cap = MAX_RESULTS * 4;
    let hits = branches
        .iter()
        .enumerate()
        .map(|(i, branch)| {
            format!("SELECT * FROM (SELECT s.owner_id, s.matched FROM ({branch}) s{reach} LIMIT {cap}) b{i}")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    // One row per owner with everything that matched, the first page of them
    // only, and their cars alongside (one query, not one more round trip).
    let (matches, cars) = (all_matched(engine, "h.matched"), cars_now(engine, "g.id"));
    let sql = format!(
        "SELECT g.id, g.display_name, g.mobile, g.email, g.city, g.matched, {cars}
         FROM (SELECT u.id, u.display_name, u.mobile, u.email, u.city, {matches} AS matched
               FROM ({hits}) h JOIN users u ON u.id = h.owner_id
               WHERE u.role IN ('owner', 'moderator')
               GROUP BY u.id, u.display_name, u.mobile, u.email, u.city
               ORDER BY u.display_name, u.id LIMIT {MAX_RESULTS}) g
         ORDER BY g.display_name, g.id"
    );
    let mut rows = sqlx::query_as::<_, Hit>(&sql);
    if let Some(dealer) = dealer {
        rows = rows.bind(dealer);
    }
    for bind in binds {
        rows = match bind {
            Bind::Id(id) => rows.bind(id),
            Bind::Text(text) => rows.bind(text),
        };
    }
    rows.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|hit| {
            let cars = serde_json::from_str(&hit.cars).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            let mut matched: Vec<Match> = hit.matched.split(',').filter_map(matched_as).collect();
            matched.sort();
            matched.dedup();
            // Every customer listed is one the desk reaches.
            let contact = OwnerContact::seen_by(staff.role, true, hit.id, hit.display_name, hit.mobile, hit.email);
            Ok(Found {
                owner: Some(hit.id),
                lead: None,
                name: contact.display_name,
                mobile: contact.mobile,
                email: contact.email,
                city: hit.city,
                cars,
                matched,
            })
        })
        .collect()
}

/// What matched one owner, joined with commas (an SQL aggregate).
fn all_matched(engine: Engine, column: &str) -> String {
    match engine {
        Engine::Sqlite => format!("group_concat({column}, ',')"),
        Engine::Postgres => format!("string_agg({column}, ',')"),
    }
}

/// One row of the search: an owner, what matched (comma-separated), and their
/// cars as JSON.
#[derive(sqlx::FromRow)]
struct Hit {
    id: i64,
    display_name: String,
    mobile: Option<String>,
    email: Option<String>,
    city: Option<String>,
    matched: String,
    cars: String,
}

/// The cars `owner` (an SQL expression) owns now, oldest first, as a JSON
/// array of `[vin, plate]`.
fn cars_now(engine: Engine, owner: &str) -> String {
    match engine {
        Engine::Sqlite => format!(
            "(SELECT json_group_array(json_array(vin, plate)) FROM
              (SELECT vin, plate FROM ownerships WHERE owner_id = {owner} AND ended_at IS NULL ORDER BY started_at)) AS cars"
        ),
        Engine::Postgres => format!(
            "(SELECT COALESCE(json_agg(json_build_array(vin, plate) ORDER BY started_at), '[]')::text
              FROM ownerships WHERE owner_id = {owner} AND ended_at IS NULL) AS cars"
        ),
    }
}

fn matched_as(stored: &str) -> Option<Match> {
    Some(match stored {
        "name" => Match::Name,
        "mobile" => Match::Mobile,
        "email" => Match::Email,
        "vin" => Match::Vin,
        "plate" => Match::Plate,
        "case" => Match::Case,
        "booking" => Match::Booking,
        "lead" => Match::Lead,
        _ => return None,
    })
}

/// Prospects with no account: leads the desk works, by number, mobile or name.
async fn prospect_hits(db: &Db, staff: Staff, query: &Query) -> Result<Vec<Found>, DomainError> {
    let (mut id, mut phone, mut name) = (None, None, None);
    let engine = db.engine();
    let text = |part: &str| part_text(engine, part);
    for needle in &query.needles {
        match needle {
            Needle::Reference(n) => id = Some(*n),
            Needle::Phone(digits) => phone = Some(text(digits)),
            Needle::Name(part) => name = Some(text(&part.to_lowercase())),
            Needle::Email(_) | Needle::Vehicle(_) => {}
        }
    }
    if id.is_none() && phone.is_none() && name.is_none() {
        return Ok(Vec::new());
    }
    let (mobile_has, name_has) = (holds(engine, "mobile", 3), holds(engine, "LOWER(name)", 4));
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT id, name, mobile, city, CASE WHEN id = $2 THEN 1 WHEN {mobile_has} THEN 2 ELSE 3 END
         FROM leads
         WHERE owner_id IS NULL AND ($1 IS NULL OR dealer_id = $1)
           AND (id = $2 OR {mobile_has} OR {name_has})
         ORDER BY id DESC LIMIT $5",
    ))
    .bind(staff.desk.dealer())
    .bind(id)
    .bind(phone)
    .bind(name)
    .bind(MAX_RESULTS)
    .fetch_all(db.pool())
    .await?;
    // Lead handlers call prospects; care sees the number only as a lead handler would.
    let shows_mobile = staff.role.works_leads();
    Ok(rows
        .into_iter()
        .map(|(lead, name, mobile, city, how)| Found {
            owner: None,
            lead: Some(lead),
            name,
            mobile: Some(if shows_mobile { mobile } else { crate::verification::mask(&mobile) }),
            email: None,
            city: Some(city),
            cars: Vec::new(),
            matched: vec![match how {
                1 => Match::Lead,
                2 => Match::Mobile,
                _ => Match::Name,
            }],
        })
        .collect())
}
