//! The static files of a site: every file under the theme's `static/` and
//! the site's `static/`, copied to the output at the same path, the site's
//! replacing the theme's file by file. Found once, when the site loads, so
//! that `build`, `check` and `serve` see the same list and the same
//! problems: a symbolic link is followed only while it stays inside its
//! `static/` directory (`static/key -> ~/.ssh/id_ed25519` is an error
//! naming the link, and nothing of it is published).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostics;
use crate::walk;

/// One file to publish as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Where it was found (for messages).
    pub source: PathBuf,
    /// The file to read (links resolved).
    pub real: PathBuf,
    /// Its path in the output.
    pub output: PathBuf,
}

/// Every static file of `dirs` (in override order: theme first, site
/// last), sorted by output path, and the problems found.
pub fn find(dirs: &[PathBuf]) -> (Vec<StaticFile>, Diagnostics) {
    let mut by_output: BTreeMap<PathBuf, StaticFile> = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for dir in dirs {
        // A link must stay inside its own static directory.
        let (found, dir_problems) = walk::files(dir, &[]);
        problems.extend(dir_problems);
        for file in found {
            by_output.insert(
                file.relative.clone(),
                StaticFile {
                    source: file.path,
                    real: file.real,
                    output: file.relative,
                },
            );
        }
    }
    (by_output.into_values().collect(), problems)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn the_site_replaces_the_theme_file_by_file_and_links_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("theme-static");
        let site = dir.path().join("static");
        fs::create_dir_all(theme.join("assets")).unwrap();
        fs::create_dir_all(site.join("assets")).unwrap();
        fs::write(theme.join("assets/style.css"), "theme").unwrap();
        fs::write(theme.join("assets/logo-v2.svg"), "<svg/>").unwrap();
        fs::write(site.join("assets/style.css"), "site").unwrap();
        symlink("assets/logo-v2.svg", theme.join("logo.svg")).unwrap();
        fs::write(dir.path().join("secret.txt"), "private").unwrap();
        symlink(dir.path().join("secret.txt"), site.join("leak.txt")).unwrap();

        let (files, problems) = find(&[theme.clone(), site.clone()]);
        let outputs: Vec<String> = files.iter().map(|f| walk::slash_path(&f.output)).collect();
        assert_eq!(
            outputs,
            ["assets/logo-v2.svg", "assets/style.css", "logo.svg"]
        );
        assert_eq!(files[1].source, site.join("assets/style.css"));
        assert_eq!(fs::read_to_string(&files[2].real).unwrap(), "<svg/>");
        assert_eq!(problems.len(), 1);
        let problem = problems.iter().next().unwrap();
        assert_eq!(problem.path(), Some(site.join("leak.txt").as_path()));
        assert!(problem.to_string().contains("outside"), "{problem}");
    }
}
