//! The `[publication]` table of `config.toml`: when the brief was
//! published, the date its information is as of, who wrote and publishes
//! it (in each language), its series and number, its DOI and licence, and
//! the citation style of each language. Templates show the dates as the
//! date line under every page's title; the citation module makes the
//! reference, the downloads and the discovery metadata from it.
//!
//! ```toml
//! [publication]
//! date = 2026-11-27            # a TOML date, or "2026-11-27"
//! as_of = "2024-06"            # a year and month, or a whole date
//! publisher = { zh = "…", en = "…" }
//! authors = [{ name = { zh = "…", en = "Family, Given" }, orcid = "0000-0002-1825-0097" }]
//! series = { zh = "…", en = "…" }
//! number = "2026-01"
//! doi = "10.5281/zenodo.1234567"
//! citation_style = { zh = "gb-7714-2015-numeric", en = "apa" }
//! license = { id = "CC-BY-4.0", name = { zh = "…", en = "…" }, url = { zh = "…", en = "…" } }
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::identifiers;

/// The table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublication {
    date: DateValue,
    as_of: Option<DateValue>,
    publisher: Option<BTreeMap<String, String>>,
    #[serde(default)]
    authors: Vec<RawAuthor>,
    series: Option<BTreeMap<String, String>>,
    number: Option<String>,
    doi: Option<String>,
    license: Option<RawLicense>,
    #[serde(default)]
    citation_style: BTreeMap<String, String>,
}

/// One of `authors`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: BTreeMap<String, String>,
    orcid: Option<String>,
}

/// `license`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicense {
    id: String,
    name: BTreeMap<String, String>,
    url: BTreeMap<String, String>,
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
    /// The authors, in order.
    pub authors: Vec<Author>,
    /// The series the brief belongs to, by language code.
    pub series: Option<BTreeMap<String, String>>,
    /// The report number in the series.
    pub number: Option<String>,
    /// The DOI, `10.…/…` (no resolver prefix).
    pub doi: Option<String>,
    /// The licence.
    pub license: Option<License>,
    /// The CSL style of each language's reference (a name from
    /// hayagriva's archive); a language without one gets
    /// [`default_citation_style`].
    pub citation_style: BTreeMap<String, String>,
}

impl Publication {
    /// Who the brief is by, in `lang`, as a byline names them: the
    /// authors (`Given Family`), else the publisher, else nobody.
    pub fn byline(&self, lang: &str) -> Vec<String> {
        if self.authors.is_empty() {
            self.publisher
                .as_ref()
                .and_then(|p| p.get(lang).cloned())
                .into_iter()
                .collect()
        } else {
            self.authors.iter().map(|a| a.display_name(lang)).collect()
        }
    }
}

/// An author.
#[derive(Debug, Clone)]
pub struct Author {
    /// The name by language code, as a reference list writes it:
    /// `Family, Given`, or whole (a Chinese name, an organisation).
    pub name: BTreeMap<String, String>,
    /// The ORCID iD, `0000-0002-1825-0097`.
    pub orcid: Option<String>,
}

impl Author {
    /// The name as a byline writes it in `lang`: `Given Family` for a
    /// name written `Family, Given`, else as written.
    pub fn display_name(&self, lang: &str) -> String {
        let name = self.name.get(lang).map(String::as_str).unwrap_or_default();
        match name.split_once(',') {
            Some((family, given)) if !given.trim().is_empty() => {
                format!("{} {}", given.trim(), family.trim())
            }
            _ => name.trim().to_string(),
        }
    }
}

/// The licence: its SPDX identifier, and its name and page in each
/// language.
#[derive(Debug, Clone)]
pub struct License {
    /// The SPDX identifier, `CC-BY-4.0`.
    pub id: String,
    /// The licence's name by language code.
    pub name: BTreeMap<String, String>,
    /// The licence's page by language code.
    pub url: BTreeMap<String, String>,
}

/// The citation style a language gets when `citation_style` names none:
/// GB/T 7714-2015 for Chinese, APA for every other language.
pub fn default_citation_style(lang: &str) -> &'static str {
    if lang == "zh" || lang.starts_with("zh-") {
        "gb-7714-2015-numeric"
    } else {
        "apa"
    }
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
        for (key, names) in [
            ("publication.publisher", &self.publisher),
            ("publication.series", &self.series),
        ] {
            if let Some(names) = names {
                check_languages(key, names, languages, &mut problems);
            }
        }
        let authors = self.authors.into_iter().enumerate().map(|(i, author)| {
            check_author(i, &author, languages, &mut problems);
            Author {
                name: author.name,
                orcid: author.orcid,
            }
        });
        let authors: Vec<Author> = authors.collect();
        check_identifiers(self.number.as_deref(), self.doi.as_deref(), &mut problems);
        let license = self.license.map(|license| {
            check_license(&license, languages, &mut problems);
            License {
                id: license.id,
                name: license.name,
                url: license.url,
            }
        });
        check_styles(&self.citation_style, languages, &mut problems);
        match date {
            Some(date) if problems.is_empty() => Ok(Publication {
                date,
                as_of,
                publisher: self.publisher,
                authors,
                series: self.series,
                number: self.number,
                doi: self.doi,
                license,
                citation_style: self.citation_style,
            }),
            _ => Err(problems),
        }
    }
}

fn check_author(i: usize, author: &RawAuthor, languages: &[&str], problems: &mut Vec<String>) {
    check_languages(
        &format!("publication.authors[{i}].name"),
        &author.name,
        languages,
        problems,
    );
    if let Some(orcid) = &author.orcid
        && !identifiers::is_orcid(orcid)
    {
        problems.push(format!(
            "`publication.authors[{i}].orcid`: `{orcid}` is not an ORCID iD like 0000-0002-1825-0097 (four groups of four digits, the last may be X, with a valid check digit; without https://orcid.org/)"
        ));
    }
}

fn check_identifiers(number: Option<&str>, doi: Option<&str>, problems: &mut Vec<String>) {
    if number.is_some_and(|n| n.trim().is_empty() || n.chars().any(char::is_control)) {
        problems.push("`publication.number`: write the report number as one line of text".into());
    }
    if let Some(doi) = doi
        && !identifiers::is_doi(doi)
    {
        problems.push(format!(
            "`publication.doi`: `{doi}` is not a DOI like 10.5281/zenodo.1234567 (write it without https://doi.org/)"
        ));
    }
}

fn check_license(license: &RawLicense, languages: &[&str], problems: &mut Vec<String>) {
    if !identifiers::is_spdx(&license.id) {
        problems.push(format!(
            "`publication.license.id`: `{}` is not an SPDX licence identifier like CC-BY-4.0 (https://spdx.org/licenses/)",
            license.id
        ));
    }
    check_languages(
        "publication.license.name",
        &license.name,
        languages,
        problems,
    );
    check_languages("publication.license.url", &license.url, languages, problems);
    for (lang, url) in &license.url {
        if let Err(d) = crate::escape::check_url(url) {
            problems.push(format!("`publication.license.url.{lang}`: {}", d.message()));
        }
    }
}

fn check_styles(styles: &BTreeMap<String, String>, languages: &[&str], problems: &mut Vec<String>) {
    for (lang, style) in styles {
        if !languages.contains(&lang.as_str()) {
            problems.push(format!(
                "`publication.citation_style`: `{lang}` is not a language of the site (it has {})",
                languages.join(", ")
            ));
        } else if !identifiers::is_citation_style(style) {
            problems.push(format!(
                "`publication.citation_style.{lang}`: `{style}` is not a CSL style brief has; use one of hayagriva's archive, such as {}",
                identifiers::SUGGESTED_STYLES.join(", ")
            ));
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
authors = [{ name = { zh = "甲", en = "Li, Ming" }, orcid = "0000-0002-1825-0097" }]"#)
        .check(&["zh", "en"])
        .unwrap();
        assert_eq!(p.date.to_string(), "2026-11-27");
        assert_eq!(p.as_of.unwrap().to_string(), "2024-06");
        assert_eq!(p.authors.len(), 1);
        assert_eq!(p.authors[0].display_name("en"), "Ming Li");
        assert_eq!(p.authors[0].display_name("zh"), "甲");
    }

    #[test]
    fn every_problem_is_named() {
        let problems = raw(r#"date = "2026-11"
as_of = "soon"
publisher = { zh = "编辑部", fr = "Éditeurs" }
authors = [{ name = { zh = "甲" }, orcid = "0000-0002-1825-0098" }]
series = { zh = "简报" }
number = ""
doi = "https://doi.org/10.1/x"
citation_style = { en = "gbt", fr = "apa" }
license = { id = "CC BY", name = { zh = "署名", en = "BY" }, url = { zh = "javascript:x", en = "https://x.org/" } }"#)
        .check(&["zh", "en"])
        .unwrap_err();
        let all = problems.join("\n");
        for expected in [
            "`publication.date`: `2026-11` is not a date",
            "`publication.as_of`: `soon`",
            "`publication.publisher`: the `en` text is missing",
            "`publication.publisher`: `fr` is not a language of the site",
            "`publication.authors[0].name`: the `en` text is missing",
            "`publication.authors[0].orcid`: `0000-0002-1825-0098` is not an ORCID iD",
            "`publication.series`: the `en` text is missing",
            "`publication.number`: write the report number",
            "`publication.doi`: `https://doi.org/10.1/x` is not a DOI",
            "`publication.citation_style.en`: `gbt` is not a CSL style",
            "`publication.citation_style`: `fr` is not a language of the site",
            "`publication.license.id`: `CC BY` is not an SPDX",
            "`publication.license.url.zh`: the URL `javascript:x` is not allowed",
        ] {
            assert!(all.contains(expected), "{expected} in:\n{all}");
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<RawPublication>("date = 2026-11-27\neditor = \"x\"").is_err());
    }
}
