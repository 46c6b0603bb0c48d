//! The words the indicator markup needs in each language, read from the
//! theme's UI strings (`i18n/LANG.toml`) so a theme or site can reword
//! them. Templates with `{placeholders}` are filled here.

use std::collections::HashMap;

use crate::indicators::PointKind;

/// UI string keys the indicator markup uses; every theme that shows
/// indicators must define them in every language.
pub const KEYS: &[&str] = &[
    "indicators_title",
    "indicators_description",
    "kind_actual",
    "kind_target",
    "kind_estimate",
    "kind_parameter",
    "indicator_column",
    "source_label",
    "label_separator",
    "field_separator",
    "date_day",
    "date_month",
    "month_names",
    "no_value",
    "derived_growth_needed",
    "derived_cagr",
    "method_growth",
    "method_cagr",
    "method_ratio",
    "point_ref",
    "list_separator",
    "chart_description",
    "number_cny",
    "unit_cny",
    "number_count",
    "number_ratio",
    "number_percent",
    "qualifier_nearly",
    "qualifier_more_than",
    "qualifier_about",
    "enumeration_separator",
    "unit_in_header",
    "number_grouping",
    "count_words",
    "counts_in_prose",
];

/// The indicator words of one language.
#[derive(Debug, Clone)]
pub struct Labels {
    strings: HashMap<String, String>,
}

impl Labels {
    /// Picks the indicator keys out of one language's UI strings; `Err`
    /// lists the missing keys.
    pub fn new(strings: &HashMap<String, String>) -> Result<Labels, Vec<&'static str>> {
        let missing: Vec<&'static str> = KEYS
            .iter()
            .copied()
            .filter(|k| !strings.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Labels {
            strings: KEYS
                .iter()
                .map(|k| (k.to_string(), strings[*k].clone()))
                .collect(),
        })
    }

    /// The string for `key` (one of [`KEYS`]).
    pub fn get(&self, key: &str) -> &str {
        self.strings.get(key).map_or("", String::as_str)
    }

    /// The word for a kind of value: 实际 / target.
    pub fn kind(&self, kind: PointKind) -> &str {
        self.get(match kind {
            PointKind::Actual => "kind_actual",
            PointKind::Target => "kind_target",
            PointKind::Estimate => "kind_estimate",
            PointKind::Parameter => "kind_parameter",
        })
    }

    /// A year and kind, as `point_ref` writes them: `2024年目标` /
    /// `2024 target`.
    pub fn point_ref(&self, year: i32, kind: PointKind) -> String {
        fill(
            self.get("point_ref"),
            &[("year", &year.to_string()), ("kind", self.kind(kind))],
        )
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Labels as the default theme words them (its `i18n/LANG.toml`), for
    /// tests.
    pub fn labels(lang: &str) -> Labels {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("themes/default/i18n/{lang}.toml"));
        let text = std::fs::read_to_string(&path).expect("the theme's UI strings");
        let strings: HashMap<String, String> = toml::from_str(&text).expect("a flat table");
        Labels::new(&strings).expect("the theme has every indicator key")
    }

    #[test]
    fn missing_keys_are_listed() {
        let strings = HashMap::from([("kind_actual".to_string(), "实际".to_string())]);
        let missing = Labels::new(&strings).unwrap_err();
        assert!(missing.contains(&"kind_target"));
        assert!(!missing.contains(&"kind_actual"));
    }

    #[test]
    fn point_refs_follow_the_language() {
        assert_eq!(
            labels("zh").point_ref(2024, PointKind::Target),
            "2024年目标"
        );
        assert_eq!(
            labels("en").point_ref(2023, PointKind::Actual),
            "2023 actual"
        );
    }
}
