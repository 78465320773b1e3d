//! The owners' club: boards, posts and events, comments, likes, reports,
//! search, and a member's view of moderation (their reports' outcomes, the
//! decisions about them and their appeals). The moderators' console is in
//! `moderation`; the pages in `pages`; the words in `words`.

use crate::error::AppError;
use leptos::prelude::*;
use pitlane::club::views::{AppealLine, BoardPage, BoardSummary, Hit, LogLine, MyReport, PostSummary, PostView};

pub mod moderation;
pub mod pages;
pub mod tools;
pub mod view;
pub mod words;

#[server(prefix = "/api", endpoint = "club_boards")]
pub async fn club_boards() -> Result<(Vec<BoardSummary>, Vec<PostSummary>), AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{boards, upcoming_events, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let reader = Reader::of(visitor.user.as_ref());
        let boards = boards(state.db.pool(), reader).await?;
        let events = upcoming_events(state.db.pool(), reader, state.clock.now()).await?;
        Ok((boards, events))
    })
    .await
}

#[server(prefix = "/api", endpoint = "club_board")]
pub async fn club_board(slug: String, after: Option<String>) -> Result<BoardPage, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{board_page, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let after = after.as_deref().and_then(pitlane::club::Cursor::parse);
        Ok(board_page(state.db.pool(), Reader::of(visitor.user.as_ref()), &slug, after).await?)
    })
    .await
}

/// A post with one page of its thread: `page`, or the page holding `comment`.
#[server(prefix = "/api", endpoint = "club_post")]
pub async fn club_post(id: i64, page: Option<String>, comment: Option<String>) -> Result<PostView, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let at = pitlane::club::ThreadAt::from_query(page.as_deref(), comment.as_deref());
        Ok(pitlane::club::store::post_view(&state.db, &*state.clock, visitor.user.as_ref(), id, at).await?)
    })
    .await
}

/// The organiser's check-in code as a QR picture (SVG) of the check-in page's address.
#[server(prefix = "/api", endpoint = "club_event_qr")]
pub async fn club_event_qr(id: i64) -> Result<String, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        let first = pitlane::club::ThreadAt::Page(1);
        let view = pitlane::club::store::post_view(&state.db, &*state.clock, Some(&user), id, first).await?;
        let code = view.event.and_then(|e| e.check_in_code).ok_or(AppError::NotFound)?;
        // The configured origin, never the request's Host: a forged Host would
        // send members who scan the code to someone else's site.
        let address = format!("{}/club/checkin/{id}?code={code}", state.public_origin);
        let qr = qrcode::QrCode::new(address.as_bytes()).map_err(|_| AppError::Internal)?;
        Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build())
    })
    .await
}

/// A post (or an event) with up to nine pictures, through the club's guards.
#[server(prefix = "/api", endpoint = "write_post", input = server_fn::codec::MultipartFormData)]
pub async fn write_post(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::auth::ssr::{redirect, state};
    use crate::form::ssr::{pictures, respond_posted};
    use pitlane::error::Field;
    let keep = ["board", "title", "body", "kind", "starts_at", "ends_at", "place", "capacity"].map(|k| (k, k));
    // The club's own check (a car, not banned or suspended) comes before a byte is read.
    let club_writer = |user: pitlane::account::User| async move {
        let state = state()?;
        pitlane::club::store::may_contribute(&state.db, &user, state.clock.now()).await?;
        Ok(user)
    };
    respond_posted(
        data,
        |_| true,
        club_writer,
        Field::Photos,
        &keep,
        |user, posted| async move {
            let state = state()?;
            let new =
                pitlane::club::NewPost::parse(&posted.text("board"), &posted.text("title"), &posted.text("body"))?;
            let event = match posted.text("kind").as_str() {
                "event" => Some(pitlane::club::event::NewEvent::parse(
                    &posted.text("starts_at"),
                    &posted.text("ends_at"),
                    &posted.text("place"),
                    &posted.text("capacity"),
                    state.clock.now(),
                )?),
                _ => None,
            };
            let images = pictures(&posted, "images", Field::Photos, pitlane::club::MAX_POST_IMAGES).await?;
            let (id, _) = pitlane::club::store::post(
                &state.db,
                &*state.clock,
                &*state.files,
                &user,
                new,
                event,
                &images,
                &posted.text("idempotency_key"),
            )
            .await?;
            redirect(&format!("/club/post/{id}"));
            Ok(id)
        },
    )
    .await
}

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

#[server(prefix = "/api", endpoint = "club_search")]
pub async fn club_search(q: String) -> Result<Vec<Hit>, AppError> {
    use crate::auth::ssr::{respond, state, visitor};
    use pitlane::club::store::{search, Reader};
    respond(async move {
        let (state, visitor) = (state()?, visitor()?);
        let query = pitlane::club::search_query(&q)?;
        let reader = Reader::of(visitor.user.as_ref());
        Ok(search(&state.db, state.clock.now(), reader, &visitor.client_addr, &query).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_club_reports")]
pub async fn my_club_reports() -> Result<Vec<MyReport>, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::club::store::my_reports(state()?.db.pool(), user.id).await?)
    })
    .await
}

/// A decision about the signed-in member, with their appeal if any.
#[server(prefix = "/api", endpoint = "club_decision")]
pub async fn club_decision(id: i64) -> Result<AppealLine, AppError> {
    use crate::auth::ssr::{require, respond, state};
    respond(async move {
        let (user, _) = require(|_| true)?;
        Ok(pitlane::club::store::decision_for(state()?.db.pool(), &user, id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "appeal_decision")]
pub async fn appeal_decision(id: i64, reasons: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require, respond_keeping, state};
    let keep = [("reasons", reasons.clone())];
    respond_keeping(&keep, async move {
        let (user, _) = require(|_| true)?;
        let state = state()?;
        pitlane::club::store::appeal(&state.db, &*state.clock, &user, id, &reasons).await?;
        redirect(&format!("/club/decisions/{id}?appealed=1"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "club_public_log")]
pub async fn club_public_log() -> Result<Vec<LogLine>, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move { Ok(pitlane::club::store::public_log(state()?.db.pool()).await?) }).await
}
