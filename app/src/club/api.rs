//! What members do on a post and its parts, from the post's page, its pieces
//! (`view`) and the check-in page: comment, edit, take back, like, report,
//! answer an event and check in.

use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "write_comment")]
pub async fn write_comment(post: i64, parent: String, body: String) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep = [("body", body.clone())];
    respond_keeping(&keep, async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let new = pitlane::club::NewComment::parse(post, &parent, &body)?;
        let (id, _) = pitlane::club::store::comment(&state.db, &*state.clock, &user, new).await?;
        redirect(&pitlane::club::comment_link(post, id));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "edit_club_post")]
pub async fn edit_club_post(id: i64, title: String, body: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::club::store::edit_post(&state.db, &*state.clock, &user, id, &title, &body).await?;
        redirect(&format!("/club/post/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "edit_club_comment")]
pub async fn edit_club_comment(id: i64, body: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let post = pitlane::club::store::edit_comment(&state.db, &*state.clock, &user, id, &body).await?;
        redirect(&pitlane::club::comment_link(post, id));
        Ok(())
    })
    .await
}

/// The parsed `item` of a form (`post:12`, `comment:7`).
#[cfg(feature = "ssr")]
pub(crate) fn item(raw: &str) -> Result<pitlane::club::Item, AppError> {
    pitlane::club::Item::parse(raw)
        .ok_or_else(|| AppError::invalid(pitlane::error::Field::Item, pitlane::error::Problem::UnknownChoice))
}

#[server(prefix = "/api", endpoint = "delete_mine")]
pub async fn delete_mine(item: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let item = self::item(&item)?;
        let post = pitlane::club::store::delete_own(&state.db, &*state.clock, &user, item).await?;
        redirect(&if item.kind == pitlane::club::ItemKind::Post {
            "/club".to_owned()
        } else {
            format!("/club/post/{post}")
        });
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "like_item")]
pub async fn like_item(item: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let item = self::item(&item)?;
        let post = pitlane::club::store::like(&state.db, &*state.clock, &user, item).await?;
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "report_item")]
pub async fn report_item(item: String, reason: String, note: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let item = self::item(&item)?;
        let post = pitlane::club::store::report(&state.db, &*state.clock, &user, item, &reason, &note).await?;
        redirect(&format!("/club/post/{post}?reported=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "rsvp_event")]
pub async fn rsvp_event(post: i64, going: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        if going {
            pitlane::club::store::rsvp(&state.db, &*state.clock, &user, post).await?;
        } else {
            pitlane::club::store::leave(&state.db, &*state.clock, &user, post).await?;
        }
        redirect(&format!("/club/post/{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "check_in_event")]
pub async fn check_in_event(post: i64, code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::club::store::check_in(&state.db, &*state.clock, &user, post, &code).await?;
        redirect(&format!("/club/post/{post}?checked_in=1"));
        Ok(())
    })
    .await
}
