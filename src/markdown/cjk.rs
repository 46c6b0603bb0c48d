//! East Asian line breaks: Chinese, Japanese and Korean text has no spaces between words, so a
//! line break inside a paragraph must not turn into a space between two such characters.
//!
//! Like goldmark's `eastAsianLineBreaks` (simple style), a soft break is dropped when the
//! characters on both sides of it are East Asian wide; a break next to Latin text stays.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Event pass: drops every soft line break whose neighbouring characters are both East Asian wide.
///
/// The neighbours are the last character of the text before the break and the first character of
/// the text after it, looking through inline start/end tags (emphasis, strong, strikethrough,
/// links) and treating inline code as text. Anything else (an image, inline HTML, a footnote
/// reference, another break, a block boundary) means there is no neighbour, and the break stays.
pub(super) fn join_east_asian_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let dropped: Vec<bool> = (0..events.len())
        .map(|index| is_break_between_wide(&events, index))
        .collect();
    events
        .into_iter()
        .zip(dropped)
        .filter_map(|(event, dropped)| (!dropped).then_some(event))
        .collect()
}

/// Whether `events[index]` is a soft break with East Asian wide characters on both sides.
pub(super) fn is_break_between_wide(events: &[Event<'_>], index: usize) -> bool {
    if !matches!(events[index], Event::SoftBreak) {
        return false;
    }
    let before = neighbour(events[..index].iter().rev(), |text| {
        text.chars().next_back()
    });
    let after = neighbour(events[index + 1..].iter(), |text| text.chars().next());
    before.is_some_and(is_east_asian_wide) && after.is_some_and(is_east_asian_wide)
}

/// The first character found walking `events` outwards from a break, using `edge` to pick the
/// character of a text next to the break; `None` if something other than text or an inline
/// formatting tag comes first.
fn neighbour<'e, 'a: 'e>(
    events: impl Iterator<Item = &'e Event<'a>>,
    edge: impl Fn(&str) -> Option<char>,
) -> Option<char> {
    for event in events {
        match event {
            Event::Text(text) | Event::Code(text) => {
                if let Some(c) = edge(text) {
                    return Some(c);
                }
            }
            Event::Start(tag) if is_inline_formatting(tag) => {}
            Event::End(tag) if is_inline_formatting_end(*tag) => {}
            _ => return None,
        }
    }
    None
}

/// Inline tags that do not separate the text around them.
fn is_inline_formatting(tag: &Tag<'_>) -> bool {
    is_inline_formatting_end(tag.to_end())
}

/// End tags of [`is_inline_formatting`] tags.
fn is_inline_formatting_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Whether `c` is an East Asian wide character: CJK ideographs, CJK symbols and punctuation,
/// kana, Hangul, Bopomofo, or a fullwidth form.
fn is_east_asian_wide(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{11FF}'       // Hangul Jamo
        | '\u{3000}'..='\u{303F}'     // CJK Symbols and Punctuation
        | '\u{3040}'..='\u{309F}'     // Hiragana
        | '\u{30A0}'..='\u{30FF}'     // Katakana
        | '\u{3100}'..='\u{312F}'     // Bopomofo
        | '\u{3130}'..='\u{318F}'     // Hangul Compatibility Jamo
        | '\u{31A0}'..='\u{31BF}'     // Bopomofo Extended
        | '\u{31F0}'..='\u{31FF}'     // Katakana Phonetic Extensions
        | '\u{3400}'..='\u{4DBF}'     // CJK Unified Ideographs Extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK Unified Ideographs
        | '\u{A960}'..='\u{A97F}'     // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7AF}'     // Hangul Syllables
        | '\u{D7B0}'..='\u{D7FF}'     // Hangul Jamo Extended-B
        | '\u{F900}'..='\u{FAFF}'     // CJK Compatibility Ideographs
        | '\u{FF01}'..='\u{FF60}'     // Fullwidth Forms
        | '\u{FFE0}'..='\u{FFE6}'     // Fullwidth signs
        | '\u{20000}'..='\u{2FA1F}'   // Extensions B–F, I and Compatibility Ideographs Supplement
        | '\u{30000}'..='\u{323AF}' // Extensions G and H
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs only this pass over a document and writes the HTML.
    fn render(markdown: &str) -> String {
        let events = pulldown_cmark::Parser::new_ext(
            markdown,
            pulldown_cmark::Options::ENABLE_STRIKETHROUGH,
        )
        .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, join_east_asian_lines(events).into_iter());
        html
    }

    #[test]
    fn break_between_chinese_is_removed() {
        assert_eq!(render("第一行\n第二行"), "<p>第一行第二行</p>\n");
    }

    #[test]
    fn break_between_latin_stays() {
        assert_eq!(render("first\nsecond"), "<p>first\nsecond</p>\n");
    }

    #[test]
    fn break_between_chinese_and_latin_stays() {
        assert_eq!(render("中文\nEnglish"), "<p>中文\nEnglish</p>\n");
        assert_eq!(render("English\n中文"), "<p>English\n中文</p>\n");
        assert_eq!(render("2030年\n2035"), "<p>2030年\n2035</p>\n");
    }

    #[test]
    fn looks_through_emphasis_strong_and_links() {
        assert_eq!(
            render("中文**强调**\n继续"),
            "<p>中文<strong>强调</strong>继续</p>\n"
        );
        assert_eq!(render("前面\n*强调*后面"), "<p>前面<em>强调</em>后面</p>\n");
        assert_eq!(
            render("[链接](https://example.org)\n~~删除~~"),
            "<p><a href=\"https://example.org\">链接</a><del>删除</del></p>\n"
        );
    }

    #[test]
    fn inline_code_counts_as_text() {
        assert_eq!(render("`代码`\n文字"), "<p><code>代码</code>文字</p>\n");
        assert_eq!(render("`code`\n文字"), "<p><code>code</code>\n文字</p>\n");
    }

    #[test]
    fn cjk_punctuation_and_fullwidth_forms_are_wide() {
        assert_eq!(render("结束。\n开始"), "<p>结束。开始</p>\n");
        assert_eq!(render("（注）\n正文"), "<p>（注）正文</p>\n");
        assert_eq!(render("ひらがな\nカタカナ"), "<p>ひらがなカタカナ</p>\n");
        assert_eq!(render("한국어\n문장"), "<p>한국어문장</p>\n");
    }

    #[test]
    fn hard_break_and_other_events_are_kept() {
        assert_eq!(render("第一行  \n第二行"), "<p>第一行<br />\n第二行</p>\n");
        assert_eq!(
            render("中文<span>\n</span>文字"),
            "<p>中文<span>\n</span>文字</p>\n"
        );
    }

    #[test]
    fn breaks_in_other_paragraphs_are_independent() {
        assert_eq!(
            render("中文\n\n文字\nword"),
            "<p>中文</p>\n<p>文字\nword</p>\n"
        );
    }

    #[test]
    fn wide_character_classes() {
        for c in [
            '中', '〇', '。', 'あ', 'ア', '한', 'ㄅ', '！', '～', '￥', '丽', '𠀀', '𰀀',
        ] {
            assert!(is_east_asian_wide(c), "{c}");
        }
        for c in ['a', 'Z', '1', '.', ' ', 'é', 'Я', '🦀', 'ｱ', '\u{0}'] {
            assert!(!is_east_asian_wide(c), "{c:?}");
        }
    }
}
