//! `brief build`: loads the site, renders it into a staging directory beside
//! the output, checks every internal link, and swaps the staging directory
//! in only when everything succeeded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Result};
use crate::interrupt::Interrupt;
use crate::output::{self, Staging};
use crate::render::render_site;
use crate::site::{SOURCE_DIRS, Site, SiteOptions, normalize_root};

/// Default output directory, under the site root.
pub const OUTPUT_DIR: &str = "public";

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How to load the site.
    pub site: SiteOptions,
    /// The output directory; `public/` under the root when `None`.
    pub output: Option<PathBuf>,
    /// Report broken internal links as warnings instead of failing (for
    /// drafting).
    pub warn_broken_links: bool,
    /// Stops the build (removing what it staged) once raised.
    pub interrupt: Interrupt,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// Pages rendered per language code, in language order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Files in the output directory.
    pub files_written: usize,
    /// The output directory.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Problems that did not stop the build (broken links with
    /// `warn_broken_links`).
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {}, wrote {} files to {} in {} ms",
            crate::render::describe_pages(&self.pages_per_language),
            self.files_written,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Loads the site, renders it and swaps the result into the output
/// directory. On any error the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let root = normalize_root(&options.site.root);
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(OUTPUT_DIR));
    let mut protected = SOURCE_DIRS.to_vec();
    protected.push(".git");
    output::check_location(&output, &root, &protected)?;
    let site = Site::load(&options.site)?;
    let staging = Staging::new(&output)?;
    let report = render_site(&site, &|path, bytes| {
        options.interrupt.check()?;
        staging.write(path, bytes)
    })?;
    options.interrupt.check()?;
    let links = report.links.check(&site.config.base_url);
    if !links.broken.is_empty() && !options.warn_broken_links {
        // Nothing is committed: a brief with broken links is not published.
        return Err(links.broken.into_iter().collect());
    }
    let files_written = staging.file_count();
    let output = staging.commit()?;
    Ok(BuildSummary {
        pages_per_language: report.pages_per_language,
        files_written,
        output,
        elapsed: started.elapsed(),
        warnings: links.broken,
    })
}
