//! Heading ids, visible anchor links and the table of contents.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::TocEntry;
use crate::escape;

/// The deepest heading level listed in the table of contents.
const TOC_MAX_LEVEL: u8 = 3;

/// Event pass: gives every heading a unique `id` and appends a visible anchor link
/// (`<a class="heading-anchor" href="#id" aria-label="label">#</a>`) to its content.
/// Returns the new events and the table of contents (h1–h3, nested by level).
///
/// An explicit `{#id}` is kept as written; other ids come from [`slug`], made unique within the
/// page by a `-1`, `-2`, … suffix that avoids explicit ids, footnote ids and `layout_ids` (ids
/// the page template uses around the body).
pub(super) fn anchor_headings<'a>(
    events: Vec<Event<'a>>,
    label: &str,
    layout_ids: &[String],
) -> (Vec<Event<'a>>, Vec<TocEntry>) {
    let mut reserved = reserved_ids(&events);
    reserved.extend(layout_ids.iter().cloned());
    let mut anchors = Anchors {
        ids: IdAllocator::new(reserved),
        toc: Vec::new(),
        label,
    };
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::Start(tag @ Tag::Heading { .. }) => {
                let content = events
                    .by_ref()
                    .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))));
                let content = content.collect();
                out.extend(anchors.anchor(tag, content));
            }
            other => out.push(other),
        }
    }
    (out, anchors.toc)
}

/// The state of [`anchor_headings`] across one page.
struct Anchors<'l> {
    /// The ids handed out so far.
    ids: IdAllocator,
    /// The table of contents so far.
    toc: Vec<TocEntry>,
    /// The anchor links' accessible label.
    label: &'l str,
}

impl Anchors<'_> {
    /// The events of one heading (its start tag, `content` and end tag) with its id set and
    /// its anchor link appended; records the heading in the table of contents.
    fn anchor<'a>(&mut self, heading: Tag<'a>, content: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = heading
        else {
            return content;
        };
        let title = plain_text(&content);
        let id = heading_id(&mut self.ids, id.as_deref(), &title);
        let anchor = anchor_link(&id, self.label);
        let start = Tag::Heading {
            level,
            id: Some(CowStr::from(id.clone())),
            classes,
            attrs,
        };
        add_to_toc(&mut self.toc, level, id, title);

        let mut events = Vec::with_capacity(content.len() + 3);
        events.push(Event::Start(start));
        events.extend(content);
        events.push(Event::InlineHtml(CowStr::from(anchor)));
        events.push(Event::End(TagEnd::Heading(level)));
        events
    }
}

/// The id of every heading of `events`, in order, exactly as
/// [`anchor_headings`] gives them, for a writer that adds no anchor links
/// (the PDF edition, whose in-document links must land where the site's do).
pub(super) fn heading_ids(events: &[Event<'_>], layout_ids: &[String]) -> Vec<String> {
    let mut reserved = reserved_ids(events);
    reserved.extend(layout_ids.iter().cloned());
    let mut ids = IdAllocator::new(reserved);
    let mut found = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = plain_text(&events[i + 1..end]);
            found.push(heading_id(&mut ids, id.as_deref(), &title));
            i = end;
        }
        i += 1;
    }
    found
}

/// A heading's id: the explicit `{#id}` if it has one, else a free slug of
/// its title.
fn heading_id(ids: &mut IdAllocator, explicit: Option<&str>, title: &str) -> String {
    match explicit.filter(|id| !id.is_empty()) {
        Some(explicit) => explicit.to_string(),
        None => ids.claim(slug(title)),
    }
}

/// Ids the generated ones must avoid: explicit heading ids and footnote definition labels
/// (pulldown-cmark uses a footnote's label as its `id`).
fn reserved_ids(events: &[Event<'_>]) -> HashSet<String> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        })
        .collect()
}

/// Hands out ids that are unique within one page.
struct IdAllocator {
    /// Every id already in use (or reserved).
    used: HashSet<String>,
    /// For each base id, the next suffix to try, so repeats cost no rescans.
    next_suffix: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator that never hands out any of `reserved`.
    fn new(reserved: HashSet<String>) -> Self {
        Self {
            used: reserved,
            next_suffix: HashMap::new(),
        }
    }

    /// Returns `base` if it is free, else the first free `base-N` for N = 1, 2, …, and marks it used.
    fn claim(&mut self, base: String) -> String {
        let id = if self.used.contains(&base) {
            self.suffixed(base)
        } else {
            base
        };
        self.used.insert(id.clone());
        id
    }

    /// The first `base-N` not in use, continuing from the last suffix handed out for `base`.
    fn suffixed(&mut self, base: String) -> String {
        let suffix = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{suffix}");
            *suffix += 1;
            if !self.used.contains(&id) {
                return id;
            }
        }
    }
}

/// The plain text of a heading's content: text and inline code, without markup, inline HTML or
/// footnote references; line breaks become spaces. Surrounding whitespace is trimmed.
fn plain_text(content: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in content {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// An id derived from a heading's plain text: lowercase, Unicode letters and digits kept, every
/// run of other characters turned into one `-`, no `-` at either end; `section` if nothing is left.
fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// The visible anchor link appended to a heading.
fn anchor_link(id: &str, label: &str) -> String {
    format!(
        "<a class=\"heading-anchor\" href=\"#{}\" aria-label=\"{}\">#</a>",
        escape::html(id),
        escape::html(label)
    )
}

/// Adds a heading to the table of contents if its level is listed there.
fn add_to_toc(toc: &mut Vec<TocEntry>, level: HeadingLevel, id: String, title: String) {
    let level = level as u8;
    if level <= TOC_MAX_LEVEL {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        nest(toc, entry);
    }
}

/// Puts `entry` under the last entry of `siblings` (at any depth) whose level is smaller than
/// its own, or at the end of `siblings` if there is none.
fn nest(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => nest(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str = "Link to this section";

    /// Runs only this pass over a document and returns the HTML and the table of contents.
    fn render(markdown: &str) -> (String, Vec<TocEntry>) {
        render_with_label(markdown, LABEL)
    }

    fn render_with_label(markdown: &str, label: &str) -> (String, Vec<TocEntry>) {
        let options = pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES;
        let events = pulldown_cmark::Parser::new_ext(markdown, options).collect();
        let (events, toc) = anchor_headings(events, label, &[]);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        (html, toc)
    }

    #[test]
    fn generated_ids_avoid_the_layout_ids() {
        let events = pulldown_cmark::Parser::new("## Main\n\n## Top\n").collect();
        let (_, toc) = anchor_headings(events, LABEL, &["main".to_string(), "top".to_string()]);
        assert_eq!(ids(&toc), ["main-1", "top-1"]);
    }

    fn ids(toc: &[TocEntry]) -> Vec<&str> {
        toc.iter().map(|entry| entry.id.as_str()).collect()
    }

    fn entry(level: u8, id: &str, title: &str, children: Vec<TocEntry>) -> TocEntry {
        TocEntry {
            level,
            id: id.to_owned(),
            title: title.to_owned(),
            children,
        }
    }

    #[test]
    fn anchor_markup() {
        let (html, _) = render("## Goals & targets");
        assert_eq!(
            html,
            "<h2 id=\"goals-targets\">Goals &amp; targets<a class=\"heading-anchor\" \
             href=\"#goals-targets\" aria-label=\"Link to this section\">#</a></h2>\n"
        );
    }

    #[test]
    fn chinese_heading_keeps_its_characters() {
        let (html, toc) = render_with_label("## 发展目标", "本节链接");
        assert_eq!(
            html,
            "<h2 id=\"发展目标\">发展目标<a class=\"heading-anchor\" href=\"#发展目标\" \
             aria-label=\"本节链接\">#</a></h2>\n"
        );
        assert_eq!(toc, vec![entry(2, "发展目标", "发展目标", vec![])]);
    }

    #[test]
    fn slug_rules() {
        assert_eq!(slug("Goals & targets"), "goals-targets");
        assert_eq!(slug("  --Hello,   World!--  "), "hello-world");
        assert_eq!(slug("2030 年碳达峰"), "2030-年碳达峰");
        assert_eq!(slug("“十四五”规划（2021—2025）"), "十四五-规划-2021-2025");
        assert_eq!(slug("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slug("C++"), "c");
        assert_eq!(slug("!!!"), "section");
        assert_eq!(slug(""), "section");
        assert_eq!(slug("🦀"), "section");
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let (html, toc) = render("## Intro\n## Intro\n## Intro\n## 目标\n## 目标");
        assert_eq!(ids(&toc), ["intro", "intro-1", "intro-2", "目标", "目标-1"]);
        assert!(html.contains("<h2 id=\"intro-2\">"), "{html}");
        assert!(html.contains("href=\"#intro-1\""), "{html}");
    }

    #[test]
    fn generated_ids_avoid_explicit_and_earlier_ids() {
        let (_, toc) = render("## Intro\n## Intro-1\n## Intro\n## Later {#intro-2}\n## Intro");
        assert_eq!(
            ids(&toc),
            ["intro", "intro-1", "intro-3", "intro-2", "intro-4"]
        );
    }

    #[test]
    fn generated_ids_avoid_footnote_ids() {
        let (html, toc) = render("## Note\n\nText.[^note]\n\n[^note]: Footnote.\n");
        assert_eq!(ids(&toc), ["note-1"]);
        assert!(html.contains("id=\"note\""), "{html}");
    }

    #[test]
    fn empty_heading_gets_section_id() {
        let (html, toc) = render("##\n\n## !!\n");
        assert_eq!(ids(&toc), ["section", "section-1"]);
        assert!(
            html.starts_with("<h2 id=\"section\"><a class=\"heading-anchor\""),
            "{html}"
        );
    }

    #[test]
    fn explicit_id_wins() {
        let (html, toc) = render("## Goals & targets {#goals}\n");
        assert!(
            html.starts_with("<h2 id=\"goals\">Goals &amp; targets<a "),
            "{html}"
        );
        assert!(html.contains("href=\"#goals\""), "{html}");
        assert_eq!(toc, vec![entry(2, "goals", "Goals & targets", vec![])]);
    }

    #[test]
    fn explicit_classes_and_attributes_are_kept() {
        let (html, _) = render("## Title {#t .wide data-x=1}\n");
        assert!(
            html.starts_with("<h2 id=\"t\" class=\"wide\" data-x=\"1\">Title<a "),
            "{html}"
        );
    }

    #[test]
    fn special_characters_are_escaped_in_headings_ids_and_labels() {
        let (html, toc) = render_with_label("## a < b & c\n", "<Link> & \"more\"");
        assert!(html.contains(">a &lt; b &amp; c<a "), "{html}");
        assert!(
            html.contains("aria-label=\"&lt;Link&gt; &amp; &quot;more&quot;\""),
            "{html}"
        );
        assert!(!html.contains("<Link>"), "{html}");
        assert_eq!(toc[0].title, "a < b & c");
        assert_eq!(toc[0].id, "a-b-c");

        let (html, _) = render("## x {#a\"b}\n");
        assert!(!html.contains("a\"b"), "{html}");
    }

    #[test]
    fn inline_markup_stays_inside_heading() {
        let (html, toc) = render("## Use `cargo` with *care* and [docs](https://example.org)\n");
        assert!(
            html.starts_with(
                "<h2 id=\"use-cargo-with-care-and-docs\">Use <code>cargo</code> with <em>care</em> \
                 and <a href=\"https://example.org\">docs</a><a class=\"heading-anchor\""
            ),
            "{html}"
        );
        assert_eq!(toc[0].title, "Use cargo with care and docs");
    }

    #[test]
    fn toc_title_has_no_footnote_references_or_html() {
        let (_, toc) = render("## Emissions<sup>2</sup>[^src]\n\n[^src]: Source.\n");
        assert_eq!(toc[0].title, "Emissions2");
        assert_eq!(toc[0].id, "emissions2");
    }

    #[test]
    fn toc_nests_h3_under_preceding_h2() {
        let (_, toc) = render("## One\n### One A\n### One B\n## Two\n#### Deep\n### Two A\n");
        assert_eq!(
            toc,
            vec![
                entry(
                    2,
                    "one",
                    "One",
                    vec![
                        entry(3, "one-a", "One A", vec![]),
                        entry(3, "one-b", "One B", vec![]),
                    ]
                ),
                entry(2, "two", "Two", vec![entry(3, "two-a", "Two A", vec![])]),
            ]
        );
    }

    #[test]
    fn toc_h3_without_h2_is_top_level_and_h1_is_top_level() {
        let (_, toc) = render("### Orphan\n## Section\n# Title\n## Part\n");
        assert_eq!(
            toc,
            vec![
                entry(3, "orphan", "Orphan", vec![]),
                entry(2, "section", "Section", vec![]),
                entry(1, "title", "Title", vec![entry(2, "part", "Part", vec![])]),
            ]
        );
    }

    #[test]
    fn h4_and_deeper_get_anchors_but_no_toc_entry() {
        let (html, toc) = render("#### Detail\n###### Tiny\n");
        assert!(toc.is_empty());
        assert!(html.contains("<h4 id=\"detail\">Detail<a "), "{html}");
        assert!(html.contains("<h6 id=\"tiny\">Tiny<a "), "{html}");
    }

    #[test]
    fn setext_heading_lines_join_with_space() {
        let (_, toc) = render("First\nsecond\n------\n");
        assert_eq!(toc, vec![entry(2, "first-second", "First second", vec![])]);
    }
}
