//! Test drives and the lead pipeline (issue 13, the domain first): the stages
//! a lead moves through and who may move it, what a sale may name, the
//! first-contact clock in working hours, and the fair round-robin that hands
//! new leads to the handlers on duty. The prospect's request is parsed in
//! `request`, a drive's hours and status in `drive`.

use crate::account::{DealerId, UserId};
use crate::error::{text, Field, FieldError, Problem};
use crate::types::Vin;
use crate::zone::{day_start, instant, local_date, Hours};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// The first human contact is promised within this many working minutes.
pub const FIRST_CONTACT_MINUTES: i64 = 120;
pub const MAX_COMPETITOR_CHARS: usize = 60;
pub const MAX_NOTE_CHARS: usize = 500;

pub mod drive;
pub mod nurture;
pub mod progress;
pub mod request;
#[cfg(feature = "ssr")]
pub mod store;
pub(crate) mod transition_error;
pub mod views;

pub use drive::{drive_offers, DriveOffer};
pub use nurture::{median_minutes, plan, planned, slot, NextAction, Touch};
pub use progress::Progress;
pub use request::{
    caller_request, repeats, Submission, TestDriveRequest, TradeInAsk, When, DUPLICATE_DAYS, MAX_REFERRAL_CHARS,
};
pub use transition_error::TransitionError;

stored_enum! {
    pub enum Stage {
        New = "new",
        Contacted = "contacted",
        TestDriveBooked = "test_drive_booked",
        TestDriveDone = "test_drive_done",
        Negotiating = "negotiating",
        Won = "won",
        Lost = "lost",
    }
}

stored_enum! {
    /// Why a prospect did not buy (the analytics group by it).
    pub enum LostReason {
        Price = "price",
        CompetitorModel = "competitor_model",
        DeliveryTime = "delivery_time",
        Financing = "financing",
        ServiceExperience = "service_experience",
        NoLongerInterested = "no_longer_interested",
        /// The prospect withdrew from the status page (never chosen by a handler).
        Withdrawn = "withdrawn",
        Other = "other",
    }
}

impl LostReason {
    /// The reasons a handler or a surveyed prospect picks from.
    pub fn chosen() -> impl Iterator<Item = LostReason> {
        LostReason::ALL.iter().copied().filter(|r| *r != LostReason::Withdrawn)
    }
}

stored_enum! {
    /// What brought the lead: a prospect's test-drive request, or an owner
    /// asking what their car is worth towards a new one.
    pub enum Kind { TestDrive = "test_drive", TradeIn = "trade_in" }
}

stored_enum! {
    /// How the prospect heard of us.
    pub enum Source {
        Search = "search",
        Social = "social",
        Friend = "friend",
        Dealer = "dealer",
        Event = "event",
        Advert = "advert",
        Other = "other",
        /// A caller on the hotline, the lead opened by the staff who took the call.
        Hotline = "hotline",
        /// A visitor to the showroom, the lead opened by the staff who met them.
        WalkIn = "walk_in",
        /// From a marketing campaign's responses, sent by the brand's system.
        Campaign = "campaign",
        /// From a partner's list (an insurer, a fleet, a finance house).
        Partner = "partner",
    }
}

impl Source {
    /// Recorded by staff who took the call or met the visitor, never chosen
    /// by a prospect on the public form.
    pub fn by_staff(self) -> bool {
        matches!(self, Source::Hotline | Source::WalkIn)
    }

    /// Sent by another system through the integration API: the call
    /// centre's, a showroom's, a campaign's or a partner's.
    pub fn by_system(self) -> bool {
        self.by_staff() || matches!(self, Source::Campaign | Source::Partner)
    }

    /// How a prospect may say they heard of us on the public form.
    pub fn prospect_choices() -> impl Iterator<Item = Source> {
        Source::ALL.into_iter().filter(|s| !s.by_system())
    }
}

stored_enum! {
    /// When no slot suits: the part of day the prospect prefers.
    pub enum PartOfDay { Morning = "morning", Afternoon = "afternoon", Evening = "evening" }
}

stored_enum! {
    /// A line of a lead's history.
    pub enum EventKind {
        Created = "created",
        /// The same mobile asked again for the model: this lead was updated.
        Repeated = "repeated",
        Assigned = "assigned",
        Moved = "moved",
        /// A handler's call or message: a human contact.
        Contact = "contact",
        Planned = "planned",
        DriveBooked = "drive_booked",
        Surveyed = "surveyed",
        /// The sale named a car the register did not know: the sales manager
        /// confirmed it, and the register's entry names them. The detail is the VIN.
        UnregisteredSale = "unregistered_sale",
    }
}

impl Stage {
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Won | Stage::Lost)
    }

    /// A sale follows a conversation: never straight from an untouched lead.
    pub fn may_win(self) -> bool {
        matches!(self, Stage::Contacted | Stage::TestDriveBooked | Stage::TestDriveDone | Stage::Negotiating)
    }
}

/// What somebody does to a lead. A win carries the sold car's VIN and a loss
/// its reason, so neither can be recorded without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    /// The handler reached the prospect (and so verified the mobile).
    Contact,
    BookDrive,
    DriveDone,
    Negotiate,
    Win {
        vin: Vin,
    },
    Lose {
        reason: LostReason,
        competitor: Option<String>,
    },
    /// The prospect withdraws from the status page.
    Withdraw,
}

impl Move {
    /// The reason recorded with a loss (a withdrawal is its own reason).
    pub fn lost_reason(&self) -> Option<LostReason> {
        match self {
            Move::Lose { reason, .. } => Some(*reason),
            Move::Withdraw => Some(LostReason::Withdrawn),
            _ => None,
        }
    }

    /// The handler's step as posted from the lead's buttons (booking a drive,
    /// a win and a loss have forms of their own: a slot, a VIN, a reason).
    pub fn simple(raw: &str) -> Result<Move, FieldError> {
        match raw {
            "contact" => Ok(Move::Contact),
            "drive_done" => Ok(Move::DriveDone),
            "negotiate" => Ok(Move::Negotiate),
            _ => Err(FieldError::new(Field::Outcome, Problem::UnknownChoice)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Handler,
    Prospect,
}

/// A sale as the handler records it on a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub lead: i64,
    pub vin: Vin,
    /// The handler's word that the register does not know the car yet; it
    /// counts only from the dealer's sales manager.
    pub unregistered: bool,
}

/// What the sold-vehicle register says of the VIN a sale names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InRegister {
    Unknown,
    /// Not sold yet; `dealer` is the one it was delivered to, if any.
    Stock {
        dealer: Option<DealerId>,
        model: i64,
    },
    Sold,
}

/// Whether a sale of the lead's `model` at `dealer` may name this car: the
/// dealer's own stock of that model, or a car the register does not know yet
/// when the dealer's sales manager confirms it (it is entered marked so).
pub fn may_sell(car: InRegister, dealer: DealerId, model: i64, manager_confirms: bool) -> Result<(), TransitionError> {
    match car {
        InRegister::Sold => Err(TransitionError::CarTaken),
        InRegister::Stock { dealer: Some(stocked), model: stock_model } if stocked == dealer => {
            if stock_model == model {
                Ok(())
            } else {
                Err(TransitionError::WrongModel)
            }
        }
        InRegister::Stock { .. } => Err(TransitionError::NotOurStock),
        InRegister::Unknown if manager_confirms => Ok(()),
        InRegister::Unknown => Err(TransitionError::UnregisteredNeedsManager),
    }
}

/// Whether a handler may mark the lead lost: only once someone has reached
/// the prospect (a logged call or message, `contacted`). A lead nobody has
/// called is not lost, it is late: it stays on the board until someone does.
pub fn may_lose(contacted: bool) -> Result<(), TransitionError> {
    if contacted {
        Ok(())
    } else {
        Err(TransitionError::NeverContacted)
    }
}

/// Whether a lost prospect is asked why they did not buy: only one we spoke
/// with, and never one who cancelled the request themselves.
pub fn asks_why(reason: LostReason, contacted: bool) -> bool {
    contacted && reason != LostReason::Withdrawn
}

/// The stage after `step`, or why it is refused.
pub fn transition(from: Stage, step: Move, by: Party) -> Result<Stage, TransitionError> {
    use Stage::*;
    match (by, step, from) {
        (Party::Handler, Move::Contact, New) => Ok(Contacted),
        // A drive is booked with someone the handler has spoken to.
        (Party::Handler, Move::BookDrive, Contacted | TestDriveDone) => Ok(TestDriveBooked),
        (Party::Handler, Move::DriveDone, TestDriveBooked) => Ok(TestDriveDone),
        (Party::Handler, Move::Negotiate, Contacted | TestDriveDone) => Ok(Negotiating),
        (Party::Handler, Move::Win { .. }, stage) if stage.may_win() => Ok(Won),
        (Party::Handler, Move::Lose { .. }, stage) if stage.is_open() => Ok(Lost),
        (Party::Prospect, Move::Withdraw, New | Contacted | TestDriveBooked) => Ok(Lost),
        _ => Err(TransitionError::NotFromHere),
    }
}

/// A loss as the handler records it: a reason from the list, and the
/// competitor's model when that was the reason (optional otherwise).
pub fn lose(reason: &str, competitor: &str) -> Result<Move, FieldError> {
    let reason = LostReason::parse(reason)
        .filter(|r| *r != LostReason::Withdrawn)
        .ok_or(FieldError::new(Field::Reason, Problem::UnknownChoice))?;
    let competitor = text(Field::Competitor, competitor, MAX_COMPETITOR_CHARS, false)?;
    Ok(Move::Lose { reason, competitor })
}

/// A handler's note on a step: optional, at most `MAX_NOTE_CHARS`.
pub fn note(raw: &str) -> Result<String, FieldError> {
    Ok(text(Field::Note, raw, MAX_NOTE_CHARS, false)?.unwrap_or_default())
}

/// The sales floor's hours where a dealer has none on record: Monday to
/// Saturday, 9:00–18:00.
pub fn usual_hours(day: NaiveDate) -> Option<Hours> {
    (day.weekday() != Weekday::Sun)
        .then(|| Some(Hours { opens: NaiveTime::from_hms_opt(9, 0, 0)?, closes: NaiveTime::from_hms_opt(18, 0, 0)? }))
        .flatten()
}

/// When the first human contact is due for a lead that came in at `created`:
/// `FIRST_CONTACT_MINUTES` of the dealer's open time later, in its zone, by
/// its `hours` of each day (`None`: closed, a holiday or Sunday). With the
/// usual hours a lead at 17:30 on a Friday is due at 10:30 on Saturday; one on
/// Sunday evening at 11:00 on Monday.
pub fn first_contact_due(
    created: DateTime<Utc>,
    zone: FixedOffset,
    hours: impl Fn(NaiveDate) -> Option<Hours>,
) -> DateTime<Utc> {
    let mut at = created;
    let mut left = Duration::minutes(FIRST_CONTACT_MINUTES);
    // Four weeks of days is far more than any span of hours needs (a long holiday included).
    for _ in 0..28 {
        let day = local_date(zone, at);
        if let Some((open, close)) =
            hours(day).and_then(|h| Some((instant(zone, day, h.opens)?, instant(zone, day, h.closes)?)))
        {
            let start = at.max(open);
            if start < close {
                if start + left <= close {
                    return start + left;
                }
                left -= close - start;
            }
        }
        at = match day_start(zone, day + Duration::days(1)) {
            Some(midnight) => midnight,
            None => return created,
        };
    }
    created
}

/// The handler on duty to give the next lead: the one after whoever got the
/// last (in a stable order), so nobody picks from a shared queue.
pub fn next_handler(on_duty: &[UserId], last: Option<UserId>) -> Option<UserId> {
    let mut handlers = on_duty.to_vec();
    handlers.sort_unstable();
    handlers.dedup();
    let after = last.and_then(|l| handlers.iter().position(|h| *h > l));
    match (after, handlers.first()) {
        (Some(i), _) => handlers.get(i).copied(),
        (None, first) => first.copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::CHINA;

    fn china(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .zip(NaiveTime::from_hms_opt(h, min, 0))
            .and_then(|(day, time)| instant(CHINA, day, time))
            .unwrap_or_default()
    }

    fn due(created: DateTime<Utc>) -> DateTime<Utc> {
        first_contact_due(created, CHINA, usual_hours)
    }

    #[test]
    fn a_dealers_holiday_and_own_hours_move_the_clock() {
        let zone = CHINA;
        let holiday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        let hours = |day: NaiveDate| if day == holiday { None } else { usual_hours(day) };
        assert_eq!(
            first_contact_due(china(2026, 11, 28, 17, 0), zone, hours),
            china(2026, 12, 1, 10, 0),
            "Monday closed"
        );
        let every_day =
            |_| Some(Hours { opens: NaiveTime::MIN, closes: NaiveTime::from_hms_opt(23, 0, 0).unwrap_or_default() });
        assert_eq!(
            first_contact_due(china(2026, 11, 29, 20, 0), zone, every_day),
            china(2026, 11, 29, 22, 0),
            "open on Sunday"
        );
    }

    #[test]
    fn the_first_contact_clock_runs_in_working_hours() {
        // 2026-11-27 is a Friday.
        assert_eq!(due(china(2026, 11, 27, 10, 0)), china(2026, 11, 27, 12, 0));
        assert_eq!(due(china(2026, 11, 27, 17, 30)), china(2026, 11, 28, 10, 30), "Friday late: Saturday");
        assert_eq!(due(china(2026, 11, 28, 17, 0)), china(2026, 11, 30, 10, 0), "Saturday late: Monday");
        assert_eq!(due(china(2026, 11, 29, 20, 0)), china(2026, 11, 30, 11, 0), "Sunday: Monday");
        assert_eq!(due(china(2026, 11, 27, 7, 0)), china(2026, 11, 27, 11, 0), "before opening");
        assert_eq!(due(china(2026, 11, 27, 16, 0)), china(2026, 11, 27, 18, 0), "the last minute counts");
    }

    #[test]
    fn a_sale_names_the_dealers_stock_of_the_model_or_a_new_car_the_manager_confirms() {
        let stock = |dealer, model| InRegister::Stock { dealer, model };
        assert_eq!(may_sell(stock(Some(1), 7), 1, 7, false), Ok(()));
        assert_eq!(may_sell(stock(Some(1), 8), 1, 7, false), Err(TransitionError::WrongModel));
        assert_eq!(may_sell(stock(Some(2), 7), 1, 7, true), Err(TransitionError::NotOurStock), "another dealer's");
        assert_eq!(may_sell(stock(None, 7), 1, 7, true), Err(TransitionError::NotOurStock), "not delivered to anyone");
        assert_eq!(may_sell(InRegister::Sold, 1, 7, true), Err(TransitionError::CarTaken));
        assert_eq!(may_sell(InRegister::Unknown, 1, 7, false), Err(TransitionError::UnregisteredNeedsManager));
        assert_eq!(may_sell(InRegister::Unknown, 1, 7, true), Ok(()));
    }

    #[test]
    fn a_lead_cannot_be_won_untouched_and_a_loss_needs_its_reason() {
        let vin = Vin::parse("LSVAU2180N2183294");
        let Ok(vin) = vin else { return };
        let win = Move::Win { vin };
        assert_eq!(transition(Stage::New, win.clone(), Party::Handler), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::Negotiating, win, Party::Handler), Ok(Stage::Won));
        assert_eq!(transition(Stage::Won, Move::Withdraw, Party::Prospect), Err(TransitionError::NotFromHere));
        assert_eq!(lose("", "").map_err(|e| e.field), Err(Field::Reason));
        let lost = lose("competitor_model", "Model Y");
        assert_eq!(lost, Ok(Move::Lose { reason: LostReason::CompetitorModel, competitor: Some("Model Y".into()) }));
        if let Ok(lost) = lost {
            assert_eq!(transition(Stage::TestDriveDone, lost.clone(), Party::Handler), Ok(Stage::Lost));
            assert_eq!(transition(Stage::Lost, lost, Party::Handler), Err(TransitionError::NotFromHere));
        }
        assert_eq!(transition(Stage::New, Move::Contact, Party::Prospect), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::TestDriveBooked, Move::Withdraw, Party::Prospect), Ok(Stage::Lost));
    }

    #[test]
    fn a_lead_is_lost_only_after_a_contact_and_only_a_spoken_to_prospect_is_asked_why() {
        assert_eq!(may_lose(false), Err(TransitionError::NeverContacted));
        assert_eq!(may_lose(true), Ok(()));
        assert!(asks_why(LostReason::Price, true));
        assert!(!asks_why(LostReason::Price, false), "nobody spoke with them");
        assert!(!asks_why(LostReason::Withdrawn, true), "they cancelled it themselves");
        assert!(!asks_why(LostReason::Withdrawn, false));
    }

    #[test]
    fn round_robin_takes_turns() {
        assert_eq!(next_handler(&[7, 3, 5], None), Some(3));
        assert_eq!(next_handler(&[7, 3, 5], Some(3)), Some(5));
        assert_eq!(next_handler(&[7, 3, 5], Some(7)), Some(3), "round again");
        assert_eq!(next_handler(&[7, 3, 5], Some(4)), Some(5), "the last one went off duty");
        assert_eq!(next_handler(&[], Some(4)), None);
    }
}
