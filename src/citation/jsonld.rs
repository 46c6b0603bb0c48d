//! schema.org JSON-LD: the brief as a `Report` (on every page) and the
//! indicators as a `Dataset` (on the indicators page), serialised and
//! made safe for a `<script type="application/ld+json">` element.

use serde_json::{Value, json};

use super::{Edition, Name};
use crate::escape;

/// The `@id` of an edition's `Report`: its home page with `#report`.
fn report_id(home: &str) -> String {
    format!("{home}#report")
}

/// The edition as a schema.org `Report`.
pub fn report_json_ld(edition: &Edition) -> String {
    script(&report(edition))
}

fn report(edition: &Edition) -> Value {
    let mut report = json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": report_id(&edition.url),
        "name": edition.title,
        "headline": edition.title,
        "description": edition.description,
        "inLanguage": edition.language_tag,
        "url": edition.url,
        "datePublished": edition.date.to_string(),
        "author": edition.creators.iter().map(agent).collect::<Vec<_>>(),
        "isBasedOn": edition.sources.iter().map(source).collect::<Vec<_>>(),
    });
    if let Some(publisher) = &edition.publisher {
        report["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(license) = &edition.license {
        report["license"] = json!(license.url);
    }
    match &edition.original {
        Some(original) => report["translationOfWork"] = json!({ "@id": report_id(original) }),
        None => {
            let others: Vec<Value> = edition
                .others
                .iter()
                .map(|(tag, url)| json!({ "@id": report_id(url), "inLanguage": tag }))
                .collect();
            report["workTranslation"] = Value::Array(others);
        }
    }
    add_identifiers(edition, &mut report);
    report
}

/// The DOI, the report number, the series and the PDF.
fn add_identifiers(edition: &Edition, report: &mut Value) {
    if let Some(doi) = &edition.doi {
        report["identifier"] = json!({
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": doi,
            "url": format!("https://doi.org/{doi}"),
        });
    }
    if let Some(number) = &edition.number {
        report["reportNumber"] = json!(number);
    }
    if let Some(series) = &edition.series {
        report["isPartOf"] = json!({ "@type": "CreativeWorkSeries", "name": series });
    }
    if let Some(pdf) = &edition.pdf_url {
        report["encoding"] = json!({
            "@type": "MediaObject",
            "contentUrl": pdf,
            "encodingFormat": "application/pdf",
        });
    }
}

fn agent(name: &Name) -> Value {
    let kind = match name {
        Name::Whole {
            organisation: true, ..
        } => "Organization",
        _ => "Person",
    };
    let mut agent = json!({ "@type": kind, "name": name.display() });
    if let Name::Person { family, given, .. } = name {
        agent["familyName"] = json!(family);
        agent["givenName"] = json!(given);
    }
    if let Some(orcid) = name.orcid() {
        agent["sameAs"] = json!(format!("https://orcid.org/{orcid}"));
    }
    agent
}

fn source(source: &super::SourceText) -> Value {
    let mut work = json!({
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": { "@type": "Organization", "name": source.publisher },
        "datePublished": source.date,
    });
    if let Some(url) = &source.url {
        work["url"] = json!(url);
    }
    work
}

/// What the `Dataset` says beyond the edition: the indicators page's
/// title, description and address, and the downloads (absolute URL,
/// media type).
pub struct DatasetPage<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub downloads: &'a [(String, &'static str)],
}

/// The indicators as a schema.org `Dataset`, part of the edition's
/// `Report`.
pub fn dataset_json_ld(edition: &Edition, page: &DatasetPage<'_>) -> String {
    let distribution: Vec<Value> = page
        .downloads
        .iter()
        .map(|(url, media_type)| {
            json!({ "@type": "DataDownload", "contentUrl": url, "encodingFormat": media_type })
        })
        .collect();
    let mut dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": format!("{}#dataset", page.url),
        "name": page.name,
        "description": page.description,
        "url": page.url,
        "inLanguage": edition.language_tag,
        "datePublished": edition.date.to_string(),
        "creator": edition.creators.iter().map(agent).collect::<Vec<_>>(),
        "isPartOf": { "@id": report_id(&edition.url) },
        "isBasedOn": edition.sources.iter().map(source).collect::<Vec<_>>(),
        "distribution": distribution,
    });
    if let Some(license) = &edition.license {
        dataset["license"] = json!(license.url);
    }
    if let Some(publisher) = &edition.publisher {
        dataset["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    script(&dataset)
}

/// Serialised for a `<script>` element.
fn script(value: &Value) -> String {
    // Plain strings and numbers always serialise.
    escape::json_in_script(&serde_json::to_string(value).unwrap_or_default())
}
