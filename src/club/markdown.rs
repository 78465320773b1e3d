//! Members write Markdown; the club shows HTML. CommonMark is parsed by a real
//! parser, and its HTML then passes an allow-list sanitiser: raw HTML, event
//! handlers, `javascript:` links, images from elsewhere, styles and SVG never
//! reach a reader's page. Links to elsewhere are marked user content.

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The sanitised HTML of `source`.
pub fn render(source: &str) -> String {
    let parser = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(|event| {
        match event {
            // A post's headings sit under the page's own h1/h2.
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                Event::Start(Tag::Heading { level: level.max(HeadingLevel::H3), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(level.max(HeadingLevel::H3))),
            // Raw HTML is shown as the text it is, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        }
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitiser().clean(&html).to_string()
}

fn sanitiser() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "br",
            "strong",
            "em",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ]
        .into_iter()
        .collect();
        let mut builder = Builder::empty();
        builder
            .tags(tags)
            .tag_attributes(HashMap::from([("a", HashSet::from(["href"])), ("ol", HashSet::from(["start"]))]))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .url_relative(UrlRelative::PassThrough)
            .link_rel(Some("nofollow ugc noopener"))
            .clean_content_tags(HashSet::from(["script", "style"]));
        builder
    })
}

/// Display names mentioned as `@name` (up to 5, in order, without repeats).
pub fn mentions(source: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (i, _) in source.match_indices('@') {
        let preceded_by_word = source[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let name: String = source[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .take(40)
            .collect();
        let name = name.trim_end_matches('.').to_owned();
        if !preceded_by_word && !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
        if found.len() == 5 {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_safe_html() {
        let html = render("# Trip\n\n**Bold** and [a link](https://example.com/x).");
        assert!(html.contains("<h3>Trip</h3>"), "{html}");
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains(r#"<a href="https://example.com/x" rel="nofollow ugc noopener">a link</a>"#), "{html}");
    }

    #[test]
    fn mentions_are_names_after_an_at_sign() {
        assert_eq!(mentions("Thanks @Li_Lei and @王芳. Mail a@b.com @Li_Lei"), ["Li_Lei", "王芳"]);
        assert!(mentions("no one").is_empty());
    }
}
