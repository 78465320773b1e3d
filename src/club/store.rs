//! The club in the database. Every change is one transaction that also writes
//! what follows from it: the search index, the moderation log, the member's
//! standing, messages to the people concerned and the events loyalty credits.
//! Here: what the parts share; the parts by what they do, in `store/`.

mod boards;
mod comments;
mod events;
mod moderate;
mod posts;
mod queue;
mod reports;
mod sanctions;
mod search;
mod shared;

pub use boards::{board, boards, moderated_boards};
pub use comments::{comment, edit_comment};
pub use events::{add_organiser, attendees, check_in, leave, mark_attended, rsvp};
pub use moderate::{decide, keywords, moderator_edit, move_post, revisions, set_flag, set_keyword};
pub use posts::{board_page, delete_own, edit_post, like, post, post_view, upcoming_events};
pub use queue::{log, public_log, queue};
pub use reports::{my_reports, report};
pub use sanctions::{appeal, appeals, decide_appeal, decision_for, discipline, Discipline};
pub use search::search;
pub use shared::{may_contribute, Reader};
