//! Writing the SVG elements.

use super::*;

/// The hatch patterns: one per series colour that has targets, and a
/// neutral one for the legend of a chart with several series. Ids are
/// prefixed with the chart id.
pub(super) fn render_defs(out: &mut String, id: &str, data: &Data<'_>, key_hatch: bool) {
    let mut patterns: Vec<(String, String)> = data
        .hatched
        .iter()
        .enumerate()
        .filter(|(_, used)| **used)
        .map(|(i, _)| ((i + 1).to_string(), format!("series-{}", i + 1)))
        .collect();
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
pub(super) fn text_lines(
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

/// The presentation attributes of a bar or swatch of `kind`: the hatch
/// fill for targets, and fallbacks (overridden by the stylesheet) that keep
/// kinds apart without it.
pub(super) fn kind_attributes(kind: BarKind, id: &str, hatch: &str) -> String {
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
pub(super) fn render_legend(out: &mut String, id: &str, layout: &Layout) {
    if layout.legend.is_empty() {
        return;
    }
    out.push_str("<g class=\"legend\">\n");
    for item in &layout.legend {
        if item.dot {
            let r = SWATCH / 2.0;
            let _ = writeln!(
                out,
                "<circle class=\"swatch dot {}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"currentColor\"/>",
                item.colour,
                num(item.x + r),
                num(item.y + 3.0 + r),
                num(r),
            );
        } else {
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
        }
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
pub(super) fn render_grid(out: &mut String, layout: &Layout, scale: &Scale) {
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
pub(super) fn render_axis(out: &mut String, layout: &Layout) {
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"currentColor\"/>",
        num(layout.plot_left),
        num(layout.plot_right),
        y = num(layout.plot_bottom),
    );
}

/// The bars, then their labels (so no bar covers a label).
pub(super) fn render_bars(
    out: &mut String,
    id: &str,
    data: &Data<'_>,
    layout: &Layout,
    scale: &Scale,
) {
    if data.bars.is_empty() {
        return;
    }
    out.push_str("<g class=\"bars\">\n");
    for bar in &data.bars {
        let colour = colour(bar.series);
        let centre = layout.lane_centre(bar.group, bar.lane, data.group_lanes[bar.group]);
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
        let centre = layout.lane_centre(bar.group, bar.lane, data.group_lanes[bar.group]);
        let top = layout.plot_bottom - layout.bar_height(bar.value, scale) - LABEL_GAP;
        render_bar_label(out, layout, centre, top, bar.label);
    }
    out.push_str("</g>\n");
}

/// One bar's label with its baseline (or, rotated, its start) at `top`,
/// centred on `centre` and kept inside the plot's width.
pub(super) fn render_bar_label(
    out: &mut String,
    layout: &Layout,
    centre: f64,
    top: f64,
    label: &str,
) {
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
pub(super) fn render_years(out: &mut String, data: &Data<'_>, layout: &Layout) {
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
