//! The browser tests: builds the shipped brief and runs
//! the Node suite in `tests/browser/` over it: the Nu HTML Checker on every
//! page, axe-core and behaviour checks in headless Chromium (driven by
//! playwright-core) at desktop and phone widths in light and dark mode, and
//! screenshots into `target/screenshots/`. See `tests/browser/site.test.js`.
//!
//! It needs `tests/browser/node_modules` (`npm ci --ignore-scripts` there),
//! Chromium at `/usr/bin/chromium` (or `BRIEF_CHROMIUM`), `node` and `java`.
//! Without them the suite is reported as ignored, with the reason printed
//! (and fails when `CI=true`; see `main.rs`). `.ci/run` installs all of
//! them.
//!
//! The suite's own output (every check, then a summary of pages validated,
//! violations by impact and checks passed) goes straight to the terminal,
//! whether or not cargo captures test output; the summary is also written
//! to `target/browser-summary.txt`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use brief::BuildOptions;
use brief::site::SiteOptions;

/// Builds the shipped brief and runs the Node suite over it.
pub fn run() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests/browser");
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::create_dir_all(&work);
    let site = work.join("public");
    let summary = brief::build(&BuildOptions {
        site: SiteOptions {
            root: repo.to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(site.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|problems| panic!("the shipped brief does not build:\n{problems}"));
    let _ = writeln!(std::io::stderr(), "browser tests: {summary}");

    let status = Command::new("node")
        .args(["--test", "--test-reporter=spec", "site.test.js"])
        .current_dir(&suite)
        .env("BRIEF_SITE_DIR", &site)
        .env("BRIEF_TARGET_DIR", target_dir())
        .stdin(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("could not run node: {e}"));
    assert!(
        status.success(),
        "the browser tests failed ({status}); their output is above and the summary is in {}",
        target_dir().join("browser-summary.txt").display()
    );
}

/// What the suite needs and is not here, as readable reasons.
pub fn missing_prerequisites() -> Vec<String> {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let mut missing = Vec::new();
    let modules = suite.join("node_modules");
    let installed = ["playwright-core", "axe-core", "vnu-jar"]
        .iter()
        .all(|package| modules.join(package).join("package.json").is_file());
    if !runs("node", &["--version"]) {
        missing.push("no `node` on PATH (Node.js 20 or newer)".to_string());
    }
    if !installed {
        missing.push(
            "tests/browser/node_modules is not installed (run `npm ci --ignore-scripts` in tests/browser)"
                .to_string(),
        );
    }
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!(
            "no Chromium at {} (apt-get install chromium chromium-driver, or set BRIEF_CHROMIUM)",
            chromium.display()
        ));
    }
    if !runs("java", &["-version"]) {
        missing.push("no `java` on PATH (the Nu HTML Checker needs Java 11 or newer)".to_string());
    }
    missing
}

fn chromium() -> PathBuf {
    std::env::var_os("BRIEF_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Cargo's target directory (`target/`, or `CARGO_TARGET_DIR`): the parent
/// of the integration tests' temporary directory.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}
