//! A fixture site with a data file: inline figures, tables, charts, derived
//! figures, the indicators page and the downloads, in both languages; and
//! every kind of bad data or shortcode, reported with file and line.

use crate::common::{Fixture, attrs, one, select, select_in, text};

use crate::common::INDICATORS as DATA;

const ZH: &str = r#"+++
title = "发展目标"
weight = 1
+++

## 规模

到2026年，核心产业规模要达到{{ figure(id="core-scale") }}，企业{{ figure(id="firms") }}，
算力{{ figure(id="compute") }}，年均增速约{{ derived(id="cagr") }}。

{{ indicator_table(group="scale", derived=["growth_needed"]) }}

{{ indicator_chart(id="ai-scale") }}

```text
{{ figure(id="not-expanded-in-code") }}
```

行内代码 `{{ figure(id="nor-here") }}` 不展开。
"#;

const EN: &str = r#"+++
title = "Goals"
weight = 1
+++

## Scale

By 2026 the core industry is to reach {{ figure(id="core-scale") }}, with {{ figure(id="firms") }} AI
enterprises and {{ figure(id="compute") }}, an implied {{ derived(id="cagr") }} a year.

{{ indicator_table(group="scale", derived=["growth_needed"]) }}

{{ indicator_chart(id="ai-scale") }}
"#;

fn site() -> Fixture {
    let site = Fixture::new();
    site.file("content/indicators.toml", DATA)
        .file("content/goals.zh.md", ZH)
        .file("content/goals.en.md", EN);
    site
}

#[test]
fn inline_figures_are_native_in_each_language_and_link_to_the_source() {
    let site = site();
    site.build_ok();
    let zh = site.html("zh/goals/index.html");
    let figures: Vec<String> = select(&zh, "a.figure").into_iter().map(text).collect();
    assert_eq!(figures, ["1700亿元", "近900家", "超过4700 PFLOPS", "29.7%"]);
    let hrefs = attrs(&zh, "a.figure", "href");
    assert_eq!(hrefs[0], "/brief/zh/indicators/#source-nbd");
    assert_eq!(hrefs[3], "/brief/zh/indicators/#derived-cagr");
    assert_eq!(attrs(&zh, "a.figure data", "value")[0], "170000000000");
    assert!(
        one(&zh, "a.figure-target")
            .value()
            .attr("title")
            .unwrap()
            .contains("2026年目标")
    );

    let en = site.html("en/goals/index.html");
    let figures: Vec<String> = select(&en, "a.figure").into_iter().map(text).collect();
    assert_eq!(
        figures,
        [
            "CNY 170 billion",
            "nearly 900",
            "more than 4,700 PFLOPS",
            "29.7%"
        ]
    );
    assert_eq!(
        attrs(&en, "a.figure", "href")[0],
        "/brief/en/indicators/#source-nbd"
    );
}

#[test]
fn shortcodes_in_code_are_left_alone() {
    let site = site();
    site.build_ok();
    let zh = site.read("zh/goals/index.html");
    assert!(
        zh.contains(r#"{{ figure(id=&quot;not-expanded-in-code&quot;) }}"#),
        "{zh}"
    );
    assert!(
        zh.contains(r#"<code>{{ figure(id="nor-here") }}</code>"#),
        "{zh}"
    );
}

#[test]
fn tables_are_accessible_with_units_targets_and_sources() {
    let site = site();
    site.build_ok();
    for (lang, caption, unit, target_word) in [
        ("zh", "产业规模", "（亿元）", "目标"),
        ("en", "Industry scale", " (CNY billion)", "target"),
    ] {
        let doc = site.html(&format!("{lang}/goals/index.html"));
        let table = one(&doc, "figure.indicator-table table");
        assert_eq!(text(select_in(table, "caption")[0]), caption);
        let headers: Vec<String> = select_in(table, "thead th").into_iter().map(text).collect();
        assert_eq!(&headers[1..4], ["2023", "2024", "2026"]);
        assert!(
            select_in(table, "thead th")
                .iter()
                .all(|th| th.value().attr("scope") == Some("col"))
        );
        let rows = select_in(table, "tbody tr");
        assert_eq!(rows.len(), 2);
        let row_header = select_in(rows[0], "th")[0];
        assert_eq!(row_header.value().attr("scope"), Some("row"));
        assert!(text(row_header).ends_with(unit), "{}", text(row_header));
        let target = select_in(rows[0], "td.value-target")[0];
        assert!(text(target).starts_with(target_word), "{}", text(target));
        let actual = select_in(rows[0], "td.value-actual")[0];
        assert!(text(actual).starts_with(if lang == "zh" { "780" } else { "78" }));
        // One source: the line under the table names it, not every cell.
        assert!(select_in(table, "td .source-ref").is_empty());
        // The derived column: 1000/780 − 1 for the row with an actual value.
        assert!(text(rows[0]).contains("28.2%"));
        let notes = text(one(&doc, "figure.indicator-table figcaption"));
        assert!(notes.contains("28.2%") && notes.contains("÷"), "{notes}");
        // The source line under the table: its number, the publisher and
        // the date in the page's language, linked to the source.
        let source = text(one(&doc, "figure.indicator-table p.table-source"));
        let expected = if lang == "zh" {
            "来源：[1] 每日经济新闻，2024年6月20日"
        } else {
            "Source: [1] National Business Daily, 20 June 2024"
        };
        assert_eq!(source, expected);
        let link = one(&doc, "figure.indicator-table p.table-source a");
        assert_eq!(
            link.value().attr("href"),
            Some(format!("/brief/{lang}/indicators/#source-nbd").as_str())
        );
    }
}

#[test]
fn charts_are_svg_with_title_and_a_description_stating_the_numbers() {
    let site = site();
    site.build_ok();
    let zh = site.html("zh/goals/index.html");
    let svg = one(&zh, "figure.indicator-chart svg.chart-columns");
    // The rows drawing (for narrow boxes) says the same.
    let rows = one(&zh, "figure.indicator-chart svg.chart-rows");
    assert_eq!(rows.value().attr("role"), Some("img"));
    assert_eq!(
        text(select_in(rows, "desc")[0]),
        text(select_in(svg, "desc")[0])
    );
    assert!(!select_in(rows, "rect.target").is_empty());
    assert_eq!(svg.value().attr("role"), Some("img"));
    let desc = text(select_in(svg, "desc")[0]);
    assert!(
        desc.contains("2023年实际 780") && desc.contains("2024年目标 1000"),
        "{desc}"
    );
    assert_eq!(text(select_in(svg, "title")[0]), "人工智能产业规模");
    assert!(!select_in(svg, "rect.target").is_empty());

    let en = site.html("en/goals/index.html");
    let desc = text(select_in(one(&en, "figure.indicator-chart svg.chart-columns"), "desc")[0]);
    assert!(
        desc.contains("2023 actual 78") && desc.contains("CNY billion"),
        "{desc}"
    );
    assert!(!site.read("en/goals/index.html").contains("<script"));
}

#[test]
fn indicators_page_and_downloads() {
    let site = site();
    site.build_ok();
    for lang in ["zh", "en"] {
        let doc = site.html(&format!("{lang}/indicators/index.html"));
        assert_eq!(
            select(&doc, "figure.indicator-table").len(),
            2,
            "scale group + ungrouped"
        );
        assert!(!select(&doc, "#source-nbd").is_empty());
        assert!(!select(&doc, "#derived-cagr").is_empty());
        for id in ["ai-scale", "core-scale", "firms", "compute"] {
            assert!(
                !select(&doc, &format!("#indicator-{id}")).is_empty(),
                "{lang} {id}"
            );
        }
        let links = attrs(&doc, "a", "href");
        assert!(links.contains(&"/brief/data/indicators.json".to_string()));
        assert!(links.contains(&"/brief/data/indicators.csv".to_string()));
    }
    let csv = site.read("data/indicators.csv");
    assert_eq!(csv.lines().count(), 1 + 5);
    assert!(csv.contains(
        "ai-scale,人工智能产业规模,AI industry scale,cny,scale,2023,78000000000,actual,exact,nbd"
    ));
    let json: serde_json::Value = serde_json::from_str(&site.read("data/indicators.json")).unwrap();
    assert_eq!(json["indicators"].as_array().unwrap().len(), 4);
}

/// Every page's navigation, the 404 page's too, ends with the indicators
/// page, from the one list the templates' `sections()` returns.
#[test]
fn the_navigation_lists_the_indicators_page_everywhere() {
    let site = site();
    site.build_ok();
    for page in [
        "404.html",
        "zh/index.html",
        "zh/goals/index.html",
        "en/goals/index.html",
    ] {
        let doc = site.html(page);
        let hrefs = attrs(&doc, "nav.site-nav a", "href");
        let lang = if page.starts_with("en/") { "en" } else { "zh" };
        assert_eq!(
            hrefs.last().map(String::as_str),
            Some(format!("/brief/{lang}/indicators/").as_str()),
            "{page}: {hrefs:?}"
        );
    }
    let goals = site.html("en/goals/index.html");
    let current = attrs(&goals, "nav.site-nav a[aria-current=page]", "href");
    assert_eq!(current, ["/brief/en/goals/"]);
}

#[test]
fn key_figures_fill_the_home_page_slot() {
    let site = site();
    site.file(
        "content/_index.zh.md",
        "+++\ntitle = \"首页\"\nkey_figures = [{ id = \"core-scale\" }, { id = \"firms\" }]\n+++\n正文。\n",
    )
    .file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\nkey_figures = [{ id = \"core-scale\" }, { id = \"firms\" }]\n+++\nBody.\n",
    );
    site.build_ok();
    let zh = site.read("zh/index.html");
    assert!(zh.contains("1700亿元") && zh.contains("近900家"), "{zh}");
    let en = site.read("en/index.html");
    assert!(en.contains("CNY 170 billion"), "{en}");
}

#[test]
fn key_figure_with_an_unknown_kind_names_the_page_and_line() {
    let site = site();
    site.file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\nkey_figures = [\n  { id = \"firms\" },\n  { id = \"core-scale\", kind = \"forecast\" },\n]\n+++\nBody.\n",
    )
    .file("content/_index.zh.md", "+++\ntitle = \"首页\"\n+++\n正文。\n");
    let stderr = failing(&site);
    let line = stderr
        .lines()
        .find(|l| l.contains("unknown kind `forecast`"))
        .unwrap_or_else(|| panic!("no unknown kind in {stderr}"));
    assert!(line.contains("content/_index.en.md:5:"), "{line}");
    assert!(line.contains("known: actual, target, estimate"), "{line}");
}

/// Builds with the binary and returns stderr, asserting failure.
fn failing(site: &Fixture) -> String {
    let run = site.run(&[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn bad_data_is_reported_all_at_once_with_lines() {
    let site = site();
    let bad = DATA
        .replace("id = \"firms\"", "id = \"ai-scale\"")
        .replace("unit = \"pflops\"", "unit = \"flops\"")
        .replace("value = 4700", "value = \"4700\"")
        .replace(
            "source = \"nbd\" }]\n\n[[indicators]]\nid = \"compute\"",
            "source = \"xyz\" }]\n\n[[indicators]]\nid = \"compute\"",
        );
    site.file("content/indicators.toml", &bad);
    let stderr = failing(&site);
    for needle in [
        "duplicate indicator id `ai-scale`",
        "unknown unit `flops`",
        "`value` must be a number",
        "unknown source `xyz`",
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {stderr}"));
        assert!(line.contains("content/indicators.toml:"), "{line}");
        let after = line.split("content/indicators.toml:").nth(1).unwrap();
        let number: String = after.chars().take_while(char::is_ascii_digit).collect();
        assert!(!number.is_empty(), "no line number in {line}");
    }
}

#[test]
fn shortcode_errors_name_the_page_and_line() {
    let cases = [
        ("{{ figure(id=\"nope\") }}", "unknown indicator `nope`"),
        ("{{ chart(id=\"ai-scale\") }}", "unknown shortcode `chart`"),
        (
            "{{ figure(id=\"ai-scal\") }}",
            "unknown indicator `ai-scal`; did you mean `ai-scale`?",
        ),
        (
            "{{ indicator_tabel(group=\"scale\") }}",
            "unknown shortcode `indicator_tabel`; did you mean `indicator_table`?",
        ),
        (
            "{{ figure(id=\"ai-scale\", year=2030) }}",
            "no value for 2030",
        ),
        ("{{ figure(id=\"ai-scale\") }}", "say which with `year=`"),
        (
            "{{ figure(id=\"ai-scale\", colour=1) }}",
            "no argument `colour`",
        ),
        ("{{ figure(id=\"ai-scale\", year=2023", "unclosed shortcode"),
        (
            "text {{ indicator_table(group=\"scale\") }} more",
            "paragraph of its own",
        ),
    ];
    for (call, message) in cases {
        let site = site();
        site.file(
            "content/goals.en.md",
            format!("+++\ntitle = \"Goals\"\n+++\n\nLine one.\n\n{call}\n"),
        );
        let stderr = failing(&site);
        let line = stderr
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("no {message:?} for {call} in {stderr}"));
        assert!(line.contains("content/goals.en.md:7:"), "{line}");
    }
}

#[test]
fn usage_finds_indicators_no_page_refers_to() {
    use brief::indicators::usage;
    use brief::site::{Site, SiteOptions};
    let site = site();
    let load = || {
        Site::load(&SiteOptions {
            root: site.root().to_path_buf(),
            ..SiteOptions::default()
        })
        .unwrap()
    };
    let loaded = load();
    assert!(usage::unused(&loaded.indicators, loaded.content.pages("zh")).is_empty());
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n{{ figure(id=\"compute\") }}\n",
    );
    let loaded = load();
    assert_eq!(
        usage::unused(&loaded.indicators, loaded.content.pages("en")),
        ["ai-scale", "core-scale", "firms"]
    );
}

/// A table or chart call repeated on many pages is expanded once per
/// language and reused: every page must still get the full markup in its
/// own language, and a bad call must be reported on every page that has it.
#[test]
fn repeated_tables_and_charts_are_the_same_on_every_page() {
    let site = site();
    let body = "{{ indicator_table(group=\"scale\", derived=[\"growth_needed\"]) }}\n\n\
                {{ indicator_chart(id=\"ai-scale\") }}\n";
    for (name, weight) in [("one", 2), ("two", 3)] {
        for lang in ["zh", "en"] {
            site.file(
                &format!("content/{name}.{lang}.md"),
                format!("+++\ntitle = \"{name}\"\nweight = {weight}\n+++\n\n{body}"),
            );
        }
    }
    site.build_ok();
    for lang in ["zh", "en"] {
        let table_and_chart = |page: &str| {
            let doc = site.html(&format!("{lang}/{page}/index.html"));
            let table = one(&doc, "figure.indicator-table").html();
            let chart = one(&doc, "figure.indicator-chart").html();
            (table, chart)
        };
        let one_page = table_and_chart("one");
        assert_eq!(one_page, table_and_chart("two"));
        assert_eq!(one_page.0, table_and_chart("goals").0, "same call as goals");
        let caption = if lang == "zh" {
            "产业规模"
        } else {
            "Industry scale"
        };
        assert!(one_page.0.contains(caption), "{lang}: {}", one_page.0);
    }

    let bad = "+++\ntitle = \"bad\"\n+++\n\n{{ indicator_table(group=\"nope\") }}\n";
    site.file("content/one.en.md", bad)
        .file("content/two.en.md", bad);
    let stderr = failing(&site);
    for page in ["one", "two"] {
        assert!(
            stderr.contains(&format!("content/{page}.en.md:5:"))
                && stderr.contains("unknown group `nope`"),
            "{page}: {stderr}"
        );
    }
}

#[test]
fn policy_parameters_are_tagged_in_tables_and_refused_by_charts() {
    let site = site();
    let data = DATA.replace(
        "points = [{ year = 2023, value = 900, kind = \"actual\", qualifier = \"nearly\", source = \"nbd\" }]",
        "points = [{ year = 2023, value = 900, kind = \"parameter\", source = \"nbd\" }]",
    );
    assert_ne!(data, DATA, "the fixture changed: update this test");
    site.file("content/indicators.toml", &data)
        .file(
            "content/reward.en.md",
            "+++\ntitle = \"Reward\"\nweight = 3\n+++\n\n{{ indicator_table(ids=[\"firms\"]) }}\n",
        )
        .file(
            "content/reward.zh.md",
            "+++\ntitle = \"奖励\"\nweight = 3\n+++\n\n{{ indicator_table(ids=[\"firms\"]) }}\n",
        );
    site.build_ok();
    let doc = site.html("en/reward/index.html");
    assert_eq!(
        text(one(&doc, "td.value-parameter .kind-tag")),
        "policy parameter"
    );
    let doc = site.html("zh/reward/index.html");
    assert_eq!(text(one(&doc, "td.value-parameter .kind-tag")), "政策参数");

    site.file(
        "content/reward.en.md",
        "+++\ntitle = \"Reward\"\nweight = 3\n+++\n\n{{ indicator_chart(id=\"firms\") }}\n",
    );
    let stderr = failing(&site);
    let line = stderr
        .lines()
        .find(|l| l.contains("policy parameter"))
        .unwrap_or_else(|| panic!("no refusal in {stderr}"));
    assert!(line.contains("content/reward.en.md:6:1"), "{line}");
}
