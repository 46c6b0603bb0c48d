//! The words the indicator markup needs in each language, read from the
//! theme's UI strings (`i18n/LANG.toml`) so a theme or site can reword
//! them. Templates with `{placeholders}` are filled here.

use std::collections::HashMap;

use super::PointKind;

/// UI string keys the indicator markup uses; every theme that shows
/// indicators must define them in every language.
pub const KEYS: &[&str] = &[
    "indicators_title",
    "indicators_description",
    "kind_actual",
    "kind_target",
    "kind_estimate",
    "indicator_column",
    "source_label",
    "no_value",
    "derived_growth_needed",
    "derived_cagr",
    "method_growth",
    "method_cagr",
    "method_ratio",
    "point_ref",
    "list_separator",
    "chart_description",
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

    /// Labels as the default theme words them, for tests.
    pub fn labels(lang: &str) -> Labels {
        let pairs: &[(&str, &str)] = if lang == "zh" {
            &[
                ("indicators_title", "指标"),
                ("indicators_description", "全部指标"),
                ("kind_actual", "实际"),
                ("kind_target", "目标"),
                ("kind_estimate", "估计"),
                ("indicator_column", "指标"),
                ("source_label", "来源"),
                ("no_value", "无数据"),
                ("derived_growth_needed", "距目标尚需增长"),
                ("derived_cagr", "隐含年均增速"),
                ("method_growth", "{to} ÷ {from} − 1"),
                ("method_cagr", "({to} ÷ {from})^(1/{years}) − 1"),
                ("method_ratio", "{to} ÷ {from}"),
                ("point_ref", "{year}年{kind}"),
                ("list_separator", "；"),
                ("chart_description", "{label}（{unit}）：{values}。"),
            ]
        } else {
            &[
                ("indicators_title", "Indicators"),
                ("indicators_description", "All indicators"),
                ("kind_actual", "actual"),
                ("kind_target", "target"),
                ("kind_estimate", "estimate"),
                ("indicator_column", "Indicator"),
                ("source_label", "Source"),
                ("no_value", "no data"),
                ("derived_growth_needed", "Growth still needed"),
                ("derived_cagr", "Implied annual growth"),
                ("method_growth", "{to} ÷ {from} − 1"),
                ("method_cagr", "({to} ÷ {from})^(1/{years}) − 1"),
                ("method_ratio", "{to} ÷ {from}"),
                ("point_ref", "{year} {kind}"),
                ("list_separator", "; "),
                ("chart_description", "{label} ({unit}): {values}."),
            ]
        };
        let strings = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Labels::new(&strings).unwrap()
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
