//! The files hosting and discovery need beside the pages: `sitemap.xml`
//! with every page and its language alternates, `robots.txt`, an Atom feed
//! per language of the brief's sections, `.nojekyll` (GitHub Pages serves
//! the output as it is) and `CNAME` when a custom domain is configured.

use crate::config::Config;
use crate::content::translations::{Translation, generated_translations, translations};
use crate::content::{Content, INDICATORS_PATH, Page};
use crate::escape;

/// One page of the sitemap with the URLs of all its language versions.
#[derive(Debug, Clone)]
pub struct SitemapPage {
    /// Absolute URL of this version.
    pub loc: String,
    /// `(hreflang, absolute URL)` of every version, this one included,
    /// then `x-default`.
    pub alternates: Vec<(String, String)>,
    /// Last change, RFC 3339, if known.
    pub lastmod: Option<String>,
}

/// Every page of every language with its alternates, for the sitemap: the
/// Markdown pages, a language's home page made from the configuration when
/// it has no `_index` page, and the indicators page when `with_indicators`.
pub fn sitemap_pages(
    config: &Config,
    content: &Content,
    with_indicators: bool,
) -> Vec<SitemapPage> {
    let default = &config.default_language().code;
    let alternates = |translations: Vec<Translation>| {
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
        if content.home(lang).is_none() {
            generated.push("");
        }
        if with_indicators {
            generated.push(INDICATORS_PATH);
        }
        for page in content.pages(lang) {
            pages.push(SitemapPage {
                loc: config
                    .base_url
                    .absolute(&config.base_url.join(&page.site_path())),
                alternates: alternates(translations(config, content, page)),
                lastmod: page.updated.clone().or_else(|| published(config)),
            });
        }
        for path in generated {
            pages.push(SitemapPage {
                loc: config
                    .base_url
                    .absolute(&config.base_url.join(&format!("{lang}/{path}"))),
                alternates: alternates(generated_translations(config, lang, path)),
                lastmod: published(config),
            });
        }
    }
    pages.extend(pdf_pages(config));
    pages
}

/// The publication date, for the pages and files that have no date of
/// their own (an undated page, the generated pages, the PDFs).
fn published(config: &Config) -> Option<String> {
    config
        .publication
        .as_ref()
        .map(|p| format!("{}T00:00:00Z", p.date))
}

/// The PDF editions, one per language, each with the others as its
/// alternates.
fn pdf_pages(config: &Config) -> Vec<SitemapPage> {
    let Some(pdf) = &config.pdf else {
        return Vec::new();
    };
    let url = |lang: &str| {
        config
            .base_url
            .absolute(&config.base_url.join(&pdf.file(lang)))
    };
    let mut alternates: Vec<(String, String)> = config
        .languages
        .iter()
        .map(|l| (l.html_lang.clone(), url(&l.code)))
        .collect();
    alternates.push((
        "x-default".to_string(),
        url(&config.default_language().code),
    ));
    config
        .languages
        .iter()
        .map(|l| SitemapPage {
            loc: url(&l.code),
            alternates: alternates.clone(),
            lastmod: published(config),
        })
        .collect()
}

/// `sitemap.xml` (sitemaps.org protocol with `xhtml:link` alternates).
pub fn sitemap(pages: &[SitemapPage]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        xml.push_str("  <url>\n");
        xml.push_str(&format!("    <loc>{}</loc>\n", escape::xml(&page.loc)));
        for (lang, href) in &page.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape::xml(lang),
                escape::xml(href)
            ));
        }
        if let Some(lastmod) = &page.lastmod {
            xml.push_str(&format!(
                "    <lastmod>{}</lastmod>\n",
                escape::xml(lastmod)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap's address.
pub fn robots(config: &Config) -> String {
    let sitemap = config
        .base_url
        .absolute(&config.base_url.join("sitemap.xml"));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// The site path of a language's Atom feed.
pub fn feed_path(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// The sections of `lang` that go into its feed: those with a date.
pub fn feed_entries<'a>(content: &'a Content, lang: &str) -> Vec<&'a Page> {
    content
        .sections(lang)
        .filter(|p| p.updated.is_some())
        .collect()
}

/// The Atom feed of a language's sections, newest change first; `None`
/// when no section has a date (a feed entry must say when it changed).
pub fn atom_feed(config: &Config, content: &Content, lang: &str) -> Option<String> {
    let language = config.language(lang)?;
    let mut entries = feed_entries(content, lang);
    if entries.is_empty() {
        return None;
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated));
    let updated = entries[0].updated.clone().unwrap_or_default();
    let home = config
        .base_url
        .absolute(&config.base_url.join(&format!("{lang}/")));
    let self_url = config
        .base_url
        .absolute(&config.base_url.join(&feed_path(lang)));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang_tag}\">\n\
         \x20 <title>{title}</title>\n\
         \x20 <subtitle>{subtitle}</subtitle>\n\
         \x20 <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         \x20 <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n\
         \x20 <id>{home}</id>\n\
         \x20 <updated>{updated}</updated>\n",
        lang_tag = escape::xml(&language.html_lang),
        title = escape::xml(&language.title),
        subtitle = escape::xml(&language.description),
        self_url = escape::xml(&self_url),
        home = escape::xml(&home),
        updated = escape::xml(&updated),
    );
    xml.push_str(&feed_people(config, lang));
    for page in entries {
        xml.push_str(&feed_entry(config, page));
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// The feed's authors (those of `[publication]`, else its publisher,
/// else the site) and its licence.
fn feed_people(config: &Config, lang: &str) -> String {
    let publication = config.publication.as_ref();
    let mut names = publication.map(|p| p.byline(lang)).unwrap_or_default();
    if names.is_empty() {
        names.extend(config.language(lang).map(|l| l.title.clone()));
    }
    let mut xml: String = names
        .iter()
        .map(|name| format!("  <author><name>{}</name></author>\n", escape::xml(name)))
        .collect();
    if let Some(license) = publication.and_then(|p| p.license.as_ref()) {
        let name = license
            .name
            .get(lang)
            .map_or(license.id.as_str(), String::as_str);
        xml.push_str(&format!("  <rights>{}</rights>\n", escape::xml(name)));
    }
    xml
}

/// One section as a feed entry.
fn feed_entry(config: &Config, page: &Page) -> String {
    let url = config
        .base_url
        .absolute(&config.base_url.join(&page.site_path()));
    let mut xml = format!(
        "  <entry>\n\
         \x20   <title>{title}</title>\n\
         \x20   <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
         \x20   <id>{url}</id>\n",
        title = escape::xml(&page.front.title),
        url = escape::xml(&url),
    );
    if let Some(published) = &page.date {
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            escape::xml(published)
        ));
    }
    xml.push_str(&format!(
        "    <updated>{}</updated>\n",
        escape::xml(page.updated.as_deref().unwrap_or_default())
    ));
    if !page.front.description.is_empty() {
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape::xml(&page.front.description)
        ));
    }
    xml.push_str("  </entry>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_escapes_and_lists_alternates() {
        let xml = sitemap(&[SitemapPage {
            loc: "https://x.org/a/?q=1&r=2".into(),
            alternates: vec![("en".into(), "https://x.org/en/".into())],
            lastmod: Some("2024-06-20T00:00:00Z".into()),
        }]);
        assert!(xml.contains("<loc>https://x.org/a/?q=1&amp;r=2</loc>"));
        assert!(
            xml.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://x.org/en/"/>"#)
        );
        assert!(xml.contains("<lastmod>2024-06-20T00:00:00Z</lastmod>"));
    }
}
