//! The fuzz targets' checks (`fuzz/checks.rs`: the shortcode parser, front
//! matter, the Markdown pipeline), run on every `cargo test` over:
//!
//! - every input saved in `fuzz/regressions/TARGET/` (inputs that once
//!   failed: they must keep passing);
//! - the shipped brief's pages;
//! - a few hundred mutations of those pages (tokens of the page syntax
//!   inserted, ranges deleted, duplicated and cut), from a fixed seed, so the
//!   same inputs every run: a quick stand-in for the fuzzers, which
//!   `.ci/run` runs only when asked to (see README.md, "Contributing").

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};

type Check = fn(&str);

const TARGETS: [(&str, Check); 3] = [
    ("shortcodes", checks::shortcodes),
    ("front_matter", checks::front_matter),
    ("markdown", checks::markdown),
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text a fuzz target sees for `bytes`: libfuzzer-sys hands a `&str`
/// target the longest valid UTF-8 prefix of its input.
fn as_fuzz_text(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap(),
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.')
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `check` on `text`, naming `what` if it panics.
fn run(target: &str, check: Check, what: &str, text: &str) {
    let outcome = std::panic::catch_unwind(|| check(text));
    if outcome.is_err() {
        panic!("fuzz check `{target}` failed on {what}: {text:?}");
    }
}

#[test]
fn saved_regression_inputs_pass_their_checks() {
    for (target, check) in TARGETS {
        for file in files_in(&repo().join("fuzz/regressions").join(target)) {
            let bytes = fs::read(&file).unwrap();
            run(
                target,
                check,
                &file.display().to_string(),
                as_fuzz_text(&bytes),
            );
        }
    }
}

/// The shipped pages, as the fuzzers' seed corpus.
fn pages() -> Vec<(String, String)> {
    files_in(&repo().join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn shipped_pages_pass_every_check() {
    let pages = pages();
    assert!(!pages.is_empty());
    for (name, text) in &pages {
        for (target, check) in TARGETS {
            run(target, check, name, text);
        }
    }
}

/// Pieces of page syntax and awkward text that mutations insert (as in
/// `fuzz/dict/markdown.dict`).
const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "\\{{",
    "(",
    ")",
    "=",
    ",",
    "\"",
    "\\\"",
    "[",
    "]",
    "true",
    "-1.5",
    "2026",
    "figure(",
    "indicator_table(",
    "id=\"x\"",
    "ids=[\"a\", \"b\"]",
    "+++",
    "+++\n",
    "title = \"t\"",
    "slug = ",
    "date = 2024-06-20",
    "[extra]",
    "\n",
    "\r\n",
    "\u{FEFF}",
    "# ",
    "## ",
    " {#",
    "}",
    "```",
    "```rust\n",
    "~~~",
    "`",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "| a | b |\n|---|--:|\n",
    "[^1]",
    "[^1]: ",
    "- [ ] ",
    "~~",
    "*",
    "_",
    "> ",
    "](goals.en.md#x)",
    "![",
    "中",
    "文。",
    "🦀",
    "\u{200F}",
    "ש",
    "\u{0}",
    "\u{1}",
    "\t",
    "    ",
];

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A character boundary of `text`.
    fn boundary(&mut self, text: &str) -> usize {
        let mut at = self.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// `text` changed in one to four places.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let a = rng.boundary(&out);
        let b = rng.boundary(&out);
        let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 400));
        let end = (start..=end)
            .rev()
            .find(|&i| out.is_char_boundary(i))
            .unwrap();
        match rng.below(5) {
            0 | 1 => out.insert_str(a, TOKENS[rng.below(TOKENS.len())]),
            2 => out.replace_range(start..end, ""),
            3 => {
                let piece = out[start..end].to_string();
                out.insert_str(end, &piece);
            }
            _ => out.truncate(a),
        }
    }
    out
}

#[test]
fn mutations_of_the_shipped_pages_pass_every_check() {
    const PER_PAGE: usize = 100;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, text) in pages() {
        for i in 0..PER_PAGE {
            let mutant = mutate(&mut rng, &text);
            for (target, check) in TARGETS {
                run(target, check, &format!("mutation {i} of {name}"), &mutant);
            }
        }
    }
}
