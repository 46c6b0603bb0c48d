//! What the pages of one language share, built once per language (the
//! shared template context, the number formatter, the indicator presenter,
//! the Markdown options), and the rendering of each of its pages.

use std::collections::HashMap;
use std::path::Path;

use super::out::{Origin, Out};
use super::view::{self, GeneratedPage, PageSource};
use super::{HEADING_ANCHOR_KEY, INDICATORS_PATH, ROOT_INDEX, has_data};
use crate::citation::{
    self, CitationView, DatasetSource, Edition, Reference, to_bibtex, to_csl_json, to_ris,
};
use crate::config::Language;
use crate::content::{CONTENT_DIR, Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::page::key_figures;
use crate::indicators::shortcodes::Expander;
use crate::indicators::{Labels, NumberFormat, Presenter, export, labels};
use crate::linkcheck::LinkSource;
use crate::markdown::{self, LinkResolver, ShortcodeHandler};
use crate::site::Site;
use crate::templates::context::{LanguageContext, ViewKind};
use crate::templates::{HOME_TEMPLATE, INDICATORS_TEMPLATE};

/// Everything shared by the pages of one language, built once.
pub(super) struct LanguageRender<'a> {
    pub(super) site: &'a Site,
    pub(super) language: &'a Language,
    shared: LanguageContext,
    anchor_label: String,
    /// The number formatter; `None` when the site has no data.
    numbers: Option<NumberFormat>,
    /// The indicator words; `None` when the site has no data.
    labels: Option<Labels>,
    indicators_url: String,
    /// The edition as a citable work and its formatted reference, with
    /// `[publication]`.
    citation: Option<(Edition, Reference)>,
    /// The share cards, with `[cards]`.
    #[cfg(feature = "cards")]
    cards: Option<super::cards::LanguageCards<'a>>,
}

impl<'a> LanguageRender<'a> {
    pub(super) fn new(site: &'a Site, language: &'a Language) -> Result<Self> {
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
        let citation = match Edition::new(config, language, &site.indicators.sources) {
            Some(edition) => {
                let reference = reference(site, &edition)?;
                let view =
                    citation_view(site, &edition, &reference, labels.as_ref(), &indicators_url);
                shared.set_citation(view);
                Some((edition, reference))
            }
            None => None,
        };
        Ok(LanguageRender {
            site,
            language,
            shared,
            anchor_label,
            numbers: labels
                .as_ref()
                .map(|l| NumberFormat::new(&language.html_lang, l)),
            labels,
            indicators_url,
            citation,
            #[cfg(feature = "cards")]
            cards: None,
        })
    }

    /// Gives every page of the language a share card, with the home
    /// page's first key figure (its value, label, year and kind).
    #[cfg(feature = "cards")]
    pub(super) fn set_cards(
        &mut self,
        painter: std::sync::Arc<crate::cards::Painter>,
        drawn: &'a crate::cards::Drawn,
    ) {
        let figure = self
            .site
            .content
            .home(&self.language.code)
            .and_then(|home| key_figures(self.presenter().as_ref(), home).ok())
            .and_then(|figures| figures.into_iter().next())
            .map(|f| (f.text, format!("{} · {}", f.label, f.when)));
        self.cards = Some(super::cards::LanguageCards::new(
            &self.site.config,
            self.language,
            painter,
            drawn,
            figure,
        ));
    }

    /// The share card of a page titled `title`, when the site has them.
    fn card(
        &self,
        title: &str,
        home: bool,
        out: &Out<'_>,
    ) -> Result<Option<crate::templates::context::CardView>, Diagnostic> {
        #[cfg(feature = "cards")]
        if let Some(cards) = &self.cards {
            return cards.card(title, home, out).map(Some);
        }
        let _ = (title, home, out);
        Ok(None)
    }

    /// The formatted reference of the edition, with `[publication]`.
    #[cfg(feature = "pdf")]
    pub(super) fn reference(&self) -> Option<&Reference> {
        self.citation.as_ref().map(|(_, reference)| reference)
    }

    /// Writes the edition's `cite.bib`, `cite.ris` and `cite.json`.
    fn write_citation_files(&self, out: &Out<'_>) -> Result<(), Diagnostic> {
        let Some((edition, _)) = &self.citation else {
            return Ok(());
        };
        let origin =
            Origin::Generated("the citation downloads made from [publication] in config.toml");
        let files = [to_bibtex(edition), to_ris(edition), to_csl_json(edition)];
        for (name, text) in citation::FILES.iter().zip(files) {
            out.write(
                Path::new(&edition.file_path(name)),
                text.as_bytes(),
                &origin,
            )?;
        }
        Ok(())
    }

    /// Links every page of the language to its PDF edition.
    #[cfg(feature = "pdf")]
    pub(super) fn set_pdf(&mut self, pdf: crate::templates::context::PdfView) {
        self.shared.language.pdf = Some(pdf.clone());
        if let Some(view) = self
            .shared
            .site
            .languages
            .iter_mut()
            .find(|l| l.code == self.language.code)
        {
            view.pdf = Some(pdf);
        }
    }

    pub(super) fn presenter(&self) -> Option<Presenter<'_>> {
        let (labels, numbers) = (self.labels.as_ref()?, self.numbers.as_ref()?);
        Some(Presenter {
            data: &self.site.indicators,
            lang: &self.language.code,
            numbers,
            labels,
            page_url: &self.indicators_url,
        })
    }

    /// How Markdown is rendered in this language: its punctuation, heading
    /// anchors and data shortcodes (`expander`), and links between pages.
    pub(super) fn markdown_options<'o>(
        &'o self,
        links: &'o PageLinks,
        expander: Option<&'o Expander<'_>>,
        highlight_cache: &'o markdown::highlight::Cache,
    ) -> markdown::Options<'o> {
        markdown::Options {
            smart_punctuation: self.language.smart_punctuation,
            heading_anchor_label: &self.anchor_label,
            reserved_ids: &self.site.templates.layout_ids,
            shortcodes: expander.map(|e| e as &dyn ShortcodeHandler),
            links: Some(links),
            highlight_cache: Some(highlight_cache),
        }
    }

    /// Renders the language's pages that have no Markdown source: a home
    /// page when there is no `_index`, and the indicators page when the
    /// site has data. Returns how many it rendered.
    pub(super) fn render_generated_pages(&self, out: &Out<'_>) -> (usize, Diagnostics) {
        let mut problems = Diagnostics::new();
        if let Err(d) = self.write_citation_files(out) {
            problems.push(d);
        }
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
    pub(super) fn render_page(
        &self,
        options: &markdown::Options<'_>,
        page: &Page,
        out: &Out<'_>,
    ) -> Result<()> {
        let template = self
            .site
            .templates
            .page_template(page, &self.site.config.theme)?;
        // Rendered leniently so that a page with a bad shortcode is still
        // written to the sink and its links checked; the problems fail it.
        let (rendered, body_errors) = markdown::render_lenient(&page.body, options);
        let mut problems: Diagnostics = body_errors
            .into_iter()
            .map(|e| e.with_path(&page.path).below(page.body_line))
            .collect();
        let key_figures = key_figures(self.presenter().as_ref(), page).unwrap_or_else(|e| {
            problems.extend(e);
            Vec::new()
        });
        let home = page.kind == PageKind::Home;
        let card_title = if home {
            &self.language.title
        } else {
            &page.front.title
        };
        let card = self.card(card_title, home, out).unwrap_or_else(|d| {
            problems.push(d.with_path(&page.path));
            None
        });
        let source = PageSource::Markdown {
            page,
            rendered: &rendered,
            key_figures,
            card: card.as_ref(),
        };
        let (html, _) = view::render(self.site, &self.shared, template, source, None)?;
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
        out.write_text(&page.output_file(), &html, &origin)?;
        if !problems.is_empty() {
            return Err(problems);
        }
        if page.kind == PageKind::Home && page.lang == self.site.config.default_language().code {
            out.index
                .record_source(Path::new("index.html"), link_source.clone());
            out.write_text(Path::new("index.html"), &html, &ROOT_INDEX)?;
        }
        Ok(())
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
        let home = kind == ViewKind::Home;
        let card = self.card(title, home, out)?;
        let generated = GeneratedPage {
            kind,
            path,
            title,
            description,
            card: card.as_ref(),
        };
        let (html, template) = view::render(
            self.site,
            &self.shared,
            template,
            PageSource::Generated(generated),
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
pub(super) struct PageLinks(HashMap<String, String>);

impl PageLinks {
    pub(super) fn new(site: &Site) -> Self {
        let content_dir = site.config.root.join(CONTENT_DIR);
        let map = site
            .content
            .all_pages()
            .map(|page| {
                let relative = page.path.strip_prefix(&content_dir).unwrap_or(&page.path);
                let key = crate::walk::slash_path(relative);
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

/// The edition's reference in its style, or an error naming the
/// configuration.
fn reference(site: &Site, edition: &Edition) -> Result<Reference, Diagnostic> {
    Reference::new(edition).map_err(|d| {
        Diagnostic::in_file(
            site.config.path(),
            format!(
                "`publication`: the `{}` reference could not be formatted: {}",
                edition.lang,
                d.message()
            ),
        )
    })
}

/// The edition's view, with the `Dataset` of the indicators page when
/// the site has data (`labels`).
fn citation_view(
    site: &Site,
    edition: &Edition,
    reference: &Reference,
    labels: Option<&Labels>,
    indicators_url: &str,
) -> CitationView {
    let config = &site.config;
    let downloads = [
        (config.base_url.join(export::CSV_FILE), "text/csv"),
        (config.base_url.join(export::JSON_FILE), "application/json"),
        (
            config
                .base_url
                .join(crate::indicators::package::PACKAGE_FILE),
            "application/json",
        ),
    ];
    let dataset = labels.map(|labels| DatasetSource {
        title: labels.get("indicators_title"),
        description: labels.get("indicators_description"),
        path: indicators_url,
        downloads: &downloads,
    });
    edition.view(reference, &config.base_url, dataset.as_ref())
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
