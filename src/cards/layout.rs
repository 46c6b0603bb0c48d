//! The share card as SVG: a rule in the theme's accent, the brief's title
//! above the page's title (wrapped to at most three lines, cut with an
//! ellipsis beyond), one key figure with its label, and the site's
//! address. SVG has no line breaking, so lines are broken here by an
//! estimate of each character's width (a CJK character is one em, Latin
//! letters about half); every text is XML-escaped.

use std::fmt::Write as _;

use crate::escape;

use super::{HEIGHT, WIDTH};

const INK: &str = "#1b2027";
const MUTED: &str = "#505a66";
const ACCENT: &str = "#1f4e8c";
const MARGIN: f64 = 80.0;

/// What a card says.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    /// Whether the page is in Chinese (the CJK family first).
    pub cjk: bool,
    /// The line above the title: the brief's title (the publisher's name
    /// on the home page).
    pub eyebrow: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// One key figure: its value and its label.
    pub figure: Option<(&'a str, &'a str)>,
    /// The site's address, without the scheme.
    pub address: &'a str,
    /// The Latin and the CJK sans-serif families.
    pub families: (&'a str, &'a str),
}

/// The card as an SVG document.
pub fn svg(card: &Card<'_>) -> String {
    let (latin, cjk) = card.families;
    let family = if card.cjk {
        format!("'{cjk}', '{latin}'")
    } else {
        format!("'{latin}', '{cjk}'")
    };
    let width = f64::from(WIDTH) - 2.0 * MARGIN;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{}"><rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="14" fill="{ACCENT}"/>"##,
        escape::xml(&family)
    );
    let mut y = 120.0;
    for line in lines(card.eyebrow, 30.0, width, 2) {
        text(&mut out, &line, (MARGIN, y), 30.0, MUTED, "normal");
        y += 42.0;
    }
    y += 40.0;
    let title_size = if card.title.chars().count() > 40 {
        54.0
    } else {
        64.0
    };
    for line in lines(card.title, title_size, width, 3) {
        text(&mut out, &line, (MARGIN, y), title_size, INK, "bold");
        y += title_size * 1.25;
    }
    if let Some((value, label)) = card.figure {
        let _ = write!(
            out,
            r#"<rect x="{MARGIN}" y="452" width="6" height="92" fill="{ACCENT}"/>"#
        );
        let value_line = lines(value, 56.0, width / 2.0, 1);
        let label_line = lines(label, 26.0, width / 2.0, 1);
        text(
            &mut out,
            value_line.first().map_or("", String::as_str),
            (MARGIN + 28.0, 502.0),
            56.0,
            ACCENT,
            "bold",
        );
        text(
            &mut out,
            label_line.first().map_or("", String::as_str),
            (MARGIN + 28.0, 540.0),
            26.0,
            INK,
            "normal",
        );
    }
    let _ = write!(
        out,
        r#"<text x="{}" y="590" font-size="22" fill="{MUTED}" text-anchor="end">{}</text></svg>"#,
        f64::from(WIDTH) - MARGIN,
        escape::xml(card.address)
    );
    out
}

fn text(out: &mut String, line: &str, (x, y): (f64, f64), size: f64, fill: &str, weight: &str) {
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}">{}</text>"#,
        escape::xml(line)
    );
}

/// The width of `c` in ems, roughly.
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.28,
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ':' | ';' | '\'' | '’' | '|' | '!' => {
            0.32
        }
        'm' | 'w' | 'M' | 'W' => 0.85,
        c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.64,
        c if c.is_ascii() => 0.54,
        '–' | '—' | '“' | '”' => 0.6,
        _ => 1.0,
    }
}

/// Whether a line may break before `c` without a space (between CJK
/// characters, but not before closing punctuation).
fn breaks_before(previous: char, c: char) -> bool {
    let wide = |c: char| advance(c) >= 1.0;
    (wide(previous) || wide(c))
        && !"，。、；：！？）》」』”’".contains(c)
        && !"（《「『“‘".contains(previous)
}

/// `text` broken into lines no wider than `width` pixels at `size`, at
/// most `max` of them, the last cut with an ellipsis when text is left.
fn lines(text: &str, size: f64, width: f64, max: usize) -> Vec<String> {
    let limit = width / size;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    // Where the line may break, and how wide it was there; a break after
    // Chinese punctuation (a colon, a comma) is kept apart, and preferred
    // when the line is at least half full there.
    let mut last_break: Option<(usize, f64)> = None;
    let mut after_punctuation: Option<(usize, f64)> = None;
    let mut previous = ' ';
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if c == ' ' || breaks_before(previous, c) {
            last_break = Some((line.len(), used));
            if "，。：；、！？".contains(previous) {
                after_punctuation = last_break;
            }
        }
        line.push(c);
        used += advance(c);
        previous = c;
        if used > limit {
            let preferred = after_punctuation.filter(|(_, width)| *width >= limit / 2.0);
            let (at, _) = preferred
                .or(last_break)
                .filter(|(at, _)| *at > 0)
                .unwrap_or((line.len() - c.len_utf8(), 0.0));
            let rest = line.split_off(at);
            lines.push(line.trim_end().to_string());
            line = rest.trim_start().to_string();
            used = line.chars().map(advance).sum();
            last_break = None;
            after_punctuation = None;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_string());
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let mut cut: Vec<char> = last.chars().collect();
            let budget = limit - advance('…');
            while cut.iter().copied().map(advance).sum::<f64>() > budget && !cut.is_empty() {
                cut.pop();
            }
            *last = cut.into_iter().collect::<String>().trim_end().to_string() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_breaks_at_spaces_and_cjk_between_characters() {
        let en = lines("Targets and starting point of a plan", 64.0, 640.0, 3);
        assert!(
            en.len() > 1 && en.iter().all(|l| !l.starts_with(' ')),
            "{en:?}"
        );
        assert_eq!(en.join(" "), "Targets and starting point of a plan");
        let zh = lines(
            "成都人工智能产业三年行动计划：政策简报与目标",
            64.0,
            640.0,
            3,
        );
        assert!(zh.iter().all(|l| l.chars().count() <= 10), "{zh:?}");
        assert_eq!(zh.concat(), "成都人工智能产业三年行动计划：政策简报与目标");
        assert!(
            !zh[1].starts_with('：'),
            "no line starts with closing punctuation"
        );
        let title = lines("成都人工智能产业三年行动计划：政策简报", 64.0, 1040.0, 3);
        assert_eq!(
            title,
            ["成都人工智能产业三年行动计划：", "政策简报"],
            "a colon ends the line"
        );
    }

    #[test]
    fn too_much_text_ends_in_an_ellipsis() {
        let long = "word ".repeat(80);
        let cut = lines(&long, 64.0, 1040.0, 3);
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with('…'));
    }

    #[test]
    fn text_is_escaped() {
        let card = Card {
            cjk: false,
            eyebrow: "<b>&",
            title: "</text><script>",
            figure: Some(("1 < 2", "\"x\"")),
            address: "example.org/a&b",
            families: ("Noto Sans", "Noto Sans CJK SC"),
        };
        let svg = svg(&card);
        assert!(!svg.contains("<script") && !svg.contains("<b>"), "{svg}");
        assert!(roxmltree::Document::parse(&svg).is_ok(), "{svg}");
    }
}
