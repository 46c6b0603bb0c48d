//! The fonts of the PDF edition: the families `[pdf.fonts]` names, found
//! by `crate::fonts` (the site's font directories, then the system's), in
//! Typst's font store. Only those families are handed to Typst, so the PDF
//! is set the same way on every machine that has them, and one that lacks
//! one is an error naming what to install, never a page of missing glyphs.

use std::path::Path;

use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

use crate::config::PdfFonts;
use crate::fonts::Installed;

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
    /// Finds every family of `wanted` in `installed`: first in its `dirs`
    /// (relative to `root`), then among the system's fonts. The problems
    /// are about `[pdf.fonts]`, each a message for the config file.
    pub fn discover(
        installed: &Installed,
        root: &Path,
        wanted: &PdfFonts,
    ) -> Result<Fonts, Vec<String>> {
        let families = wanted.families();
        let (db, problems) = crate::fonts::find(
            installed,
            root,
            &crate::fonts::Wanted {
                dirs: &wanted.dirs,
                families: &families,
                user: "the PDF edition needs",
                without: "set `pdf.enabled = false`",
            },
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut store = FontStore::new();
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
                fontdb::Source::Binary(_) => continue,
            };
            if let Some(info) = db.with_face_data(face.id, FontInfo::new).flatten() {
                let path = FontPath {
                    path: path.clone(),
                    index: face.index,
                };
                store.push((path, info));
            }
        }
        Ok(Fonts { store })
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
