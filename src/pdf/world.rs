//! The Typst `World` of one edition: its main source, the theme's files
//! and the site's images in memory, the fonts of [`super::fonts`], and no
//! packages, network or other files.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

/// The path of the generated main source in the world.
pub const MAIN: &str = "/main.typ";

pub(super) struct EditionWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The id of `path` (absolute in the world: `/theme/edition.typ`).
pub(super) fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl<'a> EditionWorld<'a> {
    /// A world whose main file is `main` and whose other files are
    /// `files` (path in the world, bytes): `.typ` files are sources.
    pub(super) fn new(
        main: String,
        files: &[(String, Vec<u8>)],
        fonts: &'a Fonts,
        today: Option<Datetime>,
    ) -> Self {
        let main_id = file_id(MAIN).expect("a plain path");
        let mut sources = HashMap::new();
        let mut blobs = HashMap::new();
        sources.insert(main_id, Source::new(main_id, main));
        for (path, bytes) in files {
            let Some(id) = file_id(path) else { continue };
            match (path.ends_with(".typ"), std::str::from_utf8(bytes)) {
                (true, Ok(text)) => {
                    sources.insert(id, Source::new(id, text.to_string()));
                }
                _ => {
                    blobs.insert(id, Bytes::new(bytes.clone()));
                }
            }
        }
        EditionWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: main_id,
            sources,
            files: blobs,
            today,
        }
    }

    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(id.get().vpath().get_with_slash().into())
    }
}

impl World for EditionWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| Self::not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        match self.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_string())),
            None => Err(Self::not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
