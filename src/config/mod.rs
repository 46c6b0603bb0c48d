//! Site configuration: `config.toml` at the site root.
//!
//! The file is parsed strictly: an unknown key or a value of the wrong type
//! is an error that names the key and its line. Everything later stages need
//! (the base URL split into origin and path, the languages in output order)
//! is worked out here once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Deserialize;

mod identifiers;
mod pdf;
mod publication;

pub use pdf::{PAPERS, Pdf, PdfFonts};
pub use publication::{Author, License, PartialDate, Publication, default_citation_style};

use crate::diagnostic::{Diagnostic, Diagnostics, Position, Result, parse_toml, read_text};

/// What a base URL's path may not hold as it is (beside non-ASCII, which
/// is always encoded): the characters a URL path escapes.
const PATH_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "config.toml";

/// The configuration as written in `config.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    theme: Option<toml::Spanned<String>>,
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    highlight: HighlightThemes,
    custom_domain: Option<String>,
    publication: Option<publication::RawPublication>,
    pdf: Option<pdf::RawPdf>,
    cards: Option<RawCards>,
}

/// `[cards]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCards {
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

fn default_language() -> String {
    "zh".to_string()
}

/// The theme a site without a `theme` key gets.
pub const DEFAULT_THEME: &str = "default";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: String,
    short_title: Option<String>,
    description: String,
    name: Option<String>,
    html_lang: Option<String>,
    locale: Option<String>,
    smart_punctuation: Option<bool>,
}

/// The syntect themes used for highlighted code in light and dark mode.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightThemes {
    /// Theme for `prefers-color-scheme: light` (and print).
    #[serde(default = "default_light_theme")]
    pub light: String,
    /// Theme for `prefers-color-scheme: dark`.
    #[serde(default = "default_dark_theme")]
    pub dark: String,
}

fn default_light_theme() -> String {
    "InspiredGitHub".to_string()
}

fn default_dark_theme() -> String {
    "base16-ocean.dark".to_string()
}

impl Default for HighlightThemes {
    fn default() -> Self {
        HighlightThemes {
            light: default_light_theme(),
            dark: default_dark_theme(),
        }
    }
}

/// One language the site is published in.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code used in file names and URLs: `zh`, `en`.
    pub code: String,
    /// The site title in this language.
    pub title: String,
    /// A shorter title, for the PDF edition's running head (the title
    /// when not given).
    pub short_title: String,
    /// The site description in this language.
    pub description: String,
    /// The language's own name, shown in the language switcher: `中文`.
    pub name: String,
    /// The BCP 47 tag for `<html lang>` and `hreflang`: `zh-Hans`.
    pub html_lang: String,
    /// The locale for Open Graph: `zh_CN`.
    pub locale: String,
    /// Whether straight quotes and dashes become typographic ones.
    pub smart_punctuation: bool,
}

/// The site's base URL, split into the parts pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://user.github.io`.
    pub origin: String,
    /// The path every URL of the site starts with, with leading and trailing
    /// slashes: `/` or `/repo/`.
    pub path: String,
}

impl BaseUrl {
    /// The last segment of the path, as a name for files and keys
    /// (`brief` for `/brief/`; `brief` too for a root or a non-ASCII
    /// segment).
    pub fn slug(&self) -> String {
        self.path
            .trim_matches('/')
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty() && s.is_ascii())
            .unwrap_or("brief")
            .to_string()
    }

    /// Parses an absolute `http` or `https` URL; a missing trailing slash is
    /// added.
    pub fn parse(url: &str) -> std::result::Result<BaseUrl, Diagnostic> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| {
                Diagnostic::new(format!(
                    "base URL `{url}` must start with https:// or http://"
                ))
            })?;
        let scheme_len = url.len() - rest.len();
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(Diagnostic::new(format!("base URL `{url}` has no host")));
        }
        if !host.is_ascii() {
            return Err(Diagnostic::new(format!(
                "base URL `{url}`: write the host in its ASCII form (an internationalised domain as punycode, xn--…)"
            )));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(Diagnostic::new(format!(
                "base URL `{url}` must be a plain path, without spaces, query or fragment"
            )));
        }
        // Every link is written with this path, so it is written once, the
        // way browsers send it: `/路径/` as `/%E8%B7%AF%E5%BE%84/` (escapes
        // already there are kept).
        let mut path = utf8_percent_encode(path, PATH_UNSAFE).to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: url[..scheme_len + host.len()].to_string(),
            path,
        })
    }

    /// The absolute URL of a site path such as `/repo/en/goals/`.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, site_path)
    }

    /// The site path of `relative` (no leading slash): `zh/goals/` →
    /// `/repo/zh/goals/`.
    pub fn join(&self, relative: &str) -> String {
        format!("{}{}", self.path, relative.trim_start_matches('/'))
    }
}

/// The loaded, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the directory holding `config.toml`).
    pub root: PathBuf,
    /// Where the site will be served from.
    pub base_url: BaseUrl,
    /// The languages, the default language first, then the others by code.
    pub languages: Vec<Language>,
    /// The theme directory name under `themes/`.
    pub theme: String,
    /// Where `theme` is written in `config.toml` (`None` when the key is
    /// left out and the theme is [`DEFAULT_THEME`]).
    pub theme_at: Option<Position>,
    /// Syntax highlighting themes.
    pub highlight: HighlightThemes,
    /// The custom domain GitHub Pages serves the site on, written to
    /// `CNAME`.
    pub custom_domain: Option<String>,
    /// The publication date, "as of" date and publisher (`[publication]`).
    pub publication: Option<Publication>,
    /// Whether every page gets a share card (`[cards]`): a 1200×630 PNG
    /// for Open Graph and Twitter, set in the PDF's fonts.
    pub cards: bool,
    /// The font families of everything brief draws, the PDF edition and
    /// the share cards (`[pdf.fonts]`, also when the edition is off).
    pub fonts: PdfFonts,
    /// The PDF edition (`[pdf]`), `None` when there is none.
    pub pdf: Option<Pdf>,
}

/// Settings that the command line may override for one build.
#[derive(Debug, Clone, Default)]
pub struct ConfigOverrides {
    /// Replaces `base_url` from the file.
    pub base_url: Option<String>,
}

impl Config {
    /// Loads `config.toml` from `root` and applies `overrides`.
    pub fn load(root: &Path, overrides: &ConfigOverrides) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = read_text(&path)?;
        Config::parse(root, &path, &text, overrides)
    }

    /// Parses the text of `config.toml` at `path`.
    fn parse(root: &Path, path: &Path, text: &str, overrides: &ConfigOverrides) -> Result<Config> {
        let raw: RawConfig = parse_toml(path, text, 0)?;
        let theme_at = (raw.theme.as_ref()).map(|t| Position::at_offset(text, t.span().start));
        let mut config = Config::from_raw(root, path, raw, overrides)?;
        config.theme_at = theme_at;
        Ok(config)
    }

    fn from_raw(
        root: &Path,
        path: &Path,
        raw: RawConfig,
        overrides: &ConfigOverrides,
    ) -> Result<Config> {
        let base_url_text = overrides.base_url.as_deref().unwrap_or(&raw.base_url);
        let base_url = BaseUrl::parse(base_url_text).map_err(|problem| {
            if overrides.base_url.is_some() {
                problem.within("--base-url")
            } else {
                problem.within("`base_url`").with_path(path)
            }
        })?;

        let languages = languages(path, raw.languages, &raw.default_language)?;
        let theme = raw
            .theme
            .map_or_else(|| DEFAULT_THEME.to_string(), |t| t.into_inner());
        check_plain_values(path, &theme, raw.custom_domain.as_deref())?;
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        let publication = match raw.publication.map(|p| p.check(&codes)).transpose() {
            Ok(publication) => publication,
            Err(problems) => {
                return Err(problems
                    .into_iter()
                    .map(|message| Diagnostic::in_file(path, message))
                    .collect::<Diagnostics>());
            }
        };
        let slug = base_url.slug();
        let (pdf, fonts) = match raw.pdf.map(|p| p.check(&slug)).transpose() {
            Ok(Some((pdf, fonts))) => (pdf, fonts),
            Ok(None) => (None, PdfFonts::default()),
            Err(problem) => return Err(problem.with_path(path).into()),
        };
        Ok(Config {
            root: root.to_path_buf(),
            base_url,
            pdf,
            languages,
            theme,
            theme_at: None,
            highlight: raw.highlight,
            custom_domain: raw.custom_domain,
            publication,
            cards: raw.cards.is_some_and(|c| c.enabled),
            fonts,
        })
    }

    /// The publication's name for files and keys: the PDF's name, else
    /// the base URL's last segment (`chengdu-ai-plan-brief`, `brief`).
    pub fn name(&self) -> String {
        self.pdf
            .as_ref()
            .map_or_else(|| self.base_url.slug(), |pdf| pdf.name.clone())
    }

    /// The default language (the first one).
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The language with this code, if the site has it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The path of the config file.
    pub fn path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }
}

/// The languages, checked, the default first and then the others by code.
fn languages(
    path: &Path,
    raw: BTreeMap<String, RawLanguage>,
    default: &str,
) -> Result<Vec<Language>, Diagnostic> {
    if !raw.contains_key(default) {
        return Err(Diagnostic::in_file(
            path,
            format!(
                "`default_language` is `{default}`, but there is no `[languages.{default}]` table"
            ),
        ));
    }
    let mut languages: Vec<Language> = Vec::with_capacity(raw.len());
    for (code, lang) in raw {
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "`languages.{code}`: a language code must be lowercase ASCII letters, digits or `-`"
                ),
            ));
        }
        languages.push(Language::from_raw(code, lang));
    }
    languages.sort_by_key(|l| l.code != default);
    Ok(languages)
}

/// The theme must be a plain directory name, the custom domain a domain.
fn check_plain_values(path: &Path, theme: &str, domain: Option<&str>) -> Result<(), Diagnostic> {
    if !theme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Diagnostic::in_file(
            path,
            format!("`theme`: `{theme}` is not a plain directory name"),
        ));
    }
    if let Some(domain) = domain {
        let valid = !domain.is_empty()
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "`custom_domain`: `{domain}` is not a domain name such as brief.example.org"
                ),
            ));
        }
    }
    Ok(())
}

impl Language {
    fn from_raw(code: String, raw: RawLanguage) -> Language {
        let cjk = matches!(code.as_str(), "zh" | "ja" | "ko") || code.starts_with("zh-");
        let (name, html_lang, locale) = match code.as_str() {
            "zh" => ("中文", "zh-Hans", "zh_CN"),
            "en" => ("English", "en", "en_US"),
            other => (other, other, other),
        };
        Language {
            name: raw.name.unwrap_or_else(|| name.to_string()),
            html_lang: raw.html_lang.unwrap_or_else(|| html_lang.to_string()),
            locale: raw.locale.unwrap_or_else(|| locale.to_string()),
            smart_punctuation: raw.smart_punctuation.unwrap_or(!cjk),
            short_title: raw.short_title.unwrap_or_else(|| raw.title.clone()),
            title: raw.title,
            description: raw.description,
            code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_a_project_path() {
        let url = BaseUrl::parse("https://user.github.io/repo").unwrap();
        assert_eq!(url.origin, "https://user.github.io");
        assert_eq!(url.path, "/repo/");
        assert_eq!(url.join("zh/goals/"), "/repo/zh/goals/");
        assert_eq!(url.absolute("/repo/zh/"), "https://user.github.io/repo/zh/");
    }

    #[test]
    fn base_url_at_the_domain_root() {
        let url = BaseUrl::parse("http://127.0.0.1:1111").unwrap();
        assert_eq!(url.path, "/");
        assert_eq!(url.join("/en/"), "/en/");
    }

    #[test]
    fn a_non_ascii_base_path_is_percent_encoded_once() {
        let url = BaseUrl::parse("https://example.org/路径/").unwrap();
        assert_eq!(url.path, "/%E8%B7%AF%E5%BE%84/");
        let again = BaseUrl::parse("https://example.org/%E8%B7%AF%E5%BE%84/").unwrap();
        assert_eq!(again, url);
        assert!(BaseUrl::parse("https://例子.org/").is_err());
    }

    #[test]
    fn base_url_must_be_absolute() {
        assert!(BaseUrl::parse("user.github.io/repo/").is_err());
        assert!(BaseUrl::parse("https:///repo/").is_err());
        assert!(BaseUrl::parse("https://x.io/a?b").is_err());
    }

    fn load(text: &str) -> Result<Config> {
        let path = Path::new("config.toml");
        Config::parse(Path::new("."), path, text, &ConfigOverrides::default())
    }

    const MINIMAL: &str = r#"
base_url = "https://example.org/brief/"
[languages.en]
title = "Brief"
description = "A brief"
[languages.zh]
title = "简报"
description = "一份简报"
"#;

    #[test]
    fn default_language_comes_first_and_gets_defaults() {
        let config = load(MINIMAL).unwrap();
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["zh", "en"]);
        assert_eq!(config.default_language().html_lang, "zh-Hans");
        assert!(!config.default_language().smart_punctuation);
        assert!(config.language("en").unwrap().smart_punctuation);
        assert_eq!(config.highlight.light, "InspiredGitHub");
    }

    #[test]
    fn missing_default_language_is_an_error() {
        let text = MINIMAL.replace("[languages.zh]", "[languages.fr]");
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains("`default_language` is `zh`"), "{err}");
    }

    #[test]
    fn unknown_key_names_the_key() {
        let text = MINIMAL.replace("[languages.en]", "colour = \"red\"\n[languages.en]");
        let err = load(&text).unwrap_err().to_string();
        assert!(err.starts_with("config.toml:3:1: `colour`"), "{err}");
    }
}
