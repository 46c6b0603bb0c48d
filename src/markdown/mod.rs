//! Markdown to HTML for one page body.
//!
//! The work is a chain of small passes over pulldown-cmark events, one file per pass:
//!
//! 0. [`links`]: links to source files (`goals.en.md#scale`) become page URLs; then
//!    [`shortcodes`]: `{{ name(...) }}` calls are parsed from the source and replaced by what
//!    the caller's handler makes of them (outside code and raw HTML only).
//! 1. [`highlight`]: fenced code blocks become syntax-highlighted HTML (CSS classes, no inline styles).
//! 2. `cjk`: soft line breaks between two East Asian wide characters are dropped.
//! 3. `headings`: every heading gets a unique id and a visible anchor link; the table of
//!    contents is collected on the way.
//! 4. `tables`: every body cell of a table names its column (`data-label`), for the
//!    card layout of tables on narrow screens.
//! 5. `ranges`: number ranges ("2024–2026") are wrapped in `<span class="range">`, so the
//!    theme can keep them from breaking at the dash.
//!
//! The events are then written out by [`pulldown_cmark::html::push_html`].

mod cjk;
mod headings;
pub mod highlight;
pub mod links;
mod ranges;
pub mod shortcodes;
mod tables;
pub mod typst;

use pulldown_cmark::{Parser, TextMergeStream};

use crate::diagnostic::{Diagnostic, LineIndex};

pub use links::LinkResolver;
pub(crate) use ranges::ranges as number_ranges;
pub use shortcodes::ShortcodeHandler;
pub use typst::{LinkTarget, TypstBody, TypstTargets};

/// Per-language rendering options.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Turn straight quotes/dashes/ellipses into typographic ones (on for English, off for Chinese).
    pub smart_punctuation: bool,
    /// Accessible label of the visible anchor link added to every heading, e.g. "本节链接" / "Link to this section".
    pub heading_anchor_label: &'a str,
    /// Ids the page layout around the body already uses (`main`, `top`, ...): generated
    /// heading ids avoid them, so a heading called "Main" gets `main-1`.
    pub reserved_ids: &'a [String],
    /// Expands shortcode calls; without one, any call is an error.
    pub shortcodes: Option<&'a dyn ShortcodeHandler>,
    /// Resolves links to source files; without one, any such link is an error.
    pub links: Option<&'a dyn LinkResolver>,
    /// Highlighted code blocks to reuse across the pages of a build; without
    /// one, every block is highlighted.
    pub highlight_cache: Option<&'a highlight::Cache>,
}

/// The HTML of one page body and its table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The page body as HTML.
    pub html: String,
    /// The table of contents: h1–h3 headings, deeper levels nested in `children`.
    pub toc: Vec<TocEntry>,
    /// Every link and image destination with its position in the body,
    /// and the links to source files that are not published pages.
    pub links: links::Links,
    /// Where the summary ends in `html`: the place of a
    /// [`SUMMARY_MARKER`] line (which is taken out), if the body has one.
    pub summary_end: Option<usize>,
}

/// A line of its own that ends a page's summary (as in Zola and Hugo):
/// what comes before it is `page.summary`, what follows
/// `page.after_summary`.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

impl Rendered {
    /// The HTML before the summary marker (empty without one).
    pub fn summary(&self) -> &str {
        self.summary_end.map_or("", |end| &self.html[..end])
    }

    /// The HTML after the summary marker (all of it without one).
    pub fn after_summary(&self) -> &str {
        self.summary_end.map_or(&self.html, |end| &self.html[end..])
    }
}

/// Takes the first summary marker that is a block of its own (a line of
/// the HTML) out of `html`, and returns where it was.
fn split_summary(html: &mut String) -> Option<usize> {
    let line = format!("{SUMMARY_MARKER}\n");
    let at = html
        .match_indices(&line)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || html.as_bytes()[i - 1] == b'\n')?;
    html.replace_range(at..at + line.len(), "");
    Some(at)
}

/// One heading in the table of contents; deeper headings nest in `children`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TocEntry {
    /// The heading level, 1 to 3.
    pub level: u8,
    /// The heading's `id` attribute (without `#`).
    pub id: String,
    /// The heading's plain text, without markup or footnote references.
    pub title: String,
    /// Deeper headings that follow this one before the next heading of the same or a higher level.
    pub children: Vec<TocEntry>,
}

/// Renders a Markdown page body to HTML. Fails only on shortcode problems (unknown or
/// malformed calls, bad arguments), each reported with its position in the body (and
/// no path: the caller knows the file, and where its body starts); links
/// to pages that do not exist are listed in [`Rendered::links`] for the link check.
/// Never panics on any input.
pub fn render(markdown: &str, options: &Options<'_>) -> Result<Rendered, Vec<Diagnostic>> {
    let (rendered, errors) = render_lenient(markdown, options);
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// Renders as much as possible and returns the problems beside the HTML: a
/// failed shortcode renders as nothing (and a broken source-file link is left as
/// written), so the rest of the page can still be checked.
pub fn render_lenient(markdown: &str, options: &Options<'_>) -> (Rendered, Vec<Diagnostic>) {
    // CommonMark replaces NUL with U+FFFD; so are the other code points
    // HTML forbids, which would otherwise reach the page raw. Lines and
    // columns (counted in characters) stay where they were.
    let markdown = &*crate::escape::clean(markdown);
    let parser = Parser::new_ext(markdown, parser_options(options)).into_offset_iter();
    let mut events: Vec<_> = parser.collect();
    let lines = LineIndex::new(markdown);
    let link_positions = links::resolve_links(&lines, &mut events, options.links);
    let (events, shortcode_errors) =
        shortcodes::expand(markdown, &lines, events, options.shortcodes);
    let mut errors = shortcode_errors;
    errors.sort_by_key(Diagnostic::position);
    let events = highlight::HighlightCodeBlocks::new(
        TextMergeStream::new(events.into_iter().map(|(event, _)| event)),
        options.highlight_cache,
    );
    let events = cjk::join_east_asian_lines(events.collect());
    let (events, toc) =
        headings::anchor_headings(events, options.heading_anchor_label, options.reserved_ids);
    let events = tables::label_table_cells(events);
    let events = ranges::keep_ranges_whole(events);

    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let summary_end = split_summary(&mut html);
    let rendered = Rendered {
        html,
        toc,
        links: link_positions,
        summary_end,
    };
    (rendered, errors)
}

/// Writes a page body as Typst markup for the PDF edition, through the
/// same passes as [`render_lenient`] up to the shortcodes (whose handler
/// writes Typst here) and with the same heading ids. Returns the markup,
/// the shortcode problems and warnings for what has no PDF form (raw
/// HTML), each with its position in the body.
pub fn render_typst(
    markdown: &str,
    options: &Options<'_>,
    targets: &dyn TypstTargets,
) -> (TypstBody, Vec<Diagnostic>, Vec<Diagnostic>) {
    let markdown = &*crate::escape::clean(markdown);
    let parser = Parser::new_ext(markdown, parser_options(options)).into_offset_iter();
    let mut events: Vec<_> = parser.collect();
    let lines = LineIndex::new(markdown);
    links::resolve_links(&lines, &mut events, options.links);
    let mut raw_html: Vec<usize> = events
        .iter()
        .filter(|(e, _)| {
            matches!(
                e,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
            )
        })
        .map(|(_, range)| range.start)
        .collect();
    raw_html.sort_unstable();
    let (events, mut errors) = shortcodes::expand(markdown, &lines, events, options.shortcodes);
    errors.sort_by_key(Diagnostic::position);
    let plain: Vec<_> = events.iter().map(|(e, _)| e.clone()).collect();
    let ids = headings::heading_ids(&cjk::join_east_asian_lines(plain), options.reserved_ids);
    let (body, warnings) = typst::write(markdown, &lines, events, &raw_html, ids, targets);
    (body, errors, warnings)
}

/// The pulldown-cmark extensions used for every page.
fn parser_options(options: &Options<'_>) -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    let mut parser_options = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser_options |= O::ENABLE_SMART_PUNCTUATION;
    }
    parser_options
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(markdown: &str) -> Rendered {
        let options = Options {
            smart_punctuation: true,
            heading_anchor_label: "Link to this section",
            reserved_ids: &[],
            shortcodes: None,
            links: None,
            highlight_cache: None,
        };
        render(markdown, &options).expect("no shortcodes")
    }

    fn chinese(markdown: &str) -> Rendered {
        let options = Options {
            smart_punctuation: false,
            heading_anchor_label: "本节链接",
            reserved_ids: &[],
            shortcodes: None,
            links: None,
            highlight_cache: None,
        };
        render(markdown, &options).expect("no shortcodes")
    }

    #[test]
    fn smart_punctuation_on_gives_curly_quotes() {
        let html = english(r#"She said "hello" -- twice..."#).html;
        assert!(html.contains('“') && html.contains('”'), "{html}");
        assert!(html.contains('–'), "{html}");
        assert!(html.contains('…'), "{html}");
        assert!(!html.contains("&quot;") && !html.contains('"'), "{html}");
    }

    #[test]
    fn smart_punctuation_off_keeps_straight_quotes() {
        let html = chinese(r#"他说 "你好" -- 两次..."#).html;
        assert!(!html.contains('“'), "{html}");
        assert!(
            html.contains("&quot;你好&quot;") || html.contains("\"你好\""),
            "{html}"
        );
        assert!(html.contains("--") && html.contains("..."), "{html}");
    }

    #[test]
    fn a_summary_marker_splits_the_body() {
        let page = english("- one\n- two\n\n<!-- more -->\n\nThe rest.\n");
        assert_eq!(page.summary(), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
        assert_eq!(page.after_summary(), "<p>The rest.</p>\n");
        assert!(!page.html.contains("more"), "{}", page.html);
        // Without a marker there is no summary; one inside a paragraph or
        // code is not a marker.
        let plain = english("Text <!-- more --> here.\n\n```\n<!-- more -->\n```\n");
        assert_eq!(plain.summary(), "");
        assert_eq!(plain.after_summary(), plain.html);
    }

    #[test]
    fn footnotes_render() {
        let html = english("Claim.[^src]\n\n[^src]: The source.\n").html;
        assert!(
            html.contains(r##"<sup class="footnote-reference"><a href="#src">"##),
            "{html}"
        );
        assert!(
            html.contains(r#"class="footnote-definition" id="src""#),
            "{html}"
        );
        assert!(html.contains("The source."), "{html}");
    }

    #[test]
    fn tables_render() {
        let html = english("| Year | Target |\n|---|--:|\n| 2030 | 25% |\n").html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<th>Year</th>"), "{html}");
        assert!(
            html.contains(r#"<td data-label="Target" style="text-align: right">25%</td>"#),
            "{html}"
        );
    }

    #[test]
    fn strikethrough_renders() {
        let html = english("~~old~~ new").html;
        assert!(html.contains("<del>old</del>"), "{html}");
    }

    #[test]
    fn task_lists_render() {
        let html = english("- [x] done\n- [ ] to do\n").html;
        assert!(html.contains(r#"type="checkbox""#), "{html}");
        assert!(html.contains("checked"), "{html}");
    }

    #[test]
    fn raw_html_passes_through() {
        let html = english("<div class=\"note\">\n\nText\n\n</div>\n").html;
        assert!(html.contains("<div class=\"note\">"), "{html}");
    }

    #[test]
    fn passes_work_together() {
        let markdown = "## 发展目标\n\n第一行\n第二行\n\n```rust\nfn main() {}\n```\n";
        let rendered = chinese(markdown);
        assert!(
            rendered.html.contains(r#"<h2 id="发展目标">"#),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("第一行第二行"), "{}", rendered.html);
        assert!(
            rendered
                .html
                .contains(r#"<pre class="code" data-lang="rust">"#)
        );
        assert_eq!(rendered.toc.len(), 1);
        assert_eq!(rendered.toc[0].title, "发展目标");
    }

    #[test]
    fn adversarial_inputs_do_not_panic() {
        let deep_emphasis = format!("{}x{}", "*_".repeat(5000), "_*".repeat(5000));
        let deep_quotes = format!("{}quote", "> ".repeat(5000));
        let deep_lists = "- ".repeat(3000) + "item";
        let deep_links = "[".repeat(10_000) + &"](x)".repeat(10_000);
        let many_headings = "## same\n".repeat(2000);
        let inputs: Vec<String> = vec![
            String::new(),
            "#".into(),
            "# ".into(),
            "######".into(),
            "####### seven".into(),
            "```".into(),
            "```rust\nfn main() {".into(),
            "```rust\n\"unterminated string".into(),
            "~~~python\n'''\n".into(),
            "```\u{0}\n\u{0}\n```".into(),
            "a\u{0}b\n\u{0}c".into(),
            "## \u{0}".into(),
            "## {#}".into(),
            "## x {#a\"b<c>}".into(),
            "## 🦀🦀 emoji 🎉\n\n🦀\n🦀".into(),
            "## שלום עולם\n\nمرحبا\nبالعالم \u{202E}reversed\u{202C}".into(),
            "中\n\n\n文\n*\n*".into(),
            "`中`\n`文`".into(),
            "[^1]\n\n[^1]: [^1]".into(),
            "## [^missing]".into(),
            "| a |\n|---|\n| `|` |".into(),
            "- [ ]\n- [x]".into(),
            "<script>alert(1)</script>\n\n```<script>\nx\n```".into(),
            "Setext\n中\n===".into(),
            "\r\n\r\n# CRLF\r\n中\r\n文\r\n".into(),
            "\u{FEFF}# BOM".into(),
            "\u{10FFFF}\u{FFFD}\n\u{E000}".into(),
            deep_emphasis,
            deep_quotes,
            deep_lists,
            deep_links,
            many_headings,
        ];
        for input in &inputs {
            let rendered = english(input);
            let _ = chinese(input);
            assert!(rendered.html.len() < input.len() * 40 + 1000);
        }
    }

    #[test]
    fn many_duplicate_headings_stay_unique() {
        let rendered = english(&"## same\n".repeat(2000));
        let mut ids: Vec<&str> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 2000);
    }
}
