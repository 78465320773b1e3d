//! The integration API under `/api/v1` (issue 27): other systems call it with
//! `Authorization: Bearer <key>` (`pitlane::integration`), never with a
//! session, so it sits beside the pages' stack rather than inside it. Every
//! endpoint is in [`endpoints`] with the scope it needs; errors are RFC 9457
//! `application/problem+json` ([`problem::Problem`]); the OpenAPI document
//! and its reference page are made from the handlers' annotations (`docs`).

mod agent;
mod bookings;
mod callers;
mod cases;
mod docs;
pub(crate) mod events;
mod idempotent;
mod leads;
mod loyalty;
pub mod problem;
mod rate;
mod recalls;
mod repair_orders;
mod vehicles;
mod webhooks;

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, patch, post, put, MethodRouter};
use axum::{Extension, Json, Router};
use pitlane::integration::{store, ApiKey, KeySecret, Refusal, Scope};
use problem::Problem;
use serde::Serialize;
use utoipa::ToSchema;

/// One endpoint: what it answers and the scope a key needs for it (`None`:
/// any live key).
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub scope: Option<Scope>,
}

fn endpoint(method: Method, path: &'static str, scope: Option<Scope>) -> Endpoint {
    Endpoint { method, path, scope }
}

/// Every endpoint with its handler: the router is built from this list and
/// the scope table test reads it ([`table`]).
fn endpoints() -> Vec<(Endpoint, MethodRouter<AppState>)> {
    use Scope::*;
    vec![
        (endpoint(Method::GET, "/api/v1/key", None), get(this_key)),
        (endpoint(Method::GET, "/api/v1/vehicles/{vin}", Some(VehiclesRead)), get(vehicles::read)),
        (endpoint(Method::PUT, "/api/v1/vehicles/{vin}", Some(VehiclesWrite)), put(vehicles::put_one)),
        (endpoint(Method::POST, "/api/v1/vehicles:batch", Some(VehiclesWrite)), post(vehicles::batch)),
        (endpoint(Method::POST, "/api/v1/repair-orders", Some(ServiceWrite)), post(repair_orders::record)),
        (endpoint(Method::POST, "/api/v1/recalls", Some(RecallsWrite)), post(recalls::issue)),
        (endpoint(Method::GET, "/api/v1/recalls/{code}", Some(RecallsWrite)), get(recalls::read)),
        (endpoint(Method::PATCH, "/api/v1/recalls/{code}", Some(RecallsWrite)), patch(recalls::parts)),
        (endpoint(Method::POST, "/api/v1/recalls/{code}/vins", Some(RecallsWrite)), post(recalls::add_vins)),
        (endpoint(Method::PUT, "/api/v1/recalls/{code}/completions/{vin}", Some(RecallsWrite)), put(recalls::complete)),
        (endpoint(Method::GET, "/api/v1/bookings", Some(BookingsRead)), get(bookings::day)),
        (endpoint(Method::POST, "/api/v1/bookings/{id}/step", Some(BookingsWrite)), post(bookings::step)),
        (endpoint(Method::POST, "/api/v1/cases", Some(CasesWrite)), post(cases::open)),
        (endpoint(Method::POST, "/api/v1/cases/{id}/messages", Some(CasesWrite)), post(cases::message)),
        (endpoint(Method::POST, "/api/v1/cases/{id}/status", Some(CasesWrite)), post(cases::step)),
        (endpoint(Method::POST, "/api/v1/leads", Some(LeadsWrite)), post(leads::create)),
        (endpoint(Method::GET, "/api/v1/leads/{id}", Some(LeadsRead)), get(leads::read)),
        (endpoint(Method::POST, "/api/v1/leads/{id}/stage", Some(LeadsWrite)), post(leads::stage)),
        (endpoint(Method::POST, "/api/v1/loyalty/purchases", Some(LoyaltyWrite)), post(loyalty::purchase)),
        (endpoint(Method::GET, "/api/v1/callers/{mobile}", Some(CallersRead)), get(callers::find)),
        (endpoint(Method::GET, "/api/v1/events", Some(EventsRead)), get(events::feed)),
        (endpoint(Method::POST, "/api/v1/webhooks", Some(EventsRead)), post(webhooks::create)),
        (endpoint(Method::GET, "/api/v1/webhooks", Some(EventsRead)), get(webhooks::list)),
        (endpoint(Method::GET, "/api/v1/webhooks/{id}/deliveries", Some(EventsRead)), get(webhooks::deliveries)),
        (
            endpoint(Method::POST, "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", Some(EventsRead)),
            post(webhooks::redeliver),
        ),
        (endpoint(Method::POST, "/api/v1/webhooks/{id}/resume", Some(EventsRead)), post(webhooks::resume)),
    ]
}

/// The endpoints and their scopes, as the router enforces them.
pub fn table() -> Vec<Endpoint> {
    endpoints().into_iter().map(|(endpoint, _)| endpoint).collect()
}

pub fn router(state: AppState) -> Router {
    let mut keyed = Router::new();
    for (endpoint, handler) in endpoints() {
        // Layers added last run first: the scope is checked, then a repeated write is answered, then the handler.
        let mut handler = handler.layer(from_fn_with_state(state.clone(), idempotent::answer_once));
        if let Some(scope) = endpoint.scope {
            handler = handler.layer(from_fn_with_state(scope, require_scope));
        }
        keyed = keyed.route(endpoint.path, handler);
    }
    let keyed = keyed
        .route("/api/v1/{*rest}", any(no_such_endpoint))
        .layer(from_fn_with_state((state.clone(), rate::Buckets::default()), authenticate));
    Router::new()
        .route("/api/v1/openapi.json", get(docs::json))
        .route("/api/v1/docs", get(docs::page))
        .route("/api/v1/docs.css", get(docs::style))
        .merge(keyed)
        .with_state(state)
}

/// Finds the key the call presents before anything else is read: no key, a
/// malformed one, an unknown or a revoked one is 401; a key past its rate is
/// 429 with `Retry-After`. Every call is logged with its key's id.
async fn authenticate(
    State((state, buckets)): State<(AppState, rate::Buckets)>,
    mut request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(presented) = presented else {
        return Problem::unauthorised("send the key as `Authorization: Bearer <key>`").into_response();
    };
    let Some(secret) = KeySecret::from_presented(presented) else {
        return Problem::unauthorised("that is not a Pitlane API key").into_response();
    };
    match store::authenticate(&state.db, state.clock.now(), &secret).await {
        Ok(Some(key)) => {
            if let Err(seconds) = buckets.take(key.id) {
                return Problem::busy("rate_limited", "Too many calls with this key", seconds).into_response();
            }
            let (id, method, path) = (key.id, request.method().clone(), request.uri().path().to_owned());
            request.extensions_mut().insert(key);
            let response = next.run(request).await;
            tracing::info!(api_key = id, %method, %path, status = response.status().as_u16(), "integration call");
            response
        }
        Ok(None) => Problem::unauthorised("the key is unknown or revoked").into_response(),
        Err(err) => Problem::unavailable(&err).into_response(),
    }
}

/// A key without the endpoint's scope is refused before the body is read.
async fn require_scope(
    State(scope): State<Scope>,
    Extension(key): Extension<ApiKey>,
    request: Request,
    next: Next,
) -> Response {
    if key.scopes.contains(scope) {
        next.run(request).await
    } else {
        Problem::forbidden(Refusal::MissingScope(scope)).into_response()
    }
}

async fn no_such_endpoint(method: Method, request: Request) -> Problem {
    Problem::not_found(format!("no endpoint {method} {}; see /api/v1/docs", request.uri().path()))
}

/// A key as the API shows it: scopes by their documented names.
#[derive(Serialize, ToSchema)]
pub struct KeyView {
    id: i64,
    name: String,
    #[schema(example = json!(["vehicles:write", "vehicles:read"]))]
    scopes: Vec<String>,
    /// The dealer whose data the key reaches; absent for a brand-wide key.
    dealer: Option<i64>,
}

/// The calling key's name, scopes and dealer, so an integrator can check a
/// key before the first real call.
#[utoipa::path(get, path = "/api/v1/key", tag = "keys",
    responses((status = 200, body = KeyView), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("key" = [])))]
async fn this_key(Extension(key): Extension<ApiKey>) -> Json<KeyView> {
    Json(KeyView {
        id: key.id,
        name: key.name.as_str().to_owned(),
        scopes: key.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
        dealer: key.dealer,
    })
}
