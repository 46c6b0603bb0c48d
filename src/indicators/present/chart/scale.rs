//! The value axis: a nice maximum and tick values.

use super::*;

/// The y axis: from 0 to `max` in `intervals` steps of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    /// The top of the axis: 1, 2, 2.5 or 5 × 10ⁿ.
    pub(super) max: f64,
    /// The distance between gridlines.
    pub(super) step: f64,
    /// The number of gridlines above zero (4 to 6).
    pub(super) intervals: usize,
    /// Decimals needed to write the tick values.
    pub(super) decimals: usize,
}

/// The y axis for data whose largest value is `largest`: the smallest
/// "nice" number (1, 2, 2.5 or 5 × 10ⁿ) at least as large, divided into 4
/// or 5 intervals. Without a positive maximum the axis runs to 1.
pub(super) fn nice_scale(largest: f64) -> Scale {
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
pub(super) fn nice_max(largest: f64) -> f64 {
    nice_scale(largest).max
}

/// The tick value of gridline `i`, written for the axis.
pub(super) fn tick_text(scale: &Scale, i: usize) -> String {
    format!("{:.*}", scale.decimals, i as f64 * scale.step)
}
