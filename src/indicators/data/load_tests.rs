use super::*;

const LANGS: &[&str] = &["zh", "en"];

fn parse_text(text: &str) -> Result<Indicators> {
    parse(Path::new("content/indicators.toml"), text, LANGS)
}

const GOOD: &str = r#"
[[sources]]
id = "s1"
publisher = { zh = "每日经济新闻", en = "National Business Daily" }
title = { zh = "报道", en = "Report" }
date = 2024-06-20

[[groups]]
id = "scale"
label = { zh = "规模", en = "Scale" }

[[indicators]]
id = "ai-scale"
label = { zh = "产业规模", en = "Industry scale" }
unit = "cny"
group = "scale"
points = [
  { year = 2024, value = 100_000_000_000, kind = "target", source = "s1" },
  { year = 2023, value = 78_000_000_000, kind = "actual", source = "s1" },
]

[[indicators]]
id = "firms"
label = { zh = "企业数", en = "Enterprises" }
unit = "count"
counter = { zh = "家", en = "enterprises" }
points = [{ year = 2023, value = 900, kind = "actual", qualifier = "nearly", source = "s1" }]

[[derived]]
id = "growth"
label = { zh = "增长", en = "Growth" }
method = "growth"
from = { indicator = "ai-scale", year = 2023 }
to = { indicator = "ai-scale", year = 2024 }
"#;

#[test]
fn a_good_file_loads_in_order() {
    let data = parse_text(GOOD).unwrap();
    let scale = data.indicator("ai-scale").unwrap();
    assert_eq!(scale.years(), [2023, 2024]);
    assert_eq!(scale.latest_actual().unwrap().value, 78e9);
    assert_eq!(data.in_group("scale").len(), 1);
    assert_eq!(
        data.indicator("firms").unwrap().points[0].qualifier,
        Qualifier::Nearly
    );
    assert_eq!(data.sources[0].date, "2024-06-20");
    assert_eq!(data.source_number("s1"), Some(1));
}

fn errors(text: &str) -> Vec<String> {
    parse_text(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_content_problem_is_reported_with_its_line() {
    let bad = GOOD
        .replace(
            "{ year = 2023, value = 78_000_000_000",
            "{ year = 2023, value = 1, kind = \"actual\", source = \"s1\" },\n  { year = 2023, value = 78_000_000_000",
        )
        .replace("id = \"firms\"", "id = \"ai-scale\"")
        .replace("unit = \"count\"", "unit = \"widgets\"")
        .replace("value = 900", "value = \"900\"")
        .replace("year = 2024, value", "year = 20240, value")
        .replace("en = \"Industry scale\" ", "")
        .replace("kind = \"target\", source = \"s1\" }", "kind = \"target\", source = \"s9\" }");
    let errors = errors(&bad);
    let expect = [
        "duplicate indicator id `ai-scale`",
        "unknown unit `widgets`",
        "`value` must be a number",
        "year 20240 is outside",
        "`label` is missing in en",
        "unknown source `s9`",
        "two actual values for 2023",
    ];
    for needle in expect {
        assert!(
            errors.iter().any(|e| e.contains(needle)),
            "no error containing {needle:?} in {errors:#?}"
        );
    }
    for e in &errors {
        assert!(e.starts_with("content/indicators.toml:"), "{e}");
        let line: usize = e.split(':').nth(1).unwrap().parse().unwrap();
        assert!(line > 1, "{e}");
    }
}

#[test]
fn duplicate_point_points_at_the_second_one() {
    let bad = GOOD.replace(
        "{ year = 2024, value = 100_000_000_000, kind = \"target\", source = \"s1\" },",
        "{ year = 2024, value = 100_000_000_000, kind = \"target\", source = \"s1\" },\n  { year = 2024, value = 1, kind = \"target\", source = \"s1\" },",
    );
    let errors = errors(&bad);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = bad.lines().position(|l| l.contains("value = 1,")).unwrap() + 1;
    assert!(
        errors[0].starts_with(&format!("content/indicators.toml:{line}:")),
        "{errors:?}"
    );
}

#[test]
fn derived_figures_must_reference_existing_points() {
    let bad = GOOD.replace(
        "to = { indicator = \"ai-scale\", year = 2024 }",
        "to = { indicator = \"ai-scale\", year = 2030 }",
    );
    let errors = errors(&bad);
    assert!(errors[0].contains("has no value for 2030"), "{errors:?}");
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    let bad = GOOD.replace("unit = \"cny\"", "unit = \"cny\"\ncolour = \"red\"");
    let errors = errors(&bad);
    assert!(errors[0].contains("unknown field `colour`"), "{errors:?}");
}

#[test]
fn source_urls_must_be_web_or_mail_links() {
    for (url, ok) in [
        ("https://www.example.org/report", true),
        ("mailto:office@example.org", true),
        ("javascript:alert(1)", false),
        ("data:text/html,x", false),
        ("/local", false),
    ] {
        let text = GOOD.replace(
            "date = 2024-06-20\n",
            &format!("date = 2024-06-20\nurl = \"{url}\"\n"),
        );
        match parse_text(&text) {
            Ok(_) => assert!(ok, "{url} was accepted"),
            Err(e) => {
                let message = e.to_string();
                assert!(!ok, "{url}: {message}");
                assert!(
                    message.starts_with("content/indicators.toml:7:7: source `s1`: `url`"),
                    "{message}"
                );
            }
        }
    }
}

#[test]
fn a_derived_figure_that_is_not_a_number_is_an_error_at_its_entry() {
    let text = GOOD
        .replace("value = 78_000_000_000", "value = -78_000_000_000")
        .replace("method = \"growth\"", "method = \"cagr\"");
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/indicators.toml:30:6: derived figure `growth`"),
        "{found:?}"
    );
    assert!(found[0].contains("not a number"), "{found:?}");
}

#[test]
fn counts_cannot_be_negative() {
    let found = errors(&GOOD.replace("value = 900", "value = -900"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("cannot be negative"), "{found:?}");
    assert!(
        found[0].starts_with("content/indicators.toml:27:34:"),
        "{found:?}"
    );
}
