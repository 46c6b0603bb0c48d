//! The loaded site: configuration, content and templates, read once and
//! then passed by reference to whatever renders it (`build`, and later
//! `serve` and `check`).

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigOverrides};
use crate::content::{Content, LoadOptions};
use crate::diagnostic::{Diagnostics, Result};
use crate::indicators::{self, Indicators};
use crate::templates::Templates;

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
}

impl Site {
    /// Loads the site. Problems in content and templates are collected and
    /// reported together.
    pub fn load(options: &SiteOptions) -> Result<Site> {
        let root = normalize_root(&options.root);
        let config = Config::load(&root, &options.overrides)?;
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let ((content, templates), data) = rayon::join(
            || {
                rayon::join(
                    || Content::load(&config, load_options),
                    || Templates::load(&config),
                )
            },
            || indicators::load::load(&config),
        );
        match (content, templates, data) {
            (Ok(content), Ok(templates), Ok(indicators)) => Ok(Site {
                config,
                content,
                indicators,
                templates,
            }),
            (content, templates, data) => {
                let mut problems = Diagnostics::new();
                for e in [content.err(), templates.err(), data.err()]
                    .into_iter()
                    .flatten()
                {
                    problems.extend(e);
                }
                problems.sort();
                Err(problems)
            }
        }
    }
}

/// `.` becomes the empty path, so messages name `content/goals.zh.md`
/// rather than `./content/goals.zh.md`.
fn normalize_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}
