//! Reading the start tags of a finished HTML page, for the link check.
//!
//! The link check needs only the `id` of every element and the `href` or
//! `src` of some, so this is the small part of the WHATWG HTML tokenizer
//! that finds start tags: it jumps from `<` to `<`, reads a start tag's
//! name and attributes (quoted, unquoted or without a value, in any case),
//! and steps over end tags, comments, doctypes and CDATA sections. The
//! text of the elements whose content is not markup (`script`, `style`,
//! `title`, `textarea`, ...) is skipped up to their end tag, except in SVG
//! and MathML, where those are ordinary elements; like browsers (and
//! lol_html, which this replaces) it keeps a stack of namespaces with the
//! HTML integration points (`foreignObject`, `desc`, `title`) and the
//! HTML tags that end foreign content. Nothing is copied: names and values
//! are slices of the page, values as written (character references are
//! the caller's to decode).

use std::borrow::Cow;

/// A start tag: its name and attributes.
pub(super) struct StartTag<'a> {
    /// The tag name, in lowercase.
    pub name: &'a str,
    /// Attribute names and values as written, in order.
    attributes: &'a [(&'a str, &'a str)],
}

impl StartTag<'_> {
    /// The value of attribute `name` (any case); the first one if it is
    /// given twice, as in browsers.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }
}

/// Calls `visit` with every start tag of `html`, in document order. A tag
/// cut off by the end of the document is not a tag.
pub(super) fn start_tags(html: &str, mut visit: impl FnMut(&StartTag<'_>)) {
    let mut scanner = Scanner {
        html,
        at: 0,
        namespaces: vec![Namespace::Html],
        attributes: Vec::new(),
    };
    while let Some(offset) = html[scanner.at..].find('<') {
        scanner.at += offset + 1;
        match scanner.peek() {
            Some(b'!') => scanner.markup_declaration(),
            Some(b'/') => scanner.end_tag(),
            Some(b'?') => scanner.skip_past(">"),
            // A start tag cut off by the end of the document ends it.
            Some(c) if c.is_ascii_alphabetic() && !scanner.start_tag(&mut visit) => return,
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

struct Scanner<'a> {
    html: &'a str,
    /// The position of the next byte to read.
    at: usize,
    /// The namespace of the elements open around `at`, innermost last.
    namespaces: Vec<Namespace>,
    /// The current start tag's attributes (reused from tag to tag).
    attributes: Vec<(&'a str, &'a str)>,
}

/// HTML whitespace.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.html.as_bytes().get(self.at).copied()
    }

    fn rest(&self) -> &'a str {
        &self.html[self.at..]
    }

    fn namespace(&self) -> Namespace {
        self.namespaces.last().copied().unwrap_or(Namespace::Html)
    }

    fn enter(&mut self, namespace: Namespace) {
        self.namespaces.push(namespace);
    }

    fn leave(&mut self) {
        if self.namespaces.len() > 1 {
            self.namespaces.pop();
        }
    }

    /// Moves past the next `token`, or to the end.
    fn skip_past(&mut self, token: &str) {
        self.at = self
            .rest()
            .find(token)
            .map_or(self.html.len(), |i| self.at + i + token.len());
    }

    /// Moves past the character at `at`, whatever its length in bytes.
    fn step_char(&mut self) {
        match self.peek() {
            Some(b) if b.is_ascii() => self.at += 1,
            _ => self.at += self.rest().chars().next().map_or(1, char::len_utf8),
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
    }

    /// Reads up to (not including) the first byte for which `stop` holds,
    /// or `None` at the end of the document.
    fn read_until(&mut self, stop: impl Fn(u8) -> bool) -> Option<&'a str> {
        let start = self.at;
        let length = self.rest().bytes().position(stop)?;
        self.at += length;
        Some(&self.html[start..self.at])
    }

    /// After `<!`: a comment, a CDATA section (in SVG and MathML) or a
    /// doctype or other declaration, which ends at the next `>`.
    fn markup_declaration(&mut self) {
        let rest = self.rest();
        if let Some(comment) = rest.strip_prefix("!--") {
            self.at += 3;
            // `<!-->` and `<!--->` are (empty) comments.
            if comment.starts_with('>') {
                self.at += 1;
            } else if comment.starts_with("->") {
                self.at += 2;
            } else {
                self.skip_comment();
            }
        } else if self.namespace() != Namespace::Html && rest.starts_with("![CDATA[") {
            self.skip_past("]]>");
        } else {
            self.skip_past(">");
        }
    }

    /// Moves past the `-->` (or `--!>`) that ends a comment.
    fn skip_comment(&mut self) {
        while let Some(i) = self.rest().find("--") {
            self.at += i + 2;
            if self.rest().starts_with('>') {
                self.at += 1;
                return;
            }
            if self.rest().starts_with("!>") {
                self.at += 2;
                return;
            }
        }
        self.at = self.html.len();
    }

    /// Reads a tag name (after `<` or `</`), lowercased; `None` at the end
    /// of the document.
    fn tag_name(&mut self) -> Option<Cow<'a, str>> {
        let name = self.read_until(|c| is_space(c) || c == b'/' || c == b'>')?;
        Some(if name.bytes().any(|c| c.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        })
    }

    /// Reads the attributes of a tag up to its `>` into `self.attributes`;
    /// returns whether the tag ends with `/>`, or `None` if the document
    /// ends first.
    fn tag_attributes(&mut self) -> Option<bool> {
        self.attributes.clear();
        loop {
            self.skip_spaces();
            match self.peek()? {
                b'>' => {
                    self.at += 1;
                    return Some(false);
                }
                b'/' => {
                    self.at += 1;
                    if self.peek() == Some(b'>') {
                        self.at += 1;
                        return Some(true);
                    }
                }
                _ => {
                    // The first character belongs to the name even if it
                    // is `=`; it may be any character, `成` or `😀` too.
                    let start = self.at;
                    self.step_char();
                    self.read_until(|c| is_space(c) || c == b'/' || c == b'>' || c == b'=')?;
                    let name = &self.html[start..self.at];
                    self.skip_spaces();
                    let mut value = "";
                    if self.peek() == Some(b'=') {
                        self.at += 1;
                        self.skip_spaces();
                        value = self.attribute_value()?;
                    }
                    self.attributes.push((name, value));
                }
            }
        }
    }

    /// A value after `=`: quoted, or unquoted up to a space or `>`.
    fn attribute_value(&mut self) -> Option<&'a str> {
        match self.peek()? {
            quote @ (b'"' | b'\'') => {
                self.at += 1;
                let value = self.read_until(|c| c == quote)?;
                self.at += 1;
                Some(value)
            }
            // `<a href=>`: no value; the `>` ends the tag.
            b'>' => Some(""),
            _ => self.read_until(|c| is_space(c) || c == b'>'),
        }
    }

    /// After `<` and a letter: reads the tag, shows it to `visit`, and
    /// skips the element's text if it is not markup. Returns false when
    /// the document ends inside the tag.
    fn start_tag(&mut self, visit: &mut impl FnMut(&StartTag<'_>)) -> bool {
        if self.class_only_span(visit) {
            return true;
        }
        let Some(name) = self.tag_name() else {
            return false;
        };
        let Some(self_closing) = self.tag_attributes() else {
            return false;
        };
        visit(&StartTag {
            name: &name,
            attributes: &self.attributes,
        });
        self.after_start_tag(&name, self_closing);
        true
    }

    /// The common `<span class="...">` (highlighted code is made of them),
    /// read without the general attribute loop: when the tag at `at` is
    /// exactly that, in HTML, shows it to `visit` and returns true.
    fn class_only_span(&mut self, visit: &mut impl FnMut(&StartTag<'_>)) -> bool {
        const OPEN: &str = "span class=\"";
        if self.namespace() != Namespace::Html || !self.rest().starts_with(OPEN) {
            return false;
        }
        let value_start = self.at + OPEN.len();
        let Some(length) = self.html[value_start..].find('"') else {
            return false;
        };
        let value_end = value_start + length;
        if self.html.as_bytes().get(value_end + 1) != Some(&b'>') {
            return false;
        }
        let attributes = [("class", &self.html[value_start..value_end])];
        visit(&StartTag {
            name: "span",
            attributes: &attributes,
        });
        self.at = value_end + 2;
        true
    }

    /// What a start tag changes: the namespace, or how the text after it
    /// is read.
    fn after_start_tag(&mut self, name: &str, self_closing: bool) {
        match (self.namespace(), name) {
            (_, "svg") if !self_closing => self.enter(Namespace::Svg),
            (_, "math") if !self_closing => self.enter(Namespace::MathMl),
            (_, "svg" | "math") => {}
            (Namespace::Html, _) => self.skip_text_of(name),
            (foreign, _) => {
                if ends_foreign_content(name) {
                    self.leave();
                } else if self_closing {
                } else if foreign == Namespace::Svg
                    && matches!(name, "foreignobject" | "desc" | "title")
                    || foreign == Namespace::MathMl
                        && matches!(name, "mi" | "mo" | "mn" | "ms" | "mtext")
                {
                    self.enter(Namespace::Html);
                } else if name == "font"
                    && ["color", "face", "size"].iter().any(|a| {
                        self.attributes
                            .iter()
                            .any(|(n, _)| n.eq_ignore_ascii_case(a))
                    })
                {
                    self.leave();
                } else if foreign == Namespace::MathMl && name == "annotation-xml" {
                    let html = self.attributes.iter().any(|(n, v)| {
                        n.eq_ignore_ascii_case("encoding")
                            && (v.eq_ignore_ascii_case("text/html")
                                || v.eq_ignore_ascii_case("application/xhtml+xml"))
                    });
                    if html {
                        self.enter(Namespace::Html);
                    }
                }
            }
        }
    }

    /// In HTML, the text of these elements is not markup: it runs to the
    /// element's own end tag (`plaintext` to the end of the document).
    fn skip_text_of(&mut self, name: &str) {
        match name {
            "plaintext" => self.at = self.html.len(),
            "script" | "style" | "title" | "textarea" | "iframe" | "xmp" | "noembed"
            | "noframes" | "noscript" => {
                let bytes = self.html.as_bytes();
                while let Some(i) = self.rest().find("</") {
                    let start = self.at + i;
                    let end = start + 2 + name.len();
                    let closes = bytes
                        .get(start + 2..end)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                        && bytes
                            .get(end)
                            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>');
                    if closes {
                        self.at = start;
                        return;
                    }
                    self.at = start + 2;
                }
                self.at = self.html.len();
            }
            _ => {}
        }
    }

    /// After `</`: an end tag, whose name can end foreign content or an
    /// integration point, or something the tokenizer treats as a comment.
    fn end_tag(&mut self) {
        self.at += 1;
        // `</span>`, the commonest end tag (highlighted code is made of
        // spans), changes nothing in any namespace: stepped over at once.
        if self.rest().starts_with("span>") {
            self.at += "span>".len();
            return;
        }
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() => match (self.tag_name(), self.tag_attributes()) {
                (Some(name), Some(_)) => self.after_end_tag(&name),
                _ => self.at = self.html.len(),
            },
            Some(b'>') => self.at += 1,
            _ => self.skip_past(">"),
        }
    }

    fn after_end_tag(&mut self, name: &str) {
        let outer = self
            .namespaces
            .len()
            .checked_sub(2)
            .map(|i| self.namespaces[i]);
        match self.namespace() {
            Namespace::Html => {
                let leaves_integration_point = match outer {
                    Some(Namespace::Svg) => matches!(name, "foreignobject" | "desc" | "title"),
                    Some(Namespace::MathMl) => {
                        matches!(name, "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml")
                    }
                    _ => false,
                };
                if leaves_integration_point {
                    self.leave();
                }
            }
            foreign => {
                let own = match foreign {
                    Namespace::Svg => "svg",
                    _ => "math",
                };
                if name == own || name == "p" || name == "br" {
                    self.leave();
                }
            }
        }
    }
}

/// HTML start tags that end SVG or MathML content.
fn ends_foreign_content(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every start tag as `name attr=value ...`.
    fn tags(html: &str) -> Vec<String> {
        let mut found = Vec::new();
        start_tags(html, |tag| {
            let mut text = tag.name.to_string();
            for (name, value) in tag.attributes {
                text.push_str(&format!(" {name}={value}"));
            }
            found.push(text);
        });
        found
    }

    #[test]
    fn reads_attributes_in_every_form() {
        assert_eq!(
            tags(r#"<A HREF="/x" id='y' data-x=1 hidden class = "c d">t</A><br/><img src=a.png/>"#),
            [
                "a HREF=/x id=y data-x=1 hidden= class=c d",
                "br",
                "img src=a.png/"
            ]
        );
        assert_eq!(tags("<a href=>x</a><p =x>"), ["a href=", "p =x="]);
        let mut first = None;
        start_tags(r#"<a id="one" ID="two">"#, |tag| {
            first = tag.attribute("id").map(str::to_string);
        });
        assert_eq!(first.as_deref(), Some("one"));
    }

    #[test]
    fn skips_what_is_not_a_start_tag() {
        let html = r#"<!doctype html><!-- <a id="c1"> --><!--><a id="ok1"><!---><a id="ok2">
            <!-- x --!><a id="ok3"></a id="end"><?php <a id="pi"> ?><a id="ok4"></>< a id="text">"#;
        let ids: Vec<String> = tags(html)
            .into_iter()
            .map(|t| t.trim_start_matches("a id=").to_string())
            .collect();
        assert_eq!(ids, ["ok1", "ok2", "ok3", "ok4"]);
    }

    #[test]
    fn text_that_is_not_markup_is_skipped() {
        let html = r#"<script>let a = "<a id='s'>";</script ><a id="1">
            <style>p{}</style><title><a id="t"></title><textarea></textarea x><a id="2"></TextArea>
            <a id="3"><script>"</scripts>"</script><a id="4">"#;
        let names: Vec<String> = tags(html);
        assert_eq!(
            names,
            [
                "script", "a id=1", "style", "title", "textarea", "a id=2", "a id=3", "script",
                "a id=4"
            ]
        );
    }

    #[test]
    fn svg_and_mathml_are_foreign_content() {
        // An SVG title is an element with markup in it, not text; CDATA is
        // skipped; `</svg>` returns to HTML, where `title` is text again.
        let html = r#"<svg><title id="t"><a id="in-title"></a></title><style><a id="in-style"></a></style>
            <![CDATA[ <a id="cdata"> ]]></svg><title><a id="text"></title><math><mi><script><a id="s"></script></mi></math>"#;
        let ids: Vec<String> = tags(html)
            .into_iter()
            .filter_map(|t| t.split_once("id=").map(|(_, id)| id.to_string()))
            .collect();
        assert_eq!(ids, ["t", "in-title", "in-style"]);
        // An HTML tag ends foreign content.
        let html = r#"<svg><p><style><a id="hidden"></style><a id="shown">"#;
        let ids: Vec<String> = tags(html)
            .into_iter()
            .filter_map(|t| t.split_once("id=").map(|(_, id)| id.to_string()))
            .collect();
        assert_eq!(ids, ["shown"]);
    }

    #[test]
    fn class_only_spans_read_like_any_tag() {
        // The quick path takes exactly `<span class="...">`; every other
        // span goes through the general reader.
        let html = r#"<span class="hl-a hl-b">x</span><span class="c" id="d"><span class="e"/><span class='f'><span class="g">"#;
        assert_eq!(
            tags(html),
            [
                "span class=hl-a hl-b",
                "span class=c id=d",
                "span class=e",
                "span class=f",
                "span class=g"
            ]
        );
        // In SVG a span is foreign, and read by the general reader.
        assert_eq!(
            tags(r#"<svg><span class="x"></svg>"#),
            ["svg", "span class=x"]
        );
        // Cut off: not a tag.
        assert_eq!(tags(r#"<span class="x"#), Vec::<String>::new());
        // `</span>` is stepped over in HTML and in foreign content alike.
        assert_eq!(
            tags(
                r#"<svg><foreignObject><span class="a"></span><a id="x"></a></foreignObject><title><a id="t"></title></svg>"#
            ),
            [
                "svg",
                "foreignobject",
                "span class=a",
                "a id=x",
                "title",
                "a id=t"
            ]
        );
    }

    #[test]
    fn cut_off_tags_are_not_tags() {
        assert_eq!(tags(r#"<a id="x">ok<a id="y"#), ["a id=x"]);
        assert_eq!(tags("<a id=x"), Vec::<String>::new());
        assert_eq!(tags("<!-- <a id=x>"), Vec::<String>::new());
        assert_eq!(tags("<"), Vec::<String>::new());
    }

    #[test]
    fn attribute_names_may_start_with_any_character() {
        // Once a panic: the scanner stepped one byte into `成`.
        assert_eq!(tags("<div 成>x</div>"), ["div 成="]);
        assert_eq!(tags(r#"<a 😀=1 href="/x" é>"#), ["a 😀=1 href=/x é="]);
        assert_eq!(tags("<p =成 id=成>"), ["p =成= id=成"]);
        assert_eq!(tags("<成 id=x><a\u{0}b id=y>"), ["a\u{0}b id=y"]);
    }
}
