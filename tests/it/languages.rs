//! A language is configuration, not code: a site in Chinese, English and
//! French (a `[languages.fr]` block, `i18n/fr.toml`, the pages) builds, and
//! each language writes its numbers in its own locale's form, from CLDR,
//! with the words of its own UI strings.

use crate::common::{Fixture, one, text};

const CONFIG: &str = r#"base_url = "https://example.org/brief/"
default_language = "zh"

[languages.zh]
title = "测试简报"
description = "三种语言的简报。"

[languages.en]
title = "Test Brief"
description = "A brief in three languages."

[languages.fr]
title = "Note de test"
description = "Une note en trois langues."
name = "Français"
html_lang = "fr"
locale = "fr_FR"
"#;

const DATA: &str = r#"[[sources]]
id = "nbd"
publisher = { zh = "每日经济新闻", en = "National Business Daily", fr = "National Business Daily" }
title = { zh = "报道", en = "Report", fr = "Article" }
date = 2024-06-20

[[indicators]]
id = "scale"
unit = "cny"
label = { zh = "产业规模", en = "Industry scale", fr = "Taille du secteur" }
points = [
  { year = 2023, value = 78_000_000_000, kind = "actual", source = "nbd" },
  { year = 2026, value = 1_000_000_000_000, kind = "target", source = "nbd" },
]

[[indicators]]
id = "firms"
unit = "count"
counter = { zh = "家", en = "firms", fr = "entreprises" }
label = { zh = "企业", en = "Firms", fr = "Entreprises" }
points = [
  { year = 2023, value = 900, kind = "actual", qualifier = "nearly", source = "nbd" },
  { year = 2024, value = 4700, kind = "actual", source = "nbd" },
]

[[derived]]
id = "growth"
label = { zh = "增长", en = "Growth", fr = "Croissance" }
method = "growth"
from = { indicator = "scale", year = 2023 }
to = { indicator = "scale", year = 2026 }
"#;

const BODY: &str = "{{ figure(id=\"scale\", year=2023) }} | {{ figure(id=\"scale\", year=2026) }} | \
{{ figure(id=\"firms\", year=2023) }} | {{ figure(id=\"firms\", year=2024) }} | {{ derived(id=\"growth\") }}";

fn site() -> Fixture {
    let fixture = Fixture::new();
    fixture
        .file("config.toml", CONFIG)
        .file("i18n/fr.toml", include_str!("fixtures/trilingual/fr.toml"))
        .file("content/indicators.toml", DATA);
    for (lang, title) in [("zh", "目标"), ("en", "Goals"), ("fr", "Objectifs")] {
        fixture
            .file(
                &format!("content/_index.{lang}.md"),
                format!("+++\ntitle = \"{title}\"\n+++\n\n{title}.\n"),
            )
            .file(
                &format!("content/goals.{lang}.md"),
                format!("+++\ntitle = \"{title}\"\nweight = 1\n+++\n\n## {title}\n\n{BODY}\n"),
            );
    }
    fixture
}

/// The figures of a language's goals page, as its reader sees them.
fn figures(fixture: &Fixture, lang: &str) -> Vec<String> {
    let doc = fixture.html(&format!("{lang}/goals/index.html"));
    let paragraph = text(one(&doc, ".prose p"));
    paragraph.split(" | ").map(str::to_string).collect()
}

#[test]
fn three_languages_build_each_with_its_own_number_forms() {
    let fixture = site();
    let summary = fixture.build_ok();
    assert_eq!(
        summary.pages_per_language,
        [
            ("zh".to_string(), 3),
            ("en".to_string(), 3),
            ("fr".to_string(), 3)
        ]
    );
    assert_eq!(
        figures(&fixture, "zh"),
        ["780亿元", "1万亿元", "近900家", "4700家", "1182.1%"]
    );
    assert_eq!(
        figures(&fixture, "en"),
        [
            "CNY 78 billion",
            "CNY 1 trillion",
            "nearly 900",
            "4,700",
            "1,182.1%"
        ]
    );
    // French: CLDR's long compact forms, its grouping (a narrow no-break
    // space) and decimal comma, and the words of i18n/fr.toml.
    assert_eq!(
        figures(&fixture, "fr"),
        [
            "78 milliards CNY",
            "1 billion CNY",
            "près de 900",
            "4\u{202f}700",
            "1\u{202f}182,1 %"
        ]
    );
    let fr = fixture.read("fr/goals/index.html");
    assert!(fr.contains("<html lang=\"fr\""), "the page is in French");
    assert!(
        fr.contains("Dans cette partie"),
        "its UI strings are French"
    );
    let home = fixture.read("zh/index.html");
    assert!(
        home.contains("hreflang=\"fr\""),
        "the other languages link to it"
    );
}
