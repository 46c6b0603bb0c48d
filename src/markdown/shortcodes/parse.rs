//! The shortcode call syntax, `{{ name(key=value, ...) }}`: a parser over
//! the source text that finds every call with its position, and reports
//! the ones that do not parse.

use super::{ArgValue, Shortcode};
use crate::diagnostic::{Diagnostic, LineIndex};

/// Every shortcode call in `body`, parsed, in order, including calls inside
/// code (the event pass filters those out). Calls that do not parse are
/// errors.
pub fn find(body: &str) -> Vec<Result<Shortcode, Diagnostic>> {
    find_in(body, &LineIndex::new(body))
        .into_iter()
        .map(|found| found.map_err(|(_, error)| error))
        .collect()
}

/// [`find`], with positions from `lines` (the body's index) and each
/// error's byte offset.
pub(super) fn find_in(
    body: &str,
    lines: &LineIndex<'_>,
) -> Vec<Result<Shortcode, (usize, Diagnostic)>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = body[from..].find("{{") {
        let start = from + offset;
        if start > 0 && body.as_bytes()[start - 1] == b'\\' {
            from = start + 2;
            continue;
        }
        if !body[start + 2..].contains("}}") {
            let message = "unclosed shortcode: this `{{` has no `}}` after it (write `\\{{` for literal braces)";
            found.push(Err((
                start,
                Diagnostic::new(message).at(lines.position(start)),
            )));
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
                found.push(Err((at, Diagnostic::new(message).at(lines.position(at)))));
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
