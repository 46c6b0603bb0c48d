//! The PDF edition's form of the data: inline figures, tables and charts
//! as Typst markup, from the same models as the site's HTML (the numbers
//! cannot differ). The markup calls functions the theme's Typst template
//! defines (`indicator-table`, `indicator-chart`, `kind-tag`, and the
//! document's `site-link`), so the look is the theme's.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::escape::{typst_markup as markup, typst_string as string};
use crate::indicators::chart::columns;
use crate::indicators::table::{Cell, SourceRef, TableModel, TableSpec};
use crate::indicators::{Indicator, Point, Presenter};

impl Presenter<'_> {
    /// A value in running text, linked to its source in the appendix.
    pub fn figure_typst(&self, indicator: &Indicator, point: &Point) -> String {
        site_link(
            &self.source_href(&point.source),
            &markup(&self.figure_text(indicator, point)),
        )
    }

    /// A derived figure in running text, linked to its method note.
    pub fn derived_figure_typst(&self, id: &str) -> Result<String, Diagnostic> {
        let computed = self.derived_computed(id)?;
        Ok(site_link(&self.derived_href(id), &markup(&computed.text)))
    }

    /// A table as a call of the template's `indicator-table`.
    pub fn table_typst(&self, spec: &TableSpec<'_>) -> String {
        let table = self.table_model(spec);
        let mut out = format!(
            "#indicator-table(\n  caption: [{}],\n  header: ([{}], ",
            markup(&table.caption),
            markup(&table.row_header)
        );
        for column in &table.columns {
            let _ = write!(out, "[{}], ", markup(&column.text));
        }
        out.push_str("),\n  derived: (");
        for column in &table.columns {
            let _ = write!(out, "{}, ", column.derived);
        }
        out.push_str("),\n  rows: (\n");
        for row in &table.rows {
            let _ = write!(
                out,
                "    (label: [{}], unit: [{}], cells: (",
                markup(&row.label),
                markup(&row.unit)
            );
            for cell in &row.cells {
                let _ = write!(out, "{}, ", self.cell_typst(cell));
            }
            out.push_str(")),\n");
        }
        let _ = write!(
            out,
            "  ),\n  source: {},\n  notes: (",
            self.source_typst(&table)
        );
        for note in &table.methods {
            let _ = write!(out, "[{}], ", markup(note));
        }
        out.push_str("),\n)");
        out
    }

    fn cell_typst(&self, cell: &Cell) -> String {
        match cell {
            Cell::Empty { .. } => "[—]".to_string(),
            Cell::Derived { text, .. } => format!("[{}]", markup(text)),
            Cell::Values { values, .. } => {
                let parts: Vec<String> = values
                    .iter()
                    .map(|value| {
                        let tag = value.tag.as_ref().map_or(String::new(), |tag| {
                            format!("#kind-tag(\"{}\")[{}] ", value.kind.name(), markup(tag))
                        });
                        let mark =
                            value
                                .source
                                .as_ref()
                                .map_or(String::new(), |(number, source)| {
                                    format!(
                                        " {}",
                                        site_link(
                                            &self.source_href(source),
                                            &format!("\\[{number}\\]")
                                        )
                                    )
                                });
                        format!("{tag}{}{mark}", markup(&value.text))
                    })
                    .collect();
                format!("[{}]", parts.join("#linebreak()"))
            }
        }
    }

    /// A chart as a call of the template's `indicator-chart`: the
    /// columns drawing (the one the site prints) as a vector image, with
    /// `stylesheet` (the theme's chart colours for paper) inside it.
    pub fn chart_typst(
        &self,
        id: &str,
        caption: &str,
        indicators: &[&Indicator],
        stylesheet: &str,
    ) -> Result<String, Diagnostic> {
        let spec = self.chart_spec(id, caption, indicators)?;
        let svg = columns(&spec);
        let styled = match svg.find('>') {
            Some(end) => format!(
                "{}<style>{}</style>{}",
                &svg[..=end],
                crate::escape::xml(stylesheet),
                &svg[end + 1..]
            ),
            None => svg,
        };
        let sources = self.source_refs(indicators);
        Ok(format!(
            "#indicator-chart(\n  caption: [{}],\n  svg: bytes(\"{}\"),\n  alt: \"{}\",\n  source: {},\n)",
            markup(caption),
            string(&styled),
            string(&spec.description),
            self.source_line_typst(&sources),
        ))
    }

    fn source_typst(&self, table: &TableModel) -> String {
        self.source_line_typst(&table.sources)
    }

    /// The line under a table or chart: "Source: [1] publisher, date".
    fn source_line_typst(&self, sources: &[SourceRef]) -> String {
        let field = markup(self.labels.get("field_separator"));
        let list = sources
            .iter()
            .map(|s| {
                format!(
                    "{} {}{field}{}",
                    site_link(&self.source_href(&s.id), &format!("\\[{}\\]", s.number)),
                    markup(&s.publisher),
                    markup(&s.date)
                )
            })
            .collect::<Vec<_>>()
            .join(&markup(self.labels.get("list_separator")));
        format!(
            "[{}{}{list}]",
            markup(self.labels.get("source_label")),
            markup(self.labels.get("label_separator"))
        )
    }
}

/// A link to a place on the site (`/brief/zh/indicators/#source-s1`): the
/// document's `site-link` leads to that place in the PDF if the PDF has
/// it, else to the site.
fn site_link(site_path: &str, content: &str) -> String {
    format!(
        "{}[{content}]",
        crate::markdown::typst::site_link_call(site_path)
    )
}
