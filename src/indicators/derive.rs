//! Derived figures: growth, compound annual growth and ratios computed from
//! the data, each with a method note that shows the computation in the
//! reader's language. Nothing here is typed by hand: change a value in the
//! data file and every derived figure follows.

use super::format::{Context, NumberFormat};
use super::labels::{Labels, fill};
use super::{Derived, Indicator, Indicators, Method, Point, PointKind, PointRef};

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

/// A derived figure, computed and written for one language.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The raw result (a fraction for growth rates, a multiple for ratios).
    pub value: f64,
    /// The result as the reader sees it: `28.2%`, `5.9倍`.
    pub text: String,
    /// How it was computed, with the inputs: `2024年目标 1000亿元 ÷ 2023年实际 780亿元 − 1`.
    pub method: String,
}

/// Computes a declared derived figure.
pub fn evaluate(
    data: &Indicators,
    derived: &Derived,
    numbers: &NumberFormat,
    labels: &Labels,
    lang: &str,
) -> Option<Computed> {
    let ((from_indicator, from), (to_indicator, to)) = points(data, derived)?;
    Some(computed(
        derived.method,
        (from_indicator, from),
        (to_indicator, to),
        numbers,
        labels,
        lang,
    ))
}

/// Computes `method` between two points and writes its method note.
pub fn computed(
    method: Method,
    from: (&Indicator, &Point),
    to: (&Indicator, &Point),
    numbers: &NumberFormat,
    labels: &Labels,
    lang: &str,
) -> Computed {
    let years = to.1.year - from.1.year;
    let value = compute(method, from.1.value, to.1.value, years);
    let text = match method {
        Method::Ratio => numbers.ratio(value),
        Method::Growth | Method::Cagr => numbers.percent(value),
    };
    let operand = |(indicator, point): (&Indicator, &Point)| {
        let amount = numbers.quantity(
            point.value,
            &indicator.unit,
            point.qualifier,
            Context::Prose,
            lang,
        );
        format!("{} {amount}", labels.point_ref(point.year, point.kind))
    };
    let template = labels.get(match method {
        Method::Growth => "method_growth",
        Method::Cagr => "method_cagr",
        Method::Ratio => "method_ratio",
    });
    let method = fill(
        template,
        &[
            ("from", &operand(from)),
            ("to", &operand(to)),
            ("years", &years.to_string()),
        ],
    );
    Computed {
        value,
        text,
        method,
    }
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
mod tests {
    use super::*;
    use crate::indicators::labels::tests::labels;
    use crate::indicators::{Localized, Qualifier, Unit};

    fn point(year: i32, value: f64, kind: PointKind) -> Point {
        Point {
            year,
            value,
            kind,
            qualifier: Qualifier::Exact,
            source: "s1".into(),
        }
    }

    fn scale() -> Indicator {
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
    fn method_notes_show_the_inputs_in_each_language() {
        let indicator = scale();
        let (actual, target) = (&indicator.points[0], &indicator.points[2]);
        let zh = NumberFormat::new("zh-Hans", &labels("zh"));
        let c = computed(
            Method::Cagr,
            (&indicator, actual),
            (&indicator, target),
            &zh,
            &labels("zh"),
            "zh",
        );
        assert_eq!(c.text, "29.7%");
        assert_eq!(
            c.method,
            "(2026年目标 1700亿元 ÷ 2023年实际 780亿元)^(1/3) − 1"
        );
        let en = NumberFormat::new("en", &labels("en"));
        let c = computed(
            Method::Growth,
            (&indicator, actual),
            (&indicator, &indicator.points[1]),
            &en,
            &labels("en"),
            "en",
        );
        assert_eq!(c.text, "28.2%");
        assert_eq!(
            c.method,
            "2024 target CNY 100 billion ÷ 2023 actual CNY 78 billion − 1"
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
