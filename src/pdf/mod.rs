//! Typesetting the PDF edition with Typst, embedded as a library: the
//! fonts (`fonts`), the world Typst compiles in (`world`), and
//! [`typeset`], which compiles one language's document (written by
//! `render`) to PDF bytes and turns Typst's errors into diagnostics that
//! name the Markdown file and line the failing markup came from.
//!
//! Behind the default-on cargo feature `pdf`.

mod fonts;
mod world;

use std::ops::Range;
use std::path::PathBuf;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Datetime;
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};

pub use fonts::Fonts;
pub use world::MAIN;

/// What every edition conforms to, checked by typst-pdf as it writes:
/// PDF/UA-1 (tagged, every image described, a title, links only in the
/// text) and PDF/A-2a (for repositories: fonts embedded, no external
/// content, tagged).
const STANDARDS: &[PdfStandard] = &[PdfStandard::Ua_1, PdfStandard::A_2a];

/// One language's document, ready to typeset.
#[derive(Debug, Clone)]
pub struct Document {
    /// The main Typst source.
    pub main: String,
    /// The other files of the world: the theme's (`/theme/…`) and the
    /// site's images, by path in the world.
    pub files: Vec<(String, Vec<u8>)>,
    /// Where the theme's files are on disk, by path in the world (for
    /// errors in them).
    pub file_origins: Vec<(String, PathBuf)>,
    /// Where each part of a page body sits in `main`, for errors.
    pub chunks: Vec<Chunk>,
    /// The file errors in the generated parts point at (the config).
    pub generated_by: PathBuf,
    /// The PDF's date: the publication date, or the build's.
    pub date: (i32, u8, u8),
}

/// A page body inside the main source.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// Its byte range in the main source.
    pub range: Range<usize>,
    /// Where the body's markup would start in the main source (the
    /// chunk may be a later part of it): body offset = offset − this.
    pub body_start: usize,
    /// The Markdown file.
    pub file: PathBuf,
    /// The line of the file where the body starts, less one (what
    /// `Diagnostic::below` takes).
    pub body_line: usize,
    /// Where the markup of each body line starts, relative to the chunk.
    pub lines: Vec<(usize, usize)>,
}

/// Typesets `document`: the PDF's bytes and Typst's warnings, or every
/// error, each at the Markdown line (or theme file line) it comes from.
pub fn typeset(document: &Document, fonts: &Fonts) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    let (year, month, day) = document.date;
    let today = Datetime::from_ymd(year, month, day);
    let world = world::EditionWorld::new(document.main.clone(), &document.files, fonts, today);
    let compiled = typst::compile::<PagedDocument>(&world);
    let warnings: Diagnostics = compiled
        .warnings
        .iter()
        .map(|w| locate(&world, document, w))
        .collect();
    let paged = compiled.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| locate(&world, document, e))
            .collect::<Diagnostics>()
    })?;
    let standards = PdfStandards::new(STANDARDS).map_err(|e| {
        Diagnostic::in_file(
            &document.generated_by,
            format!("the PDF edition: {}", e.message()),
        )
    })?;
    let options = PdfOptions {
        timestamp: today.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&paged, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| locate(&world, document, e))
            .collect::<Diagnostics>()
    })?;
    Ok((bytes, warnings))
}

/// A Typst diagnostic as ours: at the first place of its span and trace
/// that is in a file we know (a page body, a theme file), else at the
/// generated document.
fn locate(
    world: &world::EditionWorld<'_>,
    document: &Document,
    diag: &SourceDiagnostic,
) -> Diagnostic {
    let mut message = format!("the PDF edition: {}", diag.message);
    for hint in &diag.hints {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    if diag.severity == Severity::Warning {
        message = format!("{message} (a Typst warning)");
    }
    let spans = std::iter::once(diag.span).chain(
        diag.trace
            .iter()
            .map(|t| typst::syntax::DiagSpan::from_span(t.span, None)),
    );
    for span in spans {
        let (Some(id), Some(range)) = (span.id(), world.range(span)) else {
            continue;
        };
        if let Some(found) = place(document, id, range.start) {
            let (path, line, below) = found;
            return Diagnostic::new(message)
                .at(Position { line, column: 1 })
                .with_path(path)
                .below(below);
        }
    }
    Diagnostic::in_file(&document.generated_by, message)
}

/// The file and line of byte `offset` of file `id`: a page body's line
/// (with the lines above the body), or a theme file's line.
fn place(document: &Document, id: FileId, offset: usize) -> Option<(PathBuf, usize, usize)> {
    let path = id.get().vpath().get_with_slash();
    if path == MAIN {
        let chunk = document.chunks.iter().find(|c| c.range.contains(&offset))?;
        let relative = offset - chunk.body_start;
        let i = chunk.lines.partition_point(|&(at, _)| at <= relative);
        let line = i.checked_sub(1).map_or(1, |i| chunk.lines[i].1);
        return Some((chunk.file.clone(), line, chunk.body_line));
    }
    let Some((_, disk)) = document.file_origins.iter().find(|(p, _)| p == path) else {
        // One of the site's images: the error is where the page shows it.
        let shown = document.main.find(&format!("\"{path}\""))?;
        return place(document, world::file_id(MAIN)?, shown);
    };
    let (_, bytes) = document.files.iter().find(|(p, _)| p == path)?;
    let text = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    Some((disk.clone(), text.matches('\n').count() + 1, 0))
}
