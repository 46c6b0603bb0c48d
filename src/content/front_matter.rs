//! Front matter: the TOML block between `+++` lines at the top of a page.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Position, parse_toml};

/// The front matter of one page, as the author wrote it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
    /// A short label for navigation; defaults to the title.
    pub nav_title: Option<String>,
    /// A one-sentence summary for search engines, social cards and lists.
    #[serde(default)]
    pub description: String,
    /// Position in the brief: lower weights come first.
    #[serde(default)]
    pub weight: i64,
    /// The URL slug; defaults to the file name.
    pub slug: Option<Spanned<String>>,
    /// When the page was first published (a TOML date or date-time).
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// When the page was last changed in substance; defaults to `date`.
    pub updated: Option<Spanned<toml::value::Datetime>>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Set to `true` to publish this page in its language only, without the
    /// other-language version being an error.
    #[serde(default)]
    pub untranslated: bool,
    /// A template to render the page with instead of the default one.
    pub template: Option<Spanned<String>>,
    /// Indicator values shown in the home page's key figures block:
    /// `[{ id = "ai-core-scale", year = 2026 }]` (`kind` optional).
    #[serde(default)]
    pub key_figures: Vec<Spanned<KeyFigureRef>>,
    /// Free-form values for templates (`page.extra`).
    #[serde(default)]
    pub extra: toml::Table,
}

/// One entry of `key_figures`: an indicator value, chosen as the `figure`
/// shortcode chooses it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureRef {
    /// Indicator id.
    pub id: String,
    /// Year, required when the indicator has values for several years.
    pub year: Option<i32>,
    /// `actual`, `target` or `estimate`, when the year has more than one.
    pub kind: Option<String>,
}

/// A page file split into its front matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct SplitPage<'a> {
    /// The TOML between the fences.
    pub front_matter: &'a str,
    /// The number of lines of the file before the TOML (the opening fence,
    /// and a byte-order mark's line if any).
    pub front_matter_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The number of lines of the file before the body.
    pub body_line: usize,
}

/// Splits `text` into front matter and body. The file must start with a
/// `+++` line and the front matter end with another `+++` line.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<SplitPage<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::in_file(
            path,
            "missing front matter: a page must start with a `+++` line, then TOML \
             (at least `title = \"...\"`), then a closing `+++` line",
        )
        .at(Position { line: 1, column: 1 })
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Err(missing());
    }
    let rest = &text[first_line_end..];
    let mut offset = 0;
    for (index, raw_line) in rest.split_inclusive('\n').enumerate() {
        if raw_line.trim_end() == "+++" {
            let body_start = offset + raw_line.len();
            return Ok(SplitPage {
                front_matter: &rest[..offset],
                front_matter_line: 1,
                body: &rest[body_start..],
                // The opening fence, the TOML lines and the closing fence.
                body_line: index + 2,
            });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::in_file(
        path,
        "front matter is not closed: add a `+++` line after the TOML block",
    )
    .at(Position { line: 1, column: 1 }))
}

/// Parses the front matter TOML of the file at `path`.
pub fn parse(path: &Path, split: &SplitPage<'_>) -> Result<FrontMatter, Diagnostic> {
    let front: FrontMatter = parse_toml(path, split.front_matter, split.front_matter_line)?;
    if front.title.trim().is_empty() {
        return Err(Diagnostic::in_file(path, "`title` is empty").at(Position {
            line: split.front_matter_line + 1,
            column: 1,
        }));
    }
    Ok(front)
}

/// A front matter date as an RFC 3339 date-time (`2024-06-20` becomes
/// `2024-06-20T00:00:00Z`; a date-time without offset is taken as UTC), or
/// a problem when it has no date part.
pub fn rfc3339(value: &toml::value::Datetime) -> Result<String, Diagnostic> {
    let Some(date) = value.date else {
        return Err(Diagnostic::new(format!(
            "`{value}` is a time without a date"
        )));
    };
    let time = value.time.map_or_else(
        || "00:00:00".to_string(),
        |t| format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second.unwrap_or(0)),
    );
    let offset = match value.offset {
        None | Some(toml::value::Offset::Z) => "Z".to_string(),
        Some(toml::value::Offset::Custom { minutes }) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
        }
    };
    Ok(format!(
        "{:04}-{:02}-{:02}T{time}{offset}",
        date.year, date.month, date.day
    ))
}

/// The position in the file of a spanned front matter value.
pub fn position_of<T>(split: &SplitPage<'_>, value: &Spanned<T>) -> Position {
    Position::at_offset(split.front_matter, value.span().start).shifted(split.front_matter_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("content/goals.en.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"Goals\"\n+++\n\n# Body\n";
        let split = split(path(), text).unwrap();
        assert_eq!(split.front_matter, "title = \"Goals\"\n");
        assert_eq!(split.body, "\n# Body\n");
        assert_eq!(split.body_line, 3);
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"G\"\r\n+++\r\nbody";
        let split = split(path(), text).unwrap();
        assert_eq!(split.body, "body");
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        let err = split(path(), "# Just markdown").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("content/goals.en.md:1:1: missing front matter")
        );
        let err = split(path(), "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("not closed"));
    }

    #[test]
    fn front_matter_errors_carry_file_lines() {
        let text = "+++\ntitle = \"G\"\nweight = \"first\"\n+++\n";
        let split = split(path(), text).unwrap();
        let err = parse(path(), &split).unwrap_err().to_string();
        assert!(
            err.starts_with("content/goals.en.md:3:10: `weight`"),
            "{err}"
        );
    }

    #[test]
    fn missing_title_is_reported() {
        let text = "+++\nweight = 1\n+++\n";
        let split = split(path(), text).unwrap();
        let err = parse(path(), &split).unwrap_err().to_string();
        assert!(err.contains("missing field `title`"), "{err}");
    }

    #[test]
    fn dates_become_rfc3339() {
        let text =
            "+++\ntitle = \"G\"\ndate = 2024-06-20\nupdated = 2024-07-01T08:30:00+08:00\n+++\n";
        let split = split(path(), text).unwrap();
        let front = parse(path(), &split).unwrap();
        assert_eq!(
            rfc3339(front.date.unwrap().get_ref()).unwrap(),
            "2024-06-20T00:00:00Z"
        );
        assert_eq!(
            rfc3339(front.updated.unwrap().get_ref()).unwrap(),
            "2024-07-01T08:30:00+08:00"
        );
        let time_only: toml::value::Datetime = "08:30:00".parse().unwrap();
        assert!(rfc3339(&time_only).is_err());
    }

    #[test]
    fn spans_point_into_the_file() {
        let text = "+++\ntitle = \"G\"\nslug = \"目标\"\n+++\n";
        let split = split(path(), text).unwrap();
        let front = parse(path(), &split).unwrap();
        let pos = position_of(&split, front.slug.as_ref().unwrap());
        assert_eq!((pos.line, pos.column), (3, 8));
    }
}
