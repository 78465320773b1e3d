//! The member of staff another system says acted (the agent who took the
//! call, the salesperson who met the visitor): the API acts as them, so the
//! case and lead rules, their desk's reach and the history's names are the
//! portal's own.

use super::problem::Problem;
use app::state::AppState;
use pitlane::account::{Desk, Staff};
use pitlane::integration::{ApiKey, Refusal};
use pitlane::types::Email;

/// The staff member with this e-mail; a dealer's key names only its own staff.
pub async fn agent(state: &AppState, key: &ApiKey, email: &str) -> Result<Staff, Problem> {
    let email = Email::parse(email).map_err(|e| Problem::field("agent", "invalid_email", e.to_string()))?;
    let staff = pitlane::account::store::staff_by_email(&state.db, &email)
        .await?
        .ok_or_else(|| Problem::field("agent", "not_staff", "no enabled member of staff has this e-mail"))?;
    match (key.dealer, staff.desk) {
        (Some(own), Desk::Dealer(theirs)) if own != theirs => Err(Refusal::OtherDealer.into()),
        (Some(_), Desk::BrandWide) => Err(Refusal::OtherDealer.into()),
        _ => Ok(staff),
    }
}
