//! The PDF edition's writer: one page body as Typst markup, from the same
//! events as the site (source-file links resolved, shortcodes expanded by
//! the caller's handler, which writes Typst for this target).
//!
//! Every block becomes a Typst function call (`#heading`, `#list`,
//! `#table`, `#quote`, `#raw`, …) and every text an escaped run
//! ([`escape::typst_markup`]), so no text can turn into markup. Where each
//! piece of markup came from is kept ([`TypstBody::lines`]), so that a
//! Typst error can name the Markdown line. Raw HTML has no PDF form: it is
//! left out, with a warning at its line.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use super::shortcodes::Ranged;
use super::{SUMMARY_MARKER, cjk};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::escape;

/// Where a link of the body leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A place on the site, by its site path (`/brief/zh/goals/#scale`):
    /// the document's `site-link` goes there in the PDF when the PDF has
    /// it, else to the site.
    Site(String),
    /// Anywhere else: an absolute URL.
    Url(String),
    /// Nowhere a PDF may link to (`javascript:`): the text alone.
    None,
}

/// The Typst label of a place on the site (`/brief/zh/goals/#scale`): its
/// site path with every character but ASCII letters, digits and `-` as
/// `_` and its hex code, so that any path is a label and two paths never
/// share one. Headings carry the label of their page's path and id.
pub fn label(site_path: &str) -> String {
    let mut label = String::with_capacity(site_path.len() + 8);
    label.push_str("site-");
    for byte in site_path.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
            label.push(char::from(byte));
        } else {
            label.push_str(&format!("_{byte:02x}"));
        }
    }
    label
}

/// What the writer asks of the document it writes for; implemented by
/// the PDF edition.
pub trait TypstTargets {
    /// The site path of the page being written (`/brief/zh/goals/`).
    fn page_path(&self) -> &str;
    /// Where a link to `dest` (as the site has it) goes.
    fn link(&self, dest: &str) -> LinkTarget;
    /// The path in the Typst world of an image at `dest`, if it is one of
    /// the site's files.
    fn image(&self, dest: &str) -> Option<String>;
}

/// One page body as Typst markup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypstBody {
    /// The markup: blocks separated by blank lines.
    pub markup: String,
    /// Where the markup from each Markdown line starts: (offset in
    /// `markup`, line in the body, counted from 1), in order.
    pub lines: Vec<(usize, usize)>,
    /// Where the summary ends in `markup` (a [`SUMMARY_MARKER`] line).
    pub summary_end: Option<usize>,
}

impl TypstBody {
    /// The body line the markup at `offset` came from.
    pub fn line_at(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|&(at, _)| at <= offset);
        i.checked_sub(1).map(|i| self.lines[i].1)
    }
}

/// Writes `events` (with their source ranges in `body`) as Typst.
/// Returns the markup and warnings for what has no PDF form.
pub(super) fn write(
    body: &str,
    lines: &LineIndex<'_>,
    events: Vec<Ranged<'_>>,
    raw_html: &[usize],
    heading_ids: Vec<String>,
    targets: &dyn TypstTargets,
) -> (TypstBody, Vec<Diagnostic>) {
    let (events, ranges): (Vec<Event<'_>>, Vec<Range<usize>>) = events.into_iter().unzip();
    let ends = matching_ends(&events);
    let mut writer = Writer {
        ends,
        body,
        lines,
        events: &events,
        ranges: &ranges,
        raw_html,
        targets,
        heading_ids: heading_ids.into_iter(),
        footnotes: HashMap::new(),
        used_footnotes: HashMap::new(),
        out: TypstBody::default(),
        warnings: Vec::new(),
    };
    writer.collect_footnotes();
    writer.blocks(0, events.len());
    let Writer { out, warnings, .. } = writer;
    (out, warnings)
}

struct Writer<'w, 'a> {
    /// For each start event, the index of its end event.
    ends: Vec<usize>,
    body: &'w str,
    lines: &'w LineIndex<'w>,
    events: &'w [Event<'a>],
    ranges: &'w [Range<usize>],
    /// Where the body's own raw HTML starts (sorted); any other HTML
    /// event is a shortcode's expansion, which is Typst already.
    raw_html: &'w [usize],
    targets: &'w dyn TypstTargets,
    heading_ids: std::vec::IntoIter<String>,
    /// Footnote definitions: label → the range of events inside.
    footnotes: HashMap<String, (usize, usize)>,
    /// Footnotes already placed: label → their Typst label.
    used_footnotes: HashMap<String, String>,
    out: TypstBody,
    warnings: Vec<Diagnostic>,
}

impl Writer<'_, '_> {
    fn push(&mut self, markup: &str) {
        self.out.markup.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        let escaped = escape::typst_markup(text);
        self.out.markup.push_str(&escaped);
    }

    /// Notes that the markup from here on comes from event `i`'s line.
    fn mark(&mut self, i: usize) {
        let line = self.lines.position(self.ranges[i].start).line;
        if self.out.lines.last().is_none_or(|&(_, l)| l != line) {
            self.out.lines.push((self.out.markup.len(), line));
        }
    }

    fn warn(&mut self, i: usize, message: String) {
        let position = self.lines.position(self.ranges[i].start);
        self.warnings.push(Diagnostic::new(message).at(position));
    }

    /// The index of the end event matching the start event at `i`.
    fn end_of(&self, i: usize) -> usize {
        self.ends[i]
    }

    fn collect_footnotes(&mut self) {
        for i in 0..self.events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &self.events[i] {
                let end = self.end_of(i);
                self.footnotes
                    .entry(label.to_string())
                    .or_insert((i + 1, end));
            }
        }
    }

    fn is_expansion(&self, i: usize) -> bool {
        self.raw_html.binary_search(&self.ranges[i].start).is_err()
    }

    /// Writes events `from..to` (a sequence of blocks and inline events).
    fn blocks(&mut self, from: usize, to: usize) {
        let mut i = from;
        while i < to {
            self.mark(i);
            i = self.event(i);
        }
    }

    /// Writes the event at `i` (and, for a start tag, everything up to its
    /// end); returns the index of the next event to write.
    fn event(&mut self, i: usize) -> usize {
        match &self.events[i] {
            Event::Start(tag) => self.tag(i, tag.clone()),
            Event::End(_) => i + 1,
            Event::Text(text) => {
                self.text(text);
                i + 1
            }
            Event::Code(code) => {
                let code = escape::typst_string(code);
                self.push(&format!("#raw(\"{code}\")"));
                i + 1
            }
            Event::SoftBreak => {
                if !cjk::is_break_between_wide(self.events, i) {
                    self.push(" ");
                }
                i + 1
            }
            Event::HardBreak => {
                self.push("#linebreak()");
                i + 1
            }
            Event::Rule => {
                self.push("#line(length: 100%)\n\n");
                i + 1
            }
            Event::TaskListMarker(done) => {
                self.push(if *done { "☑ " } else { "☐ " });
                i + 1
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                self.footnote_reference(i, &label);
                i + 1
            }
            Event::Html(markup) | Event::InlineHtml(markup) => {
                if self.is_expansion(i) {
                    let block = matches!(self.events[i], Event::Html(_));
                    self.push(markup);
                    if block {
                        self.push("\n\n");
                    }
                } else {
                    self.raw_html(i, markup);
                }
                i + 1
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                // Math is not enabled in the parser; written as it came.
                let text = self.body[self.ranges[i].clone()].to_string();
                self.text(&text);
                i + 1
            }
        }
    }

    fn raw_html(&mut self, i: usize, markup: &str) {
        if markup.trim() == SUMMARY_MARKER {
            self.out.summary_end = Some(self.out.markup.len());
            return;
        }
        if markup.trim().is_empty() || markup.trim_start().starts_with("<!--") {
            return;
        }
        let shown: String = markup.trim().chars().take(40).collect();
        self.warn(
            i,
            format!("raw HTML has no form in the PDF edition and is left out of it: `{shown}`"),
        );
    }

    fn footnote_reference(&mut self, i: usize, label: &str) {
        if let Some(typst_label) = self.used_footnotes.get(label) {
            let reference = format!("#footnote(<{typst_label}>)");
            self.push(&reference);
            return;
        }
        let Some(&(from, to)) = self.footnotes.get(label) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        let typst_label = format!("footnote-{}", self.used_footnotes.len() + 1);
        self.used_footnotes
            .insert(label.to_string(), typst_label.clone());
        self.push("#footnote[");
        self.blocks(from, to);
        trim_blank_end(&mut self.out.markup);
        self.push(&format!("] <{typst_label}>"));
        self.mark(i);
    }

    /// A start tag at `i`: writes the element and returns the index after
    /// its end.
    fn tag(&mut self, i: usize, tag: Tag<'_>) -> usize {
        let end = self.end_of(i);
        match tag {
            Tag::Paragraph => {
                self.blocks(i + 1, end);
                self.push("\n\n");
            }
            Tag::Heading { level, .. } => self.heading(i, end, level as u8),
            Tag::BlockQuote(_) => self.wrapped(i, end, "#quote(block: true)[", "]\n\n"),
            Tag::CodeBlock(kind) => self.code_block(i, end, &kind),
            Tag::HtmlBlock => {
                for j in i + 1..end {
                    if let Event::Html(markup) = &self.events[j] {
                        self.raw_html(j, markup);
                    }
                }
            }
            Tag::List(start) => self.list(i, end, start),
            Tag::Item => self.wrapped(i, end, "[", "],\n"),
            Tag::FootnoteDefinition(_) => {}
            Tag::Table(alignments) => self.table(i, end, &alignments),
            Tag::TableHead => self.wrapped(i, end, "table.header(", "),\n"),
            Tag::TableRow => self.blocks(i + 1, end),
            Tag::TableCell => self.wrapped(i, end, "[", "], "),
            Tag::Emphasis => self.wrapped(i, end, "#emph[", "]"),
            Tag::Strong => self.wrapped(i, end, "#strong[", "]"),
            Tag::Strikethrough => self.wrapped(i, end, "#strike[", "]"),
            Tag::Superscript => self.wrapped(i, end, "#super[", "]"),
            Tag::Subscript => self.wrapped(i, end, "#sub[", "]"),
            Tag::Link { dest_url, .. } => self.link(i, end, &dest_url),
            Tag::Image { dest_url, .. } => self.image(i, end, &dest_url),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.blocks(i + 1, end),
        }
        end + 1
    }

    fn wrapped(&mut self, i: usize, end: usize, open: &str, close: &str) {
        self.push(open);
        self.blocks(i + 1, end);
        trim_blank_end(&mut self.out.markup);
        self.push(close);
    }

    fn heading(&mut self, i: usize, end: usize, level: u8) {
        // The page's title is the PDF's level 1; the body's headings sit
        // under it, whatever level they were written at.
        let level = level.max(2);
        let id = self.heading_ids.next().unwrap_or_default();
        let label = label(&format!("{}#{id}", self.targets.page_path()));
        self.push(&format!("#heading(level: {level})["));
        self.blocks(i + 1, end);
        self.push(&format!("] <{label}>\n\n"));
    }

    fn code_block(&mut self, i: usize, end: usize, kind: &CodeBlockKind<'_>) {
        let code: String = self.events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        let code = escape::typst_string(code.trim_end_matches('\n'));
        let lang = escape::typst_string(lang);
        self.push(&format!(
            "#raw(block: true, lang: \"{lang}\", \"{code}\")\n\n"
        ));
    }

    fn list(&mut self, i: usize, end: usize, start: Option<u64>) {
        match start {
            Some(n) => self.push(&format!("#enum(start: {n},\n")),
            None => self.push("#list(\n"),
        }
        self.blocks(i + 1, end);
        self.push(")\n\n");
    }

    fn table(&mut self, i: usize, end: usize, alignments: &[pulldown_cmark::Alignment]) {
        use pulldown_cmark::Alignment as A;
        let align: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                A::Right => "right",
                A::Center => "center",
                A::Left | A::None => "left",
            })
            .collect();
        self.push(&format!(
            "#table(columns: {}, align: ({},),\n",
            align.len().max(1),
            align.join(", ")
        ));
        self.blocks(i + 1, end);
        self.push(")\n\n");
    }

    fn link(&mut self, i: usize, end: usize, dest: &str) {
        let call = match self.targets.link(dest) {
            LinkTarget::Site(path) => site_link_call(&path),
            LinkTarget::Url(url) => format!("#link(\"{}\")", escape::typst_string(&url)),
            LinkTarget::None => {
                self.blocks(i + 1, end);
                return;
            }
        };
        if end == i + 1 {
            let shown = escape::typst_markup(dest);
            self.push(&format!("{call}[{shown}]"));
        } else {
            self.wrapped(i, end, &format!("{call}["), "]");
        }
    }

    fn image(&mut self, i: usize, end: usize, dest: &str) {
        let alt: String = self.events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        match self.targets.image(dest) {
            Some(path) => self.push(&format!(
                "#image(\"{}\", alt: \"{}\")",
                escape::typst_string(&path),
                escape::typst_string(&alt)
            )),
            None => {
                self.warn(
                    i,
                    format!(
                        "image `{dest}` is not one of the site's files: the PDF edition shows its description instead"
                    ),
                );
                self.text(&alt);
            }
        }
    }
}

/// The start of a link to a place on the site (its content follows in
/// brackets): `#site-link(<label>, "path")`.
pub fn site_link_call(site_path: &str) -> String {
    format!(
        "#site-link(<{}>, \"{}\")",
        label(site_path),
        escape::typst_string(site_path)
    )
}

/// For each start event the index of its end event (others: their own
/// index), in one pass.
fn matching_ends(events: &[Event<'_>]) -> Vec<usize> {
    let mut ends: Vec<usize> = (0..events.len()).collect();
    let mut open = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => open.push(i),
            Event::End(_) => {
                if let Some(start) = open.pop() {
                    ends[start] = i;
                }
            }
            _ => {}
        }
    }
    // An unclosed start (pulldown-cmark closes every one) ends the body.
    for start in open {
        ends[start] = events.len();
    }
    ends
}

/// Drops the blank lines at the end of `markup` (before a closing bracket).
fn trim_blank_end(markup: &mut String) {
    let trimmed = markup.trim_end_matches(['\n', ' ']).len();
    markup.truncate(trimmed);
}
