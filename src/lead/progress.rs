//! The prospect's own road, as their status page shows it: received → we call
//! → drive booked → drive done, ended by their own cancellation or by the
//! dealer closing it. The sales pipeline's stages (negotiating, won, lost) are
//! the dealer's words and never reach the prospect.

use super::{Kind, LostReason, PartOfDay, Stage};
use serde::{Deserialize, Serialize};

/// A step on the prospect's road.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Received,
    /// A consultant calls: awaited while the lead is new, passed once contacted.
    Call,
    DriveBooked,
    /// The drive has taken place, or the talk went on without one.
    Done,
}

/// How a request ended, as the prospect reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ending {
    /// They cancelled it themselves (not "lost" to them).
    Cancelled,
    /// The dealer closed it after speaking with them.
    Closed,
    /// They bought the car.
    Bought,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Done,
    /// What the prospect waits for now.
    Current,
    Ahead,
}

/// What the page says about when: the booked hour, the part of day asked
/// for, or that the consultant will arrange it; nothing once the request has
/// ended (a closed request arranges nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Appointment {
    At(i64),
    Preferred(PartOfDay),
    ToArrange,
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Each step with its state and when it was reached.
    pub steps: Vec<(Step, StepState, Option<i64>)>,
    /// How and when it ended, if it has.
    pub ending: Option<(Ending, i64)>,
    pub appointment: Appointment,
}

/// What the lead is, for its prospect's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen<'a> {
    pub kind: Kind,
    pub stage: Stage,
    pub created_at: i64,
    /// When each stage was reached, oldest first (a stage may come twice).
    pub reached: &'a [(Stage, i64)],
    pub lost_reason: Option<LostReason>,
    pub drive_at: Option<i64>,
    pub part_of_day: Option<PartOfDay>,
}

/// The pipeline stage that shows a step reached (the first of them to come).
fn shown_by(step: Step, stage: Stage) -> bool {
    match step {
        Step::Received => true,
        Step::Call => stage != Stage::New && stage != Stage::Lost,
        Step::DriveBooked => stage == Stage::TestDriveBooked,
        Step::Done => matches!(stage, Stage::TestDriveDone | Stage::Negotiating | Stage::Won),
    }
}

impl Progress {
    pub fn of(lead: &Seen) -> Progress {
        let road: &[Step] = match lead.kind {
            Kind::TestDrive => &[Step::Received, Step::Call, Step::DriveBooked, Step::Done],
            // A trade-in offer needs no drive: a call, then the offer.
            Kind::TradeIn => &[Step::Received, Step::Call],
        };
        let reached_at = |step: Step| match step {
            Step::Received => Some(lead.created_at),
            _ => lead.reached.iter().find(|(stage, _)| shown_by(step, *stage)).map(|(_, at)| *at),
        };
        let ended_at = lead.reached.iter().rev().find(|(s, _)| !s.is_open()).map_or(lead.created_at, |(_, at)| *at);
        let ending = match lead.stage {
            Stage::Won => Some((Ending::Bought, ended_at)),
            Stage::Lost if lead.lost_reason == Some(LostReason::Withdrawn) => Some((Ending::Cancelled, ended_at)),
            Stage::Lost => Some((Ending::Closed, ended_at)),
            _ => None,
        };
        let reached: Vec<(Step, Option<i64>)> = road.iter().map(|step| (*step, reached_at(*step))).collect();
        let last_reached = reached.iter().rposition(|(_, at)| at.is_some()).unwrap_or(0);
        let mut waiting = ending.is_none();
        let steps = reached
            .into_iter()
            .enumerate()
            .filter_map(|(i, (step, at))| {
                let state = match at {
                    Some(_) => StepState::Done,
                    // Passed by (a talk without a drive), or never to come (an ended request).
                    None if i < last_reached || ending.is_some() => return None,
                    None if waiting => {
                        waiting = false;
                        StepState::Current
                    }
                    None => StepState::Ahead,
                };
                Some((step, state, at))
            })
            .collect();
        let appointment = match (ending, lead.drive_at, lead.part_of_day) {
            (Some(_), _, _) => Appointment::Nothing,
            (None, Some(at), _) => Appointment::At(at),
            (None, None, _) if lead.kind == Kind::TradeIn => Appointment::Nothing,
            (None, None, Some(part)) => Appointment::Preferred(part),
            (None, None, None) => Appointment::ToArrange,
        };
        Progress { steps, ending, appointment }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(stage: Stage, reached: &[(Stage, i64)], lost: Option<LostReason>) -> Progress {
        Progress::of(&Seen {
            kind: Kind::TestDrive,
            stage,
            created_at: 1,
            reached,
            lost_reason: lost,
            drive_at: None,
            part_of_day: Some(PartOfDay::Morning),
        })
    }

    fn states(p: &Progress) -> Vec<(Step, StepState)> {
        p.steps.iter().map(|(s, st, _)| (*s, *st)).collect()
    }

    #[test]
    fn a_new_request_waits_for_the_call() {
        let p = seen(Stage::New, &[(Stage::New, 1)], None);
        assert_eq!(
            states(&p),
            [
                (Step::Received, StepState::Done),
                (Step::Call, StepState::Current),
                (Step::DriveBooked, StepState::Ahead),
                (Step::Done, StepState::Ahead)
            ]
        );
        assert_eq!(p.ending, None);
        assert_eq!(p.appointment, Appointment::Preferred(PartOfDay::Morning));
    }

    #[test]
    fn a_booked_drive_follows_the_call_and_shows_its_hour() {
        let reached = [(Stage::New, 1), (Stage::Contacted, 5), (Stage::TestDriveBooked, 5)];
        let p = Progress::of(&Seen {
            kind: Kind::TestDrive,
            stage: Stage::TestDriveBooked,
            created_at: 1,
            reached: &reached,
            lost_reason: None,
            drive_at: Some(99),
            part_of_day: None,
        });
        assert_eq!(p.steps[1], (Step::Call, StepState::Done, Some(5)));
        assert_eq!(p.steps[2], (Step::DriveBooked, StepState::Done, Some(5)));
        assert_eq!(p.steps[3], (Step::Done, StepState::Current, None));
        assert_eq!(p.appointment, Appointment::At(99));
    }

    #[test]
    fn negotiating_and_buying_read_as_done_then_bought() {
        let reached = [(Stage::New, 1), (Stage::Contacted, 2), (Stage::Negotiating, 3), (Stage::Won, 4)];
        let p = seen(Stage::Won, &reached, None);
        assert_eq!(p.steps.last(), Some(&(Step::Done, StepState::Done, Some(3))));
        assert!(!p.steps.iter().any(|(s, _, _)| *s == Step::DriveBooked), "a drive that never was is not shown");
        assert_eq!(p.ending, Some((Ending::Bought, 4)));
        assert!(p.steps.iter().all(|(_, state, _)| *state == StepState::Done));
    }

    #[test]
    fn a_cancelled_request_is_cancelled_not_lost_and_arranges_nothing() {
        let reached = [(Stage::New, 1), (Stage::Lost, 7)];
        let p = seen(Stage::Lost, &reached, Some(LostReason::Withdrawn));
        assert_eq!(p.ending, Some((Ending::Cancelled, 7)));
        assert_eq!(states(&p), [(Step::Received, StepState::Done)], "no step ahead of an ended request");
        assert_eq!(p.appointment, Appointment::Nothing, "never 'the consultant will arrange a time'");
    }

    #[test]
    fn a_request_the_dealer_closed_after_the_call_is_closed() {
        let reached = [(Stage::New, 1), (Stage::Contacted, 3), (Stage::Lost, 9)];
        let p = seen(Stage::Lost, &reached, Some(LostReason::Price));
        assert_eq!(p.ending, Some((Ending::Closed, 9)));
        assert_eq!(states(&p), [(Step::Received, StepState::Done), (Step::Call, StepState::Done)]);
        assert_eq!(p.appointment, Appointment::Nothing);
    }

    #[test]
    fn a_trade_in_has_no_drive() {
        let p = Progress::of(&Seen {
            kind: Kind::TradeIn,
            stage: Stage::New,
            created_at: 1,
            reached: &[(Stage::New, 1)],
            lost_reason: None,
            drive_at: None,
            part_of_day: None,
        });
        assert_eq!(states(&p), [(Step::Received, StepState::Done), (Step::Call, StepState::Current)]);
        assert_eq!(p.appointment, Appointment::Nothing);
    }
}
