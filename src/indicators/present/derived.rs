//! Derived figures written for a reader: the result in the language's
//! number forms (`28.2%`, `5.9倍`) and a method note that shows the
//! computation with its inputs.

use crate::indicators::derive::{compute, points};
use crate::indicators::format::{Context, NumberFormat};
use crate::indicators::labels::{Labels, fill};
use crate::indicators::{Derived, Indicator, Indicators, Method, Point};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::derive::tests::scale;
    use crate::indicators::labels::tests::labels;

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
            "（2026年目标 1700亿元 ÷ 2023年实际 780亿元）开3次方，再减1"
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
}
