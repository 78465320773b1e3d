//! A booking's lifecycle: where it stands (`Stage`), the steps that move it and
//! who may take them, judged by the one pure `transition`.

use super::ArrivalRefusal;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

stored_enum! {
    /// Where a booking stands. Stored as `status` plus, while the car is in the
    /// workshop, `workshop_stage` (`columns`); one value here so no impossible
    /// pair exists. The text is the name the event feed gives it.
    pub enum Stage {
        Booked = "booked",
        CheckedIn = "checked_in",
        InWork = "in_work",
        /// An estimate for extra work waits for the owner's decision.
        AwaitingApproval = "awaiting_approval",
        ReadyForPickup = "ready_for_pickup",
        Completed = "completed",
        Cancelled = "cancelled",
        NoShow = "no_show",
    }
}

impl Stage {
    /// The steps an owner watches once the car is at the dealer, in order.
    pub const WORKSHOP: [Stage; 5] =
        [Stage::CheckedIn, Stage::InWork, Stage::AwaitingApproval, Stage::ReadyForPickup, Stage::Completed];

    pub fn from_columns(status: &str, workshop: Option<&str>) -> Option<Stage> {
        Some(match (status, workshop) {
            ("booked", _) => Stage::Booked,
            ("checked_in", None) => Stage::CheckedIn,
            ("checked_in", Some("in_work")) => Stage::InWork,
            ("checked_in", Some("awaiting_approval")) => Stage::AwaitingApproval,
            ("checked_in", Some("ready")) => Stage::ReadyForPickup,
            ("completed", _) => Stage::Completed,
            ("cancelled", _) => Stage::Cancelled,
            ("no_show", _) => Stage::NoShow,
            _ => return None,
        })
    }

    /// The two columns a stage is stored in: `status`, and `workshop_stage`
    /// while the car is at the dealer past check-in.
    pub fn columns(self) -> (&'static str, Option<&'static str>) {
        match self {
            Stage::Booked => ("booked", None),
            Stage::CheckedIn => ("checked_in", None),
            Stage::InWork => ("checked_in", Some("in_work")),
            Stage::AwaitingApproval => ("checked_in", Some("awaiting_approval")),
            Stage::ReadyForPickup => ("checked_in", Some("ready")),
            Stage::Completed => ("completed", None),
            Stage::Cancelled => ("cancelled", None),
            Stage::NoShow => ("no_show", None),
        }
    }

    /// The car is at the dealer and the visit is not finished.
    pub fn in_workshop(self) -> bool {
        matches!(self, Stage::CheckedIn | Stage::InWork | Stage::AwaitingApproval | Stage::ReadyForPickup)
    }

    /// Not finished: booked, or the car is at the dealer. Stored as `status IN
    /// ('booked', 'checked_in')`, the condition of the one-open-booking-per-car
    /// index (migration 0008) and of the owner's count in `store::book`.
    pub fn is_open(self) -> bool {
        self == Stage::Booked || self.in_workshop()
    }

    /// How far along the workshop steps the visit is (None before check-in or
    /// when it never happened).
    pub fn workshop_step(self) -> Option<usize> {
        Self::WORKSHOP.iter().position(|s| *s == self)
    }
}

/// What moves a booking along its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    CheckIn,
    NoShow,
    StartWork,
    SendEstimate,
    /// The owner approves or declines the estimate; work goes on either way.
    AnswerEstimate,
    ReadyForPickup,
    Complete,
    Cancel,
}

/// Who takes a step: the owner in the portal, or the dealer's workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Owner,
    Dealer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("this step cannot be taken from where the booking stands")]
    NotFromHere,
    #[error("this step is the other party's")]
    NotYours,
}

/// The one place a booking's stage changes: where `step` by `by` leads from
/// `from`, or why it may not be taken. The store writes the result with one
/// conditional UPDATE on `from` (`store::status::write_status`).
pub fn transition(from: Stage, step: Step, by: Party) -> Result<Stage, TransitionError> {
    use Stage as S;
    let (to, party) = match (from, step) {
        (S::Booked, Step::CheckIn) => (S::CheckedIn, Some(Party::Dealer)),
        (S::Booked, Step::NoShow) => (S::NoShow, Some(Party::Dealer)),
        (S::Booked, Step::Cancel) => (S::Cancelled, None),
        (S::CheckedIn, Step::StartWork) => (S::InWork, Some(Party::Dealer)),
        (S::CheckedIn | S::InWork, Step::SendEstimate) => (S::AwaitingApproval, Some(Party::Dealer)),
        (S::AwaitingApproval, Step::AnswerEstimate) => (S::InWork, Some(Party::Owner)),
        (S::CheckedIn | S::InWork, Step::ReadyForPickup) => (S::ReadyForPickup, Some(Party::Dealer)),
        // Not while an estimate waits: the bill depends on the answer.
        (S::CheckedIn | S::InWork | S::ReadyForPickup, Step::Complete) => (S::Completed, Some(Party::Dealer)),
        _ => return Err(TransitionError::NotFromHere),
    };
    match party {
        Some(only) if only != by => Err(TransitionError::NotYours),
        _ => Ok(to),
    }
}

/// How a booking came about, as check-in judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// By its owner in the portal, or on the phone and confirmed by the owner since.
    ByOwner,
    /// By an advisor on the phone at `at`, and not confirmed by the owner.
    OnThePhone { at: DateTime<Utc> },
}

/// An unconfirmed phone booking is checked in from this long before its time…
pub const PHONE_CHECK_IN_EARLY: Duration = Duration::hours(2);
/// …until this long after it starts…
pub const PHONE_CHECK_IN_LATE: Duration = Duration::hours(12);
/// …and only if it was made at least this long before: a check-in is the
/// car's arrival, and only an arrival (or the owner's own word) relates a
/// dealer to an owner (`account::reach`). So a desk cannot book by phone for
/// anyone whose number it knows and check in at once; a walk-in's booking is
/// confirmed by its owner in the portal first.
pub const PHONE_NOTICE: Duration = Duration::hours(2);

/// The date a visit is on, as the dealer's calendar shows it: every dealer
/// keeps China's clock (`zone::named`).
pub fn visit_day(at: DateTime<Utc>) -> NaiveDate {
    crate::zone::local_date(crate::zone::CHINA, at)
}

/// Whether the car may be checked in `now`: on its visit's day only (a car
/// booked for tomorrow is tomorrow's), and an unconfirmed phone booking only
/// around its time besides.
pub fn check_in_open(made: Made, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ArrivalRefusal> {
    if visit_day(now) != visit_day(starts_at) {
        return Err(ArrivalRefusal::NotItsDay);
    }
    match made {
        Made::ByOwner => Ok(()),
        Made::OnThePhone { at }
            if at + PHONE_NOTICE <= now
                && starts_at - PHONE_CHECK_IN_EARLY <= now
                && now <= starts_at + PHONE_CHECK_IN_LATE =>
        {
            Ok(())
        }
        Made::OnThePhone { .. } => Err(ArrivalRefusal::AwaitsOwner),
    }
}

/// Whether the visit may be marked as a no-show `now`: from its day on (a
/// visit left booked after its day may still be), never before it.
pub fn no_show_open(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ArrivalRefusal> {
    if visit_day(now) < visit_day(starts_at) {
        Err(ArrivalRefusal::BeforeItsDay)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::zone::{instant, CHINA};
    use chrono::NaiveTime;

    /// `h:m` China time on 2027-01-15 (`day` days later).
    fn china(day: i64, h: u32, m: u32) -> DateTime<Utc> {
        let date = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default() + Duration::days(day);
        instant(CHINA, date, NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()).unwrap_or_default()
    }

    #[test]
    fn a_car_is_checked_in_on_its_visits_day_in_china_and_not_the_day_before_or_after() {
        let start = china(0, 10, 0);
        let open = |now| check_in_open(Made::ByOwner, start, now);
        assert_eq!(open(china(-1, 23, 59)), Err(ArrivalRefusal::NotItsDay), "23:59 the day before");
        assert_eq!(open(china(-1, 23, 59) + Duration::seconds(59)), Err(ArrivalRefusal::NotItsDay));
        assert_eq!(open(china(0, 0, 0)), Ok(()), "00:00 on the day, though UTC still shows the day before");
        assert_eq!(open(china(0, 23, 59)), Ok(()), "dropped off at the end of the day");
        assert_eq!(open(china(1, 0, 0)), Err(ArrivalRefusal::NotItsDay), "the next day is too late");
        assert_eq!(open(china(-3, 10, 0)), Err(ArrivalRefusal::NotItsDay), "not days ahead");
    }

    #[test]
    fn a_no_show_is_marked_from_its_day_on_never_before() {
        let start = china(0, 10, 0);
        assert_eq!(no_show_open(start, china(-1, 23, 59)), Err(ArrivalRefusal::BeforeItsDay));
        assert_eq!(no_show_open(start, china(0, 0, 0)), Ok(()));
        assert_eq!(no_show_open(start, china(2, 9, 0)), Ok(()), "left booked, marked later");
    }

    #[test]
    fn a_phone_booking_is_checked_in_only_around_its_time_and_an_owners_all_day() {
        let start = china(0, 9, 0);
        let phone = Made::OnThePhone { at: start - Duration::days(2) };
        let early = start - PHONE_CHECK_IN_EARLY;
        assert_eq!(
            check_in_open(phone, start, early - Duration::seconds(1)),
            Err(ArrivalRefusal::AwaitsOwner),
            "on the day, but before its window"
        );
        assert_eq!(check_in_open(phone, start, early), Ok(()));
        assert_eq!(check_in_open(phone, start, start + PHONE_CHECK_IN_LATE), Ok(()));
        assert_eq!(
            check_in_open(phone, start, start + PHONE_CHECK_IN_LATE + Duration::seconds(1)),
            Err(ArrivalRefusal::AwaitsOwner)
        );
        assert_eq!(check_in_open(Made::ByOwner, start, china(0, 0, 30)), Ok(()), "the owner drops the car off early");
    }

    #[test]
    fn a_phone_booking_made_just_now_waits_for_its_owner_to_confirm_it() {
        let start = china(0, 11, 0);
        let walk_in = Made::OnThePhone { at: start - Duration::hours(1) };
        assert_eq!(
            check_in_open(walk_in, start, start - Duration::minutes(30)),
            Err(ArrivalRefusal::AwaitsOwner),
            "booked the next slot, checked in at once"
        );
        let ready = start + PHONE_NOTICE - Duration::hours(1);
        assert_eq!(check_in_open(walk_in, start, ready - Duration::seconds(1)), Err(ArrivalRefusal::AwaitsOwner));
        assert_eq!(check_in_open(walk_in, start, ready), Ok(()), "two hours after booking");
        assert_eq!(check_in_open(Made::ByOwner, start, start - Duration::minutes(30)), Ok(()), "once confirmed");
    }

    #[test]
    fn a_visit_moves_step_by_step_and_only_by_the_right_party() {
        use Party::{Dealer, Owner};
        assert_eq!(transition(Stage::Booked, Step::CheckIn, Dealer), Ok(Stage::CheckedIn));
        assert_eq!(transition(Stage::Booked, Step::CheckIn, Owner), Err(TransitionError::NotYours));
        assert_eq!(transition(Stage::CheckedIn, Step::StartWork, Dealer), Ok(Stage::InWork));
        assert_eq!(transition(Stage::InWork, Step::SendEstimate, Dealer), Ok(Stage::AwaitingApproval));
        assert_eq!(transition(Stage::AwaitingApproval, Step::AnswerEstimate, Dealer), Err(TransitionError::NotYours));
        assert_eq!(transition(Stage::AwaitingApproval, Step::AnswerEstimate, Owner), Ok(Stage::InWork));
        assert_eq!(transition(Stage::InWork, Step::ReadyForPickup, Dealer), Ok(Stage::ReadyForPickup));
        assert_eq!(transition(Stage::ReadyForPickup, Step::Complete, Dealer), Ok(Stage::Completed));
    }

    #[test]
    fn no_step_skips_repeats_or_leaves_a_finished_visit() {
        use Party::{Dealer, Owner};
        assert_eq!(transition(Stage::AwaitingApproval, Step::Complete, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::InWork, Step::StartWork, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::Booked, Step::StartWork, Dealer), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::CheckedIn, Step::Cancel, Owner), Err(TransitionError::NotFromHere));
        assert_eq!(transition(Stage::CheckedIn, Step::NoShow, Dealer), Err(TransitionError::NotFromHere));
        for done in [Stage::Completed, Stage::Cancelled, Stage::NoShow] {
            for step in [Step::CheckIn, Step::Complete, Step::Cancel, Step::NoShow] {
                assert_eq!(transition(done, step, Dealer), Err(TransitionError::NotFromHere), "{done:?} {step:?}");
            }
        }
        assert_eq!(transition(Stage::Booked, Step::Cancel, Owner), Ok(Stage::Cancelled));
        assert_eq!(transition(Stage::Booked, Step::Cancel, Dealer), Ok(Stage::Cancelled));
    }

    #[test]
    fn every_stage_is_stored_and_read_back_as_itself() {
        for stage in [
            Stage::Booked,
            Stage::CheckedIn,
            Stage::InWork,
            Stage::AwaitingApproval,
            Stage::ReadyForPickup,
            Stage::Completed,
            Stage::Cancelled,
            Stage::NoShow,
        ] {
            let (status, workshop) = stage.columns();
            assert_eq!(Stage::from_columns(status, workshop), Some(stage));
        }
    }

    #[test]
    fn every_stored_pair_is_one_stage_and_unknown_pairs_are_refused() {
        assert_eq!(Stage::from_columns("checked_in", Some("awaiting_approval")), Some(Stage::AwaitingApproval));
        assert_eq!(Stage::from_columns("checked_in", None), Some(Stage::CheckedIn));
        assert_eq!(Stage::from_columns("checked_in", Some("parked")), None);
        assert_eq!(Stage::from_columns("lost", None), None);
        assert_eq!(Stage::ReadyForPickup.workshop_step(), Some(3));
        assert_eq!(Stage::Booked.workshop_step(), None);
        assert!(Stage::AwaitingApproval.in_workshop() && !Stage::Completed.in_workshop());
    }

    #[test]
    fn booked_and_workshop_stages_are_open_and_finished_ones_are_not() {
        for (status, workshop) in
            [("booked", None), ("checked_in", None), ("checked_in", Some("in_work")), ("checked_in", Some("ready"))]
        {
            assert_eq!(Stage::from_columns(status, workshop).map(Stage::is_open), Some(true), "{status} {workshop:?}");
        }
        for status in ["completed", "cancelled", "no_show"] {
            assert_eq!(Stage::from_columns(status, None).map(Stage::is_open), Some(false), "{status}");
        }
    }
}
