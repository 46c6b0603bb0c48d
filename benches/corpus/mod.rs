//! A synthetic bilingual site for benchmarks, written deterministically from
//! a seed: the same text as a `brief` site and as a Hugo site.
//!
//! Every page, in each language: front matter (title, description, weight,
//! date), a body of about 600 Chinese characters or 450 English words in
//! four `##` sections, a GFM table, a fenced Rust code block whose
//! identifiers and numbers differ from page to page, a footnote, links to
//! two other pages, one inline figure and one indicator table from the data
//! file. The data file has [`GROUPS`] groups of [`PER_GROUP`] indicators.
//!
//! Each site comes in two [`Theme`]s. `Default` is what users get: the
//! brief site uses brief's default theme unmodified, and the Hugo site
//! layouts that do the same work (`hugo.rs`). `Minimal` swaps the
//! navigation of both for home / previous / next / indicators, through
//! the brief site's own `templates/partials/site_nav.html` and the Hugo
//! site's `_partials/site_nav.html`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

mod hugo;
mod words;

#[allow(unused_imports)] // hot_paths writes only the brief site
pub use hugo::write_hugo_site;
use words::*;

/// Indicator groups in the data file.
pub const GROUPS: usize = 24;
/// Indicators per group.
pub const PER_GROUP: usize = 5;
/// The years every indicator has a value for (actual up to 2024, then
/// targets).
const YEARS: std::ops::RangeInclusive<i32> = 2021..=2026;
const LAST_ACTUAL: i32 = 2024;
const BASE_URL: &str = "https://example.org/bench/";

/// The two languages, the default first.
pub const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// A language of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The templates the sites are built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// brief's default theme, unmodified, and Hugo layouts of equal work.
    Default,
    /// Both with a four-link navigation instead (a labelled variant).
    Minimal,
}

impl Theme {
    /// The name used on the command line and in the results.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Default => "default",
            Theme::Minimal => "minimal",
        }
    }
}

/// Which generator a page body is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// brief: `{{ figure(...) }}` shortcodes, links to source files.
    Brief,
    /// Hugo: `{{< figure_value ... >}}` shortcodes, `relref` links.
    Hugo,
}

/// SplitMix64: small, fast and the same everywhere, so a seed always gives
/// the same corpus.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one stream of the corpus.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// One item of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The title of page `index` (1-based) in `lang`; the home page is 0.
pub fn title(seed: u64, index: usize, lang: Lang) -> String {
    let mut rng = Rng::new(seed, (index as u64) << 8 | 1);
    match lang {
        Lang::Zh => format!(
            "{}{}{}（第{index}节）",
            rng.pick(ZH_WORDS),
            rng.pick(ZH_WORDS),
            rng.pick(ZH_WORDS)
        ),
        Lang::En => {
            let mut words = [rng.pick(EN_WORDS), rng.pick(EN_WORDS), rng.pick(EN_WORDS)];
            let first = capitalize(words[0]);
            words[0] = &first;
            format!("{} (section {index})", words.join(" "))
        }
    }
}

/// The page's name, slug and file stem: `s0042`.
pub fn page_name(index: usize) -> String {
    format!("s{index:05}")
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// About `chars` Chinese characters of running text, wrapped at about 36
/// characters a line (so that soft breaks fall between two Chinese
/// characters, as written Chinese Markdown has them).
fn zh_text(rng: &mut Rng, chars: usize) -> String {
    let mut text = String::new();
    let mut count = 0;
    let mut line = 0;
    while count < chars {
        let words = rng.range(4, 9);
        for w in 0..words {
            let word = if w > 0 && rng.below(5) == 0 {
                rng.pick(ZH_CONNECTORS)
            } else {
                rng.pick(ZH_WORDS)
            };
            text.push_str(word);
            let n = word.chars().count();
            count += n;
            line += n;
            if w + 1 < words && rng.below(3) == 0 {
                text.push('，');
                count += 1;
                line += 1;
            }
            if line >= 36 {
                text.push('\n');
                line = 0;
            }
        }
        text.push('。');
        count += 1;
        line += 1;
    }
    text.trim_end().to_string()
}

/// About `words` English words of running text in sentences, wrapped at
/// about 80 columns.
fn en_text(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    let mut count = 0;
    let mut column = 0;
    while count < words {
        let length = rng.range(9, 21) as usize;
        for w in 0..length {
            let word = rng.pick(EN_WORDS);
            let word = if w == 0 {
                capitalize(word)
            } else {
                word.to_string()
            };
            if column > 0 {
                if column + word.len() > 78 {
                    text.push('\n');
                    column = 0;
                } else {
                    text.push(' ');
                    column += 1;
                }
            }
            text.push_str(&word);
            column += word.len();
            if w + 1 < length && w > 2 && rng.below(7) == 0 {
                text.push(',');
                column += 1;
            }
        }
        text.push('.');
        column += 1;
        count += length;
    }
    text
}

/// Running text of about `share` of the page's body: 150 Chinese characters
/// or about 105 English words per section.
fn prose(rng: &mut Rng, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh_text(rng, 150),
        Lang::En => en_text(rng, 102),
    }
}

/// A Rust code block whose names and numbers are the page's own.
fn rust_code(rng: &mut Rng, index: usize) -> String {
    let noun = rng.pick(RUST_NOUNS);
    let a = rng.pick(RUST_FIELDS);
    let mut b = rng.pick(RUST_FIELDS);
    if a == b {
        b = "total";
    }
    let verb = rng.pick(RUST_VERBS);
    let n1 = rng.range(1_000, 9_999_999);
    let n2 = rng.range(100, 99_999) as f64 / 100.0;
    let rate = rng.range(1, 400) as f64 / 1000.0;
    let years = rng.range(2, 12);
    let limit = rng.range(10, 5_000);
    format!(
        "/// {noun} model of section {index}.\n\
         #[derive(Debug, Clone)]\n\
         pub struct {noun}{index} {{\n    \
             pub {a}: u64,\n    \
             pub {b}: f64,\n\
         }}\n\
         \n\
         impl {noun}{index} {{\n    \
             pub fn new() -> Self {{\n        \
                 Self {{ {a}: {n1}, {b}: {n2:.2} }}\n    \
             }}\n\
         \n    \
             /// {verb} over `years` years at {rate:.3} a year.\n    \
             pub fn {verb}_{index}(&self, years: u32) -> f64 {{\n        \
                 let growth = 1.0_f64 + {rate:.3};\n        \
                 let base = self.{b} * growth.powi(years as i32);\n        \
                 if self.{a} > {limit} {{ base + self.{a} as f64 / {years}.0 }} else {{ base }}\n    \
             }}\n\
         }}\n"
    )
}

/// A GFM table with the page's own numbers.
fn gfm_table(rng: &mut Rng, lang: Lang) -> String {
    let (item, rows): (&str, Vec<String>) = match lang {
        Lang::Zh => (
            "项目",
            (0..4)
                .map(|_| format!("{}{}", rng.pick(ZH_WORDS), rng.pick(ZH_WORDS)))
                .collect(),
        ),
        Lang::En => (
            "Item",
            (0..4)
                .map(|_| capitalize(&format!("{} {}", rng.pick(EN_WORDS), rng.pick(EN_WORDS))))
                .collect(),
        ),
    };
    let mut table = format!("| {item} | 2023 | 2024 | 2025 |\n| --- | --: | --: | --: |\n");
    for row in rows {
        let _ = writeln!(
            table,
            "| {row} | {} | {} | {} |",
            rng.range(10, 9_999),
            rng.range(10, 9_999),
            rng.range(10, 9_999)
        );
    }
    table
}

/// The id of indicator `n` (0-based).
fn indicator_id(n: usize) -> String {
    format!("ind-{:03}", n + 1)
}

fn group_id(n: usize) -> String {
    format!("g{:02}", n + 1)
}

/// The Markdown body of page `index` (1-based, of `pages` per language).
pub fn body(seed: u64, index: usize, pages: usize, lang: Lang, flavor: Flavor) -> String {
    let mut rng = Rng::new(seed, (index as u64) << 8 | 2 | (lang as u64) << 4);
    let mut headings: Vec<&str> = match lang {
        Lang::Zh => ZH_HEADINGS.to_vec(),
        Lang::En => EN_HEADINGS.to_vec(),
    };
    let mut pick_heading = |rng: &mut Rng| headings.remove(rng.below(headings.len()));
    let indicator = rng.below(GROUPS * PER_GROUP);
    let year = rng.range(2021, 2026);
    let group = rng.below(GROUPS);
    let others = [1 + rng.below(pages), 1 + rng.below(pages)];
    let figure = match flavor {
        Flavor::Brief => format!(
            "{{{{ figure(id=\"{}\", year={year}) }}}}",
            indicator_id(indicator)
        ),
        Flavor::Hugo => format!(
            "{{{{< figure_value id=\"{}\" year=\"{year}\" >}}}}",
            indicator_id(indicator)
        ),
    };
    let table = match flavor {
        Flavor::Brief => format!("{{{{ indicator_table(group=\"{}\") }}}}", group_id(group)),
        Flavor::Hugo => format!("{{{{< indicator_table group=\"{}\" >}}}}", group_id(group)),
    };
    let link = |other: usize| {
        let text = title(seed, other, lang);
        let name = page_name(other);
        match flavor {
            Flavor::Brief => format!("[{text}]({name}.{}.md)", lang.code()),
            Flavor::Hugo => format!("[{text}]({{{{< relref \"{name}.md\" >}}}})"),
        }
    };

    let mut md = String::new();
    // 1: text with the inline figure and the footnote reference, then a table.
    let _ = write!(
        md,
        "## {}\n\n{}",
        pick_heading(&mut rng),
        prose(&mut rng, lang)
    );
    let _ = match lang {
        Lang::Zh => write!(md, "该指标{year}年为{figure}。[^note]\n\n"),
        Lang::En => write!(md, " The indicator stood at {figure} in {year}.[^note]\n\n"),
    };
    md.push_str(&gfm_table(&mut rng, lang));
    // 2: text with two links, then the code block.
    let _ = write!(
        md,
        "\n## {}\n\n{}",
        pick_heading(&mut rng),
        prose(&mut rng, lang)
    );
    let _ = match lang {
        Lang::Zh => write!(md, "参见{}和{}。\n\n", link(others[0]), link(others[1])),
        Lang::En => write!(md, " See {} and {}.\n\n", link(others[0]), link(others[1])),
    };
    let _ = write!(md, "```rust\n{}```\n", rust_code(&mut rng, index));
    // 3: text, then the indicator table as its own paragraph.
    let _ = write!(
        md,
        "\n## {}\n\n{}\n\n{table}\n",
        pick_heading(&mut rng),
        prose(&mut rng, lang)
    );
    // 4: text, then the footnote.
    let _ = write!(
        md,
        "\n## {}\n\n{}\n\n",
        pick_heading(&mut rng),
        prose(&mut rng, lang)
    );
    let _ = match lang {
        Lang::Zh => writeln!(md, "[^note]: 数据为第{index}节整理，{year}年口径。"),
        Lang::En => writeln!(md, "[^note]: Compiled for section {index}; {year} basis."),
    };
    md
}

fn description(seed: u64, index: usize, lang: Lang) -> String {
    let mut rng = Rng::new(seed, (index as u64) << 8 | 3 | (lang as u64) << 4);
    match lang {
        Lang::Zh => zh_text(&mut rng, 40).replace('\n', ""),
        Lang::En => en_text(&mut rng, 24).replace('\n', " "),
    }
}

fn date(index: usize) -> String {
    // Spread over 2021–2023, one day per page: in the past, so that Hugo
    // publishes every page (it leaves out future dates by default).
    let day = index % 28 + 1;
    let month = index / 28 % 12 + 1;
    let year = 2021 + index / (28 * 12) % 3;
    format!("{year}-{month:02}-{day:02}")
}

/// One indicator of the data file.
struct Indicator {
    id: String,
    group: usize,
    unit: &'static str,
    label_zh: String,
    label_en: String,
    values: Vec<(i32, u64)>,
}

fn indicators(seed: u64) -> Vec<Indicator> {
    let mut rng = Rng::new(seed, 7);
    (0..GROUPS * PER_GROUP)
        .map(|n| {
            let unit = ["cny", "percent", "count", "pflops"][n % 4];
            let values = YEARS
                .map(|year| {
                    let value = match unit {
                        "cny" => rng.range(10, 10_000) * 100_000_000,
                        "percent" => rng.range(1, 60),
                        "count" => rng.range(10, 5_000),
                        _ => rng.range(100, 10_000),
                    };
                    (year, value)
                })
                .collect();
            Indicator {
                id: indicator_id(n),
                group: n / PER_GROUP,
                unit,
                label_zh: format!("{}{}指标{}", rng.pick(ZH_WORDS), rng.pick(ZH_WORDS), n + 1),
                label_en: capitalize(&format!(
                    "{} {} indicator {}",
                    rng.pick(EN_WORDS),
                    rng.pick(EN_WORDS),
                    n + 1
                )),
                values,
            }
        })
        .collect()
}

fn kind(year: i32) -> &'static str {
    if year <= LAST_ACTUAL {
        "actual"
    } else {
        "target"
    }
}

/// brief's `content/indicators.toml`.
fn brief_indicators(seed: u64) -> String {
    let mut toml = String::from(
        "[[sources]]\nid = \"bench\"\npublisher = { zh = \"基准数据\", en = \"Benchmark data\" }\n\
         title = { zh = \"合成数据\", en = \"Synthetic data\" }\ndate = 2024-06-20\n\n",
    );
    for g in 0..GROUPS {
        let _ = writeln!(
            toml,
            "[[groups]]\nid = \"{}\"\nlabel = {{ zh = \"第{}组\", en = \"Group {}\" }}\n",
            group_id(g),
            g + 1,
            g + 1
        );
    }
    for i in indicators(seed) {
        let _ = writeln!(
            toml,
            "[[indicators]]\nid = \"{}\"\ngroup = \"{}\"\nunit = \"{}\"",
            i.id,
            group_id(i.group),
            i.unit
        );
        if i.unit == "count" {
            toml.push_str("counter = { zh = \"家\", en = \"enterprises\" }\n");
        }
        let _ = writeln!(
            toml,
            "label = {{ zh = \"{}\", en = \"{}\" }}\npoints = [",
            i.label_zh, i.label_en
        );
        for (year, value) in &i.values {
            let _ = writeln!(
                toml,
                "  {{ year = {year}, value = {value}, kind = \"{}\", source = \"bench\" }},",
                kind(*year)
            );
        }
        toml.push_str("]\n\n");
    }
    toml
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Page `index` of `pages` in `lang`, front matter and body, written for
/// `flavor`: the same for both generators but for the shortcode syntax.
fn page_text(seed: u64, index: usize, pages: usize, lang: Lang, flavor: Flavor) -> String {
    format!(
        "+++\ntitle = \"{}\"\ndescription = \"{}\"\nweight = {index}\ndate = {}\n+++\n\n{}",
        title(seed, index, lang),
        description(seed, index, lang),
        date(index),
        body(seed, index, pages, lang, flavor)
    )
}

/// Writes the brief site for `pages` pages per language into `dir` (which
/// should be empty). `theme_dir` is the default theme to copy
/// (`themes/default` of this repository); the minimal theme adds the
/// site's own navigation partial ([`BRIEF_MINIMAL_NAV`]).
pub fn write_brief_site(
    dir: &Path,
    seed: u64,
    pages: usize,
    theme_dir: &Path,
    theme: Theme,
) -> io::Result<()> {
    write(
        &dir.join("config.toml"),
        &format!(
            "base_url = \"{BASE_URL}\"\ndefault_language = \"zh\"\ntheme = \"default\"\n\n\
             [languages.zh]\ntitle = \"基准简报\"\ndescription = \"用于基准测试的合成双语简报。\"\n\n\
             [languages.en]\ntitle = \"Benchmark brief\"\ndescription = \"A synthetic bilingual brief for benchmarks.\"\n\n\
             [highlight]\nlight = \"InspiredGitHub\"\ndark = \"base16-ocean.dark\"\n"
        ),
    )?;
    copy_tree(theme_dir, &dir.join("themes/default"))?;
    if theme == Theme::Minimal {
        write(
            &dir.join("templates/partials/site_nav.html"),
            BRIEF_MINIMAL_NAV,
        )?;
    }
    let content = dir.join("content");
    write(&content.join("indicators.toml"), &brief_indicators(seed))?;
    for lang in LANGS {
        let code = lang.code();
        let home = match lang {
            Lang::Zh => "+++\ntitle = \"基准简报\"\n+++\n\n这是用于基准测试的合成简报。\n",
            Lang::En => {
                "+++\ntitle = \"Benchmark brief\"\n+++\n\nA synthetic brief for benchmarks.\n"
            }
        };
        write(&content.join(format!("_index.{code}.md")), home)?;
        for index in 1..=pages {
            let text = page_text(seed, index, pages, lang, Flavor::Brief);
            write(
                &content.join(format!("{}.{code}.md", page_name(index))),
                &text,
            )?;
        }
    }
    Ok(())
}

/// The minimal variant's navigation for brief, replacing the default
/// theme's `partials/site_nav.html`: home, previous, next and the
/// indicators page, as in the Hugo site's minimal variant.
const BRIEF_MINIMAL_NAV: &str = r#"{#- Minimal variant: a four-link navigation. -#}
  <nav class="site-nav" aria-label="{{ t(key="site_nav") }}">
    <ul class="container">
      <li><a href="{{ language.home_url }}">{{ site.title }}</a></li>
      {%- if page.previous %}
      <li><a href="{{ page.previous.url }}">{{ page.previous.title }}</a></li>
      {%- endif %}
      {%- if page.next %}
      <li><a href="{{ page.next.url }}">{{ page.next.title }}</a></li>
      {%- endif %}
      <li><a href="{{ url_for(path=lang ~ "/indicators/") }}">{{ t(key="indicators_title") }}</a></li>
    </ul>
  </nav>
"#;
