//! `[pdf]`: the PDF edition (one typeset A4 document per language).

use std::path::PathBuf;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// Paper sizes the edition may be set on (Typst's names).
pub const PAPERS: &[&str] = &["a4", "a5", "b5", "us-letter", "us-legal"];

/// `[pdf]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPdf {
    #[serde(default = "yes")]
    enabled: bool,
    name: Option<String>,
    #[serde(default = "default_paper")]
    paper: String,
    #[serde(default)]
    fonts: PdfFonts,
}

fn yes() -> bool {
    true
}

fn default_paper() -> String {
    "a4".to_string()
}

/// The PDF edition's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdf {
    /// The file name without `.pdf`: `public/<lang>/<name>.pdf`.
    pub name: String,
    /// The paper size, one of [`PAPERS`].
    pub paper: String,
}

/// `[pdf.fonts]`: the families the edition is set in. Each must be
/// installed (or in one of `dirs`); a missing one is an error that says
/// what to install.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfFonts {
    /// Latin text.
    pub serif: String,
    /// Latin headings, the cover, tables and charts.
    pub sans: String,
    /// Chinese (and other CJK) text.
    pub cjk_serif: String,
    /// Chinese headings, tables and charts.
    pub cjk_sans: String,
    /// Code.
    pub mono: String,
    /// Directories (relative to the site root) searched for fonts before
    /// the system's.
    pub dirs: Vec<PathBuf>,
}

impl Default for PdfFonts {
    fn default() -> Self {
        PdfFonts {
            serif: "Noto Serif".into(),
            sans: "Noto Sans".into(),
            cjk_serif: "Noto Serif CJK SC".into(),
            cjk_sans: "Noto Sans CJK SC".into(),
            mono: "DejaVu Sans Mono".into(),
            dirs: Vec::new(),
        }
    }
}

impl Pdf {
    /// Where language `lang`'s edition is, relative to the output
    /// directory: `zh/<name>.pdf`.
    pub fn file(&self, lang: &str) -> String {
        format!("{lang}/{}.pdf", self.name)
    }
}

impl PdfFonts {
    /// Every family, with its key in `[pdf.fonts]`.
    pub fn families(&self) -> [(&'static str, &str); 5] {
        [
            ("serif", &self.serif),
            ("sans", &self.sans),
            ("cjk_serif", &self.cjk_serif),
            ("cjk_sans", &self.cjk_sans),
            ("mono", &self.mono),
        ]
    }
}

impl RawPdf {
    /// The settings, or `None` when the edition is switched off, and the
    /// font families (which the share cards use too, edition or not);
    /// `slug` names the file when `name` is not given.
    pub(super) fn check(self, slug: &str) -> Result<(Option<Pdf>, PdfFonts), Diagnostic> {
        if let Some((key, _)) = self
            .fonts
            .families()
            .iter()
            .find(|(_, f)| f.trim().is_empty())
        {
            return Err(Diagnostic::new(format!(
                "`pdf.fonts.{key}` is empty: name a font family"
            )));
        }
        if !self.enabled {
            return Ok((None, self.fonts));
        }
        let name = self.name.unwrap_or_else(|| slug.to_string());
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            && !name.starts_with('.');
        if !plain {
            return Err(Diagnostic::new(format!(
                "`pdf.name`: `{name}` must be a plain file name (ASCII letters, digits, `-`, `_`, `.`), without `.pdf`"
            )));
        }
        if !PAPERS.contains(&self.paper.as_str()) {
            return Err(Diagnostic::new(format!(
                "`pdf.paper`: `{}` is not a paper size this edition knows (known: {})",
                self.paper,
                PAPERS.join(", ")
            )));
        }
        let pdf = Pdf {
            name: name.trim_end_matches(".pdf").to_string(),
            paper: self.paper,
        };
        Ok((Some(pdf), self.fonts))
    }
}
