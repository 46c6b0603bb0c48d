//! Atomic output: a build writes into a staging directory beside the output
//! directory and swaps it in only when everything succeeded. A failed build
//! drops the staging directory and leaves the previous output untouched.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Result};

/// A directory being filled with a new build of the site.
pub struct Staging {
    final_dir: PathBuf,
    temp: TempDir,
}

impl Staging {
    /// Creates an empty staging directory beside `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = parent_dir(output);
        fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io(&parent, "create output's parent directory", e))?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{}.tmp-", dir_name(output)))
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::io(&parent, "create staging directory", e))?;
        Ok(Staging {
            final_dir: output.to_path_buf(),
            temp,
        })
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
        fs::write(&target, bytes).map_err(|e| Diagnostic::io(&target, "write file", e))
    }

    /// Copies every file under `source` (if it exists) into the output at
    /// the same relative path, replacing files already there.
    ///
    /// Symbolic links are followed, so the output never contains one, but
    /// only while they stay inside `source`: a file that resolves to a place
    /// outside it (`static/key -> ~/.ssh/id_ed25519`) is an error naming the
    /// link, and nothing of it is copied.
    pub fn copy_tree(&self, source: &Path) -> Result<(), Diagnostic> {
        if !source.is_dir() {
            return Ok(());
        }
        let inside = fs::canonicalize(source)
            .map_err(|e| Diagnostic::io(source, "read static directory", e))?;
        for entry in WalkDir::new(source).follow_links(true) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(source).to_path_buf();
                Diagnostic::in_file(path, "cannot read static directory").with_source(e)
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let real = fs::canonicalize(entry.path())
                .map_err(|e| Diagnostic::io(entry.path(), "read static file", e))?;
            if !real.starts_with(&inside) {
                return Err(Diagnostic::in_file(
                    entry.path(),
                    format!(
                        "this static file is a symbolic link to `{}`, outside `{}`; static files must stay inside their directory (copy the file in instead)",
                        real.display(),
                        source.display()
                    ),
                ));
            }
            let relative = entry.path().strip_prefix(source).unwrap_or(entry.path());
            let target = self.temp.path().join(relative);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, "create directory", e))?;
            }
            fs::copy(&real, &target)
                .map_err(|e| Diagnostic::io(entry.path(), "copy static file", e))?;
        }
        Ok(())
    }

    /// Counts the files written so far.
    pub fn file_count(&self) -> usize {
        WalkDir::new(self.temp.path())
            .into_iter()
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    }

    /// Replaces the output directory with the staging directory. The old
    /// output is moved aside first and removed only after the new one is
    /// in place.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
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
                .prefix(&format!(".{}.old-", dir_name(&final_dir)))
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

        let staging = Staging::new(&out).unwrap();
        staging.write(Path::new("zh/index.html"), b"new").unwrap();
        assert_eq!(staging.file_count(), 1);
        staging.commit().unwrap();

        assert_eq!(
            fs::read_to_string(out.join("zh/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    #[cfg(unix)]
    #[test]
    fn copy_tree_follows_links_that_stay_inside() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("static");
        fs::create_dir_all(source.join("assets")).unwrap();
        fs::write(source.join("assets/logo-v2.svg"), "<svg/>").unwrap();
        symlink("assets/logo-v2.svg", source.join("logo.svg")).unwrap();
        symlink("assets", source.join("latest")).unwrap();

        let staging = Staging::new(&dir.path().join("public")).unwrap();
        staging.copy_tree(&source).unwrap();
        for copied in ["logo.svg", "latest/logo-v2.svg", "assets/logo-v2.svg"] {
            let path = staging.path().join(copied);
            let meta = fs::symlink_metadata(&path).unwrap();
            assert!(meta.file_type().is_file(), "{copied} is a plain file");
            assert_eq!(fs::read_to_string(&path).unwrap(), "<svg/>");
        }
        assert!(!staging.path().join("latest").is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn copy_tree_refuses_links_that_leave_the_directory() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        fs::write(&secret, "private").unwrap();
        fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        fs::write(dir.path().join("elsewhere/key"), "private").unwrap();

        // A file link and a directory link, each pointing outside `static/`.
        for (name, target) in [
            ("leak.txt", secret.clone()),
            ("dir", dir.path().join("elsewhere")),
        ] {
            let source = dir.path().join(format!("static-{name}"));
            fs::create_dir_all(&source).unwrap();
            fs::write(source.join("ok.css"), "ok").unwrap();
            symlink(&target, source.join(name)).unwrap();

            let staging = Staging::new(&dir.path().join("public")).unwrap();
            let err = staging.copy_tree(&source).unwrap_err();
            let message = err.to_string();
            assert!(
                err.path().unwrap().starts_with(source.join(name)),
                "names the link: {message}"
            );
            assert!(message.contains("outside"), "{message}");
            let leaked = WalkDir::new(staging.path())
                .into_iter()
                .filter_map(std::result::Result::ok)
                .filter(|e| e.file_type().is_file())
                .any(|e| fs::read_to_string(e.path()).unwrap_or_default() == "private");
            assert!(!leaked, "nothing outside the directory is copied");
        }
    }

    #[test]
    fn dropping_staging_leaves_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "previous").unwrap();
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
