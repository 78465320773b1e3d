//! The domain's facts: what happened, recorded in `domain_events` in the same
//! transaction as the change itself (`fact::store::emit`), for whoever reacts
//! later — loyalty's ledger today, the integration API's event feed next. A
//! fact is a kind and its typed fields, as a `notify::Notice` is for messages,
//! so no reader matches stored strings.
//!
//! Each kind has a stable name (the stored `kind`, which the feed publishes)
//! and a version (stored with the row). Changing a kind's fields in a way an
//! existing reader would misread makes a new version of it.

use crate::account::{DealerId, UserId};
use crate::booking::Stage as BookingStage;
use crate::case::{Channel, Kind as CaseKind, Status as CaseStatus};
use crate::club::{CommentId, Item, PostId};
use crate::lead::{Kind as LeadKind, Source, Stage as LeadStage};
use crate::loyalty::EntryKind;
use crate::types::{Money, Vin};
use chrono::{DateTime, Utc};

#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod stored;

#[cfg(feature = "ssr")]
pub use stored::{FactError, Stored};

stored_enum! {
    /// The kinds of fact; the text is the kind's stable name.
    pub enum Kind {
        ServiceCompleted = "service_completed",
        SurveyAnswered = "survey_answered",
        ClubPostApproved = "club_post_approved",
        ClubCommentApproved = "club_comment_approved",
        ClubEventAttended = "club_event_attended",
        ClubContentRemoved = "club_content_removed",
        ClubContentRestored = "club_content_restored",
        ClubLiked = "club_liked",
        ReferralWon = "referral_won",
        VehicleSold = "vehicle_sold",
        RepairOrderClosed = "repair_order_closed",
        RecallCompleted = "recall_completed",
        PurchaseMade = "purchase_made",
        BookingMade = "booking_made",
        BookingMoved = "booking_moved",
        BookingStageChanged = "booking_stage_changed",
        CaseOpened = "case_opened",
        CaseStatusChanged = "case_status_changed",
        LeadCreated = "lead_created",
        LeadStageChanged = "lead_stage_changed",
        OwnerRegistered = "owner_registered",
        PointsCredited = "points_credited",
        PointsDebited = "points_debited",
        VoucherUsed = "voucher_used",
    }
}

impl Kind {
    /// The version of the kind's fields that is written today.
    pub fn version(self) -> i64 {
        match self {
            Kind::ServiceCompleted
            | Kind::SurveyAnswered
            | Kind::ClubPostApproved
            | Kind::ClubCommentApproved
            | Kind::ClubEventAttended
            | Kind::ClubContentRemoved
            | Kind::ClubContentRestored
            | Kind::ClubLiked
            | Kind::ReferralWon
            | Kind::VehicleSold
            | Kind::RepairOrderClosed
            | Kind::RecallCompleted
            | Kind::PurchaseMade
            | Kind::BookingMade
            | Kind::BookingMoved
            | Kind::BookingStageChanged
            | Kind::CaseOpened
            | Kind::CaseStatusChanged
            | Kind::LeadCreated
            | Kind::LeadStageChanged
            | Kind::OwnerRegistered
            | Kind::PointsCredited
            | Kind::PointsDebited
            | Kind::VoucherUsed => 1,
        }
    }
}

/// Something that happened, with what a reader needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The dealer completed a booked service visit and the owner paid `amount`.
    ServiceCompleted { booking: i64, vin: Vin, dealer: DealerId, amount: Money },
    /// An owner answered the survey after a visit (whatever the answer).
    SurveyAnswered { survey: i64, owner: UserId },
    /// A member's post came out for the first time (published, or approved).
    ClubPostApproved { post: PostId, member: UserId },
    /// A member's comment came out for the first time (published, or approved).
    ClubCommentApproved { comment: CommentId, member: UserId },
    /// A member other than an organiser was checked in at a club event.
    ClubEventAttended { event: PostId, member: UserId },
    /// A moderator removed a member's post or comment for a violation.
    ClubContentRemoved { item: Item, member: UserId },
    /// A removed post or comment came back (an appeal upheld, a removal undone).
    ClubContentRestored { item: Item, member: UserId },
    /// `by` liked `member`'s post or comment: recorded once per member and
    /// item, however often they like and un-like it.
    ClubLiked { item: Item, member: UserId, by: UserId },
    /// A lead the `referrer` referred bought a car.
    ReferralWon { lead: i64, referrer: UserId },
    /// The register recorded a sale of the car by `dealer` (from the dealer's
    /// system), or a correction of its buyer.
    VehicleSold { vin: Vin, dealer: DealerId },
    /// A dealer's workshop system closed a repair order made under no booking
    /// (one under a booking completes it: `ServiceCompleted`); `owner` had the
    /// car then.
    RepairOrderClosed { order: i64, vin: Vin, dealer: DealerId, amount: Money, owner: Option<UserId> },
    /// The recall or service campaign `campaign` (its code) was done on the
    /// car: at `dealer`, or recorded by the brand with none named.
    RecallCompleted { vin: Vin, campaign: String, dealer: Option<DealerId> },
    /// The owner paid `amount` at `dealer` outside a repair order (reported by
    /// the dealer's or the brand's system).
    PurchaseMade { purchase: i64, owner: UserId, dealer: DealerId, amount: Money },
    /// A visit was booked, by the owner or by staff for them.
    BookingMade { booking: i64, owner: UserId, dealer: DealerId, vin: Vin, starts_at: DateTime<Utc> },
    /// A booked visit moved to another start, by the owner or the dealer.
    BookingMoved { booking: i64, dealer: DealerId, starts_at: DateTime<Utc> },
    /// A booking took a step of its lifecycle (checked in, cancelled, completed…).
    BookingStageChanged { booking: i64, dealer: DealerId, to: BookingStage },
    /// A case was opened, by its owner in the portal or by staff recording a contact.
    CaseOpened { case: i64, owner: UserId, dealer: Option<DealerId>, kind: CaseKind, channel: Channel },
    /// A case moved on (acknowledged, in progress, resolved, closed, reopened).
    CaseStatusChanged { case: i64, dealer: Option<DealerId>, to: CaseStatus },
    /// A prospect's request, an owner's trade-in ask or another system made a lead.
    LeadCreated { lead: i64, dealer: DealerId, kind: LeadKind, source: Source },
    /// A lead moved on; `Won` and `Lost` close it.
    LeadStageChanged { lead: i64, dealer: DealerId, to: LeadStage },
    /// Someone made an owner's account.
    OwnerRegistered { owner: UserId },
    /// Points came onto the owner's ledger (`entry` earn or adjust), for `source`.
    PointsCredited { owner: UserId, points: i64, entry: EntryKind, source: String },
    /// Points left the owner's ledger (`entry` redeem, expire, reverse or adjust), for `source`.
    PointsDebited { owner: UserId, points: i64, entry: EntryKind, source: String },
    /// A reward's voucher was used at a dealer's counter (or the brand's desk).
    VoucherUsed { voucher: i64, owner: UserId, dealer: Option<DealerId> },
}

impl Fact {
    pub fn kind(&self) -> Kind {
        match self {
            Fact::ServiceCompleted { .. } => Kind::ServiceCompleted,
            Fact::SurveyAnswered { .. } => Kind::SurveyAnswered,
            Fact::ClubPostApproved { .. } => Kind::ClubPostApproved,
            Fact::ClubCommentApproved { .. } => Kind::ClubCommentApproved,
            Fact::ClubEventAttended { .. } => Kind::ClubEventAttended,
            Fact::ClubContentRemoved { .. } => Kind::ClubContentRemoved,
            Fact::ClubContentRestored { .. } => Kind::ClubContentRestored,
            Fact::ClubLiked { .. } => Kind::ClubLiked,
            Fact::ReferralWon { .. } => Kind::ReferralWon,
            Fact::VehicleSold { .. } => Kind::VehicleSold,
            Fact::RepairOrderClosed { .. } => Kind::RepairOrderClosed,
            Fact::RecallCompleted { .. } => Kind::RecallCompleted,
            Fact::PurchaseMade { .. } => Kind::PurchaseMade,
            Fact::BookingMade { .. } => Kind::BookingMade,
            Fact::BookingMoved { .. } => Kind::BookingMoved,
            Fact::BookingStageChanged { .. } => Kind::BookingStageChanged,
            Fact::CaseOpened { .. } => Kind::CaseOpened,
            Fact::CaseStatusChanged { .. } => Kind::CaseStatusChanged,
            Fact::LeadCreated { .. } => Kind::LeadCreated,
            Fact::LeadStageChanged { .. } => Kind::LeadStageChanged,
            Fact::OwnerRegistered { .. } => Kind::OwnerRegistered,
            Fact::PointsCredited { .. } => Kind::PointsCredited,
            Fact::PointsDebited { .. } => Kind::PointsDebited,
            Fact::VoucherUsed { .. } => Kind::VoucherUsed,
        }
    }

    /// The stable name: the stored kind, and the name the event feed gives it.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    pub fn version(&self) -> i64 {
        self.kind().version()
    }

    /// What the fact is about, as `booking:7` or `post:3`: the ledger credits
    /// a subject once per person and names it as the points' source.
    pub fn subject(&self) -> String {
        match self {
            Fact::ServiceCompleted { booking, .. }
            | Fact::BookingMade { booking, .. }
            | Fact::BookingMoved { booking, .. }
            | Fact::BookingStageChanged { booking, .. } => format!("booking:{booking}"),
            Fact::SurveyAnswered { survey, .. } => format!("survey:{survey}"),
            Fact::ClubPostApproved { post, .. } => Item::post(*post).key(),
            Fact::ClubCommentApproved { comment, .. } => Item::comment(*comment).key(),
            Fact::ClubEventAttended { event, .. } => Item::post(*event).key(),
            Fact::ClubContentRemoved { item, .. }
            | Fact::ClubContentRestored { item, .. }
            | Fact::ClubLiked { item, .. } => item.key(),
            Fact::ReferralWon { lead, .. } | Fact::LeadCreated { lead, .. } | Fact::LeadStageChanged { lead, .. } => {
                format!("lead:{lead}")
            }
            Fact::CaseOpened { case, .. } | Fact::CaseStatusChanged { case, .. } => format!("case:{case}"),
            Fact::OwnerRegistered { owner }
            | Fact::PointsCredited { owner, .. }
            | Fact::PointsDebited { owner, .. } => format!("owner:{owner}"),
            Fact::VoucherUsed { voucher, .. } => format!("voucher:{voucher}"),
            Fact::VehicleSold { vin, .. } | Fact::RecallCompleted { vin, .. } => format!("vehicle:{vin}"),
            Fact::RepairOrderClosed { order, .. } => format!("repair_order:{order}"),
            Fact::PurchaseMade { purchase, .. } => format!("purchase:{purchase}"),
        }
    }

    /// The dealer the fact happened at, if one: a dealer's integration key
    /// sees those facts only.
    pub fn dealer(&self) -> Option<DealerId> {
        match self {
            Fact::ServiceCompleted { dealer, .. }
            | Fact::VehicleSold { dealer, .. }
            | Fact::RepairOrderClosed { dealer, .. }
            | Fact::PurchaseMade { dealer, .. }
            | Fact::BookingMade { dealer, .. }
            | Fact::BookingMoved { dealer, .. }
            | Fact::BookingStageChanged { dealer, .. }
            | Fact::LeadCreated { dealer, .. }
            | Fact::LeadStageChanged { dealer, .. } => Some(*dealer),
            Fact::RecallCompleted { dealer, .. }
            | Fact::CaseOpened { dealer, .. }
            | Fact::CaseStatusChanged { dealer, .. }
            | Fact::VoucherUsed { dealer, .. } => *dealer,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_name_that_reads_back_and_a_first_version() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert!(kind.version() >= 1);
        }
        assert_eq!(Kind::parse("club_likes"), None);
    }

    #[test]
    fn a_fact_is_about_its_subject() {
        let liked = Fact::ClubLiked { item: Item::comment(4), member: 1, by: 2 };
        assert_eq!((liked.name(), liked.subject().as_str()), ("club_liked", "comment:4"));
        let attended = Fact::ClubEventAttended { event: 9, member: 1 };
        assert_eq!((attended.name(), attended.subject().as_str()), ("club_event_attended", "post:9"));
    }
}
