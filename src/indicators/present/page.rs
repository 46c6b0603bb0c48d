//! What templates see of the data: the generated indicators page (every
//! indicator by group with its table, every derived figure with its method,
//! every source) and the key figures of a home page.

use serde::Serialize;

use crate::content::Page;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::derived;
use crate::indicators::table::{DerivedColumn, TableSpec};
use crate::indicators::{
    Indicator, PointKind, Presenter, derive, derived_anchor, indicator_anchor, source_anchor,
};

/// The indicators page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorsView {
    /// Indicators by group (ungrouped ones last), each with a table.
    pub groups: Vec<GroupView>,
    /// Derived figures with their values and methods.
    pub derived: Vec<DerivedView>,
    /// Sources, numbered as the table marks number them.
    pub sources: Vec<SourceView>,
    /// Site path of the JSON download.
    pub json_url: String,
    /// Site path of the CSV download.
    pub csv_url: String,
}

/// One group of indicators.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Group id (empty for ungrouped indicators).
    pub id: String,
    /// Group label.
    pub label: String,
    /// The group's table, with derived columns where an indicator has an
    /// actual value and a later target (HTML; templates mark it safe).
    pub table: String,
    /// The indicators that have notes (every indicator's row in the table
    /// carries its anchor).
    pub indicators: Vec<IndicatorView>,
}

/// One indicator's note.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Indicator id.
    pub id: String,
    /// The anchor of its table row.
    pub anchor: String,
    /// Label.
    pub label: String,
    /// The note.
    pub note: String,
}

/// One derived figure.
#[derive(Debug, Clone, Serialize)]
pub struct DerivedView {
    /// Derived figure id.
    pub id: String,
    /// The anchor on the indicators page.
    pub anchor: String,
    /// Label.
    pub label: String,
    /// The value: `28.2%`.
    pub value: String,
    /// How it is computed, with the inputs.
    pub method: String,
    /// Note, or empty.
    pub note: String,
}

/// One source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Source id.
    pub id: String,
    /// The anchor on the indicators page.
    pub anchor: String,
    /// The number table marks use.
    pub number: usize,
    /// Publisher.
    pub publisher: String,
    /// Title.
    pub title: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// URL, or empty.
    pub url: String,
}

/// One group of indicators and the table the indicators page shows.
#[derive(Debug, Clone)]
pub struct GroupTable<'a> {
    /// Group id (empty for ungrouped indicators).
    pub id: String,
    /// Group label.
    pub label: String,
    /// The table.
    pub spec: TableSpec<'a>,
}

/// One key figure on a home page.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigureView {
    /// The indicator's label.
    pub label: String,
    /// The figure, linked to its source (HTML; templates mark it safe).
    pub value: String,
    /// The figure as plain text: `1000亿元` (the PDF edition's cover).
    pub text: String,
    /// Year and kind: `2026年目标`.
    pub when: String,
    /// `actual`, `target` or `estimate`.
    pub kind: String,
}

impl<'a> Presenter<'a> {
    /// The indicators page. `json_url` and `csv_url` are the downloads'
    /// site paths.
    pub fn indicators_view(&self, json_url: String, csv_url: String) -> IndicatorsView {
        let groups = self
            .group_tables()
            .into_iter()
            .map(|group| self.group_view(group))
            .collect();
        IndicatorsView {
            groups,
            derived: self.derived_views(),
            sources: self.source_views(),
            json_url,
            csv_url,
        }
    }

    /// The indicators by group (ungrouped ones last), each group with the
    /// table the indicators page shows: derived columns where a target
    /// follows an actual value, rows anchored.
    pub fn group_tables(&self) -> Vec<GroupTable<'a>> {
        let mut groups: Vec<GroupTable<'a>> = self
            .data
            .groups
            .iter()
            .filter_map(|g| {
                let members = self.data.in_group(&g.id);
                (!members.is_empty())
                    .then(|| self.group_table(&g.id, g.label.get(self.lang), members))
            })
            .collect();
        let ungrouped: Vec<&'a Indicator> = self
            .data
            .indicators
            .iter()
            .filter(|i| i.group.is_none())
            .collect();
        if !ungrouped.is_empty() {
            groups.push(self.group_table("", self.labels.get("indicators_title"), ungrouped));
        }
        groups
    }

    fn group_table(&self, id: &str, label: &str, members: Vec<&'a Indicator>) -> GroupTable<'a> {
        // Growth still needed where a target follows an actual value; the
        // implied annual rate only where that takes more than one year (for
        // one year it is the same number).
        let spans: Vec<i32> = members
            .iter()
            .filter_map(|i| derive::actual_to_target(i))
            .map(|(actual, target)| target.year - actual.year)
            .collect();
        let mut derived = Vec::new();
        if !spans.is_empty() {
            derived.push(DerivedColumn::GrowthNeeded);
        }
        if spans.iter().any(|&years| years > 1) {
            derived.push(DerivedColumn::Cagr);
        }
        let table_id = if id.is_empty() {
            "table-other".to_string()
        } else {
            format!("table-{id}")
        };
        GroupTable {
            id: id.to_string(),
            label: label.to_string(),
            spec: TableSpec {
                id: table_id,
                caption: label.to_string(),
                indicators: members,
                derived,
                row_anchors: true,
            },
        }
    }

    fn group_view(&self, group: GroupTable<'_>) -> GroupView {
        let indicators = group
            .spec
            .indicators
            .iter()
            .map(|i| IndicatorView {
                id: i.id.clone(),
                anchor: indicator_anchor(&i.id),
                label: self.label(i).to_string(),
                note: i
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| n.get(self.lang).to_string()),
            })
            .collect();
        GroupView {
            table: self.table(&group.spec),
            id: group.id,
            label: group.label,
            indicators,
        }
    }

    pub fn derived_views(&self) -> Vec<DerivedView> {
        self.data
            .derived
            .iter()
            .filter_map(|d| {
                let computed =
                    derived::evaluate(self.data, d, self.numbers, self.labels, self.lang)?;
                Some(DerivedView {
                    id: d.id.clone(),
                    anchor: derived_anchor(&d.id),
                    label: d.label.get(self.lang).to_string(),
                    value: computed.text,
                    method: computed.method,
                    note: d
                        .note
                        .as_ref()
                        .map_or(String::new(), |n| n.get(self.lang).to_string()),
                })
            })
            .collect()
    }

    pub fn source_views(&self) -> Vec<SourceView> {
        self.data
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| SourceView {
                id: s.id.clone(),
                anchor: source_anchor(&s.id),
                number: i + 1,
                publisher: s.publisher.get(self.lang).to_string(),
                title: s.title.get(self.lang).to_string(),
                date: s.date.clone(),
                url: s.url.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// A key figure for a home page: `id` and optional `year` and `kind`
    /// as in the `figure` shortcode.
    pub fn key_figure(
        &self,
        id: &str,
        year: Option<i32>,
        kind: Option<crate::indicators::PointKind>,
    ) -> Result<KeyFigureView, Diagnostic> {
        let indicator = self.data.require(id)?;
        let point = self.find_point(indicator, year, kind)?;
        Ok(KeyFigureView {
            label: self.label(indicator).to_string(),
            value: self.figure(indicator, point),
            text: self.figure_text(indicator, point),
            when: self.labels.point_ref(point.year, point.kind),
            kind: point.kind.name().to_string(),
        })
    }
}

/// A page's `key_figures` front matter, resolved with `presenter` (none
/// when the site has no data): every entry that names no value is an error
/// at its line.
pub fn key_figures(presenter: Option<&Presenter<'_>>, page: &Page) -> Result<Vec<KeyFigureView>> {
    let mut problems = Diagnostics::new();
    let mut figures = Vec::new();
    for (entry, position) in page
        .front
        .key_figures
        .iter()
        .zip(&page.key_figure_positions)
    {
        let entry = entry.get_ref();
        let result = match presenter {
            None => Err(Diagnostic::new(
                "this site has no indicator data (content/indicators.toml)",
            )),
            Some(presenter) => entry
                .kind
                .as_deref()
                .map(PointKind::parse)
                .transpose()
                .and_then(|kind| presenter.key_figure(&entry.id, entry.year, kind)),
        };
        match result {
            Ok(figure) => figures.push(figure),
            Err(problem) => problems.push(
                problem
                    .within("`key_figures`")
                    .with_path(&page.path)
                    .at(*position),
            ),
        }
    }
    problems.into_result(figures)
}
