//! The PDF edition, read by real consumers: poppler's `pdfinfo`,
//! `pdftotext`, `pdffonts` and `pdftohtml` (package poppler-utils, which
//! `.ci/run` installs, as it installs the fonts the edition needs).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{CONFIG, Fixture, INDICATORS};
use brief::site::SiteOptions;
use brief::{BuildOptions, build};

const PDF_CONFIG: &str = "\n[pdf]\nname = \"test-brief\"\n";

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed for this test: {e}"));
    assert!(
        output.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn shipped() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&BuildOptions {
        site: SiteOptions {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(public.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not build:\n{e}"));
    (out, public)
}

#[test]
fn the_shipped_editions_are_a4_with_the_sites_figures_embedded_fonts_and_an_outline() {
    let (_dir, public) = shipped();
    let figures = [
        ("zh", ["780亿元", "1万亿元", "近900家"]),
        ("en", ["CNY 78 billion", "CNY 1 trillion", "nearly 900"]),
    ];
    for (lang, expected) in figures {
        let pdf = public.join(lang).join("chengdu-ai-plan-brief.pdf");
        let path = pdf.to_str().unwrap();
        let info = poppler("pdfinfo", &[path]);
        assert!(info.contains("(A4)"), "{lang}: {info}");
        assert!(info.contains("Tagged:          yes"), "{lang}: {info}");
        let title = if lang == "zh" {
            "成都人工智能产业三年行动计划"
        } else {
            "Chengdu"
        };
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{lang}: {info}"
        );

        // PDF/UA-1 and PDF/A-2a, as the XMP metadata declares them.
        let meta = poppler("pdfinfo", &["-meta", path]);
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{lang}: not PDF/UA-1"
        );
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>"),
            "{lang}: not PDF/A-2"
        );
        assert!(
            meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
            "{lang}"
        );
        let text = poppler("pdftotext", &[path, "-"]);
        for figure in expected {
            assert!(
                text.contains(figure),
                "{lang}: no {figure} in the PDF's text"
            );
        }
        // The site's home shows the same figures.
        let home = std::fs::read_to_string(public.join(lang).join("index.html")).unwrap();
        for figure in expected {
            assert!(home.contains(figure), "{lang}: the site has no {figure}");
        }
        // "Cite this brief": the same reference as the site's, word for word.
        let doc = scraper::Html::parse_document(&home);
        let reference = crate::common::text(crate::common::one(&doc, ".cite-reference"));
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        assert!(
            squeeze(&text).contains(&squeeze(&reference)),
            "{lang}: the PDF does not cite the brief as the site does ({reference})"
        );

        let fonts = poppler("pdffonts", &[path]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 4, "{lang}: {fonts}");
        for row in &rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let n = columns.len();
            // name type… encoding emb sub uni object ID
            assert_eq!(
                &columns[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "{lang}: {row}"
            );
        }
        // Both editions quote Chinese, so both embed a CJK face.
        assert!(
            fonts.contains("CJK"),
            "{lang}: no CJK face embedded: {fonts}"
        );

        let xml = poppler("pdftohtml", &["-xml", "-i", "-stdout", "-q", path]);
        let outline = &xml[xml.find("<outline>").expect("the PDF has an outline")..];
        let site = std::fs::read_to_string(public.join(lang).join("goals/index.html")).unwrap();
        for section in [
            "goals",
            "model-strategy",
            "medical-ai",
            "districts",
            "sources",
        ] {
            let html = std::fs::read_to_string(public.join(lang).join(section).join("index.html"))
                .unwrap();
            let doc = scraper::Html::parse_document(&html);
            let h1 = crate::common::text(crate::common::one(&doc, "main h1"));
            assert!(
                outline.contains(&escape_xml(h1.trim())),
                "{lang}: the outline has no `{h1}`"
            );
        }
        // Every page links to its language's edition, with its size.
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(site.contains("chengdu-ai-plan-brief.pdf"), "{lang}");
        let shown = format!("{:.1} MB", size as f64 / 1e6);
        let kb = format!("{} kB", size.div_ceil(1000));
        assert!(
            site.contains(&shown) || site.contains(&kb),
            "{lang}: size not shown"
        );
    }
    // The first two pages of each, to look at (README, "What the browser
    // tests check").
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for lang in ["zh", "en"] {
        let pdf = public.join(lang).join("chengdu-ai-plan-brief.pdf");
        let prefix = shots.join(format!("pdf-{lang}"));
        poppler(
            "pdftoppm",
            &[
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                "2",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        assert!(shots.join(format!("pdf-{lang}-01.png")).is_file());
        assert!(shots.join(format!("pdf-{lang}-02.png")).is_file());
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("/zh/chengdu-ai-plan-brief.pdf</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("/en/chengdu-ai-plan-brief.pdf</loc>"),
        "{sitemap}"
    );
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pdf_site() -> Fixture {
    let site = Fixture::new();
    site.file("config.toml", format!("{CONFIG}{PDF_CONFIG}"))
        .file("content/indicators.toml", INDICATORS)
        .file(
            "content/_index.zh.md",
            "+++\ntitle = \"首页\"\n+++\n\n正文。\n",
        )
        .file(
            "content/_index.en.md",
            "+++\ntitle = \"Home\"\n+++\n\nText.\n",
        );
    site
}

/// [`pdf_site`] with a section `goals` whose bodies (after the front
/// matter's three lines and a blank one, so at line 5) are `zh` and `en`.
fn with_goals(zh: &str, en: &str) -> Fixture {
    let site = pdf_site();
    site.file(
        "content/goals.zh.md",
        format!("+++\ntitle = \"目标\"\n+++\n\n{zh}"),
    )
    .file(
        "content/goals.en.md",
        format!("+++\ntitle = \"Goals\"\n+++\n\n{en}"),
    );
    site
}

#[test]
fn a_broken_shortcode_fails_the_build_at_its_markdown_line_once() {
    let site = with_goals(
        "第一段。\n\n数字 {{ figure(id=\"no-such\") }}。\n",
        "Text.\n",
    );
    let problems = site.build().unwrap_err().to_string();
    assert!(problems.contains("goals.zh.md:7:"), "{problems}");
    assert!(problems.contains("no-such"), "{problems}");
    assert_eq!(problems.matches("no-such").count(), 1, "{problems}");
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn a_typst_error_names_the_markdown_file_and_line() {
    let site = with_goals("正文。\n", "Text.\n\n![A chart](/brief/broken.svg)\n");
    // An image the site serves but Typst cannot read.
    site.file("static/broken.svg", "<svg this is not XML");
    let problems = site.build().unwrap_err().to_string();
    assert!(problems.contains("goals.en.md:7:"), "{problems}");
    assert!(problems.contains("the PDF edition"), "{problems}");
    // `brief check` typesets the editions too, and writes nothing.
    let run = site.brief_in_root(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report = format!("{}{}", run.stdout, run.stderr);
    assert!(report.contains("goals.en.md:7:"), "{report}");
    assert!(!site.output().exists());
}

#[test]
fn raw_html_is_left_out_of_the_pdf_with_a_warning_at_its_line() {
    let site = with_goals("正文。\n", "Text.\n\n<div class=\"note\">Aside</div>\n");
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    let warning = warnings
        .iter()
        .find(|w| w.contains("raw HTML"))
        .unwrap_or_else(|| panic!("no warning: {warnings:?}"));
    assert!(warning.contains("goals.en.md:7:"), "{warning}");
    assert!(site.exists("en/test-brief.pdf"));
    assert!(site.read("en/goals/index.html").contains("Aside"));
}

#[test]
fn a_missing_font_is_an_error_naming_it_and_what_to_install() {
    let site = pdf_site();
    site.file(
        "config.toml",
        format!("{CONFIG}{PDF_CONFIG}\n[pdf.fonts]\ncjk_serif = \"Noto Serif CJK XX\"\n"),
    );
    let problems = site.build().unwrap_err().to_string();
    assert!(problems.contains("config.toml"), "{problems}");
    assert!(problems.contains("`Noto Serif CJK XX`"), "{problems}");
    assert!(problems.contains("fonts-noto-cjk"), "{problems}");
}

#[test]
fn without_pdf_there_is_no_edition_and_no_link() {
    let site = Fixture::new();
    site.file(
        "content/_index.zh.md",
        "+++\ntitle = \"首页\"\n+++\n\n正文。\n",
    )
    .file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\n+++\n\nText.\n",
    );
    site.build_ok();
    assert!(!site.read("zh/index.html").contains(".pdf"));
    let off = pdf_site();
    off.file("config.toml", format!("{CONFIG}\n[pdf]\nenabled = false\n"));
    off.build_ok();
    assert!(!off.exists("zh/test-brief.pdf"));
    assert!(off.exists("zh/index.html"));
}

#[test]
fn an_image_without_a_description_is_an_error_at_its_line() {
    // PDF/UA wants every image described; the site shows it anyway.
    let site = with_goals("正文。\n", "Text.\n\n![](/brief/pic.svg)\n");
    site.file(
        "static/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    let problems = site.build().unwrap_err().to_string();
    assert!(problems.contains("goals.en.md:7:"), "{problems}");
    assert!(problems.contains("alt text"), "{problems}");
}

#[test]
fn an_edition_without_a_publication_date_is_dated_by_the_build() {
    // PDF/A wants a date; without [publication] it is the build's, which
    // SOURCE_DATE_EPOCH fixes (1700000000 is 2023-11-14).
    let site = pdf_site();
    let root = site.root().to_str().unwrap();
    let run = crate::common::run_with_env(
        site.root(),
        &["build", "--root", root],
        &[("SOURCE_DATE_EPOCH", Path::new("1700000000"))],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pdf = site.output().join("en/test-brief.pdf");
    let info = poppler("pdfinfo", &["-isodates", pdf.to_str().unwrap()]);
    assert!(info.contains("CreationDate:    2023-11-14"), "{info}");
}

#[test]
fn a_theme_without_the_pdf_template_or_its_strings_is_an_error_naming_them() {
    let site = pdf_site();
    site.remove("themes/default/pdf/edition.typ");
    let problems = site.build().unwrap_err().to_string();
    assert!(problems.contains("config.toml"), "{problems}");
    assert!(problems.contains("pdf/edition.typ"), "{problems}");

    // Both languages lack it (so the check that the languages agree has
    // nothing to say): the edition's own check names it.
    let site = pdf_site();
    for lang in ["zh", "en"] {
        let strings = site.root().join(format!("themes/default/i18n/{lang}.toml"));
        let text = std::fs::read_to_string(&strings).unwrap();
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with("pdf_contents"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&strings, without).unwrap();
    }
    let problems = site.build().unwrap_err().to_string();
    assert!(
        problems.contains(
            "i18n/zh.toml: the PDF edition needs these UI strings for `zh`: pdf_contents"
        ),
        "{problems}"
    );
}
