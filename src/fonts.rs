//! Finding installed fonts, for everything `brief` draws with them (the
//! PDF edition, the share cards): the families asked for, looked up first
//! in the site's font directories and then among the system's (fontdb
//! reads fontconfig's configuration where there is one). Only those
//! families are kept, so a drawing is set the same way on every machine
//! that has them; a family that is missing is a message saying what to
//! install.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

/// The fonts installed, scanned once per build: the PDF edition and the
/// share cards take their families from the same scan, and the preview
/// keeps it between rebuilds. A scan that left a problem (a family not
/// found, a directory that is not one) is forgotten, so installing the
/// font fixes the next build.
#[derive(Debug, Default)]
pub struct Installed {
    scan: Mutex<Option<Scan>>,
}

/// Every face in some directories and the system's, not loaded (fontdb
/// reads a face when it is used).
#[derive(Debug)]
struct Scan {
    dirs: Vec<PathBuf>,
    faces: Arc<fontdb::Database>,
    problems: Vec<String>,
}

impl Installed {
    /// The faces in `dirs` and the system's, with a problem for each
    /// directory that is not one, and whether they were scanned now: the
    /// last scan's if it was of the same directories (a caller that comes
    /// while another scans waits for it).
    fn all(&self, dirs: &[PathBuf]) -> (Arc<fontdb::Database>, Vec<String>, bool) {
        let mut kept = self.scan.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(scan) = kept.as_ref()
            && scan.dirs == dirs
        {
            return (scan.faces.clone(), scan.problems.clone(), false);
        }
        let scan = Scan::of(dirs);
        let found = (scan.faces.clone(), scan.problems.clone(), true);
        *kept = Some(scan);
        found
    }

    fn forget(&self) {
        *self.scan.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Scan {
    fn of(dirs: &[PathBuf]) -> Scan {
        let mut problems = Vec::new();
        let mut faces = fontdb::Database::new();
        for dir in dirs {
            if dir.is_dir() {
                faces.load_fonts_dir(dir);
            } else {
                problems.push(format!(
                    "`pdf.fonts.dirs`: `{}` is not a directory",
                    dir.display()
                ));
            }
        }
        faces.load_system_fonts();
        Scan {
            dirs: dirs.to_vec(),
            faces: Arc::new(faces),
            problems,
        }
    }
}

/// The faces of the wanted families found in their directories (relative
/// to `root`) and the system's fonts (from `installed`'s scan, scanned
/// again when a family is missing from an earlier one: it may have been
/// installed since), and a problem for each directory that is not one and
/// each family that is not found.
pub fn find(
    installed: &Installed,
    root: &Path,
    wanted: &Wanted<'_>,
) -> (fontdb::Database, Vec<String>) {
    let dirs: Vec<PathBuf> = wanted.dirs.iter().map(|dir| root.join(dir)).collect();
    let (all, dir_problems, fresh) = installed.all(&dirs);
    let (mut kept, mut problems) = select(&all, dir_problems, wanted);
    if !problems.is_empty() && !fresh {
        installed.forget();
        let (all, dir_problems, _) = installed.all(&dirs);
        (kept, problems) = select(&all, dir_problems, wanted);
    }
    if !problems.is_empty() {
        installed.forget();
    }
    share(&mut kept);
    (kept, problems)
}

/// Maps each file of `faces` into memory once, for all its faces and
/// every use: otherwise fontdb maps, parses and unmaps the file each
/// time a face is drawn (for a share card, once per glyph), and Typst
/// copies each file whole into memory. A file that cannot be mapped is
/// left to be opened when it is used.
fn share(faces: &mut fontdb::Database) {
    let ids: Vec<fontdb::ID> = faces.faces().map(|face| face.id).collect();
    for id in ids {
        // SAFETY: a mapping's bytes can change under it if another
        // process rewrites the file in place. fontdb maps these same
        // files whenever a face is used, so this adds no such exposure;
        // package managers replace a font by renaming a new file over
        // it, which leaves the mapping as it was.
        unsafe {
            faces.make_shared_face_data(id);
        }
    }
}

/// The faces of `all` in the wanted families, and `problems` with one
/// more for each family that has none.
fn select(
    all: &fontdb::Database,
    mut problems: Vec<String>,
    wanted: &Wanted<'_>,
) -> (fontdb::Database, Vec<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted<'a>(dirs: &'a [PathBuf], families: &'a [(&'static str, &'a str)]) -> Wanted<'a> {
        Wanted {
            dirs,
            families,
            user: "the test needs",
            without: "do without",
        }
    }

    #[test]
    fn one_scan_serves_every_caller_of_a_build() {
        let installed = Installed::default();
        let (first, _, fresh) = installed.all(&[]);
        assert!(fresh);
        let (second, _, fresh) = installed.all(&[]);
        assert!(
            Arc::ptr_eq(&first, &second) && !fresh,
            "the fonts were scanned twice"
        );
        let other = [PathBuf::from("/no/such/fonts")];
        let (third, problems, _) = installed.all(&other);
        assert!(!Arc::ptr_eq(&first, &third), "other directories, same scan");
        assert!(problems[0].contains("/no/such/fonts"), "{problems:?}");
    }

    #[test]
    fn each_font_file_found_is_mapped_once_for_all_its_faces() {
        let installed = Installed::default();
        // Two faces of each Noto Sans CJK collection, and Noto Sans's files.
        let families = [
            ("cjk_sans", "Noto Sans CJK SC"),
            ("cjk_serif", "Noto Sans CJK JP"),
            ("sans", "Noto Sans"),
        ];
        let (faces, problems) = find(&installed, Path::new("."), &wanted(&[], &families));
        assert!(problems.is_empty(), "{problems:?}");
        let mut maps: Vec<(PathBuf, *const u8)> = Vec::new();
        for face in faces.faces() {
            let fontdb::Source::SharedFile(path, data) = &face.source else {
                panic!("{:?} is not mapped", face.source);
            };
            let map = (*data).as_ref().as_ref().as_ptr();
            match maps.iter().find(|(p, _)| p == path) {
                Some((_, other)) => assert_eq!(*other, map, "{path:?} mapped twice"),
                None => maps.push((path.clone(), map)),
            }
        }
        assert!(
            faces.faces().count() > maps.len(),
            "no collection with several faces was found: {maps:?}"
        );
    }

    /// A copy of the installed Noto Sans Regular renamed `family` (nine
    /// characters, like "Noto Sans"): its name table's strings replaced in
    /// place, in UTF-16 and in ASCII, so it is a family no system has.
    fn renamed_noto_sans(family: &str) -> Vec<u8> {
        assert_eq!(family.len(), "Noto Sans".len());
        let (faces, problems) = find(
            &Installed::default(),
            Path::new("."),
            &wanted(&[], &[("sans", "Noto Sans")]),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let regular = faces
            .faces()
            .find(|face| {
                face.weight == fontdb::Weight::NORMAL && face.style == fontdb::Style::Normal
            })
            .expect("Noto Sans Regular is installed");
        let fontdb::Source::SharedFile(path, _) = &regular.source else {
            panic!("{:?} is not mapped", regular.source);
        };
        let mut bytes = std::fs::read(path).unwrap();
        let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
        for (from, to) in [
            (utf16("Noto Sans"), utf16(family)),
            (b"Noto Sans".to_vec(), family.as_bytes().to_vec()),
        ] {
            let mut at = 0;
            while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
                let start = at + found;
                bytes[start..start + to.len()].copy_from_slice(&to);
                at = start + to.len();
            }
        }
        bytes
    }

    #[test]
    fn a_font_installed_after_a_kept_scan_is_found() {
        let installed = Installed::default();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("fonts")).unwrap();
        let dirs = [PathBuf::from("fonts")];
        let (_, problems) = find(&installed, root.path(), &wanted(&dirs, &[]));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            installed.scan.lock().unwrap().is_some(),
            "the scan was not kept"
        );
        let font = root.path().join("fonts/BrieSans-Regular.ttf");
        std::fs::write(&font, renamed_noto_sans("Brie Sans")).unwrap();
        let families = [("sans", "Brie Sans")];
        let (faces, problems) = find(&installed, root.path(), &wanted(&dirs, &families));
        assert!(
            problems.is_empty(),
            "the new font was not found: {problems:?}"
        );
        let found: Vec<_> = faces.faces().map(|face| face.families.clone()).collect();
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|names| names.iter().any(|(name, _)| name == "Brie Sans")),
            "{found:?}"
        );
    }

    #[test]
    fn a_scan_that_lacked_a_family_is_forgotten() {
        let installed = Installed::default();
        let (_, problems) = find(&installed, Path::new("."), &wanted(&[], &[]));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(installed.scan.lock().unwrap().is_some());
        let (_, problems) = find(
            &installed,
            Path::new("."),
            &wanted(&[], &[("sans", "No Such Family Anywhere")]),
        );
        assert!(
            problems[0].contains("`No Such Family Anywhere` (`pdf.fonts.sans`)"),
            "{problems:?}"
        );
        assert!(
            installed.scan.lock().unwrap().is_none(),
            "installing the font would not fix the next build"
        );
    }
}
