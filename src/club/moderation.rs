//! Moderation's rules: who may act on which board, the club rules a decision
//! cites, how much a report weighs, when reports hide an item, the ladder of
//! sanctions (warning → suspension → ban, strikes expire) and appeals.

pub use super::refusal::ModerationError;
use crate::account::Role;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub mod ruling;
pub use ruling::{Breach, Ruling};

/// A strike counts towards the next sanction for this long.
pub const STRIKE_DAYS: i64 = 90;
/// Reports hide an item once their weight reaches this: three members in
/// ordinary standing as reporters.
pub const HIDE_AT_WEIGHT: i64 = 3 * ORDINARY_WEIGHT;
/// …and only when they come from at least this many members: nobody hides an
/// item alone, however trusted.
pub const HIDE_AT_REPORTERS: i64 = 2;
pub const ORDINARY_WEIGHT: i64 = 10;
pub const MAX_REASON_CHARS: usize = 500;

stored_enum! {
    /// Why a member reports an item.
    pub enum ReportReason {
        Spam = "spam",
        Abuse = "abuse",
        OffTopic = "off_topic",
        Misinformation = "misinformation",
        PersonalData = "personal_data",
        Other = "other",
    }
}

stored_enum! {
    /// The club rule a moderator's decision cites (picked from a list; free
    /// text may add to it).
    pub enum Rule {
        Respect = "respect",
        Spam = "spam",
        OffTopic = "off_topic",
        Misinformation = "misinformation",
        PersonalData = "personal_data",
        Illegal = "illegal",
        Duplicate = "duplicate",
        /// No rule broken: what an approval, a lift or a pin records (a
        /// removal names a real one, `Breach`).
        Fine = "fine",
    }
}

stored_enum! {
    /// What the moderation log records.
    pub enum LogAction {
        Approve = "approve",
        Hide = "hide",
        AutoHide = "auto_hide",
        Restore = "restore",
        Delete = "delete",
        Lock = "lock",
        Unlock = "unlock",
        Pin = "pin",
        Unpin = "unpin",
        Move = "move",
        Edit = "edit",
        Dismiss = "dismiss",
        Warn = "warn",
        Suspend = "suspend",
        Ban = "ban",
        Lift = "lift",
        PreApproval = "pre_approval",
        AppealUpheld = "appeal_upheld",
        AppealOverturned = "appeal_overturned",
        KeywordAdded = "keyword_added",
        KeywordRemoved = "keyword_removed",
        /// Fresh accounts reported one member's words in a burst.
        ReportBurst = "report_burst",
    }
}

stored_enum! {
    /// A moderator's decision on an item in the queue.
    pub enum Decision {
        Approve = "approve",
        Hide = "hide",
        Restore = "restore",
        Delete = "delete",
        /// The reports were wrong: the item stays (or comes back) as it was.
        Dismiss = "dismiss",
    }
}

stored_enum! {
    pub enum Flag { Lock = "lock", Unlock = "unlock", Pin = "pin", Unpin = "unpin" }
}

impl LogAction {
    /// Decisions about a member's content or standing that they may appeal.
    pub fn appealable(self) -> bool {
        matches!(
            self,
            LogAction::Hide
                | LogAction::Delete
                | LogAction::Warn
                | LogAction::Suspend
                | LogAction::Ban
                | LogAction::PreApproval
        )
    }

    /// Lines the public log shows (what was removed or sanctioned, and why).
    pub fn public(self) -> bool {
        matches!(self, LogAction::Hide | LogAction::AutoHide | LogAction::Delete | LogAction::Suspend | LogAction::Ban)
    }
}

/// Who is acting, as far as moderation goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderator {
    /// A moderator of the boards they were given.
    OfBoards,
    /// Admins moderate everywhere.
    Admin,
}

impl Moderator {
    /// The moderating kind of a role: moderators and admins; nobody else.
    pub fn of(role: Role) -> Option<Self> {
        match (role.moderates_club(), role.is_admin()) {
            (true, true) => Some(Moderator::Admin),
            (true, false) => Some(Moderator::OfBoards),
            (false, _) => None,
        }
    }

    /// Looks after every board, not only the ones given (and so may act
    /// without a board: on a member's standing, on an appeal of a decision
    /// made on no board).
    pub fn everywhere(self) -> bool {
        self == Moderator::Admin
    }

    /// Whether they may act on an item of a board; `of_board` is whether they
    /// are one of that board's moderators.
    pub fn may_act(self, of_board: bool) -> bool {
        self.everywhere() || of_board
    }
}

/// Whether someone of `role` looks after every board: the store's reads and
/// decisions that span boards (the queue, the log, appeals) ask this.
pub fn moderates_everywhere(role: Role) -> bool {
    Moderator::of(role).is_some_and(Moderator::everywhere)
}

/// A reporter's weight: members whose reports were upheld count more, those
/// whose reports were repeatedly rejected count less (never nothing: a real
/// problem reported by them still reaches the queue). Someone who may not
/// write in the club (no car) counts half: three fresh accounts hide nothing.
pub fn report_weight(upheld: i64, rejected: i64, writer: bool) -> i64 {
    let weight = (ORDINARY_WEIGHT + 5 * upheld.min(4) - 3 * rejected).clamp(2, 30);
    if writer {
        weight
    } else {
        (weight / 2).max(2)
    }
}

/// Whether open reports hide the item until a moderator reviews it. Only
/// reports by members who may write in the club count (`reporters`, and their
/// `total_weight`): accounts anyone can make in a minute reach the queue, but
/// never hide an item on their own.
pub fn reports_hide(reporters: i64, total_weight: i64) -> bool {
    reporters >= HIDE_AT_REPORTERS && total_weight >= HIDE_AT_WEIGHT
}

/// An account this young is fresh: a burst of fresh accounts reporting one
/// member is itself worth a moderator's look.
pub const FRESH_ACCOUNT_DAYS: i64 = 7;
/// Within this many hours…
pub const BURST_HOURS: i64 = 24;
/// …this many fresh accounts reporting one member's words are a burst.
pub const BURST_REPORTERS: i64 = 3;

/// Whether `fresh_reporters` fresh accounts reporting one member within
/// [`BURST_HOURS`] are a burst to flag in the moderators' log.
pub fn report_burst(fresh_reporters: i64) -> bool {
    fresh_reporters >= BURST_REPORTERS
}

/// A sanction on a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sanction {
    Warning,
    Suspension { days: i64 },
    Ban,
}

impl Sanction {
    /// The next step of the ladder for a member with `strikes_in_force`:
    /// a warning, then a week, then a month, then a ban.
    pub fn next(strikes_in_force: i64) -> Self {
        match strikes_in_force {
            i64::MIN..=0 => Sanction::Warning,
            1 => Sanction::Suspension { days: 7 },
            2 => Sanction::Suspension { days: 30 },
            _ => Sanction::Ban,
        }
    }

    pub fn log_action(self) -> LogAction {
        match self {
            Sanction::Warning => LogAction::Warn,
            Sanction::Suspension { .. } => LogAction::Suspend,
            Sanction::Ban => LogAction::Ban,
        }
    }

    pub fn level(self) -> &'static str {
        match self {
            Sanction::Warning => "warning",
            Sanction::Suspension { .. } => "suspension",
            Sanction::Ban => "ban",
        }
    }

    /// Until when it keeps the member from posting (`None`: a warning does not).
    pub fn until(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Sanction::Suspension { days } => Some(now + Duration::days(days)),
            Sanction::Warning | Sanction::Ban => None,
        }
    }

    pub fn strike_expires(now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::days(STRIKE_DAYS)
    }
}

/// Whether `decider` may decide an appeal of a decision `actor` made.
pub fn may_decide_appeal(decider: i64, actor: Option<i64>, member: i64) -> Result<(), ModerationError> {
    not_own_case(decider, member)?;
    if actor == Some(decider) {
        return Err(ModerationError::OwnDecision);
    }
    Ok(())
}

/// A moderator never decides about their own words or standing (another
/// moderator or an admin does).
pub fn not_own_case(moderator: i64, member: i64) -> Result<(), ModerationError> {
    if moderator == member {
        return Err(ModerationError::OwnCase);
    }
    Ok(())
}

/// Whether a moderator of `kind` may record `action` about a member whose
/// role is `member`. Suspensions, bans, pre-approval and lifting reach the
/// whole club, and so does the held-word list: an admin's. From a board seat a
/// moderator warns ordinary members only; staff and moderators answer to an
/// admin, and no admin is sanctioned in the club.
pub fn may_discipline(kind: Moderator, member: Role, action: LogAction) -> Result<(), ModerationError> {
    if member.is_admin() || (!kind.everywhere() && (member.is_staff() || member.moderates_club())) {
        return Err(ModerationError::NotOverStaff);
    }
    match (kind, action) {
        (Moderator::Admin, _) | (Moderator::OfBoards, LogAction::Warn) => Ok(()),
        (Moderator::OfBoards, _) => Err(ModerationError::AdminOnly),
    }
}

/// Whether a moderator of `kind` may change the held words (every board's).
pub fn may_hold_words(kind: Moderator) -> Result<(), ModerationError> {
    match kind {
        Moderator::Admin => Ok(()),
        Moderator::OfBoards => Err(ModerationError::AdminOnly),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_ordinary_members_hide_an_item_and_two_do_not() {
        let w = report_weight(0, 0, true);
        assert_eq!(w, ORDINARY_WEIGHT);
        assert!(reports_hide(3, 3 * w));
        assert!(!reports_hide(2, 2 * w));
    }

    #[test]
    fn reporters_with_upheld_reports_weigh_more_and_rejected_ones_less() {
        let trusted = report_weight(3, 0, true);
        assert!(trusted > ORDINARY_WEIGHT);
        assert!(reports_hide(2, 2 * trusted), "two reporters with a good record are enough");
        assert!(!reports_hide(1, 30), "nobody hides an item alone");
        let doubtful = report_weight(0, 3, true);
        assert!(doubtful < ORDINARY_WEIGHT);
        assert!(!reports_hide(3, 3 * doubtful), "three doubtful reporters are not");
        assert_eq!(report_weight(0, 100, true), 2, "a weight never reaches nothing");
        assert_eq!(report_weight(100, 0, true), 30);
        let carless = report_weight(0, 0, false);
        assert!(!reports_hide(3, 3 * carless), "three accounts without a car do not hide a post");
    }

    #[test]
    fn three_fresh_reporters_of_one_member_are_a_burst_and_two_are_not() {
        assert!(!report_burst(BURST_REPORTERS - 1));
        assert!(report_burst(BURST_REPORTERS));
    }

    #[test]
    fn the_ladder_goes_warning_week_month_ban() {
        assert_eq!(Sanction::next(0), Sanction::Warning);
        assert_eq!(Sanction::next(1), Sanction::Suspension { days: 7 });
        assert_eq!(Sanction::next(2), Sanction::Suspension { days: 30 });
        assert_eq!(Sanction::next(3), Sanction::Ban);
        assert_eq!(Sanction::next(9), Sanction::Ban);
    }

    #[test]
    fn board_moderators_act_on_their_boards_and_admins_everywhere() {
        assert!(Moderator::OfBoards.may_act(true));
        assert!(!Moderator::OfBoards.may_act(false));
        assert!(Moderator::Admin.may_act(false));
        assert_eq!(Moderator::of(Role::CareAgent), None, "staff do not moderate the club");
        assert_eq!(Moderator::of(Role::Owner), None);
        assert_eq!(Moderator::of(Role::Moderator), Some(Moderator::OfBoards));
        assert_eq!(Moderator::of(Role::Admin), Some(Moderator::Admin));
        assert!(Moderator::Admin.everywhere() && !Moderator::OfBoards.everywhere());
        assert!(moderates_everywhere(Role::Admin));
        assert!(!moderates_everywhere(Role::Moderator) && !moderates_everywhere(Role::CareAgent));
    }

    #[test]
    fn an_appeal_goes_to_someone_else() {
        assert_eq!(may_decide_appeal(7, Some(7), 9), Err(ModerationError::OwnDecision));
        assert_eq!(may_decide_appeal(8, Some(7), 9), Ok(()));
        assert_eq!(may_decide_appeal(8, None, 9), Ok(()), "the system's decisions go to any moderator");
        assert_eq!(may_decide_appeal(9, Some(7), 9), Err(ModerationError::OwnCase), "never one's own appeal");
        assert_eq!(not_own_case(3, 3), Err(ModerationError::OwnCase));
    }

    #[test]
    fn a_board_seat_warns_ordinary_members_and_club_wide_sanctions_are_an_admins() {
        use LogAction::{Ban, Lift, PreApproval, Suspend, Warn};
        let board = Moderator::OfBoards;
        assert_eq!(may_discipline(board, Role::Owner, Warn), Ok(()));
        for club_wide in [Suspend, Ban, PreApproval, Lift] {
            assert_eq!(may_discipline(board, Role::Owner, club_wide), Err(ModerationError::AdminOnly), "{club_wide:?}");
            assert_eq!(may_discipline(Moderator::Admin, Role::Owner, club_wide), Ok(()), "{club_wide:?}");
        }
        for above in [Role::Moderator, Role::CareAgent, Role::ServiceAdvisor, Role::Admin] {
            assert_eq!(may_discipline(board, above, Warn), Err(ModerationError::NotOverStaff), "{above:?}");
        }
        assert_eq!(may_discipline(Moderator::Admin, Role::Moderator, Ban), Ok(()), "an admin answers for moderators");
        assert_eq!(may_discipline(Moderator::Admin, Role::Admin, Warn), Err(ModerationError::NotOverStaff));
        assert_eq!(may_hold_words(board), Err(ModerationError::AdminOnly));
        assert_eq!(may_hold_words(Moderator::Admin), Ok(()));
    }

    #[test]
    fn members_may_appeal_what_was_decided_about_them_only() {
        assert!(LogAction::Hide.appealable());
        assert!(LogAction::Ban.appealable());
        assert!(!LogAction::Pin.appealable());
        assert!(!LogAction::AppealUpheld.appealable(), "the answer to an appeal is final");
    }
}
