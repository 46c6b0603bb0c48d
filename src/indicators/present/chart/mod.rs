//! Indicator bar charts as inline SVG, drawn at build time.
//!
//! [`bar_chart`] takes plain, already localized data ([`ChartSpec`]) and
//! returns two drawings of the same chart, and the stylesheet shows the one
//! that fits the chart's box:
//!
//! - [`columns`]: vertical bars by year on a value axis, for a box at least
//!   [`COLUMNS_MIN_WIDTH`] CSS px wide (the text column of a desktop page,
//!   and paper). A fixed logical width ([`WIDTH`] units) that scales with
//!   its box; no text is smaller than 13 units, so no smaller than 12 CSS
//!   px where it is shown. Every year from the first to the last has its
//!   place on the axis, so a year without values is a visible gap; a
//!   year's bars are centred on its label.
//! - [`rows`]: one horizontal bar per value, for narrow boxes (phones). It
//!   is drawn in CSS px (no `viewBox`): its text keeps its size at any
//!   width (14 px, the unit 13 px) and the bars are percentages of the
//!   box. Each bar is labelled in words (year, kind and, with several
//!   series, the series), so it needs no legend; labels are wrapped for
//!   the narrowest box ([`ROWS_MIN_WIDTH`]).
//!
//! Both are:
//!
//! - **Accessible**: `role="img"`, a `<title>` and a `<desc>` (the caller's
//!   sentence stating every number) referenced by `aria-labelledby`; the
//!   hidden drawing is `display: none`, so assistive technology meets one.
//! - **Kinds without colour**: actual values are solid, targets are an
//!   outline filled with a hatch pattern, estimates a light fill with a
//!   dashed outline, so print and colour-blind readers can tell them apart.
//!   The legend of the columns keeps the two codings apart: the kinds as
//!   neutral squares in one row, the series as coloured dots in the next.
//! - **Styled by classes**: colours come from `assets/charts.css` through
//!   classes (`bar actual series-1`, `grid`, `axis`, `label`, …) and
//!   `currentColor`; there are no `style` attributes and no colour values
//!   in the markup. A few presentation attributes (`currentColor` strokes,
//!   dash arrays, fill opacity) keep the kinds distinguishable even where
//!   the stylesheet is missing; the stylesheet overrides them.
//! - **Deterministic and total**: the same spec gives the same string, and
//!   no input panics (empty series, zeros, negative or non-finite values,
//!   many years, many series).
//!
//! Text widths are estimated (a CJK character is one em, Latin letters and
//! digits about half an em), slightly generously, to wrap the title,
//! legend and row labels and to decide when bar labels must shrink or be
//! rotated.

mod data;
mod draw;
mod layout;
mod rows;
mod scale;
#[cfg(test)]
mod tests;
mod text;

use std::fmt::Write as _;

use crate::escape;
use data::*;
use draw::*;
use layout::*;
use rows::*;
use scale::*;
use text::*;

/// Whether a bar is a measured value, a target or an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// A measured value: a solid bar.
    Actual,
    /// A policy target: an outlined, hatched bar.
    Target,
    /// An estimate: a lightly filled bar with a dashed outline.
    Estimate,
}

impl BarKind {
    /// All kinds, in legend order.
    const ALL: [BarKind; 3] = [BarKind::Actual, BarKind::Target, BarKind::Estimate];

    /// Position in [`BarKind::ALL`] and in [`ChartSpec::kind_labels`].
    fn index(self) -> usize {
        match self {
            BarKind::Actual => 0,
            BarKind::Target => 1,
            BarKind::Estimate => 2,
        }
    }

    /// The CSS class naming the kind.
    fn class(self) -> &'static str {
        match self {
            BarKind::Actual => "actual",
            BarKind::Target => "target",
            BarKind::Estimate => "estimate",
        }
    }
}

/// One bar: a year's value of one series.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The year the value is for.
    pub year: i32,
    /// The value already divided into the chart's scale (e.g. 780 for 780亿元 when the unit label is 亿元).
    pub value: f64,
    /// Actual, target or estimate.
    pub kind: BarKind,
    /// The value as the reader sees it, already formatted and localized ("780", "近900", "more than 4,700").
    pub label: String,
}

/// One series (one indicator). Several series share the year axis and are drawn side by side per year.
#[derive(Debug, Clone)]
pub struct Series {
    /// The series name, shown in the legend when the chart has more than
    /// one series.
    pub name: String,
    /// The series' values, in any order.
    pub bars: Vec<Bar>,
}

/// Everything the chart needs; all text already localized, plain text (the module escapes it).
#[derive(Debug, Clone)]
pub struct ChartSpec {
    /// Unique within the page; used for element ids (`{id}-title`, `{id}-desc`).
    pub id: String,
    /// The SVG `<title>` of both drawings. It is not drawn: the figure
    /// around the chart shows it as its caption, as HTML text that wraps
    /// at any width.
    pub title: String,
    /// A sentence stating every number, used as the SVG `<desc>` (the caller writes it).
    pub description: String,
    /// Axis unit label, e.g. "亿元", "CNY billion", "%".
    pub unit_label: String,
    /// Legend words for the kinds, e.g. ("实际", "目标", "估计") / ("Actual", "Target", "Estimate").
    pub kind_labels: [String; 3],
    /// Joins the words of a row label ("Target, Core AI industry scale"):
    /// the language's field separator.
    pub separator: String,
    /// The series drawn, in legend order; series `n` (1-based) gets the
    /// colour class `series-n` (cycling after six).
    pub series: Vec<Series>,
}

/// The logical width of the columns drawing (the `viewBox` width).
pub const WIDTH: f64 = 640.0;
/// The narrowest box, in CSS px, the columns are shown in: there the
/// smallest text (13 units) is 12 CSS px. The stylesheet's container query
/// uses the same width (37rem).
pub const COLUMNS_MIN_WIDTH: f64 = 592.0;
/// The narrowest box the rows are wrapped for: a 320 px screen less the
/// page's margins.
pub const ROWS_MIN_WIDTH: f64 = 280.0;
/// The years of a wider span are not all drawn: only those with values.
const MAX_SPAN: i64 = 24;

/// Space around the drawing.
const PAD: f64 = 8.0;
/// Height of the plot area, from the zero line to the top gridline.
const PLOT_HEIGHT: f64 = 240.0;
/// Default font size (set on the root element).
const FONT: f64 = 14.0;
/// Smallest font size used anywhere; legible at 375 px page width.
const FONT_SMALL: f64 = 13.0;
/// Line height of legend text.
const LEGEND_LINE: f64 = 20.0;
/// Side of a legend swatch.
const SWATCH: f64 = 14.0;
/// Space between a swatch and its text, and between legend items.
const LEGEND_GAP: f64 = 6.0;
const LEGEND_ITEM_GAP: f64 = 18.0;
/// Widest bar drawn, so that a chart of few bars does not look like a wall.
const MAX_BAR: f64 = 64.0;
/// Space between a bar's top and its label.
const LABEL_GAP: f64 = 5.0;
/// Number of series colour classes in the stylesheet.
const COLOURS: usize = 6;
/// Values above this are drawn at this height (they are data errors).
const MAX_VALUE: f64 = 1e15;
/// Maxima below this are treated as zero.
const MIN_VALUE: f64 = 1e-9;
/// Side of a hatch pattern tile.
const HATCH: f64 = 6.0;

/// Both drawings of the chart, the columns and then the rows; the
/// stylesheet shows one of them.
pub fn bar_chart(spec: &ChartSpec) -> String {
    let mut out = columns(spec);
    out.push('\n');
    out.push_str(&rows(spec));
    out
}

/// The opening tag and the accessible name and description of a drawing:
/// `<svg … role="img" aria-labelledby="…">`, `<title>`, `<desc>`.
fn open_svg(out: &mut String, id: &str, spec: &ChartSpec, class: &str, size: &str) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" {size}>",
    );
    let _ = writeln!(
        out,
        "<title id=\"{id}-title\">{}</title>",
        escape::xml(&spec.title)
    );
    let _ = writeln!(
        out,
        "<desc id=\"{id}-desc\">{}</desc>",
        escape::xml(&spec.description)
    );
}

/// The columns drawing: vertical bars on a value axis, with a legend.
pub fn columns(spec: &ChartSpec) -> String {
    let id = safe_id(&spec.id);
    let data = prepare(spec);
    let scale = nice_scale(data.max);
    let layout = layout(spec, &data, &scale);

    let mut out = String::new();
    let size = format!(
        "viewBox=\"0 0 {} {}\" font-size=\"{}\"",
        num(WIDTH),
        num(layout.height),
        num(FONT)
    );
    open_svg(&mut out, &id, spec, "chart-columns", &size);
    let key_hatch = layout
        .legend
        .iter()
        .any(|item| item.kind == BarKind::Target && item.hatch == "key");
    render_defs(&mut out, &id, &data, key_hatch);
    render_legend(&mut out, &id, &layout);
    render_grid(&mut out, &layout, &scale);
    render_bars(&mut out, &id, &data, &layout, &scale);
    render_axis(&mut out, &layout);
    render_years(&mut out, &data, &layout);
    out.push_str("</svg>");
    out
}
