//! A table with translated column headings; rows are the children. On a phone
//! each row stacks into "heading value" lines instead of running off the
//! screen: the stylesheet writes each cell's heading before it, read from the
//! table's `--c1`, `--c2`, … (set here, so the words stay in the catalogue).

use crate::i18n::{Lang, T};
use leptos::prelude::*;

#[component]
pub fn DataTable(headings: Vec<&'static str>, children: Children) -> impl IntoView {
    let names =
        headings.iter().enumerate().map(|(i, h)| format!("--c{}:\"{}\";", i + 1, css_string(h))).collect::<String>();
    view! {
        <div class="table-wrap">
            <table class="stack" style=names>
                <thead>
                    <tr>{headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// The headings of a table whose columns are all page words.
pub fn headings(lang: Lang, columns: &[T]) -> Vec<&'static str> {
    columns.iter().map(|c| c.text(lang)).collect()
}

/// Text inside a CSS string in double quotes.
fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}
