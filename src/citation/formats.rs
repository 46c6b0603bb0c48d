//! The downloads of "cite this brief": BibTeX (`@techreport`, with the
//! BibLaTeX fields readers also take), RIS (`TY  - RPRT`) and CSL-JSON,
//! one record per language edition.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Edition, Name};
use crate::escape;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The edition as one BibTeX entry.
pub fn to_bibtex(edition: &Edition) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors: Vec<String> = edition.creators.iter().map(bibtex_name).collect();
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    // Double braces keep the title's capitals as written.
    fields.push(("title", format!("{{{}}}", escape::bibtex(&edition.title))));
    if let Some(publisher) = &edition.publisher {
        fields.push(("institution", escape::bibtex(publisher)));
    }
    let text_fields = [
        ("series", edition.series.as_ref()),
        ("number", edition.number.as_ref()),
    ];
    for (name, value) in text_fields {
        if let Some(value) = value {
            fields.push((name, escape::bibtex(value)));
        }
    }
    fields.push(("year", edition.date.year.to_string()));
    fields.push(("date", edition.date.to_string()));
    fields.push(("language", escape::bibtex(&edition.language_tag)));
    fields.push(("url", verbatim(&edition.url)));
    if let Some(doi) = &edition.doi {
        fields.push(("doi", verbatim(doi)));
    }
    fields.push(("abstract", escape::bibtex(&edition.description)));
    let mut out = format!("@techreport{{{},\n", edition.key);
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    // A month macro is written bare, as BibTeX styles expect.
    let month = MONTHS[usize::from(edition.date.month.clamp(1, 12)) - 1];
    let _ = writeln!(out, "  month = {month},");
    out.push_str("}\n");
    out
}

/// `Family, Given`, or a whole name in braces (so that no style splits
/// an organisation or a Chinese name into given and family names).
fn bibtex_name(name: &Name) -> String {
    match name {
        Name::Person { family, given, .. } => {
            format!("{}, {}", escape::bibtex(family), escape::bibtex(given))
        }
        Name::Whole { name, .. } => format!("{{{}}}", escape::bibtex(name)),
    }
}

/// A URL or DOI as BibTeX's `url` field takes it: written as it is, but
/// for the characters that would unbalance the field.
fn verbatim(text: &str) -> String {
    text.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// The edition as one RIS record.
pub fn to_ris(edition: &Edition) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "RPRT".to_string())];
    for name in &edition.creators {
        lines.push(("AU", name.inverted()));
    }
    lines.push(("TI", edition.title.clone()));
    lines.push(("PY", edition.date.year.to_string()));
    let date = edition.date;
    lines.push((
        "DA",
        format!(
            "{:04}/{:02}/{:02}/",
            date.year,
            date.month,
            date.day.unwrap_or(1)
        ),
    ));
    let optional = [
        ("PB", edition.publisher.as_ref()),
        ("T3", edition.series.as_ref()),
        ("SN", edition.number.as_ref()),
        ("DO", edition.doi.as_ref()),
        ("L1", edition.pdf_url.as_ref()),
    ];
    lines.push(("UR", edition.url.clone()));
    for (tag, value) in optional {
        if let Some(value) = value {
            lines.push((tag, value.clone()));
        }
    }
    lines.push(("LA", edition.language_tag.clone()));
    lines.push(("AB", edition.description.clone()));
    let mut out = String::new();
    for (tag, value) in lines {
        let _ = write!(out, "{tag}  - {}\r\n", escape::ris(&value));
    }
    out.push_str("ER  - \r\n");
    out
}

/// The edition as a CSL-JSON array of one item.
pub fn to_csl_json(edition: &Edition) -> String {
    let date = edition.date;
    let mut parts = vec![json!(date.year), json!(date.month)];
    parts.extend(date.day.map(|d| json!(d)));
    let mut item = json!({
        "id": edition.key,
        "type": "report",
        "title": edition.title,
        "author": edition.creators.iter().map(csl_name).collect::<Vec<_>>(),
        "issued": { "date-parts": [parts] },
        "URL": edition.url,
        "language": edition.language_tag,
        "abstract": edition.description,
    });
    let optional = [
        ("publisher", edition.publisher.as_ref()),
        ("collection-title", edition.series.as_ref()),
        ("number", edition.number.as_ref()),
        ("DOI", edition.doi.as_ref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            item[key] = json!(value);
        }
    }
    // Plain strings and numbers always serialise.
    serde_json::to_string_pretty(&Value::Array(vec![item])).unwrap_or_default() + "\n"
}

fn csl_name(name: &Name) -> Value {
    match name {
        Name::Person { family, given, .. } => json!({ "family": family, "given": given }),
        Name::Whole { name, .. } => json!({ "literal": name }),
    }
}
