//! `brief` under careless and hostile input: every case runs the real
//! binary on a site that built once (so `public/` holds a previous build)
//! and asserts what the command must do: its exit code, no panic, a message
//! that names the file (and line, where known), every file of the site and
//! of the directory around it byte-identical when it fails (sources,
//! `public/`, a file beside the root), and no temporary directory left,
//! beside the output or in `TMPDIR`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Fixture, INDICATORS as DATA, Run, run_with_env};
use tempfile::TempDir;
use walkdir::WalkDir;

/// Home pages that use every indicator of the data, so `check` finds none
/// unused.
const HOME_ZH: &str = "+++\ntitle = \"首页\"\n+++\n\n首页：{{ figure(id=\"ai-scale\", year=2023) }}、\
{{ figure(id=\"core-scale\") }}、{{ figure(id=\"firms\") }}、{{ figure(id=\"compute\") }}。\n";
const HOME_EN: &str = "+++\ntitle = \"Home\"\n+++\n\nHome: {{ figure(id=\"ai-scale\", year=2023) }}, \
{{ figure(id=\"core-scale\") }}, {{ figure(id=\"firms\") }}, {{ figure(id=\"compute\") }}.\n";
const GOALS_ZH: &str = "+++\ntitle = \"目标\"\nweight = 1\n+++\n\n## 发展目标\n\n内容。\n";
const GOALS_EN: &str = "+++\ntitle = \"Goals\"\nweight = 1\n+++\n\n## Targets\n\nText.\n";

/// A site (one directory down, with a file beside it) that has built.
struct Site {
    fixture: Fixture,
    /// `TMPDIR` for every run: must be empty after each.
    tmp: TempDir,
}

impl Site {
    fn new() -> Site {
        let fixture = Fixture::nested();
        fixture
            .file("content/_index.zh.md", HOME_ZH)
            .file("content/_index.en.md", HOME_EN)
            .file("content/goals.zh.md", GOALS_ZH)
            .file("content/goals.en.md", GOALS_EN)
            .file("content/indicators.toml", DATA)
            .file(
                "static/logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
            .file(".git/HEAD", "ref: refs/heads/main\n");
        fs::write(fixture.parent().join("notes.txt"), "beside the site").unwrap();
        let site = Site {
            fixture,
            tmp: tempfile::tempdir().unwrap(),
        };
        site.passes(&["build"]);
        site
    }

    fn root(&self) -> &Path {
        self.fixture.root()
    }

    fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        self.fixture.file(rel, contents);
        self
    }

    /// Every file and directory around the site (the root's parent), with
    /// the bytes of files and the targets of links.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let top = self.fixture.parent();
        WalkDir::new(top)
            .into_iter()
            .map(Result::unwrap)
            .map(|e| {
                let rel = e.path().strip_prefix(top).unwrap().display().to_string();
                let kind = e.file_type();
                let bytes = if kind.is_symlink() {
                    format!("-> {}", fs::read_link(e.path()).unwrap().display()).into_bytes()
                } else if kind.is_dir() {
                    b"/".to_vec()
                } else {
                    fs::read(e.path()).unwrap()
                };
                (rel, bytes)
            })
            .collect()
    }

    /// Runs `brief ARGS --root ROOT` in the root, with `TMPDIR` set.
    fn brief(&self, args: &[&str]) -> Run {
        let mut all = args.to_vec();
        all.extend(["--root", self.root().to_str().unwrap()]);
        run_with_env(self.root(), &all, &[("TMPDIR", self.tmp.path())])
    }

    fn assert_no_temporary_directory(&self, run: &Run) {
        let left: Vec<_> = fs::read_dir(self.tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "left in TMPDIR: {left:?}\n{}", run.stderr);
        let beside: Vec<String> = fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
            .collect();
        assert!(beside.is_empty(), "left beside public/: {beside:?}");
    }

    /// Runs a command that must succeed.
    fn passes(&self, args: &[&str]) -> Run {
        let run = self.brief(args);
        assert_eq!(
            run.code,
            Some(0),
            "{args:?}\n{}\n{}",
            run.stdout,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        self.assert_no_temporary_directory(&run);
        run
    }

    /// Runs a command that must fail cleanly: exit 1, no panic, each of
    /// `names` in what it printed, nothing changed, nothing left.
    fn refuses(&self, args: &[&str], names: &[&str]) -> Run {
        let before = self.snapshot();
        let run = self.brief(args);
        let printed = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, Some(1), "{args:?}\n{printed}");
        assert!(!printed.contains("panicked"), "{printed}");
        for name in names {
            assert!(
                printed.contains(name),
                "{args:?}: no {name:?} in\n{printed}"
            );
        }
        let after = self.snapshot();
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(changed.is_empty(), "{args:?} changed {changed:?}");
        self.assert_no_temporary_directory(&run);
        run
    }

    /// `build` and `check` both fail, naming each of `names`.
    fn build_and_check_refuse(&self, names: &[&str]) {
        self.refuses(&["build"], names);
        self.refuses(&["check"], names);
    }
}

// ---------------------------------------------------------------------------
// Data loss

#[test]
fn an_output_that_would_replace_the_site_or_its_sources_is_refused() {
    let site = Site::new();
    site.file("templates/.keep", "")
        .file("i18n/.keep", "")
        .file("themes/default/static/extra.txt", "x");
    let root = site.root().to_str().unwrap().to_string();
    let parent = site.fixture.parent().to_str().unwrap().to_string();
    for (output, expected) in [
        ("content", "`content/`"),
        ("content/sub", "`content/`"),
        ("public/../content", "`content/`"),
        ("themes", "`themes/`"),
        ("themes/default/static", "`themes/`"),
        ("static", "`static/`"),
        ("templates", "`templates/`"),
        ("i18n", "`i18n/`"),
        (".git", "`.git/`"),
        (".", "the site root"),
        (&root, "the site root"),
        ("..", "holds the site root"),
        (&parent, "holds the site root"),
        ("/", "holds the site root"),
    ] {
        let run = site.refuses(&["build", "--output", output], &["--output", expected]);
        assert!(
            run.stderr.contains(output),
            "names {output}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_directory_brief_did_not_write_is_never_replaced() {
    let site = Site::new();
    site.file("docs/notes.md", "my notes");
    site.refuses(
        &["build", "--output", "docs"],
        &["docs", ".brief-output", "--output"],
    );
    // A new directory, then the same one again, and an empty one, are fine.
    site.passes(&["build", "--output", "site-out"]);
    assert!(site.root().join("site-out/.brief-output").is_file());
    site.passes(&["build", "--output", "site-out"]);
    fs::create_dir_all(site.root().join("empty")).unwrap();
    site.passes(&["build", "--output", "empty"]);
    assert!(site.root().join("empty/zh/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_staging_and_a_killed_one_is_cleaned_up_next_time() {
    let site = Site::new();
    // Enough pages that the build is still writing when the signal comes.
    for i in 0..400 {
        for (lang, text) in [("zh", "内容。"), ("en", "Text.")] {
            site.file(
                &format!("content/p{i}.{lang}.md"),
                format!(
                    "+++\ntitle = \"P{i}\"\nweight = {}\n+++\n\n## H\n\n{text}\n",
                    i + 2
                ),
            );
        }
    }
    let public_before: BTreeMap<String, Vec<u8>> = site.fixture.snapshot();
    for signal in ["-TERM", "-INT", "-KILL"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["build", "--root", site.root().to_str().unwrap()])
            .env("TMPDIR", site.tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let staging = wait_for_staging(site.root());
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(site.fixture.snapshot(), public_before, "public/ unchanged");
        if signal == "-KILL" {
            assert!(staging.exists(), "nothing can clean up after SIGKILL");
            site.passes(&["build"]);
            assert!(!staging.exists(), "the next build removed it");
        } else {
            assert_eq!(status.code(), Some(130), "{signal}: {stderr}");
            assert!(stderr.contains("interrupted"), "{stderr}");
            assert!(!staging.exists(), "{signal}: the staging directory is gone");
        }
    }
}

/// Waits for a build's staging directory to appear beside `public/`.
fn wait_for_staging(root: &Path) -> std::path::PathBuf {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = fs::read_dir(root).unwrap().find_map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let written = e.path().join("zh").is_dir();
            (name.starts_with(".public.tmp-") && written).then(|| e.path())
        });
        if let Some(path) = found {
            return path;
        }
        assert!(Instant::now() < deadline, "no staging directory appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
}

// ---------------------------------------------------------------------------
// Crashes

#[test]
fn a_non_ascii_attribute_name_crashes_neither_build_nor_check() {
    let site = Site::new();
    site.file(
        "content/goals.zh.md",
        GOALS_ZH.replace(
            "内容。",
            "<div 成>x</div>\n\n<p 😀=1 id=\"e\">y</p>\n\n内容。",
        ),
    );
    site.passes(&["build"]);
    let run = site.passes(&["check"]);
    assert!(
        run.stdout.contains(": no problems found."),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_that_includes_itself_is_an_error_naming_it() {
    let site = Site::new();
    site.file(
        "templates/partials/site_nav.html",
        r#"<nav>{% include "partials/site_nav.html" %}</nav>"#,
    );
    site.build_and_check_refuse(&["templates/partials/site_nav.html", "includes itself"]);

    let site = Site::new();
    site.file("templates/a.html", r#"{% include "b.html" %}"#)
        .file(
            "templates/b.html",
            r#"{% if page %}{% include "a.html" %}{% endif %}"#,
        );
    site.build_and_check_refuse(&["templates/a.html", "a.html → b.html → a.html"]);

    let site = Site::new();
    site.file(
        "templates/macros/loop.html",
        "{% macro again() %}{{ self::again() }}{% endmacro again %}",
    );
    site.build_and_check_refuse(&["templates/macros/loop.html", "macro again"]);
}

// ---------------------------------------------------------------------------
// Dangerous output

#[test]
fn a_javascript_url_in_the_data_is_an_error_at_its_line() {
    let site = Site::new();
    site.file(
        "content/indicators.toml",
        DATA.replace(
            "date = 2024-06-20\n",
            "date = 2024-06-20\nurl = \"javascript:alert(1)\"\n",
        ),
    );
    site.build_and_check_refuse(&["content/indicators.toml:6:7", "javascript:alert(1)"]);
}

#[test]
fn formula_like_labels_are_neutralised_in_the_csv_and_exact_in_the_json() {
    let site = Site::new();
    site.file(
        "content/indicators.toml",
        DATA.replace(
            "zh = \"人工智能产业规模\"",
            "zh = \"=HYPERLINK(\\\"http://x\\\")\"",
        )
        .replace("en = \"AI industry scale\"", "en = \"@SUM(A1)\"")
        .replace("en = \"National Business Daily\"", "en = \"-2+3\""),
    );
    site.passes(&["build"]);
    let csv = site.fixture.read("data/indicators.csv");
    assert!(csv.contains(r#""'=HYPERLINK(""http://x"")""#), "{csv}");
    assert!(csv.contains(",'@SUM(A1),"), "{csv}");
    assert!(csv.contains(",'-2+3"), "{csv}");
    let json = site.fixture.read("data/indicators.json");
    assert!(
        json.contains(r#""zh": "=HYPERLINK(\"http://x\")""#),
        "{json}"
    );
    assert!(json.contains(r#""en": "@SUM(A1)""#), "{json}");
}

#[test]
fn nul_and_control_characters_never_reach_the_markup() {
    let site = Site::new();
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals \\u0007 bell\"\ndescription = \"d\\u0001\"\nweight = 1\ndate = 2024-06-20\n+++\n\n## Targets\u{7}\n\nText\u{0} with NUL\u{1B}.\n",
    )
    .file(
        "content/goals.zh.md",
        GOALS_ZH.replace("weight = 1", "weight = 1\ndate = 2024-06-20"),
    );
    site.passes(&["build"]);
    for entry in WalkDir::new(site.fixture.output()) {
        let entry = entry.unwrap();
        let path = entry.path();
        let markup = path
            .extension()
            .is_some_and(|e| e == "html" || e == "xml" || e == "svg");
        if markup {
            let bytes = fs::read(path).unwrap();
            let bad = bytes
                .iter()
                .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
            assert!(!bad, "{} has a control character", path.display());
        }
    }
    assert!(
        site.fixture
            .read("en/goals/index.html")
            .contains("Text\u{FFFD} with NUL")
    );
    for feed in ["en/atom.xml", "zh/atom.xml", "sitemap.xml"] {
        let text = site.fixture.read(feed);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}\n{text}"));
    }
    assert!(
        site.fixture
            .read("en/atom.xml")
            .contains("Goals \u{FFFD} bell")
    );
}

// ---------------------------------------------------------------------------
// Silent wrong results

#[test]
fn a_page_that_would_replace_a_generated_page_is_an_error_naming_both() {
    let site = Site::new();
    site.file(
        "content/indicators.zh.md",
        GOALS_ZH.replace("weight = 1", "weight = 5"),
    )
    .file(
        "content/indicators.en.md",
        GOALS_EN.replace("weight = 1", "weight = 5"),
    );
    site.build_and_check_refuse(&["content/indicators.zh.md", "the indicators page"]);

    let site = Site::new();
    site.file(
        "content/goals.en.md",
        GOALS_EN.replace("weight = 1", "weight = 1\nslug = \"indicators\""),
    );
    site.build_and_check_refuse(&["content/goals.en.md", "en/indicators/index.html"]);
}

#[test]
fn a_static_file_that_would_replace_a_generated_file_or_a_page_is_an_error_naming_both() {
    for (file, other) in [
        ("static/sitemap.xml", "the sitemap"),
        ("static/data/indicators.csv", "data download"),
        ("static/en/goals/index.html", "content/goals.en.md"),
        ("static/404.html", "the 404 page"),
    ] {
        let site = Site::new();
        site.file(file, "<p>mine</p>");
        site.build_and_check_refuse(&[file, other]);
    }
}

#[test]
fn a_growth_rate_from_a_negative_base_and_a_negative_count_are_data_errors() {
    let site = Site::new();
    // The data's CAGR starts from this value.
    site.file(
        "content/indicators.toml",
        DATA.replace("value = 78_000_000_000", "value = -78_000_000_000"),
    );
    site.build_and_check_refuse(&["content/indicators.toml:42:6", "derived figure `cagr`"]);

    let site = Site::new();
    site.file(
        "content/indicators.toml",
        DATA.replace("value = 900", "value = -900"),
    );
    site.build_and_check_refuse(&["content/indicators.toml:33:34", "cannot be negative"]);
}

#[cfg(unix)]
#[test]
fn symlinked_pages_are_followed_inside_the_site_and_reported_otherwise() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    site.file(
        "drafts/extra.zh.md",
        GOALS_ZH
            .replace("目标", "附录")
            .replace("weight = 1", "weight = 3"),
    )
    .file(
        "drafts/extra.en.md",
        GOALS_EN
            .replace("Goals", "Annex")
            .replace("weight = 1", "weight = 3"),
    );
    for lang in ["zh", "en"] {
        symlink(
            format!("../drafts/extra.{lang}.md"),
            site.root().join(format!("content/extra.{lang}.md")),
        )
        .unwrap();
    }
    site.passes(&["build"]);
    assert!(site.fixture.read("en/extra/index.html").contains("Annex"));

    let outside = site.fixture.parent().join("outside.en.md");
    fs::write(&outside, GOALS_EN).unwrap();
    symlink(&outside, site.root().join("content/leak.en.md")).unwrap();
    symlink(".", site.root().join("content/loop")).unwrap();
    symlink("nowhere.md", site.root().join("content/broken.zh.md")).unwrap();
    site.build_and_check_refuse(&[
        "content/leak.en.md",
        "outside",
        "content/loop",
        "a loop",
        "content/broken.zh.md",
        "broken",
    ]);
}

#[cfg(unix)]
#[test]
fn check_reports_a_static_link_that_leaves_the_site_as_build_does() {
    let site = Site::new();
    let secret = site.fixture.parent().join("id_ed25519");
    fs::write(&secret, "PRIVATE").unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("static/key")).unwrap();
    site.build_and_check_refuse(&["static/key", "outside"]);
}

#[test]
fn a_link_to_a_missing_page_is_one_broken_link_at_its_line() {
    let site = Site::new();
    site.file(
        "content/goals.en.md",
        GOALS_EN.replace("Text.", "Text, see [x](missing.en.md)."),
    );
    let location = "content/goals.en.md:8:11";
    let run = site.refuses(&["build"], &[location, "missing.en.md"]);
    assert_eq!(
        run.stderr.matches("missing.en.md").count(),
        2,
        "{}",
        run.stderr
    );
    let run = site.refuses(&["check"], &[location]);
    assert!(
        run.stdout.contains("1 problem found:") && !run.stdout.contains("1 problems"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("page.html"), "{}", run.stdout);
    let run = site.passes(&["build", "--warn-broken-links"]);
    let warning = run.stderr.lines().find(|l| l.starts_with("warning: "));
    assert!(
        warning.is_some_and(|w| w.contains(location)),
        "{}",
        run.stderr
    );
}

#[test]
fn a_non_ascii_base_path_is_percent_encoded_and_builds() {
    let site = Site::new();
    site.passes(&["build", "--base-url", "https://example.org/路径/"]);
    let home = site.fixture.read("zh/index.html");
    assert!(
        home.contains("href=\"/%E8%B7%AF%E5%BE%84/zh/goals/\""),
        "{home}"
    );
    site.passes(&["check", "--base-url", "https://example.org/路径/"]);
}
