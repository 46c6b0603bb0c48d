//! The chart's data: bars placed by year and series, values cleaned.

use super::*;

/// A bar placed in its group (year) and lane (position within the group).
#[derive(Debug)]
pub(super) struct PlacedBar<'a> {
    /// Index into [`Data::years`].
    pub(super) group: usize,
    /// Index of the lane within a group, over all series.
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
    /// Every year of every series, ascending, without repeats.
    pub(super) years: Vec<i32>,
    /// Lanes per group: one per series, more for a series with several
    /// bars in one year (an actual value and a target, say).
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

/// Sorts the years, assigns each bar a group and a lane, and notes which
/// kinds occur.
pub(super) fn prepare(spec: &ChartSpec) -> Data<'_> {
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
