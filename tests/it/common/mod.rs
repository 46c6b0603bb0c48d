//! A throwaway site for integration tests: a temporary directory with a
//! `config.toml` (base URL under a subpath, `zh` default plus `en`) and a
//! copy of the repository's real default theme. Tests add content, templates
//! and i18n files with [`Fixture::file`], build with the library or the real
//! binary, and read the output back, as text or as parsed HTML.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use brief::site::SiteOptions;
use brief::{BuildOptions, BuildSummary, Diagnostics};
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;
use walkdir::WalkDir;

/// Scheme and host of the fixture's base URL.
pub const ORIGIN: &str = "https://example.org";
/// Path of the fixture's base URL.
pub const BASE_PATH: &str = "/brief/";

/// The indicator data most fixtures use (`tests/it/fixtures/indicators.toml`):
/// two scale indicators in a group, a count, computing power, a CAGR.
pub const INDICATORS: &str = include_str!("../fixtures/indicators.toml");

/// The fixture's `config.toml`.
pub const CONFIG: &str = r#"base_url = "https://example.org/brief/"
default_language = "zh"
theme = "default"

[languages.zh]
title = "测试简报"
description = "一份用于测试的简报。"

[languages.en]
title = "Test Brief"
description = "A brief for tests."
"#;

/// A site root in a temporary directory, removed when dropped.
pub struct Fixture {
    dir: TempDir,
    root: PathBuf,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Fixture {
    /// A site with `config.toml` and `themes/default/`, but no content.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("create temporary site root");
        let root = dir.path().to_path_buf();
        Fixture::at(dir, root)
    }

    /// [`Fixture::new`], with the root one directory down (`DIR/site/`),
    /// so that what a command does beside or above the root can be seen
    /// in [`Fixture::parent`].
    pub fn nested() -> Fixture {
        let dir = tempfile::tempdir().expect("create temporary directory");
        let root = dir.path().join("site");
        Fixture::at(dir, root)
    }

    /// The directory that holds the root (itself for [`Fixture::new`]).
    pub fn parent(&self) -> &Path {
        self.dir.path()
    }

    fn at(dir: TempDir, root: PathBuf) -> Fixture {
        let fixture = Fixture { dir, root };
        fixture.file("config.toml", CONFIG);
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_tree(&theme, &fixture.root().join("themes/default"));
        fixture
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The default output directory, `public/` under the root.
    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file under the site root, creating directories.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Fixture {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    /// Removes a file under the site root.
    pub fn remove(&self, rel: &str) -> &Fixture {
        fs::remove_file(self.root().join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// Builds with the library into `public/`.
    pub fn build(&self) -> Result<BuildSummary, Diagnostics> {
        brief::build(&BuildOptions {
            site: SiteOptions {
                root: self.root().to_path_buf(),
                ..SiteOptions::default()
            },
            ..BuildOptions::default()
        })
    }

    /// Builds with the library and panics with the diagnostics on failure.
    pub fn build_ok(&self) -> BuildSummary {
        self.build()
            .unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }

    /// Runs `brief build --root <root> ARGS...` with the site root as the
    /// working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root", self.root().to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    /// Runs `brief ARGS... --root <root>` (any subcommand) with the site
    /// root as the working directory.
    pub fn brief_in_root(&self, args: &[&str]) -> Run {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--root", self.root().to_str().unwrap()]);
        run_in(self.root(), &all)
    }

    /// The text of an output file, relative to `public/`.
    pub fn read(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Whether `public/REL` is a file.
    pub fn exists(&self, rel: &str) -> bool {
        self.output().join(rel).is_file()
    }

    /// An output file parsed as an HTML document.
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file under `public/` with its bytes, keyed by relative path.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self.output();
        WalkDir::new(&out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&out).unwrap();
                (slash_path(rel), fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// The relative paths of every `.html` file under `public/`.
    pub fn html_files(&self) -> Vec<String> {
        self.snapshot()
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    /// Names of entries beside `public/` that look like build leftovers
    /// (`.public.tmp-*`, `.public.old-*`).
    pub fn leftovers(&self) -> Vec<String> {
        fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public."))
            .collect()
    }
}

/// Runs the real binary with `args` in the current directory.
pub fn brief(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Runs the real binary with `args` in `dir`, with `env` set.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command.args(args).current_dir(dir);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run brief");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every element of `doc` matching the CSS selector `css`.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
    doc.select(&selector).collect()
}

/// Every element under `el` matching `css`.
pub fn select_in<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
    el.select(&selector).collect()
}

/// The value of `attr` on every element matching `css` (elements without it
/// are skipped).
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    select(doc, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The one element matching `css`; panics if there is not exactly one.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// The text content of an element.
pub fn text(el: ElementRef<'_>) -> String {
    el.text().collect()
}
