//! `brief init`: the site it writes builds as it is, in both languages, with
//! its data rendered; it refuses a directory that is not empty; and the
//! files compiled into the binary are exactly `starter/` and
//! `themes/default/` as they are in the repository.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{attrs, select, text};
use brief::check::{CheckOptions, check};
use brief::indicators::usage;
use brief::init::{
    EmbeddedFile, InitOptions, STARTER, STARTER_DIR, THEME, THEME_DIR, THEME_NAME, WORKFLOW,
};
use brief::site::{Site, SiteOptions};
use brief::{BuildOptions, build};
use scraper::Html;
use walkdir::WalkDir;

/// `brief init DIR`, with its workflow, through the library.
fn init(dir: &Path) -> Result<brief::init::InitSummary, brief::Diagnostics> {
    brief::init::init(&InitOptions {
        dir: dir.to_path_buf(),
        workflow: true,
    })
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` with its bytes, keyed by `/`-separated relative
/// path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (rel.join("/"), fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Fails, naming each file, unless `embedded` holds exactly the files of
/// `dir` (relative to the repository) with the same bytes.
fn assert_embedded_matches(list: &str, embedded: &[EmbeddedFile], dir: &str) {
    let on_disk = tree(&repo().join(dir));
    let embedded: BTreeMap<String, Vec<u8>> = embedded
        .iter()
        .map(|f| (f.path.to_string(), f.bytes.to_vec()))
        .collect();
    let mut problems = Vec::new();
    for path in on_disk.keys().filter(|p| !embedded.contains_key(*p)) {
        problems.push(format!(
            "{dir}/{path} is not embedded: add \"{path}\" to `{list}` in src/init.rs"
        ));
    }
    for path in embedded.keys().filter(|p| !on_disk.contains_key(*p)) {
        problems.push(format!(
            "`{list}` in src/init.rs lists \"{path}\", which is not in {dir}/"
        ));
    }
    for (path, bytes) in &embedded {
        if on_disk.get(path).is_some_and(|disk| disk != bytes) {
            problems.push(format!(
                "{dir}/{path} differs from the embedded copy: rebuild (cargo test recompiles it)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_embedded_theme_is_exactly_themes_default() {
    assert_embedded_matches("THEME", THEME, THEME_DIR);
    assert_eq!(THEME_DIR, format!("themes/{THEME_NAME}"));
}

#[test]
fn the_embedded_starter_is_exactly_the_starter_directory() {
    assert_embedded_matches("STARTER", STARTER, STARTER_DIR);
}

/// Initialises a site in a new, nested directory of a temporary directory.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("sites/my-brief");
    let summary = init(&root).unwrap_or_else(|e| panic!("init failed:\n{e}"));
    assert_eq!(summary.root, root);
    let written: Vec<String> = summary
        .files
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for expected in [
        "config.toml",
        "content/_index.zh.md",
        "content/_index.en.md",
        "content/example.zh.md",
        "content/example.en.md",
        "content/indicators.toml",
        "themes/default/templates/page.html",
    ] {
        assert!(
            written.iter().any(|w| w == expected),
            "{expected} not in {written:?}"
        );
    }
    assert_eq!(written.len(), STARTER.len() + THEME.len());
    let shown = summary.to_string();
    assert!(shown.contains("content/example.en.md"), "{shown}");
    assert!(shown.contains("brief build --root"), "{shown}");
    (temp, root)
}

fn read_doc(path: &Path) -> Html {
    let html = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Html::parse_document(&html)
}

#[test]
fn init_writes_a_site_that_builds_in_both_languages() {
    let (_temp, root) = new_site();

    // The theme in the new site is the repository's default theme.
    assert_eq!(
        tree(&root.join("themes").join(THEME_NAME)),
        tree(&repo().join(THEME_DIR))
    );

    let out = root.join("public");
    let summary = build(&BuildOptions {
        site: SiteOptions {
            root: root.clone(),
            ..SiteOptions::default()
        },
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the new site does not build:\n{e}"));
    assert_eq!(summary.output, out);
    // Home, the example section and the indicators page in each language.
    assert_eq!(
        summary.pages_per_language,
        [("zh".to_string(), 3), ("en".to_string(), 3)]
    );

    // The indicator is used, so the data file holds nothing unused.
    let site = Site::load(&SiteOptions {
        root: root.clone(),
        ..SiteOptions::default()
    })
    .unwrap();
    assert!(
        usage::unused(&site.indicators, site.content.all_pages()).is_empty(),
        "unused indicators"
    );

    for (lang, value, other) in [("zh", "20亿元", "en"), ("en", "CNY 2 billion", "zh")] {
        let page = read_doc(&out.join(format!("{lang}/example/index.html")));
        // The figure, the table and the chart are rendered from the data.
        let figures: Vec<String> = select(&page, "article a.figure, main a.figure")
            .into_iter()
            .map(text)
            .collect();
        assert!(
            figures.iter().any(|f| f == value),
            "{lang}: figures {figures:?}"
        );
        assert_eq!(
            select(&page, "figure.indicator-table table").len(),
            1,
            "{lang}"
        );
        assert_eq!(select(&page, "svg.chart-columns").len(), 1, "{lang}");
        assert_eq!(select(&page, "svg.chart-rows").len(), 1, "{lang}");
        // At least two `##` headings, so a table of contents.
        assert!(select(&page, "nav.toc a").len() >= 2, "{lang}: toc");
        // The link written as `_index.LANG.md` points at this language's home.
        let hrefs = attrs(&page, ".prose a", "href");
        assert!(
            hrefs.iter().any(|h| h == &format!("/my-brief/{lang}/")),
            "{lang}: {hrefs:?}"
        );
        // The language switcher links the other language's version.
        let switch = attrs(&page, "a[hreflang]", "href");
        assert!(
            switch
                .iter()
                .any(|h| h == &format!("/my-brief/{other}/example/")),
            "{lang}: {switch:?}"
        );

        let home = read_doc(&out.join(format!("{lang}/index.html")));
        let hrefs = attrs(&home, ".prose a", "href");
        assert!(
            hrefs
                .iter()
                .any(|h| h == &format!("/my-brief/{lang}/example/")),
            "{lang} home: {hrefs:?}"
        );
        // The shortcode shown in a code span stays literal; the one after
        // it is expanded.
        let code: Vec<String> = select(&home, ".prose code").into_iter().map(text).collect();
        assert!(
            code.iter().any(|c| c.starts_with("{{ figure(")),
            "{lang}: {code:?}"
        );
        assert!(
            select(&home, ".prose a.figure")
                .into_iter()
                .any(|f| text(f) == value),
            "{lang}: home figure"
        );
        assert_eq!(select(&home, ".key-figure").len(), 1, "{lang}: key figure");
    }

    // `brief check` finds nothing wrong with it either.
    let report = check(&CheckOptions {
        site: SiteOptions {
            root: root.clone(),
            ..SiteOptions::default()
        },
        ..CheckOptions::default()
    });
    assert!(report.is_ok(), "brief check:\n{}", report.problems);
}

#[test]
fn init_into_an_existing_empty_directory_works() {
    let temp = tempfile::tempdir().unwrap();
    let summary = init(temp.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(temp.path().join("config.toml").is_file());
    assert_eq!(summary.files.len(), STARTER.len() + THEME.len());
}

#[test]
fn init_writes_the_pages_workflow_unless_told_not_to() {
    let temp = tempfile::tempdir().unwrap();
    let with = temp.path().join("with");
    let run = crate::common::brief(&["init", with.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let workflow = fs::read_to_string(with.join(WORKFLOW)).unwrap();
    assert!(workflow.contains("brief build --base-url"), "{workflow}");
    assert!(run.stdout.contains(WORKFLOW), "{}", run.stdout);

    let without = temp.path().join("without");
    let run = crate::common::brief(&["init", "--no-workflow", without.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(without.join("config.toml").is_file());
    assert!(!without.join(".github").exists());
    assert!(!run.stdout.contains(WORKFLOW), "{}", run.stdout);
    let mut expected = tree(&with);
    expected.remove(WORKFLOW);
    assert_eq!(tree(&without), expected);
}

#[test]
fn init_refuses_a_directory_that_is_not_empty_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("taken");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("notes.txt"), "mine").unwrap();
    let before = tree(temp.path());

    let problems = init(&root).unwrap_err();
    assert_eq!(problems.len(), 1);
    let message = problems.to_string();
    assert!(
        message.starts_with(&format!("{}: directory is not empty", root.display())),
        "{message}"
    );
    assert_eq!(tree(temp.path()), before);
    assert_eq!(fs::read_dir(&root).unwrap().count(), 1);
}

#[test]
fn init_refuses_a_directory_holding_only_a_hidden_file() {
    let temp = tempfile::tempdir().unwrap();
    fs::create_dir(temp.path().join(".git")).unwrap();
    let message = init(temp.path()).unwrap_err().to_string();
    assert!(message.contains("not empty"), "{message}");
    assert!(!temp.path().join("config.toml").exists());
}

/// `config.toml` with its commented `[publication]` example switched on.
fn with_publication_uncommented(config: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in config.lines() {
        inside = (inside || line == "# [publication]") && !line.is_empty();
        out.push_str(if inside { &line[2..] } else { line });
        out.push('\n');
    }
    out
}

#[test]
fn the_starters_commented_publication_example_is_valid_and_cites_the_brief() {
    let (_temp, root) = new_site();
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let uncommented = with_publication_uncommented(&config);
    assert!(
        uncommented.contains("\n[publication.license]\n"),
        "{uncommented}"
    );
    // Without the PDF (typesetting is tested elsewhere).
    fs::write(
        root.join("config.toml"),
        uncommented.replace("[pdf]\n", "[pdf]\nenabled = false\n"),
    )
    .unwrap();
    build(&BuildOptions {
        site: SiteOptions {
            root: root.clone(),
            ..SiteOptions::default()
        },
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    let out = root.join("public");
    for lang in ["zh", "en"] {
        for file in ["cite.bib", "cite.ris", "cite.json"] {
            assert!(out.join(lang).join(file).is_file(), "{lang}/{file}");
        }
        let home = read_doc(&out.join(lang).join("index.html"));
        let reference = text(select(&home, ".cite-this .cite-reference")[0]);
        let (author, doi) = if lang == "zh" {
            ("张三", "10.5281/zenodo.1234567")
        } else {
            ("Zhang, S.", "https://doi.org/10.5281/zenodo.1234567")
        };
        assert!(
            reference.contains(author) && reference.contains(doi),
            "{lang}: {reference}"
        );
        assert_eq!(
            attrs(&home, r#"meta[name="citation_author"]"#, "content"),
            [if lang == "zh" { "张三" } else { "Zhang, San" }]
        );
    }
}
