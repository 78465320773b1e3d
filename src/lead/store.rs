//! Leads in the database: capture (test drives, trade-ins), the pipeline a
//! handler works, the win that makes an owner, the board, and the prospect's
//! status link. The parts share only `shared`.

mod board;
mod capture;
mod pipeline;
mod referral;
mod shared;
mod status;
mod win;

pub use board::{board, lead, trade_in_page};
pub use capture::{
    drive_offers_for, request_choices, request_test_drive, request_trade_in, standing, take_caller, take_from_system,
    Standing,
};
pub use pipeline::{act, book_drive, log_contact, plan_next, reassign, set_on_duty};
pub use referral::my_referral;
pub use status::{answer_survey, status, withdraw};
pub use win::win;
