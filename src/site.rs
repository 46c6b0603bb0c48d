//! The loaded site: configuration, content and templates, read once and
//! then passed by reference to whatever renders it (`build`, and later
//! `serve` and `check`).

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigOverrides};
use crate::content::{CONTENT_DIR, Content, LoadOptions};
use crate::diagnostic::{Diagnostics, Result};
use crate::indicators::{self, Indicators};
use crate::static_files::{self, StaticFile};
use crate::templates::context::{self, SectionLink};
use crate::templates::i18n::I18N_DIR;
use crate::templates::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, Templates};

/// The directories of a site root that hold its sources (beside
/// `config.toml`): what `serve` watches, and where no output may go.
pub const SOURCE_DIRS: [&str; 5] = [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR];

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

/// `.` becomes the empty path, so messages name `content/goals.zh.md`
/// rather than `./content/goals.zh.md`.
pub(crate) fn normalize_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}
