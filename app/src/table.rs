//! A table with translated column headings; rows are the children. On a phone
//! each row stacks into "heading value" lines instead of running off the
//! screen: the stylesheet writes each cell's heading before it, read from the
//! table's `--c1`, `--c2`, … (set here, so the words stay in the catalogue).
//!
//! On a wider screen every column keeps the width of what it holds (a name, a
//! time, a status), so one long title cannot squeeze the others to a letter
//! wide: the table lays out by these widths (`table-layout: fixed`), free text
//! shares what is left, and text longer than its column is cut with an
//! ellipsis by [`Clip`], whole again on hover and on focus. A screen too
//! narrow for the columns scrolls the table inside its own box.

use leptos::prelude::*;

/// What a column holds, which sets its width on a wide screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Free text (a title, a detail): shares the room the others leave.
    Text,
    /// A few words from a closed set (a case's kind and category).
    Phrase,
    /// A person's or a dealer's name.
    Name,
    /// A time as `china_time` writes it (`2026-03-01 14:30`).
    When,
    /// A badge or a short word (a status, a priority, a clock).
    Status,
    /// A number or a short code.
    Number,
    /// Form controls (a choice and its button).
    Controls,
}

impl Holds {
    /// The column's width in em; free text has none and takes what is left.
    fn em(self) -> Option<u16> {
        match self {
            Holds::Text => None,
            Holds::Phrase => Some(10),
            Holds::Name => Some(8),
            Holds::When => Some(11),
            Holds::Status => Some(8),
            Holds::Number => Some(6),
            Holds::Controls => Some(12),
        }
    }

    fn class(self) -> &'static str {
        match self {
            Holds::Text => "col-text",
            Holds::Phrase => "col-phrase",
            Holds::Name => "col-name",
            Holds::When => "col-when",
            Holds::Status => "col-status",
            Holds::Number => "col-number",
            Holds::Controls => "col-controls",
        }
    }
}

/// The least a free-text column gets before the table scrolls instead.
const TEXT_MIN_EM: u16 = 9;

/// A column: its heading (already in the page's language) and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub heading: &'static str,
    pub holds: Holds,
}

impl Col {
    pub fn new(heading: &'static str, holds: Holds) -> Self {
        Self { heading, holds }
    }
}

/// The width below which the columns no longer fit, in em.
fn least_width_em(columns: &[Col]) -> u16 {
    columns.iter().map(|c| c.holds.em().unwrap_or(TEXT_MIN_EM)).sum()
}

#[component]
pub fn DataTable(
    columns: Vec<Col>,
    /// Names the table when no heading beside it does.
    #[prop(optional)]
    caption: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let names = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("--c{}:\"{}\";", i + 1, css_string(c.heading)))
        .collect::<String>();
    let style = format!("{names}--least:{}em;", least_width_em(&columns));
    view! {
        <div class="table-wrap">
            <table class="stack" style=style>
                {caption.map(|c| view! { <caption>{c}</caption> })}
                <colgroup>
                    {columns
                        .iter()
                        .map(|c| {
                            let width = c.holds.em().map(|em| format!("width:{em}em"));
                            view! { <col class=c.holds.class() style=width /> }
                        })
                        .collect_view()}
                </colgroup>
                <thead>
                    <tr>{columns.iter().map(|c| view! { <th scope="col">{c.heading}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Text that may be longer than its column: one line cut with an ellipsis on
/// a wide screen, whole on hover, on focus, and on a phone (where rows stack).
/// Its title carries the whole text to a pointer; text long enough to be cut
/// can take focus, so a keyboard reaches it too (a link always can).
#[component]
pub fn Clip(#[prop(into)] text: String, #[prop(optional, into)] href: Option<String>) -> impl IntoView {
    let title = text.clone();
    match href {
        Some(href) => view! {
            <a class="clip" href=href title=title>
                {text}
            </a>
        }
        .into_any(),
        None => {
            let focusable = may_be_cut(&text).then_some("0");
            view! {
                <span class="clip" title=title tabindex=focusable>
                    {text}
                </span>
            }
            .into_any()
        }
    }
}

/// Whether `text` may be wider than the narrowest column that holds text
/// (a name's, 8em less its padding): a wide character (Chinese) takes about
/// 1em, any other about half.
fn may_be_cut(text: &str) -> bool {
    let half_ems: usize = text.chars().map(|c| if c.len_utf8() >= 3 { 2 } else { 1 }).sum();
    half_ems > 14
}

/// Text inside a CSS string in double quotes.
fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_takes_what_the_other_columns_leave_but_never_less_than_its_least() {
        let queue = [
            Col::new("Title", Holds::Text),
            Col::new("Owner", Holds::Name),
            Col::new("Opened", Holds::When),
            Col::new("Status", Holds::Status),
        ];
        assert_eq!(least_width_em(&queue), TEXT_MIN_EM + 8 + 11 + 8);
        assert_eq!(least_width_em(&[]), 0);
    }

    #[test]
    fn only_text_that_may_be_cut_takes_focus() {
        assert!(!may_be_cut("王芳"), "a name fits");
        assert!(!may_be_cut("Emily Zhang"));
        assert!(!may_be_cut("上海浦东子午店"), "seven wide characters still fit");
        assert!(may_be_cut("上海浦东子午汽车销售服务有限公司"));
        assert!(may_be_cut("Meridian Motors Shanghai Pudong"));
    }

    #[test]
    fn a_heading_cannot_end_its_css_string() {
        assert_eq!(css_string("say \"hi\"\\"), "say \\\"hi\\\"\\\\");
    }
}
