//! What the lead pages show, outside the server-only store so the browser
//! build has the types too.

use super::{DriveOffer, EventKind, Kind, LostReason, NextAction, PartOfDay, Progress, Stage};
use crate::account::UserId;
use crate::dealer::Dealer;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelChoice {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
}

/// The test-drive form's choices: models, dealers nearest first (those in the
/// prospect's city before the rest), and, once a dealer and model are chosen,
/// the hours with a demo car free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestChoices {
    pub models: Vec<ModelChoice>,
    pub dealers: Vec<Dealer>,
    /// The cities where there are dealers, for the city list.
    pub cities: Vec<(String, String)>,
    pub offers: Vec<DriveOffer>,
    /// The owner whose referral code was given, by display name (so the
    /// prospect sees whose invitation they follow).
    pub referrer: Option<String>,
}

/// One lead as the board lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadCard {
    pub id: i64,
    pub kind: Kind,
    pub stage: Stage,
    pub name: String,
    pub mobile: String,
    pub model_zh: String,
    pub model_en: String,
    pub handler: Option<String>,
    pub created_at: i64,
    pub contact_due_at: i64,
    pub first_contact_at: Option<i64>,
    /// No human contact yet and the promised time has passed.
    pub overdue: bool,
    pub next_action: Option<NextAction>,
    pub next_action_due: Option<i64>,
    pub drive_at: Option<i64>,
}

/// One handler's figures on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlerFigures {
    pub id: UserId,
    pub name: String,
    pub on_duty: bool,
    pub open: i64,
    /// Over the last 30 days' leads that have had their first contact.
    pub median_first_contact_minutes: Option<i64>,
}

/// A dealer's lead board: the open pipeline by stage, recent wins and losses,
/// the overdue count and each handler's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub dealer: Dealer,
    pub columns: Vec<(Stage, Vec<LeadCard>)>,
    pub overdue: i64,
    pub handlers: Vec<HandlerFigures>,
    /// The viewer's own next actions due by the end of today (China time).
    pub today: Vec<LeadCard>,
    pub me_on_duty: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeIn {
    pub vin: String,
    pub model_zh: String,
    pub model_en: String,
    pub year: Option<i64>,
    pub mileage_km: Option<i64>,
    pub services: Option<i64>,
    pub last_service: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadEvent {
    pub at: i64,
    /// The handler's name; `None`: the prospect or the system.
    pub actor: Option<String>,
    pub kind: EventKind,
    pub detail: String,
}

/// A lead as its handler works it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadView {
    pub card: LeadCard,
    pub dealer: Dealer,
    pub city: String,
    pub source: String,
    pub part_of_day: Option<PartOfDay>,
    pub referred_by: Option<String>,
    pub trade_in: Option<TradeIn>,
    pub lost_reason: Option<LostReason>,
    pub competitor: Option<String>,
    pub won_vin: Option<String>,
    pub survey: Option<SurveyAnswer>,
    pub events: Vec<LeadEvent>,
    /// Hours with a demo car of the model free, for booking a drive.
    pub offers: Vec<DriveOffer>,
    /// The dealer's handlers, when the viewer may reassign.
    pub reassign_to: Vec<(UserId, String)>,
    /// The dealer's unsold cars of the lead's model, for the sale's VIN.
    pub stock: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub reason: LostReason,
    pub would_change: Option<String>,
}

/// What the prospect's private status link shows: their own road
/// (`Progress`), never the pipeline's stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub kind: Kind,
    pub name: String,
    pub model_zh: String,
    pub model_en: String,
    pub dealer: Dealer,
    pub city: String,
    pub progress: Progress,
    pub may_withdraw: bool,
    /// Lost and not yet answered: the survey is shown.
    pub survey_open: bool,
    pub survey_answered: bool,
}

/// An owner's trade-in requests, shown on the car's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TradeInRequest {
    pub id: i64,
    pub stage: Stage,
    pub model_zh: String,
    pub model_en: String,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub created_at: i64,
    pub status_token: String,
}

/// The owner's trade-in page for one car: the car, the requests made for it,
/// and the choices of a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeInPage {
    pub vin: String,
    pub model_zh: String,
    pub model_en: String,
    pub requests: Vec<TradeInRequest>,
    pub models: Vec<ModelChoice>,
    pub dealers: Vec<Dealer>,
}

/// An owner's referral code and what it has brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub code: String,
    /// Test drives requested with the code.
    pub requests: i64,
    /// Sales credited to the owner.
    pub credited: i64,
}
