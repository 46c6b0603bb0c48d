//! Dates in a language's own form, for the templates' `local_date` filter
//! and the source lines under tables: the patterns and month names are UI
//! strings (`date_day`, `date_month`,
//! `month_names` in `i18n/LANG.toml`), so `2024-06-20` reads
//! 2024年6月20日 in Chinese and 20 June 2024 in English, and a language
//! added by configuration brings its own.

use crate::config::PartialDate;

/// `date` (`2024-06-20`, `2024-06`, or an RFC 3339 date-time, whose date
/// part is taken) written with `pattern_of("date_day")` or
/// `pattern_of("date_month")`, which may use `{year}`, `{month}` (the
/// number), `{day}` and `{month_name}` (from `month_names`, twelve names
/// separated by spaces). `None` when `date` is not a date.
pub fn local_date<'s>(date: &str, strings: impl Fn(&str) -> Option<&'s str>) -> Option<String> {
    let date_part = date.split('T').next().unwrap_or(date);
    let date = PartialDate::parse(date_part)?;
    let pattern = strings(if date.day.is_some() {
        "date_day"
    } else {
        "date_month"
    })?;
    let month_name = strings("month_names")
        .and_then(|names| names.split_whitespace().nth(usize::from(date.month) - 1))
        .unwrap_or_default();
    Some(
        pattern
            .replace("{year}", &date.year.to_string())
            .replace("{month_name}", month_name)
            .replace("{month}", &date.month.to_string())
            .replace("{day}", &date.day.map_or(String::new(), |d| d.to_string())),
    )
}

/// The date of a build that has no publication date (the PDF edition
/// needs one): `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds
/// convention) when it is set, else today, in UTC, as (year, month, day).
pub fn build_date() -> (i32, u8, u8) {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    civil_from_days(seconds.div_euclid(86_400))
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(key: &str) -> Option<&'static str> {
        match key {
            "date_day" => Some("{year}年{month}月{day}日"),
            "date_month" => Some("{year}年{month}月"),
            _ => None,
        }
    }

    fn en(key: &str) -> Option<&'static str> {
        match key {
            "date_day" => Some("{day} {month_name} {year}"),
            "date_month" => Some("{month_name} {year}"),
            "month_names" => Some(
                "January February March April May June July August September October November December",
            ),
            _ => None,
        }
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        assert_eq!(local_date("2024-06-20", zh).unwrap(), "2024年6月20日");
        assert_eq!(local_date("2024-06", zh).unwrap(), "2024年6月");
        assert_eq!(local_date("2024-06-20", en).unwrap(), "20 June 2024");
        assert_eq!(local_date("2024-12", en).unwrap(), "December 2024");
        assert_eq!(
            local_date("2026-11-27T00:00:00Z", en).unwrap(),
            "27 November 2026"
        );
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        assert!(local_date("June 2024", en).is_none());
        assert!(local_date("2024-02-30", zh).is_none());
    }

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
