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
//! - [`check_url`] says whether a URL that comes from data or
//!   configuration may become a link: `http`, `https` and `mailto` only,
//!   never `javascript:` or `data:`.

use std::borrow::Cow;

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

/// Checks a URL that comes from data or configuration before it becomes
/// a link: it must be an absolute `http:`, `https:` or `mailto:` URL.
/// The error says why not, for a message that names the file and line.
pub fn check_url(url: &str) -> Result<(), String> {
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
        Err(format!(
            "the URL `{}` has spaces or control characters; percent-encode them",
            url.escape_debug()
        ))
    } else {
        Err(format!(
            "the URL `{url}` is not allowed: links from data must be absolute http://, https:// or mailto: URLs"
        ))
    }
}

/// The work of all three: copies the runs between the bytes that need
/// something done whole, and for each of those writes its entity (when
/// `escape`) or U+FFFD (when forbidden in `format`).
fn filter(text: &str, format: Format, escape: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, len) = match bytes[i] {
            b'&' if escape => ("&amp;", 1),
            b'<' if escape => ("&lt;", 1),
            b'>' if escape => ("&gt;", 1),
            b'"' if escape => ("&quot;", 1),
            b'\'' if escape => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0x0C if format == Format::Html => {
                i += 1;
                continue;
            }
            0x00..=0x1F | 0x7F => (REPLACEMENT, 1),
            // The lead bytes of C1 controls (U+0080–U+009F) and of
            // noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF); `i` is on a
            // character boundary here, as every other byte steps by one.
            0xC2 | 0xEF | 0xF0..=0xF4 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !forbidden(c) {
                    i += c.len_utf8();
                    continue;
                }
                (REPLACEMENT, c.len_utf8())
            }
            _ => {
                i += 1;
                continue;
            }
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

/// C1 controls and Unicode noncharacters.
fn forbidden(c: char) -> bool {
    let code = u32::from(c);
    (0x80..=0x9F).contains(&code) || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

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
