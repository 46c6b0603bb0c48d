//! Numbers written natively in each language, from CLDR data through ICU4X
//! for the language's own locale: Chinese in 万/亿/万亿 (780亿元, 近900家,
//! 超过4700 PFLOPS), English in thousand/million/billion (CNY 78 billion,
//! nearly 900, more than 4,700 PFLOPS), Japanese in 万/億 (780億元), French
//! in milliers/millions/milliards (78 milliards CNY), and so on for any
//! locale CLDR knows.
//!
//! ICU4X does the locale work (which powers of ten have names, what they
//! are called, grouping, rounding); the words around the number (the unit,
//! the counter word, the qualifier, counts spelled out) are the language's
//! UI strings (`number_cny`, `qualifier_nearly`, ..., in `i18n/LANG.toml`),
//! so a language is data: nothing here knows one from another. One
//! [`NumberFormat`] per language is built once per build.

use fixed_decimal::{Decimal, SignedRoundingMode, UnsignedRoundingMode};
use icu_decimal::options::{
    CompactDecimalFormatterOptions, DecimalFormatterOptions, GroupingStrategy,
};
use icu_decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu_locale::{Locale, locale};

use crate::indicators::labels::{Labels, fill};
use crate::indicators::{Qualifier, Unit};

/// Values below this are written in full (4,700), not compactly.
const COMPACT_FROM: f64 = 10_000.0;

/// Where a figure appears, which changes how much it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// In running text: the unit is part of the figure (780亿元, CNY 78
    /// billion), and in English counts under ten are spelled out.
    Prose,
    /// In a table or chart: the unit and scale are in the header, so only
    /// the (scaled) number and qualifier are written.
    Cell,
}

/// The scale a table row or chart uses: its values are divided by
/// `10^exponent`, and the header names the unit in that scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// Power of ten the values are divided by.
    pub exponent: u8,
    /// The unit as the header names it: `亿元`, `CNY billion`, `%`, `家`.
    pub unit_label: String,
}

/// The words a language writes around its numbers, from its UI strings.
#[derive(Debug, Clone)]
struct Words {
    /// `{number}元` / `CNY {number}`.
    cny: String,
    /// A header's unit: `{scale}元` / `CNY {scale}`.
    cny_unit: String,
    /// `{number}{counter}` / `{number}`.
    count: String,
    /// `{number}倍` / `{number} times`.
    ratio: String,
    /// `{number}%` / `{number} %`.
    percent: String,
    /// `近{value}`, `超过{value}`, `约{value}`.
    nearly: String,
    more_than: String,
    about: String,
    /// Counts under ten in running text, as words (none: as digits).
    count_words: Vec<String>,
    /// Counts in running text written compactly (5万) rather than in full
    /// (50,000).
    compact_counts: bool,
}

/// Formats numbers for one language.
pub struct NumberFormat {
    words: Words,
    compact: CompactDecimalFormatter,
    plain: DecimalFormatter,
}

impl std::fmt::Debug for NumberFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NumberFormat")
            .field("words", &self.words)
            .finish_non_exhaustive()
    }
}

impl NumberFormat {
    /// The formatter for a site language: `tag` is its BCP 47 tag
    /// (`zh-Hans`, `en`, `fr`), whose CLDR data writes the numbers, and
    /// `labels` its UI strings, which hold the words around them.
    pub fn new(tag: &str, labels: &Labels) -> NumberFormat {
        let locale = Locale::try_from_str(tag).unwrap_or(locale!("und"));
        // `min2` writes 4700 and 1700亿 without a separator, as Chinese
        // does; `auto` follows CLDR (4,700 in English, 4 700 in French).
        let grouping = match labels.get("number_grouping") {
            "min2" => GroupingStrategy::Min2,
            "always" => GroupingStrategy::Always,
            "never" => GroupingStrategy::Never,
            _ => GroupingStrategy::Auto,
        };
        let words = Words {
            cny: labels.get("number_cny").to_string(),
            cny_unit: labels.get("unit_cny").to_string(),
            count: labels.get("number_count").to_string(),
            ratio: labels.get("number_ratio").to_string(),
            percent: labels.get("number_percent").to_string(),
            nearly: labels.get("qualifier_nearly").to_string(),
            more_than: labels.get("qualifier_more_than").to_string(),
            about: labels.get("qualifier_about").to_string(),
            count_words: labels
                .get("count_words")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            compact_counts: labels.get("counts_in_prose") == "compact",
        };
        let mut plain_options = DecimalFormatterOptions::default();
        plain_options.grouping_strategy = Some(grouping);
        let compact_options = CompactDecimalFormatterOptions::from(grouping);
        // Compiled CLDR data falls back to the root locale for any locale it
        // has no data for, so construction does not fail.
        let compact = CompactDecimalFormatter::try_new_long((&locale).into(), compact_options)
            .expect("ICU4X compiled data covers every locale");
        let plain = DecimalFormatter::try_new((&locale).into(), plain_options)
            .expect("ICU4X compiled data covers every locale");
        NumberFormat {
            words,
            compact,
            plain,
        }
    }

    /// A value with its unit and qualifier, as it reads in this language.
    pub fn quantity(
        &self,
        value: f64,
        unit: &Unit,
        qualifier: Qualifier,
        context: Context,
        lang: &str,
    ) -> String {
        let number = match (unit, context) {
            (Unit::Cny, Context::Prose) => self.compact_number(value),
            (Unit::Count { .. }, Context::Prose) => self.count_number(value, qualifier),
            (Unit::Percent, _) => self.fraction_number(value, 1),
            _ => self.plain_number(value),
        };
        let with_unit = match (context, unit) {
            (Context::Cell, _) => number,
            (_, Unit::Cny) => fill(&self.words.cny, &[("number", &number)]),
            (_, Unit::Percent) => fill(&self.words.percent, &[("number", &number)]),
            (_, Unit::Pflops) => format!("{number} PFLOPS"),
            (_, Unit::Count { counter }) => fill(
                &self.words.count,
                &[("number", &number), ("counter", counter.get(lang))],
            ),
        };
        self.qualified(&with_unit, qualifier)
    }

    /// A table cell: `value` in `scale`, with its qualifier.
    pub fn cell(&self, value: f64, scale: &Scale, unit: &Unit, qualifier: Qualifier) -> String {
        let scaled = value / 10f64.powi(i32::from(scale.exponent));
        let number = match unit {
            Unit::Percent => self.fraction_number(scaled, 1),
            // Counts read in a table as in the text: 5万 where the
            // language writes large counts compactly.
            Unit::Count { .. } if self.words.compact_counts => self.compact_number(scaled),
            _ => self.rounded_number(scaled),
        };

        self.qualified(&number, qualifier)
    }

    /// The scale for a set of values of one unit: CNY amounts are divided by
    /// the largest named power of ten that fits the largest value (亿,
    /// billion); other units are not scaled.
    pub fn scale(&self, values: &[f64], unit: &Unit, lang: &str) -> Scale {
        let (exponent, word) = match unit {
            Unit::Cny => {
                let largest = values.iter().fold(0f64, |m, v| m.max(v.abs()));
                if largest < COMPACT_FROM {
                    (0, String::new())
                } else {
                    let exponent = self
                        .compact
                        .compact_exponent_for_magnitude(magnitude(largest));
                    (exponent, self.power_name(exponent))
                }
            }
            _ => (0, String::new()),
        };
        let unit_label = match unit {
            Unit::Cny => fill(&self.words.cny_unit, &[("scale", &word)])
                .trim()
                .to_string(),
            Unit::Percent => "%".to_string(),
            Unit::Pflops => "PFLOPS".to_string(),
            Unit::Count { counter } => counter.get(lang).to_string(),
        };
        Scale {
            exponent,
            unit_label,
        }
    }

    /// A percentage with one decimal, for derived growth rates: `28.2%`.
    pub fn percent(&self, fraction: f64) -> String {
        let number = self.fraction_number(fraction * 100.0, 1);
        fill(&self.words.percent, &[("number", &number)])
    }

    /// A ratio with one decimal: `5.9倍` / `5.9 times`.
    pub fn ratio(&self, ratio: f64) -> String {
        let number = self.fraction_number(ratio, 1);
        fill(&self.words.ratio, &[("number", &number)])
    }

    /// A plain number with up to `digits` decimals, trailing zeros dropped.
    pub fn fraction_number(&self, value: f64, digits: i16) -> String {
        let decimal = round_at(to_decimal(value), -digits);
        self.plain.format_to_string(&decimal)
    }

    /// The qualifier around an already formatted quantity.
    fn qualified(&self, text: &str, qualifier: Qualifier) -> String {
        let template = match qualifier {
            Qualifier::Exact => return text.to_string(),
            Qualifier::Nearly => &self.words.nearly,
            Qualifier::MoreThan => &self.words.more_than,
            Qualifier::About => &self.words.about,
        };
        fill(template, &[("value", text)])
    }

    /// A number written compactly from 10,000 up (780亿, 78 billion, 5万),
    /// rounded as [`round_display`] does in the scale CLDR picks.
    fn compact_number(&self, value: f64) -> String {
        if value.abs() < COMPACT_FROM {
            return self.rounded_number(value);
        }
        let mut exponent = self
            .compact
            .compact_exponent_for_magnitude(magnitude(value));
        let mut significand = round_display(scaled(value, exponent));
        // Rounding may carry into the next named power (9999.6万 → 1亿).
        let carried = self.compact.compact_exponent_for_magnitude(
            significand.absolute.nonzero_magnitude_start() + i16::from(exponent),
        );
        if carried != exponent {
            exponent = carried;
            significand = round_display(scaled(value, exponent));
        }
        match self.compact.format_with_exponent(&significand, exponent) {
            Ok(text) => text.to_string(),
            Err(_) => self.compact.format_to_string(&to_decimal(value)),
        }
    }

    /// A number in full, with the language's grouping (4,700 / 4700; both
    /// write 12,000).
    fn plain_number(&self, value: f64) -> String {
        self.rounded_number(value)
    }

    /// A number rounded by [`round_display`], in full.
    fn rounded_number(&self, value: f64) -> String {
        self.plain
            .format_to_string(&round_display(to_decimal(value)))
    }

    /// A count in running text: compact (5万) or in full (50,000), as the
    /// language's `counts_in_prose` says, except that exact counts the
    /// language writes as words (`count_words`: one to nine in English) are
    /// spelled out.
    fn count_number(&self, value: f64, qualifier: Qualifier) -> String {
        let small =
            value.fract() == 0.0 && value >= 0.0 && value < self.words.count_words.len() as f64;
        if small && qualifier == Qualifier::Exact {
            self.words.count_words[value as usize].clone()
        } else if self.words.compact_counts {
            self.compact_number(value)
        } else {
            self.plain_number(value)
        }
    }

    /// The name of `10^exponent` in this language (`亿`, `billion`), from
    /// CLDR's pattern for 1 × 10^exponent.
    fn power_name(&self, exponent: u8) -> String {
        let one = Decimal::from(1);
        match self.compact.format_with_exponent(&one, exponent) {
            Ok(text) => text.to_string().replacen('1', "", 1).trim().to_string(),
            Err(_) => String::new(),
        }
    }
}

/// Rounds as CLDR's compact format does, but half away from zero (as
/// readers expect): to a whole number from 10 up, otherwise to two
/// significant digits.
fn round_display(decimal: Decimal) -> Decimal {
    let position = if decimal.absolute.is_zero() || decimal.absolute.nonzero_magnitude_start() >= 1
    {
        0
    } else {
        decimal.absolute.nonzero_magnitude_start() - 1
    };
    round_at(decimal, position)
}

/// Rounds half away from zero at `position` (0: units, -1: tenths) and
/// drops trailing zeros.
fn round_at(mut decimal: Decimal, position: i16) -> Decimal {
    decimal.round_with_mode(
        position,
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    );
    decimal.absolute = decimal.absolute.trimmed_end();
    decimal
}

/// The decimal magnitude of the leading digit: 78e9 → 10.
fn magnitude(value: f64) -> i16 {
    to_decimal(value).absolute.nonzero_magnitude_start()
}

/// `value / 10^exponent` as a decimal, without floating-point error.
fn scaled(value: f64, exponent: u8) -> Decimal {
    let mut decimal = to_decimal(value);
    decimal.multiply_pow10(-i16::from(exponent));
    decimal
}

/// An `f64` as a decimal, through its shortest round-trip text.
fn to_decimal(value: f64) -> Decimal {
    let value = if value.is_finite() { value } else { 0.0 };
    Decimal::try_from_str(&value.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Localized;
    use crate::indicators::labels::tests::labels;

    fn count(zh: &str, en: &str) -> Unit {
        Unit::Count {
            counter: Localized(
                [
                    ("zh".to_string(), zh.to_string()),
                    ("en".to_string(), en.to_string()),
                ]
                .into_iter()
                .collect(),
            ),
        }
    }

    /// (value, unit, qualifier, expected) — in running text.
    fn prose_cases() -> Vec<(f64, Unit, Qualifier, &'static str, &'static str)> {
        use Qualifier::*;
        let firms = count("家", "enterprises");
        let visits = count("人次", "patient visits");
        let cities = count("个", "cities");
        vec![
            (78e9, Unit::Cny, Exact, "780亿元", "CNY 78 billion"),
            (170e9, Unit::Cny, Exact, "1700亿元", "CNY 170 billion"),
            (100e9, Unit::Cny, Exact, "1000亿元", "CNY 100 billion"),
            (1e12, Unit::Cny, Exact, "1万亿元", "CNY 1 trillion"),
            (1.5e12, Unit::Cny, Exact, "1.5万亿元", "CNY 1.5 trillion"),
            (1e6, Unit::Cny, Exact, "100万元", "CNY 1 million"),
            (50_000.0, Unit::Cny, Exact, "5万元", "CNY 50 thousand"),
            (4_700.0, Unit::Cny, Exact, "4700元", "CNY 4,700"),
            (
                2.5e8,
                Unit::Cny,
                About,
                "约2.5亿元",
                "about CNY 250 million",
            ),
            (
                12_345_678_900.0,
                Unit::Cny,
                Exact,
                "123亿元",
                "CNY 12 billion",
            ),
            (99_996_000.0, Unit::Cny, Exact, "1亿元", "CNY 100 million"),
            (2_450_000.0, Unit::Cny, Exact, "245万元", "CNY 2.5 million"),
            (900.0, firms.clone(), Nearly, "近900家", "nearly 900"),
            (3.0, firms.clone(), Exact, "3家", "three"),
            (10.0, cities.clone(), Exact, "10个", "10"),
            (8.0, cities, MoreThan, "超过8个", "more than 8"),
            (200.0, firms, MoreThan, "超过200家", "more than 200"),
            (
                50_000.0,
                visits.clone(),
                MoreThan,
                "超过5万人次",
                "more than 50,000",
            ),
            (1_234_567.0, visits, About, "约123万人次", "about 1,234,567"),
            (
                4_700.0,
                Unit::Pflops,
                MoreThan,
                "超过4700 PFLOPS",
                "more than 4,700 PFLOPS",
            ),
            (
                12_000.0,
                Unit::Pflops,
                Exact,
                "12,000 PFLOPS",
                "12,000 PFLOPS",
            ),
            (40.0, Unit::Percent, Exact, "40%", "40%"),
            (29.6, Unit::Percent, About, "约29.6%", "about 29.6%"),
            (0.25, Unit::Percent, Exact, "0.3%", "0.3%"),
        ]
    }

    #[test]
    fn prose_figures_in_chinese() {
        let zh = NumberFormat::new("zh-Hans", &labels("zh"));
        for (value, unit, qualifier, expected, _) in prose_cases() {
            let got = zh.quantity(value, &unit, qualifier, Context::Prose, "zh");
            assert_eq!(got, expected, "{value} {unit:?} {qualifier:?}");
        }
    }

    #[test]
    fn prose_figures_in_english() {
        let en = NumberFormat::new("en", &labels("en"));
        for (value, unit, qualifier, _, expected) in prose_cases() {
            let got = en.quantity(value, &unit, qualifier, Context::Prose, "en");
            assert_eq!(got, expected, "{value} {unit:?} {qualifier:?}");
        }
    }

    #[test]
    fn table_scales_name_the_unit() {
        let zh = NumberFormat::new("zh-Hans", &labels("zh"));
        let en = NumberFormat::new("en", &labels("en"));
        let values = [78e9, 100e9, 170e9];
        let zh_scale = zh.scale(&values, &Unit::Cny, "zh");
        assert_eq!(zh_scale.unit_label, "亿元");
        assert_eq!(
            zh.cell(78e9, &zh_scale, &Unit::Cny, Qualifier::Exact),
            "780"
        );
        assert_eq!(
            zh.cell(170e9, &zh_scale, &Unit::Cny, Qualifier::Exact),
            "1700"
        );
        let en_scale = en.scale(&values, &Unit::Cny, "en");
        assert_eq!(en_scale.unit_label, "CNY billion");
        assert_eq!(
            en.cell(170e9, &en_scale, &Unit::Cny, Qualifier::Exact),
            "170"
        );

        let trillion = en.scale(&[1e12], &Unit::Cny, "en");
        assert_eq!(trillion.unit_label, "CNY trillion");
        assert_eq!(zh.scale(&[1e12], &Unit::Cny, "zh").unit_label, "万亿元");
        assert_eq!(zh.scale(&[1e6], &Unit::Cny, "zh").unit_label, "万元");

        let pflops = en.scale(&[4700.0], &Unit::Pflops, "en");
        assert_eq!(pflops.unit_label, "PFLOPS");
        assert_eq!(
            en.cell(4700.0, &pflops, &Unit::Pflops, Qualifier::MoreThan),
            "more than 4,700"
        );
        assert_eq!(
            zh.cell(4700.0, &pflops, &Unit::Pflops, Qualifier::MoreThan),
            "超过4700"
        );
        assert_eq!(
            zh.scale(&[900.0], &count("家", "enterprises"), "zh")
                .unit_label,
            "家"
        );
        assert_eq!(en.scale(&[40.0], &Unit::Percent, "en").unit_label, "%");
    }

    #[test]
    fn cells_are_not_spelled_out() {
        let en = NumberFormat::new("en", &labels("en"));
        let unit = count("家", "enterprises");
        let scale = en.scale(&[3.0], &unit, "en");
        assert_eq!(en.cell(3.0, &scale, &unit, Qualifier::Exact), "3");
        assert_eq!(
            en.quantity(3.0, &unit, Qualifier::Exact, Context::Cell, "en"),
            "3"
        );
    }

    #[test]
    fn derived_rates_and_ratios_round_to_one_decimal() {
        let zh = NumberFormat::new("zh-Hans", &labels("zh"));
        let en = NumberFormat::new("en", &labels("en"));
        assert_eq!(zh.percent(1000.0 / 780.0 - 1.0), "28.2%");
        // 29.654…%: rounded, not truncated.
        assert_eq!(
            en.percent((1700.0f64 / 780.0).powf(1.0 / 3.0) - 1.0),
            "29.7%"
        );
        assert_eq!(zh.ratio(10000.0 / 1700.0), "5.9倍");
        assert_eq!(en.ratio(10000.0 / 1700.0), "5.9 times");
        assert_eq!(en.percent(0.40), "40%");
    }

    #[test]
    fn the_numbers_come_from_the_locale_and_the_words_from_the_strings() {
        // Japanese and French numbers, with the Chinese and English words.
        let ja = NumberFormat::new("ja", &labels("zh"));
        let fr = NumberFormat::new("fr", &labels("en"));
        let prose = |f: &NumberFormat, value: f64, lang: &str| {
            f.quantity(value, &Unit::Cny, Qualifier::Exact, Context::Prose, lang)
        };
        assert_eq!(prose(&ja, 78e9, "zh"), "780億元");
        assert_eq!(prose(&fr, 78e9, "en"), "CNY 78 milliards");
        assert_eq!(fr.fraction_number(4700.0, 0), "4\u{202f}700");
        // An unknown tag falls back to CLDR's root locale, without failing.
        let root = NumberFormat::new("not a tag!", &labels("en"));
        assert!(prose(&root, 78e9, "en").starts_with("CNY 78"));
    }
}
