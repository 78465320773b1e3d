//! The one small set of icons, drawn inline as SVG: nothing to download, and
//! no emoji that a phone without the font shows as an empty box. An icon beside
//! its words is decoration (hidden from screen readers); one standing alone
//! carries its words as a label.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Car,
    Wrench,
    Chat,
    Flag,
    Calendar,
    Person,
    Check,
}

impl Icon {
    /// The shapes on a 24-unit grid, drawn in the text's colour.
    fn shapes(self) -> &'static str {
        match self {
            Icon::Car => {
                r#"<path d="M4 16v-4l2.2-4.6A2 2 0 0 1 8 6.3h8a2 2 0 0 1 1.8 1.1L20 12v4H4z"/><path d="M4 12h16"/><circle cx="7.5" cy="16.5" r="1.5"/><circle cx="16.5" cy="16.5" r="1.5"/>"#
            }
            Icon::Wrench => {
                r#"<path d="M14.7 6.3a4 4 0 0 1 5 5l-2.6-.8-1.6-1.6-.8-2.6zM14.7 6.3a4 4 0 0 0-4.4 5.4L4 18l2 2 6.3-6.3a4 4 0 0 0 5.4-4.4"/>"#
            }
            Icon::Chat => r#"<path d="M4 5h16v11H10l-5 4v-4H4z"/><path d="M8 9.5h8M8 12.5h5"/>"#,
            Icon::Flag => r#"<path d="M5 21V4"/><path d="M5 4h12l-2.5 4L17 12H5"/>"#,
            Icon::Calendar => {
                r#"<rect x="3.5" y="5" width="17" height="15.5" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/>"#
            }
            Icon::Person => r#"<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>"#,
            Icon::Check => r#"<path d="M5 12.5l4.5 4.5L19 7"/>"#,
        }
    }

    fn markup(self) -> String {
        format!(
            r#"<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false">{}</svg>"#,
            self.shapes()
        )
    }
}

/// An icon; with `label`, a picture that says it (alone, without words beside it).
#[component]
pub fn Svg(icon: Icon, #[prop(optional)] label: Option<&'static str>) -> impl IntoView {
    match label {
        Some(label) => {
            view! { <span class="icon" role="img" aria-label=label inner_html=icon.markup()></span> }.into_any()
        }
        None => view! { <span class="icon" aria-hidden="true" inner_html=icon.markup()></span> }.into_any(),
    }
}
