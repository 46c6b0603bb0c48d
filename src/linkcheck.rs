//! Checking the links of a rendered site: every `href` and `src` that
//! points inside the site must resolve to a file of the output, and every
//! `#fragment` to an element id of its target page. Links are resolved the
//! way a browser resolves them on GitHub Pages: relative to the page's URL,
//! under the base path.
//!
//! The index is filled while the site renders (each HTML file is scanned
//! once for its start tags as it is written, keeping only its ids and
//! links, not the page), so checking costs no second pass over the output.

mod html;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::diagnostic::{Diagnostic, Position};

/// What one HTML file contains, for link checking.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScannedPage {
    /// The value of every `id` attribute, character references decoded.
    pub ids: HashSet<String>,
    /// Each distinct link (`href` of `a`, `link` and `area`, `src` of
    /// `img`, `script`, `source`, `iframe`, `video` and `audio`), character
    /// references decoded, once, in the order of first appearance (a page
    /// repeats many: stylesheets, navigation, footnote and source marks).
    pub links: Vec<String>,
}

/// Where a page's Markdown links came from, to point broken links at
/// their source line.
#[derive(Debug, Clone)]
pub struct LinkSource {
    /// The Markdown file.
    pub file: PathBuf,
    /// Each link destination as written to the HTML, with its position in
    /// the file.
    pub links: Vec<(String, Position)>,
    /// Links to Markdown files that are not published pages, as written,
    /// with their position and what is wrong: broken whatever the output
    /// holds, reported once each.
    pub unresolved: Vec<(String, Position, String)>,
    /// The template the page was rendered with, for links that are not in
    /// the Markdown.
    pub template: Option<PathBuf>,
}

/// The files, ids and links of a rendered site.
#[derive(Debug, Default)]
pub struct LinkIndex {
    files: Mutex<BTreeSet<String>>,
    pages: Mutex<HashMap<String, ScannedPage>>,
    sources: Mutex<HashMap<String, LinkSource>>,
}

/// A link to somewhere outside the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    /// The URL.
    pub url: String,
    /// The output file it appears in.
    pub page: String,
    /// Where it was written: the Markdown file (with the line) or the
    /// template, or the output page when nothing else is known.
    pub file: PathBuf,
    /// The line and column in `file`, when it is the Markdown.
    pub position: Option<Position>,
}

/// Where a link of an output page was written.
struct Located {
    file: PathBuf,
    position: Option<Position>,
    /// Said after the message when the link is not in the Markdown.
    context: Option<String>,
}

impl Located {
    /// The link `link` of output page `page`, from what the index knows
    /// of the page's source.
    fn find(page: &str, link: &str, source: Option<&LinkSource>) -> Located {
        let Some(source) = source else {
            return Located {
                file: PathBuf::from(page),
                position: None,
                context: None,
            };
        };
        match source.links.iter().find(|(dest, _)| same_url(dest, link)) {
            Some((_, position)) => Located {
                file: source.file.clone(),
                position: Some(*position),
                context: None,
            },
            None => Located {
                file: source
                    .template
                    .clone()
                    .unwrap_or_else(|| source.file.clone()),
                position: None,
                context: Some(format!(
                    " (in the output page {page}, rendered from {})",
                    source.file.display()
                )),
            },
        }
    }

    fn diagnostic(self, message: &str) -> Diagnostic {
        let message = format!("{message}{}", self.context.unwrap_or_default());
        let diagnostic = Diagnostic::in_file(self.file, message);
        match self.position {
            Some(position) => diagnostic.at(position),
            None => diagnostic,
        }
    }
}

/// The outcome of a check: broken internal links as diagnostics, and the
/// external links (not fetched).
#[derive(Debug, Default)]
pub struct LinkReport {
    /// One diagnostic per broken link, pointing at its Markdown line when
    /// it comes from a page body.
    pub broken: Vec<Diagnostic>,
    /// Every distinct external URL, with one page that uses it.
    pub external: Vec<ExternalLink>,
    /// How many HTML pages were checked.
    pub pages: usize,
    /// How many internal links were checked (each distinct link of a page
    /// once).
    pub internal: usize,
}

impl LinkIndex {
    /// Records a file written to the output; HTML files are scanned for
    /// ids and links.
    pub fn record(&self, path: &Path, bytes: &[u8]) {
        let key = output_key(path);
        let scanned = key.ends_with(".html").then(|| scan(bytes));
        self.add(key, scanned);
    }

    /// [`LinkIndex::record`] for a file the renderer made as text.
    pub fn record_text(&self, path: &Path, text: &str) {
        let key = output_key(path);
        let scanned = key.ends_with(".html").then(|| scan_text(text));
        self.add(key, scanned);
    }

    fn add(&self, key: String, scanned: Option<ScannedPage>) {
        if let Some(record) = scanned {
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key.clone(), record);
        }
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
    }

    /// Records a file the output would have had, had it rendered (so that
    /// links to a page that failed are not reported as broken as well).
    pub fn expect(&self, path: &Path) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(output_key(path));
    }

    /// Says where the links of an output page come from.
    pub fn record_source(&self, output: &Path, source: LinkSource) {
        self.sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(output_key(output), source);
    }

    /// Checks every link of every page against the output.
    pub fn check(&self, base: &BaseUrl) -> LinkReport {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        let mut page_names: Vec<&String> = pages.keys().collect();
        page_names.sort();
        // Pages are checked in parallel; the results are joined in page
        // order, so the report is the same whatever the threads did.
        let site = Checked {
            base,
            files: &files,
            pages: &pages,
            sources: &sources,
        };
        let checked: Vec<(Vec<Diagnostic>, Vec<ExternalLink>, usize)> =
            page_names.par_iter().map(|page| site.page(page)).collect();
        let mut report = LinkReport {
            pages: page_names.len(),
            ..LinkReport::default()
        };
        // Each external URL with the first page (in page order) that has it.
        let mut external: BTreeMap<String, ExternalLink> = BTreeMap::new();
        for (broken_links, links, internal) in checked {
            report.internal += internal;
            report.broken.extend(broken_links);
            for link in links {
                external.entry(link.url.clone()).or_insert(link);
            }
        }
        report.external = external.into_values().collect();
        report
    }
}

/// What the check reads: the index's contents, locked.
struct Checked<'a> {
    base: &'a BaseUrl,
    files: &'a BTreeSet<String>,
    pages: &'a HashMap<String, ScannedPage>,
    sources: &'a HashMap<String, LinkSource>,
}

impl Checked<'_> {
    /// The broken and external links of one output page, and how many
    /// internal links it has.
    fn page(&self, page: &String) -> (Vec<Diagnostic>, Vec<ExternalLink>, usize) {
        let mut external = Vec::new();
        let mut internal = 0;
        let source = self.sources.get(page);
        let unresolved = source.map_or(&[][..], |s| s.unresolved.as_slice());
        let mut broken_links: Vec<Diagnostic> = unresolved
            .iter()
            .map(|(_, position, message)| {
                let file = source.map(|s| s.file.clone()).unwrap_or_default();
                Diagnostic::in_file(file, message.clone()).at(*position)
            })
            .collect();
        // Each distinct link of the page once (see `ScannedPage`), but
        // those already reported as links to no page.
        for link in &self.pages[page].links {
            if unresolved.iter().any(|(dest, _, _)| same_url(dest, link)) {
                continue;
            }
            match resolve(self.base, page, link) {
                Target::Skip => {}
                Target::External(url) => {
                    let at = Located::find(page, link, source);
                    external.push(ExternalLink {
                        url,
                        page: page.clone(),
                        file: at.file,
                        position: at.position,
                    });
                }
                Target::Outside => {
                    let problem = format!("is outside the site's base path {}", self.base.path);
                    broken_links.push(broken(page, link, &problem, source));
                }
                Target::Internal { file, fragment } => {
                    internal += 1;
                    let missing = missing(self.files, self.pages, page, &file, fragment.as_deref());
                    if let Some(problem) = missing {
                        broken_links.push(broken(page, link, &problem, source));
                    }
                }
            }
        }
        (broken_links, external, internal)
    }
}

/// What a link points at.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Not a navigable link (`mailto:`, `data:`, ...).
    Skip,
    /// Outside the site.
    External(String),
    /// A site path that is not under the base path.
    Outside,
    /// An output file (relative to the output directory) and a fragment.
    Internal {
        file: String,
        fragment: Option<String>,
    },
}

/// Where a link leads, before it is checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Destination {
    /// Not a navigable link (`mailto:`, `data:`, ...).
    Skip,
    /// Outside the site: the URL.
    External(String),
    /// A path on the site's origin (`/brief/zh/goals/#scale`, query and
    /// fragment kept), resolved against the page as a browser does; it may
    /// lie outside the base path.
    Site(String),
}

/// Where `link`, found on output page `page` (`zh/goals/index.html`),
/// leads. The link check and the PDF edition's links both resolve links
/// here.
pub fn destination(base: &BaseUrl, page: &str, link: &str) -> Destination {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if ["mailto:", "tel:", "javascript:", "data:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        return Destination::Skip;
    }
    let site_root = format!("{}{}", base.origin, base.path);
    if let Some(rest) = link.strip_prefix(&site_root) {
        return Destination::Site(format!("{}{rest}", base.path));
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || link.starts_with("//") {
        return Destination::External(link.to_string());
    }
    if link.starts_with('/') {
        return Destination::Site(link.to_string());
    }
    // Relative to the directory of the page's URL.
    let page_dir = match page.rfind('/') {
        Some(i) => format!("{}{}/", base.path, &page[..i]),
        None => base.path.clone(),
    };
    let (path_part, rest) = split_path(link);
    Destination::Site(if path_part.is_empty() {
        // `#fragment` or `?query` alone: this very page.
        format!("{}{}{rest}", base.path, page)
    } else {
        format!("{}{rest}", normalize(&format!("{page_dir}{path_part}")))
    })
}

/// Resolves `link` found on output page `page` (e.g. `zh/goals/index.html`).
fn resolve(base: &BaseUrl, page: &str, link: &str) -> Target {
    let absolute_path = match destination(base, page, link) {
        Destination::Skip => return Target::Skip,
        Destination::External(url) => return Target::External(url),
        Destination::Site(path) => path,
    };
    let Some(inside) = absolute_path.strip_prefix(&base.path) else {
        return Target::Outside;
    };
    let (path_part, rest) = split_path(inside);
    let fragment = rest
        .split_once('#')
        .map(|(_, f)| percent_decode_str(f).decode_utf8_lossy().into_owned())
        .filter(|f| !f.is_empty());
    let mut file = percent_decode_str(path_part)
        .decode_utf8_lossy()
        .into_owned();
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Target::Internal { file, fragment }
}

/// Splits a URL path from its `?query` and `#fragment`.
fn split_path(link: &str) -> (&str, &str) {
    match link.find(['?', '#']) {
        Some(i) => (&link[..i], &link[i..]),
        None => (link, ""),
    }
}

/// Resolves `.` and `..` segments of an absolute path.
fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut normalized = format!("/{}", segments.join("/"));
    if trailing && !normalized.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// Why a resolved internal link is broken, if it is.
fn missing(
    files: &BTreeSet<String>,
    pages: &HashMap<String, ScannedPage>,
    page: &str,
    file: &str,
    fragment: Option<&str>,
) -> Option<String> {
    // A directory URL without its slash works on Pages (it redirects).
    let directory_index = format!("{file}/index.html");
    let file = if files.contains(file) {
        file
    } else if files.contains(&directory_index) {
        directory_index.as_str()
    } else {
        return Some(format!("points to {file}, which the site does not have"));
    };
    let fragment = fragment?;
    let target = pages.get(file)?;
    if target.ids.contains(fragment) {
        None
    } else if file == page {
        Some(format!(
            "points to #{fragment}, which this page has no element for"
        ))
    } else {
        Some(format!(
            "points to #{fragment}, which {file} has no element for"
        ))
    }
}

/// The diagnostic for a broken link: at its Markdown line when the page's
/// body has that link, otherwise in the page's template (or the output
/// page, when nothing else is known).
fn broken(page: &str, link: &str, problem: &str, source: Option<&LinkSource>) -> Diagnostic {
    Located::find(page, link, source).diagnostic(&format!("link `{link}` {problem}"))
}

/// Whether two ways of writing a URL are the same once percent-decoded
/// (the HTML writer percent-encodes what the Markdown wrote as text).
fn same_url(a: &str, b: &str) -> bool {
    a == b || percent_decode_str(a).decode_utf8_lossy() == percent_decode_str(b).decode_utf8_lossy()
}

/// The ids and links of an HTML document, found as a browser finds them
/// (the fuzz target `link_scan` compares this with lol_html on any input).
pub fn scan(html: &[u8]) -> ScannedPage {
    // Rendered pages are UTF-8; anything else is read leniently.
    let html =
        std::str::from_utf8(html).map_or_else(|_| String::from_utf8_lossy(html), Cow::Borrowed);
    scan_text(&html)
}

/// [`scan`] of a document known to be text.
pub fn scan_text(html: &str) -> ScannedPage {
    let mut record = ScannedPage::default();
    let mut seen = HashSet::new();
    html::start_tags(html, |tag| {
        if let Some(id) = tag.attribute("id") {
            record.ids.insert(decode_entities(id));
        }
        let link = match tag.name {
            "a" | "link" | "area" => {
                let rel = tag.attribute("rel").unwrap_or_default();
                // `preconnect`/`dns-prefetch` hints are not links.
                if rel.contains("preconnect") || rel.contains("dns-prefetch") {
                    None
                } else {
                    tag.attribute("href")
                }
            }
            "img" | "script" | "source" | "iframe" | "video" | "audio" => tag.attribute("src"),
            _ => None,
        };
        if let Some(link) = link {
            let link = decode_entities(link);
            if seen.insert(link.clone()) {
                record.links.push(link);
            }
        }
    });
    record
}

/// Decodes the character references an attribute value may hold.
pub fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An output path as a key: relative, with `/` separators.
fn output_key(path: &Path) -> String {
    crate::walk::slash_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        BaseUrl::parse("https://user.github.io/repo/").unwrap()
    }

    fn internal(file: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            file: file.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn resolves_like_a_browser_under_the_base_path() {
        let page = "zh/goals/index.html";
        let b = base();
        assert_eq!(
            resolve(&b, page, "/repo/en/goals/"),
            internal("en/goals/index.html", None)
        );
        assert_eq!(
            resolve(&b, page, "../model/#x"),
            internal("zh/model/index.html", Some("x"))
        );
        assert_eq!(
            resolve(&b, page, "#%E7%9B%AE%E6%A0%87"),
            internal(page, Some("目标"))
        );
        assert_eq!(
            resolve(&b, page, "https://user.github.io/repo/data/a.csv"),
            internal("data/a.csv", None)
        );
        assert_eq!(resolve(&b, page, "/other/"), Target::Outside);
        assert_eq!(resolve(&b, page, "../../../../etc/"), Target::Outside);
        assert_eq!(
            resolve(&b, page, "https://example.org/x"),
            Target::External("https://example.org/x".into())
        );
        assert_eq!(resolve(&b, page, "mailto:a@b.c"), Target::Skip);
        assert_eq!(
            resolve(&b, "404.html", "zh/"),
            internal("zh/index.html", None)
        );
    }

    #[test]
    fn finds_missing_files_and_fragments() {
        let index = LinkIndex::default();
        index.record(
            Path::new("zh/index.html"),
            br##"<h2 id="a">A</h2><a href="#a">ok</a><a href="#b">bad</a><a href="/repo/zh/gone/">gone</a><img src="/repo/x.png"><a href="https://example.org/">ext</a>"##,
        );
        index.record(Path::new("x.png"), b"");
        let report = index.check(&base());
        let messages: Vec<String> = report.broken.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`#b`") && messages[0].contains("no element"));
        assert!(messages[1].contains("zh/gone/index.html"));
        assert_eq!(report.external[0].url, "https://example.org/");
    }

    #[test]
    fn broken_links_point_at_their_markdown_line() {
        let index = LinkIndex::default();
        index.record(Path::new("en/a/index.html"), br#"<a href="../b/">b</a>"#);
        index.record_source(
            Path::new("en/a/index.html"),
            LinkSource {
                file: PathBuf::from("content/a.en.md"),
                links: vec![("../b/".into(), Position { line: 9, column: 3 })],
                unresolved: Vec::new(),
                template: None,
            },
        );
        let report = index.check(&base());
        assert_eq!(
            report.broken[0].to_string().split(": link").next(),
            Some("content/a.en.md:9:3")
        );
    }

    #[test]
    fn entities_in_attributes_are_decoded() {
        assert_eq!(decode_entities("a&amp;b&#39;c&#x2F;&bogus"), "a&b'c/&bogus");
    }
}
