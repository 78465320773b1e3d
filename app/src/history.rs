//! The start of every history line, for a booking's and a case's history.

use crate::i18n::china_time;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// When, what and who, to open an `<li>` of a history list.
pub fn when_what_who(at: DateTime<Utc>, what: &'static str, who: String) -> impl IntoView {
    view! {
        <time datetime=at.to_rfc3339()>{china_time(at.timestamp_millis())}</time>
        " · "
        <strong>{what}</strong>
        " · "
        {who}
    }
}
