//! The one place that decides what text may go into markup. Everything
//! `brief` writes as HTML, SVG or XML (templates through Tera's escape
//! function, Markdown, indicator figures, tables and charts, the sitemap
//! and the feeds) passes its text through here:
//!
//! - [`html`] and [`xml`] escape text for element content or a quoted
//!   attribute value (`& < > " '`), and replace the code points the format
//!   forbids with U+FFFD, so that no input (a title with a BEL, a page
//!   with a NUL) can make a page invalid or a feed ill-formed;
//! - [`clean`] makes that replacement alone, for text that is markup
//!   already (a Markdown body, before it is parsed: CommonMark asks for
//!   NUL to become U+FFFD);
//! - [`css_string`] escapes text for the inside of a double-quoted CSS
//!   string in a `<style>` element (the print stylesheet's running
//!   header): every character that could end the string, the element or
//!   an HTML attribute is a CSS escape, so HTML escaping leaves it as it is;
//! - [`typst_markup`] and [`typst_string`] escape text for the PDF
//!   edition's Typst source: markup (every ASCII punctuation character a
//!   backslash escape, so no text can start emphasis, a heading, a comment
//!   or code) and the inside of a double-quoted string literal;
//! - [`bibtex`] escapes text for a braced BibTeX field (LaTeX's special
//!   characters as commands, so braces always balance), and [`ris`] makes
//!   text one RIS line;
//! - [`json_in_script`] makes serialised JSON safe inside a `<script>`
//!   element (`<`, `>`, `&` and the line separators as `\u` escapes, so
//!   no value can close the element or open a comment);
//! - [`check_url`] says whether a URL that comes from data or
//!   configuration may become a link: `http`, `https` and `mailto` only,
//!   never `javascript:` or `data:`.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;

/// The replacement for a code point that cannot be written.
const REPLACEMENT: &str = "\u{FFFD}";

/// Which rule a piece of text is written under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// HTML: C0 controls other than whitespace, DEL, C1 controls and
    /// noncharacters are parse errors (and NUL is dangerous).
    Html,
    /// XML 1.0: as HTML, and form feed too (XML's `Char` excludes it).
    Xml,
}

/// Escapes `text` for HTML element content or a double- or single-quoted
/// attribute value, replacing forbidden code points with U+FFFD.
pub fn html(text: &str) -> String {
    filter(text, Format::Html, true).into_owned()
}

/// Escapes `text` for XML (the sitemap, the feeds, SVG) content or a
/// quoted attribute value, replacing every code point XML 1.0 does not
/// allow with U+FFFD.
pub fn xml(text: &str) -> String {
    filter(text, Format::Xml, true).into_owned()
}

/// `text` with the code points HTML forbids replaced by U+FFFD, and
/// nothing else changed (borrowed when there is none).
pub fn clean(text: &str) -> Cow<'_, str> {
    filter(text, Format::Html, false)
}

/// Escapes `text` for the inside of a double-quoted CSS string in a
/// `<style>` element: `\\`, quotes, `& < >` and line breaks and other
/// controls become CSS escapes (`\\22 `), forbidden code points U+FFFD.
/// The result holds none of `& < > " '`, so HTML escaping does not change
/// it, and it can neither end the string nor close the element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '\\' | '"' | '\'' | '&' | '<' | '>' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for Typst markup: each ASCII punctuation character gets
/// a backslash (Typst reads `\#` as `#`, `\*` as `*`, …), so text can
/// start no markup, comment, code or math; line breaks become spaces
/// (a paragraph is one line of source); forbidden code points U+FFFD.
pub fn typst_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in clean(text).chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for the inside of a double-quoted Typst string literal
/// (`"…"`): backslash, quote and line breaks as escape sequences, other
/// controls as `\u{…}`, forbidden code points U+FFFD.
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in clean(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for the inside of a braced BibTeX field (`{…}`):
/// LaTeX's special characters become commands (`\&`, `\{`,
/// `\textbackslash{}`, …), line breaks spaces, forbidden code points
/// U+FFFD; everything else (CJK included) is written as it is, which
/// BibLaTeX and every UTF-8 BibTeX reader take.
pub fn bibtex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in clean(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// `text` as the value of one RIS line: line breaks and other controls
/// become spaces, forbidden code points U+FFFD, surrounding space goes.
pub fn ris(text: &str) -> String {
    clean(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Serialised JSON made safe for the inside of a `<script>` element:
/// `<`, `>` and `&` (which could close the element, open a comment or
/// matter to an XML reader) and U+2028/U+2029 become `\u` escapes,
/// which JSON reads as the same characters.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Checks a URL that comes from data or configuration before it becomes
/// a link: it must be an absolute `http:`, `https:` or `mailto:` URL.
/// The error says why not, for a message that names the file and line.
pub fn check_url(url: &str) -> Result<(), Diagnostic> {
    let trimmed = url.trim();
    let scheme = trimmed
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    let allowed = match scheme.as_deref() {
        Some("http" | "https") => {
            let rest = &trimmed[trimmed.find(':').map_or(0, |i| i + 1)..];
            rest.starts_with("//") && rest.len() > 2
        }
        Some("mailto") => trimmed.len() > "mailto:".len(),
        _ => false,
    };
    let plain = trimmed == url && !url.chars().any(|c| c.is_control() || c == ' ');
    if allowed && plain {
        Ok(())
    } else if !plain {
        Err(Diagnostic::new(format!(
            "the URL `{}` has spaces or control characters; percent-encode them",
            url.escape_debug()
        )))
    } else {
        Err(Diagnostic::new(format!(
            "the URL `{url}` is not allowed: links from data must be absolute http://, https:// or mailto: URLs"
        )))
    }
}

/// What a byte asks for, in [`BYTE_CLASSES`].
const PLAIN: u8 = 0;
/// One of `& < > " '`: an entity when escaping.
const SPECIAL: u8 = 1;
/// A C0 control (but tab, line feed, carriage return) or DEL.
const CONTROL: u8 = 2;
/// Form feed: allowed in HTML, not in XML.
const FORM_FEED: u8 = 3;
/// The lead byte of a character that may be forbidden (C1 controls,
/// noncharacters).
const LEAD: u8 = 4;

/// The class of every byte, so the common bytes are skipped with one
/// lookup each.
const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        classes[b] = CONTROL;
        b += 1;
    }
    classes[b'\t' as usize] = PLAIN;
    classes[b'\n' as usize] = PLAIN;
    classes[b'\r' as usize] = PLAIN;
    classes[0x0C] = FORM_FEED;
    classes[0x7F] = CONTROL;
    classes[b'&' as usize] = SPECIAL;
    classes[b'<' as usize] = SPECIAL;
    classes[b'>' as usize] = SPECIAL;
    classes[b'"' as usize] = SPECIAL;
    classes[b'\'' as usize] = SPECIAL;
    classes[0xC2] = LEAD;
    classes[0xEF] = LEAD;
    let mut lead = 0xF0;
    while lead <= 0xF4 {
        classes[lead] = LEAD;
        lead += 1;
    }
    classes
};

/// The work of all three: copies the runs between the bytes that need
/// something done whole, and for each of those writes its entity (when
/// `escape`) or U+FFFD (when forbidden in `format`).
fn filter(text: &str, format: Format, escape: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut run_start = 0;
    // Bytes of a class up to this one are copied as they are.
    let plain = if escape { PLAIN } else { SPECIAL };
    let mut i = 0;
    while i < bytes.len() {
        let Some(skip) = bytes[i..]
            .iter()
            .position(|&b| BYTE_CLASSES[usize::from(b)] > plain)
        else {
            break;
        };
        i += skip;
        let action = match BYTE_CLASSES[usize::from(bytes[i])] {
            SPECIAL => Some((entity(bytes[i]), 1)),
            CONTROL => Some((REPLACEMENT, 1)),
            FORM_FEED if format == Format::Xml => Some((REPLACEMENT, 1)),
            FORM_FEED => None,
            _ => forbidden_at(text, i),
        };
        let Some((replacement, len)) = action else {
            i += 1;
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        out.push_str(&text[run_start..i]);
        out.push_str(replacement);
        i += len;
        run_start = i;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[run_start..]);
            Cow::Owned(out)
        }
    }
}

/// The entity for one of `& < > " '`.
fn entity(byte: u8) -> &'static str {
    match byte {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// At a lead byte (`i` is on a character boundary: every byte before
/// stepped by one, and continuation bytes are plain): the replacement and
/// the character's length if the character there is forbidden. C1
/// controls (C2 80..9F) and the noncharacters of the BMP (EF B7 90..AF,
/// EF BF BE..BF) are told by their bytes, since full-width punctuation
/// (EF BC 8C, `，`) is common in Chinese text.
fn forbidden_at(text: &str, i: usize) -> Option<(&'static str, usize)> {
    let bytes = text.as_bytes();
    match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
        (0xC2, Some(0x80..=0x9F), _) => Some((REPLACEMENT, 2)),
        (0xC2, _, _) => None,
        (0xEF, Some(0xB7), Some(0x90..=0xAF)) | (0xEF, Some(0xBF), Some(0xBE..=0xBF)) => {
            Some((REPLACEMENT, 3))
        }
        (0xEF, _, _) => None,
        _ => {
            let c = text[i..].chars().next()?;
            forbidden(c).then_some((REPLACEMENT, c.len_utf8()))
        }
    }
}

/// C1 controls and Unicode noncharacters.
fn forbidden(c: char) -> bool {
    let code = u32::from(c);
    (0x80..=0x9F).contains(&code) || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_fields_always_balance() {
        assert_eq!(bibtex("成都 AI 2024–2026"), "成都 AI 2024–2026");
        assert_eq!(
            bibtex("a}b{c\\d & 5% $x #1 a_b ~^"),
            "a\\}b\\{c\\textbackslash{}d \\& 5\\% \\$x \\#1 a\\_b \\textasciitilde{}\\textasciicircum{}"
        );
        assert_eq!(bibtex("two\nlines\u{0}"), "two lines\u{FFFD}");
    }

    #[test]
    fn ris_values_are_one_line() {
        assert_eq!(ris(" a\nER  - b\r\n"), "a ER  - b");
    }

    #[test]
    fn json_in_script_cannot_close_the_element() {
        let json = serde_json::to_string(&"</script><!--&\u{2028}").unwrap();
        let safe = json_in_script(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!--&\u{2028}");
    }

    #[test]
    fn css_strings_cannot_end_the_string_or_the_element() {
        assert_eq!(css_string("成都 AI brief"), "成都 AI brief");
        assert_eq!(
            css_string("a\"b'c\\d</style><x>&"),
            "a\\22 b\\27 c\\5c d\\3c /style\\3e \\3c x\\3e \\26 "
        );
        assert_eq!(css_string("line\nbreak\u{0}"), "line\\a break\u{FFFD}");
        let nasty = css_string("\"; } body { display: none } </style>");
        assert_eq!(html(&nasty), nasty, "HTML escaping leaves it as it is");
        assert!(!nasty.contains('"') && !nasty.contains('<'));
    }

    #[test]
    fn escapes_the_five_special_characters() {
        assert_eq!(
            html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(html("中文<b>“引号”</b>"), "中文&lt;b&gt;“引号”&lt;/b&gt;");
        assert_eq!(html("plain"), "plain");
        assert_eq!(xml("a & b"), "a &amp; b");
    }

    #[test]
    fn forbidden_code_points_become_the_replacement_character() {
        assert_eq!(html("a\u{0}b\u{7}c\u{7F}d"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d");
        assert_eq!(
            html("\u{85}\u{FDD0}\u{FFFE}\u{1FFFF}"),
            "\u{FFFD}".repeat(4)
        );
        // Whitespace stays; form feed is whitespace in HTML, not in XML.
        assert_eq!(html("a\tb\nc\r\u{C}"), "a\tb\nc\r\u{C}");
        assert_eq!(xml("a\tb\nc\r\u{C}"), "a\tb\nc\r\u{FFFD}");
        // Characters next to the forbidden ones survive whole.
        assert_eq!(
            html("é\u{A0}\u{FFFD}\u{FEFF}😀"),
            "é\u{A0}\u{FFFD}\u{FEFF}😀"
        );
    }

    #[test]
    fn clean_replaces_without_escaping() {
        assert_eq!(clean("<p>\u{0}</p>"), "<p>\u{FFFD}</p>");
        assert!(matches!(clean("<p>成</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_web_and_mail_urls_come_from_data() {
        for good in [
            "https://example.org/a?b=c#d",
            "http://example.org",
            "HTTPS://EXAMPLE.ORG/",
            "mailto:office@example.org",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "//example.org/",
            "/local/path",
            "example.org",
            "https:example.org",
            "https://",
            "mailto:",
            "https://example.org/a b",
            "https://example.org/\u{0}",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
