//! What a page shows while its data loads, and when the load fails. A leaf
//! the pages (the account's too) use without reaching the header that
//! imports them.

use crate::auth::ErrorPage;
use crate::error::AppError;
use crate::i18n::{Lang, T};
use leptos::prelude::*;
use std::future::Future;

/// What a page shows while its data loads.
pub fn loading(lang: Lang) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            {T::Loading.text(lang)}
        </p>
    }
}

/// A failed load: "not found" as the 404 page, anything else as an alert.
pub fn failed(err: AppError, lang: Lang) -> AnyView {
    match err {
        AppError::NotFound => view! { <ErrorPage status=404 /> }.into_any(),
        AppError::Forbidden => view! { <ErrorPage status=403 /> }.into_any(),
        AppError::Unauthenticated => view! { <ErrorPage status=401 /> }.into_any(),
        other => load_error(other, lang),
    }
}

/// A failed load as an alert where the data would have been, whatever the error.
pub fn load_error(err: AppError, lang: Lang) -> AnyView {
    view! {
        <p class="form-error" role="alert">
            {err.text(lang)}
        </p>
    }
    .into_any()
}

/// Data from `load` under a Suspense: "loading" meanwhile, then `show` with
/// the data, or the error as an alert (`load_error`).
pub fn loaded<T, Fut, V>(
    lang: Lang,
    load: impl Fn() -> Fut + Send + Sync + 'static,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Send + 'static,
    V: IntoView + 'static,
{
    resolved(lang, load, show, load_error)
}

/// Like [`loaded`], for a page's one object: "not found" and "not allowed"
/// answer as the 404 and 403 pages (`failed`), anything else as an alert.
pub fn fetched<T, Fut, V>(
    lang: Lang,
    load: impl Fn() -> Fut + Send + Sync + 'static,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Send + 'static,
    V: IntoView + 'static,
{
    resolved(lang, load, show, failed)
}

fn resolved<T, Fut, V>(
    lang: Lang,
    load: impl Fn() -> Fut + Send + Sync + 'static,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
    on_error: fn(AppError, Lang) -> AnyView,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Send + 'static,
    V: IntoView + 'static,
{
    suspended(lang, move || {
        let data = load();
        let show = show.clone();
        async move {
            match data.await {
                Ok(data) => show(data).into_any(),
                Err(err) => on_error(err, lang),
            }
        }
    })
}

/// What `view` resolves to, under a Suspense that says "loading" meanwhile.
/// The Suspend is the Suspense's child itself, not made by a closure: Suspense
/// walks its children more than once while rendering, and a closure would start
/// the page's queries again on each walk (dropping the earlier ones halfway).
/// Every page's Suspense is written this way.
pub fn suspended<Fut, V>(lang: Lang, view: impl Fn() -> Fut + Send + Sync + 'static) -> impl IntoView
where
    Fut: Future<Output = V> + Send + 'static,
    V: IntoView + 'static,
{
    view! { <Suspense fallback=move || loading(lang)>{Suspend::new(view())}</Suspense> }
}
