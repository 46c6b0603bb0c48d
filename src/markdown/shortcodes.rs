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

use crate::diagnostic::{LineIndex, Position};

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
    pub fn check_args(&self, allowed: &[&str]) -> Result<(), String> {
        for (i, (key, _)) in self.args.iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                return Err(format!(
                    "`{}` has no argument `{key}` (it takes: {})",
                    self.name,
                    allowed.join(", ")
                ));
            }
            if self.args[..i].iter().any(|(k, _)| k == key) {
                return Err(format!("`{}`: argument `{key}` is given twice", self.name));
            }
        }
        Ok(())
    }

    /// A string argument, if present.
    pub fn string(&self, name: &str) -> Result<Option<&str>, String> {
        match self.arg(name) {
            None => Ok(None),
            Some(ArgValue::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(name, "a string", other)),
        }
    }

    /// A whole-number argument, if present.
    pub fn integer(&self, name: &str) -> Result<Option<i64>, String> {
        match self.arg(name) {
            None => Ok(None),
            Some(ArgValue::Integer(i)) => Ok(Some(*i)),
            Some(other) => Err(self.wrong_type(name, "a whole number", other)),
        }
    }

    /// A list-of-strings argument, if present.
    pub fn strings(&self, name: &str) -> Result<Option<Vec<&str>>, String> {
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

    fn wrong_type(&self, name: &str, expected: &str, got: &ArgValue) -> String {
        format!(
            "`{}`: argument `{name}` must be {expected}, not {}",
            self.name,
            got.kind()
        )
    }
}

/// What a shortcode expands to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The markup to insert.
    pub html: String,
    /// Block markup (a table, a figure) replaces its paragraph; inline
    /// markup sits in the text.
    pub block: bool,
}

/// Expands shortcode calls; implemented outside this module.
pub trait ShortcodeHandler: Sync {
    /// The markup for `call`, or a message saying what is wrong with it.
    fn expand(&self, call: &Shortcode) -> Result<Expansion, String>;
}

/// A problem in a page body, at a position relative to the body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyError {
    /// Where in the body.
    pub position: Position,
    /// What is wrong.
    pub message: String,
}

/// Every shortcode call in `body`, parsed, in order, including calls inside
/// code (the event pass filters those out). Calls that do not parse are
/// errors.
pub fn find(body: &str) -> Vec<Result<Shortcode, BodyError>> {
    find_in(body, &LineIndex::new(body))
        .into_iter()
        .map(|found| found.map_err(|(_, error)| error))
        .collect()
}

/// [`find`], with positions from `lines` (the body's index) and each
/// error's byte offset.
fn find_in(body: &str, lines: &LineIndex<'_>) -> Vec<Result<Shortcode, (usize, BodyError)>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = body[from..].find("{{") {
        let start = from + offset;
        if start > 0 && body.as_bytes()[start - 1] == b'\\' {
            from = start + 2;
            continue;
        }
        if !body[start + 2..].contains("}}") {
            found.push(Err((start, BodyError {
                position: lines.position(start),
                message: "unclosed shortcode: this `{{` has no `}}` after it (write `\\{{` for literal braces)".to_string(),
            })));
            break;
        }
        let mut parser = CallParser {
            body,
            lines,
            at: start + 2,
        };
        match parser.call(start) {
            Ok(call) => {
                from = call.range.end;
                found.push(Ok(call));
            }
            Err((at, message)) => {
                // An unclosed call is best pointed out where it opens.
                let at = if message.starts_with("unclosed shortcode") {
                    start
                } else {
                    at
                };
                found.push(Err((
                    at,
                    BodyError {
                        position: lines.position(at),
                        message,
                    },
                )));
                // Resume after this call's closing braces, if it has any.
                from = body[start + 2..]
                    .find("}}")
                    .map_or(body.len(), |end| start + 2 + end + 2);
            }
        }
    }
    found
}

/// A recursive-descent parser for one call, starting after `{{`.
struct CallParser<'a> {
    body: &'a str,
    lines: &'a LineIndex<'a>,
    at: usize,
}

type ParseResult<T> = Result<T, (usize, String)>;

impl CallParser<'_> {
    fn rest(&self) -> &str {
        &self.body[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.body.len() - trimmed.len();
    }

    fn fail<T>(&self, message: impl Into<String>) -> ParseResult<T> {
        Err((self.at, message.into()))
    }

    fn expect(&mut self, token: &str, what: &str) -> ParseResult<()> {
        self.skip_space();
        if self.rest().starts_with(token) {
            self.at += token.len();
            Ok(())
        } else if self.rest().is_empty() {
            self.fail(format!(
                "unclosed shortcode: expected {what}, found the end of the page"
            ))
        } else {
            let found: String = self.rest().chars().take(12).collect();
            self.fail(format!("expected {what}, found `{found}`"))
        }
    }

    fn call(&mut self, start: usize) -> ParseResult<Shortcode> {
        self.skip_space();
        let name = self.identifier("a shortcode name, e.g. `figure`")?;
        self.expect("(", "`(` after the shortcode name")?;
        let mut args = Vec::new();
        loop {
            self.skip_space();
            if self.rest().starts_with(')') {
                self.at += 1;
                break;
            }
            let key = self.identifier("an argument name or `)`")?;
            self.expect("=", &format!("`=` after `{key}`"))?;
            let value = self.value()?;
            args.push((key, value));
            self.skip_space();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else if !self.rest().starts_with(')') {
                self.expect(")", "`,` or `)`")?;
                break;
            }
        }
        self.expect("}}", "`}}` to close the shortcode")?;
        Ok(Shortcode {
            name,
            args,
            position: self.lines.position(start),
            range: start..self.at,
        })
    }

    fn identifier(&mut self, what: &str) -> ParseResult<String> {
        self.skip_space();
        let len = self
            .rest()
            .char_indices()
            .find(|&(i, c)| !(c == '_' || c.is_ascii_lowercase() || (i > 0 && c.is_ascii_digit())))
            .map_or(self.rest().len(), |(i, _)| i);
        if len == 0 {
            return if self.rest().is_empty() {
                self.fail(format!("unclosed shortcode: expected {what}"))
            } else {
                let found: String = self.rest().chars().take(12).collect();
                self.fail(format!("expected {what}, found `{found}`"))
            };
        }
        let name = self.rest()[..len].to_string();
        self.at += len;
        Ok(name)
    }

    fn value(&mut self) -> ParseResult<ArgValue> {
        self.skip_space();
        let rest = self.rest();
        if rest.starts_with('"') {
            self.string().map(ArgValue::String)
        } else if rest.starts_with('[') {
            self.list()
        } else if rest.starts_with("true") {
            self.at += 4;
            Ok(ArgValue::Bool(true))
        } else if rest.starts_with("false") {
            self.at += 5;
            Ok(ArgValue::Bool(false))
        } else if rest.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            self.number()
        } else if rest.is_empty() {
            self.fail("unclosed shortcode: expected a value")
        } else {
            self.fail("expected a value: a \"string\", a number, true/false or a [list]")
        }
    }

    fn string(&mut self) -> ParseResult<String> {
        let open = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    return Ok(text);
                }
                '\\' => match chars.next() {
                    Some((_, '"')) => text.push('"'),
                    Some((_, '\\')) => text.push('\\'),
                    Some((_, 'n')) => text.push('\n'),
                    Some((j, other)) => {
                        self.at += j;
                        return self.fail(format!("unknown escape `\\{other}` in a string"));
                    }
                    None => break,
                },
                '\n' => {
                    self.at = open;
                    return self.fail("unclosed string: add the closing `\"` on the same line");
                }
                c => text.push(c),
            }
        }
        self.at = open;
        self.fail("unclosed string: add the closing `\"`")
    }

    fn number(&mut self) -> ParseResult<ArgValue> {
        let len = self
            .rest()
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || c == '_' || (i == 0 && c == '-')))
            .map_or(self.rest().len(), |(i, _)| i);
        let text = self.rest()[..len].replace('_', "");
        let value = if text.contains('.') {
            text.parse().ok().map(ArgValue::Float)
        } else {
            text.parse().ok().map(ArgValue::Integer)
        };
        match value {
            Some(v) => {
                self.at += len;
                Ok(v)
            }
            None => self.fail(format!("`{text}` is not a number")),
        }
    }

    fn list(&mut self) -> ParseResult<ArgValue> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.rest().starts_with(']') {
                self.at += 1;
                return Ok(ArgValue::List(items));
            }
            items.push(self.value()?);
            self.skip_space();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else {
                self.expect("]", "`,` or `]` in the list")?;
                return Ok(ArgValue::List(items));
            }
        }
    }
}

/// The event pass: replaces the text events each call covers with its
/// expansion. Calls inside code or raw HTML are left alone. A call that
/// fails is reported and replaced by nothing, so the rest of the page can
/// still be rendered and checked.
pub(super) fn expand<'a>(
    body: &'a str,
    lines: &LineIndex<'_>,
    events: Vec<(Event<'a>, Range<usize>)>,
    handler: Option<&dyn ShortcodeHandler>,
) -> (Vec<Event<'a>>, Vec<BodyError>) {
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
                Err(message) => {
                    errors.push(BodyError {
                        position: call.position,
                        message,
                    });
                    let nothing = Expansion {
                        html: String::new(),
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
        return (events.into_iter().map(|(e, _)| e).collect(), errors);
    }
    let (events, blocks) = substitute(body, events, &calls);
    let (events, block_errors) = place_blocks(events, &blocks, &calls);
    errors.extend(block_errors);
    errors.sort_by_key(|e| (e.position.line, e.position.column));
    (events, errors)
}

fn expand_one(
    handler: Option<&dyn ShortcodeHandler>,
    call: &Shortcode,
) -> Result<Expansion, String> {
    match handler {
        Some(handler) => handler.expand(call),
        None => Err(format!(
            "unknown shortcode `{}`: this site has no shortcodes",
            call.name
        )),
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
    events: Vec<(Event<'a>, Range<usize>)>,
    calls: &[(Shortcode, Expansion)],
) -> (Vec<Event<'a>>, Vec<Option<usize>>) {
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
            out.push(event);
            continue;
        }
        // Text before, between and after the calls this event touches, taken
        // from the source so that offsets line up.
        let mut cursor = range.start;
        for i in covering {
            let call = &calls[i].0.range;
            if call.start > cursor {
                out.push(Event::Text(CowStr::Borrowed(&body[cursor..call.start])));
            }
            if placed[i].is_none() && range.contains(&call.start) {
                placed[i] = Some(out.len());
                out.push(Event::InlineHtml(CowStr::from(calls[i].1.html.clone())));
            }
            cursor = cursor.max(call.end);
        }
        if cursor < range.end {
            out.push(Event::Text(CowStr::Borrowed(&body[cursor..range.end])));
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
    mut events: Vec<Event<'a>>,
    placed: &[Option<usize>],
    calls: &[(Shortcode, Expansion)],
) -> (Vec<Event<'a>>, Vec<BodyError>) {
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
        let start = (0..index).rev().find(|&j| !blank(&events[j]));
        let end = (index + 1..events.len()).find(|&j| !blank(&events[j]));
        match (start, end) {
            (Some(s), Some(e))
                if matches!(events[s], Event::Start(Tag::Paragraph))
                    && matches!(events[e], Event::End(TagEnd::Paragraph)) =>
            {
                events[index] = Event::Html(CowStr::from(expansion.html.clone()));
                remove.extend((s..index).chain(index + 1..=e));
            }
            _ => errors.push(BodyError {
                position: call.position,
                message: format!(
                    "`{}` makes a block (a table or a chart): put it in a paragraph of its own, with blank lines around it",
                    call.name
                ),
            }),
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
mod tests {
    use super::*;

    fn one(body: &str) -> Shortcode {
        let mut found = find(body);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0).expect("parses")
    }

    fn error(body: &str) -> BodyError {
        let mut found = find(body);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0).expect_err("fails")
    }

    #[test]
    fn parses_names_and_typed_arguments() {
        let call = one(
            r#"Scale: {{ figure(id="ai-core-scale", year=2026, x=1.5, ok=true, ids=["a", "b"]) }}."#,
        );
        assert_eq!(call.name, "figure");
        assert_eq!(call.string("id").unwrap(), Some("ai-core-scale"));
        assert_eq!(call.integer("year").unwrap(), Some(2026));
        assert_eq!(call.arg("x"), Some(&ArgValue::Float(1.5)));
        assert_eq!(call.arg("ok"), Some(&ArgValue::Bool(true)));
        assert_eq!(call.strings("ids").unwrap(), Some(vec!["a", "b"]));
        assert_eq!(call.position, Position { line: 1, column: 8 });
    }

    #[test]
    fn no_arguments_trailing_commas_and_line_breaks() {
        assert!(one("{{ chart() }}").args.is_empty());
        let call = one("{{ table(\n  group = \"scale\",\n) }}");
        assert_eq!(call.string("group").unwrap(), Some("scale"));
    }

    #[test]
    fn strings_keep_escapes_and_cjk() {
        let call = one(r#"{{ t(caption="规模 \"目标\" \\ ok") }}"#);
        assert_eq!(call.string("caption").unwrap(), Some("规模 \"目标\" \\ ok"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = error("text\n{{ figure(id=\"x\", year=2026)\nmore text\n");
        assert!(e.message.starts_with("unclosed shortcode"), "{e:?}");
        assert_eq!(e.position, Position { line: 2, column: 1 });

        let e = error("{{ figure(id=\"x) }}");
        assert!(e.message.starts_with("unclosed string"), "{e:?}");

        let e = error("{{ figure(id x) }}");
        assert!(e.message.contains("`=` after `id`"), "{e:?}");

        let e = error("{{ Figure() }}");
        assert!(e.message.contains("shortcode name"), "{e:?}");

        let e = error("{{ figure(year=20x6) }}");
        assert!(e.message.contains("`,` or `)`"), "{e:?}");
    }

    #[test]
    fn escaped_braces_are_not_calls() {
        assert!(find(r"write \{{ figure() }} literally").is_empty());
    }

    #[test]
    fn argument_checks_name_the_problem() {
        let call = one(r#"{{ figure(id=3, colour="red") }}"#);
        assert!(call.string("id").unwrap_err().contains("must be a string"));
        assert!(
            call.check_args(&["id"])
                .unwrap_err()
                .contains("no argument `colour`")
        );
        let twice = one(r#"{{ figure(id="a", id="b") }}"#);
        assert!(
            twice
                .check_args(&["id"])
                .unwrap_err()
                .contains("given twice")
        );
    }
}
