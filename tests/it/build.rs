//! Builds a small but complete bilingual site and checks the HTML it
//! produces: files, languages, links, headings, code, typography, order.

use std::collections::HashSet;

use crate::common::{BASE_PATH, Fixture, ORIGIN, attrs, brief, one, select, select_in, text};
use scraper::Html;

const HOME_ZH: &str = r#"+++
title = "测试简报首页"
description = "首页说明。"
+++

这是首页。
"#;

const HOME_EN: &str = r#"+++
title = "Test brief home"
description = "About the home page."
+++

This is the home page.
"#;

/// First in weight order, last in alphabetical order.
const GOALS_ZH: &str = r#"+++
title = "目标与起点"
description = "规模目标。"
weight = 1
+++

## 发展目标

第一行
第二行

### 细分目标

他说"直引号"不变。

## 发展目标

重复的标题。

```rust
fn main() {
    let answer: u32 = 42;
    println!("{answer}");
}
```

```nosuchlang
<script>alert("zh")</script>
```

| 指标 | 目标 |
| --- | --- |
| 核心产业 | 1700亿元 |

计划有一个脚注[^src]。

[^src]: 成都市政府新闻办，2024年6月19日。
"#;

const GOALS_EN: &str = r#"+++
title = "Targets and baseline"
description = "Scale targets."
weight = 1
+++

## Targets

first
second

### Sub-targets

He said "straight quotes" here.

## Targets

A repeated heading.

```rust
fn main() {
    let answer: u32 = 42;
    println!("{answer}");
}
```

```nosuchlang
<script>alert("en")</script>
```

| Measure | Target |
| --- | --- |
| Core industry | CNY 170 bn |

The plan has a footnote[^src].

[^src]: Chengdu press conference, 19 June 2024.
"#;

/// Second in weight order, first in alphabetical order.
const BACKGROUND_ZH: &str = r#"+++
title = "背景"
weight = 2
+++

## 基线

内容。
"#;

const BACKGROUND_EN: &str = r#"+++
title = "Background"
weight = 2
+++

## Baseline

Content.
"#;

/// The site every test here starts from: a home page and two sections in
/// both languages.
fn good_site() -> Fixture {
    let site = Fixture::new();
    site.file("content/_index.zh.md", HOME_ZH)
        .file("content/_index.en.md", HOME_EN)
        .file("content/goals.zh.md", GOALS_ZH)
        .file("content/goals.en.md", GOALS_EN)
        .file("content/background.zh.md", BACKGROUND_ZH)
        .file("content/background.en.md", BACKGROUND_EN);
    site
}

fn built_site() -> Fixture {
    let site = good_site();
    site.build_ok();
    site
}

/// The Markdown-rendered part of a page.
const PROSE: &str = "main .prose";

#[test]
fn writes_every_output_file() {
    let site = built_site();
    for file in [
        "index.html",
        "404.html",
        "zh/index.html",
        "en/index.html",
        "zh/goals/index.html",
        "en/goals/index.html",
        "zh/background/index.html",
        "en/background/index.html",
        "assets/style.css",
        "assets/highlight.css",
    ] {
        assert!(site.exists(file), "missing output file {file}");
    }
    assert_eq!(
        site.read("index.html"),
        site.read("zh/index.html"),
        "the root index.html is the default language's home page"
    );
}

#[test]
fn build_summary_counts_pages_and_files() {
    let site = good_site();
    let summary = site.build_ok();
    assert_eq!(
        summary.pages_per_language,
        vec![("zh".to_string(), 3), ("en".to_string(), 3)]
    );
    assert_eq!(summary.files_written, site.snapshot().len());
    assert_eq!(summary.output, site.output());
}

#[test]
fn highlight_stylesheet_has_classes_and_dark_mode() {
    let site = built_site();
    let css = site.read("assets/highlight.css");
    assert!(
        css.contains(".hl-"),
        "no .hl- classes in highlight.css:\n{css}"
    );
    assert!(
        css.contains("prefers-color-scheme: dark"),
        "no dark-mode rules in highlight.css:\n{css}"
    );
}

#[test]
fn html_lang_is_the_page_language() {
    let site = built_site();
    for (file, lang) in [
        ("index.html", "zh-Hans"),
        ("404.html", "zh-Hans"),
        ("zh/index.html", "zh-Hans"),
        ("zh/goals/index.html", "zh-Hans"),
        ("en/index.html", "en"),
        ("en/goals/index.html", "en"),
    ] {
        let doc = site.html(file);
        assert_eq!(
            one(&doc, "html").value().attr("lang"),
            Some(lang),
            "<html lang> of {file}"
        );
    }
}

#[test]
fn language_switcher_links_the_other_version() {
    let site = built_site();
    let zh = site.html("zh/goals/index.html");
    assert_eq!(
        attrs(&zh, "nav.lang-switch a[href]", "href"),
        ["/brief/en/goals/"]
    );
    assert_eq!(text(one(&zh, "nav.lang-switch [aria-current]")), "中文");

    let en = site.html("en/goals/index.html");
    assert_eq!(
        attrs(&en, "nav.lang-switch a[href]", "href"),
        ["/brief/zh/goals/"]
    );
    assert_eq!(text(one(&en, "nav.lang-switch [aria-current]")), "English");

    let en_home = site.html("en/index.html");
    assert_eq!(
        attrs(&en_home, "nav.lang-switch a[href]", "href"),
        ["/brief/zh/"]
    );
}

#[test]
fn alternate_and_canonical_links_are_absolute() {
    let site = built_site();
    for (file, lang) in [("zh/goals/index.html", "zh"), ("en/goals/index.html", "en")] {
        let doc = site.html(file);
        let href = |css: &str| attrs(&doc, css, "href");
        assert_eq!(
            href("link[rel=canonical]"),
            [format!("https://example.org/brief/{lang}/goals/")],
            "canonical of {file}"
        );
        assert_eq!(
            href(r#"link[rel=alternate][hreflang="zh-Hans"]"#),
            ["https://example.org/brief/zh/goals/"],
            "zh-Hans alternate of {file}"
        );
        assert_eq!(
            href("link[rel=alternate][hreflang=en]"),
            ["https://example.org/brief/en/goals/"],
            "en alternate of {file}"
        );
        assert_eq!(
            href("link[rel=alternate][hreflang=x-default]"),
            ["https://example.org/brief/zh/goals/"],
            "x-default alternate of {file}"
        );
    }
    let home = site.html("en/index.html");
    assert_eq!(
        attrs(&home, "link[rel=canonical]", "href"),
        ["https://example.org/brief/en/"]
    );
}

#[test]
fn headings_get_ids_and_anchors() {
    let site = built_site();
    let zh = site.html("zh/goals/index.html");
    let h2_ids = attrs(&zh, &format!("{PROSE} h2"), "id");
    assert_eq!(h2_ids, ["发展目标", "发展目标-1"]);
    assert_eq!(attrs(&zh, &format!("{PROSE} h3"), "id"), ["细分目标"]);

    let en = site.html("en/goals/index.html");
    let h2_ids = attrs(&en, &format!("{PROSE} h2"), "id");
    assert_eq!(h2_ids.len(), 2, "{h2_ids:?}");
    assert!(!h2_ids[0].is_empty());
    assert_eq!(
        h2_ids[1],
        format!("{}-1", h2_ids[0]),
        "duplicate heading id"
    );

    for (file, label) in [
        ("zh/goals/index.html", "本节链接"),
        ("en/goals/index.html", "Link to this section"),
        ("zh/background/index.html", "本节链接"),
    ] {
        let doc = site.html(file);
        let headings = select(&doc, &format!("{PROSE} :is(h1, h2, h3, h4, h5, h6)"));
        assert!(!headings.is_empty(), "{file} has no headings");
        let mut seen = HashSet::new();
        for heading in headings {
            let id = heading.value().attr("id").unwrap_or_default();
            assert!(
                !id.is_empty(),
                "heading without id in {file}: {}",
                heading.html()
            );
            assert!(seen.insert(id.to_string()), "duplicate id {id} in {file}");
            let anchors = select_in(heading, "a.heading-anchor");
            assert_eq!(anchors.len(), 1, "anchor of {}", heading.html());
            assert_eq!(anchors[0].value().attr("href"), Some(&*format!("#{id}")));
            assert!(
                anchors[0].html().contains(label),
                "anchor is not labelled `{label}`: {}",
                anchors[0].html()
            );
        }
    }
}

#[test]
fn heading_ids_are_unique_in_the_whole_page() {
    // Headings whose natural ids are ones the theme's layout already uses
    // (`<body id="top">`, `<main id="main">`, the TOC's title).
    let site = good_site();
    site.file(
        "content/background.en.md",
        "+++\ntitle = \"Background\"\nweight = 2\n+++\n\n## Top\n\n## Main\n\n## toc-title\n\nText.\n",
    );
    site.build_ok();
    let doc = site.html("en/background/index.html");
    let mut seen = HashSet::new();
    for id in attrs(&doc, "[id]", "id") {
        assert!(
            seen.insert(id.clone()),
            "id `{id}` is used twice in en/background/"
        );
    }
}

#[test]
fn toc_lists_h2_with_nested_h3() {
    let site = built_site();
    let doc = site.html("zh/goals/index.html");
    let top = select(&doc, "nav.toc > ol > li");
    assert_eq!(top.len(), 2, "two h2 entries");
    let top_links: Vec<_> = top
        .iter()
        .map(|li| {
            let a = select_in(*li, ":scope > a")[0];
            (a.value().attr("href").unwrap().to_string(), text(a))
        })
        .collect();
    assert_eq!(
        top_links,
        [
            ("#发展目标".to_string(), "发展目标".to_string()),
            ("#发展目标-1".to_string(), "发展目标".to_string()),
        ]
    );
    let nested: Vec<_> = select_in(top[0], ":scope > ol a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(nested, ["#细分目标"], "h3 nested under the first h2");
    assert!(select_in(top[1], ":scope > ol").is_empty());
}

#[test]
fn rust_code_is_highlighted_with_classes() {
    let site = built_site();
    for file in ["zh/goals/index.html", "en/goals/index.html"] {
        let doc = site.html(file);
        let blocks: Vec<_> = select(&doc, "pre.code")
            .into_iter()
            .filter(|pre| text(*pre).contains("fn main"))
            .collect();
        assert_eq!(
            blocks.len(),
            1,
            "one pre.code holding the Rust block in {file}"
        );
        let pre = blocks[0];
        assert!(
            text(pre).contains("let answer: u32 = 42;"),
            "{}",
            pre.html()
        );
        let hl_spans = select_in(pre, "span")
            .into_iter()
            .filter(|s| s.value().classes().any(|c| c.starts_with("hl-")))
            .count();
        assert!(hl_spans > 0, "no hl- spans in {}", pre.html());
        assert!(
            !pre.html().contains("style="),
            "inline style in code block: {}",
            pre.html()
        );
    }
}

#[test]
fn unknown_language_code_is_escaped() {
    let site = built_site();
    for file in ["zh/goals/index.html", "en/goals/index.html"] {
        let raw = site.read(file);
        assert!(raw.contains("&lt;script&gt;"), "not escaped in {file}");
        let doc = Html::parse_document(&raw);
        assert!(
            select(&doc, "script").is_empty(),
            "<script> element in {file}"
        );
        let pres: Vec<_> = select(&doc, "pre")
            .into_iter()
            .filter(|p| text(*p).contains("<script>alert("))
            .collect();
        assert_eq!(
            pres.len(),
            1,
            "the unknown-language block as text in {file}"
        );
    }
}

#[test]
fn gfm_tables_and_footnotes_render() {
    let site = built_site();
    let doc = site.html("zh/goals/index.html");
    let headers: Vec<_> = select(&doc, &format!("{PROSE} table th"))
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(headers, ["指标", "目标"]);
    let refs = select(&doc, &format!("{PROSE} sup a[href^='#']"));
    assert_eq!(refs.len(), 1, "one footnote reference");
    let target = &refs[0].value().attr("href").unwrap()[1..];
    let ids: HashSet<_> = attrs(&doc, "[id]", "id").into_iter().collect();
    assert!(ids.contains(target), "footnote target #{target} missing");
    assert!(text(one(&doc, PROSE)).contains("成都市政府新闻办，2024年6月19日。"));
}

/// The paragraph of the page's prose whose text contains `needle`.
fn paragraph(doc: &Html, needle: &str) -> String {
    let found: Vec<_> = select(doc, &format!("{PROSE} p"))
        .into_iter()
        .map(text)
        .filter(|t| t.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "one paragraph with {needle:?}: {found:?}");
    found[0].clone()
}

#[test]
fn cjk_soft_breaks_join_without_space() {
    let site = built_site();
    let doc = site.html("zh/goals/index.html");
    let p = paragraph(&doc, "第一行");
    assert_eq!(p.trim(), "第一行第二行");
}

#[test]
fn latin_soft_breaks_keep_whitespace() {
    let site = built_site();
    let doc = site.html("en/goals/index.html");
    let p = paragraph(&doc, "first");
    let words: Vec<_> = p.split_whitespace().collect();
    assert_eq!(words, ["first", "second"], "{p:?}");
}

#[test]
fn smart_quotes_only_on_english_pages() {
    let site = built_site();
    let en = site.html("en/goals/index.html");
    let p = paragraph(&en, "straight quotes");
    assert!(p.contains("“straight quotes”"), "{p:?}");

    let zh = site.html("zh/goals/index.html");
    let p = paragraph(&zh, "直引号");
    assert!(p.contains("\"直引号\""), "{p:?}");
    assert!(!p.contains('“') && !p.contains('”'), "{p:?}");
}

#[test]
fn home_lists_sections_in_weight_order() {
    let site = built_site();
    for lang in ["zh", "en"] {
        let doc = site.html(&format!("{lang}/index.html"));
        let expected = [
            format!("/brief/{lang}/goals/"),
            format!("/brief/{lang}/background/"),
        ];
        assert_eq!(
            attrs(&doc, ".section-list a.section-link", "href"),
            expected,
            "{lang} home"
        );
        assert_eq!(
            attrs(&doc, "nav.site-nav a", "href"),
            expected,
            "{lang} nav"
        );
    }
    let doc = site.html("zh/index.html");
    let titles: Vec<_> = select(&doc, ".section-list a.section-link")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["目标与起点", "背景"]);
}

#[test]
fn sections_link_previous_and_next() {
    let site = built_site();
    for lang in ["zh", "en"] {
        let first = site.html(&format!("{lang}/goals/index.html"));
        assert!(select(&first, "a.pager-prev").is_empty());
        assert_eq!(
            attrs(&first, "a.pager-next[rel=next]", "href"),
            [format!("/brief/{lang}/background/")]
        );
        let last = site.html(&format!("{lang}/background/index.html"));
        assert_eq!(
            attrs(&last, "a.pager-prev[rel=prev]", "href"),
            [format!("/brief/{lang}/goals/")]
        );
        assert!(select(&last, "a.pager-next").is_empty());
    }
}

#[test]
fn sections_are_numbered_and_marked_current_in_order() {
    let site = built_site();
    for lang in ["zh", "en"] {
        for (page, number) in [("goals", "01"), ("background", "02")] {
            let doc = site.html(&format!("{lang}/{page}/index.html"));
            assert_eq!(text(one(&doc, "p.section-number")), number, "{lang}/{page}");
            // The navigation marks the current section, and only it.
            assert_eq!(
                attrs(&doc, "nav.site-nav a[aria-current=page]", "href"),
                [format!("/brief/{lang}/{page}/")]
            );
        }
        let home = site.html(&format!("{lang}/index.html"));
        assert!(select(&home, "p.section-number").is_empty(), "{lang} home");
    }
}

/// A site can replace the navigation alone; its pages then never call
/// `sections()`.
#[test]
fn site_can_override_the_navigation_partial() {
    let site = good_site();
    site.file(
        "templates/partials/site_nav.html",
        r#"<nav class="site-nav" id="short-nav"><a href="{{ language.home_url }}">{{ site.title }}</a>{% if page.next %}<a href="{{ page.next.url }}">{{ page.next.title }}</a>{% endif %}</nav>"#,
    );
    site.build_ok();
    let doc = site.html("en/goals/index.html");
    assert_eq!(
        attrs(&doc, "#short-nav a", "href"),
        ["/brief/en/", "/brief/en/background/"]
    );
    // The rest of the theme is unchanged: the number, the pager.
    assert_eq!(text(one(&doc, "p.section-number")), "01");
    one(&doc, "a.pager-next");
    // The home page still lists every section.
    let home = site.html("en/index.html");
    assert_eq!(select(&home, ".section-list a.section-link").len(), 2);
}

/// Every `href` and `src` of every HTML page is a fragment present in the
/// page, or a URL under the base URL (site path or absolute) that names a
/// file of the output.
fn assert_links_resolve(site: &Fixture, origin: &str, base_path: &str) {
    let files = site.html_files();
    assert!(files.len() >= 8, "{files:?}");
    for file in files {
        let doc = site.html(&file);
        let ids: HashSet<_> = attrs(&doc, "[id]", "id").into_iter().collect();
        for el in select(&doc, "[href], [src]") {
            for name in ["href", "src"] {
                let Some(url) = el.value().attr(name) else {
                    continue;
                };
                if let Some(id) = url.strip_prefix('#') {
                    assert!(ids.contains(id), "{file}: {name}={url:?} names no element");
                    continue;
                }
                let path = url.strip_prefix(origin).unwrap_or(url);
                let Some(rel) = path.strip_prefix(base_path) else {
                    panic!("{file}: {name}={url:?} is outside the base URL {origin}{base_path}");
                };
                let rel = rel.split(['#', '?']).next().unwrap();
                let target = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                assert!(
                    site.exists(&target),
                    "{file}: {name}={url:?} does not resolve (no {target} in the output)"
                );
            }
        }
    }
}

#[test]
fn internal_links_respect_the_base_path_and_resolve() {
    let site = built_site();
    assert_links_resolve(&site, ORIGIN, BASE_PATH);
}

#[test]
fn base_url_option_changes_links() {
    let site = good_site();
    let run = site.run(&["--base-url", "https://other.example/x/"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc = site.html("zh/goals/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://other.example/x/zh/goals/"]
    );
    assert_eq!(
        attrs(&doc, "nav.lang-switch a[href]", "href"),
        ["/x/en/goals/"]
    );
    assert!(!site.read("zh/goals/index.html").contains("example.org"));
    assert_links_resolve(&site, "https://other.example", "/x/");
}

#[test]
fn base_url_option_at_a_domain_root() {
    let site = good_site();
    let run = site.run(&["--base-url", "https://other.example"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc = site.html("en/goals/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://other.example/en/goals/"]
    );
    assert_eq!(
        attrs(&doc, "nav.lang-switch a[href]", "href"),
        ["/zh/goals/"]
    );
    assert_links_resolve(&site, "https://other.example", "/");
}

#[test]
fn site_template_overrides_theme_page_by_extending_base() {
    let site = good_site();
    site.file(
        "templates/page.html",
        r#"{% extends "base.html" %}
{% block content %}<article id="site-override"><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>{% endblock content %}
"#,
    );
    site.build_ok();
    let doc = site.html("zh/goals/index.html");
    assert_eq!(text(one(&doc, "#site-override > h1")), "目标与起点");
    assert!(select(&doc, "article.brief-section").is_empty());
    assert!(select(&doc, "nav.toc").is_empty());
    // Still the theme's base layout around it.
    one(&doc, "nav.lang-switch");
    // Home pages keep the theme's template.
    let home = site.html("zh/index.html");
    assert!(select(&home, "#site-override").is_empty());
    one(&home, ".section-list");
}

#[test]
fn site_template_overrides_theme_page_standalone() {
    let site = good_site();
    site.file(
        "templates/page.html",
        r#"<!doctype html>
<html lang="{{ language.html_lang }}"><head><title>{{ page.title }}</title></head>
<body><h1 id="standalone">{{ page.title }}</h1></body></html>
"#,
    );
    site.build_ok();
    let doc = site.html("en/background/index.html");
    assert_eq!(text(one(&doc, "h1#standalone")), "Background");
    assert!(select(&doc, "nav.lang-switch").is_empty());
}

const DRAFT_ZH: &str = "+++\ntitle = \"草稿\"\nweight = 3\ndraft = true\n+++\n\n草稿内容。\n";
const DRAFT_EN: &str = "+++\ntitle = \"Draft\"\nweight = 3\ndraft = true\n+++\n\nDraft text.\n";

#[test]
fn drafts_are_skipped_by_default() {
    let site = good_site();
    site.file("content/wip.zh.md", DRAFT_ZH)
        .file("content/wip.en.md", DRAFT_EN);
    let run = site.run(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!site.exists("zh/wip/index.html"));
    assert!(!site.exists("en/wip/index.html"));
    assert!(!site.read("zh/index.html").contains("/brief/zh/wip/"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = good_site();
    site.file("content/wip.zh.md", DRAFT_ZH)
        .file("content/wip.en.md", DRAFT_EN);
    let run = site.run(&["--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.exists("zh/wip/index.html"));
    assert!(site.exists("en/wip/index.html"));
    let home = site.html("zh/index.html");
    assert!(
        attrs(&home, ".section-list a.section-link", "href").contains(&"/brief/zh/wip/".into())
    );
}

#[test]
fn binary_prints_the_summary_line() {
    let site = good_site();
    let run = site.run(&[]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let line = run.stdout.trim();
    let rest = line
        .strip_prefix("Built 6 pages (zh 3, en 3), wrote ")
        .unwrap_or_else(|| panic!("unexpected summary: {line:?}"));
    let (files, rest) = rest.split_once(" files to ").expect(line);
    assert_eq!(files.parse::<usize>().expect(line), site.snapshot().len());
    let (path, ms) = rest.rsplit_once(" in ").expect(line);
    assert_eq!(path, site.output().display().to_string());
    let ms = ms.strip_suffix(" ms").expect(line);
    ms.parse::<u64>().expect(line);
}

const BUILD_OPTIONS: [&str; 4] = ["--root", "--output", "--base-url", "--drafts"];

#[test]
fn build_help_lists_the_options() {
    let run = brief(&["build", "--help"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for option in BUILD_OPTIONS {
        assert!(
            run.stdout.contains(option),
            "{option} missing from:\n{}",
            run.stdout
        );
    }
}

#[test]
fn top_level_help_gives_every_command_with_all_its_options() {
    let run = brief(&["--help"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for command in ["build", "check", "init", "serve"] {
        let own = brief(&[command, "--help"]);
        assert_eq!(own.code, Some(0), "{}", own.stderr);
        let synopsis = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("brief {command} ")))
            .unwrap_or_else(|| panic!("no synopsis of {command} in:\n{}", run.stdout));
        let options = own
            .stdout
            .split_whitespace()
            .filter(|w| w.starts_with("--") && !w.starts_with("--help"))
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()));
        let mut seen = 0;
        for option in options {
            seen += 1;
            assert!(
                synopsis.split([' ', '[', ']']).any(|w| w == option),
                "{option} of `brief {command} --help` missing from {synopsis:?}"
            );
        }
        assert!(
            seen > 0 || command == "init",
            "no options in:\n{}",
            own.stdout
        );
    }
    assert!(run.stdout.contains("brief init DIR"), "{}", run.stdout);
}

#[test]
fn output_option_writes_elsewhere() {
    let site = good_site();
    let out = site.root().join("elsewhere/site");
    let run = site.run(&["--output", out.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(out.join("zh/goals/index.html").is_file());
    assert!(!site.output().exists(), "public/ should not be written");
}

#[test]
fn untranslated_page_links_to_the_other_home() {
    let site = good_site();
    site.file(
        "content/notes.en.md",
        "+++\ntitle = \"Notes\"\nweight = 3\nuntranslated = true\n+++\n\nEnglish only.\n",
    );
    let summary = site.build_ok();
    assert_eq!(
        summary.pages_per_language,
        vec![("zh".to_string(), 3), ("en".to_string(), 4)]
    );
    assert!(site.exists("en/notes/index.html"));
    assert!(!site.exists("zh/notes/index.html"));
    let doc = site.html("en/notes/index.html");
    assert_eq!(
        attrs(&doc, "nav.lang-switch a[href]", "href"),
        ["/brief/zh/"]
    );
    assert!(
        select(&doc, r#"link[rel=alternate][hreflang="zh-Hans"]"#).is_empty(),
        "no zh-Hans alternate for a page without a Chinese version"
    );
    assert_links_resolve(&site, ORIGIN, BASE_PATH);
}

#[test]
fn rebuild_replaces_the_previous_output() {
    let site = built_site();
    site.file("public/stale.html", "stale");
    site.build_ok();
    assert!(
        !site.exists("stale.html"),
        "a build replaces public/ as a whole"
    );
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}
