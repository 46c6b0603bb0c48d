//! Indicator tables: one row per indicator, one column per year, target
//! and estimate cells marked in words as well as style, units in the row
//! headers, the sources under the table (and a source mark in every cell
//! when there is more than one), and optional derived columns whose
//! method is spelled out under the table.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::indicators::derive::actual_to_target;
use crate::indicators::derived;
use crate::indicators::format::Scale;
use crate::indicators::{Indicator, Method, Point, PointKind, Presenter};

/// A computed column a table may add after the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedColumn {
    /// Total growth from the latest actual value to the last target.
    GrowthNeeded,
    /// Compound annual growth from the latest actual value to the last
    /// target.
    Cagr,
}

impl DerivedColumn {
    /// Parses the name used in shortcodes: `growth_needed`, `cagr`.
    pub fn parse(name: &str) -> Result<DerivedColumn, Diagnostic> {
        match name {
            "growth_needed" => Ok(DerivedColumn::GrowthNeeded),
            "cagr" => Ok(DerivedColumn::Cagr),
            other => Err(Diagnostic::new(format!(
                "unknown derived column `{other}` (known: growth_needed, cagr)"
            ))),
        }
    }

    fn method(self) -> Method {
        match self {
            DerivedColumn::GrowthNeeded => Method::Growth,
            DerivedColumn::Cagr => Method::Cagr,
        }
    }

    fn header_key(self) -> &'static str {
        match self {
            DerivedColumn::GrowthNeeded => "derived_growth_needed",
            DerivedColumn::Cagr => "derived_cagr",
        }
    }
}

/// What a table shows.
#[derive(Debug, Clone)]
pub struct TableSpec<'a> {
    /// Unique within the page; used for the caption's id.
    pub id: String,
    /// The caption, in the page's language.
    pub caption: String,
    /// The rows.
    pub indicators: Vec<&'a Indicator>,
    /// Computed columns after the years.
    pub derived: Vec<DerivedColumn>,
    /// Give each row the indicator's anchor (`id="indicator-ID"`); only on
    /// the page where each indicator appears once.
    pub row_anchors: bool,
}

/// A table's content apart from its markup: what the site's HTML and the
/// PDF edition's Typst both show, computed in one place.
#[derive(Debug, Clone)]
pub struct TableModel {
    /// The id from the spec.
    pub id: String,
    /// The caption.
    pub caption: String,
    /// The first column's header.
    pub row_header: String,
    /// The other columns' headers: the years, then the derived columns.
    pub columns: Vec<Column>,
    /// One row per indicator.
    pub rows: Vec<Row>,
    /// The sources of the values, for the line under the table.
    pub sources: Vec<SourceRef>,
    /// How each derived cell was computed, with its inputs.
    pub methods: Vec<String>,
}

/// A column header.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header's text.
    pub text: String,
    /// A derived column (else a year).
    pub derived: bool,
}

/// One indicator's row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The indicator's anchor, where the spec asks for row anchors.
    pub anchor: Option<String>,
    /// The indicator's label.
    pub label: String,
    /// The unit as the row header writes it: `（亿元）`.
    pub unit: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// One cell; `header` is its column's header.
#[derive(Debug, Clone)]
pub enum Cell {
    /// No value for this column.
    Empty { header: String },
    /// The values of one year (an actual and a target may share one).
    Values {
        header: String,
        values: Vec<CellValue>,
    },
    /// A derived figure.
    Derived { header: String, text: String },
}

/// One value in a cell.
#[derive(Debug, Clone)]
pub struct CellValue {
    /// Actual, target, estimate or parameter.
    pub kind: PointKind,
    /// The word for the kind (none for actual values): `目标`.
    pub tag: Option<String>,
    /// The value as data.
    pub value: f64,
    /// The value as written in the table's scale.
    pub text: String,
    /// The source's number (`[1]`) and id, for the cell's mark; `None`
    /// when the whole table has one source, which the line under it names.
    pub source: Option<(usize, String)>,
}

/// A source as the line under a table or chart names it.
#[derive(Debug, Clone)]
pub struct SourceRef {
    /// Its number, as the cells mark it.
    pub number: usize,
    /// Its id.
    pub id: String,
    /// Its publisher, in the page's language.
    pub publisher: String,
    /// Its date, in the page's language.
    pub date: String,
}

impl Presenter<'_> {
    /// The table as HTML.
    pub fn table(&self, spec: &TableSpec<'_>) -> String {
        self.table_html(&self.table_model(spec))
    }

    /// What the table shows.
    pub fn table_model(&self, spec: &TableSpec<'_>) -> TableModel {
        let mut years: Vec<i32> = spec
            .indicators
            .iter()
            .flat_map(|i| i.points.iter().map(|p| p.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        let columns = years
            .iter()
            .map(|y| Column {
                text: y.to_string(),
                derived: false,
            })
            .chain(spec.derived.iter().map(|c| Column {
                text: self.labels.get(c.header_key()).to_string(),
                derived: true,
            }))
            .collect();
        let mut methods = Vec::new();
        let mut rows: Vec<Row> = spec
            .indicators
            .iter()
            .map(|indicator| self.table_row(indicator, &years, spec, &mut methods))
            .collect();
        let sources = self.source_refs(&spec.indicators);
        if sources.len() <= 1 {
            drop_source_marks(&mut rows);
        }
        TableModel {
            id: spec.id.clone(),
            caption: spec.caption.clone(),
            row_header: self.labels.get("indicator_column").to_string(),
            columns,
            rows,
            sources,
            methods,
        }
    }

    fn table_html(&self, table: &TableModel) -> String {
        let mut html = String::new();
        let caption_id = format!("{}-caption", table.id);
        let _ = write!(
            html,
            r#"<figure class="indicator-table" id="{id}"><div class="table-scroll" role="region" tabindex="0" aria-labelledby="{caption_id}"><table><caption id="{caption_id}">{caption}</caption>"#,
            id = escape::html(&table.id),
            caption = escape::html(&table.caption),
        );
        let _ = write!(
            html,
            r#"<thead><tr><th scope="col">{}</th>"#,
            escape::html(&table.row_header)
        );
        for column in &table.columns {
            let class = if column.derived { "derived" } else { "year" };
            let _ = write!(
                html,
                r#"<th scope="col" class="{class}">{}</th>"#,
                escape::html(&column.text)
            );
        }
        html.push_str("</tr></thead><tbody>");
        for row in &table.rows {
            self.row_html(&mut html, row);
        }
        html.push_str("</tbody></table></div>");
        // Every table names its sources under it, so that a printout
        // shows where each marked value comes from.
        let _ = write!(
            html,
            r#"<figcaption class="table-notes"><p class="table-source">{}{}{}</p>"#,
            escape::html(self.labels.get("source_label")),
            escape::html(self.labels.get("label_separator")),
            self.source_line_html(&table.sources),
        );
        if !table.methods.is_empty() {
            html.push_str("<ul>");
            for note in &table.methods {
                let _ = write!(html, "<li>{}</li>", escape::html(note));
            }
            html.push_str("</ul>");
        }
        html.push_str("</figcaption></figure>");
        html
    }

    fn row_html(&self, html: &mut String, row: &Row) {
        let anchor = row
            .anchor
            .as_ref()
            .map_or(String::new(), |a| format!(r#" id="{}""#, escape::html(a)));
        let _ = write!(
            html,
            r#"<tr{anchor}><th scope="row">{label}<span class="unit">{unit}</span></th>"#,
            label = escape::html(&row.label),
            unit = escape::html(&row.unit),
        );
        for cell in &row.cells {
            self.cell_html(html, cell);
        }
        html.push_str("</tr>");
    }

    fn cell_html(&self, html: &mut String, cell: &Cell) {
        match cell {
            Cell::Empty { header } => {
                let _ = write!(
                    html,
                    r#"<td class="value value-empty" data-label="{}"><span aria-hidden="true">—</span><span class="visually-hidden">{}</span></td>"#,
                    escape::html(header),
                    escape::html(self.labels.get("no_value"))
                );
            }
            Cell::Derived { header, text } => {
                let _ = write!(
                    html,
                    r#"<td class="value value-derived" data-label="{}">{}</td>"#,
                    escape::html(header),
                    escape::html(text)
                );
            }
            Cell::Values { header, values } => {
                let _ = write!(
                    html,
                    r#"<td class="value value-{}" data-label="{}">"#,
                    values[0].kind.name(),
                    escape::html(header)
                );
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        html.push_str("<br>");
                    }
                    self.value_html(html, value);
                }
                html.push_str("</td>");
            }
        }
    }

    /// One value in a cell: a word for targets and estimates, the number,
    /// and the source mark.
    fn value_html(&self, html: &mut String, value: &CellValue) {
        if let Some(tag) = &value.tag {
            let _ = write!(
                html,
                r#"<span class="kind-tag">{}</span> "#,
                escape::html(tag)
            );
        }
        let _ = write!(
            html,
            r#"<data value="{}">{}</data>"#,
            value.value,
            escape::html(&value.text)
        );
        if let Some((number, source)) = &value.source {
            let _ = write!(
                html,
                r#"<span class="source-ref"><a href="{href}" aria-label="{label} {number}">[{number}]</a></span>"#,
                href = escape::html(&self.source_href(source)),
                label = escape::html(self.labels.get("source_label")),
            );
        }
    }

    fn table_row(
        &self,
        indicator: &Indicator,
        years: &[i32],
        spec: &TableSpec<'_>,
        methods: &mut Vec<String>,
    ) -> Row {
        let values: Vec<f64> = indicator.points.iter().map(|p| p.value).collect();
        let scale = self.numbers.scale(&values, &indicator.unit, self.lang);
        let unit = crate::indicators::labels::fill(
            self.labels.get("unit_in_header"),
            &[("unit", &scale.unit_label)],
        );
        let cells = years
            .iter()
            .map(|&year| self.year_cell(indicator, year, &scale))
            .chain(
                spec.derived
                    .iter()
                    .map(|&column| self.derived_cell(indicator, column, methods)),
            )
            .collect();
        Row {
            anchor: spec
                .row_anchors
                .then(|| crate::indicators::indicator_anchor(&indicator.id)),
            label: self.label(indicator).to_string(),
            unit,
            cells,
        }
    }

    /// The cell of one year: its value (or values, when a year has an
    /// actual and a target), or an empty cell.
    fn year_cell(&self, indicator: &Indicator, year: i32, scale: &Scale) -> Cell {
        let header = year.to_string();
        let values: Vec<CellValue> = indicator
            .points
            .iter()
            .filter(|p| p.year == year)
            .map(|point| self.cell_value(indicator, point, scale))
            .collect();
        if values.is_empty() {
            Cell::Empty { header }
        } else {
            Cell::Values { header, values }
        }
    }

    /// A derived column's cell (from the latest actual to the last target),
    /// with its method note added to `methods`.
    fn derived_cell(
        &self,
        indicator: &Indicator,
        column: DerivedColumn,
        methods: &mut Vec<String>,
    ) -> Cell {
        let header = self.labels.get(column.header_key()).to_string();
        let Some((actual, target)) = actual_to_target(indicator) else {
            return Cell::Empty { header };
        };
        // Over one year the annual rate is the growth itself: not repeated.
        if column == DerivedColumn::Cagr && target.year - actual.year < 2 {
            return Cell::Empty { header };
        }
        let computed = derived::computed(
            column.method(),
            (indicator, actual),
            (indicator, target),
            self.numbers,
            self.labels,
            self.lang,
        );
        methods.push(format!(
            "{} · {}{}{} = {}",
            header,
            self.label(indicator),
            self.labels.get("label_separator"),
            computed.method,
            computed.text
        ));
        Cell::Derived {
            header,
            text: computed.text,
        }
    }

    fn cell_value(&self, indicator: &Indicator, point: &Point, scale: &Scale) -> CellValue {
        CellValue {
            kind: point.kind,
            tag: (point.kind != PointKind::Actual)
                .then(|| self.labels.kind(point.kind).to_string()),
            value: point.value,
            text: self
                .numbers
                .cell(point.value, scale, &indicator.unit, point.qualifier),
            source: Some((
                self.data.source_number(&point.source).unwrap_or(0),
                point.source.clone(),
            )),
        }
    }
}

/// Takes the marks out of the cells of a table whose values all come
/// from one source: the line under the table names it once.
fn drop_source_marks(rows: &mut [Row]) {
    for row in rows {
        for cell in &mut row.cells {
            if let Cell::Values { values, .. } = cell {
                for value in values {
                    value.source = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::labels::tests::labels;
    use crate::indicators::load::parse;
    use crate::indicators::{Indicators, NumberFormat};
    use std::path::Path;

    pub(crate) const DATA: &str = r#"
[[sources]]
id = "s1"
publisher = { zh = "每日经济新闻", en = "National Business Daily" }
title = { zh = "报道", en = "Report" }
date = 2024-06-20

[[indicators]]
id = "ai-scale"
label = { zh = "人工智能产业规模", en = "AI industry scale" }
unit = "cny"
points = [
  { year = 2023, value = 78_000_000_000, kind = "actual", source = "s1" },
  { year = 2024, value = 100_000_000_000, kind = "target", source = "s1" },
]

[[indicators]]
id = "firms"
label = { zh = "企业", en = "AI enterprises" }
unit = "count"
counter = { zh = "家", en = "enterprises" }
points = [{ year = 2023, value = 900, kind = "actual", qualifier = "nearly", source = "s1" }]
"#;

    fn data() -> Indicators {
        parse(Path::new("content/indicators.toml"), DATA, &["zh", "en"]).unwrap()
    }

    fn table(lang: &str, derived: Vec<DerivedColumn>) -> String {
        table_of(data(), lang, derived)
    }

    fn table_of(data: Indicators, lang: &str, derived: Vec<DerivedColumn>) -> String {
        let numbers = NumberFormat::new(lang, &labels(lang));
        let labels = labels(lang);
        let presenter = Presenter {
            data: &data,
            lang,
            numbers: &numbers,
            labels: &labels,
            page_url: "/brief/x/indicators/",
        };
        let spec = TableSpec {
            id: "t1".into(),
            caption: "Scale <&>".into(),
            indicators: data.indicators.iter().collect(),
            derived,
            row_anchors: false,
        };
        presenter.table(&spec)
    }

    #[test]
    fn chinese_table_has_units_years_and_marked_targets() {
        let html = table("zh", vec![]);
        assert!(html.contains(r#"<caption id="t1-caption">Scale &lt;&amp;&gt;</caption>"#));
        assert!(html.contains(
            r#"<th scope="col" class="year">2023</th><th scope="col" class="year">2024</th>"#
        ));
        assert!(html.contains("人工智能产业规模<span class=\"unit\">（亿元）</span>"));
        assert!(html.contains(r#"<td class="value value-target" data-label="2024"><span class="kind-tag">目标</span> <data value="100000000000">1000</data>"#));
        assert!(html.contains(r#"<data value="900">近900</data>"#));
        assert!(
            !html.contains("source-ref"),
            "one source: the line under the table names it, the cells do not"
        );
        assert!(html.contains(r##"<a href="/brief/x/indicators/#source-s1">[1]</a>"##));
        assert!(
            html.contains(r#"<td class="value value-empty" data-label="2024">"#),
            "firms has no 2024 value"
        );
    }

    #[test]
    fn with_two_sources_every_cell_names_its_own() {
        let two = DATA.replace(
            "source = \"s1\" }]",
            "source = \"s2\" }]\n\n[[sources]]\nid = \"s2\"\npublisher = { zh = \"统计局\", en = \"Statistics bureau\" }\ntitle = { zh = \"公报\", en = \"Bulletin\" }\ndate = 2024-03-01",
        );
        let data = parse(Path::new("content/indicators.toml"), &two, &["zh", "en"]).unwrap();
        let html = table_of(data, "zh", vec![]);
        assert_eq!(html.matches("class=\"source-ref\"").count(), 3, "{html}");
        assert!(html.contains(
            r##"<data value="900">近900</data><span class="source-ref"><a href="/brief/x/indicators/#source-s2" aria-label="来源 2">[2]</a></span>"##
        ));
    }

    #[test]
    fn english_table_with_derived_columns_explains_them() {
        let html = table("en", vec![DerivedColumn::GrowthNeeded, DerivedColumn::Cagr]);
        assert!(html.contains("AI industry scale<span class=\"unit\"> (CNY billion)</span>"));
        assert!(html.contains(r#"<th scope="col" class="derived">Growth still needed</th>"#));
        assert!(html.contains(
            r#"<td class="value value-derived" data-label="Growth still needed">28.2%</td>"#
        ));
        assert!(html.contains("Growth still needed · AI industry scale: 2024 target CNY 100 billion ÷ 2023 actual CNY 78 billion − 1 = 28.2%"));
        assert_eq!(html.matches("<tr").count(), 3);
    }

    #[test]
    fn unknown_derived_columns_are_named() {
        assert!(
            DerivedColumn::parse("speed")
                .unwrap_err()
                .message()
                .contains("`speed`")
        );
    }
}
