//! `brief build`: renders every page of a loaded [`Site`] and writes the
//! result atomically into the output directory.
//!
//! Rendering is separated from writing: [`render_site`] hands each finished
//! file to a sink, so the same code fills a staging directory here and can
//! fill memory for a preview or a check.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Language;
use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::markdown::{self, Rendered, highlight};
use crate::output::Staging;
use crate::site::{Site, SiteOptions};
use crate::templates::context::{self, LanguageContext, PageView, RenderContext, ViewKind};
use crate::templates::{HOME_TEMPLATE, NOT_FOUND_TEMPLATE, SECTION_TEMPLATE};

/// Default output directory, under the site root.
pub const OUTPUT_DIR: &str = "public";
/// Where the generated highlighting stylesheet goes in the output.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";
/// UI string used as the accessible label of heading anchors.
pub const HEADING_ANCHOR_KEY: &str = "heading_anchor";

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How to load the site.
    pub site: SiteOptions,
    /// The output directory; `public/` under the root when `None`.
    pub output: Option<PathBuf>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages rendered per language code, in language order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Files in the output directory.
    pub files_written: usize,
    /// The output directory.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.pages_per_language.iter().map(|(_, n)| n).sum();
        let per_language: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        write!(
            f,
            "Built {total} pages ({}), wrote {} files to {} in {} ms",
            per_language.join(", "),
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
    let site = Site::load(&options.site)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| site.config.root.join(OUTPUT_DIR));
    let staging = Staging::new(&output)?;
    for dir in &site.templates.static_dirs {
        staging.copy_tree(dir)?;
    }
    let pages_per_language = render_site(&site, &|path, bytes| staging.write(path, bytes))?;
    let files_written = staging.file_count();
    let output = staging.commit()?;
    Ok(BuildSummary {
        pages_per_language,
        files_written,
        output,
        elapsed: started.elapsed(),
    })
}

/// Receives each rendered file: its path relative to the output directory
/// and its bytes.
pub type Sink<'a> = dyn Fn(&Path, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every page, the root index, the 404 page and the highlighting
/// stylesheet into `sink`. Returns the number of pages per language. All
/// pages are attempted; every failure is reported.
pub fn render_site(site: &Site, sink: &Sink<'_>) -> Result<Vec<(String, usize)>> {
    let config = &site.config;
    let stylesheet = highlight::stylesheet(&config.highlight.light, &config.highlight.dark)
        .map_err(|message| Diagnostic::in_file(config.path(), format!("`highlight`: {message}")))?;
    sink(Path::new(HIGHLIGHT_CSS), stylesheet.as_bytes())?;

    let mut problems = Diagnostics::new();
    let mut counts = Vec::new();
    for language in &config.languages {
        match render_language(site, language, sink) {
            Ok(count) => counts.push((language.code.clone(), count)),
            Err(e) => problems.extend(e),
        }
    }
    if problems.is_empty() {
        if let Err(d) = render_not_found(site, sink) {
            problems.push(d);
        }
    }
    problems.sort();
    problems.into_result(counts)
}

/// Renders one language: its home page (from `_index.LANG.md` or, without
/// one, from the site title and description) and its sections.
fn render_language(site: &Site, language: &Language, sink: &Sink<'_>) -> Result<usize> {
    let shared = LanguageContext::new(&site.config, &site.content, language);
    let anchor_label = site
        .templates
        .i18n
        .get(&language.code, HEADING_ANCHOR_KEY)?;
    let options = markdown::Options {
        smart_punctuation: language.smart_punctuation,
        heading_anchor_label: &anchor_label,
        reserved_ids: &site.templates.layout_ids,
    };
    let pages = site.content.pages(&language.code);
    let results: Vec<Result<(), Diagnostic>> = pages
        .par_iter()
        .map(|page| render_page(site, &shared, &options, page, sink))
        .collect();
    let mut problems: Diagnostics = results.into_iter().filter_map(|r| r.err()).collect();
    let mut count = pages.len();
    if site.content.home(&language.code).is_none() {
        match render_generated_home(site, &shared, sink) {
            Ok(()) => count += 1,
            Err(d) => problems.push(d),
        }
    }
    problems.into_result(count)
}

/// Renders one page from its Markdown, and for the default language's home
/// page also the site's root `index.html`.
fn render_page(
    site: &Site,
    shared: &LanguageContext,
    options: &markdown::Options<'_>,
    page: &Page,
    sink: &Sink<'_>,
) -> Result<(), Diagnostic> {
    let template = template_for(site, page)?;
    let rendered = markdown::render(&page.body, options);
    let html = render_with(site, shared, page, &rendered, template)?;
    sink(&page.output_file(), html.as_bytes())?;
    if page.kind == PageKind::Home && page.lang == site.config.default_language().code {
        sink(Path::new("index.html"), html.as_bytes())?;
    }
    Ok(())
}

/// The template a page is rendered with; an unknown one set in front
/// matter is an error at its line.
fn template_for<'a>(site: &Site, page: &'a Page) -> Result<&'a str, Diagnostic> {
    let Some(name) = &page.front.template else {
        return Ok(match page.kind {
            PageKind::Home => HOME_TEMPLATE,
            PageKind::Section => SECTION_TEMPLATE,
        });
    };
    let name = name.get_ref().as_str();
    if site.templates.has(name) {
        return Ok(name);
    }
    let mut d = Diagnostic::in_file(
        &page.path,
        format!(
            "`template`: no template named `{name}` (looked in themes/{}/templates/ and templates/)",
            site.config.theme
        ),
    );
    if let Some(position) = page.template_position {
        d = d.at(position);
    }
    Err(d)
}

fn render_with(
    site: &Site,
    shared: &LanguageContext,
    page: &Page,
    rendered: &Rendered,
    template: &str,
) -> Result<String, Diagnostic> {
    let config = &site.config;
    let url = config.base_url.join(&page.site_path());
    let (previous, next) = context::neighbours(config, &site.content, page);
    let view = PageView {
        kind: page.kind.into(),
        title: &page.front.title,
        description: &page.front.description,
        slug: &page.slug,
        permalink: config.base_url.absolute(&url),
        content: &rendered.html,
        toc: &rendered.toc,
        weight: page.front.weight,
        extra: &page.front.extra,
        translations: context::translations(config, &site.content, page),
        previous,
        next,
        url,
    };
    let render_context = RenderContext {
        lang: &page.lang,
        site: &shared.site,
        language: &shared.language,
        sections: shared.sections_marking(&view.url),
        page: view,
    };
    site.templates
        .render(template, &page.lang, &render_context.to_tera(), &page.path)
}

/// A language without `_index.LANG.md` still gets a home page, titled and
/// described from `config.toml`.
fn render_generated_home(
    site: &Site,
    shared: &LanguageContext,
    sink: &Sink<'_>,
) -> Result<(), Diagnostic> {
    let config = &site.config;
    let lang = shared.language.code.as_str();
    let html = render_without_source(site, shared, ViewKind::Home, HOME_TEMPLATE)?;
    sink(&Path::new(lang).join("index.html"), html.as_bytes())?;
    if lang == config.default_language().code {
        sink(Path::new("index.html"), html.as_bytes())?;
    }
    Ok(())
}

/// The root `404.html`, in the default language, linking every language's
/// home page.
fn render_not_found(site: &Site, sink: &Sink<'_>) -> Result<(), Diagnostic> {
    let config = &site.config;
    let shared = LanguageContext::new(config, &site.content, config.default_language());
    let html = render_without_source(site, &shared, ViewKind::NotFound, NOT_FOUND_TEMPLATE)?;
    sink(Path::new("404.html"), html.as_bytes())
}

/// Renders a page that has no Markdown source.
fn render_without_source(
    site: &Site,
    shared: &LanguageContext,
    kind: ViewKind,
    template: &str,
) -> Result<String, Diagnostic> {
    let config = &site.config;
    let lang = shared.language.code.as_str();
    let (title, description) = match kind {
        ViewKind::NotFound => ("", ""),
        _ => (shared.site.title.as_str(), shared.site.description.as_str()),
    };
    let url = match kind {
        ViewKind::NotFound => config.base_url.join("404.html"),
        _ => shared.language.home_url.clone(),
    };
    let extra = toml::Table::new();
    let view = PageView {
        kind,
        title,
        description,
        slug: "",
        permalink: config.base_url.absolute(&url),
        content: "",
        toc: &[],
        weight: 0,
        extra: &extra,
        translations: context::home_translations(config, lang),
        previous: None,
        next: None,
        url,
    };
    let render_context = RenderContext {
        lang,
        site: &shared.site,
        language: &shared.language,
        sections: shared.sections_marking(""),
        page: view,
    };
    let source = site
        .templates
        .source(template)
        .map_or_else(|| PathBuf::from(template), Path::to_path_buf);
    site.templates
        .render(template, lang, &render_context.to_tera(), &source)
}
