//! Keeping a lead warm: the next action every open lead carries (with its due
//! time, proposed from the stage and changeable by the handler), the ways a
//! handler reaches a prospect, and the median time to first contact.

use super::Stage;
use crate::error::{Field, FieldError, Problem};
use crate::zone::CHINA;
use chrono::{DateTime, Duration, Utc};

stored_enum! {
    pub enum NextAction {
        Call = "call",
        ConfirmDrive = "confirm_drive",
        FollowUp = "follow_up",
        SendOffer = "send_offer",
    }
}

stored_enum! {
    /// How a handler reached (or tried to reach) a prospect: each counts as a
    /// human contact for the first-contact clock, unlike the automatic SMS.
    pub enum Touch { Call = "call", Sms = "sms", WeChat = "wechat" }
}

/// The next action a lead gets on entering `stage`: `contact_due` for a new
/// lead's first call, the drive itself when one is booked.
pub fn planned(
    stage: Stage,
    now: DateTime<Utc>,
    contact_due: DateTime<Utc>,
    drive: Option<DateTime<Utc>>,
) -> Option<(NextAction, DateTime<Utc>)> {
    match stage {
        Stage::New => Some((NextAction::Call, contact_due)),
        Stage::Contacted => Some((NextAction::FollowUp, now + Duration::days(2))),
        Stage::TestDriveBooked => {
            Some((NextAction::ConfirmDrive, drive.map_or(now + Duration::days(1), |d| d - Duration::hours(20))))
        }
        Stage::TestDriveDone => Some((NextAction::SendOffer, now + Duration::days(1))),
        Stage::Negotiating => Some((NextAction::FollowUp, now + Duration::days(3))),
        Stage::Won | Stage::Lost => None,
    }
}

/// A next action as a handler sets it: the action, and when (China time, as a
/// `datetime-local` field sends it).
pub fn plan(action: &str, due: &str) -> Result<(NextAction, DateTime<Utc>), FieldError> {
    let action = NextAction::parse(action).ok_or(FieldError::new(Field::Outcome, Problem::UnknownChoice))?;
    let due = crate::zone::parse_local(due, CHINA).ok_or(FieldError::new(Field::StartsAt, Problem::Required))?;
    Ok((action, due))
}

/// A drive's start as the slot picker posts it (UTC milliseconds).
pub fn slot(raw: &str) -> Result<DateTime<Utc>, FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .ok_or(FieldError::new(Field::Slot, Problem::Required))
}

/// The median of some durations in minutes (the lower middle of an even count).
pub fn median_minutes(mut minutes: Vec<i64>) -> Option<i64> {
    minutes.sort_unstable();
    minutes.get(minutes.len().checked_sub(1)? / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_open_stage_plans_a_next_action_and_the_median_is_the_middle() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let due = now + Duration::hours(2);
        assert_eq!(planned(Stage::New, now, due, None), Some((NextAction::Call, due)));
        let drive = now + Duration::days(3);
        assert_eq!(
            planned(Stage::TestDriveBooked, now, due, Some(drive)),
            Some((NextAction::ConfirmDrive, drive - Duration::hours(20)))
        );
        for stage in Stage::ALL.iter().copied() {
            assert_eq!(planned(stage, now, due, None).is_some(), stage.is_open(), "{stage:?}");
        }
        assert_eq!(median_minutes(vec![]), None);
        assert_eq!(median_minutes(vec![30, 5, 600]), Some(30));
        assert_eq!(median_minutes(vec![40, 10]), Some(10));
    }
}
