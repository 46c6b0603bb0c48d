//! Number ranges never break at their dash: "2024–2026", "2024—2026年"
//! and "10–20" are each wrapped in `<span class="range">`, which the theme
//! keeps on one line, so that no line ends with "2024–" or starts with
//! "—2026年". The text itself is left as written (no invisible joiners
//! that a reader would copy).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Event pass: splits every text event around its number ranges (digits,
/// an en or em dash, digits) and wraps each range in a span. Text inside
/// an image (its alternative text, written as an attribute) is left alone.
pub(super) fn keep_ranges_whole(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut in_image = 0usize;
    for event in events {
        match event {
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                out.push(event);
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                out.push(event);
            }
            Event::Text(text) if in_image == 0 => {
                let found = ranges(&text);
                if found.is_empty() {
                    out.push(Event::Text(text));
                } else {
                    split(&text, &found, &mut out);
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn is_dash(c: char) -> bool {
    c == '–' || c == '—'
}

/// The byte ranges of the number ranges in `text` (none, without
/// looking further, when it has no dash). The citation's HTML keeps them
/// whole the same way.
pub(crate) fn ranges(text: &str) -> Vec<(usize, usize)> {
    if !text.contains(is_dash) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    // Where the last range ended: a digit there is not used twice.
    let mut free = 0;
    while i < chars.len() {
        if !is_dash(chars[i].1) {
            i += 1;
            continue;
        }
        let before = (free..i)
            .rev()
            .take_while(|&j| chars[j].1.is_ascii_digit())
            .last();
        let after = (i + 1..chars.len())
            .take_while(|&j| chars[j].1.is_ascii_digit())
            .last();
        match (before, after) {
            (Some(start), Some(end)) => {
                let end_byte = chars[end].0 + chars[end].1.len_utf8();
                found.push((chars[start].0, end_byte));
                i = end + 1;
                free = i;
            }
            _ => i += 1,
        }
    }
    found
}

/// Pushes `text` as text events with each of its `ranges` wrapped in a
/// span.
fn split<'a>(text: &str, ranges: &[(usize, usize)], out: &mut Vec<Event<'a>>) {
    let mut at = 0;
    for &(start, end) in ranges {
        if start > at {
            out.push(Event::Text(CowStr::from(text[at..start].to_string())));
        }
        out.push(Event::InlineHtml(CowStr::Borrowed(
            "<span class=\"range\">",
        )));
        out.push(Event::Text(CowStr::from(text[start..end].to_string())));
        out.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
        at = end;
    }
    if at < text.len() {
        out.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, html};

    use super::*;

    fn render(markdown: &str) -> String {
        let events = Parser::new(markdown).collect();
        let mut out = String::new();
        html::push_html(&mut out, keep_ranges_whole(events).into_iter());
        out
    }

    #[test]
    fn ranges_of_numbers_are_wrapped_and_nothing_else() {
        assert_eq!(
            render("The plan, 2024–2026, and 10–20 firms."),
            "<p>The plan, <span class=\"range\">2024–2026</span>, and <span class=\"range\">10–20</span> firms.</p>\n"
        );
        assert_eq!(
            render("三年行动计划（2024—2026年）"),
            "<p>三年行动计划（<span class=\"range\">2024—2026</span>年）</p>\n"
        );
        assert_eq!(
            render("1–2–3"),
            "<p><span class=\"range\">1–2</span>–3</p>\n"
        );
        for plain in [
            "a – b",
            "2024 – 2026",
            "–2026",
            "2024–",
            "— 5",
            "no dash 2024",
        ] {
            assert_eq!(render(plain), format!("<p>{plain}</p>\n"), "{plain}");
        }
    }

    #[test]
    fn text_is_escaped_and_image_text_left_alone() {
        assert_eq!(
            render("<b>&amp; 1–2 < 3"),
            "<p><b>&amp; <span class=\"range\">1–2</span> &lt; 3</p>\n"
        );
        assert_eq!(
            render("![2024–2026](x.png)"),
            "<p><img src=\"x.png\" alt=\"2024–2026\" /></p>\n"
        );
        assert_eq!(
            render("`2024–2026` *2024–2026*"),
            "<p><code>2024–2026</code> <em><span class=\"range\">2024–2026</span></em></p>\n"
        );
    }
}
