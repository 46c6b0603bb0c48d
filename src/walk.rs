//! Finding the files under a source directory (pages, templates, static
//! files), the same way for all of them: symbolic links are followed while
//! they lead to a place inside the directories allowed, and every link
//! that does not (one that leaves them, one that is broken, a loop) is
//! reported with its path. Nothing is skipped without a word.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// A file found under a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as found (under the directory walked, links not resolved).
    pub path: PathBuf,
    /// The path relative to the directory walked.
    pub relative: PathBuf,
    /// The file itself, links resolved: what to read.
    pub real: PathBuf,
}

/// Every file under `dir`, in file name order, and the problems: links
/// that lead outside all of `inside` (directories; `dir` itself always
/// counts), broken links, link loops and entries that cannot be read. A
/// missing `dir` has no files.
pub fn files(dir: &Path, inside: &[&Path]) -> (Vec<Found>, Diagnostics) {
    let mut found = Vec::new();
    let mut problems = Diagnostics::new();
    if !dir.is_dir() {
        return (found, problems);
    }
    let allowed = match allowed_roots(dir, inside) {
        Ok(allowed) => allowed,
        Err(d) => {
            problems.push(d);
            return (found, problems);
        }
    };
    let mut real_dirs = RealDirs::default();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(walk_problem(dir, e));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let real = match real_dirs.real_path(&entry) {
            Ok(real) => real,
            Err(e) => {
                problems.push(Diagnostic::io(path, "read the file", e));
                continue;
            }
        };
        if !allowed.iter().any(|a| real.starts_with(a)) {
            problems.push(Diagnostic::in_file(
                path,
                format!(
                    "this is a symbolic link to `{}`, outside `{}`: links must stay inside the site (copy the file in instead)",
                    real.display(),
                    dir.display()
                ),
            ));
            continue;
        }
        let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        found.push(Found {
            path: path.to_path_buf(),
            relative,
            real,
        });
    }
    (found, problems)
}

/// Resolves the paths of the files found, resolving each directory once:
/// a file that is not itself a link is, resolved, its directory resolved
/// and its name. (A site's pages share a few directories, and resolving
/// every one of thousands of paths was most of the walk.)
#[derive(Default)]
struct RealDirs {
    /// The last directory resolved, as found and resolved.
    last: Option<(PathBuf, PathBuf)>,
}

impl RealDirs {
    fn real_path(&mut self, entry: &walkdir::DirEntry) -> std::io::Result<PathBuf> {
        let path = entry.path();
        let parent = path.parent().filter(|_| !entry.path_is_symlink());
        let Some(parent) = parent else {
            return fs::canonicalize(path);
        };
        let real_parent = match &self.last {
            Some((dir, real)) if dir == parent => real,
            _ => {
                let real = fs::canonicalize(parent)?;
                &self.last.insert((parent.to_path_buf(), real)).1
            }
        };
        Ok(real_parent.join(entry.file_name()))
    }
}

/// The directories links may lead into, resolved: `inside` (an empty path
/// is the current directory, a site root given as `.`) and `dir` itself.
fn allowed_roots(dir: &Path, inside: &[&Path]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut allowed: Vec<PathBuf> = inside
        .iter()
        .map(|d| dir_or_current(d))
        .filter_map(|d| fs::canonicalize(d).ok())
        .collect();
    let real = fs::canonicalize(dir).map_err(|e| Diagnostic::io(dir, "read the directory", e))?;
    allowed.push(real);
    Ok(allowed)
}

/// `path`, or `.` when it is empty (a site root given as `.` is kept
/// empty, so that messages name `content/a.md`, not `./content/a.md`).
pub fn dir_or_current(path: &Path) -> &Path {
    if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    }
}

/// A relative path written with `/` between its parts, whatever the
/// platform: an output path as a URL path, a template's name.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What went wrong reading an entry: a link loop, a broken link, or an
/// I/O error.
fn walk_problem(dir: &Path, error: walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(dir).to_path_buf();
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::in_file(
            path,
            format!(
                "this symbolic link leads back to `{}`, which holds it: a loop (remove the link)",
                ancestor.display()
            ),
        );
    }
    let broken = error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        && fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if broken {
        let target = fs::read_link(&path).unwrap_or_default();
        return Diagnostic::in_file(
            path,
            format!(
                "this symbolic link is broken: `{}` does not exist",
                target.display()
            ),
        );
    }
    Diagnostic::in_file(path, "cannot read").with_source(error)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_the_others_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let content = root.join("content");
        fs::create_dir_all(content.join("sub")).unwrap();
        fs::create_dir_all(root.join("drafts")).unwrap();
        fs::write(content.join("a.md"), "a").unwrap();
        fs::write(root.join("drafts/b.md"), "b").unwrap();
        fs::write(dir.path().join("secret.md"), "secret").unwrap();
        symlink("../drafts/b.md", content.join("b.md")).unwrap();
        symlink(dir.path().join("secret.md"), content.join("leak.md")).unwrap();
        symlink("missing.md", content.join("broken.md")).unwrap();
        symlink("..", content.join("sub/loop")).unwrap();

        let (found, problems) = files(&content, &[&root]);
        let names: Vec<String> = found
            .iter()
            .map(|f| f.relative.display().to_string())
            .collect();
        assert_eq!(names, ["a.md", "b.md"]);
        assert_eq!(
            found[1].real,
            fs::canonicalize(root.join("drafts/b.md")).unwrap()
        );
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("broken.md") && m.contains("broken"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("leak.md") && m.contains("outside"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("loop") && m.contains("a loop"))
        );

        // Every path as the system resolves it.
        for f in &found {
            assert_eq!(f.real, fs::canonicalize(&f.path).unwrap(), "{f:?}");
        }

        // Only the directory itself allowed: the link to drafts/ leaves it.
        let (found, problems) = files(&content, &[]);
        assert_eq!(found.len(), 1);
        assert!(problems.iter().any(|p| p.to_string().contains("b.md")));
    }

    /// The files of a linked directory are resolved through the link:
    /// followed when it leads inside, each reported when it leads out.
    #[test]
    fn the_files_of_a_linked_directory_are_resolved_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let content = root.join("content");
        fs::create_dir_all(&content).unwrap();
        fs::create_dir_all(root.join("drafts")).unwrap();
        fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        for name in ["c.md", "d.md"] {
            fs::write(root.join("drafts").join(name), name).unwrap();
            fs::write(dir.path().join("elsewhere").join(name), name).unwrap();
        }
        fs::write(content.join("a.md"), "a").unwrap();
        symlink("../drafts", content.join("in")).unwrap();
        symlink(dir.path().join("elsewhere"), content.join("out")).unwrap();

        let (found, problems) = files(&content, &[&root]);
        let names: Vec<String> = found
            .iter()
            .map(|f| f.relative.display().to_string())
            .collect();
        assert_eq!(names, ["a.md", "in/c.md", "in/d.md"]);
        for f in &found {
            assert_eq!(f.real, fs::canonicalize(&f.path).unwrap(), "{f:?}");
        }
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        for name in ["out/c.md", "out/d.md"] {
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains(name) && m.contains("outside")),
                "{name}: {messages:?}"
            );
        }
    }
}
