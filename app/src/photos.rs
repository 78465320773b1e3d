//! Photos owners send with a booking or a case: their thumbnails, and the
//! field that adds more.

use leptos::prelude::*;

/// The photos as square thumbnails, each a link to the full picture; nothing when there are none.
#[component]
pub fn Thumbs(photos: Vec<i64>, alt: &'static str, size: &'static str) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        view! {
            <p class="thumbs">
                {photos
                    .into_iter()
                    .map(|p| {
                        view! {
                            <a href=format!("/files/{p}")>
                                <img src=format!("/files/{p}") alt=alt width=size height=size loading="lazy" />
                            </a>
                        }
                    })
                    .collect_view()}
            </p>
        }
    })
}

/// A file input taking several photos at once (JPEG, PNG or WebP), with its
/// error; the children are the label.
#[component]
pub fn PhotosField(#[prop(optional)] required: bool, error: Option<String>, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <label for="photos">{children()}</label>
            <input
                id="photos"
                name="photos"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple=true
                required=required
                aria-describedby="photos-error"
            />
            <p class="field-error" id="photos-error" role="alert">
                {error}
            </p>
        </div>
    }
}
