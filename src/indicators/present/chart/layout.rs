//! Where everything goes: legend, plot, bar labels and years.

use super::*;

/// How a row of labels is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum TextMode {
    /// Horizontal at this font size.
    Horizontal(f64),
    /// Rotated a quarter turn counter-clockwise, at this font size.
    Rotated(f64),
}

impl TextMode {
    pub(super) fn font(self) -> f64 {
        match self {
            TextMode::Horizontal(font) | TextMode::Rotated(font) => font,
        }
    }
}

/// The smallest setting in which every text of `texts` fits in `space`
/// units: horizontal at the default size, horizontal at the small size, or
/// rotated.
pub(super) fn fit_mode<'a>(texts: impl Iterator<Item = &'a str> + Clone, space: f64) -> TextMode {
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
pub(super) fn label_rise(mode: TextMode, text: &str) -> f64 {
    match mode {
        TextMode::Horizontal(font) => font,
        TextMode::Rotated(font) => text_width(text, font),
    }
}

/// One legend entry, placed.
#[derive(Debug)]
pub(super) struct LegendItem {
    /// Left of the swatch.
    pub(super) x: f64,
    /// Top of the entry.
    pub(super) y: f64,
    pub(super) kind: BarKind,
    /// Colour class: `series-n` or `neutral`.
    pub(super) colour: String,
    /// The hatch pattern suffix used when `kind` is a target.
    pub(super) hatch: String,
    /// A series entry: a coloured dot, not a square (squares are kinds).
    pub(super) dot: bool,
    pub(super) lines: Vec<String>,
}

/// Where everything goes.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) legend: Vec<LegendItem>,
    /// Unit label lines and the baseline of the first.
    pub(super) unit: Vec<String>,
    pub(super) unit_y: f64,
    pub(super) plot_left: f64,
    pub(super) plot_right: f64,
    pub(super) plot_top: f64,
    pub(super) plot_bottom: f64,
    /// Width of one year's group.
    pub(super) group_width: f64,
    /// Distance between the centres of neighbouring lanes.
    pub(super) pitch: f64,
    pub(super) bar_width: f64,
    pub(super) labels: TextMode,
    pub(super) years: TextMode,
    /// The viewBox height.
    pub(super) height: f64,
}

impl Layout {
    /// The horizontal centre of a lane in a group.
    pub(super) fn lane_centre(&self, group: usize, lane: usize, lanes: usize) -> f64 {
        let centre = self.plot_left + self.group_width * (group as f64 + 0.5);
        centre - self.pitch * lanes as f64 / 2.0 + self.pitch * (lane as f64 + 0.5)
    }

    /// The height of a bar of `value`.
    pub(super) fn bar_height(&self, value: f64, scale: &Scale) -> f64 {
        (self.plot_bottom - self.plot_top) * (value / scale.max).clamp(0.0, 1.0)
    }
}

/// Lays out the chart: horizontally first (tick column, groups, lanes,
/// whether labels fit), then top to bottom (legend, unit, room for
/// bar labels, plot, year labels).
pub(super) fn layout(spec: &ChartSpec, data: &Data<'_>, scale: &Scale) -> Layout {
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
pub(super) fn label_headroom(data: &Data<'_>, scale: &Scale, labels: TextMode) -> f64 {
    data.bars
        .iter()
        .map(|b| {
            let below_top = PLOT_HEIGHT * (1.0 - (b.value / scale.max).clamp(0.0, 1.0));
            LABEL_GAP + label_rise(labels, b.label) - below_top
        })
        .fold(FONT_SMALL / 2.0, f64::max)
}

/// The height of the year labels under the plot.
pub(super) fn years_height(years: &[String], mode: TextMode) -> f64 {
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

/// Places the legend entries in rows from `top`: the kinds that occur
/// (squares) and then, with more than one series, the series names
/// (coloured dots) from a new row, so that fill and colour are never read
/// as one code. Returns the entries and the legend's height.
pub(super) fn layout_legend(spec: &ChartSpec, data: &Data<'_>, top: f64) -> (Vec<LegendItem>, f64) {
    if data.bars.is_empty() {
        return (Vec::new(), 0.0);
    }
    let several = spec.series.len() > 1;
    let (kind_colour, kind_hatch) = if several {
        ("neutral", "key")
    } else {
        ("series-1", "1")
    };
    let mut entries: Vec<(BarKind, String, String, bool, &str)> = BarKind::ALL
        .into_iter()
        .filter(|kind| data.kinds[kind.index()])
        .map(|kind| {
            let text = spec.kind_labels[kind.index()].as_str();
            (
                kind,
                kind_colour.to_owned(),
                kind_hatch.to_owned(),
                false,
                text,
            )
        })
        .collect();
    if several {
        for (index, series) in spec.series.iter().enumerate() {
            let colour = colour(index);
            let (class, hatch) = (format!("series-{colour}"), colour.to_string());
            entries.push((BarKind::Actual, class, hatch, true, series.name.as_str()));
        }
    }
    place_legend(entries, top)
}

/// Flows legend entries into rows of the chart's width, starting a new row
/// where the dots (series) begin.
fn place_legend(
    entries: Vec<(BarKind, String, String, bool, &str)>,
    top: f64,
) -> (Vec<LegendItem>, f64) {
    let text_room = WIDTH - 2.0 * PAD - SWATCH - LEGEND_GAP;
    let mut items: Vec<LegendItem> = Vec::new();
    let (mut x, mut y, mut row_height) = (PAD, top, 0.0_f64);
    for (kind, colour, hatch, dot, text) in entries {
        let lines = wrap(text, FONT, text_room);
        let text_width = lines
            .iter()
            .map(|l| text_width(l, FONT))
            .fold(0.0, f64::max);
        let width = SWATCH + LEGEND_GAP + text_width;
        let new_code = dot && items.last().is_some_and(|last| !last.dot);
        if x > PAD && (new_code || x + width > WIDTH - PAD) {
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
            dot,
            lines,
        });
        x += width + LEGEND_ITEM_GAP;
    }
    (items, y + row_height - top)
}
