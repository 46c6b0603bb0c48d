//! "Did you mean …?": the known name nearest to a misspelt one, for the
//! messages about unknown keys, indicator ids, shortcodes and themes.

/// How alike two names must be (Jaro–Winkler similarity, 0 to 1) for the
/// known one to be offered: close enough for a typo or a changed ending
/// (`colour` → `color`, `indicator_tabel` → `indicator_table`), not so
/// close that unrelated names of a similar length match.
const THRESHOLD: f64 = 0.85;

/// The known name most like `name`, if any is alike enough to be what was
/// meant. An exact match is not a suggestion.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score >= THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// `"; did you mean `x`?"` for the closest known name, or nothing: the
/// tail of a message that already names the unknown one.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, known).map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
}

/// Adds a suggestion to serde's messages about an unknown key or variant
/// (``unknown field `colour`, expected one of `a`, `b` ``), picked from the
/// names the message lists; any other message is returned as it is.
pub fn serde_message(message: &str) -> String {
    let Some((head, expected)) = message.split_once(", expected ") else {
        return message.to_string();
    };
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| head.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix('`'));
    let Some(unknown) = unknown else {
        return message.to_string();
    };
    let known = expected.split('`').skip(1).step_by(2);
    format!("{message}{}", did_you_mean(unknown, known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_the_nearest_name_for_a_typo() {
        let known = ["figure", "derived", "indicator_table", "indicator_chart"];
        assert_eq!(closest("indicator_tabel", known), Some("indicator_table"));
        assert_eq!(closest("figur", known), Some("figure"));
        assert_eq!(closest("Figure", known), Some("figure"));
        assert_eq!(
            did_you_mean("indicator_chrt", known),
            "; did you mean `indicator_chart`?"
        );
    }

    #[test]
    fn offers_nothing_for_an_unrelated_or_exact_name() {
        let known = ["figure", "derived", "indicator_table"];
        assert_eq!(closest("youtube", known), None);
        assert_eq!(closest("figure", known), None);
        assert_eq!(closest("x", known), None);
        assert_eq!(did_you_mean("gallery", known), "");
        assert_eq!(closest("anything", []), None);
    }

    #[test]
    fn reads_the_names_serde_lists() {
        assert_eq!(
            serde_message(
                "unknown field `titel`, expected one of `title`, `description`, `weight`"
            ),
            "unknown field `titel`, expected one of `title`, `description`, `weight`; did you mean `title`?"
        );
        assert_eq!(
            serde_message("unknown variant `targt`, expected `target`"),
            "unknown variant `targt`, expected `target`; did you mean `target`?"
        );
        for unchanged in [
            "unknown field `zzz`, expected one of `title`, `weight`",
            "unknown field `x`, there are no fields",
            "invalid type: string \"a\", expected u32",
        ] {
            assert_eq!(serde_message(unchanged), unchanged);
        }
    }
}
