//! `brief init DIR`: writes a new, minimal bilingual brief that builds as it
//! is: `config.toml`, a home page and one example section in Chinese and
//! English, a data file with one source and one indicator, and a copy of the
//! default theme.
//!
//! Everything it writes is compiled into the binary, so `brief init` works
//! without the repository at hand:
//!
//! - the starter site comes from `starter/` in the repository ([`STARTER`]);
//! - the theme comes from `themes/default/` ([`THEME`]), written to
//!   `themes/default/` in the new site.
//!
//! Both lists name every file explicitly (`include_bytes!`), so a changed
//! file is picked up by the next compile and a removed one fails it. A file
//! added to either directory must be added to its list here too: the tests
//! in `tests/it/init.rs` compare both lists, file by file and byte by byte,
//! with the directories on disk and fail until it is.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The theme `brief init` copies into a new site, and that its
/// `config.toml` names.
pub const THEME_NAME: &str = "default";

/// One file compiled into the binary: its path relative to the directory it
/// came from (always with `/` separators) and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// Path relative to the embedded directory: `content/_index.zh.md`.
    pub path: &'static str,
    /// The file's contents.
    pub bytes: &'static [u8],
}

/// Embeds the listed files of a directory (relative to the crate root).
macro_rules! embed_dir {
    ($dir:literal: $($path:literal),+ $(,)?) => {
        &[$(EmbeddedFile {
            path: $path,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, "/", $path)),
        }),+]
    };
}

/// The repository directory the starter site is embedded from.
pub const STARTER_DIR: &str = "starter";

/// The starter site, from `starter/`: written at the root of the new site.
pub const STARTER: &[EmbeddedFile] = embed_dir!("starter":
    ".github/workflows/pages.yml",
    ".gitignore",
    "config.toml",
    "content/_index.en.md",
    "content/_index.zh.md",
    "content/example.en.md",
    "content/example.zh.md",
    "content/indicators.toml",
);

/// The repository directory the theme is embedded from.
pub const THEME_DIR: &str = "themes/default";

/// The default theme, from `themes/default/`: written to `themes/default/`
/// in the new site.
pub const THEME: &[EmbeddedFile] = embed_dir!("themes/default":
    "README.md",
    "i18n/en.toml",
    "i18n/zh.toml",
    "pdf/charts.css",
    "pdf/edition.typ",
    "static/assets/charts.css",
    "static/assets/favicon.svg",
    "static/assets/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/index.html",
    "templates/indicators.html",
    "templates/macros.html",
    "templates/page.html",
    "templates/partials/citation_meta.html",
    "templates/partials/cite.html",
    "templates/partials/dateline.html",
    "templates/partials/pager.html",
    "templates/partials/language_switcher.html",
    "templates/partials/site_nav.html",
);

/// The starter's GitHub Pages workflow: it installs the release of `brief`
/// that wrote it (a pinned binary, no compiling), builds with the Pages
/// URL and deploys. `brief init --no-workflow` leaves it out.
pub const WORKFLOW: &str = ".github/workflows/pages.yml";

/// What `brief init` is asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's root: a new or empty directory.
    pub dir: PathBuf,
    /// Whether to write [`WORKFLOW`].
    pub workflow: bool,
}

/// Every file `init` writes: its path relative to the new site's root (with
/// `/` separators) and its bytes, starter files first, then the theme;
/// the workflow only with `workflow`.
pub fn files(workflow: bool) -> impl Iterator<Item = (String, &'static [u8])> {
    let starter = STARTER
        .iter()
        .filter(move |f| workflow || f.path != WORKFLOW)
        .map(|f| (f.path.to_string(), f.bytes));
    let theme = THEME
        .iter()
        .map(|f| (format!("themes/{THEME_NAME}/{}", f.path), f.bytes));
    starter.chain(theme)
}

/// What `init` wrote.
#[derive(Debug, Clone)]
pub struct InitSummary {
    /// The new site's root, as given.
    pub root: PathBuf,
    /// Every file written, relative to `root`, in the order written.
    pub files: Vec<PathBuf>,
}

impl fmt::Display for InitSummary {
    /// A few lines for the terminal: where the site is, the files written
    /// (the theme as one line), and the command that builds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let root = self.root.display();
        writeln!(
            f,
            "Created a new brief in {root} ({} files):",
            self.files.len()
        )?;
        let theme_dir = Path::new("themes").join(THEME_NAME);
        let mut theme_files = 0;
        for file in &self.files {
            if file.starts_with(&theme_dir) {
                theme_files += 1;
            } else {
                writeln!(f, "  {}", file.display())?;
            }
        }
        if theme_files > 0 {
            writeln!(
                f,
                "  {}/ (the default theme, {theme_files} files)",
                theme_dir.display()
            )?;
        }
        write!(
            f,
            "Next: set `base_url` in {} and build with `brief build --root {root}`",
            self.root.join(crate::config::CONFIG_FILE).display()
        )?;
        if self.files.iter().any(|p| p == Path::new(WORKFLOW)) {
            write!(
                f,
                "\nOn GitHub, {WORKFLOW} publishes it on Pages with brief {} \
                 (Settings → Pages → Source: GitHub Actions)",
                env!("CARGO_PKG_VERSION")
            )?;
        }
        Ok(())
    }
}

/// Writes a new brief into `dir`, creating it (and its parents) if it does
/// not exist.
///
/// `dir` must be missing or an empty directory: anything else is refused
/// with an error naming `dir`, before anything is written. Files are
/// created with `create_new`, so nothing is ever overwritten; if writing
/// fails half-way, the files and directories written so far are removed
/// again (best effort) and the error names the path that failed.
pub fn init(options: &InitOptions) -> Result<InitSummary, Diagnostics> {
    let dir = options.dir.as_path();
    check_target(dir)?;
    let mut written = Written::default();
    match write_all(dir, options.workflow, &mut written) {
        Ok(()) => Ok(InitSummary {
            root: dir.to_path_buf(),
            files: written
                .files
                .iter()
                .map(|p| p.strip_prefix(dir).unwrap_or(p).to_path_buf())
                .collect(),
        }),
        Err(problem) => {
            written.undo();
            Err(problem.into())
        }
    }
}

/// Refuses a `dir` that exists and is not an empty directory.
fn check_target(dir: &Path) -> Result<(), Diagnostic> {
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(Diagnostic::in_file(
            dir,
            "already exists and is not a directory; `brief init` needs a new or empty directory",
        )),
        Ok(_) => {
            let mut entries =
                fs::read_dir(dir).map_err(|e| Diagnostic::io(dir, "read directory", e))?;
            match entries.next() {
                None => Ok(()),
                Some(Ok(_)) => Err(Diagnostic::in_file(
                    dir,
                    "directory is not empty; `brief init` writes only into a new or empty \
                     directory, so that it never overwrites or mixes with existing files",
                )),
                Some(Err(e)) => Err(Diagnostic::io(dir, "read directory", e)),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::io(dir, "inspect directory", e)),
    }
}

/// The files and directories `init` created, so a failure can remove them.
#[derive(Default)]
struct Written {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Written {
    /// Creates `dir` and any missing parents, remembering each one created.
    fn create_dir(&mut self, dir: &Path) -> Result<(), Diagnostic> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|a| !a.is_dir()).collect();
        for path in missing.into_iter().rev() {
            if path.as_os_str().is_empty() {
                continue;
            }
            match fs::create_dir(path) {
                Ok(()) => self.dirs.push(path.to_path_buf()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
                Err(e) => return Err(Diagnostic::io(path, "create directory", e)),
            }
        }
        Ok(())
    }

    /// Writes a new file; an existing file is an error, never overwritten.
    fn create_file(&mut self, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| Diagnostic::io(path, "create file", e))?;
        self.files.push(path.to_path_buf());
        file.write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(|e| Diagnostic::io(path, "write file", e))
    }

    /// Removes what was created, files first, then directories innermost
    /// first; a directory that is not empty (someone else wrote into it)
    /// stays.
    fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = fs::remove_file(file);
        }
        let mut dirs = self.dirs;
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in dirs {
            let _ = fs::remove_dir(dir);
        }
    }
}

fn write_all(dir: &Path, workflow: bool, written: &mut Written) -> Result<(), Diagnostic> {
    written.create_dir(dir)?;
    for (relative, bytes) in files(workflow) {
        let path = relative
            .split('/')
            .fold(dir.to_path_buf(), |p, c| p.join(c));
        if let Some(parent) = path.parent() {
            written.create_dir(parent)?;
        }
        written.create_file(&path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_unique_and_slash_separated() {
        let mut seen = std::collections::BTreeSet::new();
        for (path, _) in files(true) {
            assert!(!path.starts_with('/') && !path.contains('\\'), "{path}");
            assert!(
                !path.split('/').any(|c| c.is_empty() || c == ".."),
                "{path}"
            );
            assert!(seen.insert(path.clone()), "{path} listed twice");
        }
    }

    #[test]
    fn the_starter_config_names_the_embedded_theme() {
        let config = STARTER
            .iter()
            .find(|f| f.path == crate::config::CONFIG_FILE)
            .expect("starter config.toml");
        let text = std::str::from_utf8(config.bytes).unwrap();
        assert!(
            text.contains(&format!("theme = \"{THEME_NAME}\"")),
            "{text}"
        );
    }

    /// The workflow pins the release of the brief that writes it, from the
    /// repository Cargo.toml names: a version bump that forgets the starter
    /// fails here.
    #[test]
    fn the_workflow_pins_this_release_from_this_repository() {
        let workflow = STARTER
            .iter()
            .find(|f| f.path == WORKFLOW)
            .expect("workflow");
        let text = std::str::from_utf8(workflow.bytes).unwrap();
        let version = format!("BRIEF_VERSION: \"{}\"\n", env!("CARGO_PKG_VERSION"));
        let repository = format!("BRIEF_REPOSITORY: {}\n", env!("CARGO_PKG_REPOSITORY"));
        assert!(text.contains(&version), "no {version:?} in {WORKFLOW}");
        assert!(
            text.contains(&repository),
            "no {repository:?} in {WORKFLOW}"
        );
        assert_eq!(files(false).count() + 1, files(true).count());
        assert!(files(false).all(|(path, _)| path != WORKFLOW));
    }

    #[test]
    fn a_file_in_the_way_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("site");
        fs::write(&file, "x").unwrap();
        let options = InitOptions {
            dir: file.clone(),
            workflow: true,
        };
        let err = init(&options).unwrap_err().to_string();
        assert!(err.starts_with(&file.display().to_string()), "{err}");
        assert!(err.contains("not a directory"), "{err}");
    }

    #[test]
    fn a_failed_write_removes_what_was_written() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("new/site");
        let mut written = Written::default();
        written.create_dir(&root.join("content")).unwrap();
        written
            .create_file(&root.join("content/a.md"), b"a")
            .unwrap();
        // A second create of the same file fails instead of overwriting it.
        let err = written
            .create_file(&root.join("content/a.md"), b"b")
            .unwrap_err();
        assert!(err.to_string().contains("a.md"), "{err}");
        assert_eq!(fs::read(root.join("content/a.md")).unwrap(), b"a");
        written.undo();
        assert!(!temp.path().join("new").exists());
        assert!(temp.path().is_dir());
    }
}
