//! Rendering a loaded [`Site`]: every page of every language (Markdown →
//! context → template), the pages generated without a source file (a
//! language's home when it has no `_index`, the indicators page, the 404
//! page), the highlighting stylesheet and the data downloads.
//!
//! Each finished file goes to a [`Sink`], so the same code fills a staging
//! directory for `brief build` and memory for other commands. Pages render
//! in parallel; every failure is collected and reported together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod out;
use out::{Origin, Out};

use crate::config::Language;
use crate::content::{CONTENT_DIR, Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::page::KeyFigureView;
use crate::indicators::shortcodes::Expander;
use crate::indicators::{Labels, NumberFormat, PointKind, Presenter, export, labels};
use crate::linkcheck::{LinkIndex, LinkSource};
use crate::markdown::{self, LinkResolver, Rendered, ShortcodeHandler, highlight};
use crate::publish::{self, SitemapPage};
use crate::site::Site;
use crate::templates::context::{
    self, LanguageContext, PageView, RenderContext, SectionLink, ViewKind,
};
use crate::templates::{HOME_TEMPLATE, INDICATORS_TEMPLATE, NOT_FOUND_TEMPLATE, SECTION_TEMPLATE};

/// Where the generated highlighting stylesheet goes in the output.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";
/// UI string used as the accessible label of heading anchors.
pub const HEADING_ANCHOR_KEY: &str = "heading_anchor";
/// The path of the indicators page under each language.
pub const INDICATORS_PATH: &str = "indicators/";

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
}

/// Renders the whole site into `sink`; fails if anything failed.
pub fn render_site(site: &Site, sink: &Sink<'_>) -> Result<RenderReport> {
    let (report, problems) = render_site_collecting(site, sink);
    problems.into_result(report)
}

/// Renders everything that can be rendered into `sink` and returns the
/// problems beside the report (for `brief check`). Pages that failed are
/// still known to the link index as files, so links to them are not
/// reported twice.
pub fn render_site_collecting(site: &Site, sink: &Sink<'_>) -> (RenderReport, Diagnostics) {
    let index = LinkIndex::default();
    let out = Out::new(sink, &index);
    let mut problems = reserve_sources(site, &out);
    let (pages_per_language, render_problems) = render_into(site, &out);
    problems.extend(render_problems);
    problems.sort();
    (
        RenderReport {
            pages_per_language,
            links: index,
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

/// Copies the static files to the output, as they are.
fn write_static_files(site: &Site, out: &Out<'_>) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for file in &site.static_files {
        let written = std::fs::read(&file.real)
            .map_err(|e| Diagnostic::io(&file.source, "read the static file", e))
            .and_then(|bytes| out.write(&file.output, &bytes, &Origin::File(file.source.clone())));
        if let Err(d) = written {
            problems.push(d);
        }
    }
    problems
}

/// Renders every page of every language in one parallel pass, and beside
/// it (on whichever thread is free) the files made once per site or per
/// language: the stylesheet and downloads, the generated home and
/// indicators pages, the 404 page, the sitemap and the feeds.
fn render_into(site: &Site, out: &Out<'_>) -> (Vec<(String, usize)>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let links = PageLinks::new(site);
    // Languages whose shared views fail (a missing UI string) render nothing.
    let jobs: Vec<Option<LanguageRender<'_>>> = site
        .config
        .languages
        .iter()
        .map(|language| {
            LanguageRender::new(site, language)
                .map_err(|e| problems.extend(e))
                .ok()
        })
        .collect();
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
            Some((i, job, job.markdown_options(&links, expander.as_ref())))
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
            pages
                .par_iter()
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
    let counts = site
        .config
        .languages
        .iter()
        .zip(counts)
        .map(|(language, count)| (language.code.clone(), count))
        .collect();
    (counts, problems)
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

/// The highlighting stylesheet and the data downloads.
fn write_site_files(site: &Site, out: &Out<'_>) -> Result<()> {
    let config = &site.config;
    let stylesheet = highlight::stylesheet(&config.highlight.light, &config.highlight.dark)
        .map_err(|message| Diagnostic::in_file(config.path(), format!("`highlight`: {message}")))?;
    out.write(
        Path::new(HIGHLIGHT_CSS),
        stylesheet.as_bytes(),
        &Origin::Generated("the highlighting stylesheet"),
    )?;
    if has_data(site) {
        if !site.templates.has(INDICATORS_TEMPLATE) {
            return Err(Diagnostic::in_file(
                site.indicators.path(),
                format!(
                    "the site has indicator data, but theme `{}` has no `{INDICATORS_TEMPLATE}` template for the indicators page",
                    config.theme
                ),
            )
            .into());
        }
        let languages: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let download = Origin::Generated("the data download made from content/indicators.toml");
        out.write(
            Path::new(export::JSON_FILE),
            export::to_json(&site.indicators).as_bytes(),
            &download,
        )?;
        out.write(
            Path::new(export::CSV_FILE),
            export::to_csv(&site.indicators, &languages).as_bytes(),
            &download,
        )?;
    }
    Ok(())
}

/// The sitemap, robots.txt, the Atom feeds, `.nojekyll` and `CNAME`.
fn write_publishing_files(site: &Site, out: &Out<'_>) -> Result<(), Diagnostic> {
    let config = &site.config;
    out.write(
        Path::new("sitemap.xml"),
        publish::sitemap(&sitemap_pages(site)).as_bytes(),
        &Origin::Generated("the sitemap"),
    )?;
    out.write(
        Path::new("robots.txt"),
        publish::robots(config).as_bytes(),
        &Origin::Generated("robots.txt"),
    )?;
    // GitHub Pages would otherwise run the output through Jekyll.
    let hosting = Origin::Generated("the GitHub Pages settings (.nojekyll, CNAME)");
    out.write(Path::new(".nojekyll"), b"", &hosting)?;
    if let Some(domain) = &config.custom_domain {
        out.write(
            Path::new("CNAME"),
            format!("{domain}\n").as_bytes(),
            &hosting,
        )?;
    }
    for language in &config.languages {
        if let Some(feed) = publish::atom_feed(config, &site.content, &language.code) {
            out.write(
                Path::new(&publish::feed_path(&language.code)),
                feed.as_bytes(),
                &Origin::Generated("the Atom feed"),
            )?;
        }
    }
    Ok(())
}

/// Every page of every language with its alternates, for the sitemap.
fn sitemap_pages(site: &Site) -> Vec<SitemapPage> {
    let config = &site.config;
    let default = &config.default_language().code;
    let alternates = |translations: Vec<context::Translation>| {
        let mut list: Vec<(String, String)> = translations
            .iter()
            .filter(|t| t.exists)
            .map(|t| (t.html_lang.clone(), t.permalink.clone()))
            .collect();
        if let Some(t) = translations.iter().find(|t| t.exists && &t.code == default) {
            list.push(("x-default".to_string(), t.permalink.clone()));
        }
        list
    };
    let mut pages = Vec::new();
    for language in &config.languages {
        let lang = language.code.as_str();
        let mut generated = Vec::new();
        if site.content.home(lang).is_none() {
            generated.push("");
        }
        if has_data(site) {
            generated.push(INDICATORS_PATH);
        }
        for page in site.content.pages(lang) {
            pages.push(SitemapPage {
                loc: config
                    .base_url
                    .absolute(&config.base_url.join(&page.site_path())),
                alternates: alternates(context::translations(config, &site.content, page)),
                lastmod: page.updated.clone(),
            });
        }
        for path in generated {
            pages.push(SitemapPage {
                loc: config
                    .base_url
                    .absolute(&config.base_url.join(&format!("{lang}/{path}"))),
                alternates: alternates(context::generated_translations(config, lang, path)),
                lastmod: None,
            });
        }
    }
    pages
}

fn has_data(site: &Site) -> bool {
    !site.indicators.indicators.is_empty()
}

/// Everything shared by the pages of one language, built once.
struct LanguageRender<'a> {
    site: &'a Site,
    language: &'a Language,
    shared: LanguageContext,
    anchor_label: String,
    numbers: NumberFormat,
    /// The indicator words; `None` when the site has no data.
    labels: Option<Labels>,
    indicators_url: String,
}

impl<'a> LanguageRender<'a> {
    fn new(site: &'a Site, language: &'a Language) -> Result<Self> {
        let config = &site.config;
        let mut shared = LanguageContext::new(config, &site.content, language);
        let anchor_label = site
            .templates
            .i18n
            .get(&language.code, HEADING_ANCHOR_KEY)?;
        let labels = if has_data(site) {
            Some(indicator_labels(site, language)?)
        } else {
            None
        };
        let indicators_url = config
            .base_url
            .join(&format!("{}/{INDICATORS_PATH}", language.code));
        if let Some(labels) = &labels {
            shared.sections.push(SectionLink {
                title: labels.get("indicators_title").to_string(),
                description: labels.get("indicators_description").to_string(),
                url: indicators_url.clone(),
                slug: INDICATORS_PATH.trim_end_matches('/').to_string(),
                weight: i64::MAX,
            });
        }
        Ok(LanguageRender {
            site,
            language,
            shared,
            anchor_label,
            numbers: NumberFormat::new(&language.code, &language.html_lang),
            labels,
            indicators_url,
        })
    }

    fn presenter(&self) -> Option<Presenter<'_>> {
        self.labels.as_ref().map(|labels| Presenter {
            data: &self.site.indicators,
            lang: &self.language.code,
            numbers: &self.numbers,
            labels,
            page_url: &self.indicators_url,
        })
    }

    /// How Markdown is rendered in this language: its punctuation, heading
    /// anchors and data shortcodes (`expander`), and links between pages.
    fn markdown_options<'o>(
        &'o self,
        links: &'o PageLinks,
        expander: Option<&'o Expander<'_>>,
    ) -> markdown::Options<'o> {
        markdown::Options {
            smart_punctuation: self.language.smart_punctuation,
            heading_anchor_label: &self.anchor_label,
            reserved_ids: &self.site.templates.layout_ids,
            shortcodes: expander.map(|e| e as &dyn ShortcodeHandler),
            links: Some(links),
        }
    }

    /// Renders the language's pages that have no Markdown source: a home
    /// page when there is no `_index`, and the indicators page when the
    /// site has data. Returns how many it rendered.
    fn render_generated_pages(&self, out: &Out<'_>) -> (usize, Diagnostics) {
        let mut problems = Diagnostics::new();
        let mut count = 0;
        let home_missing = self.site.content.home(&self.language.code).is_none();
        if home_missing {
            match self.render_generated(ViewKind::Home, out) {
                Ok(()) => count += 1,
                Err(d) => problems.push(d),
            }
        }
        if self.labels.is_some() {
            match self.render_generated(ViewKind::Indicators, out) {
                Ok(()) => count += 1,
                Err(d) => problems.push(d),
            }
        }
        (count, problems)
    }

    /// Renders one page from its Markdown, and for the default language's
    /// home page also the site's root `index.html`.
    fn render_page(
        &self,
        options: &markdown::Options<'_>,
        page: &Page,
        out: &Out<'_>,
    ) -> Result<()> {
        let template = template_for(self.site, page)?;
        // Rendered leniently so that a page with a bad shortcode is still
        // written to the sink and its links checked; the problems fail it.
        let (rendered, body_errors) = markdown::render_lenient(&page.body, options);
        let mut problems: Diagnostics = body_errors
            .into_iter()
            .map(|e| {
                Diagnostic::in_file(&page.path, e.message).at(e.position.shifted(page.body_line))
            })
            .collect();
        let key_figures = self.key_figures(page).unwrap_or_else(|e| {
            problems.extend(e);
            Vec::new()
        });
        let html = self.render_with(page, &rendered, template, key_figures)?;
        let link_source = LinkSource {
            file: page.path.clone(),
            links: rendered
                .links
                .positions
                .iter()
                .map(|(dest, at)| (dest.clone(), at.shifted(page.body_line)))
                .collect(),
            unresolved: rendered
                .links
                .unresolved
                .iter()
                .map(|(dest, at, message)| {
                    (dest.clone(), at.shifted(page.body_line), message.clone())
                })
                .collect(),
            template: self.site.templates.source(template).map(Path::to_path_buf),
        };
        out.index
            .record_source(&page.output_file(), link_source.clone());
        let origin = Origin::File(page.path.clone());
        out.write(&page.output_file(), html.as_bytes(), &origin)?;
        if !problems.is_empty() {
            return Err(problems);
        }
        if page.kind == PageKind::Home && page.lang == self.site.config.default_language().code {
            out.index
                .record_source(Path::new("index.html"), link_source.clone());
            out.write(Path::new("index.html"), html.as_bytes(), &ROOT_INDEX)?;
        }
        Ok(())
    }

    /// Resolves a page's `key_figures` front matter.
    fn key_figures(&self, page: &Page) -> Result<Vec<KeyFigureView>> {
        if page.front.key_figures.is_empty() {
            return Ok(Vec::new());
        }
        let mut problems = Diagnostics::new();
        let mut figures = Vec::new();
        for (entry, position) in page
            .front
            .key_figures
            .iter()
            .zip(&page.key_figure_positions)
        {
            let entry = entry.get_ref();
            let result = match self.presenter() {
                None => {
                    Err("this site has no indicator data (content/indicators.toml)".to_string())
                }
                Some(presenter) => entry
                    .kind
                    .as_deref()
                    .map(PointKind::parse)
                    .transpose()
                    .and_then(|kind| presenter.key_figure(&entry.id, entry.year, kind)),
            };
            match result {
                Ok(figure) => figures.push(figure),
                Err(message) => problems.push(
                    Diagnostic::in_file(&page.path, format!("`key_figures`: {message}"))
                        .at(*position),
                ),
            }
        }
        problems.into_result(figures)
    }

    fn render_with(
        &self,
        page: &Page,
        rendered: &Rendered,
        template: &str,
        key_figures: Vec<KeyFigureView>,
    ) -> Result<String, Diagnostic> {
        let config = &self.site.config;
        let url = config.base_url.join(&page.site_path());
        let (previous, next) = context::neighbours(config, &self.site.content, page);
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
            key_figures,
            translations: context::translations(config, &self.site.content, page),
            number: self.site.content.section_number(&page.name, &page.lang),
            previous,
            next,
            url,
        };
        let templates = &self.site.templates;
        let render_context = RenderContext {
            lang: &page.lang,
            site: &self.shared.site,
            language: &self.shared.language,
            sections: templates
                .may_read(template, "sections")
                .then(|| self.shared.sections_marking(&view.url)),
            page: view,
            indicators: None,
        };
        templates.render(template, &page.lang, &render_context.to_tera(), &page.path)
    }

    /// Renders a page without a Markdown source: a language's home (from
    /// the site title and description) or the indicators page.
    fn render_generated(&self, kind: ViewKind, out: &Out<'_>) -> Result<(), Diagnostic> {
        let lang = self.language.code.as_str();
        let (template, path, title, description) = match kind {
            ViewKind::Indicators => {
                let labels = self.labels.as_ref();
                (
                    INDICATORS_TEMPLATE,
                    INDICATORS_PATH,
                    labels.map_or("", |l| l.get("indicators_title")),
                    labels.map_or("", |l| l.get("indicators_description")),
                )
            }
            _ => (
                HOME_TEMPLATE,
                "",
                self.shared.site.title.as_str(),
                self.shared.site.description.as_str(),
            ),
        };
        let indicators = match (kind, self.presenter()) {
            (ViewKind::Indicators, Some(presenter)) => Some(presenter.indicators_view(
                self.site.config.base_url.join(export::JSON_FILE),
                self.site.config.base_url.join(export::CSV_FILE),
            )),
            _ => None,
        };
        let (html, template) = render_generated_page(
            self.site,
            &self.shared,
            GeneratedPage {
                kind,
                template,
                path,
                title,
                description,
            },
            indicators.as_ref(),
        )?;
        let file = Path::new(lang).join(path).join("index.html");
        let origin = match kind {
            ViewKind::Indicators => {
                Origin::Generated("the indicators page (made from content/indicators.toml)")
            }
            _ => Origin::Generated("the home page made from config.toml (there is no _index page)"),
        };
        out.write_generated(&file, &html, &origin, &template)?;
        if kind == ViewKind::Home && lang == self.site.config.default_language().code {
            out.write_generated(Path::new("index.html"), &html, &ROOT_INDEX, &template)?;
        }
        Ok(())
    }
}

/// The site path of every published page, by its source file relative to
/// the content directory (`goals.en.md`), for links written as source file
/// references.
struct PageLinks(HashMap<String, String>);

impl PageLinks {
    fn new(site: &Site) -> Self {
        let content_dir = site.config.root.join(CONTENT_DIR);
        let map = site
            .content
            .all_pages()
            .map(|page| {
                let relative = page.path.strip_prefix(&content_dir).unwrap_or(&page.path);
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                (key, site.config.base_url.join(&page.site_path()))
            })
            .collect();
        PageLinks(map)
    }
}

impl LinkResolver for PageLinks {
    fn resolve(&self, file: &str) -> Option<String> {
        self.0.get(file).cloned()
    }
}

/// The indicator words of a language, or an error naming the UI strings
/// file and the missing keys.
fn indicator_labels(site: &Site, language: &Language) -> Result<Labels, Diagnostic> {
    Labels::new(&site.templates.i18n.strings(&language.code)).map_err(|missing| {
        let file = site.templates.i18n.file(&language.code);
        Diagnostic::in_file(
            file,
            format!(
                "the indicator pages need these UI strings for `{}`: {} (all keys: {})",
                language.code,
                missing.join(", "),
                labels::KEYS.join(", ")
            ),
        )
    })
}

/// The template a page is rendered with; an unknown one set in front
/// matter is an error at its line.
fn template_for<'p>(site: &Site, page: &'p Page) -> Result<&'p str, Diagnostic> {
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

/// A page rendered without a Markdown source.
struct GeneratedPage<'a> {
    kind: ViewKind,
    template: &'a str,
    /// Path under the language directory: `` for a home, `indicators/`.
    path: &'a str,
    title: &'a str,
    description: &'a str,
}

fn render_generated_page(
    site: &Site,
    shared: &LanguageContext,
    generated: GeneratedPage<'_>,
    indicators: Option<&crate::indicators::page::IndicatorsView>,
) -> Result<(String, PathBuf), Diagnostic> {
    let config = &site.config;
    let lang = shared.language.code.as_str();
    let url = match generated.kind {
        ViewKind::NotFound => config.base_url.join("404.html"),
        _ => config.base_url.join(&format!("{lang}/{}", generated.path)),
    };
    let extra = toml::Table::new();
    let view = PageView {
        kind: generated.kind,
        title: generated.title,
        description: generated.description,
        slug: generated.path.trim_end_matches('/'),
        permalink: config.base_url.absolute(&url),
        content: "",
        toc: &[],
        weight: 0,
        extra: &extra,
        key_figures: Vec::new(),
        translations: context::generated_translations(config, lang, generated.path),
        number: None,
        previous: None,
        next: None,
        url,
    };
    let render_context = RenderContext {
        lang,
        site: &shared.site,
        language: &shared.language,
        sections: site
            .templates
            .may_read(generated.template, "sections")
            .then(|| shared.sections_marking(&view.url)),
        page: view,
        indicators,
    };
    let source = site
        .templates
        .source(generated.template)
        .map_or_else(|| PathBuf::from(generated.template), Path::to_path_buf);
    let html =
        site.templates
            .render(generated.template, lang, &render_context.to_tera(), &source)?;
    Ok((html, source))
}

/// The root `404.html`, in the default language, linking every language's
/// home page.
fn render_not_found(site: &Site, out: &Out<'_>) -> Result<(), Diagnostic> {
    let config = &site.config;
    let shared = LanguageContext::new(config, &site.content, config.default_language());
    let (html, template) = render_generated_page(
        site,
        &shared,
        GeneratedPage {
            kind: ViewKind::NotFound,
            template: NOT_FOUND_TEMPLATE,
            path: "",
            title: "",
            description: "",
        },
        None,
    )?;
    out.write_generated(
        Path::new("404.html"),
        &html,
        &Origin::Generated("the 404 page"),
        &template,
    )
}
