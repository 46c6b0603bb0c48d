//! Machine-readable downloads of the data: `data/indicators.json` (the
//! whole data file, with derived figures computed) and
//! `data/indicators.csv` (one row per value, labels in every language).
//!
//! In the CSV, a text cell that a spreadsheet would take for a formula
//! (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets
//! a leading `'`, as OWASP recommends against CSV injection; numbers are
//! written as numbers, and the JSON keeps every text exactly.

use serde::Serialize;

use crate::indicators::{Derived, Indicators, Source, derive};

/// Where the JSON download goes in the output.
pub const JSON_FILE: &str = "data/indicators.json";
/// Where the CSV download goes in the output.
pub const CSV_FILE: &str = "data/indicators.csv";

#[derive(Serialize)]
struct JsonExport<'a> {
    sources: &'a [Source],
    indicators: &'a [crate::indicators::Indicator],
    derived: Vec<JsonDerived<'a>>,
}

#[derive(Serialize)]
struct JsonDerived<'a> {
    #[serde(flatten)]
    declared: &'a Derived,
    value: Option<f64>,
}

/// The JSON download: sources, indicators with their points, and derived
/// figures with their computed values.
pub fn to_json(data: &Indicators) -> String {
    let derived = data
        .derived
        .iter()
        .map(|d| JsonDerived {
            declared: d,
            value: derive::points(data, d).map(|((_, from), (_, to))| {
                derive::compute(d.method, from.value, to.value, to.year - from.year)
            }),
        })
        .collect();
    let export = JsonExport {
        sources: &data.sources,
        indicators: &data.indicators,
        derived,
    };
    // Plain data of strings and numbers always serialises.
    serde_json::to_string_pretty(&export).unwrap_or_default() + "\n"
}

/// The CSV's columns, in order: the indicator, its label in each of
/// `languages`, the unit, group, year, value, kind, qualifier and source,
/// and the source's publisher in each language. The data package's
/// schema describes the same list.
pub fn csv_columns(languages: &[&str]) -> Vec<String> {
    let mut header = vec!["indicator".to_string()];
    header.extend(languages.iter().map(|l| format!("label_{l}")));
    header.extend(
        [
            "unit",
            "group",
            "year",
            "value",
            "kind",
            "qualifier",
            "source",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    header.extend(languages.iter().map(|l| format!("source_publisher_{l}")));
    header
}

/// The CSV download: a header row ([`csv_columns`]), then one row per
/// value, with the indicator's label and the source's publisher in each
/// of `languages`.
pub fn to_csv(data: &Indicators, languages: &[&str]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = csv_columns(languages);
    let mut rows = vec![header];
    for indicator in &data.indicators {
        for point in &indicator.points {
            let mut row = vec![indicator.id.clone()];
            row.extend(languages.iter().map(|l| text_cell(indicator.label.get(l))));
            row.push(unit_name(&indicator.unit).to_string());
            row.push(indicator.group.clone().unwrap_or_default());
            row.push(point.year.to_string());
            row.push(point.value.to_string());
            row.push(point.kind.name().to_string());
            row.push(qualifier_name(point.qualifier).to_string());
            row.push(point.source.clone());
            let source = data.source(&point.source);
            row.extend(
                languages
                    .iter()
                    .map(|l| text_cell(source.map_or("", |s| s.publisher.get(l)))),
            );
            rows.push(row);
        }
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A text cell that no spreadsheet runs as a formula.
fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The unit names the CSV writes, in the order of [`unit_name`].
pub const UNIT_NAMES: [&str; 4] = ["cny", "percent", "pflops", "count"];

/// The qualifier names the CSV writes, in the order of [`qualifier_name`].
pub const QUALIFIER_NAMES: [&str; 4] = ["exact", "nearly", "more_than", "about"];

pub(crate) fn unit_name(unit: &crate::indicators::Unit) -> &'static str {
    match unit {
        crate::indicators::Unit::Cny => "cny",
        crate::indicators::Unit::Percent => "percent",
        crate::indicators::Unit::Pflops => "pflops",
        crate::indicators::Unit::Count { .. } => "count",
    }
}

fn qualifier_name(qualifier: crate::indicators::Qualifier) -> &'static str {
    match qualifier {
        crate::indicators::Qualifier::Exact => "exact",
        crate::indicators::Qualifier::Nearly => "nearly",
        crate::indicators::Qualifier::MoreThan => "more_than",
        crate::indicators::Qualifier::About => "about",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::load::parse;
    use std::path::Path;

    const DATA: &str = r#"
[[sources]]
id = "s1"
publisher = { zh = "每日经济新闻", en = "National Business Daily, Inc." }
title = { zh = "报道", en = "Report" }
date = 2024-06-20

[[indicators]]
id = "ai-scale"
label = { zh = "人工智能产业规模", en = "AI industry scale" }
unit = "cny"
points = [
  { year = 2023, value = 78_000_000_000, kind = "actual", source = "s1" },
  { year = 2024, value = 100_000_000_000, kind = "target", qualifier = "about", source = "s1" },
]

[[derived]]
id = "g"
label = { zh = "增长", en = "Growth" }
method = "growth"
from = { indicator = "ai-scale", year = 2023 }
to = { indicator = "ai-scale", year = 2024 }
"#;

    #[test]
    fn csv_has_one_row_per_point_with_both_labels() {
        let data = parse(Path::new("d.toml"), DATA, &["zh", "en"]).unwrap();
        let csv = to_csv(&data, &["zh", "en"]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "indicator,label_zh,label_en,unit,group,year,value,kind,qualifier,source,source_publisher_zh,source_publisher_en"
        );
        assert_eq!(
            lines[2],
            "ai-scale,人工智能产业规模,AI industry scale,cny,,2024,100000000000,target,about,s1,每日经济新闻,\"National Business Daily, Inc.\""
        );
    }

    #[test]
    fn json_round_trips_and_includes_derived_values() {
        let data = parse(Path::new("d.toml"), DATA, &["zh", "en"]).unwrap();
        let json: serde_json::Value = serde_json::from_str(&to_json(&data)).unwrap();
        assert_eq!(json["indicators"][0]["id"], "ai-scale");
        assert_eq!(json["indicators"][0]["points"][1]["kind"], "target");
        assert_eq!(json["sources"][0]["publisher"]["zh"], "每日经济新闻");
        let growth = json["derived"][0]["value"].as_f64().unwrap();
        assert!((growth - 0.282_05).abs() < 1e-4);
    }

    #[test]
    fn cells_that_look_like_formulas_are_neutralised_in_the_csv_only() {
        for (label, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("规模 = 1", "规模 = 1"),
        ] {
            assert_eq!(text_cell(label), cell);
        }
    }
}
