//! From indicators to a chart: scales the values, writes the labels and a
//! description that states every number, and wraps the SVG drawn by
//! [`crate::indicators::chart`] in a captioned figure with its sources.

use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::indicators::chart::{Bar, BarKind, ChartSpec, Series, bar_chart};
use crate::indicators::format::Scale;
use crate::indicators::table::SourceRef;
use crate::indicators::{Indicator, PointKind, Presenter, Unit};

impl Presenter<'_> {
    /// A chart of `indicators` (all in one unit) as a `<figure>`.
    pub fn chart(
        &self,
        id: &str,
        caption: &str,
        indicators: &[&Indicator],
    ) -> Result<String, Diagnostic> {
        let svg = bar_chart(&self.chart_spec(id, caption, indicators)?);
        Ok(format!(
            r#"<figure class="indicator-chart" id="{id}"><figcaption class="chart-title">{title}</figcaption>{svg}<p class="chart-source">{source_label}{separator}{source_links}</p></figure>"#,
            id = escape::html(id),
            title = escape::html(caption),
            source_label = escape::html(self.labels.get("source_label")),
            separator = escape::html(self.labels.get("label_separator")),
            source_links = self.source_line_html(&self.source_refs(indicators)),
        ))
    }

    /// What a chart of `indicators` draws, or why they cannot be one
    /// chart (different units, a policy parameter).
    pub fn chart_spec(
        &self,
        id: &str,
        caption: &str,
        indicators: &[&Indicator],
    ) -> Result<ChartSpec, Diagnostic> {
        let unit = &indicators[0].unit;
        if let Some(other) = indicators.iter().find(|i| !same_unit(&i.unit, unit)) {
            return Err(Diagnostic::new(format!(
                "a chart shows one unit, but `{}` and `{}` differ",
                indicators[0].id, other.id
            )));
        }
        if let Some(i) = indicators
            .iter()
            .find(|i| i.points.iter().any(|p| p.kind == PointKind::Parameter))
        {
            return Err(Diagnostic::new(format!(
                "a chart shows observed values, targets and estimates, but `{}` has a policy parameter: put it in a table",
                i.id
            )));
        }
        let values: Vec<f64> = indicators
            .iter()
            .flat_map(|i| i.points.iter().map(|p| p.value))
            .collect();
        let scale = self.numbers.scale(&values, unit, self.lang);
        let series = self.chart_series(indicators, &scale);
        Ok(ChartSpec {
            id: id.to_string(),
            title: caption.to_string(),
            description: self.chart_description(indicators, &series, &scale),
            unit_label: scale.unit_label.clone(),
            // A legend entry starts a phrase: "Target", not "target".
            kind_labels: [PointKind::Actual, PointKind::Target, PointKind::Estimate]
                .map(|kind| capitalized(self.labels.kind(kind))),
            separator: self.labels.get("field_separator").to_string(),
            series,
        })
    }

    /// One series per indicator, its values in `scale`.
    fn chart_series(&self, indicators: &[&Indicator], scale: &Scale) -> Vec<Series> {
        let divisor = 10f64.powi(i32::from(scale.exponent));
        indicators
            .iter()
            .map(|indicator| Series {
                name: self.label(indicator).to_string(),
                bars: indicator
                    .points
                    .iter()
                    .map(|p| Bar {
                        year: p.year,
                        value: p.value / divisor,
                        kind: bar_kind(p.kind),
                        label: self
                            .numbers
                            .cell(p.value, scale, &indicator.unit, p.qualifier),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The sentence that states every number of the chart, for its
    /// `<desc>`.
    fn chart_description(
        &self,
        indicators: &[&Indicator],
        series: &[Series],
        scale: &Scale,
    ) -> String {
        let separator = self.labels.get("list_separator");
        series
            .iter()
            .zip(indicators)
            .map(|(s, indicator)| {
                let values = indicator
                    .points
                    .iter()
                    .zip(&s.bars)
                    .map(|(p, bar)| {
                        format!("{} {}", self.labels.point_ref(p.year, p.kind), bar.label)
                    })
                    .collect::<Vec<_>>()
                    .join(separator);
                crate::indicators::labels::fill(
                    self.labels.get("chart_description"),
                    &[
                        ("label", &s.name),
                        ("unit", &scale.unit_label),
                        ("values", &values),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The sources of `indicators`' values, each once, in the data file's
    /// order: the source's number as the cells mark it (`[1]`), its
    /// publisher and its date in the page's language.
    pub(super) fn source_refs(&self, indicators: &[&Indicator]) -> Vec<SourceRef> {
        let mut sources: Vec<(usize, &str)> = indicators
            .iter()
            .flat_map(|i| i.points.iter().map(|p| p.source.as_str()))
            .map(|id| (self.data.source_number(id).unwrap_or(0), id))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        sources
            .iter()
            .filter_map(|(number, id)| Some((number, self.data.source(id)?)))
            .map(|(&number, s)| SourceRef {
                number,
                id: s.id.clone(),
                publisher: s.publisher.get(self.lang).to_string(),
                date: crate::dates::local_date(&s.date, |key| {
                    Some(self.labels.get(key)).filter(|v| !v.is_empty())
                })
                .unwrap_or_else(|| s.date.clone()),
            })
            .collect()
    }

    /// The line under a table or chart, as HTML: each source's number
    /// linked to the source on the indicators page, its publisher and date.
    pub(super) fn source_line_html(&self, sources: &[SourceRef]) -> String {
        let field = self.labels.get("field_separator");
        sources
            .iter()
            .map(|s| {
                format!(
                    r#"<a href="{}">[{}]</a> {}{}{}"#,
                    escape::html(&self.source_href(&s.id)),
                    s.number,
                    escape::html(&s.publisher),
                    escape::html(field),
                    escape::html(&s.date)
                )
            })
            .collect::<Vec<_>>()
            .join(self.labels.get("list_separator"))
    }
}

/// `text` with its first letter in upper case (no change for scripts
/// without case, such as Chinese).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn same_unit(a: &Unit, b: &Unit) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn bar_kind(kind: PointKind) -> BarKind {
    match kind {
        PointKind::Actual => BarKind::Actual,
        PointKind::Target => BarKind::Target,
        PointKind::Estimate => BarKind::Estimate,
        // `chart` refuses parameters before any bar is made.
        PointKind::Parameter => BarKind::Actual,
    }
}
