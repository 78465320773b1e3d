//! CSV exports for staff (`/staff/export/…`): a segment by its filter or its
//! saved id, and the customer search's results. UTF-8 with a BOM, every line
//! made by `pitlane::export::row`, headings in the reader's language, only the
//! columns the desk may see, and the rows streamed as the database sends them.
//!
//! Every export leaves one audit line (`customers_exported`) with who, what
//! (the filter or the search) and how many rows. It is written at the end, when
//! the count is known, and before the body ends: a client that has read the
//! whole file finds the line written; a download broken off is recorded with the
//! rows sent so far and says so.

use app::auth::Visitor;
use app::i18n::{china_time, problem_text, Lang};
use app::segment::words::{field_label, rfm_name, S};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::{SinkExt, StreamExt};
use pitlane::account::Staff;
use pitlane::audit::{Action, Entry};
use pitlane::error::FieldError;
use pitlane::export::{row, BOM};
use pitlane::segment::{Filter, Member};

/// Bytes gathered before they are handed to the connection.
const CHUNK_BYTES: usize = 64 * 1024;

/// `/staff/export/segment.csv?<filter>`: the owners of a filter.
pub async fn segment_csv(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    RawQuery(query): RawQuery,
) -> Response {
    let staff = match segment_desk(&visitor) {
        Ok(staff) => staff,
        Err(status) => return status.into_response(),
    };
    let filter = match Filter::parse_query(query.as_deref().unwrap_or_default()) {
        Ok(filter) => filter,
        Err(err) => return bad_filter(err, visitor.lang),
    };
    let what = format!("filter:{}", filter.to_query());
    stream_segment(state, staff, visitor, filter, what, "segment.csv".to_owned())
}

/// `/staff/export/segment/{id}.csv`: the owners of one of the desk's saved segments.
pub async fn saved_segment_csv(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(file): Path<String>,
) -> Response {
    let staff = match segment_desk(&visitor) {
        Ok(staff) => staff,
        Err(status) => return status.into_response(),
    };
    let Some(id) = file.strip_suffix(".csv").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let segment = match pitlane::segment::store::get(&state.db, staff, id).await {
        Ok(segment) => segment,
        Err(pitlane::DomainError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, id, "cannot load a segment to export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let what = format!("segment:{id} filter:{}", segment.filter.to_query());
    stream_segment(state, staff, visitor, segment.filter, what, format!("segment-{id}.csv"))
}

#[derive(serde::Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// `/staff/export/customers.csv?q=`: the customer search's results, as the desk sees them.
pub async fn customers_csv(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(search): Query<Search>,
) -> Response {
    use app::customer::words::{matched_name, K};
    let staff = match staff_of(&visitor) {
        Ok(staff) => staff,
        Err(status) => return status.into_response(),
    };
    let lang = visitor.lang;
    let Ok(query) = pitlane::customer::Query::parse(&search.q) else {
        let problem = pitlane::error::Problem::TooShort(pitlane::customer::MIN_CHARS);
        return (StatusCode::BAD_REQUEST, format!("{} (q): {}", K::Label.text(lang), problem_text(problem, lang)))
            .into_response();
    };
    let found = match pitlane::customer::store::search(&state.db, staff, &query).await {
        Ok(found) => found,
        Err(err) => {
            tracing::error!(error = %err, "cannot search customers to export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Lead handlers see a prospect's number, as in the search; analysts no contact at all.
    let contacts = staff.role.sees_owner_contacts() || staff.role.works_leads();
    let mut headings = vec![K::ColCustomer.text(lang)];
    if contacts {
        headings.extend([S::ColMobile.text(lang), S::ColEmail.text(lang)]);
    }
    headings.extend([K::ColCity.text(lang), K::ColCars.text(lang), K::ColMatched.text(lang)]);
    let mut body = format!("{BOM}{}", row(headings));
    for c in &found {
        let cars = c
            .cars
            .iter()
            .map(|(vin, plate)| plate.as_ref().map_or(vin.clone(), |p| format!("{p} {vin}")))
            .collect::<Vec<_>>()
            .join("; ");
        let matched = c.matched.iter().map(|m| matched_name(*m, lang)).collect::<Vec<_>>().join("; ");
        let mut cells = vec![c.name.clone()];
        if contacts {
            cells.extend([c.mobile.clone().unwrap_or_default(), c.email.clone().unwrap_or_default()]);
        }
        cells.extend([c.city.clone().unwrap_or_default(), cars, matched]);
        body.push_str(&row(cells));
    }
    let what = format!("search:{}", query.text);
    if let Err(err) = audit(&state, staff, &visitor, &what, found.len() as u64, true).await {
        tracing::error!(error = %err, "cannot audit an export");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    csv_response("customers.csv", Body::from(body))
}

/// A signed-in staff member at their desk; anyone else is refused.
fn staff_of(visitor: &Visitor) -> Result<Staff, StatusCode> {
    // Signed-out visitors never get here: `sign_in_first` sends them to sign in.
    let user = visitor.user.as_ref().ok_or(StatusCode::UNAUTHORIZED)?;
    user.as_staff().ok_or(StatusCode::FORBIDDEN)
}

/// A desk that works segments (`Staff::works_segments`).
fn segment_desk(visitor: &Visitor) -> Result<Staff, StatusCode> {
    let staff = staff_of(visitor)?;
    if staff.works_segments() {
        Ok(staff)
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

/// 400 naming the field: its label in the reader's language, its parameter and what is wrong.
fn bad_filter(err: FieldError, lang: Lang) -> Response {
    let text =
        format!("{} ({}): {}", field_label(err.field, lang), err.field.as_str(), problem_text(err.problem, lang));
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))], text)
        .into_response()
}

fn csv_response(filename: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

async fn audit(
    state: &AppState,
    staff: Staff,
    visitor: &Visitor,
    what: &str,
    rows: u64,
    complete: bool,
) -> Result<(), sqlx::Error> {
    let detail = if complete { format!("rows={rows}") } else { format!("rows={rows} (stopped early)") };
    pitlane::audit::record(
        state.db.pool(),
        Entry {
            at: state.clock.now(),
            actor: Some(staff.id),
            action: Action::CustomersExported,
            subject: what.to_owned(),
            detail,
            client_addr: Some(&visitor.client_addr),
        },
    )
    .await
}

/// The segment's headings, in the reader's language.
fn segment_headings(lang: Lang, contacts: bool) -> String {
    let mut headings = vec![
        S::ColName.text(lang),
        S::ColCity.text(lang),
        S::ColModels.text(lang),
        S::ColTier.text(lang),
        S::ColLastVisit.text(lang),
        S::ColRfm.text(lang),
        S::ColAtRisk.text(lang),
    ];
    if contacts {
        headings.extend([S::ColMobile.text(lang), S::ColEmail.text(lang)]);
    }
    row(headings)
}

/// One owner's line; contacts only when the desk sees them (the store has
/// already left them out for any other desk).
fn segment_line(lang: Lang, m: Member, contacts: bool) -> String {
    let models = if lang == Lang::Zh { m.models_zh } else { m.models_en };
    let mut cells = vec![
        m.name,
        m.city.unwrap_or_default(),
        models.unwrap_or_default(),
        app::loyalty::words::tier_name(m.tier, lang).to_owned(),
        m.last_visit_at.map(china_time).unwrap_or_else(|| S::Never.text(lang).to_owned()),
        m.rfm.map(|c| rfm_name(c, lang)).unwrap_or(S::NotScored.text(lang)).to_owned(),
        if m.at_risk { S::Yes } else { S::No }.text(lang).to_owned(),
    ];
    if contacts {
        cells.extend([m.mobile.unwrap_or_default(), m.email.unwrap_or_default()]);
    }
    row(cells)
}

/// Streams the segment's rows as CSV: a task reads them from the database and
/// hands the connection a chunk at a time, waiting while the client is slower.
fn stream_segment(
    state: AppState,
    staff: Staff,
    visitor: Visitor,
    filter: Filter,
    what: String,
    filename: String,
) -> Response {
    let lang = visitor.lang;
    let contacts = staff.role.sees_owner_contacts();
    let (mut sender, body) = futures::channel::mpsc::channel::<Result<String, std::io::Error>>(4);
    tokio::spawn(async move {
        let export = pitlane::segment::store::Export::new(&state.db, staff, filter);
        let mut rows = export.stream(&state.db);
        let mut chunk = format!("{BOM}{}", segment_headings(lang, contacts));
        let (mut sent, mut complete) = (0u64, true);
        while let Some(member) = rows.next().await {
            match member {
                Ok(member) => {
                    chunk.push_str(&segment_line(lang, member, contacts));
                    sent += 1;
                    if chunk.len() >= CHUNK_BYTES && sender.send(Ok(std::mem::take(&mut chunk))).await.is_err() {
                        complete = false;
                        break;
                    }
                }
                Err(err) => {
                    tracing::error!(error = %err, "an export stopped on a database error");
                    // The body ends in an error, so the client sees a broken download, not a short file.
                    let _ = sender.send(Err(std::io::Error::other("the export failed"))).await;
                    complete = false;
                    break;
                }
            }
        }
        if complete && sender.send(Ok(chunk)).await.is_err() {
            complete = false;
        }
        drop(rows);
        if let Err(err) = audit(&state, staff, &visitor, &what, sent, complete).await {
            tracing::error!(error = %err, "cannot audit an export");
            let _ = sender.send(Err(std::io::Error::other("the export could not be audited"))).await;
        }
        // `sender` goes here: the body ends only now, after its audit line.
    });
    csv_response(&filename, Body::from_stream(body))
}
