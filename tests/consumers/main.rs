//! The shipped brief read by consumers outside Rust, which `cargo test`
//! runs only where they are installed:
//!
//! - `browser`: the Node suite in `tests/browser/` (the Nu HTML Checker,
//!   axe-core and behaviour checks in headless Chromium, screenshots);
//! - `metadata`: `tests/metadata/check.py` (extruct, lxml, bibtexparser,
//!   rispy, frictionless) over the citation and discovery metadata;
//! - `actionlint`: actionlint (with shellcheck) over the GitHub Pages
//!   workflow that `brief init` writes.
//!
//! libtest has no way to skip a test at run time, so this binary uses
//! libtest-mimic: a suite whose tools are missing is reported as
//! *ignored*, with the reason printed, and counted as ignored in the
//! summary, not as a passed test. Under `CI=true` nothing may be skipped:
//! a missing tool fails the suite. `.ci/run` installs all of them.

use std::io::Write;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};

mod actionlint;
mod browser;
mod metadata;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let trials = vec![
        suite(
            "browser::every_page_valid_accessible_and_working_in_a_real_browser",
            browser::missing_prerequisites(),
            browser::run,
        ),
        suite(
            "metadata::the_shipped_metadata_reads_right_in_extruct_bibtexparser_rispy_and_frictionless",
            metadata::missing_prerequisites(),
            metadata::run,
        ),
        suite(
            "actionlint::the_workflow_brief_init_writes_passes_actionlint",
            actionlint::missing_prerequisites(),
            actionlint::run,
        ),
    ];
    libtest_mimic::run(&args, trials).exit_code()
}

/// A suite as a trial: run when nothing is missing; otherwise ignored
/// (with the reason on stderr), or failed under CI.
fn suite(name: &'static str, missing: Vec<String>, run: fn()) -> Trial {
    if missing.is_empty() {
        return Trial::test(name, move || {
            run();
            Ok(())
        });
    }
    let reason = missing.join("; ");
    if std::env::var("CI").as_deref() == Ok("true") {
        return Trial::test(name, move || {
            Err(Failed::from(format!(
                "cannot run under CI (CI=true), where nothing may be skipped: {reason}"
            )))
        });
    }
    let _ = writeln!(std::io::stderr(), "skipped: {name}: {reason}");
    // `--include-ignored` runs it anyway: then the reason is the failure.
    Trial::test(name, move || {
        Err(Failed::from(format!("cannot run: {reason}")))
    })
    .with_ignored_flag(true)
}
