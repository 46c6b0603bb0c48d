//! Indicators: the one data file (`content/indicators.toml`) that every
//! number of the brief comes from.
//!
//! `load` parses and validates the file (every problem reported together,
//! each with its line); `format` writes values natively in each language;
//! `derive` computes growth rates and ratios with a method note; `table`,
//! `chart` and `figure` turn data into markup for shortcodes; `export`
//! writes the machine-readable downloads.

pub mod data;
pub mod present;

// The data: reading the file, derived figures, downloads, usage.
pub use data::{derive, export, load, package, usage};
// The presentation: numbers, words, figures, tables, charts, the page and
// the shortcodes.
pub use present::{chart, chart_data, derived, figure, format, labels, page, shortcodes, table};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::Diagnostic;

pub use format::NumberFormat;
pub use labels::Labels;
pub use load::DATA_FILE;

/// Text in each language of the site, keyed by language code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    /// The text in `lang`; empty when missing (loading checks that every
    /// configured language is present, so this only happens for optional
    /// fields).
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).map_or("", String::as_str)
    }
}

/// What an indicator's values measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unit {
    /// An amount in yuan.
    Cny,
    /// A percentage; `value = 40` means 40%.
    Percent,
    /// Computing power in PFLOPS.
    Pflops,
    /// A number of things, counted with a word per language: the measure
    /// word in Chinese (`家`), the noun in English (`enterprises`).
    Count {
        /// The counter word per language.
        counter: Localized,
    },
}

/// Whether a value happened, is aimed for, is estimated, or is a rule of a
/// policy (an amount or a count it sets, such as a reward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// A measured value.
    Actual,
    /// A policy target.
    Target,
    /// An estimate.
    Estimate,
    /// A policy parameter: a value a policy sets (a reward's amount, how
    /// many may receive it), neither observed nor aimed for.
    Parameter,
}

impl PointKind {
    /// Every kind, in order.
    pub const ALL: [PointKind; 4] = [
        PointKind::Actual,
        PointKind::Target,
        PointKind::Estimate,
        PointKind::Parameter,
    ];

    /// The kind's name, as the data file writes it and as markup classes
    /// and the downloads use it: `actual`, `target`, `estimate`,
    /// `parameter`.
    pub fn name(self) -> &'static str {
        match self {
            PointKind::Actual => "actual",
            PointKind::Target => "target",
            PointKind::Estimate => "estimate",
            PointKind::Parameter => "parameter",
        }
    }

    /// Parses the name used in the data file and shortcodes: `actual`,
    /// `target`, `estimate` or `parameter`; the error names the known
    /// kinds.
    pub fn parse(text: &str) -> Result<PointKind, Diagnostic> {
        match text {
            "actual" => Ok(PointKind::Actual),
            "target" => Ok(PointKind::Target),
            "estimate" => Ok(PointKind::Estimate),
            "parameter" => Ok(PointKind::Parameter),
            other => Err(Diagnostic::new(format!(
                "unknown kind `{other}` (known: actual, target, estimate, parameter)"
            ))),
        }
    }
}

/// How exact a value is, as the source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Exactly this value.
    #[default]
    Exact,
    /// Nearly this value (近900家 / nearly 900).
    Nearly,
    /// More than this value (超过4700 / more than 4,700).
    MoreThan,
    /// About this value (约 / about).
    About,
}

/// One value of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The year the value is for.
    pub year: i32,
    /// The value in the indicator's unit.
    pub value: f64,
    /// Actual, target or estimate.
    pub kind: PointKind,
    /// How exact the value is.
    pub qualifier: Qualifier,
    /// The id of the source that states it.
    pub source: String,
}

/// One indicator and its series of values.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id used by shortcodes: `ai-core-scale`.
    pub id: String,
    /// Label per language.
    pub label: Localized,
    /// What the values measure.
    pub unit: Unit,
    /// The group it is listed under, if any.
    pub group: Option<String>,
    /// A note per language, if any.
    pub note: Option<Localized>,
    /// Values, in (year, kind) order.
    pub points: Vec<Point>,
    /// Where the indicator's id is written in the data file.
    #[serde(skip)]
    pub position: Option<crate::diagnostic::Position>,
}

impl Indicator {
    /// The point for `year`, preferring `kind` when given; without a kind,
    /// an actual value wins over an estimate over a target.
    pub fn point(&self, year: i32, kind: Option<PointKind>) -> Option<&Point> {
        self.points
            .iter()
            .filter(|p| p.year == year && kind.is_none_or(|k| p.kind == k))
            .min_by_key(|p| p.kind)
    }

    /// The most recent actual value.
    pub fn latest_actual(&self) -> Option<&Point> {
        self.points
            .iter()
            .filter(|p| p.kind == PointKind::Actual)
            .max_by_key(|p| p.year)
    }

    /// The years that have a value, ascending and without repeats.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.points.iter().map(|p| p.year).collect();
        years.dedup();
        years
    }
}

/// A group of indicators, listed and tabulated together.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Stable id: `scale`.
    pub id: String,
    /// Label per language.
    pub label: Localized,
}

/// Where values come from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Stable id used by points.
    pub id: String,
    /// Publisher per language.
    pub publisher: Localized,
    /// Title per language.
    pub title: Localized,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Where to read it, if online.
    pub url: Option<String>,
}

/// How a derived figure is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Growth from one value to another: `to / from − 1`.
    Growth,
    /// Compound annual growth rate: `(to / from)^(1 / years) − 1`.
    Cagr,
    /// Ratio: `to / from`.
    Ratio,
}

/// A reference to one point of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct PointRef {
    /// Indicator id.
    pub indicator: String,
    /// Year of the point.
    pub year: i32,
    /// Kind of the point, when the year has more than one.
    pub kind: Option<PointKind>,
}

/// A figure computed from two points, declared in the data file.
#[derive(Debug, Clone, Serialize)]
pub struct Derived {
    /// Stable id used by shortcodes.
    pub id: String,
    /// Label per language.
    pub label: Localized,
    /// How it is computed.
    pub method: Method,
    /// The base point.
    pub from: PointRef,
    /// The point compared with the base.
    pub to: PointRef,
    /// An optional note per language (for example on comparability).
    pub note: Option<Localized>,
}

/// The whole data file, validated.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    /// The file it was loaded from (for messages).
    pub path: PathBuf,
    /// Indicators in file order.
    pub indicators: Vec<Indicator>,
    /// Groups in file order.
    pub groups: Vec<Group>,
    /// Sources in file order.
    pub sources: Vec<Source>,
    /// Derived figures in file order.
    pub derived: Vec<Derived>,
}

impl Indicators {
    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The indicator with this id, or the message for an unknown one
    /// (with the nearest id, if one is close).
    pub fn require(&self, id: &str) -> Result<&Indicator, Diagnostic> {
        self.indicator(id).ok_or_else(|| {
            Diagnostic::new(format!(
                "unknown indicator `{id}`{}",
                crate::suggest::did_you_mean(id, self.indicators.iter().map(|i| i.id.as_str()))
            ))
        })
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The 1-based number of a source in the source list (for footnote
    /// marks).
    pub fn source_number(&self, id: &str) -> Option<usize> {
        self.sources.iter().position(|s| s.id == id).map(|i| i + 1)
    }

    /// The derived figure with this id.
    pub fn derived(&self, id: &str) -> Option<&Derived> {
        self.derived.iter().find(|d| d.id == id)
    }

    /// The derived figure with this id, or the message for an unknown one.
    pub fn require_derived(&self, id: &str) -> Result<&Derived, Diagnostic> {
        self.derived(id).ok_or_else(|| {
            Diagnostic::new(format!(
                "unknown derived figure `{id}`{} (declare it in a [[derived]] table)",
                crate::suggest::did_you_mean(id, self.derived.iter().map(|d| d.id.as_str()))
            ))
        })
    }

    /// The indicators of a group, in file order.
    pub fn in_group(&self, group: &str) -> Vec<&Indicator> {
        self.indicators
            .iter()
            .filter(|i| i.group.as_deref() == Some(group))
            .collect()
    }

    /// The data file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The anchor of an indicator on the indicators page.
pub fn indicator_anchor(id: &str) -> String {
    format!("indicator-{id}")
}

/// The anchor of a source on the indicators page.
pub fn source_anchor(id: &str) -> String {
    format!("source-{id}")
}

/// The anchor of a derived figure on the indicators page.
pub fn derived_anchor(id: &str) -> String {
    format!("derived-{id}")
}

/// Everything needed to turn data into markup in one language.
#[derive(Debug, Clone, Copy)]
pub struct Presenter<'a> {
    /// The data.
    pub data: &'a Indicators,
    /// The language code.
    pub lang: &'a str,
    /// Number formatting for the language.
    pub numbers: &'a NumberFormat,
    /// Words for the language.
    pub labels: &'a Labels,
    /// Site path of the language's indicators page (sources and method
    /// notes are linked there): `/brief/zh/indicators/`.
    pub page_url: &'a str,
}

impl Presenter<'_> {
    /// The link to a source on the indicators page.
    pub fn source_href(&self, source: &str) -> String {
        format!("{}#{}", self.page_url, source_anchor(source))
    }

    /// The link to a derived figure's method note on the indicators page.
    pub fn derived_href(&self, id: &str) -> String {
        format!("{}#{}", self.page_url, derived_anchor(id))
    }

    /// The indicator's label in this language.
    pub fn label<'b>(&self, indicator: &'b Indicator) -> &'b str {
        indicator.label.get(self.lang)
    }
}
