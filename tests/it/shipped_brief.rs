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
