//! Syntax highlighting of fenced code blocks, and the stylesheet that colours them.
//!
//! Highlighted code carries CSS classes prefixed with `hl-` (never inline styles), so the
//! colours come from [`stylesheet`] and cannot collide with the site's own classes.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

mod cache;

pub use cache::Cache;

use crate::diagnostic::Diagnostic;
use crate::escape;

/// The class style of highlighted spans and of the stylesheet: every class starts with `hl-`.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The built-in syntaxes, loaded once per process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The built-in themes, loaded once per process.
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// The stylesheet for highlighted code: the light theme's rules, then the dark theme's rules inside
/// `@media (prefers-color-scheme: dark) { ... }`. Err names the unknown theme and lists the available ones.
///
/// Each theme's base colours (the `.hl-code` rule) also apply to `pre.code[data-lang]`, the
/// element that wraps highlighted code, so the tokens are always drawn on their theme's background.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, Diagnostic> {
    let light_css = theme_css(light)?;
    let dark_css = theme_css(dark)?;
    Ok(format!(
        "{light_css}\n@media (prefers-color-scheme: dark) {{\n{dark_css}}}\n"
    ))
}

/// Names of the built-in highlight themes, sorted.
pub fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

/// The CSS rules of one built-in theme, with the `hl-` class style.
fn theme_css(name: &str) -> Result<String, Diagnostic> {
    let theme = THEMES.themes.get(name).ok_or_else(|| {
        Diagnostic::new(format!(
            "unknown highlight theme \"{name}\"; available themes: {}",
            theme_names().join(", ")
        ))
    })?;
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|error| {
        Diagnostic::new(format!("cannot make CSS for highlight theme \"{name}\""))
            .with_source(error)
    })?;
    Ok(css.replacen(".hl-code {", ".hl-code, pre.code[data-lang] {", 1))
}

/// Event pass: replaces every code block (its start tag, text and end tag) by one
/// [`Event::Html`] holding a `<pre class="code">` element, highlighted when its language is known.
pub(super) struct HighlightCodeBlocks<'c, I> {
    inner: I,
    cache: Option<&'c Cache>,
}

impl<'c, I> HighlightCodeBlocks<'c, I> {
    /// Wraps an event stream; highlighted blocks are reused from `cache`.
    pub(super) fn new(inner: I, cache: Option<&'c Cache>) -> Self {
        Self { inner, cache }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HighlightCodeBlocks<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Start(Tag::CodeBlock(kind)) => {
                let code = collect_code(&mut self.inner);
                Some(Event::Html(CowStr::from(render_code_block(
                    &kind, &code, self.cache,
                ))))
            }
            other => Some(other),
        }
    }
}

/// Consumes the events up to and including the end of a code block and returns its text.
fn collect_code<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut code = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::CodeBlock) => break,
            Event::Text(text) => code.push_str(&text),
            _ => {}
        }
    }
    code
}

/// The HTML of one code block: highlighted when the fence names a known language, else escaped.
fn render_code_block(kind: &CodeBlockKind<'_>, code: &str, cache: Option<&Cache>) -> String {
    let token = match kind {
        CodeBlockKind::Fenced(info) => language_token(info),
        CodeBlockKind::Indented => "",
    };
    if token.is_empty() {
        return plain_block(None, code);
    }
    let highlight = || {
        find_syntax(token)
            .and_then(|syntax| highlighted_block(token, syntax, code, cache))
            .unwrap_or_else(|| plain_block(Some(token), code))
    };
    match cache {
        Some(cache) => cache.get_or(token, code, highlight),
        None => highlight(),
    }
}

/// The language token of a fence's info string: its first word, cut at `,` or `{`
/// (`rust,ignore` and `rust {.numbered}` give `rust`).
fn language_token(info: &str) -> &str {
    info.trim_start()
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

/// Looks a language up by token (file extension or name), then by name case-insensitively.
fn find_syntax(token: &str) -> Option<&'static SyntaxReference> {
    let syntaxes: &'static SyntaxSet = &SYNTAXES;
    syntaxes.find_syntax_by_token(token).or_else(|| {
        syntaxes
            .syntaxes()
            .iter()
            .find(|syntax| syntax.name.eq_ignore_ascii_case(token))
    })
}

/// A highlighted `<pre>` element, or `None` if syntect fails on the code.
fn highlighted_block(
    token: &str,
    syntax: &SyntaxReference,
    code: &str,
    cache: Option<&Cache>,
) -> Option<String> {
    let spans = highlight_spans(syntax, code, cache).ok()?;
    let token = escape::html(token);
    Some(format!(
        "<pre class=\"code\" data-lang=\"{token}\"><code class=\"language-{token}\">{spans}</code></pre>\n"
    ))
}

/// The code as `<span class="hl-…">` elements, line by line (what
/// syntect's `ClassedHTMLGenerator` writes, with each line's parse taken
/// from `cache` when the same line was parsed from the same state).
fn highlight_spans(
    syntax: &SyntaxReference,
    code: &str,
    cache: Option<&Cache>,
) -> Result<String, syntect::Error> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans = 0isize;
    for line in LinesWithEndings::from(code) {
        let ops = match cache {
            Some(cache) => cache.parse_line(&mut state, line, &SYNTAXES)?,
            None => state.parse_line(line, &SYNTAXES)?,
        };
        let (spans, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes)?;
        open_spans += delta;
        html.push_str(&spans);
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Ok(html)
}

/// An unhighlighted `<pre>` element with the code escaped, naming the language if one was given.
fn plain_block(token: Option<&str>, code: &str) -> String {
    let class = token
        .map(|token| format!(" class=\"language-{}\"", escape::html(token)))
        .unwrap_or_default();
    format!(
        "<pre class=\"code\"><code{class}>{}</code></pre>\n",
        escape::html(code)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs only this pass over a document and writes the HTML.
    fn render(markdown: &str) -> String {
        let events = HighlightCodeBlocks::new(pulldown_cmark::Parser::new(markdown), None);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events);
        html
    }

    #[test]
    fn cached_markup_is_the_same_as_fresh_markup() {
        let cache = Cache::new();
        let markdown = "```rust\nfn main() { let x = 1; }\n```\n";
        let with_cache = |cache| {
            let events = HighlightCodeBlocks::new(pulldown_cmark::Parser::new(markdown), cache);
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events);
            html
        };
        let fresh = with_cache(None);
        for _ in 0..3 {
            assert_eq!(with_cache(Some(&cache)), fresh);
        }
    }

    #[test]
    fn known_language_is_highlighted_with_prefixed_classes() {
        let html = render("```rust\nfn main() { let x = \"<&>\"; }\n```\n");
        assert!(
            html.starts_with(
                "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
            ),
            "{html}"
        );
        assert!(html.ends_with("</code></pre>\n"), "{html}");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;&amp;&gt;"), "{html}");
        assert!(!html.contains("\"<&>\""), "{html}");
    }

    #[test]
    fn every_class_in_highlighted_code_is_prefixed() {
        let html = render("```python\ndef f(x):\n    return x + 1  # one\n```\n");
        let inner = html.split_once("<code").unwrap().1;
        for class_list in inner.split("<span class=\"").skip(1) {
            let classes = class_list.split('"').next().unwrap();
            for class in classes.split(' ') {
                assert!(class.starts_with("hl-"), "{class} in {html}");
            }
        }
    }

    #[test]
    fn info_string_first_word_is_the_language() {
        for fence in [
            "rust,ignore",
            "rust {.numbered}",
            "rust  extra words",
            "Rust",
        ] {
            let html = render(&format!("```{fence}\nlet x = 1;\n```\n"));
            assert!(html.contains("<span class=\"hl-"), "{fence}: {html}");
        }
        let html = render("```rust,ignore\nlet x = 1;\n```\n");
        assert!(html.contains("data-lang=\"rust\""), "{html}");
    }

    #[test]
    fn language_found_by_extension_and_by_name() {
        assert!(find_syntax("py").is_some());
        assert!(find_syntax("rs").is_some());
        assert_eq!(
            find_syntax("PYTHON").map(|s| s.name.as_str()),
            Some("Python")
        );
        assert!(find_syntax("no-such-language").is_none());
    }

    #[test]
    fn unknown_language_is_escaped_not_highlighted() {
        let html = render("```xyz\n<script>alert('x')</script>\n```\n");
        assert_eq!(
            html,
            "<pre class=\"code\"><code class=\"language-xyz\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn unknown_language_token_is_escaped() {
        let html = render("```a\"><b>\nx\n```\n");
        assert!(
            html.contains("<code class=\"language-a&quot;&gt;&lt;b&gt;\">"),
            "{html}"
        );
    }

    #[test]
    fn no_language_and_indented_code_are_plain() {
        let fenced = render("```\n<b>bold</b>\n```\n");
        assert_eq!(
            fenced,
            "<pre class=\"code\"><code>&lt;b&gt;bold&lt;/b&gt;\n</code></pre>\n"
        );
        let indented = render("    <b>bold</b>\n");
        assert_eq!(indented, fenced);
    }

    #[test]
    fn unclosed_fence_is_rendered() {
        let html = render("```rust\nfn main() {\n");
        assert!(html.contains("data-lang=\"rust\""), "{html}");
        assert!(html.ends_with("</code></pre>\n"), "{html}");
    }

    #[test]
    fn highlighted_code_keeps_its_text() {
        let code = "let s = \"中文 & <tag>\";\n";
        let html = render(&format!("```rust\n{code}```\n"));
        let text = strip_tags(html.trim_end());
        assert_eq!(text, "let s = &quot;中文 &amp; &lt;tag&gt;&quot;;\n");
    }

    fn strip_tags(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    }

    #[test]
    fn stylesheet_has_light_rules_then_dark_media_query() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        let media = css.find("@media (prefers-color-scheme: dark) {").unwrap();
        let light_rule = css.find(".hl-code, pre.code[data-lang] {").unwrap();
        let dark_rule = css.rfind(".hl-code, pre.code[data-lang] {").unwrap();
        assert!(light_rule < media && media < dark_rule, "{css}");
        assert!(css.contains(".hl-source"), "{css}");
        assert!(css.trim_end().ends_with('}'));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    #[test]
    fn stylesheet_rejects_unknown_theme_naming_it() {
        let error = stylesheet("InspiredGitHub", "Nope Theme").unwrap_err();
        assert!(error.message().contains("\"Nope Theme\""), "{error}");
        assert!(error.message().contains("InspiredGitHub"), "{error}");
        let error = stylesheet("bogus-light", "base16-ocean.dark").unwrap_err();
        assert!(error.message().contains("\"bogus-light\""), "{error}");
    }

    #[test]
    fn theme_names_lists_the_built_in_themes() {
        let names = theme_names();
        assert!(names.contains(&"InspiredGitHub"), "{names:?}");
        assert!(names.contains(&"base16-ocean.dark"), "{names:?}");
        for name in names {
            assert!(stylesheet(name, name).is_ok(), "{name}");
        }
    }
}
