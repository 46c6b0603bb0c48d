//! Where rendered files go: every file passes through [`Out`], which hands
//! it to the caller's sink and to the link index, and makes sure that no
//! two sources write one output path. A page whose slug is `indicators`, a
//! static `sitemap.xml` or `en/goals/index.html`: each is an error naming
//! both sources, and only the first is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Sink;
use crate::diagnostic::Diagnostic;
use crate::linkcheck::{LinkIndex, LinkSource};
use crate::walk::slash_path;

/// What writes an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A source file: a Markdown page, a static file.
    File(PathBuf),
    /// Something the build makes itself, described for a message: "the
    /// sitemap".
    Generated(&'static str),
}

impl Origin {
    fn describe(&self) -> String {
        match self {
            Origin::File(path) => path.display().to_string(),
            Origin::Generated(what) => (*what).to_string(),
        }
    }
}

/// The sink, the link index and who owns each output path.
pub(crate) struct Out<'a> {
    sink: &'a Sink<'a>,
    pub index: &'a LinkIndex,
    owners: Mutex<HashMap<String, Origin>>,
    /// Paths whose second source was already reported.
    reported: Mutex<HashSet<String>>,
}

impl<'a> Out<'a> {
    pub fn new(sink: &'a Sink<'a>, index: &'a LinkIndex) -> Self {
        Out {
            sink,
            index,
            owners: Mutex::new(HashMap::new()),
            reported: Mutex::new(HashSet::new()),
        }
    }

    /// Makes `origin` the owner of `path` before anything is written, so
    /// that sources claimed first win whatever order rendering takes.
    pub fn reserve(&self, path: &Path, origin: &Origin) -> Result<(), Diagnostic> {
        self.claim(path, origin).map(|_| ())
    }

    /// Writes `bytes` to `path` for `origin`, unless another source owns
    /// the path: then nothing is written, and the first time the problem
    /// is returned.
    pub fn write(&self, path: &Path, bytes: &[u8], origin: &Origin) -> Result<(), Diagnostic> {
        if self.claim(path, origin)? {
            self.index.record(path, bytes);
            (self.sink)(path, bytes)?;
        }
        Ok(())
    }

    /// [`Out::write`] for text the renderer made (a page), which the link
    /// index reads without checking that it is UTF-8 again.
    pub fn write_text(&self, path: &Path, text: &str, origin: &Origin) -> Result<(), Diagnostic> {
        if self.claim(path, origin)? {
            self.index.record_text(path, text);
            (self.sink)(path, text.as_bytes())?;
        }
        Ok(())
    }

    /// Writes a page made from `template` (at `source`) without Markdown,
    /// so that a broken link on it is reported in the template.
    pub fn write_generated(
        &self,
        path: &Path,
        html: &str,
        origin: &Origin,
        source: &Path,
    ) -> Result<(), Diagnostic> {
        self.index.record_source(
            path,
            LinkSource {
                file: source.to_path_buf(),
                links: Vec::new(),
                unresolved: Vec::new(),
                template: None,
            },
        );
        self.write_text(path, html, origin)
    }

    /// `Ok(true)` when `origin` owns `path` (now or already), `Ok(false)`
    /// when another source does and that was reported, else the problem.
    fn claim(&self, path: &Path, origin: &Origin) -> Result<bool, Diagnostic> {
        let key = slash_path(path);
        let owner = {
            let mut owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
            match owners.get(&key) {
                None => {
                    owners.insert(key, origin.clone());
                    return Ok(true);
                }
                Some(owner) if owner == origin => return Ok(true),
                Some(owner) => owner.clone(),
            }
        };
        let first_time = self
            .reported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone());
        if !first_time {
            return Ok(false);
        }
        Err(conflict(&key, &owner, origin))
    }
}

/// Two sources of one output path, reported on the source file (the one
/// an author can change).
fn conflict(key: &str, first: &Origin, second: &Origin) -> Diagnostic {
    let (file, other) = match (first, second) {
        (_, Origin::File(path)) => (Some(path), first),
        (Origin::File(path), _) => (Some(path), second),
        _ => (None, first),
    };
    let message = format!(
        "this writes `{key}`, which {} writes too: one output file cannot have two sources (rename or move this file, or give the page another `slug`)",
        other.describe()
    );
    match file {
        Some(path) => Diagnostic::in_file(path, message),
        None => Diagnostic::new(format!(
            "`{key}` is written by {} and by {}",
            first.describe(),
            second.describe()
        )),
    }
}
