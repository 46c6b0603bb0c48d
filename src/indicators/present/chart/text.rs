//! Text: ids, numbers, estimated widths and wrapping.

use super::*;

/// An id usable in `id`, `aria-labelledby` (space-separated) and
/// `url(#…)`: ASCII letters, digits and `-` are kept; every other
/// character (including `_`) becomes `_` and its hex code point, so
/// distinct ids stay distinct. An empty id becomes `chart`.
pub(super) fn safe_id(id: &str) -> String {
    if id.is_empty() {
        return "chart".to_owned();
    }
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", c as u32);
        }
    }
    out
}

/// A number for an attribute: at most two decimals, no trailing zeros,
/// never `-0`, `NaN` or `inf`.
pub(super) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let mut s = format!("{:.2}", x);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Whether a character is drawn a full em wide (CJK, Hangul, fullwidth
/// forms).
pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Punctuation that must not start a line (it stays with the text before).
pub(super) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '”'
            | '’'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// Estimated advance of a character, in ems (slightly generous).
pub(super) fn char_em(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.3,
        'f' | 'r' | 't' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        '0'..='9' => 0.58,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.56,
        _ => 0.65,
    }
}

/// Estimated width of `text` at `font` units.
pub(super) fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font
}

/// Splits `text` into break units: runs of non-wide characters, single
/// wide characters (with closing punctuation attached) and spaces (as
/// `" "`).
pub(super) fn break_units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !run.is_empty() {
                units.push(std::mem::take(&mut run));
            }
            if units.last().is_some_and(|u| u != " ") {
                units.push(" ".to_owned());
            }
        } else if is_closing(c) && run.is_empty() && units.last().is_some_and(|u| u != " ") {
            if let Some(last) = units.last_mut() {
                last.push(c);
            }
        } else if is_wide(c) {
            if !run.is_empty() {
                units.push(std::mem::take(&mut run));
            }
            units.push(c.to_string());
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        units.push(run);
    }
    if units.last().is_some_and(|u| u == " ") {
        units.pop();
    }
    units
}

/// Wraps `text` into lines no wider than `max_width` at `font` units:
/// breaks at spaces and between CJK characters, and inside a word only
/// when the word alone is too wide. Whitespace is collapsed.
pub(super) fn wrap(text: &str, font: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut space = false;
    for unit in break_units(text) {
        if unit == " " {
            space = !line.is_empty();
            continue;
        }
        let joined = if space {
            format!("{line} {unit}")
        } else {
            format!("{line}{unit}")
        };
        space = false;
        if line.is_empty() || text_width(&joined, font) <= max_width {
            line = joined;
        } else {
            lines.push(std::mem::take(&mut line));
            line = unit;
        }
        // A unit wider than a whole line is cut by character.
        while text_width(&line, font) > max_width && line.chars().count() > 1 {
            let mut head = String::new();
            let mut rest = line.chars();
            for c in rest.by_ref() {
                let mut next = head.clone();
                next.push(c);
                if !head.is_empty() && text_width(&next, font) > max_width {
                    lines.push(head);
                    head = c.to_string();
                    break;
                }
                head = next;
            }
            head.extend(rest);
            if head == line {
                break;
            }
            line = head;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
