//! Arbitrary text in the places authors write it (the site title, page
//! titles and descriptions, headings, indicator labels, notes and source
//! names) never breaks the HTML: every page keeps exactly the structure it
//! has with plain text (no element or attribute injected), and the text
//! comes back from an HTML parser exactly as written, so it was escaped
//! once, not twice, and not at all where it must not be.
//!
//! A property test over generated text (CJK, emoji, right-to-left text and
//! marks, control characters, markup, entities, template and shortcode
//! syntax), and a table test of known nasty strings. The expected text is
//! the input with the code points HTML (in charts: XML) forbids replaced by
//! U+FFFD, as `brief::escape` writes them, after what any HTML parser does
//! to it (CR and CRLF become LF).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::common::{Fixture, one, select, text};
use proptest::prelude::*;
use scraper::{ElementRef, Html, Node};

/// What an author wrote: each string goes everywhere of its kind.
#[derive(Debug, Clone)]
struct Input {
    site_title: String,
    title: String,
    description: String,
    heading: String,
    label: String,
    note: String,
    publisher: String,
}

impl Input {
    fn plain() -> Input {
        Input {
            site_title: "Site".into(),
            title: "Title".into(),
            description: "Description".into(),
            heading: "Heading".into(),
            label: "Label".into(),
            note: "Note".into(),
            publisher: "Publisher".into(),
        }
    }
}

/// A TOML basic string holding `text` exactly (every control character escaped).
fn toml_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() && c <= '\u{9f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown inline text that renders as exactly `text`: every ASCII
/// punctuation character backslash-escaped, so nothing is markup, a
/// shortcode, an entity or a heading attribute.
fn markdown_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What `brief` writes for `text`: the code points the format forbids
/// become U+FFFD (in HTML: C0 controls but tab, line feed, form feed and
/// carriage return; DEL; C1 controls; noncharacters; XML forbids form
/// feed too).
fn written(text: &str, xml: bool) -> String {
    text.chars()
        .map(|c| {
            let code = c as u32;
            let forbidden = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{C}'))
                || (xml && c == '\u{C}')
                || (0x7F..=0x9F).contains(&code)
                || (0xFDD0..=0xFDEF).contains(&code)
                || code & 0xFFFE == 0xFFFE;
            if forbidden { '\u{FFFD}' } else { c }
        })
        .collect()
}

/// What an HTML parser makes of what `brief` writes for `text` in HTML:
/// CR and CRLF become LF (NUL, which the parser would drop from element
/// content, never reaches it).
fn parsed(text: &str, _in_attribute_or_title: bool) -> String {
    written(text, false)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Heading text for comparison: U+FFFD is left out on both sides (the
/// Markdown of a heading is escaped for Markdown first).
fn heading_text(heading: &str) -> String {
    heading.replace(['\0', '\u{FFFD}'], "")
}

/// Text as a chart writes it (SVG, so XML's rule), then parsed.
fn chart_text(text: &str) -> String {
    written(text, true)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Builds a fixture site where every author-written string is taken from `input`.
fn build(input: &Input) -> Fixture {
    let fixture = Fixture::new();
    fixture.file(
        "config.toml",
        format!(
            "base_url = \"https://example.org/brief/\"\ndefault_language = \"zh\"\ntheme = \"default\"\n\n\
             [languages.zh]\ntitle = {site}\ndescription = {desc}\n\n\
             [languages.en]\ntitle = {site}\ndescription = {desc}\n",
            site = toml_string(&input.site_title),
            desc = toml_string(&input.description),
        ),
    );
    let front = |weight: u32| {
        format!(
            "+++\ntitle = {}\ndescription = {}\nweight = {weight}\n+++\n",
            toml_string(&input.title),
            toml_string(&input.description),
        )
    };
    let heading = markdown_text(&input.heading);
    for lang in ["zh", "en"] {
        fixture.file(
            &format!("content/_index.{lang}.md"),
            format!("{}\nHome.\n", front(0)),
        );
        fixture.file(
            &format!("content/goals.{lang}.md"),
            format!(
                "{}\n## {heading}\n\nScale: {{{{ figure(id=\"scale\", year=2024) }}}}.\n\n\
                 {{{{ indicator_table(ids=[\"scale\"]) }}}}\n\n\
                 {{{{ indicator_chart(id=\"scale\") }}}}\n",
                front(1)
            ),
        );
    }
    let both = |text: &str| format!("{{ zh = {0}, en = {0} }}", toml_string(text));
    fixture.file(
        "content/indicators.toml",
        format!(
            "[[sources]]\nid = \"src\"\npublisher = {publisher}\ntitle = {publisher}\ndate = 2024-06-20\n\n\
             [[groups]]\nid = \"g\"\nlabel = {label}\n\n\
             [[indicators]]\nid = \"scale\"\ngroup = \"g\"\nunit = \"cny\"\nlabel = {label}\nnote = {note}\n\
             points = [\n  {{ year = 2023, value = 78_000_000_000, kind = \"actual\", source = \"src\" }},\n  \
             {{ year = 2024, value = 100_000_000_000, kind = \"target\", source = \"src\" }},\n]\n",
            publisher = both(&input.publisher),
            label = both(&input.label),
            note = both(&input.note),
        ),
    );
    fixture.build_ok();
    fixture
}

/// The pages checked, relative to `public/`.
const PAGES: [&str; 6] = [
    "zh/index.html",
    "en/index.html",
    "zh/goals/index.html",
    "en/goals/index.html",
    "zh/indicators/index.html",
    "en/indicators/index.html",
];

/// The element structure of a document: every element in document order
/// with its attribute names (SVG charts as one element: their text is laid
/// out in lines that depend on its length; and without the `span.range`
/// that marks a number range in text, which text may hold or not).
fn structure(doc: &Html) -> Vec<String> {
    fn walk(el: ElementRef<'_>, out: &mut Vec<String>) {
        let range = el.value().name() == "span" && el.value().classes().eq(["range"]);
        let mut names: Vec<&str> = el.value().attrs().map(|(name, _)| name).collect();
        names.sort_unstable();
        if !range {
            out.push(format!("{}[{}]", el.value().name(), names.join(",")));
        }
        if el.value().name() == "svg" {
            return;
        }
        for child in el.children().filter_map(ElementRef::wrap) {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(doc.root_element(), &mut out);
    out
}

fn plain_structures() -> &'static BTreeMap<&'static str, Vec<String>> {
    static PLAIN: OnceLock<BTreeMap<&'static str, Vec<String>>> = OnceLock::new();
    PLAIN.get_or_init(|| {
        let fixture = build(&Input::plain());
        PAGES
            .iter()
            .map(|page| (*page, structure(&fixture.html(page))))
            .collect()
    })
}

/// The text of an element without the text of its `a.heading-anchor` child.
fn text_without_anchor(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        if let Node::Text(t) = node.value() {
            let in_anchor = node.ancestors().filter_map(ElementRef::wrap).any(|a| {
                a.value().name() == "a" && a.value().classes().any(|c| c == "heading-anchor")
            });
            if !in_anchor {
                out.push_str(t);
            }
        }
    }
    out
}

/// Builds a site from `input` and checks every page. Returns a description
/// of the first problem.
fn check(input: &Input) -> Result<(), String> {
    let fixture = build(input);
    let plain = plain_structures();
    for page in PAGES {
        let html = fixture.read(page);
        let doc = Html::parse_document(&html);
        let got = structure(&doc);
        if &got != plain.get(page).unwrap() {
            let first = got
                .iter()
                .zip(plain[page].iter())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(plain[page].len()));
            return Err(format!(
                "{page}: the structure differs from the plain page's at element {first}: {:?} instead of {:?}",
                got.get(first),
                plain[page].get(first)
            ));
        }
        // No script and no event handler anywhere, whatever the text.
        for el in select(&doc, "*") {
            if let Some((name, _)) = el.value().attrs().find(|(n, _)| n.starts_with("on")) {
                return Err(format!("{page}: an `{name}` attribute appeared"));
            }
        }
        if !select(&doc, "script").is_empty() {
            return Err(format!("{page}: a script element appeared"));
        }

        let site_title = parsed(&input.site_title, true);
        let title = parsed(&input.title, true);
        let description = parsed(&input.description, true);
        let kind_section = page.contains("/goals/");
        let kind_indicators = page.contains("/indicators/");

        // <title>
        let titles = select(&doc, "head > title");
        if titles.len() != 1 {
            return Err(format!("{page}: {} title elements", titles.len()));
        }
        let doc_title = text(titles[0]);
        let expected = if kind_section {
            format!("{title} | {site_title}")
        } else if kind_indicators {
            format!(" | {site_title}")
        } else {
            site_title.clone()
        };
        let matches = if kind_indicators {
            doc_title.ends_with(&expected)
        } else {
            doc_title == expected
        };
        if !matches {
            return Err(format!(
                "{page}: <title> is {doc_title:?}, expected {expected:?}"
            ));
        }

        // Attribute values.
        let meta = one(&doc, "meta[name=description]")
            .value()
            .attr("content")
            .unwrap_or_default()
            .to_string();
        if kind_section && meta != description {
            return Err(format!(
                "{page}: meta description is {meta:?}, expected {description:?}"
            ));
        }
        if kind_section {
            let og = one(&doc, "meta[property='og:title']")
                .value()
                .attr("content")
                .unwrap_or_default()
                .to_string();
            if og != title {
                return Err(format!("{page}: og:title is {og:?}, expected {title:?}"));
            }
        }
        let brand = text(one(&doc, ".site-title"));
        if brand != parsed(&input.site_title, false) {
            return Err(format!(
                "{page}: the site title reads {brand:?}, expected {:?}",
                parsed(&input.site_title, false)
            ));
        }

        if kind_section {
            let h1 = text(one(&doc, "main h1"));
            if h1 != parsed(&input.title, false) {
                return Err(format!(
                    "{page}: h1 is {h1:?}, expected {:?}",
                    parsed(&input.title, false)
                ));
            }
            let lead = text(one(&doc, "main .lead"));
            if lead != parsed(&input.description, false) {
                return Err(format!("{page}: the lead is {lead:?}"));
            }
            // The heading, its anchor and its entry in the table of contents.
            let h2 = one(&doc, ".prose h2");
            let id = h2.value().attr("id").unwrap_or_default();
            let anchor = one(&doc, ".prose h2 a.heading-anchor");
            if anchor.value().attr("href") != Some(&format!("#{id}")) {
                return Err(format!(
                    "{page}: the anchor links to {:?}, the heading's id is {id:?}",
                    anchor.value().attr("href")
                ));
            }
            let expected = heading_text(&parsed(&input.heading, false));
            // English pages get typographic punctuation, which only escaped
            // quotes and dashes in the source hold back: compare Chinese exactly.
            let heading = text_without_anchor(h2);
            if page.starts_with("zh/") && heading_text(&heading) != expected {
                return Err(format!(
                    "{page}: the heading reads {heading:?}, expected {expected:?}"
                ));
            }
            let toc = one(&doc, "nav.toc a");
            if toc.value().attr("href") != Some(&format!("#{id}")) || text(toc) != heading {
                return Err(format!(
                    "{page}: the table of contents entry {:?} → {:?} does not match the heading {heading:?} #{id}",
                    text(toc),
                    toc.value().attr("href")
                ));
            }
            // The indicator label in the table's row header, and the chart's
            // accessible name and description.
            let row = text(one(&doc, ".prose table th[scope=row]"));
            let label = parsed(&input.label, false);
            if !row.starts_with(&label) {
                return Err(format!(
                    "{page}: the table row header is {row:?}, expected it to start with {label:?}"
                ));
            }
            // Two drawings of the chart (columns and rows), each described.
            let desc = select(&doc, "svg.chart desc");
            let in_chart = chart_text(&input.label);
            if desc.len() != 2 || !desc.iter().all(|d| text(*d).contains(&in_chart)) {
                return Err(format!(
                    "{page}: the chart's description {:?} does not name the indicator {label:?}",
                    desc.iter().map(|d| text(*d)).collect::<Vec<_>>()
                ));
            }
        }
        if kind_indicators {
            let publisher = parsed(&input.publisher, false);
            let sources = text(one(&doc, "ol.source-list li"));
            if !sources.contains(&publisher) {
                return Err(format!(
                    "{page}: the source list {sources:?} does not name {publisher:?}"
                ));
            }
            let note = text(one(&doc, "dl.indicator-notes dd"));
            if note != parsed(&input.note, false) {
                return Err(format!("{page}: the note reads {note:?}"));
            }
        }
    }
    Ok(())
}

/// Pieces the generated text is made of: each kind of trouble, and any
/// character at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Markup, entities, quotes and the syntax of templates, shortcodes and Markdown.
        prop::sample::select(vec![
            "<",
            ">",
            "&",
            "\"",
            "'",
            "`",
            "=",
            "/",
            "\\",
            "<script>alert(1)</script>",
            "</title>",
            "\"><img src=x onerror=alert(1)>",
            "' onmouseover='x",
            "<!--",
            "-->",
            "]]>",
            "&amp;",
            "&lt;b&gt;",
            "&#x3C;",
            "&#0;",
            "&nbsp;",
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            "{{ figure(id=\"scale\") }}",
            "\\{{",
            "# ",
            "## x {#id}",
            "*",
            "_",
            "[a](b)",
            "![i](x.png)",
            "|",
            "---",
            "...",
            "--",
            "+++",
            "${x}",
            "%s",
            "javascript:",
        ])
        .prop_map(str::to_string),
        // CJK, full-width punctuation, emoji (with joiners and modifiers), right-to-left.
        prop::sample::select(vec![
            "发展目标",
            "人工智能",
            "。",
            "，",
            "“",
            "”",
            "《",
            "》",
            "（",
            "）",
            "—",
            "\u{3000}",
            "日本語",
            "한국어",
            "🦀",
            "👩‍👩‍👧‍👦",
            "👍🏽",
            "🇨🇳",
            "\u{FE0F}",
            "שלום",
            "مرحبا",
            "\u{200F}",
            "\u{200E}",
            "\u{202E}",
            "\u{202C}",
            "\u{2066}",
            "\u{2069}",
            "\u{200B}",
            "\u{200D}",
            "\u{FEFF}",
            "\u{FFFD}",
            "\u{10FFFF}",
            "\u{E000}",
            "é",
            "e\u{301}",
            "ﬁ",
        ])
        .prop_map(str::to_string),
        // Whitespace and control characters, C0 and C1.
        prop::sample::select(vec![
            " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}",
            "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}",
            "\u{2028}", "\u{2029}",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(String::from),
        "[a-zA-Z0-9 ]{1,6}",
    ]
}

/// Text of up to `max` pieces, with something visible in it (blank titles are an error).
fn text_of(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|pieces| format!("T{}", pieces.concat()))
}

/// Heading text: one line (a line break would end the heading), something
/// visible at both ends (Markdown strips spaces there).
fn heading_of(max: usize) -> impl Strategy<Value = String> {
    text_of(max).prop_map(|t| format!("{}H", t.replace(['\n', '\r'], " ")))
}

fn input() -> impl Strategy<Value = Input> {
    (
        text_of(6),
        text_of(8),
        text_of(8),
        heading_of(8),
        text_of(8),
        text_of(6),
        text_of(6),
    )
        .prop_map(
            |(site_title, title, description, heading, label, note, publisher)| Input {
                site_title,
                title,
                description,
                heading,
                label,
                note,
                publisher,
            },
        )
}

proptest! {
    // Each case builds a whole site; a modest number keeps this to seconds.
    #![proptest_config(ProptestConfig { cases: 20, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_escaped_and_never_changes_the_structure(input in input()) {
        if let Err(problem) = check(&input) {
            prop_assert!(false, "{problem}\ninput: {input:#?}");
        }
    }
}

#[test]
fn known_nasty_strings_are_escaped() {
    let nasty = [
        "</title><script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' autofocus onfocus='alert(1)",
        "<!-- not a comment -->",
        "&amp; &lt; &gt; &quot; &#39; &#x3C;script&#x3E;",
        "{{ figure(id=\"scale\", year=2024) }} {% raw %}{{ site }}{% endraw %}",
        "发展目标：“2+6+N”布局（2024—2026年）",
        "🦀 👩‍👩‍👧‍👦 🇨🇳 👍🏽",
        "שלום \u{202E}txet desrever\u{202C} مرحبا \u{200F}",
        "tab\there, nbsp\u{A0}here, ideographic\u{3000}space, zero\u{200B}width",
        "line one\nline two\r\nline three\rline four",
        "C0 \u{1}\u{7}\u{8}\u{B}\u{C}\u{1B}\u{1F} DEL \u{7F} C1 \u{80}\u{85}\u{9F}",
        "NUL \u{0} here",
        "\u{FEFF}BOM first",
        "# not a heading *not emphasis* [not a link](x) `not code`",
    ];
    for text in nasty {
        let input = Input {
            site_title: text.to_string(),
            title: text.to_string(),
            description: text.to_string(),
            heading: format!("{}H", text.replace(['\n', '\r'], " ")),
            label: text.to_string(),
            note: text.to_string(),
            publisher: text.to_string(),
        };
        if let Err(problem) = check(&input) {
            panic!("{problem}\ninput: {text:?}");
        }
    }
}
