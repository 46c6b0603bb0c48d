//! The brief as a citable work: each language edition's bibliographic
//! record (from `[publication]` and the language), and what is made from
//! it: the formatted reference of "cite this brief" (`reference`, by
//! hayagriva's CSL engine), the `cite.bib`, `cite.ris` and `cite.json`
//! downloads (`formats`) and the schema.org JSON-LD of the pages
//! (`jsonld`). Highwire Press and Dublin Core tags are written by the
//! theme from [`CitationView`].
//!
//! May call: config, indicators (the sources the brief is based on),
//! escape. Called by render.

mod formats;
mod jsonld;
mod reference;

use serde::Serialize;

use crate::config::{Config, Language, PartialDate, default_citation_style};
use crate::indicators::Source;

pub use formats::{to_bibtex, to_csl_json, to_ris};
pub use jsonld::{DatasetPage, dataset_json_ld, report_json_ld};
pub use reference::Reference;

/// The downloads of one edition, beside its home page.
pub const FILES: [&str; 3] = ["cite.bib", "cite.ris", "cite.json"];

/// One language edition of the brief, as a bibliographic record.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The citation key: `chengdu-ai-plan-brief-2026-zh`.
    pub key: String,
    /// The language code: `zh`.
    pub lang: String,
    /// The BCP 47 tag: `zh-Hans`.
    pub language_tag: String,
    /// The CSL locale: `zh-CN`.
    pub csl_locale: String,
    /// The title.
    pub title: String,
    /// The description (the abstract).
    pub description: String,
    /// The authors, else the publisher as the author.
    pub creators: Vec<Name>,
    /// The publisher.
    pub publisher: Option<String>,
    /// The publication date.
    pub date: PartialDate,
    /// The date the information is as of.
    pub as_of: Option<PartialDate>,
    /// The edition's home page.
    pub url: String,
    /// The edition's PDF, when the site makes one.
    pub pdf_url: Option<String>,
    /// The DOI.
    pub doi: Option<String>,
    /// The series, in this language.
    pub series: Option<String>,
    /// The report number.
    pub number: Option<String>,
    /// The licence, in this language.
    pub license: Option<LicenseText>,
    /// The CSL style name.
    pub style: String,
    /// The other editions: (BCP 47 tag, home page), the default first.
    pub others: Vec<(String, String)>,
    /// The home page of the original edition (the default language's),
    /// when this is not it.
    pub original: Option<String>,
    /// The sources the brief is based on.
    pub sources: Vec<SourceText>,
}

/// A creator's name.
#[derive(Debug, Clone, PartialEq)]
pub enum Name {
    /// A person written `Family, Given`.
    Person {
        family: String,
        given: String,
        orcid: Option<String>,
    },
    /// A name written whole: a Chinese name, an organisation.
    Whole {
        name: String,
        orcid: Option<String>,
        organisation: bool,
    },
}

impl Name {
    fn parse(text: &str, orcid: Option<String>) -> Name {
        match text.split_once(',') {
            Some((family, given)) if !given.trim().is_empty() => Name::Person {
                family: family.trim().to_string(),
                given: given.trim().to_string(),
                orcid,
            },
            _ => Name::Whole {
                name: text.trim().to_string(),
                orcid,
                organisation: false,
            },
        }
    }

    /// `Given Family`, or the whole name.
    pub fn display(&self) -> String {
        match self {
            Name::Person { family, given, .. } => format!("{given} {family}"),
            Name::Whole { name, .. } => name.clone(),
        }
    }

    /// `Family, Given`, or the whole name.
    pub fn inverted(&self) -> String {
        match self {
            Name::Person { family, given, .. } => format!("{family}, {given}"),
            Name::Whole { name, .. } => name.clone(),
        }
    }

    /// The ORCID iD.
    pub fn orcid(&self) -> Option<&str> {
        match self {
            Name::Person { orcid, .. } | Name::Whole { orcid, .. } => orcid.as_deref(),
        }
    }
}

/// The licence in one language.
#[derive(Debug, Clone, Serialize)]
pub struct LicenseText {
    /// SPDX identifier.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its page.
    pub url: String,
}

/// A source in one language.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub url: Option<String>,
}

impl Edition {
    /// The record of `language`'s edition, `None` without `[publication]`.
    pub fn new(config: &Config, language: &Language, sources: &[Source]) -> Option<Edition> {
        let publication = config.publication.as_ref()?;
        let lang = language.code.as_str();
        let text = |map: &std::collections::BTreeMap<String, String>| map.get(lang).cloned();
        let publisher = publication.publisher.as_ref().and_then(text);
        let mut creators: Vec<Name> = publication
            .authors
            .iter()
            .map(|a| Name::parse(&text(&a.name).unwrap_or_default(), a.orcid.clone()))
            .collect();
        if creators.is_empty()
            && let Some(name) = &publisher
        {
            creators.push(Name::Whole {
                name: name.clone(),
                orcid: None,
                organisation: true,
            });
        }
        let home = |l: &Language| {
            let path = config.base_url.join(&format!("{}/", l.code));
            config.base_url.absolute(&path)
        };
        let original = config.default_language();
        let name = config
            .pdf
            .as_ref()
            .map_or_else(|| config.base_url.slug(), |p| p.name.clone());
        Some(Edition {
            key: format!("{name}-{}-{lang}", publication.date.year),
            lang: lang.to_string(),
            language_tag: language.html_lang.clone(),
            csl_locale: language.locale.replace('_', "-"),
            title: language.title.clone(),
            description: language.description.clone(),
            creators,
            publisher,
            date: publication.date,
            as_of: publication.as_of,
            url: home(language),
            pdf_url: config.pdf.as_ref().map(|pdf| {
                config
                    .base_url
                    .absolute(&config.base_url.join(&pdf.file(lang)))
            }),
            doi: publication.doi.clone(),
            series: publication.series.as_ref().and_then(text),
            number: publication.number.clone(),
            license: publication.license.as_ref().map(|l| LicenseText {
                id: l.id.clone(),
                name: text(&l.name).unwrap_or_default(),
                url: text(&l.url).unwrap_or_default(),
            }),
            style: publication
                .citation_style
                .get(lang)
                .cloned()
                .unwrap_or_else(|| default_citation_style(lang).to_string()),
            others: config
                .languages
                .iter()
                .filter(|l| l.code != lang)
                .map(|l| (l.html_lang.clone(), home(l)))
                .collect(),
            original: (original.code != lang).then(|| home(original)),
            sources: sources.iter().map(|s| source_text(s, lang)).collect(),
        })
    }

    /// The output path of one of [`FILES`] for this edition:
    /// `zh/cite.bib`.
    pub fn file_path(&self, file: &str) -> String {
        format!("{}/{file}", self.lang)
    }
}

fn source_text(source: &Source, lang: &str) -> SourceText {
    SourceText {
        title: source.title.get(lang).to_string(),
        publisher: source.publisher.get(lang).to_string(),
        date: source.date.clone(),
        url: source.url.clone(),
    }
}

/// What templates see of the edition: `language.citation`.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// The formatted reference, as HTML (output with `| safe`).
    pub reference: String,
    /// The formatted reference as plain text.
    pub reference_text: String,
    /// The style's name: "GB/T 7714-2015 (numeric, Chinese)".
    pub style_name: String,
    /// Site paths of the downloads.
    pub bib_url: String,
    pub ris_url: String,
    pub json_url: String,
    /// The Highwire Press and Dublin Core values.
    pub title: String,
    /// The authors as `Family, Given` (or whole).
    pub authors: Vec<String>,
    /// `2026/11/27`, as Google Scholar asks.
    pub date_slashed: String,
    /// `2026-11-27`.
    pub date: String,
    pub language: String,
    pub publisher: Option<String>,
    pub pdf_url: Option<String>,
    pub public_url: String,
    pub doi: Option<String>,
    pub number: Option<String>,
    pub series: Option<String>,
    pub license: Option<LicenseText>,
    /// The `Report` JSON-LD, escaped for a `<script>` element (output
    /// with `| safe`).
    pub json_ld: String,
    /// The indicators page's `Dataset` JSON-LD, likewise (when the site
    /// has data).
    pub dataset_json_ld: Option<String>,
}

/// The indicators page, for the `Dataset`: its title, description and
/// site path, and the downloads (site path, media type).
pub struct DatasetSource<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub path: &'a str,
    pub downloads: &'a [(String, &'static str)],
}

impl Edition {
    /// What templates see of this edition, with its formatted `reference`
    /// and, when the site has data, the `Dataset` of its indicators page.
    pub fn view(
        &self,
        reference: &Reference,
        base: &crate::config::BaseUrl,
        dataset: Option<&DatasetSource<'_>>,
    ) -> CitationView {
        let file = |name: &str| base.join(&self.file_path(name));
        let date = self.date;
        CitationView {
            reference: reference.html.clone(),
            reference_text: reference.text.clone(),
            style_name: reference.style_name.clone(),
            bib_url: file(FILES[0]),
            ris_url: file(FILES[1]),
            json_url: file(FILES[2]),
            title: self.title.clone(),
            authors: self.creators.iter().map(Name::inverted).collect(),
            date_slashed: format!(
                "{:04}/{:02}/{:02}",
                date.year,
                date.month,
                date.day.unwrap_or(1)
            ),
            date: date.to_string(),
            language: self.language_tag.clone(),
            publisher: self.publisher.clone(),
            pdf_url: self.pdf_url.clone(),
            public_url: self.url.clone(),
            doi: self.doi.clone(),
            number: self.number.clone(),
            series: self.series.clone(),
            license: self.license.clone(),
            json_ld: report_json_ld(self),
            dataset_json_ld: dataset.map(|d| {
                let absolute: Vec<(String, &'static str)> = d
                    .downloads
                    .iter()
                    .map(|(path, media)| (base.absolute(path), *media))
                    .collect();
                let url = base.absolute(d.path);
                dataset_json_ld(
                    self,
                    &DatasetPage {
                        name: d.title,
                        description: d.description,
                        url: &url,
                        downloads: &absolute,
                    },
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests;
