//! The language versions of a page: for each language of the site, the
//! URL of the page's version in it (or of that language's home page when
//! there is none). The templates' language switcher and `hreflang` links
//! and the sitemap's alternates are made from this one list.

use serde::Serialize;

use super::{Content, Page};
use crate::config::Config;

/// One language version of the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    /// Language code.
    pub code: String,
    /// The language's own name.
    pub name: String,
    /// BCP 47 tag for `hreflang`.
    pub html_lang: String,
    /// Site path of this version, or of the language's home page when the
    /// page has no version in that language.
    pub url: String,
    /// Absolute URL of the same.
    pub permalink: String,
    /// Whether this is the version being rendered.
    pub current: bool,
    /// Whether the page exists in this language.
    pub exists: bool,
}

/// The page `page` in every language of the site.
pub fn translations(config: &Config, content: &Content, page: &Page) -> Vec<Translation> {
    config
        .languages
        .iter()
        .map(|language| {
            let version = if language.code == page.lang {
                Some(page)
            } else {
                content.translation(&page.name, &language.code)
            };
            let site_path = version.map_or_else(|| format!("{}/", language.code), Page::site_path);
            let url = config.base_url.join(&site_path);
            Translation {
                code: language.code.clone(),
                name: language.name.clone(),
                html_lang: language.html_lang.clone(),
                permalink: config.base_url.absolute(&url),
                url,
                current: language.code == page.lang,
                exists: version.is_some(),
            }
        })
        .collect()
}

/// The translations of a page every language has without a source file:
/// the page at `LANG/{path}` in each language (`path` empty for home pages
/// and the 404 page, which link every language's home).
pub fn generated_translations(config: &Config, current: &str, path: &str) -> Vec<Translation> {
    config
        .languages
        .iter()
        .map(|language| {
            let url = config.base_url.join(&format!("{}/{path}", language.code));
            Translation {
                code: language.code.clone(),
                name: language.name.clone(),
                html_lang: language.html_lang.clone(),
                permalink: config.base_url.absolute(&url),
                url,
                current: language.code == current,
                exists: true,
            }
        })
        .collect()
}
