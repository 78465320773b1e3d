//! Service booking: a dealer's capacity is its service bays in every 30-minute
//! slot of its opening hours (in its own time zone); a service type takes some
//! bays for some slots. Offers are what is still free; a booking takes its
//! places in one transaction that cannot over-fill a slot. Here: what the
//! booking pages show and the fair-use policy; the rest by what it does.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod advisor;
pub mod arrival_refusal;
pub mod choices;
mod form;
mod ics;
pub mod lifecycle;
mod slots;
#[cfg(feature = "ssr")]
pub mod store;

pub use arrival_refusal::ArrivalRefusal;
pub use form::{
    BookingForm, Submitter, WorkDone, MAX_DEALER_REASON_CHARS, MAX_ESTIMATE_ITEMS_CHARS, MAX_NOTE_CHARS,
    MAX_PARTS_CHARS, MAX_WORK_CHARS,
};
pub use ics::ics;
pub use lifecycle::{check_in_open, no_show_open, transition, Made, Party, Stage, Step, TransitionError};
pub use slots::{
    covered, free_at, may_change, offers, starts, Offer, ServiceType, HORIZON_DAYS, LEAD_MINUTES, SLOT_MINUTES,
};

/// A booking as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub id: i64,
    pub vin: crate::types::Vin,
    pub dealer_id: i64,
    pub service_type_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub stage: Stage,
    pub note: Option<String>,
    /// Made by the dealer on the phone and not yet confirmed by the owner: the
    /// owner's page asks them to confirm it (or cancel it, if it is not theirs).
    pub awaits_owner: bool,
}

impl Booking {
    /// This booking relates its dealer to the owner and the car, as
    /// `account::reach` counts it: the owner made or confirmed it, or the car
    /// came. Only then do the dealer's pages link to the owner and the car.
    pub fn relates_dealer(&self) -> bool {
        !self.awaits_owner || self.stage.in_workshop() || self.stage == Stage::Completed
    }
}

stored_enum! {
    /// Who made a booking: the owner in the portal, or an advisor on the phone.
    pub enum MadeVia {
        Portal = "portal",
        Phone = "phone",
    }
}

/// Extra work the advisor found, for the owner to approve or decline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub id: i64,
    pub items: String,
    pub amount: crate::types::Money,
    pub sent_at: DateTime<Utc>,
    pub decision: Option<(Decision, DateTime<Utc>)>,
}

stored_enum! {
    pub enum Decision {
        Approved = "approved",
        Declined = "declined",
    }
}

/// One line of a booking's history: what happened, when, and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
    /// The actor's name, None when the owner did it themselves.
    pub by_staff: Option<String>,
}

/// A booking with what its pages show: the dealer (whose phone and address are
/// on every booking page) and the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub booking: Booking,
    pub dealer_name_zh: String,
    pub dealer_name_en: String,
    pub dealer_address_zh: String,
    pub dealer_address_en: String,
    pub dealer_phone: String,
    pub service_zh: String,
    pub service_en: String,
    pub model_zh: String,
    pub model_en: String,
    /// Whether the owner may still move or cancel it online.
    pub changeable: bool,
    /// The dealer moved or cancelled it for this reason and the owner has not answered yet.
    pub dealer_change: Option<String>,
    pub estimates: Vec<Estimate>,
    /// Upload ids of the owner's photos of the concern.
    pub photos: Vec<i64>,
    /// Open recalls fixed in the same visit (zh, en).
    pub recalls: Vec<(String, String)>,
    pub history: Vec<Event>,
}

/// One of the owner's bookings as their list shows it: where, what, which
/// car, and when on the dealer's own clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub booking: Booking,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub service_zh: String,
    pub service_en: String,
    pub model_zh: String,
    pub model_en: String,
    pub plate: Option<String>,
    /// The start as the dealer's wall clock shows it.
    pub local_start: chrono::NaiveDateTime,
}

/// A car's next visit that is booked or under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextVisit {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    /// It fixes the car's recalls (a recall service, or recalls booked with it).
    pub fixes_recalls: bool,
}

/// Photos an owner may add to one booking.
pub const MAX_BOOKING_PHOTOS: usize = 3;

/// Fair use of the workshop: one owner cannot fill a dealer's calendar. A car
/// is in one bay at a time, which the database itself enforces (one open
/// booking per VIN); the rest is this policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FairUse {
    /// Open bookings (see `Stage::is_open`) one owner may hold at once, however made.
    pub open_bookings_per_owner: u32,
    /// Booking writes (new bookings and moves) one account may make per hour.
    pub booking_writes_per_hour: u32,
}

/// The policy `store::book` and `store::reschedule` apply.
pub const FAIR_USE: FairUse = FairUse { open_bookings_per_owner: 3, booking_writes_per_hour: 20 };

impl FairUse {
    /// An owner who already holds `open` open bookings may make one more.
    pub fn allows_another(self, open: i64) -> bool {
        open < i64::from(self.open_bookings_per_owner)
    }
}

/// One row of the day sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub booking: Booking,
    pub owner_id: crate::account::UserId,
    pub owner_name: String,
    pub owner_mobile: Option<String>,
    pub model_zh: String,
    pub model_en: String,
    pub service_zh: String,
    pub service_en: String,
    /// Recall fixes booked with the visit.
    pub recalls: u32,
    /// Upload ids of the owner's photos of the concern.
    pub photos: Vec<i64>,
    /// The mileage read at check-in, which completing the visit starts from.
    pub checkin_mileage: Option<u32>,
    /// The latest estimate for extra work, with the owner's answer if given.
    pub estimate: Option<Estimate>,
    /// Why the car may not be checked in now (`check_in_open`), if it may not.
    pub check_in_refused: Option<ArrivalRefusal>,
    /// Why the visit may not be marked as a no-show now (`no_show_open`).
    pub no_show_refused: Option<ArrivalRefusal>,
}

/// A slot of the day with its capacity and use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLoad {
    pub starts_at: DateTime<Utc>,
    pub capacity: u32,
    pub used: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySheet {
    pub day: NaiveDate,
    pub slots: Vec<SlotLoad>,
    pub visits: Vec<Visit>,
}

/// A booking as its dealer's advisor acts on it: who acts, at which dealer
/// (another dealer's booking is "not found"), on which booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealerVisit {
    pub advisor: crate::account::UserId,
    pub dealer: i64,
    pub booking: i64,
}

/// The owner's named advisor (one-to-one service) and how to reach their dealer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NamedAdvisor {
    pub name: String,
    pub dealer_zh: String,
    pub dealer_en: String,
    pub dealer_phone: String,
}

/// An advisor who might be named for a new owner, and how many owners have
/// them as their named advisor already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AdvisorLoad {
    pub id: crate::account::UserId,
    pub named_owners: i64,
}

/// The advisor a buyer is introduced to at delivery: of the selling dealer's
/// active advisors, the one with the fewest named owners (the lowest id on a
/// tie, so the choice does not depend on the order they were read in).
pub fn advisor_for_buyer(candidates: &[AdvisorLoad]) -> Option<crate::account::UserId> {
    candidates.iter().min_by_key(|a| (a.named_owners, a.id)).map(|a| a.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_third_open_booking_is_the_last_one_allowed() {
        let policy = FairUse { open_bookings_per_owner: 3, booking_writes_per_hour: 20 };
        assert!(policy.allows_another(0));
        assert!(policy.allows_another(2), "two open: the third is allowed");
        assert!(!policy.allows_another(3), "three open: no fourth");
        assert!(!policy.allows_another(7));
        assert!(!FairUse { open_bookings_per_owner: 0, ..policy }.allows_another(0), "a cap of none allows none");
        assert_eq!(FAIR_USE.open_bookings_per_owner, 3);
    }

    #[test]
    fn an_unconfirmed_phone_booking_relates_its_dealer_only_once_the_car_came() {
        let booking = |stage, awaits_owner| Booking {
            id: 1,
            vin: crate::types::Vin::parse("1HGCM82633A004352").expect("a valid VIN"),
            dealer_id: 1,
            service_type_id: 1,
            starts_at: DateTime::default(),
            ends_at: DateTime::default(),
            stage,
            note: None,
            awaits_owner,
        };
        assert!(booking(Stage::Booked, false).relates_dealer(), "the owner's own booking");
        assert!(!booking(Stage::Booked, true).relates_dealer(), "booked by phone, not confirmed");
        assert!(!booking(Stage::NoShow, true).relates_dealer(), "and the car never came");
        assert!(booking(Stage::InWork, true).relates_dealer(), "the car is at the dealer");
        assert!(booking(Stage::Completed, true).relates_dealer());
    }

    #[test]
    fn a_buyer_gets_the_least_busy_advisor_and_the_lowest_id_on_a_tie() {
        let load = |id, named_owners| AdvisorLoad { id, named_owners };
        assert_eq!(advisor_for_buyer(&[]), None, "a dealer without an advisor names nobody");
        assert_eq!(advisor_for_buyer(&[load(7, 3), load(4, 1), load(9, 2)]), Some(4));
        assert_eq!(advisor_for_buyer(&[load(9, 1), load(5, 1), load(6, 2)]), Some(5), "a tie goes to the lowest id");
        assert_eq!(advisor_for_buyer(&[load(3, 0)]), Some(3));
    }
}
