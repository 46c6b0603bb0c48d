//! Finding installed fonts, for everything `brief` draws with them (the
//! PDF edition, the share cards): the families asked for, looked up first
//! in the site's font directories and then among the system's (fontdb
//! reads fontconfig's configuration where there is one). Only those
//! families are kept, so a drawing is set the same way on every machine
//! that has them; a family that is missing is a message saying what to
//! install.

use std::path::{Path, PathBuf};

/// What to look for.
pub struct Wanted<'a> {
    /// Directories searched first, relative to the site root.
    pub dirs: &'a [PathBuf],
    /// Each family, with its key in `[pdf.fonts]`.
    pub families: &'a [(&'static str, &'a str)],
    /// What needs them, for the messages: "the PDF edition needs".
    pub user: &'a str,
    /// How to do without, for the messages: "set `pdf.enabled = false`".
    pub without: &'a str,
}

/// The faces of the wanted families found in their directories (relative
/// to `root`) and the system's fonts (not loaded: fontdb reads a face
/// when it is used), and a problem for each directory that is not one and
/// each family that is not found.
pub fn find(root: &Path, wanted: &Wanted<'_>) -> (fontdb::Database, Vec<String>) {
    let mut problems = Vec::new();
    let mut all = fontdb::Database::new();
    for dir in wanted.dirs {
        let dir = root.join(dir);
        if dir.is_dir() {
            all.load_fonts_dir(&dir);
        } else {
            problems.push(format!(
                "`pdf.fonts.dirs`: `{}` is not a directory",
                dir.display()
            ));
        }
    }
    all.load_system_fonts();
    let is_wanted = |name: &str| {
        wanted
            .families
            .iter()
            .any(|(_, f)| f.eq_ignore_ascii_case(name))
    };
    let mut kept = fontdb::Database::new();
    for face in all.faces() {
        if face.families.iter().any(|(name, _)| is_wanted(name)) {
            kept.push_face_info(face.clone());
        }
    }
    for (key, family) in wanted.families {
        let found = kept.faces().any(|f| {
            f.families
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(family))
        });
        if !found {
            problems.push(missing(key, family, wanted));
        }
    }
    (kept, problems)
}

/// The message for a family that is not installed, saying what to install.
fn missing(key: &str, family: &str, wanted: &Wanted<'_>) -> String {
    let package = if family.contains("CJK") {
        "on Debian and Ubuntu `apt-get install fonts-noto-cjk`; elsewhere Noto CJK from https://github.com/notofonts/noto-cjk"
    } else if family.starts_with("Noto") {
        "on Debian and Ubuntu `apt-get install fonts-noto-core`; elsewhere https://notofonts.github.io"
    } else if family.starts_with("DejaVu") {
        "on Debian and Ubuntu `apt-get install fonts-dejavu-core`; elsewhere https://dejavu-fonts.github.io"
    } else {
        "install it, or put its files in a directory listed in `pdf.fonts.dirs`"
    };
    format!(
        "{} the font family `{family}` (`pdf.fonts.{key}`), which is not installed: {package}; or name another family in `[pdf.fonts]`, or {}",
        wanted.user, wanted.without
    )
}
