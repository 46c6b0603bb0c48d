//! The fuzz targets' checks (`fuzz/checks.rs`: the shortcode parser, front
//! matter, the Markdown pipeline, the link scanner against lol_html), run
//! on every `cargo test` over:
//!
//! - every input saved in `fuzz/regressions/TARGET/` (inputs that once
//!   failed: they must keep passing);
//! - the shipped brief's pages, as Markdown and as the HTML the build
//!   writes;
//! - a few hundred mutations of those pages (tokens of the page syntax
//!   inserted, ranges deleted, duplicated and cut), from a fixed seed, so the
//!   same inputs every run: a quick stand-in for the fuzzers, which
//!   `.ci/run` runs only when asked to (see README.md, "Contributing").

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};

type Check = fn(&str);

const TARGETS: [(&str, Check); 4] = [
    ("shortcodes", checks::shortcodes),
    ("front_matter", checks::front_matter),
    ("markdown", checks::markdown),
    ("link_scan", checks::link_scan),
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

/// Pieces of HTML that mutations of rendered pages insert (as in
/// `fuzz/dict/html.dict`).
const HTML_TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "--!>",
    "<!",
    "<?",
    "<![CDATA[",
    "]]>",
    "<a ",
    "<a href=",
    " id=",
    " href=\"/x\"",
    " src=",
    "=",
    "\"",
    "'",
    "&amp;",
    "&#x2F;",
    "&",
    "<svg>",
    "</svg>",
    "<math>",
    "</math>",
    "<mi>",
    "<foreignObject>",
    "<desc>",
    "<title>",
    "</title>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<textarea>",
    "<plaintext>",
    "<noscript>",
    "<p>",
    "<br>",
    "<font color=x>",
    "<div 成>",
    "成",
    "😀",
    " 😀=1",
    "\u{0}",
    "\t",
    "\n",
    "\r",
    "\u{C}",
];

/// The shipped brief as the build writes it: every HTML file, by path.
fn html_pages() -> Vec<(String, String)> {
    let site = brief::site::Site::load(&brief::site::SiteOptions {
        root: repo().to_path_buf(),
        ..brief::site::SiteOptions::default()
    })
    .expect("the shipped brief loads");
    let pages = std::sync::Mutex::new(Vec::new());
    let sink = |path: &Path, bytes: &[u8]| {
        if path.extension().is_some_and(|e| e == "html") {
            let text = String::from_utf8(bytes.to_vec()).expect("pages are UTF-8");
            pages
                .lock()
                .unwrap()
                .push((path.display().to_string(), text));
        }
        Ok(())
    };
    brief::render::render_site(&site, &sink, &brief::render::Reuse::default())
        .expect("the shipped brief renders");
    let mut pages = pages.into_inner().unwrap();
    pages.sort();
    pages
}

/// Hand-written documents with every construct the scanner knows about.
const HTML_DOCUMENTS: &[&str] = &[
    r##"<!doctype html><html lang="zh"><head><link rel="stylesheet" href="/a.css"><link rel="preconnect" href="https://x.org"><script src="/s.js"></script></head>
<body id="top"><A HREF="#top" ID=Upper>x</A><a href='/q?a=1&amp;b=2'>q</a><a href=unquoted>u</a><area href="/map">
<img src="/i.png" alt="<a href=x>"><!-- <a href="/commented" id="c"> --><script>document.write("<a href='/in-script'>")</script>
<style>a[id="style"]{}</style><textarea><a href="/in-textarea"></textarea><title>t <a href="/in-title"></title>
<svg xmlns="http://www.w3.org/2000/svg" role="img"><title id="chart-title">T</title><desc id="chart-desc">D</desc><a href="/in-svg"><rect id="r"/></a></svg>
<p id="目标">中文</p><a href="#%E7%9B%AE%E6%A0%87">x</a><video src="/v.mp4"></video><source src="/s.webm"><iframe src="/f.html"></iframe>
<a id="dup" id="second" href="/first" href="/second">d</a><a>no href</a><br/><img src=/self-closing.png/>
</body></html>"##,
    "<p>no tags of interest</p>",
    "",
    r#"<a href="/cut-off"#,
];

#[test]
fn the_link_scanner_agrees_with_lol_html_on_the_shipped_pages() {
    for (i, html) in HTML_DOCUMENTS.iter().enumerate() {
        run(
            "link_scan",
            checks::link_scan,
            &format!("document {i}"),
            html,
        );
    }
    let pages = html_pages();
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (name, html) in &pages {
        run("link_scan", checks::link_scan, name, html);
    }
}

#[test]
fn the_link_scanner_agrees_with_lol_html_on_mutated_pages() {
    const PER_PAGE: usize = 40;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut inputs: Vec<(String, String)> = HTML_DOCUMENTS
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("document {i}"), d.to_string()))
        .collect();
    // Pages of both languages, with and without charts and tables.
    inputs.extend(html_pages().into_iter().step_by(3));
    for (name, text) in &inputs {
        for i in 0..PER_PAGE {
            let mutant = mutate_with(&mut rng, text, HTML_TOKENS);
            run(
                "link_scan",
                checks::link_scan,
                &format!("mutation {i} of {name}"),
                &mutant,
            );
        }
    }
}

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

/// `text` changed in one to four places, with the page syntax's tokens.
fn mutate(rng: &mut Rng, text: &str) -> String {
    mutate_with(rng, text, TOKENS)
}

/// `text` changed in one to four places, inserting pieces of `tokens`.
fn mutate_with(rng: &mut Rng, text: &str, tokens: &[&str]) -> String {
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
            0 | 1 => out.insert_str(a, tokens[rng.below(tokens.len())]),
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
