//! The shipped brief's citation and discovery metadata, read by the tools
//! that consume it: `tests/metadata/check.py` runs extruct (JSON-LD, Open
//! Graph, Dublin Core), lxml (Highwire Press tags), bibtexparser
//! (`cite.bib`), rispy (`cite.ris`) and frictionless
//! (`data/datapackage.json`) over a build, and checks each field against
//! what this test expects from `config.toml`.
//!
//! It needs Python with those packages: `tests/metadata/.venv` (which
//! `.ci/run` makes from `tests/metadata/requirements.txt`) or the
//! interpreter named by `BRIEF_METADATA_PYTHON`. Without one the check is
//! reported as ignored, saying why (and fails when `CI=true`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use brief::config::{Config, ConfigOverrides};
use brief::site::SiteOptions;
use brief::{BuildOptions, build};
use serde_json::{Value, json};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BRIEF_METADATA_PYTHON").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let venv = repo().join("tests/metadata/.venv/bin/python");
    venv.is_file().then_some(venv)
}

/// What each language's edition must declare, from the configuration.
fn expected(config: &Config) -> Value {
    let base = config.base_url.absolute(&config.base_url.path);
    let publication = config.publication.as_ref().expect("[publication]");
    let default = &config.default_language().code;
    let editions: Vec<Value> = config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let home = format!("{base}{lang}/");
            let publisher = publication.publisher.as_ref().expect("publisher")[lang].clone();
            let license = publication.license.as_ref().map(|l| l.url[lang].clone());
            let pdf = config
                .pdf
                .as_ref()
                .map(|pdf| format!("{base}{lang}/{}.pdf", pdf.name));
            let others: Vec<String> = config
                .languages
                .iter()
                .filter(|l| l.code != lang)
                .map(|l| format!("{base}{}/", l.code))
                .collect();
            let original = (lang != default).then(|| format!("{base}{default}/"));
            json!({
                "lang": lang,
                "base_url": base,
                "title": language.title,
                "language_tag": language.html_lang,
                "og_locale": language.locale,
                "date": publication.date.to_string(),
                "url": home,
                // The shipped brief has no authors: its publisher is its author.
                "authors": [publisher],
                "authors_display": [publisher],
                "publisher": publisher,
                "license_url": license,
                "original": original,
                "translations": if lang == default { others } else { Vec::new() },
                "pdf_url": pdf,
                "pages": {
                    "home": home,
                    "section": format!("{home}goals/"),
                    "indicators": format!("{home}indicators/"),
                },
            })
        })
        .collect();
    json!({ "editions": editions })
}

/// What the check needs and is not here.
pub fn missing_prerequisites() -> Vec<String> {
    match python() {
        Some(_) => Vec::new(),
        None => vec!["no tests/metadata/.venv (python3 -m venv tests/metadata/.venv && tests/metadata/.venv/bin/pip install -r tests/metadata/requirements.txt) and no BRIEF_METADATA_PYTHON".to_string()],
    }
}

/// Builds the shipped brief and runs `tests/metadata/check.py` over it.
pub fn run() {
    let python = python().expect("checked by missing_prerequisites");
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build(&BuildOptions {
        site: SiteOptions {
            root: repo().to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(public.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not build:\n{e}"));
    let config = Config::load(repo(), &ConfigOverrides::default()).unwrap();
    let expected_file = dir.path().join("expected.json");
    std::fs::write(&expected_file, expected(&config).to_string()).unwrap();
    let output = Command::new(&python)
        .arg(repo().join("tests/metadata/check.py"))
        .arg(&public)
        .arg(&expected_file)
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let _ = writeln!(std::io::stderr(), "{}", stdout.trim());
}
