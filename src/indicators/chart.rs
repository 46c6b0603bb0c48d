//! Indicator bar charts as inline SVG, drawn at build time.
//!
//! [`bar_chart`] takes plain, already localized data ([`ChartSpec`]) and
//! returns one `<svg>` element: a bar chart of values by year, one group of
//! bars per year and one bar per series within a group. It needs no
//! JavaScript and no external resources.
//!
//! - **Accessible**: `role="img"`, a `<title>` and a `<desc>` (the caller's
//!   sentence stating every number) referenced by `aria-labelledby`.
//! - **Kinds without colour**: actual values are solid, targets are an
//!   outline filled with a hatch pattern, estimates a light fill with a
//!   dashed outline, so print and colour-blind readers can tell them apart.
//! - **Styled by classes**: colours come from `assets/charts.css` through
//!   classes (`bar actual series-1`, `grid`, `axis`, `label`, …) and
//!   `currentColor`; there are no `style` attributes and no colour values
//!   in the markup. A few presentation attributes (`currentColor` strokes,
//!   dash arrays, fill opacity) keep the kinds distinguishable even where
//!   the stylesheet is missing; the stylesheet overrides them.
//! - **Responsive**: a fixed logical width ([`WIDTH`] units) with the
//!   height derived from the content, and no `width`/`height` attributes;
//!   the stylesheet makes it `width: 100%; height: auto`. Text is never
//!   smaller than 13 units (about 7 CSS px when the chart is scaled to a
//!   375 px wide phone); labels that do not fit shrink to that size or are
//!   rotated rather than overlap.
//! - **Deterministic and total**: the same spec gives the same string, and
//!   no input panics (empty series, zeros, negative or non-finite values,
//!   many years, many series).
//!
//! Text widths are estimated (a CJK character is one em, Latin letters and
//! digits about half an em), slightly generously, to wrap the title and
//! legend and to decide when bar labels must shrink or be rotated.

use std::fmt::Write as _;

use crate::escape;

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
    /// Shown above the chart and used as the SVG `<title>`.
    pub title: String,
    /// A sentence stating every number, used as the SVG `<desc>` (the caller writes it).
    pub description: String,
    /// Axis unit label, e.g. "亿元", "CNY billion", "%".
    pub unit_label: String,
    /// Legend words for the kinds, e.g. ("实际", "目标", "估计") / ("Actual", "Target", "Estimate").
    pub kind_labels: [String; 3],
    /// The series drawn, in legend order; series `n` (1-based) gets the
    /// colour class `series-n` (cycling after six).
    pub series: Vec<Series>,
}

/// The logical width of every chart (the `viewBox` width).
pub const WIDTH: f64 = 640.0;

/// Space around the drawing.
const PAD: f64 = 8.0;
/// Height of the plot area, from the zero line to the top gridline.
const PLOT_HEIGHT: f64 = 240.0;
/// Default font size (set on the root element).
const FONT: f64 = 14.0;
/// Smallest font size used anywhere; legible at 375 px page width.
const FONT_SMALL: f64 = 13.0;
/// Font size of the visible title.
const FONT_TITLE: f64 = 16.0;
/// Line height of the visible title.
const TITLE_LINE: f64 = 22.0;
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

/// The chart as inline SVG markup.
pub fn bar_chart(spec: &ChartSpec) -> String {
    let id = safe_id(&spec.id);
    let data = prepare(spec);
    let scale = nice_scale(data.max);
    let layout = layout(spec, &data, &scale);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {} {}\" font-size=\"{}\">",
        num(WIDTH),
        num(layout.height),
        num(FONT),
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
    render_defs(&mut out, &id, &data, &layout);
    render_title(&mut out, &layout);
    render_legend(&mut out, &id, &layout);
    render_grid(&mut out, &layout, &scale);
    render_bars(&mut out, &id, &data, &layout, &scale);
    render_axis(&mut out, &layout);
    render_years(&mut out, &data, &layout);
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------
// Data

/// A bar placed in its group (year) and lane (position within the group).
#[derive(Debug)]
struct PlacedBar<'a> {
    /// Index into [`Data::years`].
    group: usize,
    /// Index of the lane within a group, over all series.
    lane: usize,
    /// Index of the series.
    series: usize,
    /// The value, cleaned: finite, at least 0, at most [`MAX_VALUE`].
    value: f64,
    kind: BarKind,
    label: &'a str,
}

/// The spec's bars, cleaned and placed.
#[derive(Debug)]
struct Data<'a> {
    /// Every year of every series, ascending, without repeats.
    years: Vec<i32>,
    /// Lanes per group: one per series, more for a series with several
    /// bars in one year (an actual value and a target, say).
    lanes: usize,
    bars: Vec<PlacedBar<'a>>,
    /// The largest cleaned value (0 without bars).
    max: f64,
    /// Which kinds occur, by [`BarKind::index`].
    kinds: [bool; 3],
    /// Which series colour classes have target bars, by `colour - 1`.
    hatched: [bool; COLOURS],
}

/// A value fit to draw: NaN, infinities and negatives become 0, huge
/// values are capped.
fn clean_value(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value.min(MAX_VALUE)
    } else {
        0.0
    }
}

/// The 1-based colour class number of a series.
fn colour(series: usize) -> usize {
    series % COLOURS + 1
}

/// Sorts the years, assigns each bar a group and a lane, and notes which
/// kinds occur.
fn prepare(spec: &ChartSpec) -> Data<'_> {
    let mut years: Vec<i32> = spec
        .series
        .iter()
        .flat_map(|s| s.bars.iter().map(|b| b.year))
        .collect();
    years.sort_unstable();
    years.dedup();

    let mut data = Data {
        years,
        lanes: 0,
        bars: Vec::new(),
        max: 0.0,
        kinds: [false; 3],
        hatched: [false; COLOURS],
    };
    for (index, series) in spec.series.iter().enumerate() {
        let mut bars: Vec<&Bar> = series.bars.iter().collect();
        // Stable: bars of the same year and kind keep the input order.
        bars.sort_by_key(|b| (b.year, b.kind.index()));
        let mut width = 1;
        let mut previous = None;
        let mut within = 0;
        for bar in bars {
            if previous == Some(bar.year) {
                within += 1;
            } else {
                within = 0;
                previous = Some(bar.year);
            }
            width = width.max(within + 1);
            let value = clean_value(bar.value);
            data.max = data.max.max(value);
            data.kinds[bar.kind.index()] = true;
            if bar.kind == BarKind::Target {
                data.hatched[colour(index) - 1] = true;
            }
            data.bars.push(PlacedBar {
                group: data.years.binary_search(&bar.year).unwrap_or(0),
                lane: data.lanes + within,
                series: index,
                value,
                kind: bar.kind,
                label: &bar.label,
            });
        }
        data.lanes += width;
    }
    data.lanes = data.lanes.max(1);
    data
}

// ---------------------------------------------------------------------------
// Scale

/// The y axis: from 0 to `max` in `intervals` steps of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    /// The top of the axis: 1, 2, 2.5 or 5 × 10ⁿ.
    max: f64,
    /// The distance between gridlines.
    step: f64,
    /// The number of gridlines above zero (4 to 6).
    intervals: usize,
    /// Decimals needed to write the tick values.
    decimals: usize,
}

/// The y axis for data whose largest value is `largest`: the smallest
/// "nice" number (1, 2, 2.5 or 5 × 10ⁿ) at least as large, divided into 4
/// or 5 intervals. Without a positive maximum the axis runs to 1.
fn nice_scale(largest: f64) -> Scale {
    // Also catches NaN.
    if largest.is_nan() || largest <= MIN_VALUE {
        return Scale {
            max: 1.0,
            step: 0.2,
            intervals: 5,
            decimals: 1,
        };
    }
    let largest = largest.min(MAX_VALUE);
    let mut exponent = largest.log10().floor() as i32;
    let mut base = 10f64.powi(exponent);
    // Guard against rounding in log10 near powers of ten.
    if largest / base >= 10.0 {
        exponent += 1;
        base = 10f64.powi(exponent);
    } else if largest / base < 1.0 {
        exponent -= 1;
        base = 10f64.powi(exponent);
    }
    // (top, step) as multiples of `base`.
    const NICE: [(f64, f64); 5] = [(1.0, 0.2), (2.0, 0.5), (2.5, 0.5), (5.0, 1.0), (10.0, 2.0)];
    let tolerance = largest * 1e-12;
    let (top, step) = NICE
        .iter()
        .copied()
        .find(|(top, _)| top * base + tolerance >= largest)
        .unwrap_or((10.0, 2.0));
    let max = top * base;
    let step = step * base;
    let decimals = if step >= 1.0 {
        0
    } else {
        ((-step.log10() - 1e-9).ceil().max(0.0) as usize).min(12)
    };
    Scale {
        max,
        step,
        intervals: (max / step).round() as usize,
        decimals,
    }
}

/// The top of the y axis for data whose largest value is `largest`.
#[cfg(test)]
fn nice_max(largest: f64) -> f64 {
    nice_scale(largest).max
}

/// The tick value of gridline `i`, written for the axis.
fn tick_text(scale: &Scale, i: usize) -> String {
    format!("{:.*}", scale.decimals, i as f64 * scale.step)
}

// ---------------------------------------------------------------------------
// Text

/// An id usable in `id`, `aria-labelledby` (space-separated) and
/// `url(#…)`: ASCII letters, digits and `-` are kept; every other
/// character (including `_`) becomes `_` and its hex code point, so
/// distinct ids stay distinct. An empty id becomes `chart`.
fn safe_id(id: &str) -> String {
    if id.is_empty() {
        return "chart".to_owned();
    }
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", c as u32);
        }
    }
    out
}

/// A number for an attribute: at most two decimals, no trailing zeros,
/// never `-0`, `NaN` or `inf`.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let mut s = format!("{:.2}", x);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Whether a character is drawn a full em wide (CJK, Hangul, fullwidth
/// forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Punctuation that must not start a line (it stays with the text before).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '”'
            | '’'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// Estimated advance of a character, in ems (slightly generous).
fn char_em(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.3,
        'f' | 'r' | 't' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        '0'..='9' => 0.58,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.56,
        _ => 0.65,
    }
}

/// Estimated width of `text` at `font` units.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font
}

/// Splits `text` into break units: runs of non-wide characters, single
/// wide characters (with closing punctuation attached) and spaces (as
/// `" "`).
fn break_units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !run.is_empty() {
                units.push(std::mem::take(&mut run));
            }
            if units.last().is_some_and(|u| u != " ") {
                units.push(" ".to_owned());
            }
        } else if is_closing(c) && run.is_empty() && units.last().is_some_and(|u| u != " ") {
            if let Some(last) = units.last_mut() {
                last.push(c);
            }
        } else if is_wide(c) {
            if !run.is_empty() {
                units.push(std::mem::take(&mut run));
            }
            units.push(c.to_string());
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        units.push(run);
    }
    if units.last().is_some_and(|u| u == " ") {
        units.pop();
    }
    units
}

/// Wraps `text` into lines no wider than `max_width` at `font` units:
/// breaks at spaces and between CJK characters, and inside a word only
/// when the word alone is too wide. Whitespace is collapsed.
fn wrap(text: &str, font: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut space = false;
    for unit in break_units(text) {
        if unit == " " {
            space = !line.is_empty();
            continue;
        }
        let joined = if space {
            format!("{line} {unit}")
        } else {
            format!("{line}{unit}")
        };
        space = false;
        if line.is_empty() || text_width(&joined, font) <= max_width {
            line = joined;
        } else {
            lines.push(std::mem::take(&mut line));
            line = unit;
        }
        // A unit wider than a whole line is cut by character.
        while text_width(&line, font) > max_width && line.chars().count() > 1 {
            let mut head = String::new();
            let mut rest = line.chars();
            for c in rest.by_ref() {
                let mut next = head.clone();
                next.push(c);
                if !head.is_empty() && text_width(&next, font) > max_width {
                    lines.push(head);
                    head = c.to_string();
                    break;
                }
                head = next;
            }
            head.extend(rest);
            if head == line {
                break;
            }
            line = head;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------
// Layout

/// How a row of labels is set.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TextMode {
    /// Horizontal at this font size.
    Horizontal(f64),
    /// Rotated a quarter turn counter-clockwise, at this font size.
    Rotated(f64),
}

impl TextMode {
    fn font(self) -> f64 {
        match self {
            TextMode::Horizontal(font) | TextMode::Rotated(font) => font,
        }
    }
}

/// The smallest setting in which every text of `texts` fits in `space`
/// units: horizontal at the default size, horizontal at the small size, or
/// rotated.
fn fit_mode<'a>(texts: impl Iterator<Item = &'a str> + Clone, space: f64) -> TextMode {
    let widest = |font| {
        texts
            .clone()
            .map(|t| text_width(t, font))
            .fold(0.0, f64::max)
    };
    if widest(FONT) <= space {
        TextMode::Horizontal(FONT)
    } else if widest(FONT_SMALL) <= space {
        TextMode::Horizontal(FONT_SMALL)
    } else {
        TextMode::Rotated(FONT_SMALL)
    }
}

/// How far a label set in `mode` rises above the point it is set at.
fn label_rise(mode: TextMode, text: &str) -> f64 {
    match mode {
        TextMode::Horizontal(font) => font,
        TextMode::Rotated(font) => text_width(text, font),
    }
}

/// One legend entry, placed.
#[derive(Debug)]
struct LegendItem {
    /// Left of the swatch.
    x: f64,
    /// Top of the entry.
    y: f64,
    kind: BarKind,
    /// Colour class: `series-n` or `neutral`.
    colour: String,
    /// The hatch pattern suffix used when `kind` is a target.
    hatch: String,
    lines: Vec<String>,
}

/// Where everything goes.
#[derive(Debug)]
struct Layout {
    /// Title lines and the baseline of the first.
    title: Vec<String>,
    title_y: f64,
    legend: Vec<LegendItem>,
    /// Unit label lines and the baseline of the first.
    unit: Vec<String>,
    unit_y: f64,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    plot_bottom: f64,
    /// Width of one year's group.
    group_width: f64,
    /// Distance between the centres of neighbouring lanes.
    pitch: f64,
    bar_width: f64,
    labels: TextMode,
    years: TextMode,
    /// The viewBox height.
    height: f64,
}

impl Layout {
    /// The horizontal centre of a lane in a group.
    fn lane_centre(&self, group: usize, lane: usize, lanes: usize) -> f64 {
        let centre = self.plot_left + self.group_width * (group as f64 + 0.5);
        centre - self.pitch * lanes as f64 / 2.0 + self.pitch * (lane as f64 + 0.5)
    }

    /// The height of a bar of `value`.
    fn bar_height(&self, value: f64, scale: &Scale) -> f64 {
        (self.plot_bottom - self.plot_top) * (value / scale.max).clamp(0.0, 1.0)
    }
}

/// Lays out the chart: horizontally first (tick column, groups, lanes,
/// whether labels fit), then top to bottom (title, legend, unit, room for
/// bar labels, plot, year labels).
fn layout(spec: &ChartSpec, data: &Data<'_>, scale: &Scale) -> Layout {
    let tick_width = (0..=scale.intervals)
        .map(|i| text_width(&tick_text(scale, i), FONT_SMALL))
        .fold(0.0, f64::max)
        .min(WIDTH / 3.0);
    let plot_left = PAD + tick_width + 8.0;
    let plot_right = WIDTH - PAD;
    let groups = data.years.len().max(1) as f64;
    let group_width = (plot_right - plot_left) / groups;
    let lanes = data.lanes as f64;
    let pitch = (group_width * 0.85 / lanes).min(MAX_BAR + 8.0);
    let bar_width = if data.lanes > 1 { pitch * 0.85 } else { pitch }.min(MAX_BAR);

    // Labels must not reach the next bar's label.
    let spacing = if data.lanes > 1 { pitch } else { group_width };
    let labels = fit_mode(data.bars.iter().map(|b| b.label), spacing - 4.0);
    let year_texts: Vec<String> = data.years.iter().map(i32::to_string).collect();
    let years = fit_mode(year_texts.iter().map(String::as_str), group_width - 4.0);

    let mut y = PAD;
    let title = wrap(&spec.title, FONT_TITLE, WIDTH - 2.0 * PAD);
    let title_y = y + FONT_TITLE;
    if !title.is_empty() {
        y += title.len() as f64 * TITLE_LINE + 4.0;
    }

    let (legend, legend_height) = layout_legend(spec, data, y);
    if legend_height > 0.0 {
        y += legend_height + 6.0;
    }

    let unit = wrap(&spec.unit_label, FONT_SMALL, WIDTH - 2.0 * PAD);
    let unit_y = y + FONT_SMALL;
    y += unit.len() as f64 * (FONT_SMALL + 4.0) + 4.0;

    let headroom = label_headroom(data, scale, labels);
    let plot_top = y + headroom;
    let plot_bottom = plot_top + PLOT_HEIGHT;

    let year_height = years_height(&year_texts, years);
    let height = plot_bottom + year_height + PAD;

    Layout {
        title,
        title_y,
        legend,
        unit,
        unit_y,
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        group_width,
        pitch,
        bar_width,
        labels,
        years,
        height,
    }
}

/// The room needed above the top gridline for the labels of bars that
/// reach it (at least half a line, for the top tick value).
fn label_headroom(data: &Data<'_>, scale: &Scale, labels: TextMode) -> f64 {
    data.bars
        .iter()
        .map(|b| {
            let below_top = PLOT_HEIGHT * (1.0 - (b.value / scale.max).clamp(0.0, 1.0));
            LABEL_GAP + label_rise(labels, b.label) - below_top
        })
        .fold(FONT_SMALL / 2.0, f64::max)
}

/// The height of the year labels under the plot.
fn years_height(years: &[String], mode: TextMode) -> f64 {
    match mode {
        TextMode::Horizontal(font) => 6.0 + font,
        TextMode::Rotated(font) => {
            8.0 + years
                .iter()
                .map(|t| text_width(t, font))
                .fold(0.0, f64::max)
        }
    }
}

/// Places the legend entries in rows from `top`: the kinds that occur,
/// then, with more than one series, the series names. Returns the entries
/// and the legend's height.
fn layout_legend(spec: &ChartSpec, data: &Data<'_>, top: f64) -> (Vec<LegendItem>, f64) {
    if data.bars.is_empty() {
        return (Vec::new(), 0.0);
    }
    let several = spec.series.len() > 1;
    let mut entries: Vec<(BarKind, String, String, &str)> = Vec::new();
    for kind in BarKind::ALL {
        if data.kinds[kind.index()] {
            let (colour, hatch) = if several {
                ("neutral".to_owned(), "key".to_owned())
            } else {
                ("series-1".to_owned(), "1".to_owned())
            };
            entries.push((kind, colour, hatch, &spec.kind_labels[kind.index()]));
        }
    }
    if several {
        for (index, series) in spec.series.iter().enumerate() {
            let colour = colour(index);
            entries.push((
                BarKind::Actual,
                format!("series-{colour}"),
                colour.to_string(),
                &series.name,
            ));
        }
    }

    let text_room = WIDTH - 2.0 * PAD - SWATCH - LEGEND_GAP;
    let mut items = Vec::new();
    let (mut x, mut y, mut row_height) = (PAD, top, 0.0_f64);
    for (kind, colour, hatch, text) in entries {
        let lines = wrap(text, FONT, text_room);
        let text_width = lines
            .iter()
            .map(|l| text_width(l, FONT))
            .fold(0.0, f64::max);
        let width = SWATCH + LEGEND_GAP + text_width;
        if x > PAD && x + width > WIDTH - PAD {
            x = PAD;
            y += row_height;
            row_height = 0.0;
        }
        row_height = row_height.max(lines.len().max(1) as f64 * LEGEND_LINE);
        items.push(LegendItem {
            x,
            y,
            kind,
            colour,
            hatch,
            lines,
        });
        x += width + LEGEND_ITEM_GAP;
    }
    (items, y + row_height - top)
}

// ---------------------------------------------------------------------------
// Rendering

/// The hatch patterns: one per series colour that has targets, and a
/// neutral one for the legend of a chart with several series. Ids are
/// prefixed with the chart id.
fn render_defs(out: &mut String, id: &str, data: &Data<'_>, layout: &Layout) {
    let mut patterns: Vec<(String, String)> = data
        .hatched
        .iter()
        .enumerate()
        .filter(|(_, used)| **used)
        .map(|(i, _)| ((i + 1).to_string(), format!("series-{}", i + 1)))
        .collect();
    let key_hatch = layout
        .legend
        .iter()
        .any(|item| item.kind == BarKind::Target && item.hatch == "key");
    if key_hatch {
        patterns.push(("key".to_owned(), "neutral".to_owned()));
    }
    if patterns.is_empty() {
        return;
    }
    out.push_str("<defs>\n");
    for (suffix, class) in patterns {
        let _ = writeln!(
            out,
            "<pattern id=\"{id}-hatch-{suffix}\" class=\"hatch {class}\" patternUnits=\"userSpaceOnUse\" \
             width=\"{h}\" height=\"{h}\" patternTransform=\"rotate(45)\">\
             <line class=\"hatch-line\" x1=\"{m}\" y1=\"0\" x2=\"{m}\" y2=\"{h}\" stroke=\"currentColor\" stroke-width=\"2.5\"/>\
             </pattern>",
            h = num(HATCH),
            m = num(HATCH / 2.0),
        );
    }
    out.push_str("</defs>\n");
}

/// Writes a `<text>` of one or more lines (`<tspan>`s) at `x`, first
/// baseline at `y`.
fn text_lines(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    line_height: f64,
    font: Option<f64>,
    lines: &[String],
) {
    if lines.is_empty() {
        return;
    }
    let font = font
        .map(|f| format!(" font-size=\"{}\"", num(f)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\"{font}>",
        num(x),
        num(y)
    );
    if let [line] = lines {
        out.push_str(&escape::xml(line));
    } else {
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { line_height };
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                num(x),
                num(dy),
                escape::xml(line)
            );
        }
    }
    out.push_str("</text>\n");
}

/// The visible title above the chart.
fn render_title(out: &mut String, layout: &Layout) {
    text_lines(
        out,
        "title",
        PAD,
        layout.title_y,
        TITLE_LINE,
        Some(FONT_TITLE),
        &layout.title,
    );
}

/// The presentation attributes of a bar or swatch of `kind`: the hatch
/// fill for targets, and fallbacks (overridden by the stylesheet) that keep
/// kinds apart without it.
fn kind_attributes(kind: BarKind, id: &str, hatch: &str) -> String {
    match kind {
        BarKind::Actual => " fill=\"currentColor\"".to_owned(),
        BarKind::Target => {
            format!(" fill=\"url(#{id}-hatch-{hatch})\" stroke=\"currentColor\" stroke-width=\"2\"")
        }
        BarKind::Estimate => {
            " fill=\"currentColor\" fill-opacity=\"0.35\" stroke=\"currentColor\" \
             stroke-width=\"1.5\" stroke-dasharray=\"5 3\""
                .to_owned()
        }
    }
}

/// The legend: a swatch and text per entry.
fn render_legend(out: &mut String, id: &str, layout: &Layout) {
    if layout.legend.is_empty() {
        return;
    }
    out.push_str("<g class=\"legend\">\n");
    for item in &layout.legend {
        let inset = if item.kind == BarKind::Actual {
            0.0
        } else {
            1.0
        };
        let _ = writeln!(
            out,
            "<rect class=\"swatch {} {}\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\"{}/>",
            item.kind.class(),
            item.colour,
            num(item.x + inset),
            num(item.y + 3.0 + inset),
            kind_attributes(item.kind, id, &item.hatch),
            s = num(SWATCH - 2.0 * inset),
        );
        text_lines(
            out,
            "legend-label",
            item.x + SWATCH + LEGEND_GAP,
            item.y + FONT + 1.0,
            LEGEND_LINE,
            None,
            &item.lines,
        );
    }
    out.push_str("</g>\n");
}

/// The unit label, gridlines and tick values.
fn render_grid(out: &mut String, layout: &Layout, scale: &Scale) {
    text_lines(
        out,
        "unit",
        PAD,
        layout.unit_y,
        FONT_SMALL + 4.0,
        Some(FONT_SMALL),
        &layout.unit,
    );
    out.push_str("<g class=\"ticks\">\n");
    for i in 0..=scale.intervals {
        let y = layout.plot_bottom
            - (layout.plot_bottom - layout.plot_top) * i as f64 / scale.intervals.max(1) as f64;
        if i > 0 {
            let _ = writeln!(
                out,
                "<line class=\"grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"currentColor\" stroke-opacity=\"0.2\"/>",
                num(layout.plot_left),
                num(layout.plot_right),
                y = num(y),
            );
        }
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\">{}</text>",
            num(layout.plot_left - 6.0),
            num(y + FONT_SMALL * 0.35),
            num(FONT_SMALL),
            escape::xml(&tick_text(scale, i)),
        );
    }
    out.push_str("</g>\n");
}

/// The zero line, drawn over the bars.
fn render_axis(out: &mut String, layout: &Layout) {
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"currentColor\"/>",
        num(layout.plot_left),
        num(layout.plot_right),
        y = num(layout.plot_bottom),
    );
}

/// The bars, then their labels (so no bar covers a label).
fn render_bars(out: &mut String, id: &str, data: &Data<'_>, layout: &Layout, scale: &Scale) {
    if data.bars.is_empty() {
        return;
    }
    out.push_str("<g class=\"bars\">\n");
    for bar in &data.bars {
        let colour = colour(bar.series);
        let centre = layout.lane_centre(bar.group, bar.lane, data.lanes);
        let height = layout.bar_height(bar.value, scale);
        let _ = writeln!(
            out,
            "<rect class=\"bar {} series-{colour}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            bar.kind.class(),
            num(centre - layout.bar_width / 2.0),
            num(layout.plot_bottom - height),
            num(layout.bar_width),
            num(height),
            kind_attributes(bar.kind, id, &colour.to_string()),
        );
    }
    out.push_str("</g>\n<g class=\"labels\">\n");
    for bar in &data.bars {
        let centre = layout.lane_centre(bar.group, bar.lane, data.lanes);
        let top = layout.plot_bottom - layout.bar_height(bar.value, scale) - LABEL_GAP;
        render_bar_label(out, layout, centre, top, bar.label);
    }
    out.push_str("</g>\n");
}

/// One bar's label with its baseline (or, rotated, its start) at `top`,
/// centred on `centre` and kept inside the plot's width.
fn render_bar_label(out: &mut String, layout: &Layout, centre: f64, top: f64, label: &str) {
    let font = layout.labels.font();
    let size = if font == FONT {
        String::new()
    } else {
        format!(" font-size=\"{}\"", num(font))
    };
    match layout.labels {
        TextMode::Horizontal(_) => {
            let half = text_width(label, font) / 2.0;
            let low = layout.plot_left + half;
            let high = WIDTH - PAD - half;
            let x = if low <= high {
                centre.clamp(low, high)
            } else {
                centre
            };
            let _ = writeln!(
                out,
                "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\"{size}>{}</text>",
                num(x),
                num(top),
                escape::xml(label),
            );
        }
        TextMode::Rotated(_) => {
            let (x, y) = (num(centre + font * 0.35), num(top));
            let _ = writeln!(
                out,
                "<text class=\"label\" x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\"{size}>{}</text>",
                escape::xml(label),
            );
        }
    }
}

/// The year under each group.
fn render_years(out: &mut String, data: &Data<'_>, layout: &Layout) {
    if data.years.is_empty() {
        return;
    }
    let font = layout.years.font();
    let size = if font == FONT {
        String::new()
    } else {
        format!(" font-size=\"{}\"", num(font))
    };
    out.push_str("<g class=\"years\">\n");
    for (group, year) in data.years.iter().enumerate() {
        let centre = layout.plot_left + layout.group_width * (group as f64 + 0.5);
        match layout.years {
            TextMode::Horizontal(_) => {
                let _ = writeln!(
                    out,
                    "<text class=\"year\" x=\"{}\" y=\"{}\" text-anchor=\"middle\"{size}>{year}</text>",
                    num(centre),
                    num(layout.plot_bottom + 6.0 + font * 0.85),
                );
            }
            TextMode::Rotated(_) => {
                let (x, y) = (num(centre + font * 0.35), num(layout.plot_bottom + 8.0));
                let _ = writeln!(
                    out,
                    "<text class=\"year\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\" transform=\"rotate(-90 {x} {y})\"{size}>{year}</text>",
                );
            }
        }
    }
    out.push_str("</g>\n");
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(year: i32, value: f64, kind: BarKind, label: &str) -> Bar {
        Bar {
            year,
            value,
            kind,
            label: label.to_owned(),
        }
    }

    fn spec(id: &str, series: Vec<Series>) -> ChartSpec {
        ChartSpec {
            id: id.to_owned(),
            title: "人工智能核心产业规模".to_owned(),
            description: "2023年实际780亿元，2024年目标1000亿元，2026年目标1700亿元。".to_owned(),
            unit_label: "亿元".to_owned(),
            kind_labels: ["实际".to_owned(), "目标".to_owned(), "估计".to_owned()],
            series,
        }
    }

    fn three_bars(id: &str) -> ChartSpec {
        spec(
            id,
            vec![Series {
                name: "规模".to_owned(),
                bars: vec![
                    bar(2023, 780.0, BarKind::Actual, "780"),
                    bar(2024, 1000.0, BarKind::Target, "1000"),
                    bar(2026, 1700.0, BarKind::Target, "1700"),
                ],
            }],
        )
    }

    fn series(name: &str, bars: Vec<Bar>) -> Series {
        Series {
            name: name.to_owned(),
            bars,
        }
    }

    /// A minimal XML well-formedness check: one root element, tags
    /// balanced and properly nested, attributes `name="value"` (or single
    /// quotes) without `<` in values and without repeats, entity references
    /// known. Returns the first problem.
    fn check_xml(xml: &str) -> Result<(), String> {
        let bytes = xml.as_bytes();
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut i = 0;
        let check_entities = |text: &str| -> Result<(), String> {
            let mut rest = text;
            while let Some(at) = rest.find('&') {
                let after = &rest[at + 1..];
                let end = after
                    .find(';')
                    .ok_or_else(|| format!("unterminated entity in {text:?}"))?;
                let name = &after[..end];
                let known = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                    || (name.starts_with('#') && name.len() > 1);
                if !known {
                    return Err(format!("unknown entity &{name};"));
                }
                rest = &after[end + 1..];
            }
            Ok(())
        };
        let is_name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.');
        while i < bytes.len() {
            if bytes[i] != b'<' {
                let end = xml[i..].find('<').map_or(xml.len(), |e| i + e);
                let text = &xml[i..end];
                if text.contains('>') {
                    return Err(format!("'>' in text {text:?}"));
                }
                if stack.is_empty() && !text.trim().is_empty() {
                    return Err(format!("text outside the root: {text:?}"));
                }
                check_entities(text)?;
                i = end;
                continue;
            }
            i += 1;
            let closing = bytes.get(i) == Some(&b'/');
            if closing {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && is_name(bytes[i]) {
                i += 1;
            }
            let name = &xml[start..i];
            if name.is_empty() {
                return Err(format!("bad tag at byte {start}"));
            }
            if closing {
                if bytes.get(i) != Some(&b'>') {
                    return Err(format!("bad closing tag </{name}"));
                }
                i += 1;
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
                continue;
            }
            if stack.is_empty() {
                roots += 1;
            }
            let mut seen: Vec<&str> = Vec::new();
            loop {
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    None => return Err(format!("unterminated <{name}")),
                    Some(b'>') => {
                        i += 1;
                        stack.push(name.to_owned());
                        break;
                    }
                    Some(b'/') => {
                        if bytes.get(i + 1) != Some(&b'>') {
                            return Err(format!("bad empty tag <{name}"));
                        }
                        i += 2;
                        break;
                    }
                    Some(_) => {}
                }
                let a = i;
                while i < bytes.len() && is_name(bytes[i]) {
                    i += 1;
                }
                let attribute = &xml[a..i];
                if attribute.is_empty() || bytes.get(i) != Some(&b'=') {
                    return Err(format!("bad attribute in <{name} at byte {a}"));
                }
                if seen.contains(&attribute) {
                    return Err(format!("repeated attribute {attribute} in <{name}"));
                }
                seen.push(attribute);
                i += 1;
                let quote = *bytes.get(i).ok_or("unterminated attribute")?;
                if quote != b'"' && quote != b'\'' {
                    return Err(format!("unquoted attribute {attribute}"));
                }
                i += 1;
                let end = xml[i..]
                    .find(quote as char)
                    .map(|e| i + e)
                    .ok_or_else(|| format!("unbalanced quote in {attribute}"))?;
                let value = &xml[i..end];
                if value.contains('<') {
                    return Err(format!("'<' in attribute {attribute}"));
                }
                check_entities(value)?;
                i = end + 1;
            }
        }
        if let Some(open) = stack.pop() {
            return Err(format!("<{open}> not closed"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    /// The values of attribute `name` in the output, in order.
    fn attribute_values<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
        let needle = format!(" {name}=\"");
        svg.match_indices(&needle)
            .filter_map(|(at, _)| {
                let rest = &svg[at + needle.len()..];
                rest.find('"').map(|end| &rest[..end])
            })
            .collect()
    }

    /// Asserts every number in coordinate attributes has at most two
    /// decimals.
    fn assert_short_numbers(svg: &str) {
        for name in [
            "x",
            "y",
            "x1",
            "x2",
            "y1",
            "y2",
            "width",
            "height",
            "viewBox",
            "transform",
            "dy",
        ] {
            for value in attribute_values(svg, name) {
                for part in value.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
                    if let Some((_, decimals)) = part.split_once('.') {
                        assert!(decimals.len() <= 2, "{name}=\"{value}\"");
                    }
                }
            }
        }
    }

    #[test]
    fn root_is_accessible_svg() {
        let svg = bar_chart(&three_bars("ai-scale"));
        assert!(
            svg.starts_with(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
            )
        );
        assert!(svg.contains("aria-labelledby=\"ai-scale-title ai-scale-desc\""));
        assert!(svg.contains("viewBox=\"0 0 640 "));
        let after_root = svg.split_once(">\n").map(|(_, rest)| rest).unwrap_or("");
        assert!(after_root.starts_with("<title id=\"ai-scale-title\">人工智能核心产业规模</title>\n<desc id=\"ai-scale-desc\">2023年实际780亿元"));
        let root = &svg[..svg.find('>').unwrap_or(0)];
        assert!(
            !root.contains(" width=") && !root.contains(" height="),
            "{root}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn one_rect_per_bar_with_kind_class() {
        let svg = bar_chart(&three_bars("c"));
        assert_eq!(svg.matches("<rect class=\"bar ").count(), 3);
        assert_eq!(
            svg.matches("<rect class=\"bar actual series-1\"").count(),
            1
        );
        assert_eq!(
            svg.matches("<rect class=\"bar target series-1\"").count(),
            2
        );
        assert_eq!(svg.matches("<rect class=\"bar estimate").count(), 0);
    }

    #[test]
    fn target_bars_reference_the_hatch_pattern() {
        let svg = bar_chart(&three_bars("c"));
        assert!(svg.contains("<pattern id=\"c-hatch-1\""));
        for line in svg
            .lines()
            .filter(|l| l.starts_with("<rect class=\"bar target"))
        {
            assert!(line.contains("fill=\"url(#c-hatch-1)\""), "{line}");
        }
        for line in svg
            .lines()
            .filter(|l| l.starts_with("<rect class=\"bar actual"))
        {
            assert!(!line.contains("url(#"), "{line}");
        }
        // Every referenced pattern is defined.
        for reference in svg.match_indices("url(#").map(|(at, _)| &svg[at + 5..]) {
            let id = &reference[..reference.find(')').unwrap_or(0)];
            assert!(svg.contains(&format!("<pattern id=\"{id}\"")), "{id}");
        }
    }

    #[test]
    fn labels_units_and_years_appear_as_text() {
        let svg = bar_chart(&three_bars("c"));
        for text in [
            ">780</text>",
            ">1000</text>",
            ">1700</text>",
            ">亿元</text>",
            ">2023</text>",
            ">2026</text>",
            ">实际</text>",
            ">目标</text>",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        // Only the kinds present are in the legend; one series, no names.
        assert!(!svg.contains(">估计</text>"));
        assert!(!svg.contains(">规模</text>"));
        // Groups are the union of the series' years: none for 2025.
        assert!(!svg.contains(">2025</text>"));
        // Tick labels of the nice scale.
        for tick in [">0</text>", ">500</text>", ">2000</text>"] {
            assert!(svg.contains(tick), "{tick}");
        }
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut spec = spec(
            "x",
            vec![
                series(
                    "A<&\"'>",
                    vec![bar(2020, 1.0, BarKind::Actual, "<1 & \"2\"")],
                ),
                series("B", vec![bar(2020, 2.0, BarKind::Estimate, "2")]),
            ],
        );
        spec.title = "R&D <spending> \"2024\"".to_owned();
        spec.description = "a < b & c".to_owned();
        spec.unit_label = "'%'".to_owned();
        spec.kind_labels[0] = "<b>".to_owned();
        let svg = bar_chart(&spec);
        assert!(svg.contains("R&amp;D &lt;spending&gt; &quot;2024&quot;"));
        assert!(svg.contains("&lt;1 &amp; &quot;2&quot;"));
        assert!(svg.contains("A&lt;&amp;&quot;&#39;&gt;"));
        assert!(svg.contains("a &lt; b &amp; c"));
        assert!(svg.contains("&#39;%&#39;"));
        assert!(svg.contains("&lt;b&gt;"));
        assert!(!svg.contains("<spending>") && !svg.contains("<b>") && !svg.contains("<1"));
        check_xml(&svg).unwrap();
    }

    #[test]
    fn ids() {
        // Escaping itself is `crate::escape`'s, tested there.
        assert_eq!(safe_id("ai-core-2024"), "ai-core-2024");
        assert_eq!(safe_id("a b\"<"), "a_20b_22_3c");
        assert_ne!(safe_id("a_20b"), safe_id("a b"));
        assert_eq!(safe_id(""), "chart");
        let svg = bar_chart(&three_bars("a b"));
        assert!(svg.contains("aria-labelledby=\"a_20b-title a_20b-desc\""));
        assert!(svg.contains("<title id=\"a_20b-title\">"));
        check_xml(&svg).unwrap();
    }

    #[test]
    fn nice_maximum() {
        assert_eq!(nice_max(1700.0), 2000.0);
        assert_eq!(nice_max(40.0), 50.0);
        assert_eq!(nice_max(780.0), 1000.0);
        assert_eq!(nice_max(1000.0), 1000.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(3.2), 5.0);
        assert_eq!(nice_max(99.0), 100.0);
        assert_eq!(nice_max(0.03), 0.05);
        assert!(nice_max(0.0) > 0.0);
        assert!(nice_max(-5.0) > 0.0);
        assert!(nice_max(f64::NAN) > 0.0);
        for m in [
            0.0, 0.001, 0.3, 1.0, 1.5, 2.2, 7.0, 12.0, 40.0, 99.0, 250.0, 1700.0, 4.7e6, 1e15,
        ] {
            let s = nice_scale(m);
            assert!(s.max >= m, "{m}");
            assert!((4..=6).contains(&s.intervals), "{m}: {s:?}");
            assert!(
                (s.step * s.intervals as f64 - s.max).abs() <= s.max * 1e-9,
                "{m}: {s:?}"
            );
        }
        let s = nice_scale(1700.0);
        assert_eq!((s.step, s.intervals, s.decimals), (500.0, 4, 0));
        let s = nice_scale(0.4);
        assert_eq!(
            (tick_text(&s, 1), tick_text(&s, 5)),
            ("0.1".to_owned(), "0.5".to_owned())
        );
    }

    #[test]
    fn numbers_have_at_most_two_decimals() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005), "1");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        let mut many = Vec::new();
        for s in 0..3 {
            many.push(series(
                &format!("S{s}"),
                (0..7)
                    .map(|i| bar(2000 + i, (i * 37 + s) as f64 / 3.0, BarKind::Actual, "x"))
                    .collect(),
            ));
        }
        assert_short_numbers(&bar_chart(&spec("n", many)));
        assert_short_numbers(&bar_chart(&three_bars("n")));
    }

    #[test]
    fn output_is_well_formed_xml() {
        check_xml(&bar_chart(&three_bars("c"))).unwrap();
        assert!(check_xml("<svg><g></svg>").is_err());
        assert!(check_xml("<svg a=\"1></svg>").is_err());
        assert!(check_xml("<svg>a & b</svg>").is_err());
        assert!(check_xml("<svg/><svg/>").is_err());
        assert!(check_xml("<svg a=\"1\" a=\"2\"/>").is_err());
    }

    #[test]
    fn pattern_ids_are_per_chart() {
        let a = bar_chart(&three_bars("first"));
        let b = bar_chart(&three_bars("second"));
        let ids = |svg: &str| -> Vec<String> {
            attribute_values(svg, "id")
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let (a_ids, b_ids) = (ids(&a), ids(&b));
        assert!(a_ids.iter().any(|id| id.contains("hatch")));
        for id in &a_ids {
            assert!(id.starts_with("first-"), "{id}");
            assert!(!b_ids.contains(id), "{id}");
        }
        assert!(b.contains("url(#second-hatch-1)") && !b.contains("url(#first-"));
    }

    #[test]
    fn no_style_attributes_or_colours() {
        let svg = bar_chart(&spec(
            "c",
            vec![
                series(
                    "a",
                    vec![
                        bar(2023, 780.0, BarKind::Actual, "780"),
                        bar(2024, 900.0, BarKind::Estimate, "近900"),
                    ],
                ),
                series("b", vec![bar(2023, 10.0, BarKind::Target, "10")]),
            ],
        ));
        assert!(!svg.contains("style="));
        assert!(!svg.contains('#') || svg.matches('#').count() == svg.matches("url(#").count());
        assert!(!svg.contains("rgb("));
    }

    #[test]
    fn several_series_get_classes_and_legend() {
        let names = ["A", "B", "C", "D", "E"];
        let all: Vec<Series> = names
            .iter()
            .enumerate()
            .map(|(s, name)| {
                series(
                    name,
                    (2015..2027)
                        .filter(|y| (y + s as i32) % 4 != 0)
                        .map(|y| {
                            let kind = if y > 2023 {
                                BarKind::Target
                            } else if y == 2023 {
                                BarKind::Estimate
                            } else {
                                BarKind::Actual
                            };
                            bar(
                                y,
                                (y - 2010) as f64 * (s as f64 + 1.0) * 13.7,
                                kind,
                                &format!("more than {},{}00", y - 2000, s),
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        let count: usize = all.iter().map(|s| s.bars.len()).sum();
        let svg = bar_chart(&spec("five", all));
        check_xml(&svg).unwrap();
        assert_short_numbers(&svg);
        assert_eq!(svg.matches("<rect class=\"bar ").count(), count);
        for (s, name) in names.iter().enumerate() {
            assert!(svg.contains(&format!("class=\"bar actual series-{}\"", s + 1)));
            assert!(svg.contains(&format!(">{name}</text>")), "{name}");
        }
        assert!(svg.contains(">估计</text>"));
        // Kind swatches are neutral with several series.
        assert!(svg.contains("class=\"swatch target neutral\""));
        assert!(svg.contains("fill=\"url(#five-hatch-key)\""));
        // Narrow bars: labels rotated at the small size.
        assert!(svg.contains("<text class=\"label\"") && svg.contains("rotate(-90"));
        assert!(!svg.contains("font-size=\"12"));
    }

    #[test]
    fn narrow_labels_shrink_or_rotate_and_stay_inside() {
        let long = "more than 4,700,000";
        let bars: Vec<Bar> = (2010..2026)
            .map(|y| bar(y, 4700.0, BarKind::Actual, long))
            .collect();
        let svg = bar_chart(&spec("n", vec![series("s", bars)]));
        check_xml(&svg).unwrap();
        assert!(svg.contains("transform=\"rotate(-90"));
        // Everything drawn inside the viewBox horizontally.
        for x in attribute_values(&svg, "x") {
            let x: f64 = x.parse().unwrap_or(-1.0);
            assert!((0.0..=WIDTH).contains(&x), "{x}");
        }
        // A short label at a wide bar stays horizontal at the default size.
        let svg = bar_chart(&three_bars("w"));
        assert!(
            svg.contains("<text class=\"label\" x=") && !svg.contains("class=\"label\" x=\"0\"")
        );
        assert!(
            !svg.lines()
                .any(|l| l.starts_with("<text class=\"label\"") && l.contains("rotate"))
        );
    }

    #[test]
    fn long_title_wraps_inside_the_view_box() {
        let mut s = three_bars("t");
        s.title = "Scale of the core artificial intelligence industry in the province, actual and targets, 2023–2026".to_owned();
        let svg = bar_chart(&s);
        assert!(svg.contains("<tspan"));
        check_xml(&svg).unwrap();
        let lines = wrap(&s.title, FONT_TITLE, 300.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, FONT_TITLE) <= 300.0));
        assert_eq!(lines.join(" "), s.title);
        let zh = wrap(
            "人工智能核心产业规模，实际值与目标值（2023—2026年）",
            FONT_TITLE,
            160.0,
        );
        assert!(
            zh.len() > 1
                && zh
                    .iter()
                    .all(|l| !l.starts_with('，') && !l.starts_with('）'))
        );
        assert_eq!(wrap("", FONT, 100.0), Vec::<String>::new());
        assert_eq!(wrap("   ", FONT, 100.0), Vec::<String>::new());
        assert!(!wrap("Supercalifragilisticexpialidocious", FONT, 40.0).is_empty());
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let cases = vec![
            spec("empty", vec![]),
            spec("no-bars", vec![series("a", vec![]), series("b", vec![])]),
            spec(
                "zero",
                vec![series(
                    "a",
                    vec![
                        bar(2020, 0.0, BarKind::Actual, "0"),
                        bar(2021, 0.0, BarKind::Target, "0"),
                    ],
                )],
            ),
            spec(
                "negative",
                vec![series(
                    "a",
                    vec![
                        bar(2020, -5.0, BarKind::Actual, "−5"),
                        bar(2021, 3.0, BarKind::Actual, "3"),
                    ],
                )],
            ),
            spec(
                "nan",
                vec![series(
                    "a",
                    vec![
                        bar(2020, f64::NAN, BarKind::Actual, "n/a"),
                        bar(2021, f64::INFINITY, BarKind::Estimate, "inf"),
                        bar(2022, f64::NEG_INFINITY, BarKind::Target, "-inf"),
                        bar(2023, f64::MAX, BarKind::Actual, "max"),
                        bar(2024, f64::MIN_POSITIVE, BarKind::Actual, "tiny"),
                    ],
                )],
            ),
            spec(
                "single",
                vec![series("a", vec![bar(2024, 5.0, BarKind::Target, "5")])],
            ),
            spec(
                "same-year",
                vec![series(
                    "a",
                    vec![
                        bar(2024, 5.0, BarKind::Target, "5"),
                        bar(2024, 4.0, BarKind::Actual, "4"),
                        bar(2024, 4.5, BarKind::Estimate, "4.5"),
                    ],
                )],
            ),
            spec(
                "years",
                vec![series(
                    "a",
                    (1990..2030)
                        .map(|y| bar(y, y as f64, BarKind::Actual, &y.to_string()))
                        .collect(),
                )],
            ),
            spec(
                "extreme-years",
                vec![series(
                    "a",
                    vec![
                        bar(i32::MIN, 1.0, BarKind::Actual, "1"),
                        bar(i32::MAX, 2.0, BarKind::Actual, "2"),
                    ],
                )],
            ),
            spec(
                "",
                vec![series("", vec![bar(2020, 1.0, BarKind::Actual, "")])],
            ),
        ];
        for case in cases {
            let svg = bar_chart(&case);
            check_xml(&svg).unwrap_or_else(|e| panic!("{}: {e}", case.id));
            assert_short_numbers(&svg);
            assert!(
                !svg.contains("NaN") && !svg.contains("inf\""),
                "{}",
                case.id
            );
            let bars: usize = case.series.iter().map(|s| s.bars.len()).sum();
            assert_eq!(
                svg.matches("<rect class=\"bar ").count(),
                bars,
                "{}",
                case.id
            );
            // Labels are shown even for clamped bars.
            for s in &case.series {
                for b in &s.bars {
                    assert!(
                        svg.contains(&format!(">{}</text>", escape::xml(&b.label)))
                            || b.label.is_empty(),
                        "{}",
                        b.label
                    );
                }
            }
        }
        // A negative value is drawn as an empty bar at zero.
        let svg = bar_chart(&spec(
            "neg",
            vec![series("a", vec![bar(2020, -5.0, BarKind::Actual, "−5")])],
        ));
        assert!(
            svg.lines()
                .any(|l| l.starts_with("<rect class=\"bar actual") && l.contains("height=\"0\""))
        );
    }

    #[test]
    fn output_is_deterministic() {
        let s = three_bars("d");
        assert_eq!(bar_chart(&s), bar_chart(&s.clone()));
    }

    #[test]
    fn estimates_are_dashed_and_light() {
        let svg = bar_chart(&spec(
            "e",
            vec![series("a", vec![bar(2025, 3.0, BarKind::Estimate, "约3")])],
        ));
        let line = svg
            .lines()
            .find(|l| l.starts_with("<rect class=\"bar estimate"))
            .unwrap_or("");
        assert!(
            line.contains("stroke-dasharray") && line.contains("fill-opacity"),
            "{line}"
        );
        assert!(!svg.contains("<pattern"));
    }
}
