//! The rows drawing: one horizontal bar per value, in CSS px, for narrow
//! boxes.
//!
//! The SVG has no `viewBox`: it is as wide as its box (`width="100%"`) and
//! as high as its rows (`height` in px), so its text is drawn at its own
//! size at any width. Bars are percentages of the box's width; a row's
//! label (year, kind, series) is set at the left above its bar and its
//! value at the right, both wrapped for [`ROWS_MIN_WIDTH`] so they never
//! meet.

use super::*;

/// Font of row labels and values.
const ROW_FONT: f64 = 14.0;
/// Line height of row labels.
const ROW_LINE: f64 = 19.0;
/// Height of a bar, and the space after it.
const ROW_BAR: f64 = 16.0;
const ROW_GAP: f64 = 12.0;
/// Space between a row's label and its value.
const ROW_VALUE_GAP: f64 = 12.0;
/// The longest bar, as a share of the box (a little less than all of it,
/// so that an outline stays inside).
const ROW_FULL: f64 = 99.0;
/// Where bars start (room for half an outline).
const ROW_INSET: f64 = 1.0;
/// The width text is wrapped to: the narrowest box, less a margin for
/// fonts wider than the estimate.
const ROW_TEXT: f64 = ROWS_MIN_WIDTH - 12.0;
/// Space above the first line, for the ascent of tall glyphs.
const ROW_TOP: f64 = 4.0;

/// The rows drawing of `spec`.
pub fn rows(spec: &ChartSpec) -> String {
    let id = format!("{}-rows", safe_id(&spec.id));
    let data = prepare(spec);
    let mut body = String::new();
    let mut y = ROW_TOP;

    let unit = wrap(&spec.unit_label, FONT_SMALL, ROW_TEXT);
    text_lines(
        &mut body,
        "unit",
        0.0,
        y + FONT_SMALL,
        FONT_SMALL + 4.0,
        Some(FONT_SMALL),
        &unit,
    );
    y += unit.len() as f64 * (FONT_SMALL + 4.0) + 6.0;

    let mut placed: Vec<&PlacedBar<'_>> = data.bars.iter().collect();
    placed.sort_by_key(|b| (b.group, b.lane));
    if !placed.is_empty() {
        body.push_str("<g class=\"bars\">\n");
        for bar in placed {
            y = render_row(&mut body, &id, spec, &data, bar, y);
        }
        body.push_str("</g>\n");
        y -= ROW_GAP;
    }
    let height = y + 2.0;

    let mut out = String::new();
    let size = format!(
        "width=\"100%\" height=\"{}\" font-size=\"{}\"",
        num(height),
        num(ROW_FONT)
    );
    open_svg(&mut out, &id, spec, "chart-rows", &size);
    render_defs(&mut out, &id, &data, false);
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// The words that name a bar: its kind and, with several series, the
/// series ("Target, Core AI industry scale").
fn row_words(spec: &ChartSpec, bar: &PlacedBar<'_>) -> String {
    let kind = &spec.kind_labels[bar.kind.index()];
    match spec.series.get(bar.series) {
        Some(series) if spec.series.len() > 1 => {
            format!("{kind}{}{}", spec.separator, series.name)
        }
        _ => kind.clone(),
    }
}

/// One row from `top`: the label lines (the year in bold first) and the
/// value, then the bar. Returns the top of the next row.
fn render_row(
    out: &mut String,
    id: &str,
    spec: &ChartSpec,
    data: &Data<'_>,
    bar: &PlacedBar<'_>,
    top: f64,
) -> f64 {
    let year = data.years.get(bar.group).copied().unwrap_or_default();
    let value_width = text_width(bar.label, ROW_FONT).min(ROW_TEXT / 2.0);
    let room = ROW_TEXT - value_width - ROW_VALUE_GAP;
    let lines = wrap(&format!("{year} {}", row_words(spec, bar)), ROW_FONT, room);
    let baseline = top + ROW_FONT;
    let _ = write!(
        out,
        "<text class=\"row-label\" x=\"0\" y=\"{}\">",
        num(baseline)
    );
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { ROW_LINE };
        let _ = write!(out, "<tspan x=\"0\" dy=\"{}\">", num(dy));
        match line.strip_prefix(&year.to_string()).filter(|_| i == 0) {
            Some(rest) => {
                let _ = write!(
                    out,
                    "<tspan class=\"row-year\" font-weight=\"600\">{year}</tspan>{}",
                    escape::xml(rest)
                );
            }
            None => out.push_str(&escape::xml(line)),
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>\n");
    let _ = writeln!(
        out,
        "<text class=\"label\" x=\"100%\" y=\"{}\" text-anchor=\"end\">{}</text>",
        num(baseline),
        escape::xml(bar.label)
    );
    let bar_top = top + lines.len().max(1) as f64 * ROW_LINE + 2.0;
    let share = if data.max > MIN_VALUE {
        (bar.value / data.max * ROW_FULL).clamp(0.5, ROW_FULL)
    } else {
        0.5
    };
    let colour = colour(bar.series);
    let _ = writeln!(
        out,
        "<rect class=\"bar {} series-{colour}\" x=\"{}\" y=\"{}\" width=\"{}%\" height=\"{}\"{}/>",
        bar.kind.class(),
        num(ROW_INSET),
        num(bar_top + ROW_INSET),
        num(share),
        num(ROW_BAR - 2.0 * ROW_INSET),
        kind_attributes(bar.kind, id, &colour.to_string()),
    );
    bar_top + ROW_BAR + ROW_GAP
}
