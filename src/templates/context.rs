//! What templates see: plain serialisable views of the site, a language and
//! a page. The shape is documented in the README ("Templates"); the theme
//! relies on every field named here.

use serde::Serialize;

pub use crate::content::translations::Translation;

use crate::config::{Config, Language, Publication};
use crate::content::{Content, INDICATORS_PATH, PageKind};
use crate::indicators::page::{IndicatorsView, KeyFigureView};
use crate::markdown::TocEntry;

/// A language as templates see it, with its home page's URLs.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    /// `zh`
    pub code: String,
    /// The language's own name: `中文`.
    pub name: String,
    /// `<html lang>` value: `zh-Hans`.
    pub html_lang: String,
    /// Open Graph locale: `zh_CN`.
    pub locale: String,
    /// The site title in this language.
    pub title: String,
    /// The site description in this language.
    pub description: String,
    /// Site path of the language's home page: `/brief/zh/`.
    pub home_url: String,
    /// Absolute URL of the language's home page.
    pub home_permalink: String,
    /// Site path of the language's Atom feed, when it has one.
    pub feed_url: Option<String>,
    /// The language's PDF edition, when the build made one.
    pub pdf: Option<PdfView>,
    /// The edition as a citable work (with `[publication]`): the
    /// formatted reference, the downloads, the values of the discovery
    /// metadata and the JSON-LD.
    pub citation: Option<crate::citation::CitationView>,
}

/// A PDF edition, as the download link shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PdfView {
    /// Its site path: `/brief/zh/brief.pdf`.
    pub url: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// Its size as read: `1.2 MB`, `840 kB`.
    pub size: String,
}

impl PdfView {
    /// The view of an edition of `bytes` bytes at site path `url`.
    pub fn new(url: String, bytes: usize) -> Self {
        // Decimal units, as file managers and browsers show downloads.
        let size = if bytes >= 1_000_000 {
            format!("{:.1} MB", bytes as f64 / 1e6)
        } else {
            format!("{} kB", bytes.div_ceil(1000))
        };
        PdfView { url, bytes, size }
    }
}

impl LanguageView {
    fn new(config: &Config, content: &Content, language: &Language) -> Self {
        let home_url = config.base_url.join(&format!("{}/", language.code));
        let has_feed = !crate::publish::feed_entries(content, &language.code).is_empty();
        LanguageView {
            pdf: None,
            citation: None,
            feed_url: has_feed.then(|| {
                config
                    .base_url
                    .join(&crate::publish::feed_path(&language.code))
            }),
            code: language.code.clone(),
            name: language.name.clone(),
            html_lang: language.html_lang.clone(),
            locale: language.locale.clone(),
            title: language.title.clone(),
            description: language.description.clone(),
            home_permalink: config.base_url.absolute(&home_url),
            home_url,
        }
    }
}

/// The site as templates see it in one language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title in the current language.
    pub title: String,
    /// Site description in the current language.
    pub description: String,
    /// The absolute base URL: `https://user.github.io/brief/`.
    pub base_url: String,
    /// The path every site URL starts with: `/brief/`.
    pub base_path: String,
    /// Code of the default language.
    pub default_language: String,
    /// Every language, the default first.
    pub languages: Vec<LanguageView>,
    /// When and by whom the brief is published (`[publication]`).
    pub publication: Option<PublicationView>,
}

/// The publication as templates see it in one language.
#[derive(Debug, Clone, Serialize)]
pub struct PublicationView {
    /// The publication date, `2026-11-27` (format it with `local_date`).
    pub date: String,
    /// The date the information is as of, `2024-06` or `2024-06-19`.
    pub as_of: Option<String>,
    /// The publisher's name in this language.
    pub publisher: Option<String>,
    /// The authors' names in this language.
    pub authors: Vec<String>,
}

impl PublicationView {
    fn new(publication: &Publication, lang: &str) -> Self {
        let text = |names: &std::collections::BTreeMap<String, String>| {
            names.get(lang).cloned().unwrap_or_default()
        };
        PublicationView {
            date: publication.date.to_string(),
            as_of: publication.as_of.map(|d| d.to_string()),
            publisher: publication.publisher.as_ref().map(text),
            authors: publication
                .authors
                .iter()
                .map(|a| a.display_name(lang))
                .collect(),
        }
    }
}

/// A section in the language's list of sections (shared by its pages).
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    /// Section title.
    pub title: String,
    /// The short label for navigation (`nav_title`, else the title).
    pub nav_title: String,
    /// Section description.
    pub description: String,
    /// Site path of the section.
    pub url: String,
    /// URL slug.
    pub slug: String,
    /// Weight (order).
    pub weight: i64,
}

/// A section in a page's navigation (`page.nav`).
#[derive(Debug, Clone, Serialize)]
pub struct NavLink<'a> {
    /// Section title.
    pub title: &'a str,
    /// The short label for navigation.
    pub nav_title: &'a str,
    /// Site path of the section.
    pub url: &'a str,
    /// Whether it is the page being rendered.
    pub current: bool,
}

/// A link to the previous or next section.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Title of the linked page.
    pub title: String,
    /// Site path of the linked page.
    pub url: String,
}

/// Kind of page, for templates: `home`, `section`, `not_found` or
/// `indicators`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// A language's home page.
    Home,
    /// A section.
    Section,
    /// The 404 page.
    NotFound,
    /// The generated indicators page.
    Indicators,
}

impl From<PageKind> for ViewKind {
    fn from(kind: PageKind) -> Self {
        match kind {
            PageKind::Home => ViewKind::Home,
            PageKind::Section => ViewKind::Section,
        }
    }
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Home, section or 404.
    pub kind: ViewKind,
    /// Title from front matter.
    pub title: &'a str,
    /// Description from front matter.
    pub description: &'a str,
    /// URL slug (empty for home pages).
    pub slug: &'a str,
    /// Site path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// The rendered Markdown body (templates output it with `| safe`).
    pub content: &'a str,
    /// The part of the body before a `<!-- more -->` line (empty without
    /// one).
    pub summary: &'a str,
    /// The part of the body after a `<!-- more -->` line (the whole body
    /// without one).
    pub after_summary: &'a str,
    /// The table of contents.
    pub toc: &'a [TocEntry],
    /// Weight (order).
    pub weight: i64,
    /// Free-form values from front matter.
    pub extra: &'a toml::Table,
    /// The key figures of a home page (from `key_figures` in front matter).
    pub key_figures: Vec<KeyFigureView>,
    /// The page in every language, the default first.
    pub translations: Vec<Translation>,
    /// A section's position among the language's sections, from 1 (none
    /// on other pages).
    pub number: Option<usize>,
    /// The previous section in order.
    pub previous: Option<Link>,
    /// The next section in order.
    pub next: Option<Link>,
    /// The page's share card (with `[cards]`).
    pub card: Option<&'a CardView>,
    /// The site navigation: at most [`super::NAV_LIMIT`] sections around
    /// the page.
    pub nav: Vec<NavLink<'a>>,
}

/// A page's share card, as the head's `og:image` names it.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    /// Its absolute URL.
    pub url: String,
    /// What it shows, for `og:image:alt`.
    pub alt: String,
    /// Its size in pixels.
    pub width: u32,
    pub height: u32,
}

/// The whole context of one render.
#[derive(Debug, Serialize)]
pub struct RenderContext<'a> {
    /// Current language code.
    pub lang: &'a str,
    /// The site.
    pub site: &'a SiteView,
    /// The current language.
    pub language: &'a LanguageView,
    /// The page.
    pub page: PageView<'a>,
    /// The indicators page's data (only on that page).
    pub indicators: Option<&'a IndicatorsView>,
}

impl RenderContext<'_> {
    /// Converts to Tera's context type.
    pub fn to_tera(&self) -> Result<tera::Context, tera::Error> {
        tera::Context::from_serialize(self)
    }
}

/// The views that are the same for every page of a language, built once.
#[derive(Debug)]
pub struct LanguageContext {
    /// The site in this language.
    pub site: SiteView,
    /// This language.
    pub language: LanguageView,
}

impl LanguageContext {
    /// Builds the shared views for `language`.
    pub fn new(config: &Config, content: &Content, language: &Language) -> Self {
        let languages: Vec<LanguageView> = config
            .languages
            .iter()
            .map(|l| LanguageView::new(config, content, l))
            .collect();
        let current = languages
            .iter()
            .find(|l| l.code == language.code)
            .cloned()
            .unwrap_or_else(|| LanguageView::new(config, content, language));
        LanguageContext {
            site: SiteView {
                title: language.title.clone(),
                description: language.description.clone(),
                base_url: config.base_url.absolute(&config.base_url.path),
                base_path: config.base_url.path.clone(),
                default_language: config.default_language().code.clone(),
                languages,
                publication: config
                    .publication
                    .as_ref()
                    .map(|p| PublicationView::new(p, &language.code)),
            },
            language: current,
        }
    }
}

impl LanguageContext {
    /// Gives the current language its citation (the other languages in
    /// `site.languages` have none: no page shows another's).
    pub fn set_citation(&mut self, view: crate::citation::CitationView) {
        self.language.citation = Some(view);
    }
}

/// The sections of `lang` in order, then the indicators page when
/// `indicators` gives its title and description: what the templates'
/// `sections()` returns.
pub fn section_links(
    config: &Config,
    content: &Content,
    lang: &str,
    indicators: Option<(&str, &str)>,
) -> Vec<SectionLink> {
    let mut links: Vec<SectionLink> = content
        .sections(lang)
        .map(|p| SectionLink {
            title: p.front.title.clone(),
            nav_title: p
                .front
                .nav_title
                .clone()
                .unwrap_or_else(|| p.front.title.clone()),
            description: p.front.description.clone(),
            url: config.base_url.join(&p.site_path()),
            slug: p.slug.clone(),
            weight: p.front.weight,
        })
        .collect();
    if let Some((title, description)) = indicators {
        links.push(SectionLink {
            title: title.to_string(),
            nav_title: title.to_string(),
            description: description.to_string(),
            url: config.base_url.join(&format!("{lang}/{INDICATORS_PATH}")),
            slug: INDICATORS_PATH.trim_end_matches('/').to_string(),
            weight: i64::MAX,
        });
    }
    links
}
