//! What the portal tells someone, as a kind and its parameters. A message is
//! stored like this (`notifications.kind`, `notifications.params`) and put into
//! words only when it is shown (`notify::words`), in the reader's language, so a
//! wording fix reaches old messages too.

use crate::club::moderation::{LogAction, Rule};
use crate::lang::Lang;
use crate::notify::outbox::Channel;
use crate::verification::purpose::Purpose;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A name the data holds in both languages (a model, a dealer, a campaign).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual { zh: zh.into(), en: en.into() }
    }

    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Why a car left an owner's garage without them acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeftBecause {
    /// Its registered buyer added it with their verified mobile number.
    BuyerVerified,
    /// Customer care confirmed another owner from the registration certificate.
    CareConfirmed,
}

/// Which of a case's two deadlines was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseClock {
    FirstResponse,
    Resolution,
}

/// What a club reply answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepliedTo {
    Comment,
    Post,
}

/// Every message the portal sends, with what its words need. The variant's
/// name in snake case is the stored kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "params", rename_all = "snake_case")]
pub enum Notice {
    // The garage.
    CarLeftGarage {
        vin: String,
        because: LeftBecause,
    },
    CarClaimSuperseded {
        vin: String,
    },
    CarClaimApproved {
        vin: String,
    },
    CarClaimRejected {
        vin: String,
        reason: String,
    },
    MileageDiscarded {
        vin: String,
        km: i64,
        read_on: NaiveDate,
    },
    CarTransferred {
        vin: String,
    },

    // Reminders: one kind per reminder kind. A date or distance may be unknown.
    Recall {
        model: Bilingual,
        campaign: Bilingual,
    },
    /// A recall (or service campaign) reaches the car but its parts are not
    /// at the dealers yet: the owner will be told again when they are.
    CampaignAwaitingParts {
        model: Bilingual,
        campaign: Bilingual,
        recall: bool,
    },
    /// A service campaign (a software update, a free check): not a recall, not maintenance.
    ServiceCampaign {
        model: Bilingual,
        campaign: Bilingual,
    },
    Maintenance {
        model: Bilingual,
        due_on: Option<NaiveDate>,
        due_km: Option<u32>,
        overdue: bool,
    },
    Insurance {
        model: Bilingual,
        due_on: Option<NaiveDate>,
    },
    Inspection {
        model: Bilingual,
        due_on: Option<NaiveDate>,
    },
    WarrantyEnding {
        model: Bilingual,
        cover: Bilingual,
        due_on: Option<NaiveDate>,
    },

    // Service visits; times are the dealer's wall clock, as the booking shows them.
    BookingMoved {
        at: String,
        reason: String,
    },
    BookingCancelled {
        reason: String,
    },
    BookingReminder {
        dealer: Bilingual,
        at: String,
    },
    /// An advisor booked for the owner on the phone.
    BookedForYou {
        dealer: Bilingual,
        at: String,
    },
    Estimate {
        amount: String,
    },
    Ready,
    Survey,

    // Feedback and complaints.
    CaseOpened {
        case: i64,
        hours: i64,
    },
    CaseReply {
        case: i64,
    },
    CaseResolved {
        case: i64,
    },
    CaseFollowUp {
        case: i64,
    },
    CaseBreach {
        case: i64,
        title: String,
        clock: CaseClock,
    },

    // Sales.
    LeadAssigned,
    CarDelivered,
    ReferralWon,

    // Loyalty.
    PointsExpiring,
    TierUp,

    // The club.
    ClubReply {
        who: String,
        to: RepliedTo,
    },
    ClubMention {
        who: String,
    },
    ClubDecision {
        action: LogAction,
        rule: Rule,
        reason: Option<String>,
    },
    ClubReportOutcome {
        upheld: bool,
    },
    ClubAppeal {
        overturned: bool,
        reason: String,
    },
    ClubEventPlace,

    // By SMS or e-mail only: to someone who may have no account yet.
    VerificationCode {
        purpose: Purpose,
        code: String,
    },
    ContactTaken,
    /// `now` is the new contact, masked; none when it was removed.
    ContactChanged {
        channel: Channel,
        now: Option<String>,
    },
    /// `link`: where the buyer sets their password (absolute, as every link
    /// in a text: `types::Origin::link`).
    WelcomeBuyer {
        vin: String,
        link: String,
    },
    /// A sale the dealer's system recorded for a buyer with no account yet:
    /// signing up at `link` with this mobile finds the car.
    CarRegistered {
        vin: String,
        link: String,
    },
    TestDriveReceived {
        name: String,
        link: String,
    },
    TestDriveBooked {
        at: String,
        link: String,
    },
    LostLeadSurvey {
        link: String,
    },

    /// To admins: a webhook endpoint failed for `hours` and is paused; its
    /// deliveries wait until its owner resumes it.
    WebhookPaused {
        url: String,
        hours: i64,
    },

    /// A message written before messages were stored as a kind and parameters:
    /// its words as they were then.
    Earlier {
        zh: String,
        en: String,
    },
}

/// What a kept message shows in place of a secret.
#[cfg(feature = "ssr")]
pub const MASK: &str = "••••••";

#[cfg(feature = "ssr")]
impl Notice {
    /// The notice as the outbox keeps it once it is no longer needed: a
    /// one-time code or a status link masked (only its hash, or nothing, is
    /// kept anywhere else). `None`: nothing in it is secret.
    pub fn kept(&self) -> Option<Notice> {
        let masked_link = |link: &str| match link.rsplit_once('/') {
            Some((path, _)) => format!("{path}/{MASK}"),
            None => MASK.to_owned(),
        };
        Some(match self {
            Notice::VerificationCode { purpose, .. } => {
                Notice::VerificationCode { purpose: *purpose, code: MASK.into() }
            }
            Notice::TestDriveReceived { name, link } => {
                Notice::TestDriveReceived { name: name.clone(), link: masked_link(link) }
            }
            Notice::TestDriveBooked { at, link } => Notice::TestDriveBooked { at: at.clone(), link: masked_link(link) },
            Notice::LostLeadSurvey { link } => Notice::LostLeadSurvey { link: masked_link(link) },
            _ => return None,
        })
    }

    /// The stored kind and parameters (`null` for a kind without any).
    pub fn to_stored(&self) -> (String, String) {
        let value = serde_json::to_value(self).unwrap_or_default();
        let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_owned();
        let params = value.get("params").cloned().unwrap_or_default();
        (kind, params.to_string())
    }

    /// The notice a stored kind and parameters describe.
    pub fn from_stored(kind: &str, params: &str) -> Result<Self, serde_json::Error> {
        let params: serde_json::Value = serde_json::from_str(params)?;
        let value = match params {
            serde_json::Value::Null => serde_json::json!({ "kind": kind }),
            params => serde_json::json!({ "kind": kind, "params": params }),
        };
        serde_json::from_value(value)
    }
}
