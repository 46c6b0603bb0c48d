//! The fonts of the PDF edition: the families `[pdf.fonts]` names, found
//! in the site's font directories and then the system's (through fontdb,
//! which reads fontconfig's configuration where there is one). Only those
//! families are handed to Typst, so the PDF is set the same way on every
//! machine that has them, and one that lacks one is an error naming what
//! to install, never a page of missing glyphs.

use std::path::Path;

use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

use crate::config::PdfFonts;

/// The fonts found for the edition, loaded on first use.
pub struct Fonts {
    store: FontStore,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.store.book().families().count())
            .finish()
    }
}

impl Fonts {
    /// Finds every family of `wanted`: first in its `dirs` (relative to
    /// `root`), then among the system's fonts. The problems are about
    /// `[pdf.fonts]`, each a message for the config file.
    pub fn discover(root: &Path, wanted: &PdfFonts) -> Result<Fonts, Vec<String>> {
        let mut problems = Vec::new();
        let mut db = fontdb::Database::new();
        for dir in &wanted.dirs {
            let dir = root.join(dir);
            if dir.is_dir() {
                db.load_fonts_dir(&dir);
            } else {
                problems.push(format!(
                    "`pdf.fonts.dirs`: `{}` is not a directory",
                    dir.display()
                ));
            }
        }
        db.load_system_fonts();
        let families: Vec<&str> = wanted.families().iter().map(|(_, f)| *f).collect();
        let mut store = FontStore::new();
        for face in db.faces() {
            let wanted = face
                .families
                .iter()
                .any(|(name, _)| families.iter().any(|f| f.eq_ignore_ascii_case(name)));
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
                fontdb::Source::Binary(_) => continue,
            };
            if let Some(Some(info)) = wanted
                .then(|| db.with_face_data(face.id, FontInfo::new))
                .flatten()
            {
                let path = FontPath {
                    path: path.clone(),
                    index: face.index,
                };
                store.push((path, info));
            }
        }
        for (key, family) in wanted.families() {
            if !store.book().contains_family(&family.to_lowercase()) {
                problems.push(missing(key, family));
            }
        }
        if problems.is_empty() {
            Ok(Fonts { store })
        } else {
            Err(problems)
        }
    }

    /// What Typst's `World::book` gives.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// What Typst's `World::font` gives.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }
}

/// The message for a family that is not installed, saying what to install.
fn missing(key: &str, family: &str) -> String {
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
        "the PDF edition needs the font family `{family}` (`pdf.fonts.{key}`), which is not installed: {package}; or name another family in `[pdf.fonts]`, or set `pdf.enabled = false`"
    )
}
