//! The one error type of `brief`: a [`Diagnostic`] names the file it is about
//! and, where the parser knows it, the line and column, and prints as
//! `path:line:col: message`. Problems that are found together (every bad
//! front matter block, every missing translation) travel together as
//! [`Diagnostics`], so an author fixes them in one pass instead of one per run.

use std::error::Error as StdError;
use std::fmt;
use std::path::{Path, PathBuf};

/// Result type used throughout the crate.
pub type Result<T, E = Diagnostics> = std::result::Result<T, E>;

/// A 1-based line and column in a text file (the column counts characters),
/// ordered line first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text's end and
    /// moved back to a character boundary). This reads `text` up to
    /// `offset`: for many positions in one text, build a [`LineIndex`].
    pub fn at_offset(text: &str, offset: usize) -> Self {
        LineIndex::new(&text[..floor_boundary(text, offset)]).position(offset)
    }

    /// This position moved down by `lines` lines (used when a parser only saw
    /// a part of a file, such as the front matter block).
    pub fn shifted(self, lines: usize) -> Self {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

/// How far apart (in bytes, at least) the points are where a
/// [`LineIndex`] knows the line and column, within a line: a position
/// costs at most this many bytes of counting.
const CHECKPOINT_BYTES: usize = 256;

/// The lines and columns of one text, found in one pass, so that each
/// position asked for later costs a binary search and a few hundred bytes
/// of counting, however long the text (a page of many megabytes with a
/// link on every line, or on one very long line).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// (byte offset, position) at every line start and every
    /// [`CHECKPOINT_BYTES`] within a line, in offset order.
    checkpoints: Vec<(usize, Position)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`: a line start at every `\n` (found with `memchr`,
    /// as `str::match_indices` does), and within lines longer than
    /// [`CHECKPOINT_BYTES`] a checkpoint every so many bytes.
    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = vec![(0, Position { line: 1, column: 1 })];
        let mut line_start = 0;
        let ends = text.match_indices('\n').map(|(i, _)| i).chain([text.len()]);
        for (line, end) in (1..).zip(ends) {
            if end - line_start > CHECKPOINT_BYTES {
                long_line_checkpoints(text, line_start, end, line, &mut checkpoints);
            }
            line_start = end + 1;
            if line_start <= text.len() {
                let position = Position {
                    line: line + 1,
                    column: 1,
                };
                checkpoints.push((line_start, position));
            }
        }
        LineIndex { text, checkpoints }
    }

    /// The position of byte `offset` (clamped to the text's end and moved
    /// back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset);
        let i = self.checkpoints.partition_point(|(at, _)| *at <= offset) - 1;
        let (at, position) = self.checkpoints[i];
        Position {
            line: position.line,
            column: position.column + self.text[at..offset].chars().count(),
        }
    }
}

/// Checkpoints every [`CHECKPOINT_BYTES`] (on character boundaries) in the
/// line `text[start..end]`, which is line `line`.
fn long_line_checkpoints(
    text: &str,
    start: usize,
    end: usize,
    line: usize,
    checkpoints: &mut Vec<(usize, Position)>,
) {
    let mut at = start;
    let mut column = 1;
    loop {
        let mut next = at + CHECKPOINT_BYTES;
        if next >= end {
            return;
        }
        while !text.is_char_boundary(next) {
            next += 1;
        }
        // Characters are the bytes that do not continue one.
        column += text.as_bytes()[at..next]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        checkpoints.push((next, Position { line, column }));
        at = next;
    }
}

/// `offset` clamped to `text` and moved back to a character boundary.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem with one input, printed as `path:line:col: message`.
#[derive(Debug)]
pub struct Diagnostic {
    path: Option<PathBuf>,
    position: Option<Position>,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl Diagnostic {
    /// A problem that is not tied to any file.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            path: None,
            position: None,
            message: message.into(),
            source: None,
        }
    }

    /// A problem with the file at `path`.
    pub fn in_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(message).with_path(path)
    }

    /// A failed I/O operation on `path`; `action` says what was being done
    /// ("read", "create directory", ...). The OS error becomes the source.
    pub fn io(path: impl Into<PathBuf>, action: &str, err: std::io::Error) -> Self {
        Diagnostic::in_file(path, format!("cannot {action}")).with_source(err)
    }

    /// Sets the file this problem is about.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the line and column of the problem.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// This problem in a file whose part it was found in starts `lines`
    /// lines down (a page body below its front matter): its position, if
    /// any, moves down by that much.
    pub fn below(mut self, lines: usize) -> Self {
        self.position = self.position.map(|p| p.shifted(lines));
        self
    }

    /// Sets the line and column unless they are known already.
    pub fn or_at(self, position: Position) -> Self {
        match self.position {
            Some(_) => self,
            None => self.at(position),
        }
    }

    /// The message put in context: `"{what}: {message}"` (for example
    /// ``indicator `x`: unknown kind``).
    pub fn within(mut self, what: &str) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    /// Sets the line and column from a byte offset into `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at(Position::at_offset(text, offset))
    }

    /// Attaches the lower-level error that caused this one.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The file this problem is about, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The line and column, if known.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The message without location or causes.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The message followed by every cause in the source chain, joined by
    /// `": "`, as `main` prints it.
    pub fn full_message(&self) -> String {
        let mut text = self.to_string();
        let mut cause = self.source();
        while let Some(err) = cause {
            let line = err.to_string();
            if !line.is_empty() && !text.contains(&line) {
                text.push_str(": ");
                text.push_str(&line);
            }
            cause = err.source();
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(pos) = self.position {
                write!(f, ":{}:{}", pos.line, pos.column)?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl StdError for Diagnostic {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// One or more problems found in the same pass, reported together.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection, to push problems into as they are found.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// `Ok(value)` when empty, otherwise `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Sorts problems by file and position, so reports read in file order
    /// whatever order parallel work found them in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.path(), a.position().map(|p| (p.line, p.column)))
                .cmp(&(b.path(), b.position().map(|p| (p.line, p.column))))
        });
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl fmt::Display for Diagnostics {
    /// One problem per line, each with its whole cause chain.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&d.full_message())?;
        }
        Ok(())
    }
}

impl StdError for Diagnostics {}

/// Parses `text` as TOML into `T`, reporting any syntax error, unknown key,
/// missing key or wrong type as a diagnostic for `path` that names the key
/// (as a dotted path such as `languages.zh.title`) and gives its line and
/// column. `line_offset` is the number of lines of the file before `text`
/// (non-zero for front matter).
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let located = |err: &toml::de::Error, message: String| {
        let diagnostic = Diagnostic::in_file(path, message);
        match err.span() {
            Some(span) => diagnostic.at(Position::at_offset(text, span.start).shifted(line_offset)),
            None => diagnostic,
        }
    };
    let deserializer = toml::Deserializer::parse(text)
        .map_err(|err| located(&err, format!("invalid TOML: {}", err.message().trim_end())))?;
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        // A `toml::Spanned` value shows in the path as a private field.
        let key = err.path().to_string();
        let key = key.replace(".$__serde_spanned_private_value", "");
        let inner = err.inner();
        let message = crate::suggest::serde_message(inner.message().trim_end());
        let message = if key.is_empty() || key == "." {
            message
        } else if message.starts_with("missing field") {
            format!("in `{key}`: {message}")
        } else {
            format!("`{key}`: {message}")
        };
        located(inner, message)
    })
}

/// Decodes `bytes` as UTF-8, or reports the line and column of the first
/// invalid byte of the file at `path`.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        // Everything before `valid` is valid UTF-8, so this cannot fail.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let at = Position::at_offset(prefix, valid);
        Diagnostic::in_file(
            path,
            format!(
                "invalid UTF-8 (byte 0x{:02x}); save the file as UTF-8",
                bytes[valid]
            ),
        )
        .at(at)
    })
}

/// Reads the text file at `path`, reporting I/O failure and invalid UTF-8
/// as diagnostics that name the file.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, "read file", e))?;
    decode_utf8(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_found_without_its_file_gets_it_and_its_place_later() {
        // A helper that knows neither the file nor where its text starts.
        let found = Diagnostic::new("unknown kind `x`").at(Position { line: 2, column: 5 });
        let reported = found
            .within("`key_figures`")
            .with_path("content/_index.en.md")
            .below(3)
            .or_at(Position { line: 1, column: 1 });
        assert_eq!(
            reported.to_string(),
            "content/_index.en.md:5:5: `key_figures`: unknown kind `x`"
        );
        let unplaced = Diagnostic::new("m").or_at(Position { line: 7, column: 2 });
        assert_eq!(unplaced.position(), Some(Position { line: 7, column: 2 }));
        assert_eq!(Diagnostic::new("m").below(4).position(), None);
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "一行\n第二行x";
        let offset = text.find('x').unwrap();
        assert_eq!(
            Position::at_offset(text, offset),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn line_index_agrees_with_counting_from_the_start() {
        let long_line = "长".repeat(300) + "x" + &"a".repeat(700);
        for text in [
            "",
            "a",
            "\n",
            "一行\n第二行x\n\n",
            "a\r\nb",
            long_line.as_str(),
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let before = &text[..floor_boundary(text, offset)];
                let expected = Position {
                    line: before.matches('\n').count() + 1,
                    column: before.rsplit('\n').next().unwrap().chars().count() + 1,
                };
                assert_eq!(index.position(offset), expected, "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn display_is_path_line_col_message() {
        let d = Diagnostic::in_file("content/a.md", "bad").at(Position { line: 3, column: 7 });
        assert_eq!(d.to_string(), "content/a.md:3:7: bad");
    }

    #[test]
    fn full_message_includes_the_cause_chain() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let d = Diagnostic::io("config.toml", "read file", io);
        assert_eq!(
            d.full_message(),
            "config.toml: cannot read file: no such file"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        table: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        weight: i64,
    }

    #[test]
    fn toml_errors_name_the_key_and_line() {
        let path = Path::new("c.toml");
        let wrong = parse_toml::<Sample>(path, "title = \"t\"\n[table]\nweight = \"x\"\n", 0);
        let text = wrong.unwrap_err().to_string();
        assert!(
            text.starts_with("c.toml:3:10: `table.weight`: invalid type"),
            "{text}"
        );

        let unknown = parse_toml::<Sample>(path, "title = \"t\"\ncolour = 1\n", 1);
        let text = unknown.unwrap_err().to_string();
        assert!(
            text.starts_with("c.toml:3:1: `colour`: unknown field `colour`"),
            "{text}"
        );

        let syntax = parse_toml::<Sample>(path, "title = = 1\n", 0);
        assert!(
            syntax
                .unwrap_err()
                .to_string()
                .starts_with("c.toml:1:9: invalid TOML")
        );
    }

    #[test]
    fn invalid_utf8_reports_line_and_column() {
        let bytes = b"ok\nab\xffcd".to_vec();
        let d = decode_utf8(Path::new("x.md"), bytes).unwrap_err();
        assert_eq!(d.position(), Some(Position { line: 2, column: 3 }));
        assert!(d.to_string().starts_with("x.md:2:3: invalid UTF-8"));
    }
}
