//! The content model: the Markdown pages under `content/`.
//!
//! A page is a file `NAME.LANG.md`, for example `goals.zh.md` and
//! `goals.en.md`: the two language versions of one page share `NAME`, which
//! is also the default URL slug. `_index.LANG.md` is the home page of a
//! language. Every page must exist in every configured language unless its
//! front matter says `untranslated = true`.

pub mod front_matter;
pub mod translations;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Result, read_text};
use crate::walk;

pub use front_matter::FrontMatter;

/// Name of the content directory under the site root.
pub const CONTENT_DIR: &str = "content";

/// The path of the generated indicators page under each language.
pub const INDICATORS_PATH: &str = "indicators/";

/// File name (without language and extension) of a language's home page.
pub const HOME_NAME: &str = "_index";

/// What a page is in the site's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// The home page of a language.
    Home,
    /// A section of the brief.
    Section,
}

/// One language version of one page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file, as found under the site root.
    pub path: PathBuf,
    /// The name shared by the page's language versions (`goals`).
    pub name: String,
    /// The language code (`zh`).
    pub lang: String,
    /// Home page or section.
    pub kind: PageKind,
    /// The URL slug (empty for home pages).
    pub slug: String,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The Markdown body.
    pub body: String,
    /// The number of lines of the file before the body, to turn body line
    /// numbers into file line numbers.
    pub body_line: usize,
    /// The position of the `template` value, when the front matter sets one.
    pub template_position: Option<Position>,
    /// The position of the `slug` value, when the front matter sets one.
    pub slug_position: Option<Position>,
    /// The position of each `key_figures` entry.
    pub key_figure_positions: Vec<Position>,
    /// `date` as an RFC 3339 date-time.
    pub date: Option<String>,
    /// `updated` (or else `date`) as an RFC 3339 date-time.
    pub updated: Option<String>,
}

impl Page {
    /// The page's path within the site, without the base path:
    /// `zh/` for a home page, `zh/goals/` for a section.
    pub fn site_path(&self) -> String {
        match self.kind {
            PageKind::Home => format!("{}/", self.lang),
            PageKind::Section => format!("{}/{}/", self.lang, self.slug),
        }
    }

    /// The output file relative to the output directory.
    pub fn output_file(&self) -> PathBuf {
        Path::new(&self.site_path()).join("index.html")
    }
}

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages whose front matter says `draft = true`.
    pub drafts: bool,
}

/// Every published page of the site, grouped by language.
#[derive(Debug)]
pub struct Content {
    /// Pages per language code, each list with the home page (if any) first
    /// and then sections in (weight, slug) order.
    by_language: BTreeMap<String, Vec<Page>>,
    /// Per language code, the position in its list of the first page of
    /// each name, so that finding a page by name does not scan the list.
    positions: BTreeMap<String, HashMap<String, usize>>,
}

impl Content {
    /// Loads and checks every page under `content/`. All problems found are
    /// reported together.
    pub fn load(config: &Config, options: LoadOptions) -> Result<Content> {
        let (content, problems) = Content::load_collecting(config, options)?;
        problems.into_result(content)
    }

    /// Loads every page that can be loaded and returns the problems found
    /// beside them (pages that do not parse are left out; missing
    /// translations and duplicate slugs are reported but do not stop the
    /// load). Fails only when the content directory cannot be read.
    pub fn load_collecting(
        config: &Config,
        options: LoadOptions,
    ) -> Result<(Content, Diagnostics)> {
        let dir = config.root.join(CONTENT_DIR);
        let (files, mut problems) = find_page_files(&dir, &config.root)?;

        // Every file with a valid name counts as present for the translation
        // check, even if it fails to parse: one broken file is one problem.
        let mut present = HashSet::new();
        let mut named = Vec::with_capacity(files.len());
        for path in files {
            match name_and_language(config, &path) {
                Ok((name, lang)) => {
                    present.insert((name.clone(), lang.clone()));
                    named.push((path, name, lang));
                }
                Err(d) => problems.push(d),
            }
        }
        let parsed: Vec<std::result::Result<Page, Diagnostic>> = named
            .into_par_iter()
            .map(|(path, name, lang)| load_page(&path, name, lang))
            .collect();
        let mut pages = Vec::with_capacity(parsed.len());
        for result in parsed {
            match result {
                Ok(page) => pages.push(page),
                Err(d) => problems.push(d),
            }
        }
        check_translations(config, &pages, &present, &mut problems);
        pages.retain(|p| options.drafts || !p.front.draft);
        check_unique_slugs(&pages, &mut problems);
        check_templates_named(&pages, &mut problems);
        problems.sort();
        Ok((Content::grouped(pages), problems))
    }

    /// The pages grouped by language, each list in order (home first, then
    /// sections by weight and slug), and indexed by name.
    fn grouped(pages: Vec<Page>) -> Content {
        let mut content = Content {
            by_language: BTreeMap::new(),
            positions: BTreeMap::new(),
        };
        for page in pages {
            content
                .by_language
                .entry(page.lang.clone())
                .or_default()
                .push(page);
        }
        for list in content.by_language.values_mut() {
            list.sort_by(|a, b| {
                (a.kind != PageKind::Home, a.front.weight, &a.slug).cmp(&(
                    b.kind != PageKind::Home,
                    b.front.weight,
                    &b.slug,
                ))
            });
        }
        for (lang, list) in &content.by_language {
            let mut positions = HashMap::with_capacity(list.len());
            for (i, page) in list.iter().enumerate() {
                positions.entry(page.name.clone()).or_insert(i);
            }
            content.positions.insert(lang.clone(), positions);
        }
        content
    }

    /// Every page of `lang`: the home page first (if the site has one), then
    /// sections in order.
    pub fn pages(&self, lang: &str) -> &[Page] {
        self.by_language.get(lang).map_or(&[], Vec::as_slice)
    }

    /// The home page of `lang`, if `_index.LANG.md` exists.
    pub fn home(&self, lang: &str) -> Option<&Page> {
        self.pages(lang).iter().find(|p| p.kind == PageKind::Home)
    }

    /// The sections of `lang` in weight order.
    pub fn sections(&self, lang: &str) -> impl Iterator<Item = &Page> {
        self.pages(lang)
            .iter()
            .filter(|p| p.kind == PageKind::Section)
    }

    /// Every page of every language.
    pub fn all_pages(&self) -> impl Iterator<Item = &Page> {
        self.by_language.values().flatten()
    }

    /// The version of page `name` in `lang`, if published.
    pub fn translation(&self, name: &str, lang: &str) -> Option<&Page> {
        let position = *self.positions.get(lang)?.get(name)?;
        self.pages(lang).get(position)
    }

    /// The position of section `name` among `lang`'s sections, counting
    /// from 1 (none for a page that is not a section).
    pub fn section_number(&self, name: &str, lang: &str) -> Option<usize> {
        let pages = self.pages(lang);
        let position = *self.positions.get(lang)?.get(name)?;
        if pages[position].kind != PageKind::Section {
            return None;
        }
        // The home page, if any, comes first.
        let home = pages.first().is_some_and(|p| p.kind == PageKind::Home);
        Some(position + 1 - usize::from(home))
    }
}

/// Every `*.md` file under `dir` but hidden ones, sorted, so builds are
/// deterministic, and the problems met on the way (links that leave the
/// site, broken links, loops). Links to pages elsewhere in the site
/// (`content/goals.en.md -> ../drafts/goals.en.md`) are followed.
fn find_page_files(dir: &Path, root: &Path) -> Result<(Vec<PathBuf>, Diagnostics)> {
    if !dir.is_dir() {
        return Err(Diagnostic::in_file(
            dir,
            "content directory not found: create it and add `_index.LANG.md` and section pages",
        )
        .into());
    }
    let (found, problems) = walk::files(dir, &[root]);
    let files = found
        .into_iter()
        .filter(|file| {
            let hidden = file
                .path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            !hidden && file.path.extension().is_some_and(|e| e == "md")
        })
        .map(|file| file.path)
        .collect();
    Ok((files, problems))
}

/// Reads, splits and parses one page file.
fn load_page(path: &Path, name: String, lang: String) -> std::result::Result<Page, Diagnostic> {
    let text = read_text(path)?;
    let split = front_matter::split(path, &text)?;
    let front = front_matter::parse(path, &split)?;
    let kind = if name == HOME_NAME {
        PageKind::Home
    } else {
        PageKind::Section
    };
    let slug = page_slug(path, &name, kind, &front, &split)?;
    let template_position = front
        .template
        .as_ref()
        .map(|t| front_matter::position_of(&split, t));
    let slug_position = front
        .slug
        .as_ref()
        .map(|s| front_matter::position_of(&split, s));
    let key_figure_positions = front
        .key_figures
        .iter()
        .map(|k| front_matter::position_of(&split, k))
        .collect();
    let date_of = |value: &Option<toml::Spanned<toml::value::Datetime>>, key: &str| {
        value
            .as_ref()
            .map(|v| {
                front_matter::rfc3339(v.get_ref()).map_err(|problem| {
                    let key = format!("`{key}`");
                    problem
                        .within(&key)
                        .with_path(path)
                        .at(front_matter::position_of(&split, v))
                })
            })
            .transpose()
    };
    let date = date_of(&front.date, "date")?;
    let updated = date_of(&front.updated, "updated")?.or_else(|| date.clone());
    Ok(Page {
        path: path.to_path_buf(),
        name,
        lang,
        kind,
        slug,
        body: split.body.to_string(),
        body_line: split.body_line,
        template_position,
        slug_position,
        key_figure_positions,
        date,
        updated,
        front,
    })
}

/// A page's URL slug: none for a home page, the front matter's `slug`, or
/// else the file name, which must then be a valid slug.
fn page_slug(
    path: &Path,
    name: &str,
    kind: PageKind,
    front: &FrontMatter,
    split: &front_matter::SplitPage<'_>,
) -> std::result::Result<String, Diagnostic> {
    match (&front.slug, kind) {
        (_, PageKind::Home) => Ok(String::new()),
        (Some(slug), _) => {
            check_slug(slug.get_ref()).map_err(|problem| {
                problem
                    .within("`slug`")
                    .with_path(path)
                    .at(front_matter::position_of(split, slug))
            })?;
            Ok(slug.get_ref().clone())
        }
        (None, _) => {
            check_slug(name).map_err(|problem| {
                Diagnostic::in_file(
                    path,
                    format!(
                        "the file name `{name}` is used as the URL slug, but {}; \
                         rename the file or set `slug = \"...\"` in the front matter",
                        problem.message()
                    ),
                )
            })?;
            Ok(name.to_string())
        }
    }
}

/// Splits `goals.zh.md` into `("goals", "zh")`, checking the language.
fn name_and_language(
    config: &Config,
    path: &Path,
) -> std::result::Result<(String, String), Diagnostic> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file_name.strip_suffix(".md").unwrap_or(&file_name);
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let expected = |name: &str| {
        let examples: Vec<String> = codes.iter().map(|c| format!("`{name}.{c}.md`")).collect();
        examples.join(" or ")
    };
    let Some((name, lang)) = stem.rsplit_once('.') else {
        return Err(Diagnostic::in_file(
            path,
            format!("the file name has no language: name it {}", expected(stem)),
        ));
    };
    if !codes.contains(&lang) {
        return Err(Diagnostic::in_file(
            path,
            format!(
                "`{lang}` is not a language of this site (config.toml has {}): name the file {}",
                codes.join(", "),
                expected(name)
            ),
        ));
    }
    if name.is_empty() {
        return Err(Diagnostic::in_file(
            path,
            "the file name has no page name before the language",
        ));
    }
    Ok((name.to_string(), lang.to_string()))
}

/// A slug is lowercase ASCII letters and digits in words joined by `-`.
fn check_slug(slug: &str) -> std::result::Result<(), Diagnostic> {
    let well_formed = !slug.is_empty()
        && slug.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(())
    } else {
        Err(Diagnostic::new(format!(
            "`{slug}` is not a URL slug (lowercase ASCII letters and digits, words joined by `-`)"
        )))
    }
}

/// Every page must have a version in every language, unless one of its
/// versions opts out with `untranslated = true`.
/// `present` holds the (name, language) of every page file found, including
/// those that failed to parse.
fn check_translations(
    config: &Config,
    pages: &[Page],
    present: &HashSet<(String, String)>,
    problems: &mut Diagnostics,
) {
    let mut by_name: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in pages {
        by_name.entry(&page.name).or_default().push(page);
    }
    for (name, versions) in &by_name {
        if versions.iter().any(|p| p.front.untranslated) {
            continue;
        }
        for language in &config.languages {
            if present.contains(&(name.to_string(), language.code.clone())) {
                continue;
            }
            for existing in versions {
                problems.push(missing_translation(existing, language));
            }
        }
    }
}

fn missing_translation(existing: &Page, missing: &Language) -> Diagnostic {
    let expected = existing
        .path
        .with_file_name(format!("{}.{}.md", existing.name, missing.code));
    Diagnostic::in_file(
        &existing.path,
        format!(
            "no {} version of this page: expected {} (or set `untranslated = true` in this \
             page's front matter to publish it in one language only)",
            missing.name,
            expected.display()
        ),
    )
}

/// Two published pages of one language may not share a slug.
fn check_unique_slugs(pages: &[Page], problems: &mut Diagnostics) {
    let mut seen: HashMap<(&str, &str), &Page> = HashMap::new();
    for page in pages.iter().filter(|p| p.kind == PageKind::Section) {
        if let Some(first) = seen.insert((&page.lang, &page.slug), page) {
            let mut d = Diagnostic::in_file(
                &page.path,
                format!(
                    "duplicate slug `{}`: {} has the same URL ({}/{}/ under the base URL)",
                    page.slug,
                    first.path.display(),
                    page.lang,
                    page.slug
                ),
            );
            if let Some(position) = page.slug_position {
                d = d.at(position);
            }
            problems.push(d);
        }
    }
}

/// A `template` set in front matter must be a plain `.html` file name; that
/// it exists is checked when templates are loaded.
fn check_templates_named(pages: &[Page], problems: &mut Diagnostics) {
    for page in pages {
        if let (Some(template), Some(position)) = (&page.front.template, page.template_position) {
            let name = template.get_ref();
            if !name.ends_with(".html") || name.contains("..") || name.starts_with('/') {
                problems.push(
                    Diagnostic::in_file(
                        &page.path,
                        format!(
                            "`template`: `{name}` must be a template file name such as `wide.html`"
                        ),
                    )
                    .at(position),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert!(check_slug("goals").is_ok());
        assert!(check_slug("model-strategy-2").is_ok());
        for bad in ["", "Goals", "发展目标", "a--b", "-a", "a_b", "a b"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }
}
