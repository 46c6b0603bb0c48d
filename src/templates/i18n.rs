//! UI strings: one flat TOML table per language (`i18n/zh.toml`,
//! `i18n/en.toml`), from the theme and then from the site, whose keys
//! override the theme's. Every key must exist in every language.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, parse_toml, read_text};

/// Name of the UI string directory, in a theme and at the site root.
pub const I18N_DIR: &str = "i18n";

/// The UI strings of one language.
pub type Strings = Arc<HashMap<String, String>>;

/// The UI strings of every language of the site.
#[derive(Debug, Clone)]
pub struct I18n {
    by_language: BTreeMap<String, Strings>,
    /// The file reported when a language misses a key.
    files: BTreeMap<String, PathBuf>,
}

impl I18n {
    /// Loads the tables of every configured language from `theme_dir` and
    /// the site root, and checks that they have the same keys.
    pub fn load(config: &Config, theme_dir: &Path) -> Result<I18n> {
        let (i18n, problems) = I18n::load_collecting(config, theme_dir)?;
        problems.into_result(i18n)
    }

    /// Like [`I18n::load`], but a key missing in some language is returned
    /// as a problem beside the strings instead of failing; the gap is
    /// filled with another language's string so pages still render.
    pub fn load_collecting(config: &Config, theme_dir: &Path) -> Result<(I18n, Diagnostics)> {
        let mut problems = Diagnostics::new();
        let mut by_language = BTreeMap::new();
        let mut files = BTreeMap::new();
        for language in &config.languages {
            let file_name = format!("{}.toml", language.code);
            let candidates = [
                theme_dir.join(I18N_DIR).join(&file_name),
                config.root.join(I18N_DIR).join(&file_name),
            ];
            let mut strings = HashMap::new();
            let mut found = None;
            for path in candidates.iter().filter(|p| p.is_file()) {
                match read_table(path) {
                    Ok(table) => strings.extend(table),
                    Err(d) => problems.push(d),
                }
                found.get_or_insert_with(|| path.clone());
            }
            let Some(file) = found else {
                problems.push(Diagnostic::in_file(
                    &candidates[0],
                    format!(
                        "no UI strings for language `{}`: create this file or {}",
                        language.code,
                        candidates[1].display()
                    ),
                ));
                continue;
            };
            files.insert(language.code.clone(), file);
            by_language.insert(language.code.clone(), Arc::new(strings));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut i18n = I18n { by_language, files };
        i18n.check_same_keys(&mut problems);
        Ok((i18n, problems))
    }

    /// Every key must be present in every language; a missing one is
    /// reported and then borrowed from a language that has it.
    fn check_same_keys(&mut self, problems: &mut Diagnostics) {
        let mut fills: Vec<(String, String, String)> = Vec::new();
        let all_keys: BTreeSet<&String> =
            self.by_language.values().flat_map(|s| s.keys()).collect();
        for (lang, strings) in &self.by_language {
            for key in all_keys
                .iter()
                .filter(|k| !strings.contains_key(k.as_str()))
            {
                let others: Vec<&str> = self
                    .by_language
                    .iter()
                    .filter(|(_, s)| s.contains_key(key.as_str()))
                    .map(|(l, _)| l.as_str())
                    .collect();
                problems.push(Diagnostic::in_file(
                    &self.files[lang],
                    format!(
                        "UI string `{key}` is missing for language `{lang}` (it exists for {})",
                        others.join(", ")
                    ),
                ));
                if let Some(value) = others
                    .first()
                    .and_then(|o| self.by_language[*o].get(key.as_str()))
                {
                    fills.push((lang.clone(), key.to_string(), value.clone()));
                }
            }
        }
        for (lang, key, value) in fills {
            if let Some(strings) = self.by_language.get_mut(&lang) {
                Arc::make_mut(strings).insert(key, value);
            }
        }
    }

    /// The strings of `lang` (empty for a language the site does not have).
    pub fn strings(&self, lang: &str) -> Strings {
        self.by_language.get(lang).cloned().unwrap_or_default()
    }

    /// The file that holds `lang`'s strings (the theme's, or the site's
    /// when the theme has none).
    pub fn file(&self, lang: &str) -> PathBuf {
        self.files.get(lang).cloned().unwrap_or_default()
    }

    /// One string, or an error naming the key, the language and the file.
    pub fn get(&self, lang: &str, key: &str) -> Result<String, Diagnostic> {
        self.by_language
            .get(lang)
            .and_then(|s| s.get(key))
            .cloned()
            .ok_or_else(|| {
                let file = self.files.get(lang).cloned().unwrap_or_default();
                Diagnostic::in_file(
                    file,
                    format!("UI string `{key}` is missing for language `{lang}`"),
                )
            })
    }
}

fn read_table(path: &Path) -> Result<HashMap<String, String>, Diagnostic> {
    let text = read_text(path)?;
    parse_toml(path, &text, 0)
}
