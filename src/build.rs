//! `brief build`: loads the site, renders it into a staging directory beside
//! the output, checks every internal link, and swaps the staging directory
//! in only when everything succeeded.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Result};
use crate::interrupt::Interrupt;
use crate::output::{self, Staging};
use crate::render::{Reuse, render_site};
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
    let recipe = Recipe {
        broken_links_fail: !options.warn_broken_links,
        interrupt: &options.interrupt,
        transform: &|_, bytes| Cow::Borrowed(bytes),
        reuse: &Reuse {
            // A share card the last build drew is in the output already.
            #[cfg(feature = "cards")]
            cards: crate::cards::Drawn::after(&output),
            ..Reuse::default()
        },
    };
    let staged = recipe.run(&site, Staging::new(&output)?)?;
    Ok(BuildSummary {
        pages_per_language: staged.pages_per_language,
        files_written: staged.files_written,
        output: staged.output,
        elapsed: started.elapsed(),
        warnings: staged.warnings,
    })
}

/// Changes a file on its way into the output (the preview injects its
/// script into HTML); `brief build` writes every file as it is.
pub(crate) type Transform<'a> = dyn for<'b> Fn(&Path, &'b [u8]) -> Cow<'b, [u8]> + Sync + 'a;

/// The one way a site reaches a directory, for `brief build` and the
/// preview alike: rendered into a staging directory (each file through
/// `transform`), its links checked, and committed; a failure at any step
/// commits nothing.
pub(crate) struct Recipe<'a> {
    /// Whether broken internal links stop the commit (for `brief build`;
    /// the preview shows them as warnings).
    pub broken_links_fail: bool,
    /// Stops the work at the next file once raised.
    pub interrupt: &'a Interrupt,
    pub transform: &'a Transform<'a>,
    /// What the render may reuse from the last one.
    pub reuse: &'a Reuse,
}

/// What a committed recipe produced.
pub(crate) struct Staged {
    pub pages_per_language: Vec<(String, usize)>,
    pub files_written: usize,
    pub output: PathBuf,
    /// Broken links that did not stop the commit.
    pub warnings: Vec<Diagnostic>,
    /// PDF editions left to typeset (the preview's deferred ones).
    #[cfg(all(feature = "pdf", feature = "serve"))]
    pub pending_editions: Vec<crate::render::edition::Pending>,
}

impl Recipe<'_> {
    /// Renders `site` into `staging`, checks its links and commits it.
    pub(crate) fn run(&self, site: &Site, staging: Staging) -> Result<Staged> {
        let sink = |path: &Path, bytes: &[u8]| {
            self.interrupt.check()?;
            staging.write(path, &(self.transform)(path, bytes))
        };
        let report = render_site(site, &sink, self.reuse)?;
        self.interrupt.check()?;
        let links = report.links.check(&site.config.base_url);
        if !links.broken.is_empty() && self.broken_links_fail {
            // Nothing is committed: a brief with broken links is not published.
            return Err(links.broken.into_iter().collect());
        }
        let files_written = staging.file_count();
        let output = staging.commit()?;
        let mut warnings = report.warnings;
        warnings.extend(links.broken);
        Ok(Staged {
            pages_per_language: report.pages_per_language,
            files_written,
            output,
            warnings,
            #[cfg(all(feature = "pdf", feature = "serve"))]
            pending_editions: report.pending_editions,
        })
    }
}
