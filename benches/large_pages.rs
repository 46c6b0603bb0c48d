//! Does a page's cost grow linearly with its size? Builds a brief (the
//! `brief init` starter) with one more section whose Markdown is 1, 2, 4,
//! 8 and 16 MB in each language, full of what costs per occurrence: links
//! to other pages by their source file, figure shortcodes, inline code,
//! headings, and one very long line. Prints the medians of wall time, CPU
//! and peak memory per size and the growth from one size to the next
//! (linear is ×2.0 per doubling).
//!
//! It measures the site: the starter's PDF edition is switched off
//! (`[pdf] enabled = false`), since a 16 MB section would be thousands of
//! typeset pages; `benches/pdf_edition.rs` measures the edition.
//!
//! ```sh
//! cargo bench --bench large_pages                    # 1 to 16 MB, 3 runs each
//! cargo bench --bench large_pages -- --mb 1,4,16 --runs 5
//! ```
//!
//! Run without `--bench` (as `cargo test --benches` does), it builds a
//! 1 MB page once, to check that the measurement works.

#[path = "measure/mod.rs"]
mod measure;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use measure::{Run, Summary, mib, ms, time};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let measuring = args.iter().any(|a| a == "--bench");
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sizes: Vec<usize> = match value("--mb") {
        Some(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("--mb takes sizes like 1,4,16"))
            .collect(),
        None if measuring => vec![1, 2, 4, 8, 16],
        None => vec![1],
    };
    let runs: usize = value("--runs").map_or(if measuring { 3 } else { 1 }, |n| {
        n.parse().expect("--runs takes a number")
    });

    let brief = PathBuf::from(env!("CARGO_BIN_EXE_brief"));
    let work = tempfile::tempdir().expect("a temporary directory");
    let sites: Vec<PathBuf> = sizes
        .iter()
        .map(|&mb| write_site(&brief, &work.path().join(format!("{mb}mb")), mb))
        .collect();
    // Alternate the sizes within each round, after one warm-up build each.
    let mut results: Vec<Vec<Run>> = vec![Vec::new(); sites.len()];
    for site in &sites {
        time(&mut build_command(&brief, site), &site.join("public"));
    }
    for _ in 0..runs {
        for (i, site) in sites.iter().enumerate() {
            results[i].push(time(&mut build_command(&brief, site), &site.join("public")));
        }
    }
    println!("| page (each language) | wall | CPU | peak RSS | time growth | memory growth |");
    println!("|---|---|---|---|---|---|");
    let mut previous: Option<(usize, Summary)> = None;
    for (&mb, runs) in sizes.iter().zip(&results) {
        let summary = Summary::of(runs);
        let growth = previous.map_or_else(
            || ("".to_string(), "".to_string()),
            |(last_mb, last)| {
                let factor = mb as f64 / last_mb as f64;
                (
                    format!(
                        "×{:.2} for ×{factor:.0} size",
                        summary.wall.as_secs_f64() / last.wall.as_secs_f64()
                    ),
                    format!("×{:.2}", summary.max_rss as f64 / last.max_rss as f64),
                )
            },
        );
        println!(
            "| {mb} MB | {} | {} | {} | {} | {} |",
            ms(summary.wall),
            ms(summary.cpu),
            mib(summary.max_rss),
            growth.0,
            growth.1
        );
        previous = Some((mb, summary));
    }
}

fn build_command(brief: &Path, site: &Path) -> Command {
    let mut command = Command::new(brief);
    command.arg("build").arg("--root").arg(site);
    command
}

/// A starter brief at `dir` with a section `big` of about `mb` MB of
/// Markdown in each language.
fn write_site(brief: &Path, dir: &Path, mb: usize) -> PathBuf {
    let status = Command::new(brief)
        .arg("init")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run brief init");
    assert!(status.success(), "brief init failed");
    let config = dir.join("config.toml");
    let text = std::fs::read_to_string(&config).expect("read the starter's config.toml");
    assert!(text.contains("\n[pdf]\n"), "the starter has a [pdf] table");
    let site_only = text.replace("\n[pdf]\n", "\n[pdf]\nenabled = false\n");
    std::fs::write(&config, site_only).expect("write config.toml");
    for (lang, title) in [("zh", "大页面"), ("en", "A large page")] {
        let text = large_body(lang, title, mb * 1024 * 1024);
        std::fs::write(dir.join(format!("content/big.{lang}.md")), text)
            .expect("write the large page");
    }
    dir.to_path_buf()
}

/// Front matter and a body of at least `bytes` bytes.
fn large_body(lang: &str, title: &str, bytes: usize) -> String {
    let mut text = format!("+++\ntitle = \"{title}\"\nweight = 9\n+++\n\n");
    // One very long line first: every position on it is counted from its start.
    let long_line: String = (0..2000)
        .map(|i| format!("word{i} [link](example.{lang}.md) "))
        .collect();
    text.push_str(&long_line);
    text.push_str("\n\n");
    let mut paragraph = 0;
    while text.len() < bytes {
        if paragraph % 40 == 0 {
            let _ = write!(text, "## Part {paragraph}\n\n");
        }
        let _ = write!(
            text,
            "Paragraph {paragraph} cites {{{{ figure(id=\"programme-budget\", year=2024) }}}} \
             and links to [the example](example.{lang}.md) and to [this part](#part-0), \
             with `inline code` and *emphasis* in it, 中文文字与标点。\n\n"
        );
        paragraph += 1;
    }
    text
}
