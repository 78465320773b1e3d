//! Purchases at a dealer that earn loyalty points (`pitlane::purchase`).

use super::problem::{Body, Problem};
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use pitlane::integration::{ApiKey, Scope};
use pitlane::purchase::store::{self, PurchaseError, Refusal};
use pitlane::purchase::{Purchase, RawPurchase};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A purchase the owner paid for at the dealer, outside a repair order (those earn through `/repair-orders`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchaseIn {
    /// Your system's reference for the sale, unique at its dealer: sending it again credits nothing twice.
    #[schema(example = "POS-SH01-2026-000981")]
    reference: String,
    /// The dealer's code; a dealer's key may name only its own.
    #[schema(example = "SH01")]
    dealer: String,
    /// The buyer's mobile, as they verified it in the portal.
    #[schema(example = "13800000001")]
    owner_mobile: String,
    /// What the owner paid, in yuan; more than 0.
    #[schema(example = "1280.00")]
    amount: String,
    /// Today when absent.
    #[schema(example = "2026-12-08")]
    purchased_on: Option<String>,
    /// What was bought, as the owner's points history shows it.
    #[schema(example = "车顶行李架 Roof rack")]
    description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseOut {
    id: i64,
    reference: String,
    /// The purchase was recorded before under this reference: nothing was credited again.
    repeated: bool,
    /// Points the purchase earned: by the yuan under the brand's purchase rule, with the owner's tier bonus, within
    /// the rule's daily and monthly caps (0 when the rule is off or the caps are reached).
    points: i64,
    /// The owner's balance after it.
    balance: i64,
}

/// Credits the owner loyalty points for a purchase at a dealer (accessories, parts over the counter, extras), once per
/// dealer and reference. The owner is found by the mobile they verified; the points show in their history at once.
#[utoipa::path(post, path = "/api/v1/loyalty/purchases", tag = "loyalty",
    request_body = PurchaseIn,
    responses(
        (status = 201, description = "Recorded and credited", body = PurchaseOut),
        (status = 200, description = "Recorded before under this reference: nothing credited again", body = PurchaseOut),
        (status = 403, description = "Another dealer's purchase", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The reference is recorded with another buyer or amount", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields refused, or no owner has verified the mobile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("key" = ["loyalty:write"])))]
pub async fn purchase(
    State(state): State<AppState>,
    Extension(key): Extension<ApiKey>,
    Body(input): Body<PurchaseIn>,
) -> Result<(StatusCode, Json<PurchaseOut>), Problem> {
    let raw = RawPurchase {
        reference: &input.reference,
        dealer: &input.dealer,
        owner_mobile: &input.owner_mobile,
        amount: &input.amount,
        purchased_on: input.purchased_on.as_deref(),
        description: &input.description,
    };
    let codes = pitlane::register::store::codes(&state.db).await?;
    let today = pitlane::zone::local_date(pitlane::zone::CHINA, state.clock.now());
    let purchase = Purchase::parse(&raw, &codes, today).map_err(|faults| Problem::refused(&faults))?;
    key.allows(Scope::LoyaltyWrite, Some(purchase.dealer))?;
    let recorded = store::record(&state.db, state.clock.now(), &purchase).await.map_err(|err| match err {
        PurchaseError::Refused(refusal) => match refusal {
            Refusal::NoAccount => Problem::field("owner_mobile", "no_account", refusal.to_string()),
            Refusal::ReferenceTaken => Problem::conflict("reference_taken", refusal.to_string()),
        },
        PurchaseError::Domain(err) => Problem::unavailable(&err),
    })?;
    // Credited now rather than at the next earning run, so the answer can say how much.
    pitlane::loyalty::store::earn_from_events(&state.db, &*state.clock).await?;
    let (points, balance) = store::earned(&state.db, &purchase, &recorded).await?;
    let status = if recorded.repeated { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        Json(PurchaseOut {
            id: recorded.id,
            reference: purchase.reference,
            repeated: recorded.repeated,
            points,
            balance,
        }),
    ))
}
