//! The files made once per site beside the pages: the static files, the
//! highlighting stylesheet, the data downloads and their data package,
//! the 404 page and the
//! publishing files (sitemap, robots.txt, feeds, `.nojekyll`, `CNAME`).

use std::path::Path;

use super::out::{Origin, Out};
use super::view::{self, GeneratedPage, PageSource};
use super::{HIGHLIGHT_CSS, has_data};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::indicators::export;
use crate::indicators::package::{self, PackageMeta};
use crate::markdown::highlight;
use crate::publish;
use crate::site::Site;
use crate::templates::context::{LanguageContext, ViewKind};
use crate::templates::{INDICATORS_TEMPLATE, NOT_FOUND_TEMPLATE};

/// Copies the static files to the output, as they are.
pub(super) fn write_static_files(site: &Site, out: &Out<'_>) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for file in &site.static_files {
        let written = std::fs::read(&file.real)
            .map_err(|e| Diagnostic::io(&file.source, "read the static file", e))
            .and_then(|bytes| out.write(&file.output, &bytes, &Origin::File(file.source.clone())));
        if let Err(d) = written {
            problems.push(d);
        }
    }
    problems
}

/// The highlighting stylesheet and the data downloads.
pub(super) fn write_site_files(site: &Site, out: &Out<'_>) -> Result<()> {
    let config = &site.config;
    let stylesheet = highlight::stylesheet(&config.highlight.light, &config.highlight.dark)
        .map_err(|problem| problem.within("`highlight`").with_path(config.path()))?;
    out.write(
        Path::new(HIGHLIGHT_CSS),
        stylesheet.as_bytes(),
        &Origin::Generated("the highlighting stylesheet"),
    )?;
    if has_data(site) {
        if !site.templates.has(INDICATORS_TEMPLATE) {
            return Err(Diagnostic::in_file(
                site.indicators.path(),
                format!(
                    "the site has indicator data, but theme `{}` has no `{INDICATORS_TEMPLATE}` template for the indicators page",
                    config.theme
                ),
            )
            .into());
        }
        let languages: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let download = Origin::Generated("the data download made from content/indicators.toml");
        out.write(
            Path::new(export::JSON_FILE),
            export::to_json(&site.indicators).as_bytes(),
            &download,
        )?;
        out.write(
            Path::new(export::CSV_FILE),
            export::to_csv(&site.indicators, &languages).as_bytes(),
            &download,
        )?;
        out.write(
            Path::new(package::PACKAGE_FILE),
            package::to_datapackage(&site.indicators, &package_meta(config)).as_bytes(),
            &download,
        )?;
    }
    Ok(())
}

/// What the data package says about the publication.
fn package_meta(config: &Config) -> PackageMeta {
    let default = &config.default_language().code;
    let publication = config.publication.as_ref();
    let text = |map: &std::collections::BTreeMap<String, String>| {
        map.get(default).cloned().unwrap_or_default()
    };
    let mut contributors: Vec<(String, &'static str)> = publication
        .map(|p| {
            p.authors
                .iter()
                .map(|a| (a.display_name(default), "author"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(publisher) = publication.and_then(|p| p.publisher.as_ref()) {
        contributors.push((text(publisher), "publisher"));
    }
    let name: String = config
        .name()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    PackageMeta {
        name,
        languages: config.languages.iter().map(|l| l.code.clone()).collect(),
        titles: config.languages.iter().map(|l| l.title.clone()).collect(),
        description: config.default_language().description.clone(),
        homepage: config.base_url.absolute(&config.base_url.path),
        created: publication.map(|p| p.date.to_string()),
        license: publication
            .and_then(|p| p.license.as_ref())
            .map(|l| (l.id.clone(), text(&l.url), text(&l.name))),
        contributors,
    }
}

/// The sitemap, robots.txt, the Atom feeds, `.nojekyll` and `CNAME`.
pub(super) fn write_publishing_files(site: &Site, out: &Out<'_>) -> Result<(), Diagnostic> {
    let config = &site.config;
    out.write(
        Path::new("sitemap.xml"),
        publish::sitemap(&publish::sitemap_pages(
            config,
            &site.content,
            has_data(site),
        ))
        .as_bytes(),
        &Origin::Generated("the sitemap"),
    )?;
    out.write(
        Path::new("robots.txt"),
        publish::robots(config).as_bytes(),
        &Origin::Generated("robots.txt"),
    )?;
    // GitHub Pages would otherwise run the output through Jekyll.
    let hosting = Origin::Generated("the GitHub Pages settings (.nojekyll, CNAME)");
    out.write(Path::new(".nojekyll"), b"", &hosting)?;
    if let Some(domain) = &config.custom_domain {
        out.write(
            Path::new("CNAME"),
            format!("{domain}\n").as_bytes(),
            &hosting,
        )?;
    }
    for language in &config.languages {
        if let Some(feed) = publish::atom_feed(config, &site.content, &language.code) {
            out.write(
                Path::new(&publish::feed_path(&language.code)),
                feed.as_bytes(),
                &Origin::Generated("the Atom feed"),
            )?;
        }
    }
    Ok(())
}

/// The root `404.html`, in the default language, linking every language's
/// home page.
pub(super) fn render_not_found(site: &Site, out: &Out<'_>) -> Result<(), Diagnostic> {
    let config = &site.config;
    let shared = LanguageContext::new(config, &site.content, config.default_language());
    let not_found = GeneratedPage {
        kind: ViewKind::NotFound,
        path: "",
        title: "",
        description: "",
        card: None,
    };
    let source = PageSource::Generated(not_found);
    let (html, template) = view::render(site, &shared, NOT_FOUND_TEMPLATE, source, None)?;
    out.write_generated(
        Path::new("404.html"),
        &html,
        &Origin::Generated("the 404 page"),
        &template,
    )
}
