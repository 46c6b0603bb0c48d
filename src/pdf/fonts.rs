//! The fonts of the PDF edition: the families `[pdf.fonts]` names, found
//! by `crate::fonts` (the site's font directories, then the system's), in
//! Typst's font store. Only those families are handed to Typst, so the PDF
//! is set the same way on every machine that has them, and one that lacks
//! one is an error naming what to install, never a page of missing glyphs.

use std::path::Path;

use std::sync::Arc;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontSource, FontStore};

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
        let mut files: Vec<(&std::path::PathBuf, Bytes)> = Vec::new();
        for face in db.faces() {
            let Some(info) = db.with_face_data(face.id, FontInfo::new).flatten() else {
                continue;
            };
            match &face.source {
                fontdb::Source::SharedFile(path, data) => {
                    let bytes = match files.iter().find(|(p, _)| *p == path) {
                        Some((_, bytes)) => bytes.clone(),
                        None => {
                            let bytes = Bytes::new(Mapped(data.clone()));
                            files.push((path, bytes.clone()));
                            bytes
                        }
                    };
                    let index = face.index;
                    store.push((Lazy { bytes, index }, info));
                }
                fontdb::Source::File(path) => {
                    let path = FontPath {
                        path: path.clone(),
                        index: face.index,
                    };
                    store.push((path, info));
                }
                fontdb::Source::Binary(_) => {}
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

/// A font file `crate::fonts` mapped into memory, as Typst's bytes.
struct Mapped(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

/// A face of a mapped file, parsed on first use. The faces of one file
/// share its bytes, so Typst hashes each file once.
struct Lazy {
    bytes: Bytes,
    index: u32,
}

impl FontSource for Lazy {
    fn load(&self) -> Option<Font> {
        Font::new(self.bytes.clone(), self.index)
    }
}
