//! The moderators' console's server functions: the console's contents, decisions
//! on items (one or many), flags, moves and edits, sanctions, appeals and held words.

use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use pitlane::account::Role;
#[cfg(feature = "ssr")]
use pitlane::club::moderation::{Breach, Ruling};
use pitlane::club::views::{AppealLine, LogLine, QueueEntry};
use pitlane::club::Board;

/// Everything the console shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Console {
    pub queue: Vec<QueueEntry>,
    pub appeals: Vec<AppealLine>,
    pub keywords: Vec<(i64, String)>,
    pub boards: Vec<Board>,
    pub log: Vec<LogLine>,
}

#[server(prefix = "/api", endpoint = "moderation_console")]
pub async fn moderation_console() -> Result<Console, AppError> {
    use crate::auth::ssr::{require, respond, state};
    use pitlane::club::store as club;
    respond(async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let db = &state.db;
        Ok(Console {
            queue: club::queue(db, &user, state.clock.now()).await?,
            appeals: club::appeals(db, &user).await?,
            keywords: club::keywords(db).await?,
            boards: club::moderated_boards(db, &user).await?,
            log: club::log(db, &user).await?,
        })
    })
    .await
}

/// Where the console says what was just done (`Done` reads it back).
#[cfg(feature = "ssr")]
fn done(what: &str, count: Option<usize>) -> String {
    match count {
        Some(count) => format!("/club/moderation?done={what}&count={count}"),
        None => format!("/club/moderation?done={what}"),
    }
}

/// One item's decision. What was chosen is kept on failure, with the item,
/// so the console shows the error at that item's own fields.
#[server(prefix = "/api", endpoint = "moderate_item")]
pub async fn moderate_item(
    item: String,
    // No decision is preselected: a form sent without one has none.
    decision: Option<String>,
    rule: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let decision = decision.unwrap_or_default();
    let keep =
        [("item", item.clone()), ("decision", decision.clone()), ("rule", rule.clone()), ("reason", reason.clone())];
    respond_keeping(&keep, async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let item = crate::club::api::item(&item)?;
        let ruling = Ruling::parse(&decision, &rule)?;
        pitlane::club::store::decide(&state.db, &*state.clock, &user, item, ruling, &reason).await?;
        redirect(&done(ruling.decision().as_str(), None));
        Ok(())
    })
    .await
}

/// One decision for many items (a spam wave); each is decided on its own, so
/// one that moved meanwhile does not stop the rest. Returns how many were decided.
#[server(prefix = "/api", endpoint = "moderate_items")]
pub async fn moderate_items(
    items: Vec<String>,
    decision: String,
    rule: String,
    reason: String,
) -> Result<usize, AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep =
        [("bulk", "1".to_owned()), ("decision", decision.clone()), ("rule", rule.clone()), ("reason", reason.clone())];
    respond_keeping(&keep, async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let ruling = Ruling::parse(&decision, &rule)?;
        let mut decided = 0;
        for raw in items.iter().take(200) {
            let item = crate::club::api::item(raw)?;
            if pitlane::club::store::decide(&state.db, &*state.clock, &user, item, ruling, &reason).await.is_ok() {
                decided += 1;
            }
        }
        redirect(&done(ruling.decision().as_str(), Some(decided)));
        Ok(decided)
    })
    .await
}

#[server(prefix = "/api", endpoint = "flag_post")]
pub async fn flag_post(post: i64, flag: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::club::moderation::Flag;
    respond(async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let flag = Flag::parse(&flag)
            .ok_or_else(|| AppError::invalid(pitlane::error::Field::Item, pitlane::error::Problem::UnknownChoice))?;
        pitlane::club::store::set_flag(&state.db, &*state.clock, &user, post, flag, &reason).await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "move_club_post")]
pub async fn move_club_post(post: i64, board: String, rule: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let to = pitlane::error::choice_id(pitlane::error::Field::Board, &board)?;
        pitlane::club::store::move_post(&state.db, &*state.clock, &user, post, to, Breach::cited(&rule)?, &reason)
            .await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "moderator_edit")]
pub async fn moderator_edit(item: String, body: String, rule: String, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let item = crate::club::api::item(&item)?;
        let post = pitlane::club::store::moderator_edit(
            &state.db,
            &*state.clock,
            &user,
            item,
            &body,
            Breach::cited(&rule)?,
            &reason,
        )
        .await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "discipline_member")]
pub async fn discipline_member(
    member: i64,
    item: String,
    kind: String,
    // Only the admin's form has it: a warning takes no days.
    days: Option<String>,
    rule: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    use pitlane::club::store::Discipline;
    let keep = [
        ("sanction", item.clone()),
        ("kind", kind.clone()),
        ("days", days.clone().unwrap_or_default()),
        ("rule", rule.clone()),
        ("reason", reason.clone()),
    ];
    respond_keeping(&keep, async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        let context = match item.trim() {
            "" => None,
            raw => Some(crate::club::api::item(raw)?),
        };
        let discipline = Discipline::parse(&kind, days.as_deref().unwrap_or_default(), &rule)?;
        pitlane::club::store::discipline(&state.db, &*state.clock, &user, member, context, discipline, &reason).await?;
        redirect(&done("sanction", None));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "decide_appeal")]
pub async fn decide_appeal(appeal: i64, overturn: bool, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(Role::moderates_club)?;
        let state = state()?;
        pitlane::club::store::decide_appeal(&state.db, &*state.clock, &user, appeal, overturn, &reason).await?;
        redirect(&done("appeal", None));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "held_word")]
pub async fn held_word(word: String, add: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    use pitlane::club::moderation::{may_hold_words, Moderator};
    respond(async move {
        let (user, _) = require(|role| Moderator::of(role).is_some_and(|kind| may_hold_words(kind).is_ok()))?;
        let state = state()?;
        pitlane::club::store::set_keyword(&state.db, &*state.clock, &user, &word, add).await?;
        redirect(&done("words", None));
        Ok(())
    })
    .await
}
