//! The owners' club: boards, posts and events, comments, likes, reports,
//! search, and a member's view of moderation (their reports' outcomes, the
//! decisions about them and their appeals). Each page sits below the server
//! functions it calls: the front page and coming events (`front`), a board
//! (`board`), a post with its thread and the check-in page (`post`), writing a
//! post (`write`), the Markdown editor with its help and preview (`editor`),
//! search (`search`), a member's reports, decisions and the public log
//! (`decisions`). What members do on a post and its parts is in
//! `api`; the moderators' console in `moderation`, the tools beside a post in
//! `tools`; pieces several pages show in `view`; the words in `words`.

pub mod api;
pub mod board;
pub mod decisions;
pub mod editor;
pub mod front;
pub mod moderation;
pub mod post;
pub mod search;
pub mod tools;
pub mod view;
pub mod words;
pub mod write;
