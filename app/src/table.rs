//! A table with translated column headings; rows are the children. On a phone
//! each row stacks into "heading value" lines instead of running off the
//! screen: the stylesheet writes each cell's heading before it, read from the
//! table's `--c1`, `--c2`, … (set here, so the words stay in the catalogue).

use crate::i18n::{Lang, T};
use leptos::prelude::*;

#[component]
pub fn DataTable(lang: Lang, columns: Vec<T>, children: Children) -> impl IntoView {
    let headings = columns.iter().map(|c| c.text(lang));
    let names =
        headings.clone().enumerate().map(|(i, h)| format!("--c{}:\"{}\";", i + 1, css_string(h))).collect::<String>();
    view! {
        <div class="table-wrap">
            <table class="stack" style=names>
                <thead>
                    <tr>{headings.map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Text inside a CSS string in double quotes.
fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}
