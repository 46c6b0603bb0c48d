//! The one way a page becomes HTML: a page source (a Markdown page, or a
//! page made without one: a language's home from the configuration, the
//! indicators page, the 404 page) becomes one [`PageView`], which goes with
//! the language's shared context through the page's template. The PDF
//! edition is meant to be a second consumer of the same view.

use std::path::{Path, PathBuf};

use crate::content::{Page, translations};
use crate::diagnostic::Diagnostic;
use crate::indicators::page::{IndicatorsView, KeyFigureView};
use crate::markdown::Rendered;
use crate::site::Site;
use crate::templates::context::{CardView, LanguageContext, PageView, RenderContext, ViewKind};

/// What a page is made from.
pub(super) enum PageSource<'a> {
    /// A Markdown page, rendered, with its resolved key figures.
    Markdown {
        page: &'a Page,
        rendered: &'a Rendered,
        key_figures: Vec<KeyFigureView>,
        card: Option<&'a CardView>,
    },
    /// A page without a Markdown source.
    Generated(GeneratedPage<'a>),
}

/// A page made without a Markdown source.
#[derive(Clone, Copy)]
pub(super) struct GeneratedPage<'a> {
    pub kind: ViewKind,
    /// Path under the language directory: `` for a home, `indicators/`.
    pub path: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub card: Option<&'a CardView>,
}

/// Renders `source` with `template` in the language of `shared`. Returns
/// the HTML and the template's file (what a message about the page's
/// markup names).
pub(super) fn render(
    site: &Site,
    shared: &LanguageContext,
    template: &str,
    source: PageSource<'_>,
    indicators: Option<&IndicatorsView>,
) -> Result<(String, PathBuf), Diagnostic> {
    let lang = shared.language.code.as_str();
    let template_file = site
        .templates
        .source(template)
        .map_or_else(|| PathBuf::from(template), Path::to_path_buf);
    let no_extra = toml::Table::new();
    let (view, for_what) = match source {
        PageSource::Markdown {
            page,
            rendered,
            key_figures,
            card,
        } => (
            markdown_view(site, page, rendered, key_figures, card),
            page.path.clone(),
        ),
        PageSource::Generated(generated) => (
            generated_view(site, lang, generated, &no_extra),
            template_file.clone(),
        ),
    };
    let render_context = RenderContext {
        lang,
        site: &shared.site,
        language: &shared.language,
        page: view,
        indicators,
    };
    let context = render_context.to_tera().map_err(|e| {
        Diagnostic::in_file(&for_what, "cannot pass the page's values to its template")
            .with_source(e)
    })?;
    let html = site.templates.render(template, lang, &context, &for_what)?;
    Ok((html, template_file))
}

/// The view of a Markdown page.
fn markdown_view<'a>(
    site: &'a Site,
    page: &'a Page,
    rendered: &'a Rendered,
    key_figures: Vec<KeyFigureView>,
    card: Option<&'a CardView>,
) -> PageView<'a> {
    let (config, content) = (&site.config, &site.content);
    let url = config.base_url.join(&page.site_path());
    let (previous, next) = site.templates.neighbours(&page.lang, &url);
    PageView {
        kind: page.kind.into(),
        title: &page.front.title,
        description: &page.front.description,
        slug: &page.slug,
        permalink: config.base_url.absolute(&url),
        content: &rendered.html,
        summary: rendered.summary(),
        after_summary: rendered.after_summary(),
        toc: &rendered.toc,
        weight: page.front.weight,
        extra: &page.front.extra,
        key_figures,
        translations: translations::translations(config, content, page),
        number: content.section_number(&page.name, &page.lang),
        previous,
        next,
        nav: site.templates.nav(&page.lang, &url),
        url,
        card,
    }
}

/// The view of a page without a Markdown source.
fn generated_view<'a>(
    site: &'a Site,
    lang: &str,
    generated: GeneratedPage<'a>,
    no_extra: &'a toml::Table,
) -> PageView<'a> {
    let config = &site.config;
    let url = match generated.kind {
        ViewKind::NotFound => config.base_url.join("404.html"),
        _ => config.base_url.join(&format!("{lang}/{}", generated.path)),
    };
    // The indicators page closes the list of sections: its pager leads
    // back to the last section, as the last section's leads to it.
    let (previous, next) = match generated.kind {
        ViewKind::Indicators => site.templates.neighbours(lang, &url),
        _ => (None, None),
    };
    PageView {
        kind: generated.kind,
        title: generated.title,
        description: generated.description,
        slug: generated.path.trim_end_matches('/'),
        permalink: config.base_url.absolute(&url),
        content: "",
        summary: "",
        after_summary: "",
        toc: &[],
        weight: 0,
        extra: no_extra,
        key_figures: Vec::new(),
        translations: translations::generated_translations(config, lang, generated.path),
        number: None,
        previous,
        next,
        nav: site.templates.nav(lang, &url),
        url,
        card: generated.card,
    }
}
