//! The club in the database. Every change is one transaction that also writes
//! what follows from it: the search index, the moderation log, the member's
//! standing, messages to the people concerned and the events loyalty credits.
//! Here: what the parts share; the parts by what they do, in `store/`.

mod appeals;
mod boards;
mod comments;
mod edits;
mod events;
mod logbook;
mod moderate;
mod posts;
mod queue;
mod reports;
mod sanctions;
mod search;
mod shared;

pub use appeals::{appeal, appeals, decide_appeal, decision_for};
pub use boards::{board, boards, moderated_boards};
pub use comments::comment;
pub use edits::{edit_comment, edit_post};
pub use events::{add_organiser, attendees, check_in, leave, mark_attended, rsvp};
pub use logbook::{log, public_log};
pub use moderate::{decide, keywords, moderator_edit, move_post, revisions, set_flag, set_keyword};
pub use posts::{board_page, delete_own, like, post, post_view, upcoming_events};
pub use queue::queue;
pub use reports::{my_reports, report};
pub use sanctions::{discipline, Discipline};
pub use search::search;
pub use shared::{may_contribute, Reader};
