//! Derived figures: growth, compound annual growth and ratios computed from
//! the data (the presentation writes them, with a method note, in
//! `present/derived.rs`). Nothing here is typed by hand: change a value in
//! the data file and every derived figure follows.

use crate::indicators::{Derived, Indicator, Indicators, Method, Point, PointKind, PointRef};

/// Applies a method to two values. `years` is only used by CAGR.
pub fn compute(method: Method, from: f64, to: f64, years: i32) -> f64 {
    match method {
        Method::Growth => to / from - 1.0,
        Method::Cagr => (to / from).powf(1.0 / f64::from(years.max(1))) - 1.0,
        Method::Ratio => to / from,
    }
}

/// A point together with the indicator it belongs to.
pub type Located<'a> = (&'a Indicator, &'a Point);

/// The two points a derived figure compares, if both exist (loading
/// checks that they do).
pub fn points<'a>(data: &'a Indicators, derived: &Derived) -> Option<(Located<'a>, Located<'a>)> {
    let resolve = |r: &PointRef| {
        let indicator = data.indicator(&r.indicator)?;
        Some((indicator, indicator.point(r.year, r.kind)?))
    };
    Some((resolve(&derived.from)?, resolve(&derived.to)?))
}

/// For an indicator with an actual value and a later target: the latest
/// actual and the last target after it. None when the actual is not above
/// zero, as growth from it has no meaning.
pub fn actual_to_target(indicator: &Indicator) -> Option<(&Point, &Point)> {
    let actual = indicator.latest_actual().filter(|a| a.value > 0.0)?;
    let target = indicator
        .points
        .iter()
        .filter(|p| p.kind == PointKind::Target && p.year > actual.year)
        .max_by_key(|p| p.year)?;
    Some((actual, target))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::indicators::{Localized, Qualifier, Unit};

    pub fn point(year: i32, value: f64, kind: PointKind) -> Point {
        Point {
            year,
            value,
            kind,
            qualifier: Qualifier::Exact,
            source: "s1".into(),
        }
    }

    /// An indicator with an actual value and two targets, for tests.
    pub fn scale() -> Indicator {
        Indicator {
            id: "ai-scale".into(),
            label: Localized::default(),
            unit: Unit::Cny,
            group: None,
            note: None,
            points: vec![
                point(2023, 78e9, PointKind::Actual),
                point(2024, 100e9, PointKind::Target),
                point(2026, 170e9, PointKind::Target),
            ],
            position: None,
        }
    }

    #[test]
    fn arithmetic() {
        assert!((compute(Method::Growth, 780.0, 1000.0, 1) - 0.282_051).abs() < 1e-6);
        assert!((compute(Method::Cagr, 780.0, 1700.0, 3) - 0.296_54).abs() < 1e-5);
        assert!((compute(Method::Ratio, 1700.0, 10000.0, 0) - 5.882_35).abs() < 1e-5);
        // A CAGR over one year is plain growth.
        assert_eq!(
            compute(Method::Cagr, 780.0, 1000.0, 1),
            compute(Method::Growth, 780.0, 1000.0, 1)
        );
    }

    #[test]
    fn latest_actual_to_last_target() {
        let indicator = scale();
        let (from, to) = actual_to_target(&indicator).unwrap();
        assert_eq!((from.year, to.year), (2023, 2026));
        let mut only_targets = scale();
        only_targets.points.remove(0);
        assert!(actual_to_target(&only_targets).is_none());
    }
}
