//! The loaded site: configuration, content and templates, read once and
//! then passed by reference to whatever renders it (`build`, and later
//! `serve` and `check`).

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigOverrides};
use crate::content::{CONTENT_DIR, Content, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::{self, Indicators};
use crate::static_files::{self, StaticFile};
use crate::templates::context::{self, SectionLink};
use crate::templates::i18n::I18N_DIR;
use crate::templates::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, Templates};

/// The directories of a site root that hold its sources (beside
/// `config.toml`): what `serve` watches, and where no output may go.
pub const SOURCE_DIRS: [&str; 6] = [
    CONTENT_DIR,
    THEMES_DIR,
    TEMPLATES_DIR,
    STATIC_DIR,
    I18N_DIR,
    PDF_DIR,
];

/// The site's own PDF edition files (`edition.typ`, `charts.css`), which
/// replace the theme's `pdf/` files of the same name.
pub const PDF_DIR: &str = "pdf";

/// One file of the PDF edition's template (the theme's `pdf/` or the
/// site's `pdf/`).
#[derive(Debug, Clone)]
pub struct PdfThemeFile {
    /// Its path under `pdf/`, with `/`: `edition.typ`.
    pub name: String,
    /// Where it was found.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// The site root, holding `config.toml`.
    pub root: PathBuf,
    /// Overrides of configuration values.
    pub overrides: ConfigOverrides,
    /// Include draft pages.
    pub drafts: bool,
}

/// Everything a build reads from the site root.
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The published pages.
    pub content: Content,
    /// The indicator data (empty when the site has no data file).
    pub indicators: Indicators,
    /// Templates and UI strings.
    pub templates: Templates,
    /// The static files to publish, theme's and site's, in output order.
    pub static_files: Vec<StaticFile>,
    /// The PDF edition's template files (empty without `[pdf]`).
    pub pdf_theme: Vec<PdfThemeFile>,
}

impl Site {
    /// Loads the site. Problems in content, templates and data are
    /// collected and reported together.
    pub fn load(options: &SiteOptions) -> Result<Site> {
        let (site, problems) = Site::load_collecting(options);
        match site {
            Some(site) if problems.is_empty() => Ok(site),
            _ => Err(problems),
        }
    }

    /// Loads as much of the site as can be loaded, and every problem found
    /// on the way. The site is `None` only when something it cannot do
    /// without failed (the configuration, the templates, the data file);
    /// pages that do not parse are left out, and problems such as missing
    /// translations or UI strings are reported beside a usable site. This
    /// is what `brief check` needs to report everything in one run.
    pub fn load_collecting(options: &SiteOptions) -> (Option<Site>, Diagnostics) {
        let root = normalize_root(&options.root);
        let config = match Config::load(&root, &options.overrides) {
            Ok(config) => config,
            Err(problems) => return (None, problems),
        };
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let ((content, templates), data) = rayon::join(
            || {
                rayon::join(
                    || Content::load_collecting(&config, load_options),
                    || Templates::load_collecting(&config),
                )
            },
            || indicators::load::load(&config),
        );
        let mut problems = Diagnostics::new();
        let content = content.map(|(content, soft)| {
            problems.extend(soft);
            content
        });
        let templates = templates.map(|(templates, soft)| {
            problems.extend(soft);
            templates
        });
        let site = match (content, templates, data) {
            (Ok(content), Ok(mut templates), Ok(indicators)) => {
                let (static_files, static_problems) = static_files::find(&templates.static_dirs);
                problems.extend(static_problems);
                let (pdf_theme, pdf_problems) = pdf_theme(&config);
                problems.extend(pdf_problems);
                let lists = section_lists(&config, &content, &templates, &indicators);
                if let Err(d) = templates.bind_sections(lists) {
                    problems.push(d);
                }
                Some(Site {
                    config,
                    content,
                    indicators,
                    templates,
                    static_files,
                    pdf_theme,
                })
            }
            (content, templates, data) => {
                for e in [content.err(), templates.err(), data.err()]
                    .into_iter()
                    .flatten()
                {
                    problems.extend(e);
                }
                None
            }
        };
        problems.sort();
        (site, problems)
    }
}

/// Every language's list of sections for the templates' `sections()`: the
/// sections in order, then the indicators page when the site has data.
fn section_lists(
    config: &Config,
    content: &Content,
    templates: &Templates,
    indicators: &Indicators,
) -> Vec<(String, Vec<SectionLink>)> {
    config
        .languages
        .iter()
        .map(|language| {
            let strings = templates.i18n.strings(&language.code);
            let word = |key: &str| strings.get(key).map_or("", String::as_str);
            let page = (!indicators.indicators.is_empty())
                .then(|| (word("indicators_title"), word("indicators_description")));
            let list = context::section_links(config, content, &language.code, page);
            (language.code.clone(), list)
        })
        .collect()
}

/// The PDF edition's template: the theme's `pdf/` files, each replaced
/// by the site's `pdf/` file of the same name. Nothing without `[pdf]`.
fn pdf_theme(config: &Config) -> (Vec<PdfThemeFile>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut files: Vec<PdfThemeFile> = Vec::new();
    if config.pdf.is_none() {
        return (files, problems);
    }
    let theme = config
        .root
        .join(crate::templates::THEMES_DIR)
        .join(&config.theme)
        .join(PDF_DIR);
    for dir in [theme, config.root.join(PDF_DIR)] {
        let (found, walk_problems) = crate::walk::files(&dir, &[&dir]);
        problems.extend(walk_problems);
        for file in found {
            let name = crate::walk::slash_path(&file.relative);
            match std::fs::read(&file.real) {
                Ok(bytes) => {
                    files.retain(|f| f.name != name);
                    files.push(PdfThemeFile {
                        name,
                        path: file.path,
                        bytes,
                    });
                }
                Err(e) => problems.push(
                    Diagnostic::in_file(&file.path, "cannot read this PDF template file")
                        .with_source(e),
                ),
            }
        }
    }
    (files, problems)
}

/// `.` becomes the empty path, so messages name `content/goals.zh.md`
/// rather than `./content/goals.zh.md`.
pub(crate) fn normalize_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}
