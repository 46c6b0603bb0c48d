//! `brief check`: everything that would stop a build or embarrass a
//! publication, found in one run and reported together. The site is
//! rendered in memory (nothing is written): problems loading it, rendering
//! it (unknown indicator ids, bad shortcodes), internal links and anchors
//! that resolve to nothing, images and downloads that are absent, pages
//! without a translation, UI strings missing in a language, and indicators
//! that no page uses. External links are listed; with `external` they are
//! also fetched, with a timeout.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::indicators::usage;
use crate::linkcheck::ExternalLink;
use crate::render::{Reuse, render_site_collecting};
use crate::site::{Site, SiteOptions};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How to load the site.
    pub site: SiteOptions,
    /// Also fetch external links.
    pub external: bool,
    /// How long to wait for each external link.
    pub timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            site: SiteOptions::default(),
            external: false,
            timeout: Duration::from_secs(10),
        }
    }
}

/// The result of a check.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every problem, in file order.
    pub problems: Diagnostics,
    /// Every external link, with one page that uses it.
    pub external: Vec<ExternalLink>,
    /// Whether the external links were fetched.
    pub fetched: bool,
    /// How many HTML pages the link check read.
    pub pages: usize,
    /// How many internal links it checked.
    pub internal_links: usize,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the site.
pub fn check(options: &CheckOptions) -> CheckReport {
    let (site, mut problems) = Site::load_collecting(&options.site);
    let Some(site) = site else {
        return CheckReport {
            problems,
            ..CheckReport::default()
        };
    };
    let (rendered, render_problems) =
        render_site_collecting(&site, &|_, _| Ok(()), &Reuse::default());
    problems.extend(render_problems);
    let links = rendered.links.check(&site.config.base_url);
    problems.extend(links.broken.into_iter().collect());
    problems.extend(unused_indicators(&site));
    if options.external {
        problems.extend(fetch_all(&links.external, options.timeout));
    }
    problems.sort();
    CheckReport {
        problems,
        external: links.external,
        fetched: options.external,
        pages: links.pages,
        internal_links: links.internal,
    }
}

/// Indicators defined in the data file that no page of a language uses.
fn unused_indicators(site: &Site) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for language in &site.config.languages {
        let unused = usage::unused(&site.indicators, site.content.pages(&language.code));
        for id in unused {
            let mut d = Diagnostic::in_file(
                site.indicators.path(),
                format!(
                    "indicator `{id}` is never used on a {} page (quote it with a shortcode, or remove it)",
                    language.name
                ),
            );
            if let Some(position) = site.indicators.indicator(&id).and_then(|i| i.position) {
                d = d.at(position);
            }
            problems.push(d);
        }
    }
    problems
}

/// How many external links are fetched at once.
const FETCHERS: usize = 8;

/// Fetches every external link (HEAD, then GET where HEAD is refused) and
/// reports those that fail. The requests block on the network, so they run
/// on threads of their own, never on the pool that renders.
fn fetch_all(links: &[ExternalLink], timeout: Duration) -> Diagnostics {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .new_agent();
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..FETCHERS.min(links.len()) {
            scope.spawn(|| {
                while let Some(link) = links.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Some(problem) = fetch(&agent, link) {
                        found
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(problem);
                    }
                }
            });
        }
    });
    found
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect()
}

/// The problem with one external link, if it has one.
fn fetch(agent: &ureq::Agent, link: &ExternalLink) -> Option<Diagnostic> {
    let status = agent
        .head(&link.url)
        .call()
        .map(|r| r.status().as_u16())
        .and_then(|status| match status {
            405 | 501 => agent.get(&link.url).call().map(|r| r.status().as_u16()),
            status => Ok(status),
        });
    let problem = match status {
        Ok(status) if status < 400 => return None,
        Ok(status) => format!("external link {} answers HTTP {status}", link.url),
        Err(e) => format!("external link {} cannot be fetched: {e}", link.url),
    };
    let diagnostic = Diagnostic::in_file(&link.file, problem);
    Some(match link.position {
        Some(position) => diagnostic.at(position),
        None => diagnostic,
    })
}
