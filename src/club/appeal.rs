//! A member's appeal of a moderator's decision about them: open until someone
//! other than the decision's author (`moderation::may_decide_appeal`) upholds
//! or overturns it; either answer is final.

use super::{Party, TransitionError};
use serde::{Deserialize, Serialize};

stored_enum! {
    /// Where an appeal stands.
    pub enum Status { Open = "open", Upheld = "upheld", Overturned = "overturned" }
}

/// The answer to an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The decision stands.
    Uphold,
    /// The decision is undone: the item comes back, the strike and the restriction go.
    Overturn,
}

impl Action {
    pub fn of(overturn: bool) -> Self {
        if overturn {
            Action::Overturn
        } else {
            Action::Uphold
        }
    }
}

/// The status after `action`, or why it is refused: only a moderator answers,
/// and only an open appeal.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    match (by, action, from) {
        (Party::Moderator, Action::Uphold, Status::Open) => Ok(Status::Upheld),
        (Party::Moderator, Action::Overturn, Status::Open) => Ok(Status::Overturned),
        _ => Err(TransitionError::NotFromHere),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moderator_answers_an_open_appeal_once() {
        assert_eq!(transition(Status::Open, Action::Uphold, Party::Moderator), Ok(Status::Upheld));
        assert_eq!(transition(Status::Open, Action::Overturn, Party::Moderator), Ok(Status::Overturned));
        for answered in [Status::Upheld, Status::Overturned] {
            for action in [Action::Uphold, Action::Overturn] {
                assert_eq!(
                    transition(answered, action, Party::Moderator),
                    Err(TransitionError::NotFromHere),
                    "{answered:?} is final, {action:?} refused"
                );
            }
        }
    }

    #[test]
    fn neither_the_member_nor_the_system_answers_an_appeal() {
        for by in [Party::Author, Party::System] {
            for action in [Action::Uphold, Action::Overturn] {
                assert_eq!(transition(Status::Open, action, by), Err(TransitionError::NotFromHere), "{by:?}");
            }
        }
    }

    #[test]
    fn the_form_says_which_answer() {
        assert_eq!(Action::of(true), Action::Overturn);
        assert_eq!(Action::of(false), Action::Uphold);
    }
}
