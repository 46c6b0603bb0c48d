//! Share cards: the image a link to a page shows where it is shared
//! (Open Graph `og:image`, Twitter's `summary_large_image`), 1200×630 PNG.
//! Each is drawn from an SVG (`layout`) by resvg, in the PDF edition's
//! sans-serif families (found by `crate::fonts`), with the brief's title,
//! the page's title and one key figure, in the page's language. The file
//! is named by a hash of its SVG; `brief build` takes a card the last
//! build wrote from the output, and the preview keeps the PNGs it drew, so
//! a card that did not change is not drawn again.
//!
//! May call: config (the fonts), fonts, escape. Called by render.

mod layout;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use resvg::{tiny_skia, usvg};

pub use layout::{Card, svg};

use crate::config::PdfFonts;
use crate::diagnostic::Diagnostic;
use crate::fonts::Installed;

/// A card's size in pixels, as Open Graph and Twitter recommend.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Where a card with this SVG goes in the output: `cards/<hash>.png`,
/// the hash FNV-1a (64 bits), so that the name changes with the card and
/// with nothing else (not with a Rust release).
pub fn file(svg: &str) -> String {
    let hash = svg.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("cards/{hash:016x}.png")
}

/// The fonts the cards are drawn in.
pub struct Painter {
    options: usvg::Options<'static>,
    /// The two families, Latin first: for `font-family`.
    pub families: (String, String),
}

impl std::fmt::Debug for Painter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Painter")
            .field("families", &self.families)
            .finish()
    }
}

impl Painter {
    /// Finds the sans-serif families of `fonts` (the PDF edition's) in
    /// `installed`, first in its `dirs` (relative to `root`). The problems
    /// are messages about `[pdf.fonts]`.
    pub fn new(
        installed: &Installed,
        root: &Path,
        fonts: &PdfFonts,
    ) -> Result<Painter, Vec<String>> {
        let families = [
            ("sans", fonts.sans.as_str()),
            ("cjk_sans", fonts.cjk_sans.as_str()),
        ];
        let (db, problems) = crate::fonts::find(
            installed,
            root,
            &crate::fonts::Wanted {
                dirs: &fonts.dirs,
                families: &families,
                user: "the share cards need",
                without: "leave out `[cards]`",
            },
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        let options = usvg::Options {
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        Ok(Painter {
            options,
            families: (fonts.sans.clone(), fonts.cjk_sans.clone()),
        })
    }

    /// Draws `svg` as a PNG.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, Diagnostic> {
        let tree = usvg::Tree::from_str(svg, &self.options)
            .map_err(|e| Diagnostic::new(format!("the share card's SVG did not parse: {e}")))?;
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
            .ok_or_else(|| Diagnostic::new("no memory for a share card"))?;
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        pixmap
            .encode_png()
            .map_err(|e| Diagnostic::new(format!("the share card did not encode as PNG: {e}")))
    }
}

/// The PNGs drawn so far, by file name: the preview keeps them between
/// rebuilds, so an unchanged card is not drawn again.
#[derive(Debug, Default)]
pub struct Drawn {
    pngs: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// The output of the last build, whose `cards/` may hold a card
    /// already (its name is the hash of what it shows).
    previous: Option<std::path::PathBuf>,
    /// The fonts found last, and for which families.
    painter: Mutex<Option<(PdfFonts, Arc<Painter>)>>,
}

impl Drawn {
    /// Cards drawn by the build that wrote `output` are taken from there.
    pub fn after(output: &Path) -> Drawn {
        Drawn {
            previous: Some(output.to_path_buf()),
            ..Drawn::default()
        }
    }

    /// The painter for `fonts`: the one found before for the same
    /// families, or found now.
    pub fn painter(
        &self,
        installed: &Installed,
        root: &Path,
        fonts: &PdfFonts,
    ) -> Result<Arc<Painter>, Vec<String>> {
        let mut kept = self.painter.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((for_fonts, painter)) = kept.as_ref()
            && for_fonts == fonts
        {
            return Ok(painter.clone());
        }
        let painter = Arc::new(Painter::new(installed, root, fonts)?);
        *kept = Some((fonts.clone(), painter.clone()));
        Ok(painter)
    }

    /// The PNG of `svg` (named `file`): the one drawn before, or drawn now.
    pub fn get_or_draw(
        &self,
        painter: &Painter,
        file: &str,
        svg: &str,
    ) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let kept = self
            .pngs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
            .cloned();
        if let Some(png) = kept {
            return Ok(png);
        }
        let earlier = self
            .previous
            .as_ref()
            .and_then(|output| std::fs::read(output.join(file)).ok())
            .filter(|bytes| bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let png = match earlier {
            Some(bytes) => Arc::new(bytes),
            None => Arc::new(painter.png(svg)?),
        };
        let mut pngs = self.pngs.lock().unwrap_or_else(|e| e.into_inner());
        // A page's card changes with its title: keep a bounded number.
        if pngs.len() > 4096 {
            pngs.clear();
        }
        pngs.insert(file.to_string(), png.clone());
        Ok(png)
    }
}
