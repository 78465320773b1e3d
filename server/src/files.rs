//! Serves uploaded pictures to the people allowed to see them (the uploader,
//! staff whose work it is, readers of a club post: `pitlane::upload::store::may_see`).
//! Everyone else gets the same 404 as for a file that does not exist.

use app::auth::Visitor;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn serve(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Response {
    let allowed = match state.files.get(&state.db, id).await {
        Ok(Some(file)) => {
            pitlane::upload::store::may_see(&state.db, visitor.user.as_ref(), &file).await.map(|ok| ok.then_some(file))
        }
        Ok(None) => Ok(None),
        Err(err) => Err(err),
    };
    let file = match allowed {
        Ok(Some(file)) => file,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, id, "cannot load an upload");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let content_type =
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let extension = if file.content_type == "image/png" { "png" } else { "jpg" };
    let disposition = HeaderValue::from_str(&format!("inline; filename=\"{}-{}.{extension}\"", file.purpose, file.id))
        .unwrap_or(HeaderValue::from_static("inline"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            // Private even when public: a hidden post's picture must not live on in a shared cache.
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")),
        ],
        file.bytes,
    )
        .into_response()
}
