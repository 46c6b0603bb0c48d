//! Atomic output: a build writes into a staging directory beside the output
//! directory and swaps it in only when everything succeeded. A failed build
//! drops the staging directory and leaves the previous output untouched.
//!
//! Nothing that `brief` did not write is ever deleted: every output carries
//! a [`MARKER`] file, and a non-empty directory without one is never
//! replaced ([`Staging::new`] refuses it); [`check_location`] refuses an
//! output that would replace the site root or its sources. A staging
//! directory left by a process that died without cleaning up (SIGKILL, an
//! abort) is named after that process and removed by the next build beside
//! it.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tempfile::TempDir;

use crate::diagnostic::{Diagnostic, Result};

/// The file every output directory `brief` writes holds, so that it can
/// tell its own output (which it may replace) from anything else (which it
/// never deletes).
pub const MARKER: &str = ".brief-output";

/// What the marker says to a person who finds it.
const MARKER_TEXT: &str = "This directory was written by `brief build`, which replaces all of it \
on the next build: keep no other files here.\n";

/// Refuses an output directory that would replace the site or its
/// sources: the site root itself, a directory that holds it, or one of
/// `protected` (directory names under the root: `content`, `.git`, ...)
/// or a directory inside one. Paths are compared once resolved (links
/// followed, `..` applied), so `content/../content` and a link to the
/// root are caught too.
pub fn check_location(output: &Path, root: &Path, protected: &[&str]) -> Result<(), Diagnostic> {
    let target = resolved(output);
    let site = resolved(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    });
    let advice = "choose a directory of its own, such as public/ (the default)";
    let problem = if target == site {
        Some(format!(
            "this is the site root: building here would replace the whole site, sources included; {advice}"
        ))
    } else if site.starts_with(&target) {
        Some(format!(
            "this directory holds the site root ({}): building here would replace it, sources included; {advice}",
            site.display()
        ))
    } else {
        protected
            .iter()
            .find(|dir| target.starts_with(site.join(dir)))
            .map(|dir| {
                format!("this is the site's `{dir}/` directory or lies inside it: building here would replace sources; {advice}")
            })
    };
    match problem {
        Some(message) => Err(Diagnostic::in_file(output, format!("--output: {message}"))),
        None => Ok(()),
    }
}

/// `path` made absolute, with the part that exists resolved by the file
/// system (links followed) and the rest's `.` and `..` applied.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let components: Vec<Component<'_>> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        if let Ok(mut real) = fs::canonicalize(&prefix) {
            for component in &components[split..] {
                match component {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::CurDir => {}
                    other => real.push(other),
                }
            }
            return real;
        }
    }
    absolute
}

/// Whether `output` may be replaced: it does not exist, or it is an empty
/// directory, or one that `brief` wrote (it has the [`MARKER`]).
fn check_replaceable(output: &Path) -> Result<(), Diagnostic> {
    let Ok(metadata) = fs::metadata(output) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err(Diagnostic::in_file(
            output,
            "the output path exists and is not a directory",
        ));
    }
    if output.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries =
        fs::read_dir(output).map_err(|e| Diagnostic::io(output, "read the output directory", e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    Err(Diagnostic::in_file(
        output,
        format!(
            "this directory is not empty and brief did not write it (it has no `{MARKER}` file), \
             so brief will not replace it: that would delete what it holds. Build into a new or \
             empty directory with --output, or move its files away first"
        ),
    ))
}

/// A directory being filled with a new build of the site.
pub struct Staging {
    final_dir: PathBuf,
    temp: TempDir,
    /// Files written (each output path is written once).
    written: AtomicUsize,
}

impl Staging {
    /// Creates a staging directory beside `output` (holding only the
    /// marker), after checking that `output` may be replaced.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(output)?;
        let parent = parent_dir(output);
        fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io(&parent, "create output's parent directory", e))?;
        remove_stale(&parent, &dir_name(output));
        let temp = tempfile::Builder::new()
            .prefix(&owned_prefix(output, "tmp"))
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::io(&parent, "create staging directory", e))?;
        let staging = Staging {
            final_dir: output.to_path_buf(),
            temp,
            written: AtomicUsize::new(0),
        };
        staging.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The staging directory's path.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Writes `bytes` to `relative` (a path inside the output), creating
    /// parent directories.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.temp.path().join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, "create directory", e))?;
        }
        fs::write(&target, bytes).map_err(|e| Diagnostic::io(&target, "write file", e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Counts the files written so far.
    pub fn file_count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Replaces the output directory with the staging directory. The old
    /// output is moved aside first and removed only after the new one is
    /// in place.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
        // The marker goes last, so no file of the site can replace it.
        self.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        let final_dir = self.final_dir;
        let staged = self.temp.keep();
        let parent = parent_dir(&final_dir);
        let old = if final_dir.exists() {
            if !final_dir.is_dir() {
                let _ = fs::remove_dir_all(&staged);
                return Err(Diagnostic::in_file(
                    &final_dir,
                    "the output path exists and is not a directory",
                ));
            }
            let aside = tempfile::Builder::new()
                .prefix(&owned_prefix(&final_dir, "old"))
                .tempdir_in(&parent)
                .map_err(|e| Diagnostic::io(&parent, "create directory", e))?
                .keep();
            // `aside` exists (empty); rename needs the target gone.
            fs::remove_dir(&aside).map_err(|e| Diagnostic::io(&aside, "remove directory", e))?;
            if let Err(e) = fs::rename(&final_dir, &aside) {
                let _ = fs::remove_dir_all(&staged);
                return Err(Diagnostic::io(
                    &final_dir,
                    "move the previous output aside",
                    e,
                ));
            }
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(&staged, &final_dir) {
            // Put the previous output back so nothing is lost.
            if let Some(old) = &old {
                let _ = fs::rename(old, &final_dir);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(Diagnostic::io(
                &final_dir,
                "move the new output in place",
                e,
            ));
        }
        if let Some(old) = old {
            fs::remove_dir_all(&old)
                .map_err(|e| Diagnostic::io(&old, "remove the previous output", e))?;
        }
        Ok(final_dir)
    }
}

/// The name prefix of this process's staging (`kind` `tmp`) and
/// set-aside (`old`) directories for `output`: `.public.tmp-4242-`.
fn owned_prefix(output: &Path, kind: &str) -> String {
    format!(".{}.{kind}-{}-", dir_name(output), std::process::id())
}

/// Removes the staging and set-aside directories for output `name` in
/// `parent` that a process which no longer runs left behind (killed, or
/// aborted before it could clean up): those named after a dead process
/// that hold the marker. Nothing else is touched.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(owner) = stale_owner(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !process_runs(owner) && path.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// The process id in a name made by [`owned_prefix`] for output `name`.
fn stale_owner(file_name: &str, name: &str) -> Option<u32> {
    ["tmp", "old"].iter().find_map(|kind| {
        let rest = file_name.strip_prefix(&format!(".{name}.{kind}-"))?;
        rest.split_once('-')?.0.parse().ok()
    })
}

/// Whether process `pid` runs (or might: anything but a clear "no such
/// process" counts as running, so nothing is removed in doubt).
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; kill only checks that the process
    // exists and may be signalled.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    true
}

/// The directory that holds `path` (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn dir_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "public".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/stale.html"), "stale").unwrap();
        fs::write(out.join(MARKER), "from an earlier build").unwrap();

        let staging = Staging::new(&out).unwrap();
        staging.write(Path::new("zh/index.html"), b"new").unwrap();
        assert_eq!(staging.file_count(), 2, "the page and the marker");
        staging.commit().unwrap();

        assert_eq!(
            fs::read_to_string(out.join("zh/index.html")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    #[test]
    fn a_directory_brief_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        fs::create_dir_all(&docs).unwrap();
        // Empty: fine.
        Staging::new(&docs).unwrap();
        fs::write(docs.join("notes.md"), "mine").unwrap();
        let err = Staging::new(&docs).err().expect("refused").to_string();
        assert!(err.contains(MARKER) && err.contains("--output"), "{err}");
        assert_eq!(fs::read_to_string(docs.join("notes.md")).unwrap(), "mine");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no staging directory was made");
    }

    #[test]
    fn outputs_that_would_replace_the_site_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for sub in ["content/sub", "static", ".git"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        let protected = ["content", "static", ".git"];
        for (output, expected) in [
            (root.clone(), "the site root"),
            (root.join("."), "the site root"),
            (root.join("content/.."), "the site root"),
            (dir.path().to_path_buf(), "holds the site root"),
            (root.join("content"), "`content/`"),
            (root.join("content/sub/new"), "`content/`"),
            (root.join("public/../static"), "`static/`"),
            (root.join(".git"), "`.git/`"),
        ] {
            let err = check_location(&output, &root, &protected)
                .expect_err(&output.display().to_string())
                .to_string();
            assert!(err.contains(expected), "{}: {err}", output.display());
        }
        for fine in [
            root.join("public"),
            root.join("docs"),
            dir.path().join("out"),
        ] {
            check_location(&fine, &root, &protected).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn staging_left_by_a_dead_process_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A process id that is not running: a child that has exited.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let make = |name: &str, marker: bool| {
            let path = dir.path().join(name);
            fs::create_dir_all(&path).unwrap();
            if marker {
                fs::write(path.join(MARKER), "x").unwrap();
            }
            path
        };
        let stale = make(&format!(".public.tmp-{dead}-abc"), true);
        let stale_old = make(&format!(".public.old-{dead}-abc"), true);
        let foreign = make(&format!(".public.tmp-{dead}-def"), false);
        let live = make(&format!(".public.tmp-{}-ghi", std::process::id()), true);
        let other_output = make(&format!(".docs.tmp-{dead}-abc"), true);
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        assert!(!stale.exists() && !stale_old.exists());
        assert!(foreign.exists(), "no marker: not brief's");
        assert!(live.exists(), "its process runs");
        assert!(other_output.exists(), "another output's");
        drop(staging);
    }

    #[test]
    fn dropping_staging_leaves_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "previous").unwrap();
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write(Path::new("index.html"), b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
