//! A scrollable table with translated column headers; rows are the children.

use crate::i18n::{Lang, T};
use leptos::prelude::*;

#[component]
pub fn DataTable(lang: Lang, columns: &'static [T], children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>{columns.iter().map(|c| view! { <th scope="col">{c.text(lang)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
