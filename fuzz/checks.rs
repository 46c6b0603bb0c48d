//! What each fuzz target checks, shared by the targets in `fuzz_targets/`
//! and by `tests/it/fuzz_regressions.rs`, which replays the shipped pages,
//! mutations of them and every saved input in `fuzz/regressions/` through
//! the same checks on every `cargo test`. Each check panics on a bug.

#![allow(dead_code)] // each fuzz target uses one of the checks

use std::collections::HashSet;
use std::path::Path;

use brief::content::front_matter::{parse, position_of, rfc3339, split};
use brief::diagnostic::Diagnostic;
use brief::escape;
use brief::linkcheck::{ScannedPage, decode_entities, scan};
use brief::markdown::shortcodes::{Expansion, Shortcode, find};
use brief::markdown::{LinkResolver, Options, ShortcodeHandler, TocEntry, render_lenient};

/// The shortcode parser over any text: no panic, and every call it returns
/// covers `{{ ... }}` in the body, in order, at a position inside it.
pub fn shortcodes(body: &str) {
    let mut last_end = 0;
    let lines = body.split('\n').count();
    for found in find(body) {
        match found {
            Ok(call) => {
                let text = body
                    .get(call.range.clone())
                    .expect("a call's range lies on character boundaries of the body");
                assert!(text.starts_with("{{") && text.ends_with("}}"), "{text:?}");
                assert!(call.range.start >= last_end, "calls are in order and apart");
                last_end = call.range.end;
                assert!(!call.name.is_empty());
                assert!(call.position.line >= 1 && call.position.line <= lines);
                assert!(call.position.column >= 1);
                // The typed accessors never panic, whatever the arguments are.
                for (key, _) in &call.args {
                    let _ = call.string(key);
                    let _ = call.integer(key);
                    let _ = call.strings(key);
                }
                let _ = call.check_args(&["id", "year", "kind", "group", "ids", "caption"]);
            }
            Err(error) => {
                let position = error.position().expect("a syntax error has a position");
                assert!(position.line >= 1 && position.line <= lines);
                assert!(position.column >= 1);
                assert!(!error.message().is_empty());
            }
        }
    }
}

/// Front matter splitting and parsing of any page file: no panic, and a
/// split page's parts are the file's own text.
pub fn front_matter(text: &str) {
    let path = Path::new("content/fuzz.en.md");
    let Ok(page) = split(path, text) else {
        return;
    };
    assert!(text.ends_with(page.body), "the body is the end of the file");
    assert!(text.contains(page.front_matter));
    assert!(page.body_line >= 2, "the body starts after both fences");
    if let Ok(front) = parse(path, &page) {
        assert!(!front.title.trim().is_empty());
        for value in [&front.date, &front.updated].into_iter().flatten() {
            let _ = rfc3339(value.get_ref());
            let _ = position_of(&page, value);
        }
        if let Some(slug) = &front.slug {
            let _ = position_of(&page, slug);
        }
    }
}

/// A shortcode handler that makes inline and block expansions and fails
/// calls whose name has an `x`.
struct Handler;

impl ShortcodeHandler for Handler {
    fn expand(&self, call: &Shortcode) -> Result<Expansion, Diagnostic> {
        if call.name.contains('x') {
            return Err(call.problem(format!("unknown shortcode `{}`", call.name)));
        }
        let block = call.name.contains('b');
        let tag = if block { "figure" } else { "span" };
        Ok(Expansion {
            markup: format!("<{tag} class=\"sc\">{}</{tag}>", escape::html(&call.name)),
            block,
        })
    }
}

/// A link resolver that knows every page but those with an `x` in the name.
struct Resolver;

impl LinkResolver for Resolver {
    fn resolve(&self, file: &str) -> Option<String> {
        (!file.contains('x')).then(|| format!("/brief/en/{}/", file.trim_end_matches(".md")))
    }
}

fn toc_ids(entries: &[TocEntry], into: &mut Vec<String>) {
    for entry in entries {
        into.push(entry.id.clone());
        toc_ids(&entry.children, into);
    }
}

/// The whole Markdown pipeline (links, shortcodes, highlighting, CJK line
/// breaks, heading ids) over any body, with and without smart punctuation:
/// no panic, and heading ids are unique and never a reserved id.
pub fn markdown(body: &str) {
    let reserved = [
        "main".to_string(),
        "top".to_string(),
        "toc-title".to_string(),
    ];
    for smart_punctuation in [false, true] {
        let options = Options {
            smart_punctuation,
            heading_anchor_label: "Link to this section",
            reserved_ids: &reserved,
            shortcodes: Some(&Handler),
            links: Some(&Resolver),
            highlight_cache: None,
        };
        let (rendered, _errors) = render_lenient(body, &options);
        let mut ids = Vec::new();
        toc_ids(&rendered.toc, &mut ids);
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "heading ids are unique: {ids:?}");
        for id in &ids {
            assert!(!reserved.contains(id), "heading id {id:?} is reserved");
        }
    }
}

/// The ids and links of `html` as lol_html's rewriter finds them: the
/// reference the link scanner (`brief::linkcheck::scan`, a small part of
/// the WHATWG tokenizer written for speed) must agree with.
pub fn link_scan_reference(html: &[u8]) -> ScannedPage {
    use lol_html::{HtmlRewriter, Settings, element};
    use std::cell::RefCell;
    let ids = RefCell::new(HashSet::new());
    let links = RefCell::new(Vec::new());
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[id]", |el| {
                if let Some(id) = el.get_attribute("id") {
                    ids.borrow_mut().insert(decode_entities(&id));
                }
                Ok(())
            }))
            .append_element_content_handler(element!("a[href], link[href], area[href]", |el| {
                let rel = el.get_attribute("rel").unwrap_or_default();
                if !rel.contains("preconnect")
                    && !rel.contains("dns-prefetch")
                    && let Some(href) = el.get_attribute("href")
                {
                    links.borrow_mut().push(decode_entities(&href));
                }
                Ok(())
            }))
            .append_element_content_handler(element!(
                "img[src], script[src], source[src], iframe[src], video[src], audio[src]",
                |el| {
                    if let Some(src) = el.get_attribute("src") {
                        links.borrow_mut().push(decode_entities(&src));
                    }
                    Ok(())
                }
            ));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    let mut seen = HashSet::new();
    let mut links = links.into_inner();
    links.retain(|link| seen.insert(link.clone()));
    ScannedPage {
        ids: ids.into_inner(),
        links,
    }
}

/// The link scanner over any text: no panic, and the same ids and links
/// as lol_html finds.
///
/// One difference is lol_html's, not the scanner's, and is left out:
/// lol_html decodes each attribute value with encoding_rs's BOM-sniffing
/// decoder, which drops a U+FEFF at the start of the value; browsers keep
/// it (and so does the scanner).
pub fn link_scan(html: &str) {
    let without_bom = |page: ScannedPage| {
        let strip = |value: String| match value.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => value,
        };
        let mut seen = HashSet::new();
        let mut links: Vec<String> = page.links.into_iter().map(strip).collect();
        links.retain(|link| seen.insert(link.clone()));
        (
            page.ids.into_iter().map(strip).collect::<HashSet<_>>(),
            links,
        )
    };
    let (ids, links) = without_bom(scan(html.as_bytes()));
    let (reference_ids, reference_links) = without_bom(link_scan_reference(html.as_bytes()));
    assert_eq!(ids, reference_ids, "ids differ from lol_html's");
    assert_eq!(links, reference_links, "links differ from lol_html's");
}
