//! `data/datapackage.json`: the downloads described as a Frictionless
//! Data Package (spec v2): the CSV as a tabular resource with a Table
//! Schema (field types, the unit, kind and qualifier enumerations, the
//! primary key), the JSON beside it, the sources, the licence, the
//! contributors and the title in every language.

use serde_json::{Value, json};

use super::export::{self, CSV_FILE, JSON_FILE, QUALIFIER_NAMES, UNIT_NAMES};
use crate::indicators::{Indicators, PointKind};

/// Where the descriptor goes in the output.
pub const PACKAGE_FILE: &str = "data/datapackage.json";

/// What the package says about the publication, from the configuration.
#[derive(Debug, Clone, Default)]
pub struct PackageMeta {
    /// The package name: lower case, `-`, `_` and `.` only.
    pub name: String,
    /// The language codes, the default first.
    pub languages: Vec<String>,
    /// The site title in each language, in the order of `languages`.
    pub titles: Vec<String>,
    /// The default language's description.
    pub description: String,
    /// The site's address.
    pub homepage: String,
    /// The publication date, `2026-11-27`, when there is one.
    pub created: Option<String>,
    /// The licence: SPDX id, its page, its name.
    pub license: Option<(String, String, String)>,
    /// Each contributor's name and role (`author`, `publisher`).
    pub contributors: Vec<(String, &'static str)>,
}

/// The descriptor, pretty-printed.
pub fn to_datapackage(data: &Indicators, meta: &PackageMeta) -> String {
    let default = meta.languages.first().map_or("", String::as_str);
    let mut package = json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": meta.name,
        "title": meta.titles.first(),
        "description": meta.description,
        "homepage": meta.homepage,
        "languages": meta.languages,
        "titles": meta.languages.iter().zip(&meta.titles).map(|(l, t)| (l.clone(), json!(t))).collect::<serde_json::Map<_, _>>(),
        "contributors": meta.contributors.iter().map(|(name, role)| json!({ "title": name, "roles": [role] })).collect::<Vec<_>>(),
        "sources": data.sources.iter().map(|s| source(s, default)).collect::<Vec<_>>(),
        "resources": [csv_resource(meta), json_resource()],
    });
    if let Some(created) = &meta.created {
        package["created"] = json!(format!("{created}T00:00:00Z"));
    }
    if let Some((id, path, title)) = &meta.license {
        package["licenses"] = json!([{ "name": id, "path": path, "title": title }]);
    }
    // Plain strings and numbers always serialise.
    serde_json::to_string_pretty(&package).unwrap_or_default() + "\n"
}

fn source(source: &crate::indicators::Source, lang: &str) -> Value {
    let mut entry = json!({
        "title": format!("{} ({}, {})", source.title.get(lang), source.publisher.get(lang), source.date),
    });
    if let Some(url) = &source.url {
        entry["path"] = json!(url);
    }
    entry
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn csv_resource(meta: &PackageMeta) -> Value {
    let languages: Vec<&str> = meta.languages.iter().map(String::as_str).collect();
    let fields: Vec<Value> = export::csv_columns(&languages)
        .iter()
        .map(|name| field(name))
        .collect();
    json!({
        "name": "indicators",
        "type": "table",
        "path": file_name(CSV_FILE),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "One row per value of an indicator. Text cells that begin with =, +, -, @, a tab or a carriage return carry a leading apostrophe, so that no spreadsheet runs them as a formula (OWASP's advice on CSV injection); numbers are written as numbers.",
        "dialect": { "header": true, "delimiter": "," },
        "schema": {
            "fields": fields,
            "primaryKey": ["indicator", "year", "kind"],
            "missingValues": [""],
        },
    })
}

/// The Table Schema field of one CSV column.
fn field(name: &str) -> Value {
    let kinds: Vec<&str> = PointKind::ALL.iter().map(|k| k.name()).collect();
    let (kind, description, values): (&str, &str, Option<Vec<&str>>) = match name {
        "indicator" => ("string", "The indicator's id.", None),
        "unit" => (
            "string",
            "What `value` measures: cny (yuan), percent (40 is 40%), pflops, count (a number of things).",
            Some(UNIT_NAMES.to_vec()),
        ),
        "group" => ("string", "The group the indicator is listed under.", None),
        "year" => ("integer", "The year the value is for.", None),
        "value" => (
            "number",
            "The value, in `unit` (yuan in full, not billions).",
            None,
        ),
        "kind" => (
            "string",
            "Whether the value happened (actual), is aimed for (target), is estimated, or is a rule a policy sets (parameter).",
            Some(kinds),
        ),
        "qualifier" => (
            "string",
            "How exact the source states the value.",
            Some(QUALIFIER_NAMES.to_vec()),
        ),
        "source" => ("string", "The id of the value's source.", None),
        label if label.starts_with("label_") => {
            ("string", "The indicator's label in this language.", None)
        }
        _ => ("string", "The source's publisher in this language.", None),
    };
    let mut field = json!({ "name": name, "type": kind, "description": description });
    let required = matches!(
        name,
        "indicator" | "year" | "value" | "kind" | "unit" | "qualifier" | "source"
    );
    let mut constraints = serde_json::Map::new();
    if required {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(values) = values {
        constraints.insert("enum".into(), json!(values));
    }
    if !constraints.is_empty() {
        field["constraints"] = Value::Object(constraints);
    }
    field
}

fn json_resource() -> Value {
    json!({
        "name": "indicators-json",
        "path": file_name(JSON_FILE),
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": "The whole data file: sources, indicators with their values and notes, and the derived figures with their computed values.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::load::parse;
    use std::path::Path;

    #[test]
    fn the_schema_describes_every_csv_column_in_order() {
        let data = parse(
            Path::new("content/indicators.toml"),
            "[[sources]]\nid = \"s\"\npublisher = { zh = \"甲\", en = \"A\" }\ntitle = { zh = \"乙\", en = \"B\" }\ndate = 2024-06-20\n",
            &["zh", "en"],
        )
        .unwrap();
        let meta = PackageMeta {
            name: "x".into(),
            languages: vec!["zh".into(), "en".into()],
            titles: vec!["甲".into(), "A".into()],
            ..PackageMeta::default()
        };
        let package: Value = serde_json::from_str(&to_datapackage(&data, &meta)).unwrap();
        let fields: Vec<&str> = package["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, export::csv_columns(&["zh", "en"]));
        assert_eq!(package["titles"]["en"], "A");
        assert!(package.get("licenses").is_none(), "no licence, no claim");
    }
}
