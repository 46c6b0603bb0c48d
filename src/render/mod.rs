//! Rendering a loaded [`Site`]: every page of every language (Markdown →
//! context → template), the pages generated without a source file (a
//! language's home when it has no `_index`, the indicators page, the 404
//! page), the highlighting stylesheet and the data downloads.
//!
//! Each finished file goes to a [`Sink`], so the same code fills a staging
//! directory for `brief build` and memory for other commands. Pages render
//! in parallel; every failure is collected and reported together.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

#[cfg(feature = "cards")]
mod cards;
#[cfg(feature = "pdf")]
pub mod edition;
mod files;
mod language;
mod out;
mod view;

use files::{render_not_found, write_publishing_files, write_site_files, write_static_files};
use language::{LanguageRender, PageLinks};
use out::{Origin, Out};

use crate::content::Page;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::shortcodes::Expander;
use crate::linkcheck::LinkIndex;
use crate::markdown;
use crate::site::Site;

/// Where the generated highlighting stylesheet goes in the output.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";
/// UI string used as the accessible label of heading anchors.
pub const HEADING_ANCHOR_KEY: &str = "heading_anchor";
pub use crate::content::INDICATORS_PATH;
/// At most how many pages one rendering task takes before the rest of
/// its share can be taken by another thread.
const PAGES_PER_TASK: usize = 8;

/// Who writes the root `index.html`.
const ROOT_INDEX: Origin =
    Origin::Generated("the root index.html (the default language's home page)");

/// Receives each rendered file: its path relative to the output directory
/// and its bytes.
pub type Sink<'a> = dyn Fn(&Path, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// What rendering produced besides the files.
#[derive(Debug)]
pub struct RenderReport {
    /// Pages rendered per language code, in language order.
    pub pages_per_language: Vec<(String, usize)>,
    /// The ids and links of every page, and every output file (static
    /// files included), for checking links.
    pub links: LinkIndex,
    /// Problems that do not fail the render: what the PDF edition left
    /// out (raw HTML) and Typst's warnings.
    pub warnings: Vec<Diagnostic>,
    /// PDF editions left to typeset after the render (the preview's, when
    /// [`Reuse::defer_editions`] is set); each was written as it was last
    /// typeset, for [`edition::Pending::finish`] to replace.
    #[cfg(feature = "pdf")]
    pub pending_editions: Vec<edition::Pending>,
}

/// What typesetting the PDF editions gave the render.
#[derive(Default)]
struct Editions {
    /// What failed.
    problems: Diagnostics,
    /// What the render reports.
    done: EditionsDone,
}

/// The editions' part of the [`RenderReport`].
#[derive(Default)]
struct EditionsDone {
    warnings: Vec<Diagnostic>,
    #[cfg(feature = "pdf")]
    pending: Vec<edition::Pending>,
}

/// How many pages were rendered, in all and per language, as the commands
/// say it: `14 pages (zh 7, en 7)`.
pub fn describe_pages(pages_per_language: &[(String, usize)]) -> String {
    let total: usize = pages_per_language.iter().map(|(_, n)| n).sum();
    let per_language: Vec<String> = pages_per_language
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    let noun = if total == 1 { "page" } else { "pages" };
    format!("{total} {noun} ({})", per_language.join(", "))
}

/// What a render may keep for the next render of the same site: the
/// preview renders with one for its whole life, so that each rebuild
/// highlights only the code that changed; a build uses a new one.
#[derive(Debug, Default)]
pub struct Reuse {
    /// Highlighted code blocks and parsed lines.
    pub highlight: markdown::highlight::Cache,
    /// The PDF editions last typeset, and their fonts.
    #[cfg(feature = "pdf")]
    pub editions: edition::Cache,
    /// Leave an edition whose document changed to be typeset after the
    /// render ([`RenderReport::pending_editions`]) when an earlier one
    /// can stand in: the preview's reload does not wait for Typst.
    #[cfg(feature = "pdf")]
    pub defer_editions: bool,
    /// The share cards drawn so far, and their fonts.
    #[cfg(feature = "cards")]
    pub cards: crate::cards::Drawn,
    /// The installed fonts, scanned once for the editions and the cards.
    #[cfg(any(feature = "pdf", feature = "cards"))]
    pub fonts: crate::fonts::Installed,
}

/// Renders the whole site into `sink`; fails if anything failed.
pub fn render_site(site: &Site, sink: &Sink<'_>, reuse: &Reuse) -> Result<RenderReport> {
    let (report, problems) = render_site_collecting(site, sink, reuse);
    problems.into_result(report)
}

/// Renders everything that can be rendered into `sink` and returns the
/// problems beside the report (for `brief check`). Pages that failed are
/// still known to the link index as files, so links to them are not
/// reported twice.
pub fn render_site_collecting(
    site: &Site,
    sink: &Sink<'_>,
    reuse: &Reuse,
) -> (RenderReport, Diagnostics) {
    let index = LinkIndex::default();
    let out = Out::new(sink, &index);
    let mut problems = reserve_sources(site, &out);
    let (pages_per_language, render_problems, editions) = render_into(site, &out, reuse);
    problems.extend(render_problems);
    problems.sort();
    (
        RenderReport {
            pages_per_language,
            links: index,
            warnings: editions.warnings,
            #[cfg(feature = "pdf")]
            pending_editions: editions.pending,
        },
        problems,
    )
}

/// Makes the static files and the Markdown pages the owners of their
/// output paths before anything renders, so that a generated file that
/// would replace one is the one reported and left out, whatever order the
/// threads take.
fn reserve_sources(site: &Site, out: &Out<'_>) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let statics = site
        .static_files
        .iter()
        .map(|file| (file.output.clone(), Origin::File(file.source.clone())));
    let pages = site
        .content
        .all_pages()
        .map(|page| (page.output_file(), Origin::File(page.path.clone())));
    for (path, origin) in statics.chain(pages) {
        let path: PathBuf = path;
        if let Err(d) = out.reserve(&path, &origin) {
            problems.push(d);
        }
    }
    problems
}

/// Renders every page of every language in one parallel pass, and beside
/// it (on whichever thread is free) the files made once per site or per
/// language: the stylesheet and downloads, the generated home and
/// indicators pages, the 404 page, the sitemap and the feeds.
fn render_into(
    site: &Site,
    out: &Out<'_>,
    reuse: &Reuse,
) -> (Vec<(String, usize)>, Diagnostics, EditionsDone) {
    let mut problems = Diagnostics::new();
    let links = PageLinks::new(site);
    // Languages whose shared views fail (a missing UI string) render nothing.
    // The PDF editions link the pages to themselves (`set_pdf`).
    #[cfg_attr(not(feature = "pdf"), allow(unused_mut))]
    let mut jobs: Vec<Option<LanguageRender<'_>>> = site
        .config
        .languages
        .iter()
        .map(|language| {
            LanguageRender::new(site, language)
                .map_err(|e| problems.extend(e))
                .ok()
        })
        .collect();
    // The PDF editions first: every page links to its language's, with
    // its size.
    #[cfg(feature = "pdf")]
    let editions = edition::render_editions(site, &mut jobs, &links, out, reuse);
    #[cfg(not(feature = "pdf"))]
    let editions = refuse_editions(site);
    problems.extend(editions.problems);
    problems.extend(give_cards(site, &mut jobs, reuse));
    let expanders: Vec<Option<Expander<'_>>> = jobs
        .iter()
        .map(|job| job.as_ref().and_then(|j| j.presenter()).map(Expander::new))
        .collect();
    // Each language that rendered, with its Markdown options.
    let ready: Vec<(usize, &LanguageRender<'_>, markdown::Options<'_>)> = jobs
        .iter()
        .zip(&expanders)
        .enumerate()
        .filter_map(|(i, (job, expander))| {
            let job = job.as_ref()?;
            Some((
                i,
                job,
                job.markdown_options(&links, expander.as_ref(), &reuse.highlight),
            ))
        })
        .collect();
    // Every page of every language that rendered.
    let pages: Vec<(usize, &LanguageRender<'_>, &markdown::Options<'_>, &Page)> = ready
        .iter()
        .flat_map(|(i, job, options)| {
            site.content
                .pages(&job.language.code)
                .iter()
                .map(move |page| (*i, *job, options, page))
        })
        .collect();
    let (page_results, (generated_counts, once_problems)) = rayon::join(
        || {
            // Small chunks, so that a thread that finishes early (the
            // one that wrote the once-only files) can take pages from the
            // other until the end: rayon's default splitting leaves
            // chunks of a quarter of the pages, and one thread rendering
            // the last of them alone.
            pages
                .par_iter()
                .with_max_len(PAGES_PER_TASK)
                .map(|&(_, job, options, page)| job.render_page(options, page, out))
                .collect::<Vec<_>>()
        },
        || render_once_files(site, &jobs, out),
    );
    let mut counts = generated_counts;
    for (&(i, _, _, page), result) in pages.iter().zip(page_results) {
        match result {
            Ok(()) => counts[i] += 1,
            Err(e) => {
                out.index.expect(&page.output_file());
                problems.extend(e);
            }
        }
    }
    problems.extend(once_problems);
    (per_language(site, counts), problems, editions.done)
}

/// Gives every language its share cards, with `[cards]`; a missing font
/// is a problem in the configuration.
#[cfg(feature = "cards")]
fn give_cards<'a>(
    site: &'a Site,
    jobs: &mut [Option<LanguageRender<'a>>],
    reuse: &'a Reuse,
) -> Diagnostics {
    let mut problems = Diagnostics::new();
    if !site.config.cards {
        return problems;
    }
    match reuse
        .cards
        .painter(&reuse.fonts, &site.config.root, &site.config.fonts)
    {
        Ok(painter) => {
            for job in jobs.iter_mut().flatten() {
                job.set_cards(painter.clone(), &reuse.cards);
            }
        }
        Err(messages) => {
            for message in messages {
                problems.push(Diagnostic::in_file(site.config.path(), message));
            }
        }
    }
    problems
}

/// Without the `cards` feature a site that asks for share cards is
/// refused.
#[cfg(not(feature = "cards"))]
fn give_cards(site: &Site, _: &mut [Option<LanguageRender<'_>>], _: &Reuse) -> Diagnostics {
    let mut problems = Diagnostics::new();
    if site.config.cards {
        problems.push(Diagnostic::in_file(
            site.config.path(),
            "`[cards]`: this `brief` was built without share cards (the `cards` cargo feature); build it with default features, or leave out `[cards]`",
        ));
    }
    problems
}

/// Without the `pdf` feature a site that asks for the edition is refused.
#[cfg(not(feature = "pdf"))]
fn refuse_editions(site: &Site) -> Editions {
    let mut problems = Diagnostics::new();
    if site.config.pdf.is_some() {
        problems.push(Diagnostic::in_file(
            site.config.path(),
            "`[pdf]`: this `brief` was built without the PDF edition (the `pdf` cargo feature); build it with default features, or set `pdf.enabled = false`",
        ));
    }
    Editions {
        problems,
        done: Editions::default().done,
    }
}

/// `counts` (in language order) by language code.
fn per_language(site: &Site, counts: Vec<usize>) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .zip(counts)
        .map(|(language, count)| (language.code.clone(), count))
        .collect()
}

/// The files made once: per site (stylesheet, downloads, 404 page,
/// publishing files) and per language (a generated home page, the
/// indicators page). Returns the pages generated per language (in the
/// order of `jobs`) and the problems.
fn render_once_files(
    site: &Site,
    jobs: &[Option<LanguageRender<'_>>],
    out: &Out<'_>,
) -> (Vec<usize>, Diagnostics) {
    let mut problems = write_static_files(site, out);
    if let Err(e) = write_site_files(site, out) {
        problems.extend(e);
    }
    let counts = jobs
        .iter()
        .map(|job| {
            job.as_ref().map_or(0, |job| {
                let (count, job_problems) = job.render_generated_pages(out);
                problems.extend(job_problems);
                count
            })
        })
        .collect();
    if let Err(d) = render_not_found(site, out) {
        problems.push(d);
    }
    if let Err(d) = write_publishing_files(site, out) {
        problems.push(d);
    }
    (counts, problems)
}

fn has_data(site: &Site) -> bool {
    !site.indicators.indicators.is_empty()
}
