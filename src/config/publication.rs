//! The `[publication]` table of `config.toml`: when the brief was
//! published, the date its information is as of, and who publishes it, in
//! each language. Templates show it as the date line under every page's
//! title.
//!
//! ```toml
//! [publication]
//! date = 2026-11-27            # a TOML date, or "2026-11-27"
//! as_of = "2024-06"            # a year and month, or a whole date
//! publisher = { zh = "…", en = "…" }
//! authors = [{ zh = "…", en = "…" }]
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// The table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublication {
    date: DateValue,
    as_of: Option<DateValue>,
    publisher: Option<BTreeMap<String, String>>,
    #[serde(default)]
    authors: Vec<BTreeMap<String, String>>,
}

/// A date as TOML writes it (`2024-06-20`) or as a string (`"2024-06"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    fn text(&self) -> String {
        match self {
            DateValue::Date(d) => d.to_string(),
            DateValue::Text(t) => t.clone(),
        }
    }
}

/// A calendar date, or a year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, when the date has one.
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`, checking the month and the day.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month: u8 = parts.next().filter(|m| m.len() == 2)?.parse().ok()?;
        let day = match parts.next() {
            Some(d) if d.len() == 2 => Some(d.parse::<u8>().ok()?),
            Some(_) => return None,
            None => None,
        };
        let date = PartialDate { year, month, day };
        let valid = parts.next().is_none()
            && (1..=12).contains(&month)
            && day.is_none_or(|d| d >= 1 && d <= days_in_month(year, month));
        valid.then_some(date)
    }
}

/// `2024-06-20` or `2024-06`, as `<time datetime>` takes it.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The publication, checked: every text in every language of the site.
#[derive(Debug, Clone)]
pub struct Publication {
    /// The publication date (a whole date).
    pub date: PartialDate,
    /// The date the brief's information is as of.
    pub as_of: Option<PartialDate>,
    /// The publisher's name, by language code.
    pub publisher: Option<BTreeMap<String, String>>,
    /// Each author's name, by language code.
    pub authors: Vec<BTreeMap<String, String>>,
}

impl RawPublication {
    /// Checks the table against the site's language codes; the messages
    /// name the key (the caller adds the file).
    pub(super) fn check(self, languages: &[&str]) -> Result<Publication, Vec<String>> {
        let mut problems = Vec::new();
        let date = match PartialDate::parse(&self.date.text()) {
            Some(d) if d.day.is_some() => Some(d),
            _ => {
                problems.push(format!(
                    "`publication.date`: `{}` is not a date like 2026-11-27",
                    self.date.text()
                ));
                None
            }
        };
        let as_of = self.as_of.as_ref().and_then(|v| {
            let parsed = PartialDate::parse(&v.text());
            if parsed.is_none() {
                problems.push(format!(
                    "`publication.as_of`: `{}` is not a date like 2024-06 or 2024-06-19",
                    v.text()
                ));
            }
            parsed
        });
        if let Some(names) = &self.publisher {
            check_languages("publication.publisher", names, languages, &mut problems);
        }
        for (i, names) in self.authors.iter().enumerate() {
            let key = format!("publication.authors[{i}]");
            check_languages(&key, names, languages, &mut problems);
        }
        match date {
            Some(date) if problems.is_empty() => Ok(Publication {
                date,
                as_of,
                publisher: self.publisher,
                authors: self.authors,
            }),
            _ => Err(problems),
        }
    }
}

/// Every site language has a non-empty text, and no other language does.
fn check_languages(
    key: &str,
    texts: &BTreeMap<String, String>,
    languages: &[&str],
    problems: &mut Vec<String>,
) {
    for lang in languages {
        if texts.get(*lang).is_none_or(|t| t.trim().is_empty()) {
            problems.push(format!("`{key}`: the `{lang}` text is missing"));
        }
    }
    for code in texts.keys() {
        if !languages.contains(&code.as_str()) {
            problems.push(format!(
                "`{key}`: `{code}` is not a language of the site (it has {})",
                languages.join(", ")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawPublication {
        toml::from_str(text).expect("parses")
    }

    #[test]
    fn dates_are_whole_dates_or_months() {
        let d = |s| PartialDate::parse(s);
        assert_eq!(d("2024-06").unwrap().to_string(), "2024-06");
        assert_eq!(d("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2024-13",
            "2024-6",
            "24-06-01",
            "2024-06-01-02",
            "june",
        ] {
            assert!(d(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_good_table_is_kept() {
        let p = raw(r#"date = 2026-11-27
as_of = "2024-06"
publisher = { zh = "编辑部", en = "Editors" }
authors = [{ zh = "甲", en = "A" }]"#)
        .check(&["zh", "en"])
        .unwrap();
        assert_eq!(p.date.to_string(), "2026-11-27");
        assert_eq!(p.as_of.unwrap().to_string(), "2024-06");
        assert_eq!(p.authors.len(), 1);
    }

    #[test]
    fn every_problem_is_named() {
        let problems = raw(r#"date = "2026-11"
as_of = "soon"
publisher = { zh = "编辑部", fr = "Éditeurs" }
authors = [{ zh = "甲" }]"#)
        .check(&["zh", "en"])
        .unwrap_err();
        let all = problems.join("\n");
        for expected in [
            "`publication.date`: `2026-11` is not a date",
            "`publication.as_of`: `soon`",
            "`publication.publisher`: the `en` text is missing",
            "`publication.publisher`: `fr` is not a language of the site",
            "`publication.authors[0]`: the `en` text is missing",
        ] {
            assert!(all.contains(expected), "{expected} in:\n{all}");
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<RawPublication>("date = 2026-11-27\neditor = \"x\"").is_err());
    }
}
