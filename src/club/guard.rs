//! The automatic guards on posting: who may post at all, how fast, and what
//! waits for a moderator before anyone sees it.

pub use super::refusal::Refusal;
use super::{HoldReason, ItemKind, Status, FIRST_POSTS_HELD};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A member's standing in the club, earned by contributions moderators let
/// through and lost by strikes. Loyalty points cannot buy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Standing {
    /// Fewer than three contributions approved: each one waits for a moderator.
    New,
    Member,
    /// Many contributions and no strike in force.
    Trusted,
}

/// Approved contributions that make a member trusted (with no strike in force).
pub const TRUSTED_AFTER: i64 = 20;

impl Standing {
    pub fn of(approved: i64, strikes_in_force: i64) -> Self {
        match approved {
            a if a < FIRST_POSTS_HELD => Standing::New,
            a if a >= TRUSTED_AFTER && strikes_in_force == 0 => Standing::Trusted,
            _ => Standing::Member,
        }
    }

    /// How fast a member of this standing may write posts or comments: each
    /// kind is paced on its own, so a post never holds up a comment.
    pub fn pace(self, kind: ItemKind) -> Pace {
        let (gap_secs, burst, per_day) = match (self, kind) {
            // A newcomer's words wait for a moderator anyway: enough to take
            // part in a conversation, too few to flood the queue.
            (Standing::New, ItemKind::Post) => (60, 3, 5),
            (Standing::New, ItemKind::Comment) => (20, 6, 20),
            (Standing::Member, ItemKind::Post) => (30, 5, 20),
            (Standing::Member, ItemKind::Comment) => (10, 15, 100),
            (Standing::Trusted, ItemKind::Post) => (10, 10, 50),
            (Standing::Trusted, ItemKind::Comment) => (5, 30, 300),
        };
        Pace { gap: Duration::seconds(gap_secs), burst, per_day }
    }
}

/// A burst is counted over this many minutes.
pub const BURST_MINUTES: i64 = 10;

/// How fast one kind of contribution may follow another of the same kind:
/// at least `gap` after the last, at most `burst` in any [`BURST_MINUTES`],
/// at most `per_day` in any 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub gap: Duration,
    pub burst: usize,
    pub per_day: usize,
}

impl Pace {
    /// When the member may write again, given when they wrote this kind
    /// before (any order; only the last day's count); `None`: now.
    pub fn next_free(&self, now: DateTime<Utc>, earlier: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
        let mut newest_first: Vec<DateTime<Utc>> =
            earlier.iter().copied().filter(|at| *at > now - Duration::days(1)).collect();
        newest_first.sort_unstable_by(|a, b| b.cmp(a));
        // Each limit frees up at a moment: the gap after the last one; a
        // window when the contribution that filled it leaves it.
        let after_gap = newest_first.first().map(|last| *last + self.gap);
        let leaves = |count: usize, window: Duration| newest_first.get(count.checked_sub(1)?).map(|at| *at + window);
        [after_gap, leaves(self.burst, Duration::minutes(BURST_MINUTES)), leaves(self.per_day, Duration::days(1))]
            .into_iter()
            .flatten()
            .filter(|free| *free > now)
            .max()
    }
}

/// What the club knows about a member when they post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Member {
    pub approved: i64,
    pub strikes_in_force: i64,
    pub pre_approval_until: Option<DateTime<Utc>>,
    pub suspended_until: Option<DateTime<Utc>>,
    pub banned: bool,
}

impl Member {
    pub fn standing(&self) -> Standing {
        Standing::of(self.approved, self.strikes_in_force)
    }

    /// Whether the member may take part at `now` (post, or take a place at an
    /// event): not while banned or suspended.
    pub fn may_take_part(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.banned {
            return Err(Refusal::Banned);
        }
        if let Some(until) = self.suspended_until.filter(|until| *until > now) {
            return Err(Refusal::Suspended { until });
        }
        Ok(())
    }

    /// Whether the member may write a contribution of `kind` at `now`, paced
    /// as `standing` (theirs, or a moderator's) given when they wrote that
    /// kind before; a refusal says how long to wait.
    pub fn may_write(
        &self,
        now: DateTime<Utc>,
        standing: Standing,
        kind: ItemKind,
        earlier: &[DateTime<Utc>],
    ) -> Result<(), Refusal> {
        self.may_take_part(now)?;
        match standing.pace(kind).next_free(now, earlier) {
            None => Ok(()),
            // Whole seconds, rounded up: "in 0 s" would be refused again.
            Some(free) => Err(Refusal::TooFast { retry_after_secs: ((free - now).num_milliseconds() + 999) / 1000 }),
        }
    }

    /// How a new contribution starts: out at once, or held with the reason.
    /// `keyword_hit` is whether it contains a word moderators hold.
    pub fn first_status(&self, now: DateTime<Utc>, keyword_hit: bool) -> (Status, Option<HoldReason>) {
        let hold = if self.pre_approval_until.is_some_and(|until| until > now) {
            Some(HoldReason::PreApproval)
        } else if self.approved < FIRST_POSTS_HELD {
            Some(HoldReason::FirstPosts)
        } else if keyword_hit {
            Some(HoldReason::Keyword)
        } else {
            None
        };
        (if hold.is_some() { Status::Held } else { Status::Visible }, hold)
    }
}

/// Whether `text` contains one of the held words, ignoring case (and for
/// Chinese, anywhere: there are no word breaks to respect).
pub fn holds_keyword<'a>(text: &str, words: impl IntoIterator<Item = &'a str>) -> bool {
    let text = text.to_lowercase();
    words.into_iter().map(str::trim).filter(|w| !w.is_empty()).any(|w| text.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    fn regular() -> Member {
        Member { approved: 5, ..Member::default() }
    }

    #[test]
    fn a_new_members_first_three_contributions_wait() {
        let new = Member { approved: 2, ..Member::default() };
        assert_eq!(new.first_status(now(), false), (Status::Held, Some(HoldReason::FirstPosts)));
        let third_approved = Member { approved: 3, ..Member::default() };
        assert_eq!(third_approved.first_status(now(), false), (Status::Visible, None));
    }

    #[test]
    fn held_words_and_pre_approval_hold_a_regular_too() {
        assert_eq!(regular().first_status(now(), true), (Status::Held, Some(HoldReason::Keyword)));
        let watched = Member { pre_approval_until: Some(now() + Duration::days(3)), ..regular() };
        assert_eq!(watched.first_status(now(), false), (Status::Held, Some(HoldReason::PreApproval)));
        let served = Member { pre_approval_until: Some(now()), ..regular() };
        assert_eq!(served.first_status(now(), false), (Status::Visible, None), "pre-approval ends at its moment");
    }

    #[test]
    fn a_suspension_blocks_until_its_end_and_a_ban_for_good() {
        let until = now() + Duration::days(7);
        let suspended = Member { suspended_until: Some(until), ..regular() };
        let write = |m: Member, at| m.may_write(at, m.standing(), ItemKind::Comment, &[]);
        assert_eq!(write(suspended, now()), Err(Refusal::Suspended { until }));
        assert_eq!(write(suspended, until), Ok(()));
        let banned = Member { banned: true, ..regular() };
        assert_eq!(write(banned, now() + Duration::days(999)), Err(Refusal::Banned));
    }

    fn ago(secs: i64) -> DateTime<Utc> {
        now() - Duration::seconds(secs)
    }

    fn wait(member: Member, kind: ItemKind, earlier: &[DateTime<Utc>]) -> Result<(), Refusal> {
        member.may_write(now(), member.standing(), kind, earlier)
    }

    fn too_fast(retry_after_secs: i64) -> Result<(), Refusal> {
        Err(Refusal::TooFast { retry_after_secs })
    }

    #[test]
    fn a_newcomers_post_does_not_hold_up_their_first_comment() {
        let new = Member::default();
        assert_eq!(new.standing(), Standing::New);
        // Pacing is per kind: the caller passes only the comments.
        assert_eq!(wait(new, ItemKind::Comment, &[]), Ok(()), "a post a second ago is not a comment");
        assert_eq!(wait(new, ItemKind::Post, &[ago(1)]), too_fast(59), "a post follows a post after a minute");
    }

    #[test]
    fn a_comment_follows_a_comment_after_the_gap_and_not_a_moment_before() {
        let new = Member::default();
        assert_eq!(wait(new, ItemKind::Comment, &[ago(20)]), Ok(()), "the gap's last moment");
        assert_eq!(wait(new, ItemKind::Comment, &[ago(19)]), too_fast(1));
        let gap = Standing::New.pace(ItemKind::Comment).gap;
        let half_second = Duration::milliseconds(500);
        assert_eq!(wait(new, ItemKind::Comment, &[now() - gap + half_second]), too_fast(1), "seconds round up");
        assert_eq!(wait(regular(), ItemKind::Comment, &[ago(10)]), Ok(()), "members wait less");
        assert_eq!(wait(regular(), ItemKind::Comment, &[ago(9)]), too_fast(1));
    }

    #[test]
    fn a_burst_is_allowed_up_to_its_count_then_waits_for_the_first_to_leave_the_window() {
        let pace = Standing::New.pace(ItemKind::Comment);
        // Six comments, a gap apart, the first five minutes ago.
        let burst: Vec<_> = (0..6).map(|n| ago(300 - n * 21)).collect();
        let first_leaves = burst[0] + Duration::minutes(BURST_MINUTES);
        assert_eq!(pace.next_free(now(), &burst), Some(first_leaves), "the seventh waits for the window");
        assert_eq!(pace.next_free(now(), &burst[1..]), None, "the sixth is still allowed");
        assert_eq!(pace.next_free(first_leaves, &burst), None, "the window's last moment frees a place");
        assert_eq!(wait(Member::default(), ItemKind::Comment, &burst), too_fast(300));
    }

    #[test]
    fn a_day_is_a_ceiling_and_older_contributions_do_not_count() {
        let pace = Standing::New.pace(ItemKind::Post);
        let day: Vec<_> = (0..5).map(|n| ago(86_000 - n * 3_600)).collect();
        assert_eq!(pace.next_free(now(), &day), Some(day[0] + Duration::days(1)), "the sixth post waits");
        assert_eq!(pace.next_free(now(), &day[1..]), None);
        let yesterday: Vec<_> = (0..50).map(|n| ago(86_400 + n)).collect();
        assert_eq!(pace.next_free(now(), &yesterday), None, "a full day ago is not the last day");
    }

    #[test]
    fn the_pace_relaxes_as_standing_grows() {
        let paces = |kind| [Standing::New, Standing::Member, Standing::Trusted].map(|s| s.pace(kind));
        for kind in [ItemKind::Post, ItemKind::Comment] {
            let [new, member, trusted] = paces(kind);
            assert!(new.gap > member.gap && member.gap > trusted.gap, "{kind:?}");
            assert!(new.burst < member.burst && member.burst < trusted.burst, "{kind:?}");
            assert!(new.per_day < member.per_day && member.per_day < trusted.per_day, "{kind:?}");
        }
        let [post, comment] = [ItemKind::Post, ItemKind::Comment].map(|k| Standing::New.pace(k));
        assert!(comment.gap < post.gap && comment.burst > post.burst, "comments come quicker than posts");
        let trusted = Member { approved: TRUSTED_AFTER, ..Member::default() };
        assert_eq!(trusted.standing(), Standing::Trusted);
        let struck = Member { strikes_in_force: 1, ..trusted };
        assert_eq!(struck.standing(), Standing::Member, "a strike in force costs trust");
    }

    #[test]
    fn keywords_match_inside_words_and_any_case() {
        assert!(holds_keyword("Cheap WATCHES here", ["watches"]));
        assert!(holds_keyword("加微信领红包了", ["领红包"]));
        assert!(!holds_keyword("nothing to see", ["spam", " "]));
        assert!(!holds_keyword("anything", [""]), "an empty word holds nothing");
    }
}
