//! Links to other pages by their source file: `[goals](goals.en.md)` or
//! `[targets](goals.en.md#targets)` become the page's URL, so links follow
//! slugs and the base URL. A link to a `.md` file that is not a published
//! page is left as written and listed with its line, for the link check
//! to report with the other broken links (so `--warn-broken-links` and the
//! preview treat it as they treat them). Other links (absolute URLs,
//! `#anchors`, relative paths such as `../goals/`) are left as written.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use crate::diagnostic::{LineIndex, Position};

/// Maps a source file reference (`goals.en.md`, relative to the content
/// directory) to the site path of its page; implemented outside this
/// module.
pub trait LinkResolver: Sync {
    /// The site path of the page built from `file`, if it is published.
    fn resolve(&self, file: &str) -> Option<String>;
}

/// Every link and image destination of a body, as written to the HTML,
/// with its position (for pointing a broken link at its line).
pub type LinkPositions = Vec<(String, Position)>;

/// What the pass found: every destination, and the source file links that
/// name no published page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    /// Every link and image destination, as written to the HTML.
    pub positions: LinkPositions,
    /// Links to `.md` files that are not published pages, as written,
    /// with the message for each.
    pub unresolved: Vec<(String, Position, String)>,
}

/// The event pass: rewrites links to source files, and lists every link
/// and image destination with its position.
pub(super) fn resolve_links<'a>(
    lines: &LineIndex<'_>,
    events: &mut [(Event<'a>, Range<usize>)],
    resolver: Option<&dyn LinkResolver>,
) -> Links {
    let mut unresolved = Vec::new();
    let mut positions = Vec::new();
    for (event, range) in events.iter_mut() {
        let dest_url = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let position = lines.position(range.start);
        let Some((file, fragment)) = source_reference(dest_url) else {
            positions.push((dest_url.to_string(), position));
            continue;
        };
        match resolver.and_then(|r| r.resolve(file)) {
            Some(url) => {
                let target = match fragment {
                    Some(fragment) => format!("{url}#{fragment}"),
                    None => url,
                };
                positions.push((target.clone(), position));
                *dest_url = CowStr::from(target);
            }
            None => {
                let message = format!(
                    "link to `{file}`: there is no published page built from content/{file}"
                );
                positions.push((dest_url.to_string(), position));
                unresolved.push((dest_url.to_string(), position, message));
            }
        }
    }
    Links {
        positions,
        unresolved,
    }
}

/// Splits a link destination that names a Markdown source file into the
/// file (without a leading `./`) and the fragment.
fn source_reference(dest: &str) -> Option<(&str, Option<&str>)> {
    if dest.contains("://") || dest.starts_with(['/', '#']) || dest.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    path.ends_with(".md")
        .then(|| (path.trim_start_matches("./"), fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pages;
    impl LinkResolver for Pages {
        fn resolve(&self, file: &str) -> Option<String> {
            (file == "goals.en.md").then(|| "/brief/en/goals/".to_string())
        }
    }

    fn run(markdown: &str) -> (String, Vec<(String, Position, String)>) {
        let mut events: Vec<_> = pulldown_cmark::Parser::new(markdown)
            .into_offset_iter()
            .collect();
        let links = resolve_links(&LineIndex::new(markdown), &mut events, Some(&Pages));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        (html, links.unresolved)
    }

    #[test]
    fn source_references_become_urls() {
        let (html, errors) = run("[a](goals.en.md) [b](./goals.en.md#scale)");
        assert!(errors.is_empty());
        assert!(
            html.contains(r#"<a href="/brief/en/goals/">a</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="/brief/en/goals/#scale">b</a>"##),
            "{html}"
        );
    }

    #[test]
    fn every_destination_is_listed_with_its_position() {
        let markdown = "[a](goals.en.md)\n\n![i](img/x.png) [b](#top)";
        let mut events: Vec<_> = pulldown_cmark::Parser::new(markdown)
            .into_offset_iter()
            .collect();
        let positions =
            resolve_links(&LineIndex::new(markdown), &mut events, Some(&Pages)).positions;
        let dests: Vec<&str> = positions.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dests, ["/brief/en/goals/", "img/x.png", "#top"]);
        assert_eq!(positions[1].1, Position { line: 3, column: 1 });
    }

    #[test]
    fn other_links_are_untouched() {
        let (html, _) = run("[x](https://example.org/a.md) [y](../goals/) [z](#top)");
        assert!(html.contains("https://example.org/a.md") && html.contains("../goals/"));
    }

    #[test]
    fn unknown_pages_are_listed_with_positions_and_left_as_written() {
        let (html, unresolved) = run("First line.\n\nSee [the goals](gaols.en.md).");
        assert_eq!(unresolved.len(), 1);
        assert_eq!(unresolved[0].0, "gaols.en.md");
        assert_eq!(unresolved[0].1, Position { line: 3, column: 5 });
        assert!(unresolved[0].2.contains("`gaols.en.md`"));
        assert!(html.contains(r#"href="gaols.en.md""#), "{html}");
    }
}
