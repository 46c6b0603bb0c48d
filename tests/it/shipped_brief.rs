//! The brief this repository ships: it builds, every section exists in both
//! languages with a table of contents and a table or chart, and every
//! indicator of the data file is used somewhere.

use std::path::Path;

use crate::common::{select, text};
use brief::indicators::usage;
use brief::site::{Site, SiteOptions};
use brief::{BuildOptions, build};
use scraper::Html;

const SECTIONS: &[&str] = &[
    "goals",
    "model-strategy",
    "medical-ai",
    "districts",
    "sources",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn builds_with_every_section_in_both_languages() {
    let (out, summary) = built_with_summary();
    // Home, five sections and the indicators page in each language.
    assert_eq!(
        summary.pages_per_language,
        [("zh".to_string(), 7), ("en".to_string(), 7)]
    );

    for lang in ["zh", "en"] {
        for section in SECTIONS {
            let path = out
                .path()
                .join(format!("public/{lang}/{section}/index.html"));
            let html = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let doc = Html::parse_document(&html);
            let toc_links = select(&doc, "nav.toc a");
            assert!(toc_links.len() >= 2, "{lang}/{section}: table of contents");
            let data = select(
                &doc,
                "figure.indicator-table, figure.indicator-chart, .prose table",
            );
            assert!(!data.is_empty(), "{lang}/{section}: no table or chart");
            let description = select(&doc, "meta[name=description]");
            assert!(
                !description[0]
                    .value()
                    .attr("content")
                    .unwrap_or("")
                    .is_empty()
            );
        }
        let home = Html::parse_document(
            &std::fs::read_to_string(out.path().join(format!("public/{lang}/index.html"))).unwrap(),
        );
        assert_eq!(select(&home, ".key-figure").len(), 4, "{lang}: key figures");
        let first = text(select(&home, ".key-figure-value")[0]);
        assert!(first == "1000亿元" || first == "CNY 100 billion", "{first}");
    }
    for download in ["data/indicators.json", "data/indicators.csv"] {
        assert!(
            out.path().join("public").join(download).is_file(),
            "{download}"
        );
    }
}

#[test]
fn every_indicator_is_used_in_each_language() {
    let site = Site::load(&SiteOptions {
        root: repo().to_path_buf(),
        ..SiteOptions::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(site.indicators.indicators.len() >= 10);
    for lang in ["zh", "en"] {
        let unused = usage::unused(&site.indicators, site.content.pages(lang));
        assert!(unused.is_empty(), "{lang} pages never use: {unused:?}");
    }
}

/// The shipped brief, built once into a temporary directory.
fn built() -> tempfile::TempDir {
    built_with_summary().0
}

/// [`built`], with the build's summary.
fn built_with_summary() -> (tempfile::TempDir, brief::BuildSummary) {
    let out = tempfile::tempdir().unwrap();
    let summary = build(&BuildOptions {
        site: SiteOptions {
            root: repo().to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not build:\n{e}"));
    (out, summary)
}

/// Every page of `lang` with content, as paths under `public/`: the
/// sections, the home page and the indicators page.
fn content_pages(lang: &str) -> Vec<String> {
    SECTIONS
        .iter()
        .map(|s| format!("{lang}/{s}/index.html"))
        .chain([
            format!("{lang}/index.html"),
            format!("{lang}/indicators/index.html"),
        ])
        .collect()
}

fn page(out: &tempfile::TempDir, path: &str) -> Html {
    let file = out.path().join("public").join(path);
    Html::parse_document(
        &std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
    )
}

#[test]
fn every_page_is_dated_and_says_what_its_information_is_as_of() {
    let out = built();
    let expected = [
        ("zh", "发布于2026年11月27日", "信息截至2024年6月"),
        (
            "en",
            "Published 27 November 2026",
            "Information as of June 2024",
        ),
    ];
    for (lang, published, as_of) in expected {
        for path in content_pages(lang) {
            let doc = page(&out, &path);
            let line = select(&doc, "header.page-header p.dateline");
            assert_eq!(line.len(), 1, "{path}: one date line in the page header");
            let line = text(line[0]);
            assert!(line.contains(published), "{path}: {line}");
            assert!(line.contains(as_of), "{path}: {line}");
            assert_eq!(
                select(&doc, "p.dateline time[datetime='2026-11-27']").len(),
                1
            );
        }
    }
}

#[test]
fn the_home_page_opens_with_the_takeaways_and_the_key_figures() {
    let out = built();
    for lang in ["zh", "en"] {
        let doc = page(&out, &format!("{lang}/index.html"));
        // The order of the blocks in the article: the key figures, the
        // summary, then the body, whose first heading comes after both.
        let order: Vec<String> = select(&doc, "article.home > *")
            .iter()
            .map(|e| {
                let class = e.value().attr("class").unwrap_or_default();
                format!("{}.{class}", e.value().name())
            })
            .collect();
        let at = |name: &str| {
            order
                .iter()
                .position(|o| o == name)
                .unwrap_or_else(|| panic!("{lang}: no {name} in {order:?}"))
        };
        assert!(
            at("section.key-figures") < at("section.summary"),
            "{order:?}"
        );
        assert!(at("section.summary") < at("div.prose"), "{order:?}");
        let takeaways = select(&doc, "section.summary li");
        assert!(
            (3..=5).contains(&takeaways.len()),
            "{lang}: {} takeaways",
            takeaways.len()
        );
        assert!(
            select(&doc, "section.summary a.figure").len() >= 3,
            "{lang}: figures in the takeaways"
        );
    }
}

/// Every phrase the brief may put in quotation marks or title marks: the
/// source's own words, as the fact sheet gives them.
const SOURCE_WORDS: &[&str] = &[
    "成都开展人工智能“三年行动计划”，将再造一个千亿产业",
    "三年行动计划",
    "成都市人工智能产业高质量发展三年行动计划（2024—2026年）",
    "成都市进一步促进人工智能产业高质量发展的若干政策措施",
    "每日经济新闻",
    "成都市人工智能产业高质量发展",
    "成都的目标",
    "会议还提到成都的发展目标",
    "一组组亮眼的数据",
    "具有代表性的例子",
    "人工智能产业规模",
    "成都市人工智能核心产业规模预计达到",
    "预计",
    "人工智能技术创新与产业发展综合实力",
    "全国第一方阵",
    "全国人工智能产业发展高地",
    "创新活跃、能级领先、应用广泛、要素集聚",
    "目前",
    "中西部第一",
    "建圈强链",
    "超算和智算双中心",
    "超算+智算+通算+边缘计算",
    "国家绿色数据中心",
    "将人工智能列为未来重点发展的产业",
    "错位竞争",
    "率先在全国自主研发创立",
    "率先在全国",
    "基于记忆机制的新一代认知神经网络模型",
    "人(次)",
    "性能先进且成功通过国家大模型备案登记的前十名",
    "性能先进",
    "前十名",
    "人工智能+",
    "算法十条",
    "构建从顶层设计到政策惠企的系统性工作体系",
    "将再造一个千亿产业",
    "完善",
    "2+6+N",
    "2",
    "6",
    "N",
    "更聚焦于人工智能具体领域",
    "等领域",
    "等",
];

/// Every “…” and 《…》 in `text`.
fn quotations(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [('“', '”'), ('《', '》')] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            // Title marks may hold quotation marks (the headline does), so
            // a title runs to its own closing mark.
            let Some(end) = after.find(close) else { break };
            found.push(after[..end].to_string());
            rest = &after[end + close.len_utf8()..];
        }
    }
    found
}

#[test]
fn quotation_marks_hold_only_the_sources_words() {
    let out = built();
    let mut checked = 0;
    for lang in ["zh", "en"] {
        for path in content_pages(lang) {
            let doc = page(&out, &path);
            let main = text(select(&doc, "main")[0]);
            for quoted in quotations(&main) {
                checked += 1;
                assert!(
                    SOURCE_WORDS.contains(&quoted.as_str()),
                    "{path}: “{quoted}” is not the source's words"
                );
            }
        }
    }
    assert!(checked > 50, "only {checked} quotations found");
}

#[test]
fn the_quotation_finder_finds_nested_titles() {
    assert_eq!(
        quotations("据《成都开展人工智能“三年行动计划”，将再造一个千亿产业》报道，“目前”如此"),
        [
            "三年行动计划",
            "目前",
            "成都开展人工智能“三年行动计划”，将再造一个千亿产业"
        ]
    );
}

#[test]
fn chinese_pages_use_full_width_colons_and_english_titles_curly_apostrophes() {
    let out = built();
    for (zh_path, en_path) in content_pages("zh").into_iter().zip(content_pages("en")) {
        let zh = std::fs::read_to_string(out.path().join("public").join(&zh_path)).unwrap();
        let half_width = zh
            .char_indices()
            .filter(|&(i, c)| c == ':' && zh[i + 1..].starts_with(' '))
            .find(|&(i, _)| {
                zh[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            });
        if let Some((i, _)) = half_width {
            panic!(
                "{zh_path}: half-width colon after Chinese: …{}…",
                &zh[i.saturating_sub(12)..i + 2]
            );
        }
        let en = page(&out, &en_path);
        // Typographic apostrophes everywhere: titles, and every text of the
        // page, the data file's notes included (code aside).
        for css in ["title", "h1", "main :not(pre):not(code)"] {
            for element in select(&en, css) {
                let t = text(element);
                assert!(
                    !t.contains('\''),
                    "{en_path}: straight apostrophe in <{css}>: {t}"
                );
            }
        }
    }
}

#[test]
fn the_pager_runs_from_the_last_section_to_the_indicators_page_and_back() {
    let out = built();
    for lang in ["zh", "en"] {
        let sources = page(&out, &format!("{lang}/sources/index.html"));
        let next = crate::common::attrs(&sources, "a.pager-next[rel=next]", "href");
        assert_eq!(next, [format!("/brief/{lang}/indicators/")], "{lang}");
        let indicators = page(&out, &format!("{lang}/indicators/index.html"));
        let previous = crate::common::attrs(&indicators, "a.pager-prev[rel=prev]", "href");
        assert_eq!(previous, [format!("/brief/{lang}/sources/")], "{lang}");
        assert!(
            select(&indicators, "a.pager-next").is_empty(),
            "{lang}: the end"
        );
    }
}

#[test]
fn the_404_page_speaks_both_languages() {
    let out = built();
    let doc = page(&out, "404.html");
    let other = select(&doc, "p.not-found-other[lang=en]");
    assert_eq!(other.len(), 1);
    assert!(text(other[0]).starts_with("Page not found: The page you asked for"));
    // Its navigation is the default language's, indicators page included.
    let nav: Vec<String> = select(&doc, ".site-nav a").into_iter().map(text).collect();
    assert_eq!(
        nav.last().map(String::as_str),
        Some("指标与数据"),
        "{nav:?}"
    );
}
