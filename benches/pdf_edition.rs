//! What the PDF edition adds to a build of the shipped brief: the same
//! site built alternately with its `[pdf]` as shipped and with
//! `enabled = false` (the variant, labelled), a cold process each time
//! (fonts found, both editions typeset). Prints the medians of wall time,
//! CPU and peak memory and the difference (goal: both PDFs in under 1 s
//! added to a cold build).
//!
//! ```sh
//! cargo bench --bench pdf_edition                # 7 runs each
//! cargo bench --bench pdf_edition -- --runs 11
//! ```
//!
//! Run without `--bench` (as `cargo test --benches` does), it builds each
//! once, to check that the measurement works.

#[path = "measure/mod.rs"]
mod measure;

use std::path::{Path, PathBuf};
use std::process::Command;

use measure::{Run, Summary, mib, ms, time};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let measuring = args.iter().any(|a| a == "--bench");
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .map_or(if measuring { 7 } else { 1 }, |n| {
            n.parse().expect("--runs takes a number")
        });
    let brief = PathBuf::from(env!("CARGO_BIN_EXE_brief"));
    let work = tempfile::tempdir().expect("a temporary directory");
    let with = copy_brief(&work.path().join("with-pdf"), false);
    let without = copy_brief(&work.path().join("without-pdf"), true);
    let sites = [
        ("shipped (with [pdf])", with),
        ("[pdf] enabled = false", without),
    ];
    let mut results: Vec<Vec<Run>> = vec![Vec::new(); sites.len()];
    for (_, site) in &sites {
        time(&mut build(&brief, site), &site.join("public"));
    }
    for _ in 0..runs {
        for (i, (_, site)) in sites.iter().enumerate() {
            results[i].push(time(&mut build(&brief, site), &site.join("public")));
        }
    }
    println!("pdf_edition: the shipped brief, {runs} alternating cold builds each (medians)");
    println!("| build | wall | CPU | peak RSS |");
    println!("|---|---|---|---|");
    let summaries: Vec<Summary> = results.iter().map(|r| Summary::of(r)).collect();
    for ((name, _), summary) in sites.iter().zip(&summaries) {
        println!(
            "| {name} | {} | {} | {} |",
            ms(summary.wall),
            ms(summary.cpu),
            mib(summary.max_rss)
        );
    }
    let added = summaries[0].wall.saturating_sub(summaries[1].wall);
    println!("  the PDF edition adds {} of wall time", ms(added));
    if measuring {
        let verdict = if added.as_secs_f64() < 1.0 {
            "met"
        } else {
            "NOT met"
        };
        println!("  goal, under 1 s added: {verdict}");
    }
}

/// The shipped brief's sources under `dir`, its PDF edition switched off
/// when `site_only`.
fn copy_brief(dir: &Path, site_only: bool) -> PathBuf {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir).expect("create the site directory");
    for entry in ["config.toml", "content", "themes"] {
        measure::copy_tree(&repository.join(entry), &dir.join(entry));
    }
    if site_only {
        let config = dir.join("config.toml");
        let text = std::fs::read_to_string(&config).expect("config.toml");
        assert!(
            text.contains("\n[pdf]\n"),
            "the shipped brief has a [pdf] table"
        );
        let text = text.replace("\n[pdf]\n", "\n[pdf]\nenabled = false\n");
        std::fs::write(&config, text).expect("write config.toml");
    }
    dir.to_path_buf()
}

fn build(brief: &Path, site: &Path) -> Command {
    let mut command = Command::new(brief);
    command.arg("build").arg("--root").arg(site);
    command
}
