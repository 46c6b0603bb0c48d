//! The Markdown pipeline: `brief::markdown::render_lenient` (links,
//! shortcodes, highlighting, CJK line breaks, heading ids) over any body
//! must not panic, with a shortcode handler that makes inline and block
//! expansions and fails some calls, and a link resolver that knows some
//! pages and not others. Heading ids must be unique and never a reserved id.

#![no_main]

use std::collections::HashSet;

use brief::markdown::shortcodes::{Expansion, Shortcode};
use brief::markdown::{
    LinkResolver, Options, ShortcodeHandler, TocEntry, escape_html, render_lenient,
};
use libfuzzer_sys::fuzz_target;

struct Handler;

impl ShortcodeHandler for Handler {
    fn expand(&self, call: &Shortcode) -> Result<Expansion, String> {
        if call.name.contains('x') {
            return Err(format!("unknown shortcode `{}`", call.name));
        }
        let block = call.name.contains('b');
        let tag = if block { "figure" } else { "span" };
        Ok(Expansion {
            html: format!("<{tag} class=\"sc\">{}</{tag}>", escape_html(&call.name)),
            block,
        })
    }
}

struct Resolver;

impl LinkResolver for Resolver {
    fn resolve(&self, file: &str) -> Option<String> {
        (!file.contains('x')).then(|| format!("/brief/en/{}/", file.trim_end_matches(".md")))
    }
}

fn ids(entries: &[TocEntry], into: &mut Vec<String>) {
    for entry in entries {
        into.push(entry.id.clone());
        ids(&entry.children, into);
    }
}

fuzz_target!(|body: &str| {
    let reserved = ["main".to_string(), "top".to_string(), "toc-title".to_string()];
    for smart_punctuation in [false, true] {
        let options = Options {
            smart_punctuation,
            heading_anchor_label: "Link to this section",
            reserved_ids: &reserved,
            shortcodes: Some(&Handler),
            links: Some(&Resolver),
        };
        let (rendered, _errors) = render_lenient(body, &options);
        let mut toc_ids = Vec::new();
        ids(&rendered.toc, &mut toc_ids);
        let unique: HashSet<&String> = toc_ids.iter().collect();
        assert_eq!(unique.len(), toc_ids.len(), "heading ids are unique: {toc_ids:?}");
        for id in &toc_ids {
            assert!(!reserved.contains(id), "heading id {id:?} is reserved");
        }
    }
});
