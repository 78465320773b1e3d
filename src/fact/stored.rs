//! A fact as a `domain_events` row holds it: its kind's name and version, its
//! subject, and the rest of its fields as JSON. Reading a row either gives the
//! fact back whole or says why it cannot: a row no reader understands is an
//! error to report, never one to skip in silence.

use super::{Fact, Kind};
use crate::account::{DealerId, UserId};
use crate::club::{Item, ItemKind};
use crate::types::{Money, Vin};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The columns of a `domain_events` row, less its id and time.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Stored {
    pub kind: String,
    pub version: i64,
    pub subject: String,
    pub payload: String,
}

/// Why a stored row is not a fact.
#[derive(Debug, thiserror::Error)]
pub enum FactError {
    #[error("no fact is called {0:?}")]
    UnknownKind(String),
    #[error("{} has no version {version}", kind.as_str())]
    UnknownVersion { kind: Kind, version: i64 },
    #[error("{} is not about {subject:?}", kind.as_str())]
    Subject { kind: Kind, subject: String },
    #[error("{}'s fields do not read: {source}", kind.as_str())]
    Payload { kind: Kind, source: serde_json::Error },
    #[error("{}'s {field} holds no value it knows: {value:?}", kind.as_str())]
    Value { kind: Kind, field: &'static str, value: String },
}

// The JSON each kind keeps beside its subject. Field names and order are the
// stored ones: a like's payload is part of `domain_events_liked_once`.
#[derive(Serialize, Deserialize)]
struct Visit {
    vin: Vin,
    dealer: DealerId,
    amount_fen: i64,
}

#[derive(Serialize, Deserialize)]
struct Answered {
    owner: UserId,
}

#[derive(Serialize, Deserialize)]
struct Member {
    member: UserId,
}

#[derive(Serialize, Deserialize)]
struct Liked {
    member: UserId,
    by: UserId,
}

#[derive(Serialize, Deserialize)]
struct Referred {
    referrer: UserId,
}

#[derive(Serialize, Deserialize)]
struct Sold {
    dealer: DealerId,
}

#[derive(Serialize, Deserialize)]
struct Fixed {
    campaign: String,
    dealer: Option<DealerId>,
}

#[derive(Serialize, Deserialize)]
struct Closed {
    vin: Vin,
    dealer: DealerId,
    amount_fen: i64,
    owner: Option<UserId>,
}

#[derive(Serialize, Deserialize)]
struct Bought {
    owner: UserId,
    dealer: DealerId,
    amount_fen: i64,
}

// Stages, statuses and kinds are kept by their stored names, as the feed gives them.
#[derive(Serialize, Deserialize)]
struct Booked {
    owner: UserId,
    dealer: DealerId,
    vin: Vin,
    starts_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct Moved {
    dealer: DealerId,
    starts_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct Stepped {
    dealer: Option<DealerId>,
    to: String,
}

#[derive(Serialize, Deserialize)]
struct Opened {
    owner: UserId,
    dealer: Option<DealerId>,
    kind: String,
    channel: String,
}

#[derive(Serialize, Deserialize)]
struct Created {
    dealer: DealerId,
    kind: String,
    source: String,
}

#[derive(Serialize, Deserialize)]
struct Ledger {
    points: i64,
    entry: String,
    source: String,
}

#[derive(Serialize, Deserialize)]
struct Used {
    owner: UserId,
    dealer: Option<DealerId>,
}

impl Fact {
    pub fn to_stored(&self) -> Stored {
        let member = |member: &UserId| json(&Member { member: *member });
        let payload = match self {
            Fact::ServiceCompleted { vin, dealer, amount, .. } => {
                json(&Visit { vin: vin.clone(), dealer: *dealer, amount_fen: amount.fen() })
            }
            Fact::SurveyAnswered { owner, .. } => json(&Answered { owner: *owner }),
            Fact::ClubPostApproved { member: m, .. }
            | Fact::ClubCommentApproved { member: m, .. }
            | Fact::ClubEventAttended { member: m, .. }
            | Fact::ClubContentRemoved { member: m, .. }
            | Fact::ClubContentRestored { member: m, .. } => member(m),
            Fact::ClubLiked { member, by, .. } => json(&Liked { member: *member, by: *by }),
            Fact::ReferralWon { referrer, .. } => json(&Referred { referrer: *referrer }),
            Fact::VehicleSold { dealer, .. } => json(&Sold { dealer: *dealer }),
            Fact::RepairOrderClosed { vin, dealer, amount, owner, .. } => {
                json(&Closed { vin: vin.clone(), dealer: *dealer, amount_fen: amount.fen(), owner: *owner })
            }
            Fact::RecallCompleted { campaign, dealer, .. } => {
                json(&Fixed { campaign: campaign.clone(), dealer: *dealer })
            }
            Fact::PurchaseMade { owner, dealer, amount, .. } => {
                json(&Bought { owner: *owner, dealer: *dealer, amount_fen: amount.fen() })
            }
            Fact::BookingMade { owner, dealer, vin, starts_at, .. } => {
                json(&Booked { owner: *owner, dealer: *dealer, vin: vin.clone(), starts_at: *starts_at })
            }
            Fact::BookingMoved { dealer, starts_at, .. } => json(&Moved { dealer: *dealer, starts_at: *starts_at }),
            Fact::BookingStageChanged { dealer, to, .. } => stepped(Some(*dealer), to.as_str()),
            Fact::CaseOpened { owner, dealer, kind, channel, .. } => json(&Opened {
                owner: *owner,
                dealer: *dealer,
                kind: kind.as_str().into(),
                channel: channel.as_str().into(),
            }),
            Fact::CaseStatusChanged { dealer, to, .. } => stepped(*dealer, to.as_str()),
            Fact::LeadCreated { dealer, kind, source, .. } => {
                json(&Created { dealer: *dealer, kind: kind.as_str().into(), source: source.as_str().into() })
            }
            Fact::LeadStageChanged { dealer, to, .. } => stepped(Some(*dealer), to.as_str()),
            Fact::OwnerRegistered { .. } => "{}".into(),
            Fact::PointsCredited { points, entry, source, .. } | Fact::PointsDebited { points, entry, source, .. } => {
                json(&Ledger { points: *points, entry: entry.as_str().into(), source: source.clone() })
            }
            Fact::VoucherUsed { owner, dealer, .. } => json(&Used { owner: *owner, dealer: *dealer }),
        };
        Stored { kind: self.name().to_owned(), version: self.version(), subject: self.subject(), payload }
    }

    pub fn from_stored(row: &Stored) -> Result<Fact, FactError> {
        let kind = Kind::parse(&row.kind).ok_or_else(|| FactError::UnknownKind(row.kind.clone()))?;
        if row.version != kind.version() {
            return Err(FactError::UnknownVersion { kind, version: row.version });
        }
        let wrong_subject = || FactError::Subject { kind, subject: row.subject.clone() };
        let missing = |field: &'static str| FactError::Value { kind, field, value: "null".into() };
        let item = || Item::parse(&row.subject).ok_or_else(wrong_subject);
        let item_of = |of: ItemKind| item().and_then(|i| if i.kind == of { Ok(i.id) } else { Err(wrong_subject()) });
        let numbered = |prefix: &str| {
            row.subject
                .strip_prefix(prefix)
                .and_then(|id| id.strip_prefix(':'))
                .and_then(|id| id.parse::<i64>().ok())
                .ok_or_else(wrong_subject)
        };
        let member = || payload::<Member>(kind, &row.payload).map(|m| m.member);
        let vehicle =
            || row.subject.strip_prefix("vehicle:").and_then(|v| Vin::parse(v).ok()).ok_or_else(wrong_subject);
        Ok(match kind {
            Kind::ServiceCompleted => {
                let visit: Visit = payload(kind, &row.payload)?;
                Fact::ServiceCompleted {
                    booking: numbered("booking")?,
                    vin: visit.vin,
                    dealer: visit.dealer,
                    amount: Money::from_fen(visit.amount_fen),
                }
            }
            Kind::SurveyAnswered => Fact::SurveyAnswered {
                survey: numbered("survey")?,
                owner: payload::<Answered>(kind, &row.payload)?.owner,
            },
            Kind::ClubPostApproved => Fact::ClubPostApproved { post: item_of(ItemKind::Post)?, member: member()? },
            Kind::ClubCommentApproved => {
                Fact::ClubCommentApproved { comment: item_of(ItemKind::Comment)?, member: member()? }
            }
            Kind::ClubEventAttended => Fact::ClubEventAttended { event: item_of(ItemKind::Post)?, member: member()? },
            Kind::ClubContentRemoved => Fact::ClubContentRemoved { item: item()?, member: member()? },
            Kind::ClubContentRestored => Fact::ClubContentRestored { item: item()?, member: member()? },
            Kind::ClubLiked => {
                let liked: Liked = payload(kind, &row.payload)?;
                Fact::ClubLiked { item: item()?, member: liked.member, by: liked.by }
            }
            Kind::ReferralWon => Fact::ReferralWon {
                lead: numbered("lead")?,
                referrer: payload::<Referred>(kind, &row.payload)?.referrer,
            },
            Kind::VehicleSold => {
                Fact::VehicleSold { vin: vehicle()?, dealer: payload::<Sold>(kind, &row.payload)?.dealer }
            }
            Kind::RecallCompleted => {
                let fixed: Fixed = payload(kind, &row.payload)?;
                Fact::RecallCompleted { vin: vehicle()?, campaign: fixed.campaign, dealer: fixed.dealer }
            }
            Kind::RepairOrderClosed => {
                let closed: Closed = payload(kind, &row.payload)?;
                Fact::RepairOrderClosed {
                    order: numbered("repair_order")?,
                    vin: closed.vin,
                    dealer: closed.dealer,
                    amount: Money::from_fen(closed.amount_fen),
                    owner: closed.owner,
                }
            }
            Kind::BookingMade => {
                let booked: Booked = payload(kind, &row.payload)?;
                Fact::BookingMade {
                    booking: numbered("booking")?,
                    owner: booked.owner,
                    dealer: booked.dealer,
                    vin: booked.vin,
                    starts_at: booked.starts_at,
                }
            }
            Kind::BookingMoved => {
                let moved: Moved = payload(kind, &row.payload)?;
                Fact::BookingMoved { booking: numbered("booking")?, dealer: moved.dealer, starts_at: moved.starts_at }
            }
            Kind::BookingStageChanged => {
                let stepped: Stepped = payload(kind, &row.payload)?;
                Fact::BookingStageChanged {
                    booking: numbered("booking")?,
                    dealer: stepped.dealer.ok_or_else(|| missing("dealer"))?,
                    to: named(kind, "to", &stepped.to, crate::booking::Stage::parse)?,
                }
            }
            Kind::CaseOpened => {
                let opened: Opened = payload(kind, &row.payload)?;
                Fact::CaseOpened {
                    case: numbered("case")?,
                    owner: opened.owner,
                    dealer: opened.dealer,
                    kind: named(kind, "kind", &opened.kind, crate::case::Kind::parse)?,
                    channel: named(kind, "channel", &opened.channel, crate::case::Channel::parse)?,
                }
            }
            Kind::CaseStatusChanged => {
                let stepped: Stepped = payload(kind, &row.payload)?;
                Fact::CaseStatusChanged {
                    case: numbered("case")?,
                    dealer: stepped.dealer,
                    to: named(kind, "to", &stepped.to, crate::case::Status::parse)?,
                }
            }
            Kind::LeadCreated => {
                let created: Created = payload(kind, &row.payload)?;
                Fact::LeadCreated {
                    lead: numbered("lead")?,
                    dealer: created.dealer,
                    kind: named(kind, "kind", &created.kind, crate::lead::Kind::parse)?,
                    source: named(kind, "source", &created.source, crate::lead::Source::parse)?,
                }
            }
            Kind::LeadStageChanged => {
                let stepped: Stepped = payload(kind, &row.payload)?;
                Fact::LeadStageChanged {
                    lead: numbered("lead")?,
                    dealer: stepped.dealer.ok_or_else(|| missing("dealer"))?,
                    to: named(kind, "to", &stepped.to, crate::lead::Stage::parse)?,
                }
            }
            Kind::OwnerRegistered => Fact::OwnerRegistered { owner: numbered("owner")? },
            Kind::PointsCredited | Kind::PointsDebited => {
                let ledger: Ledger = payload(kind, &row.payload)?;
                let (owner, points, source) = (numbered("owner")?, ledger.points, ledger.source);
                let entry = named(kind, "entry", &ledger.entry, crate::loyalty::EntryKind::parse)?;
                if kind == Kind::PointsCredited {
                    Fact::PointsCredited { owner, points, entry, source }
                } else {
                    Fact::PointsDebited { owner, points, entry, source }
                }
            }
            Kind::VoucherUsed => {
                let used: Used = payload(kind, &row.payload)?;
                Fact::VoucherUsed { voucher: numbered("voucher")?, owner: used.owner, dealer: used.dealer }
            }
            Kind::PurchaseMade => {
                let bought: Bought = payload(kind, &row.payload)?;
                Fact::PurchaseMade {
                    purchase: numbered("purchase")?,
                    owner: bought.owner,
                    dealer: bought.dealer,
                    amount: Money::from_fen(bought.amount_fen),
                }
            }
        })
    }
}

fn stepped(dealer: Option<DealerId>, to: &str) -> String {
    json(&Stepped { dealer, to: to.to_owned() })
}

/// A stored name read back into its enum.
fn named<T>(kind: Kind, field: &'static str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T, FactError> {
    parse(value).ok_or_else(|| FactError::Value { kind, field, value: value.to_owned() })
}

fn json(fields: &impl Serialize) -> String {
    serde_json::to_string(fields).expect("a fact's fields are plain numbers and strings")
}

fn payload<T: DeserializeOwned>(kind: Kind, raw: &str) -> Result<T, FactError> {
    serde_json::from_str(raw).map_err(|source| FactError::Payload { kind, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One fact of each kind: a new kind fails to compile here until it has one.
    fn sample(kind: Kind) -> Fact {
        let vin = Vin::parse("1HGCM82633A004352").expect("a valid VIN");
        match kind {
            Kind::ServiceCompleted => {
                Fact::ServiceCompleted { booking: 7, vin, dealer: 2, amount: Money::from_fen(128_050) }
            }
            Kind::SurveyAnswered => Fact::SurveyAnswered { survey: 3, owner: 11 },
            Kind::ClubPostApproved => Fact::ClubPostApproved { post: 5, member: 11 },
            Kind::ClubCommentApproved => Fact::ClubCommentApproved { comment: 6, member: 11 },
            Kind::ClubEventAttended => Fact::ClubEventAttended { event: 8, member: 12 },
            Kind::ClubContentRemoved => Fact::ClubContentRemoved { item: Item::comment(6), member: 11 },
            Kind::ClubContentRestored => Fact::ClubContentRestored { item: Item::post(5), member: 11 },
            Kind::ClubLiked => Fact::ClubLiked { item: Item::post(5), member: 11, by: 12 },
            Kind::ReferralWon => Fact::ReferralWon { lead: 4, referrer: 11 },
            Kind::VehicleSold => Fact::VehicleSold { vin, dealer: 2 },
            Kind::RepairOrderClosed => {
                Fact::RepairOrderClosed { order: 9, vin, dealer: 2, amount: Money::from_fen(56_500), owner: Some(11) }
            }
            Kind::RecallCompleted => Fact::RecallCompleted { vin, campaign: "R2026-07".into(), dealer: None },
            Kind::PurchaseMade => {
                Fact::PurchaseMade { purchase: 3, owner: 11, dealer: 2, amount: Money::from_fen(128_050) }
            }
            Kind::BookingMade => {
                let starts_at = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
                Fact::BookingMade { booking: 7, owner: 11, dealer: 2, vin, starts_at }
            }
            Kind::BookingMoved => {
                let starts_at = DateTime::from_timestamp(1_800_003_600, 0).unwrap_or_default();
                Fact::BookingMoved { booking: 7, dealer: 2, starts_at }
            }
            Kind::BookingStageChanged => {
                Fact::BookingStageChanged { booking: 7, dealer: 2, to: crate::booking::Stage::ReadyForPickup }
            }
            Kind::CaseOpened => Fact::CaseOpened {
                case: 4,
                owner: 11,
                dealer: None,
                kind: crate::case::Kind::Complaint,
                channel: crate::case::Channel::WalkIn,
            },
            Kind::CaseStatusChanged => {
                Fact::CaseStatusChanged { case: 4, dealer: Some(2), to: crate::case::Status::InProgress }
            }
            Kind::LeadCreated => Fact::LeadCreated {
                lead: 5,
                dealer: 2,
                kind: crate::lead::Kind::TestDrive,
                source: crate::lead::Source::WalkIn,
            },
            Kind::LeadStageChanged => {
                Fact::LeadStageChanged { lead: 5, dealer: 2, to: crate::lead::Stage::TestDriveDone }
            }
            Kind::OwnerRegistered => Fact::OwnerRegistered { owner: 11 },
            Kind::PointsCredited => Fact::PointsCredited {
                owner: 11,
                points: 1_280,
                entry: crate::loyalty::EntryKind::Earn,
                source: "purchase:3".into(),
            },
            Kind::PointsDebited => Fact::PointsDebited {
                owner: 11,
                points: 500,
                entry: crate::loyalty::EntryKind::Redeem,
                source: "voucher:6".into(),
            },
            Kind::VoucherUsed => Fact::VoucherUsed { voucher: 6, owner: 11, dealer: Some(2) },
        }
    }

    #[test]
    fn every_kind_reads_back_as_it_was_written() {
        for kind in Kind::ALL {
            let fact = sample(kind);
            let stored = fact.to_stored();
            assert_eq!((stored.kind.as_str(), stored.version), (kind.as_str(), kind.version()));
            assert_eq!(Fact::from_stored(&stored).expect("reads back"), fact, "{}", kind.as_str());
        }
    }

    #[test]
    fn rows_written_before_facts_were_typed_still_read() {
        let row = |kind: &str, subject: &str, payload: &str| Stored {
            kind: kind.into(),
            version: 1,
            subject: subject.into(),
            payload: payload.into(),
        };
        let visit =
            row("service_completed", "booking:7", r#"{"vin":"1HGCM82633A004352","dealer":2,"amount_fen":128050}"#);
        assert_eq!(Fact::from_stored(&visit).expect("a visit"), sample(Kind::ServiceCompleted));
        // The like's payload is matched byte for byte by `domain_events_liked_once`.
        let liked = row("club_liked", "post:5", r#"{"member":11,"by":12}"#);
        assert_eq!(sample(Kind::ClubLiked).to_stored(), liked);
        assert_eq!(row("referral_won", "lead:4", r#"{"referrer":11}"#), sample(Kind::ReferralWon).to_stored());
        assert_eq!(row("survey_answered", "survey:3", r#"{"owner":11}"#), sample(Kind::SurveyAnswered).to_stored());
        assert_eq!(row("club_post_approved", "post:5", r#"{"member":11}"#), sample(Kind::ClubPostApproved).to_stored());
    }

    #[test]
    fn a_row_that_is_no_fact_says_why() {
        let mut row = sample(Kind::ClubPostApproved).to_stored();
        row.kind = "club_post_pinned".into();
        assert!(matches!(Fact::from_stored(&row), Err(FactError::UnknownKind(k)) if k == "club_post_pinned"));

        let mut row = sample(Kind::ReferralWon).to_stored();
        row.version = 2;
        assert!(matches!(
            Fact::from_stored(&row),
            Err(FactError::UnknownVersion { kind: Kind::ReferralWon, version: 2 })
        ));

        let mut row = sample(Kind::ClubPostApproved).to_stored();
        row.subject = "comment:5".into();
        assert!(matches!(Fact::from_stored(&row), Err(FactError::Subject { kind: Kind::ClubPostApproved, .. })));

        let mut row = sample(Kind::SurveyAnswered).to_stored();
        row.payload = r#"{"member":11}"#.into();
        assert!(matches!(Fact::from_stored(&row), Err(FactError::Payload { kind: Kind::SurveyAnswered, .. })));
    }
}
