//! Inline figures: one value of one indicator, or one derived figure,
//! written in the sentence's language and linked to where it comes from.

use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::indicators::derived;
use crate::indicators::format::Context;
use crate::indicators::{Indicator, Point, PointKind, Presenter};

impl Presenter<'_> {
    /// Finds the point a figure refers to: `year` (required when the
    /// indicator has more than one value) and optionally `kind`.
    pub fn find_point<'b>(
        &self,
        indicator: &'b Indicator,
        year: Option<i32>,
        kind: Option<PointKind>,
    ) -> Result<&'b Point, Diagnostic> {
        let years = indicator.years();
        let year = match (year, years.as_slice()) {
            (Some(year), _) => year,
            (None, [only]) => *only,
            (None, _) => {
                return Err(Diagnostic::new(format!(
                    "indicator `{}` has values for several years ({}): say which with `year=`",
                    indicator.id,
                    join_years(&years)
                )));
            }
        };
        indicator.point(year, kind).ok_or_else(|| {
            let what = kind.map_or(String::new(), |k| format!("{k:?} ").to_lowercase());
            Diagnostic::new(format!(
                "indicator `{}` has no {what}value for {year} (it has {})",
                indicator.id,
                join_years(&years)
            ))
        })
    }

    /// A value as it reads in running text, linked to its source:
    /// `<a class="figure figure-target" href="…#source-s1"><data value="170000000000">1700亿元</data></a>`.
    pub fn figure(&self, indicator: &Indicator, point: &Point) -> String {
        let text = self.figure_text(indicator, point);
        let source = self
            .data
            .source(&point.source)
            .map_or("", |s| s.publisher.get(self.lang));
        let title = format!(
            "{} · {} · {}{}{}",
            self.label(indicator),
            self.labels.point_ref(point.year, point.kind),
            self.labels.get("source_label"),
            self.labels.get("label_separator"),
            source
        );
        format!(
            r#"<a class="figure figure-{kind}" href="{href}" title="{title}"><data value="{value}">{text}</data></a>"#,
            kind = point.kind.name(),
            href = escape::html(&self.source_href(&point.source)),
            title = escape::html(&title),
            value = point.value,
            text = escape::html(&text),
        )
    }

    /// A value as it reads in running text: `1700亿元`, `CNY 170 billion`.
    pub fn figure_text(&self, indicator: &Indicator, point: &Point) -> String {
        self.numbers.quantity(
            point.value,
            &indicator.unit,
            point.qualifier,
            Context::Prose,
            self.lang,
        )
    }

    /// The derived figure `id`, computed in this language.
    pub fn derived_computed(&self, id: &str) -> Result<derived::Computed, Diagnostic> {
        let derived = self.data.require_derived(id)?;
        derived::evaluate(self.data, derived, self.numbers, self.labels, self.lang).ok_or_else(
            || {
                Diagnostic::new(format!(
                    "derived figure `{id}` refers to values that do not exist"
                ))
            },
        )
    }

    /// A derived figure as it reads in running text, linked to its method
    /// note on the indicators page.
    pub fn derived_figure(&self, id: &str) -> Result<String, Diagnostic> {
        let computed = self.derived_computed(id)?;
        Ok(format!(
            r#"<a class="figure figure-derived" href="{href}" title="{title}"><data value="{value}">{text}</data></a>"#,
            href = escape::html(&self.derived_href(id)),
            title = escape::html(&computed.method),
            value = computed.value,
            text = escape::html(&computed.text),
        ))
    }
}

fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
