//! Tera templates: the theme's `templates/`, overridden file by file by the
//! site's own `templates/`, parsed once per build. Each language gets its own
//! copy of the parsed templates with a `t(key=...)` function bound to that
//! language's UI strings, so templates never pass the language around.
//! Autoescaping stays on for HTML: only values the templates mark `| safe`
//! (rendered Markdown) are output unescaped.

pub mod context;
mod cycles;

pub mod i18n;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{Tera, Value};

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Result, read_text};
use crate::walk;
use context::{Link, NavLink, SectionLink};

pub use i18n::I18n;

/// Name of the template directory, in a theme and at the site root.
pub const TEMPLATES_DIR: &str = "templates";
/// Name of the themes directory at the site root.
pub const THEMES_DIR: &str = "themes";
/// Name of the static files directory, in a theme and at the site root.
pub const STATIC_DIR: &str = "static";

/// Template used for a language's home page.
pub const HOME_TEMPLATE: &str = "index.html";
/// Template used for a section page.
pub const SECTION_TEMPLATE: &str = "page.html";
/// Template used for the not-found page.
pub const NOT_FOUND_TEMPLATE: &str = "404.html";
/// Template used for the generated indicators page (needed only when the
/// site has indicator data).
pub const INDICATORS_TEMPLATE: &str = "indicators.html";
/// At most how many sections a page's navigation (`page.nav`) lists.
pub const NAV_LIMIT: usize = 20;

/// The parsed templates and UI strings of a site.
pub struct Templates {
    /// One Tera instance per language code, each with its own `t` function.
    by_language: HashMap<String, Tera>,
    /// Template name → the file it was read from, to name it in errors.
    sources: BTreeMap<String, PathBuf>,
    /// The UI strings.
    pub i18n: I18n,
    /// Static file directories, in copy order (theme first, site last).
    pub static_dirs: Vec<PathBuf>,
    /// Ids written literally in the templates (`<main id="main">`), which
    /// heading ids in page bodies must not take.
    pub layout_ids: Vec<String>,
    /// Each language's sections (and indicators page), as `sections()`
    /// gives them, with each one's place by URL: the order the pager
    /// follows too, looked up without a scan of the list.
    section_lists: HashMap<String, (Vec<SectionLink>, HashMap<String, usize>)>,
}

impl Templates {
    /// Loads the theme named in `config` and the site's overrides.
    pub fn load(config: &Config) -> Result<Templates> {
        let (templates, problems) = Templates::load_collecting(config)?;
        problems.into_result(templates)
    }

    /// Like [`Templates::load`], but UI strings missing in some language are
    /// returned as problems beside usable templates (the gaps filled from
    /// another language) instead of failing.
    pub fn load_collecting(config: &Config) -> Result<(Templates, Diagnostics)> {
        let theme_dir = theme_dir(config)?;
        let sources = template_sources(config, &theme_dir)?;
        let i18n = I18n::load_collecting(config, &theme_dir);
        let parsed = parse_all(&sources);
        let ((i18n, soft_problems), (tera, layout_ids)) = match (i18n, parsed) {
            (Ok(i18n), Ok(parsed)) => (i18n, parsed),
            (i18n, parsed) => {
                let mut problems = Diagnostics::new();
                if let Err(e) = i18n {
                    problems.extend(e);
                }
                if let Err(e) = parsed {
                    problems.extend(e);
                }
                return Err(problems);
            }
        };
        let templates = Templates {
            by_language: config
                .languages
                .iter()
                .map(|l| {
                    let mut tera = tera.clone();
                    register_functions(&mut tera, config, &i18n, &l.code);
                    (l.code.clone(), tera)
                })
                .collect(),
            sources,
            i18n,
            static_dirs: vec![theme_dir.join(STATIC_DIR), config.root.join(STATIC_DIR)],
            layout_ids,
            section_lists: HashMap::new(),
        };
        for required in [HOME_TEMPLATE, SECTION_TEMPLATE, NOT_FOUND_TEMPLATE] {
            if !templates.has(required) {
                return Err(Diagnostic::in_file(
                    theme_dir.join(TEMPLATES_DIR).join(required),
                    "required template is missing",
                )
                .into());
            }
        }
        Ok((templates, soft_problems))
    }

    /// The template a page is rendered with; an unknown one set in front
    /// matter is an error at its line.
    pub fn page_template<'p>(&self, page: &'p Page, theme: &str) -> Result<&'p str, Diagnostic> {
        let Some(name) = &page.front.template else {
            return Ok(match page.kind {
                PageKind::Home => HOME_TEMPLATE,
                PageKind::Section => SECTION_TEMPLATE,
            });
        };
        let name = name.get_ref().as_str();
        if self.has(name) {
            return Ok(name);
        }
        let mut d = Diagnostic::in_file(
            &page.path,
            format!(
                "`template`: no template named `{name}` (looked in themes/{}/templates/ and templates/)",
                theme
            ),
        );
        if let Some(position) = page.template_position {
            d = d.at(position);
        }
        Err(d)
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The file a template was read from.
    pub fn source(&self, name: &str) -> Option<&Path> {
        self.sources.get(name).map(PathBuf::as_path)
    }

    /// Makes `sections()` return, in each language's templates, that
    /// language's list (`lists`: language code and list), serialised once
    /// here rather than into every page's context, and `section_count()`
    /// its length. Each item has `current`, true for the one at `near`.
    /// `sections(near=page.url, limit=N)` returns at most `N`
    /// of them: all when there are no more, else the `N` around the
    /// section at `near`, so that a page's navigation stays the same size
    /// however many sections the site has.
    pub fn bind_sections(
        &mut self,
        lists: Vec<(String, Vec<SectionLink>)>,
    ) -> Result<(), Diagnostic> {
        for (lang, list) in lists {
            let values: Vec<Value> = list
                .iter()
                .map(|link| {
                    let mut value = tera::to_value(link)?;
                    if let Some(fields) = value.as_object_mut() {
                        fields.insert("current".to_string(), Value::Bool(false));
                    }
                    Ok(value)
                })
                .collect::<std::result::Result<_, tera::Error>>()
                .map_err(|e| {
                    Diagnostic::new(format!(
                        "cannot give the templates the sections of `{lang}`"
                    ))
                    .with_source(e)
                })?;
            let positions: HashMap<String, usize> = list
                .iter()
                .enumerate()
                .map(|(i, link)| (link.url.clone(), i))
                .collect();
            self.section_lists
                .insert(lang.clone(), (list, positions.clone()));
            if let Some(tera) = self.by_language.get_mut(&lang) {
                let count = values.len();
                tera.register_function("sections", move |args: &HashMap<String, Value>| {
                    let limit = args
                        .get("limit")
                        .and_then(Value::as_u64)
                        .map_or(values.len(), |n| n as usize);
                    let near = args.get("near").and_then(Value::as_str);
                    let at = near.and_then(|url| positions.get(url)).copied();
                    let mut shown = window(&values, at, limit).to_vec();
                    // The page at `near` is marked, so that a template
                    // need not compare URLs for every item.
                    if let Some(url) = near {
                        for item in &mut shown {
                            if item["url"] == url {
                                item["current"] = Value::Bool(true);
                            }
                        }
                    }
                    Ok(Value::Array(shown))
                });
                tera.register_function("section_count", move |_: &HashMap<String, Value>| {
                    Ok(Value::from(count))
                });
            }
        }
        Ok(())
    }

    /// The pages before and after the one at `url` in `lang`'s list of
    /// sections (the sections, then the indicators page): the pager's
    /// links. None for a page not in the list (a home page).
    pub fn neighbours(&self, lang: &str, url: &str) -> (Option<Link>, Option<Link>) {
        let Some((list, positions)) = self.section_lists.get(lang) else {
            return (None, None);
        };
        let Some(&at) = positions.get(url) else {
            return (None, None);
        };
        let link = |l: &SectionLink| Link {
            title: l.title.clone(),
            url: l.url.clone(),
        };
        let previous = at.checked_sub(1).map(|i| link(&list[i]));
        (previous, list.get(at + 1).map(link))
    }

    /// The site navigation of the page at `url` in `lang`: at most
    /// [`NAV_LIMIT`] of the language's sections (all when there are no
    /// more, else the ones around the page, as `sections(near=url,
    /// limit=NAV_LIMIT)` gives them), the page's own marked. A page's
    /// data, so that its template reads the items in place: Tera copies
    /// an item a function returned each time a loop reads one of its
    /// fields.
    pub fn nav(&self, lang: &str, url: &str) -> Vec<NavLink<'_>> {
        let Some((list, positions)) = self.section_lists.get(lang) else {
            return Vec::new();
        };
        let at = positions.get(url).copied();
        window(list, at, NAV_LIMIT)
            .iter()
            .map(|link| NavLink {
                title: &link.title,
                nav_title: &link.nav_title,
                url: &link.url,
                current: link.url == url,
            })
            .collect()
    }

    /// Renders template `name` in language `lang`. An error names the
    /// template file and what was being rendered (`for_what`).
    pub fn render(
        &self,
        name: &str,
        lang: &str,
        context: &tera::Context,
        for_what: &Path,
    ) -> Result<String, Diagnostic> {
        let tera = self
            .by_language
            .get(lang)
            .ok_or_else(|| Diagnostic::new(format!("no templates for language `{lang}`")))?;
        tera.render(name, context).map_err(|err| {
            let file = self
                .source(name)
                .map_or_else(|| PathBuf::from(name), Path::to_path_buf);
            Diagnostic::in_file(
                file,
                format!("cannot render {} for {}", name, for_what.display()),
            )
            .with_source(err)
        })
    }
}

/// The theme's directory, which must exist.
fn theme_dir(config: &Config) -> Result<PathBuf, Diagnostic> {
    let theme_dir = config.root.join(THEMES_DIR).join(&config.theme);
    if theme_dir.is_dir() {
        return Ok(theme_dir);
    }
    let themes = installed_themes(&config.root.join(THEMES_DIR));
    let known = if themes.is_empty() {
        format!("{THEMES_DIR}/ has no themes; `brief init` writes the default one")
    } else {
        format!("the themes here: {}", themes.join(", "))
    };
    let names = themes.iter().map(String::as_str);
    let problem = format!(
        "theme `{}` not found: there is no directory {}{} ({known})",
        config.theme,
        theme_dir.display(),
        crate::suggest::did_you_mean(&config.theme, names),
    );
    let diagnostic = Diagnostic::in_file(config.path(), problem);
    Err(match config.theme_at {
        Some(at) => diagnostic.within("`theme`").at(at),
        None => diagnostic.within("no `theme` key, so the theme is `default`"),
    })
}

/// The names of the directories under `themes/`, sorted.
fn installed_themes(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// Every template by name: the theme's, replaced file by file by the
/// site's.
fn template_sources(config: &Config, theme_dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut sources = BTreeMap::new();
    for dir in [
        theme_dir.join(TEMPLATES_DIR),
        config.root.join(TEMPLATES_DIR),
    ] {
        for (name, path) in find_templates(&dir, &config.root)? {
            sources.insert(name, path);
        }
    }
    Ok(sources)
}

/// Every `*.html` and `*.xml` file under `dir`, named by its path relative
/// to `dir` with `/` separators. A missing directory has none. Links are
/// followed within `dir` and the site root `root`.
fn find_templates(dir: &Path, root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let (found, problems) = walk::files(dir, &[root]);
    let templates = found
        .into_iter()
        .filter(|file| {
            file.path
                .extension()
                .is_some_and(|e| e == "html" || e == "xml")
        })
        .map(|file| (walk::slash_path(&file.relative), file.path))
        .collect();
    problems.into_result(templates)
}

/// What [`parse_all`] returns: the Tera instance and the ids the templates
/// write literally.
type Parsed = (Tera, Vec<String>);

/// Parses every template into one Tera instance (which resolves `extends`
/// and `import`), and returns the ids the templates write literally and
/// which templates each one can read. When Tera refuses the set, every
/// template is parsed on its own, so that every syntax error is reported
/// with its file, line and column (a valid set is parsed once).
fn parse_all(sources: &BTreeMap<String, PathBuf>) -> Result<Parsed> {
    let mut problems = Diagnostics::new();
    let mut texts = Vec::with_capacity(sources.len());
    for (name, path) in sources {
        match read_text(path) {
            Ok(text) => texts.push((name.clone(), text, path)),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        problems.extend(syntax_errors(&texts));
        return Err(problems);
    }
    let mut layout_ids: Vec<String> = texts
        .iter()
        .flat_map(|(_, text, _)| literal_ids(text))
        .collect();
    layout_ids.sort();
    layout_ids.dedup();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which turns every URL into
    // `&#x2F;brief&#x2F;…`; escaping `& < > " '` is what HTML needs.
    tera.set_escape_fn(crate::escape::html);
    if let Err(err) = tera.add_raw_templates(texts.iter().map(|(name, text, _)| (name, text))) {
        let problems = syntax_errors(&texts);
        if !problems.is_empty() {
            return Err(problems);
        }
        // The only errors left are between templates: a missing parent or
        // macro file. Name the template Tera names, if any.
        let text = err.to_string();
        let path = sources
            .iter()
            .find(|(name, _)| text.contains(&format!("'{name}'")))
            .map_or_else(|| PathBuf::from(TEMPLATES_DIR), |(_, p)| p.clone());
        return Err(Diagnostic::in_file(path, "invalid template")
            .with_source(err)
            .into());
    }
    let cycles: Diagnostics = cycles::find(&tera)
        .into_iter()
        .map(|cycle| {
            let path = sources
                .get(&cycle.file)
                .map_or_else(|| PathBuf::from(&cycle.file), PathBuf::clone);
            Diagnostic::in_file(path, cycle.message)
        })
        .collect();
    if !cycles.is_empty() {
        return Err(cycles);
    }
    Ok((tera, layout_ids))
}

/// Every syntax error of every template, each parsed on its own, with its
/// file, line and column.
fn syntax_errors(texts: &[(String, String, &PathBuf)]) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (name, text, path) in texts {
        if let Err(err) = tera::Template::new(name, None, text) {
            problems.push(syntax_error(path, &err));
        }
    }
    problems
}

/// The values of `id="..."` attributes written without template
/// expressions in a template's text.
fn literal_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices(" id=\"").filter_map(move |(at, attr)| {
        let value = &text[at + attr.len()..];
        let value = &value[..value.find('"')?];
        let literal = !value.is_empty() && !value.contains(['{', '}', ' ']);
        literal.then(|| value.to_string())
    })
}

/// A template syntax error with the line and column Tera's parser reports
/// (`--> 3:15`).
fn syntax_error(path: &Path, err: &tera::Error) -> Diagnostic {
    let detail = std::error::Error::source(err)
        .map(ToString::to_string)
        .unwrap_or_else(|| err.to_string());
    let position = detail.lines().find_map(|line| {
        let (l, c) = line.trim().strip_prefix("--> ")?.split_once(':')?;
        Some(Position {
            line: l.trim().parse().ok()?,
            column: c.trim().parse().ok()?,
        })
    });
    let summary = detail
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("syntax error")
        .to_string();
    let diagnostic = Diagnostic::in_file(path, format!("template syntax error: {summary}"));
    match position {
        Some(p) => diagnostic.at(p),
        None => diagnostic,
    }
}

/// At most `limit` of `items`: all of them when there are no more, else
/// the `limit` around position `at` (the first ones when `at` is none).
fn window<T>(items: &[T], at: Option<usize>, limit: usize) -> &[T] {
    if items.len() <= limit {
        return items;
    }
    let start = at
        .map_or(0, |at| at.saturating_sub(limit / 2))
        .min(items.len() - limit);
    &items[start..start + limit]
}

/// Registers `t(key=...)` for `lang`, `url_for(path=...)`, `sections()`
/// and `section_count()` (empty until [`Templates::bind_sections`] gives
/// them the list), and the filters `local_date` and `css_string` (text
/// for the inside of a double-quoted CSS string, see
/// [`crate::escape::css_string`]).
fn register_functions(tera: &mut Tera, config: &Config, i18n: &i18n::I18n, lang: &str) {
    let strings = i18n.strings(lang);
    tera.register_function("sections", |_: &HashMap<String, Value>| {
        Ok(Value::Array(Vec::new()))
    });
    tera.register_function("section_count", |_: &HashMap<String, Value>| {
        Ok(Value::from(0))
    });
    let date_strings = strings.clone();
    let date_lang = lang.to_string();
    tera.register_filter(
        "local_date",
        move |value: &Value, _: &HashMap<String, Value>| {
            let text = value.as_str().unwrap_or_default();
            crate::dates::local_date(text, |key| date_strings.get(key).map(String::as_str))
                .map(Value::String)
                .ok_or_else(|| {
                    tera::Error::msg(format!(
                        "`local_date`: `{text}` is not a date like 2024-06-20 or 2024-06 (or UI strings `date_day` and `date_month` are missing for `{date_lang}`)"
                    ))
                })
        },
    );
    tera.register_filter(
        "css_string",
        |value: &Value, _: &HashMap<String, Value>| match value {
            Value::String(text) => Ok(Value::String(crate::escape::css_string(text))),
            other => Ok(Value::String(crate::escape::css_string(&other.to_string()))),
        },
    );
    let lang = lang.to_string();
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let i18n = i18n.clone();
    // `t(key=…)` in the page's language, `t(key=…, lang=…)` in another
    // (the 404 page speaks every language).
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let key = string_arg(args, "t", "key")?;
        let (lang, found) = match args.get("lang").and_then(Value::as_str) {
            Some(other) if !languages.iter().any(|l| l == other) => {
                return Err(tera::Error::msg(format!(
                    "`t`: `{other}` is not a language of the site ({})",
                    languages.join(", ")
                )));
            }
            Some(other) => (other, i18n.strings(other).get(key).cloned()),
            None => (lang.as_str(), strings.get(key).cloned()),
        };
        found.map(Value::String).ok_or_else(|| {
            tera::Error::msg(format!(
                "UI string `{key}` is missing for language `{lang}`: add it to i18n/{lang}.toml and the other languages' files"
            ))
        })
    });
    let base_url = config.base_url.clone();
    tera.register_function("url_for", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "url_for", "path")?;
        Ok(Value::String(base_url.join(path)))
    });
}

fn string_arg<'a>(
    args: &'a HashMap<String, Value>,
    function: &str,
    name: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{function}` needs a string argument `{name}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_ids_skip_template_expressions() {
        let text = r#"<body id="top"><h2 id="{{ x }}">a</h2><main class="c" id="main">"#;
        let ids: Vec<String> = literal_ids(text).collect();
        assert_eq!(ids, ["top", "main"]);
    }

    #[test]
    fn a_window_keeps_the_current_item_near_its_middle() {
        let items: Vec<usize> = (0..10).collect();
        assert_eq!(window(&items, Some(5), 20), &items[..], "all when few");
        assert_eq!(window(&items, Some(5), 4), &[3, 4, 5, 6]);
        assert_eq!(window(&items, Some(0), 4), &[0, 1, 2, 3]);
        assert_eq!(window(&items, Some(9), 4), &[6, 7, 8, 9]);
        assert_eq!(window(&items, None, 3), &[0, 1, 2]);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = tera::Template::new("x.html", None, "<p>\n{% if %}\n").unwrap_err();
        let d = syntax_error(Path::new("templates/x.html"), &err);
        let pos = d.position().expect("position");
        assert_eq!(pos.line, 2);
        assert!(d.to_string().starts_with("templates/x.html:2:"), "{d}");
    }
}
