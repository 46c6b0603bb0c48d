//! The shapes of the identifiers a publication may carry: ORCID iDs (with
//! their ISO 7064 check digit), DOIs, SPDX licence identifiers and the
//! names of the CSL styles the citation module can use.

/// Styles the messages suggest; any name of hayagriva's archive works.
pub const SUGGESTED_STYLES: &[&str] = &[
    "gb-7714-2015-numeric",
    "gb-7714-2015-author-date",
    "apa",
    "chicago-author-date",
    "harvard-cite-them-right",
];

/// `0000-0002-1825-0097`: four groups of four digits (the last may end
/// in `X`) whose last character is the ISO 7064 MOD 11-2 check digit of
/// the others.
pub fn is_orcid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    if groups.len() != 4 || groups.iter().any(|g| g.len() != 4) {
        return false;
    }
    let chars: Vec<char> = groups.concat().chars().collect();
    let (body, check) = chars.split_at(15);
    if !body.iter().all(char::is_ascii_digit) {
        return false;
    }
    let total = body
        .iter()
        .filter_map(|c| c.to_digit(10))
        .fold(0, |total, digit| (total + digit) * 2);
    let expected = (12 - total % 11) % 11;
    let expected = if expected == 10 {
        'X'
    } else {
        char::from_digit(expected, 10).unwrap_or('?')
    };
    check == [expected]
}

/// `10.5281/zenodo.1234567`: `10.`, a registrant code of digits (dots
/// allowed), a slash and a suffix without spaces or control characters.
pub fn is_doi(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    !registrant.is_empty()
        && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !suffix.is_empty()
        && !suffix.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An SPDX licence identifier (`CC-BY-4.0`, `MIT`, `LicenseRef-own`):
/// letters, digits, `.`, `-` and `+`, starting with a letter.
pub fn is_spdx(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// A style name of hayagriva's archive (`apa`, `gb-7714-2015-numeric`).
pub fn is_citation_style(name: &str) -> bool {
    hayagriva::archive::ArchivedStyle::by_name(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_check_digits() {
        // ORCID's own examples.
        assert!(is_orcid("0000-0002-1825-0097"));
        assert!(is_orcid("0000-0001-5109-3700"));
        assert!(is_orcid("0000-0002-1694-233X"));
        for bad in [
            "0000-0002-1825-0098",
            "0000-0002-1825-009",
            "https://orcid.org/0000-0002-1825-0097",
            "0000000218250097",
            "000X-0002-1825-0097",
        ] {
            assert!(!is_orcid(bad), "{bad}");
        }
    }

    #[test]
    fn doi_shapes() {
        assert!(is_doi("10.5281/zenodo.1234567"));
        assert!(is_doi("10.1000.10/abc(1)"));
        for bad in [
            "https://doi.org/10.5281/x",
            "10.5281",
            "10./x",
            "10.52 81/x",
            "10.5281/a b",
        ] {
            assert!(!is_doi(bad), "{bad}");
        }
    }

    #[test]
    fn spdx_shapes_and_styles() {
        assert!(is_spdx("CC-BY-4.0") && is_spdx("GPL-2.0+") && is_spdx("LicenseRef-x"));
        assert!(!is_spdx("CC BY 4.0") && !is_spdx("") && !is_spdx("4.0"));
        for style in SUGGESTED_STYLES {
            assert!(is_citation_style(style), "{style}");
        }
        assert!(!is_citation_style("gbt7714"));
    }
}
