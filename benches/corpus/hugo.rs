//! The Hugo site of the corpus: the same text, data and static files as
//! the brief site, with layouts that do the same work as brief's default
//! theme (the head metadata, the language switcher, the bounded
//! navigation, the table of contents, the pager, the footer, a home page
//! listing every section), or, for the minimal variant, the same layouts
//! with the small navigation of the brief site's minimal variant.
//!
//! Hugo has no lookup of a page's position in a list, so the navigation
//! window is computed from the page's weight, which in this corpus is its
//! position (the indicators page, weight 1,000,000, is last): O(1) per
//! page, as brief's `sections(near=...)` is.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::{
    Flavor, GROUPS, LANGS, Lang, Theme, copy_tree, group_id, indicators, kind, page_name,
    page_text, write,
};

/// Writes the Hugo site for `pages` pages per language into `dir`, with the
/// same text, data and static files as the brief site, and the navigation
/// of `theme`.
pub fn write_hugo_site(
    dir: &Path,
    seed: u64,
    pages: usize,
    theme_dir: &Path,
    theme: Theme,
) -> io::Result<()> {
    write(&dir.join("hugo.toml"), HUGO_CONFIG)?;
    for (path, text) in HUGO_LAYOUTS {
        write(&dir.join("layouts").join(path), text)?;
    }
    let nav = match theme {
        Theme::Default => DEFAULT_NAV,
        Theme::Minimal => MINIMAL_NAV,
    };
    write(&dir.join("layouts/_partials/site_nav.html"), nav)?;
    copy_tree(&theme_dir.join("static"), &dir.join("static"))?;
    write(&dir.join("data/indicators.toml"), &hugo_indicators(seed))?;
    for lang in LANGS {
        let content = dir.join("content").join(lang.code());
        let (home, indicators) = match lang {
            Lang::Zh => (
                "+++\ntitle = \"基准简报\"\n+++\n\n这是用于基准测试的合成简报。\n",
                "+++\ntitle = \"指标与数据\"\nweight = 1000000\n+++\n\n{{< all_indicators >}}\n",
            ),
            Lang::En => (
                "+++\ntitle = \"Benchmark brief\"\n+++\n\nA synthetic brief for benchmarks.\n",
                "+++\ntitle = \"Indicators and data\"\nweight = 1000000\n+++\n\n{{< all_indicators >}}\n",
            ),
        };
        write(&content.join("_index.md"), home)?;
        write(&content.join("indicators.md"), indicators)?;
        for index in 1..=pages {
            let text = page_text(seed, index, pages, lang, Flavor::Hugo);
            write(&content.join(format!("{}.md", page_name(index))), &text)?;
        }
    }
    Ok(())
}

/// Hugo's `data/indicators.toml`: the same values, keyed for lookups.
fn hugo_indicators(seed: u64) -> String {
    let all = indicators(seed);
    let mut toml = String::new();
    for g in 0..GROUPS {
        let members: Vec<String> = all
            .iter()
            .filter(|i| i.group == g)
            .map(|i| format!("\"{}\"", i.id))
            .collect();
        let _ = writeln!(
            toml,
            "[groups.{}]\nlabel_zh = \"第{}组\"\nlabel_en = \"Group {}\"\nmembers = [{}]\n",
            group_id(g),
            g + 1,
            g + 1,
            members.join(", ")
        );
    }
    for i in &all {
        let _ = writeln!(
            toml,
            "[indicators.{}]\nunit = \"{}\"\nlabel_zh = \"{}\"\nlabel_en = \"{}\"\n",
            i.id, i.unit, i.label_zh, i.label_en
        );
        for (year, value) in &i.values {
            let _ = writeln!(
                toml,
                "[indicators.{}.points.\"{year}\"]\nvalue = {value}\nkind = \"{}\"\n",
                i.id,
                kind(*year)
            );
        }
    }
    toml
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/bench/"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true
title = "Benchmark brief"

[languages.zh]
contentDir = "content/zh"
label = "中文"
languageCode = "zh-Hans"
title = "基准简报"
weight = 1
[languages.zh.params]
description = "用于基准测试的合成双语简报。"
locale = "zh_CN"
locale_alternate = "en_US"
indicators = "指标与数据"
toc = "本节目录"
skip = "跳到正文"
site_nav = "简报栏目"
all_sections = "全部栏目"
language_nav = "切换语言"
sections_heading = "简报内容"
pagination = "上一节与下一节"
previous = "上一节"
next = "下一节"
footer_note = "本简报仅供研究参考，内容以所引官方发布为准。"
read_online = "在线阅读："
back_to_top = "回到顶部"

[languages.en]
contentDir = "content/en"
label = "English"
languageCode = "en"
title = "Benchmark brief"
weight = 2
[languages.en.params]
description = "A synthetic bilingual brief for benchmarks."
locale = "en_US"
locale_alternate = "zh_CN"
indicators = "Indicators and data"
toc = "In this section"
skip = "Skip to main content"
site_nav = "Sections of the brief"
all_sections = "All sections"
language_nav = "Language"
sections_heading = "In this brief"
pagination = "Previous and next sections"
previous = "Previous"
next = "Next"
footer_note = "This brief is for research purposes; the official releases it cites are authoritative."
read_online = "Read online:"
back_to_top = "Back to top"

[markup.highlight]
noClasses = false

[markup.goldmark.extensions.cjk]
enable = true
eastAsianLineBreaks = true

[markup.tableOfContents]
startLevel = 1
endLevel = 3
"#;

/// The navigation of brief's default theme (`partials/site_nav.html`):
/// every section up to 20, else the 20 around the page and a link to the
/// full list on the home page.
const DEFAULT_NAV: &str = r#"{{- $all := site.RegularPages.ByWeight -}}
{{- $n := len $all -}}
{{- $shown := $all -}}
{{- if gt $n 20 -}}
  {{- $at := 0 -}}
  {{- if .IsPage -}}{{- $at = cond (eq .Weight 1000000) (sub $n 1) (sub .Weight 1) -}}{{- end -}}
  {{- $start := sub $at 10 -}}
  {{- if lt $start 0 }}{{ $start = 0 }}{{ end -}}
  {{- if gt $start (sub $n 20) }}{{ $start = sub $n 20 }}{{ end -}}
  {{- $shown = first 20 (after $start $all) -}}
{{- end }}
  <nav class="site-nav" aria-label="{{ site.Params.site_nav }}">
    <ul class="container">
      {{- range $shown }}
      <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
      {{- end }}
      {{- if lt (len $shown) $n }}
      <li><a href="{{ site.Home.RelPermalink }}#sections-title">{{ site.Params.all_sections }}</a></li>
      {{- end }}
    </ul>
  </nav>
"#;

/// The minimal variant's navigation: home, previous, next, indicators (as
/// the brief site's `BRIEF_MINIMAL_NAV`).
const MINIMAL_NAV: &str = r#"  <nav class="site-nav" aria-label="{{ site.Params.site_nav }}">
    <ul class="container">
      <li><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></li>
      {{- with .PrevInSection }}
      <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
      {{- end }}
      {{- with .NextInSection }}
      <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
      {{- end }}
      <li><a href="{{ relLangURL "indicators/" }}">{{ site.Params.indicators }}</a></li>
    </ul>
  </nav>
"#;

/// Hugo layouts doing the work of brief's default theme.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        r##"{{- $desc := or .Description site.Params.description -}}
{{- $title := cond .IsHome site.Title .Title -}}
<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ $desc }}">
<meta name="color-scheme" content="light dark">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{- end }}
{{- range .AllTranslations }}{{ if eq .Language.Lang "zh" }}
<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{- end }}{{ end }}
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ $title }}">
<meta property="og:description" content="{{ $desc }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ site.Params.locale }}">
<meta property="og:locale:alternate" content="{{ site.Params.locale_alternate }}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ $title }}">
<meta name="twitter:description" content="{{ $desc }}">
{{- with site.Home.OutputFormats.Get "RSS" }}
<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}" title="{{ site.Title }}">
{{- end }}
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
<link rel="stylesheet" href="{{ "assets/highlight.css" | relURL }}">
<link rel="stylesheet" href="{{ "assets/charts.css" | relURL }}">
<link rel="icon" href="{{ "assets/favicon.svg" | relURL }}" type="image/svg+xml">
</head>
<body id="top" class="kind-{{ .Kind }}">
<a class="skip-link" href="#main">{{ site.Params.skip }}</a>
<header class="site-header">
  <div class="container site-header-inner">
    <p class="site-brand">
      <a class="site-title" href="{{ site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ site.Title }}</a>
    </p>
    <nav class="lang-switch" aria-label="{{ site.Params.language_nav }}">
      <ul>
        {{- range .AllTranslations }}
        <li>
          {{- if eq .Language.Lang $.Language.Lang -}}
          <span class="lang-current" lang="{{ .Language.LanguageCode }}" aria-current="true">{{ .Language.Label }}</span>
          {{- else -}}
          <a href="{{ .RelPermalink }}" hreflang="{{ .Language.LanguageCode }}" lang="{{ .Language.LanguageCode }}" rel="alternate">{{ .Language.Label }}</a>
          {{- end -}}
        </li>
        {{- end }}
      </ul>
    </nav>
  </div>
  {{- partial "site_nav.html" . }}
</header>
<main id="main" class="container" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="container">
    <p class="footer-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
    <p class="footer-note">{{ site.Params.footer_note }}</p>
    <p class="print-only footer-permalink">{{ site.Params.read_online }}<span class="footer-url">{{ .Permalink }}</span></p>
    <p class="back-to-top"><a href="#top">{{ site.Params.back_to_top }}</a></p>
  </div>
</footer>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r#"{{ define "main" }}
<article class="brief-section">
  <header class="page-header">
    <p class="section-number" aria-hidden="true">{{ printf "%02d" .Weight }}</p>
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lead">{{ . }}</p>
    {{- end }}
  </header>
  <nav class="toc" aria-labelledby="toc-title"><h2 class="toc-title" id="toc-title">{{ site.Params.toc }}</h2>{{ .TableOfContents }}</nav>
  <div class="prose">
{{ .Content }}
  </div>
</article>
<nav class="pager" aria-label="{{ site.Params.pagination }}">
  {{- with .PrevInSection }}<a class="pager-link pager-prev" rel="prev" href="{{ .RelPermalink }}"><span class="pager-label">{{ site.Params.previous }}</span> <span class="pager-title">{{ .Title }}</span></a>{{ end }}
  {{- with .NextInSection }}<a class="pager-link pager-next" rel="next" href="{{ .RelPermalink }}"><span class="pager-label">{{ site.Params.next }}</span> <span class="pager-title">{{ .Title }}</span></a>{{ end }}
</nav>
{{ end }}
"#,
    ),
    (
        "home.html",
        r#"{{ define "main" }}
<article class="home">
  <header class="page-header home-header">
    <h1>{{ .Title }}</h1>
  </header>
  <div class="prose">
{{ .Content }}
  </div>
  <section class="section-list" aria-labelledby="sections-title">
    <h2 id="sections-title">{{ site.Params.sections_heading }}</h2>
    <ol>
      {{- range .RegularPages.ByWeight }}
      <li>
        <a class="section-link" href="{{ .RelPermalink }}">{{ .Title }}</a>
        {{- with .Description }}
        <p>{{ . }}</p>
        {{- end }}
      </li>
      {{- end }}
    </ol>
  </section>
</article>
{{ end }}
"#,
    ),
    (
        "list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>404</h1>
<ul>{{ range hugo.Sites }}<li><a href="{{ .Home.RelPermalink }}">{{ .Language.Label }}</a></li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "rss.xml",
        r#"{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
<language>{{ site.Language.Lang }}</language>
<atom:link href="{{ with .OutputFormats.Get "RSS" }}{{ .Permalink }}{{ end }}" rel="self" type="application/rss+xml"/>
{{- range .RegularPages.ByDate.Reverse }}
<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<description>{{ .Description }}</description>
</item>
{{- end }}
</channel>
</rss>
"#,
    ),
    (
        "_markup/render-heading.html",
        r##"<h{{ .Level }} id="{{ .Anchor }}">{{ .Text }}<a class="heading-anchor" href="#{{ .Anchor }}" aria-label="#">#</a></h{{ .Level }}>
"##,
    ),
    (
        "_partials/quantity.html",
        r#"{{- $v := .value -}}
{{- if eq .unit "cny" -}}
  {{- if eq .lang "zh" }}{{ lang.FormatNumber 0 (div $v 100000000.0) }}亿元{{ else }}CNY {{ lang.FormatNumber 1 (div $v 1000000000.0) }} billion{{ end -}}
{{- else if eq .unit "percent" -}}{{ $v }}%
{{- else if eq .unit "count" -}}
  {{- if eq .lang "zh" }}{{ $v }}家{{ else }}{{ lang.FormatNumber 0 $v }}{{ end -}}
{{- else -}}{{ lang.FormatNumber 0 $v }} PFLOPS
{{- end -}}
"#,
    ),
    (
        "_partials/indicator_table.html",
        r#"{{- $g := index hugo.Data.indicators.groups .group -}}
{{- $lang := site.Language.Lang -}}
<table class="indicator-table">
<caption>{{ index $g (printf "label_%s" $lang) }}</caption>
<thead><tr><th scope="col"></th>{{ range slice "2021" "2022" "2023" "2024" "2025" "2026" }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead>
<tbody>
{{- range $g.members }}
{{- $ind := index hugo.Data.indicators.indicators . }}
<tr id="row-{{ . }}"><th scope="row">{{ index $ind (printf "label_%s" $lang) }}</th>
{{- range slice "2021" "2022" "2023" "2024" "2025" "2026" }}
{{- with index $ind.points . }}<td class="{{ .kind }}">{{ partial "quantity.html" (dict "unit" $ind.unit "value" .value "lang" $lang) }}</td>{{ end }}
{{- end }}</tr>
{{- end }}
</tbody>
</table>
"#,
    ),
    (
        "_shortcodes/figure_value.html",
        r#"{{- $id := .Get "id" -}}
{{- $ind := index hugo.Data.indicators.indicators $id -}}
{{- $p := index $ind.points (.Get "year") -}}
<a class="figure figure-{{ $p.kind }}" href="{{ relLangURL "indicators/" }}#row-{{ $id }}"><data value="{{ $p.value }}">{{ partial "quantity.html" (dict "unit" $ind.unit "value" $p.value "lang" site.Language.Lang) }}</data></a>
{{- /**/ -}}
"#,
    ),
    (
        "_shortcodes/indicator_table.html",
        r#"{{ partialCached "indicator_table.html" (dict "group" (.Get "group")) (.Get "group") site.Language.Lang }}
"#,
    ),
    (
        "_shortcodes/all_indicators.html",
        r#"{{ range $id, $g := hugo.Data.indicators.groups }}{{ partial "indicator_table.html" (dict "group" $id) }}{{ end }}
"#,
    ),
];
