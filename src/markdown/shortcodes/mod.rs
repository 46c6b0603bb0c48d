//! Shortcodes: `{{ name(key=value, ...) }}` calls in a page body, parsed
//! from the Markdown source before it is rendered and expanded by a
//! [`ShortcodeHandler`] the caller provides (the indicators module, for
//! figures, tables and charts).
//!
//! The substitution is an event pass: pulldown-cmark's source offsets say
//! which text events a call covers, so calls inside code spans, code
//! blocks and raw HTML are left exactly as written. A block shortcode
//! (a table, a chart) must stand alone in its paragraph, which it then
//! replaces. `\{{` writes a literal `{{`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

mod parse;

pub use parse::find;
use parse::find_in;

use crate::diagnostic::{Diagnostic, LineIndex, Position};

/// An event and the byte range of the body it comes from.
pub(super) type Ranged<'a> = (Event<'a>, Range<usize>);

/// A value passed to a shortcode.
#[derive(Debug, Clone)]
pub enum ArgValue {
    /// `"text"`
    String(String),
    /// `2026`
    Integer(i64),
    /// `1.5`
    Float(f64),
    /// `true`
    Bool(bool),
    /// `["a", "b"]`
    List(Vec<ArgValue>),
}

/// Numbers compare by their bits, so a value equals itself (and can key a
/// map: the data shortcodes keep each distinct call's markup).
impl PartialEq for ArgValue {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ArgValue::String(a), ArgValue::String(b)) => a == b,
            (ArgValue::Integer(a), ArgValue::Integer(b)) => a == b,
            (ArgValue::Float(a), ArgValue::Float(b)) => a.to_bits() == b.to_bits(),
            (ArgValue::Bool(a), ArgValue::Bool(b)) => a == b,
            (ArgValue::List(a), ArgValue::List(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for ArgValue {}

impl std::hash::Hash for ArgValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            ArgValue::String(s) => s.hash(state),
            ArgValue::Integer(i) => i.hash(state),
            ArgValue::Float(f) => f.to_bits().hash(state),
            ArgValue::Bool(b) => b.hash(state),
            ArgValue::List(items) => items.hash(state),
        }
    }
}

impl ArgValue {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ArgValue::String(_) => "a string",
            ArgValue::Integer(_) => "a whole number",
            ArgValue::Float(_) => "a number",
            ArgValue::Bool(_) => "true or false",
            ArgValue::List(_) => "a list",
        }
    }
}

/// One shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    /// The name before the parentheses.
    pub name: String,
    /// The arguments in the order written.
    pub args: Vec<(String, ArgValue)>,
    /// Where the call starts in the body.
    pub position: Position,
    /// The byte range of the call in the body, braces included.
    pub range: Range<usize>,
}

impl Shortcode {
    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&ArgValue> {
        self.args.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Fails on an argument not in `allowed` or given twice.
    pub fn check_args(&self, allowed: &[&str]) -> Result<(), Diagnostic> {
        for (i, (key, _)) in self.args.iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                return Err(self.problem(format!(
                    "`{}` has no argument `{key}` (it takes: {})",
                    self.name,
                    allowed.join(", ")
                )));
            }
            if self.args[..i].iter().any(|(k, _)| k == key) {
                return Err(
                    self.problem(format!("`{}`: argument `{key}` is given twice", self.name))
                );
            }
        }
        Ok(())
    }

    /// A problem with this call, at the call's position in the body.
    pub fn problem(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(message).at(self.position)
    }

    /// A string argument, if present.
    pub fn string(&self, name: &str) -> Result<Option<&str>, Diagnostic> {
        match self.arg(name) {
            None => Ok(None),
            Some(ArgValue::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(name, "a string", other)),
        }
    }

    /// A whole-number argument, if present.
    pub fn integer(&self, name: &str) -> Result<Option<i64>, Diagnostic> {
        match self.arg(name) {
            None => Ok(None),
            Some(ArgValue::Integer(i)) => Ok(Some(*i)),
            Some(other) => Err(self.wrong_type(name, "a whole number", other)),
        }
    }

    /// A list-of-strings argument, if present.
    pub fn strings(&self, name: &str) -> Result<Option<Vec<&str>>, Diagnostic> {
        match self.arg(name) {
            None => Ok(None),
            Some(ArgValue::List(items)) => items
                .iter()
                .map(|item| match item {
                    ArgValue::String(s) => Ok(s.as_str()),
                    other => Err(self.wrong_type(name, "a list of strings", other)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(self.wrong_type(name, "a list of strings", other)),
        }
    }

    fn wrong_type(&self, name: &str, expected: &str, got: &ArgValue) -> Diagnostic {
        self.problem(format!(
            "`{}`: argument `{name}` must be {expected}, not {}",
            self.name,
            got.kind()
        ))
    }
}

/// What a shortcode expands to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The markup to insert: HTML for the site, Typst for the PDF edition
    /// (the handler knows which it writes).
    pub markup: String,
    /// Block markup (a table, a figure) replaces its paragraph; inline
    /// markup sits in the text.
    pub block: bool,
}

/// Expands shortcode calls; implemented outside this module.
pub trait ShortcodeHandler: Sync {
    /// The markup for `call`, or what is wrong with it (a problem without
    /// a position is put at the call's).
    fn expand(&self, call: &Shortcode) -> Result<Expansion, Diagnostic>;
}

/// The event pass: replaces the text events each call covers with its
/// expansion. Calls inside code or raw HTML are left alone. A call that
/// fails is reported and replaced by nothing, so the rest of the page can
/// still be rendered and checked.
///
/// The events keep their source ranges (an expansion has its call's), so
/// a writer can tell the text a call made from raw HTML in the source.
pub(super) fn expand<'a>(
    body: &'a str,
    lines: &LineIndex<'_>,
    events: Vec<Ranged<'a>>,
    handler: Option<&dyn ShortcodeHandler>,
) -> (Vec<Ranged<'a>>, Vec<Diagnostic>) {
    let verbatim = verbatim_ranges(&events);
    let in_verbatim = |at: usize| {
        // The ranges are sorted and apart: the last one starting at or
        // before `at` is the only one that can hold it.
        let i = verbatim.partition_point(|r| r.start <= at);
        i > 0 && verbatim[i - 1].contains(&at)
    };
    let mut errors = Vec::new();
    let mut calls = Vec::new();
    for found in find_in(body, lines) {
        match found {
            Ok(call) if in_verbatim(call.range.start) => {}
            Ok(call) => match expand_one(handler, &call) {
                Ok(expansion) => calls.push((call, expansion)),
                Err(problem) => {
                    errors.push(problem);
                    let nothing = Expansion {
                        markup: String::new(),
                        block: false,
                    };
                    calls.push((call, nothing));
                }
            },
            Err((at, _)) if in_verbatim(at) => {}
            Err((_, e)) => errors.push(e),
        }
    }
    if calls.is_empty() {
        return (events, errors);
    }
    let (events, blocks) = substitute(body, events, &calls);
    let (events, block_errors) = place_blocks(events, &blocks, &calls);
    errors.extend(block_errors);
    errors.sort_by_key(Diagnostic::position);
    (events, errors)
}

fn expand_one(
    handler: Option<&dyn ShortcodeHandler>,
    call: &Shortcode,
) -> Result<Expansion, Diagnostic> {
    match handler {
        Some(handler) => handler.expand(call).map_err(|d| d.or_at(call.position)),
        None => Err(call.problem(format!(
            "unknown shortcode `{}`: this site has no shortcodes",
            call.name
        ))),
    }
}

/// Source ranges whose text is written as it is: code blocks, code spans,
/// raw HTML, math.
/// Sorted, and merged where they overlap.
fn verbatim_ranges(events: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = events
        .iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                    | Event::Code(_)
                    | Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::InlineMath(_)
                    | Event::DisplayMath(_)
            )
        })
        .map(|(_, range)| range.clone())
        .collect();
    ranges.sort_by_key(|r| r.start);
    // Merge ranges that overlap (a raw HTML block and its lines).
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Replaces covered text with `InlineHtml` expansions. Returns the events
/// and, for each call, the index of its expansion event.
fn substitute<'a>(
    body: &'a str,
    events: Vec<Ranged<'a>>,
    calls: &[(Shortcode, Expansion)],
) -> (Vec<Ranged<'a>>, Vec<Option<usize>>) {
    let mut out = Vec::with_capacity(events.len() + calls.len() * 2);
    let mut placed = vec![None; calls.len()];
    for (event, range) in events {
        // The calls are in order and apart: those this event touches are
        // a run starting at the first that ends after the event starts.
        let first = calls.partition_point(|(call, _)| call.range.end <= range.start);
        let covering: Vec<usize> = (first..calls.len())
            .take_while(|&i| calls[i].0.range.start < range.end)
            .filter(|&i| overlaps(&calls[i].0.range, &range))
            .collect();
        let is_leaf = matches!(event, Event::Text(_) | Event::SoftBreak | Event::HardBreak);
        if covering.is_empty() || !is_leaf {
            out.push((event, range));
            continue;
        }
        // Text before, between and after the calls this event touches, taken
        // from the source so that offsets line up.
        let text = |r: Range<usize>| (Event::Text(CowStr::Borrowed(&body[r.clone()])), r);
        let mut cursor = range.start;
        for i in covering {
            let call = &calls[i].0.range;
            if call.start > cursor {
                out.push(text(cursor..call.start));
            }
            if placed[i].is_none() && range.contains(&call.start) {
                placed[i] = Some(out.len());
                let html = Event::InlineHtml(CowStr::from(calls[i].1.markup.clone()));
                out.push((html, call.clone()));
            }
            cursor = cursor.max(call.end);
        }
        if cursor < range.end {
            out.push(text(cursor..range.end));
        }
    }
    (out, placed)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A block expansion must be the only content of its paragraph; the
/// paragraph is replaced by the block. One that is not is reported (and
/// left inline).
fn place_blocks<'a>(
    mut events: Vec<Ranged<'a>>,
    placed: &[Option<usize>],
    calls: &[(Shortcode, Expansion)],
) -> (Vec<Ranged<'a>>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut remove = Vec::new();
    for (i, (call, expansion)) in calls.iter().enumerate() {
        let Some(index) = placed[i] else { continue };
        if !expansion.block {
            continue;
        }
        let blank = |e: &Event<'_>| match e {
            Event::Text(t) => t.trim().is_empty(),
            Event::SoftBreak => true,
            _ => false,
        };
        let start = (0..index).rev().find(|&j| !blank(&events[j].0));
        let end = (index + 1..events.len()).find(|&j| !blank(&events[j].0));
        match (start, end) {
            (Some(s), Some(e))
                if matches!(events[s].0, Event::Start(Tag::Paragraph))
                    && matches!(events[e].0, Event::End(TagEnd::Paragraph)) =>
            {
                events[index].0 = Event::Html(CowStr::from(expansion.markup.clone()));
                remove.extend((s..index).chain(index + 1..=e));
            }
            _ => errors.push(call.problem(format!(
                "`{}` makes a block (a table or a chart): put it in a paragraph of its own, with blank lines around it",
                call.name
            ))),
        }
    }
    remove.sort_unstable();
    let mut index = 0;
    events.retain(|_| {
        let keep = remove.binary_search(&index).is_err();
        index += 1;
        keep
    });
    (events, errors)
}

#[cfg(test)]
mod tests;
