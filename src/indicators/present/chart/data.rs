//! The chart's data: bars placed by year and series, values cleaned.

use super::*;

/// A bar placed in its group (year) and lane (position within the group).
#[derive(Debug)]
pub(super) struct PlacedBar<'a> {
    /// Index into [`Data::years`].
    pub(super) group: usize,
    /// Index of the lane within its group: the group's bars are set side
    /// by side in series order, centred on the year.
    pub(super) lane: usize,
    /// Index of the series.
    pub(super) series: usize,
    /// The value, cleaned: finite, at least 0, at most [`MAX_VALUE`].
    pub(super) value: f64,
    pub(super) kind: BarKind,
    pub(super) label: &'a str,
}

/// The spec's bars, cleaned and placed.
#[derive(Debug)]
pub(super) struct Data<'a> {
    /// The years of the axis, ascending: every year from the first to the
    /// last (a year without values is a visible gap), or, over a span of
    /// more than [`MAX_SPAN`] years, only the years with values.
    pub(super) years: Vec<i32>,
    /// Bars in each group, by group.
    pub(super) group_lanes: Vec<usize>,
    /// The most bars in any group (at least 1): it sets the bar width.
    pub(super) lanes: usize,
    pub(super) bars: Vec<PlacedBar<'a>>,
    /// The largest cleaned value (0 without bars).
    pub(super) max: f64,
    /// Which kinds occur, by [`BarKind::index`].
    pub(super) kinds: [bool; 3],
    /// Which series colour classes have target bars, by `colour - 1`.
    pub(super) hatched: [bool; COLOURS],
}

/// A value fit to draw: NaN, infinities and negatives become 0, huge
/// values are capped.
pub(super) fn clean_value(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value.min(MAX_VALUE)
    } else {
        0.0
    }
}

/// The 1-based colour class number of a series.
pub(super) fn colour(series: usize) -> usize {
    series % COLOURS + 1
}

/// The years of the axis for the years that have values.
pub(super) fn axis_years(mut years: Vec<i32>) -> Vec<i32> {
    years.sort_unstable();
    years.dedup();
    match (years.first(), years.last()) {
        (Some(&first), Some(&last)) if i64::from(last) - i64::from(first) <= MAX_SPAN => {
            (first..=last).collect()
        }
        _ => years,
    }
}

/// Sorts the years, assigns each bar a group and a lane (bars of one year
/// side by side in series order, then kind order), and notes which kinds
/// occur.
pub(super) fn prepare(spec: &ChartSpec) -> Data<'_> {
    let years = axis_years(
        spec.series
            .iter()
            .flat_map(|s| s.bars.iter().map(|b| b.year))
            .collect(),
    );
    let mut data = Data {
        group_lanes: vec![0; years.len()],
        years,
        lanes: 1,
        bars: Vec::new(),
        max: 0.0,
        kinds: [false; 3],
        hatched: [false; COLOURS],
    };
    for (index, series) in spec.series.iter().enumerate() {
        let mut bars: Vec<&Bar> = series.bars.iter().collect();
        // Stable: bars of the same year and kind keep the input order.
        bars.sort_by_key(|b| (b.year, b.kind.index()));
        for bar in bars {
            let value = clean_value(bar.value);
            data.max = data.max.max(value);
            data.kinds[bar.kind.index()] = true;
            if bar.kind == BarKind::Target {
                data.hatched[colour(index) - 1] = true;
            }
            let group = data.years.binary_search(&bar.year).unwrap_or(0);
            let lane = data.group_lanes[group];
            data.group_lanes[group] += 1;
            data.lanes = data.lanes.max(lane + 1);
            data.bars.push(PlacedBar {
                group,
                lane,
                series: index,
                value,
                kind: bar.kind,
                label: &bar.label,
            });
        }
    }
    data
}
