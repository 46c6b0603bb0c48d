//! The PDF edition's document for one language: the cover's data, every
//! page in the site's order written as Typst by the markdown module (the
//! same passes, shortcodes and numbers as the site), and the indicators
//! appendix; `pdf::typeset` makes it a PDF. The look is the theme's
//! `pdf/edition.typ`, which defines the functions the document calls.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;

use super::language::{LanguageRender, PageLinks};
use super::out::{Origin, Out};
use super::{Editions, INDICATORS_PATH, Reuse};
use crate::config::PdfFonts;
use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::escape::{typst_markup as markup, typst_string as string};
use crate::fonts::Installed;
use crate::indicators::shortcodes::Expander;
use crate::indicators::{Presenter, derived_anchor, source_anchor};
use crate::linkcheck::{Destination, destination};
use crate::markdown::typst::label;
use crate::markdown::{self, LinkTarget, TypstTargets};
use crate::pdf::{Chunk, Document, Fonts};
use crate::site::{PdfThemeFile, Site};
use crate::templates::context::PdfView;

/// The theme file the document imports.
pub const EDITION_TEMPLATE: &str = "edition.typ";
/// The theme file holding the charts' colours for paper.
pub const CHART_STYLESHEET: &str = "charts.css";

/// The editions last typeset (per language, the document's hash and the
/// PDF) and the fonts with the `[pdf.fonts]` they were found for. A build
/// starts with an empty one; the preview keeps one for its life, so an
/// edition whose document did not change is not typeset again.
#[derive(Debug, Default, Clone)]
pub struct Cache(Arc<Mutex<Kept>>);

#[derive(Debug, Default)]
struct Kept {
    fonts: Option<(PdfFonts, Arc<Fonts>)>,
    pdfs: HashMap<String, (u64, Arc<Vec<u8>>)>,
}

impl Cache {
    fn lock(&self) -> MutexGuard<'_, Kept> {
        // Only finished entries are ever stored.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fonts for `wanted`, found again when `wanted` changed (a
    /// failure is not kept: installing the font fixes the next build).
    fn fonts(
        &self,
        installed: &Installed,
        root: &Path,
        wanted: &PdfFonts,
    ) -> Result<Arc<Fonts>, Vec<String>> {
        if let Some((kept, fonts)) = &self.lock().fonts
            && kept == wanted
        {
            return Ok(fonts.clone());
        }
        let fonts = Arc::new(Fonts::discover(installed, root, wanted)?);
        self.lock().fonts = Some((wanted.clone(), fonts.clone()));
        Ok(fonts)
    }

    fn pdf(&self, lang: &str) -> Option<(u64, Arc<Vec<u8>>)> {
        self.lock().pdfs.get(lang).cloned()
    }

    fn keep(&self, lang: &str, key: u64, pdf: Arc<Vec<u8>>) {
        self.lock().pdfs.insert(lang.to_string(), (key, pdf));
    }
}

/// An edition whose document changed, left to typeset after the render
/// (the preview's); the render wrote the edition last typeset in its place.
#[derive(Debug)]
pub struct Pending {
    lang: String,
    /// Its file, relative to the output directory.
    file: String,
    key: u64,
    document: Document,
    fonts: Arc<Fonts>,
    cache: Cache,
}

impl Pending {
    /// The language of the edition.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Typesets the edition, keeps it for the next render and writes it
    /// over its stand-in under `output` (atomically: a reader gets the old
    /// file or the new one). Returns Typst's warnings.
    pub fn finish(self, output: &Path) -> crate::diagnostic::Result<Vec<Diagnostic>> {
        let (bytes, warnings) = crate::pdf::typeset(&self.document, &self.fonts)?;
        let target = output.join(&self.file);
        let temporary = target.with_extension("pdf.brief-tmp");
        std::fs::write(&temporary, &bytes)
            .and_then(|()| std::fs::rename(&temporary, &target))
            .map_err(|e| Diagnostic::io(&target, "write the PDF edition", e))?;
        self.cache.keep(&self.lang, self.key, Arc::new(bytes));
        Ok(warnings.into_iter().collect())
    }
}

/// What became of one language's edition in a render.
enum Outcome {
    /// A page's shortcodes failed (the page reports them).
    Skipped,
    /// Typeset now, or unchanged since it was last.
    Ready(Arc<Vec<u8>>, Vec<Diagnostic>),
    /// Changed: the last one stands in until `Pending` is finished.
    Deferred(Arc<Vec<u8>>, Box<Pending>),
    Failed(Diagnostics),
}

/// Typesets each language's PDF edition (in parallel), writes it and
/// links the language's pages to it, before the pages render.
pub(super) fn render_editions(
    site: &Site,
    jobs: &mut [Option<LanguageRender<'_>>],
    links: &PageLinks,
    out: &Out<'_>,
    reuse: &Reuse,
) -> Editions {
    let mut editions = Editions::default();
    let Some(pdf) = &site.config.pdf else {
        return editions;
    };
    let config = &site.config;
    let fonts = match reuse
        .editions
        .fonts(&reuse.fonts, &config.root, &config.fonts)
    {
        Ok(fonts) => fonts,
        Err(missing) => {
            // Each is about `[pdf.fonts]` in config.toml.
            for message in missing {
                editions
                    .problems
                    .push(Diagnostic::in_file(config.path(), message));
            }
            return editions;
        }
    };
    let outcomes: Vec<Option<(Outcome, Diagnostics)>> = jobs
        .par_iter()
        .map(|job| {
            let job = job.as_ref()?;
            let (document, soft) = document(job, links, &reuse.highlight);
            let outcome = match document {
                Err(problem) => Outcome::Failed(problem.into()),
                Ok(None) => Outcome::Skipped,
                Ok(Some(document)) => typeset(job, document, &fonts, pdf, reuse),
            };
            Some((outcome, soft))
        })
        .collect();
    for (job, outcome) in jobs.iter_mut().zip(outcomes) {
        let (Some(job), Some((outcome, soft))) = (job.as_mut(), outcome) else {
            continue;
        };
        editions.done.warnings.extend(soft);
        let bytes = match outcome {
            Outcome::Skipped => continue,
            Outcome::Failed(errors) => {
                editions.problems.extend(errors);
                continue;
            }
            Outcome::Ready(bytes, warnings) => {
                editions.done.warnings.extend(warnings);
                bytes
            }
            Outcome::Deferred(bytes, pending) => {
                editions.done.pending.push(*pending);
                bytes
            }
        };
        let file = pdf.file(&job.language.code);
        match out.write(
            Path::new(&file),
            &bytes,
            &Origin::Generated("the PDF edition"),
        ) {
            Ok(()) => job.set_pdf(PdfView::new(config.base_url.join(&file), bytes.len())),
            Err(d) => editions.problems.push(d),
        }
    }
    editions
}

/// One language's edition: the one last typeset if its document is the
/// same, or (deferred) stands in for it; else typeset now.
fn typeset(
    job: &LanguageRender<'_>,
    document: Document,
    fonts: &Arc<Fonts>,
    pdf: &crate::config::Pdf,
    reuse: &Reuse,
) -> Outcome {
    let lang = &job.language.code;
    let key = fingerprint(&document);
    let last = reuse.editions.pdf(lang);
    match last {
        Some((kept, bytes)) if kept == key => return Outcome::Ready(bytes, Vec::new()),
        Some((_, bytes)) if reuse.defer_editions => {
            let pending = Pending {
                lang: lang.clone(),
                file: pdf.file(lang),
                key,
                document,
                fonts: fonts.clone(),
                cache: reuse.editions.clone(),
            };
            return Outcome::Deferred(bytes, Box::new(pending));
        }
        _ => {}
    }
    match crate::pdf::typeset(&document, fonts) {
        Ok((bytes, warnings)) => {
            let bytes = Arc::new(bytes);
            reuse.editions.keep(lang, key, bytes.clone());
            Outcome::Ready(bytes, warnings.into_iter().collect())
        }
        Err(errors) => Outcome::Failed(errors),
    }
}

/// What an edition is made from: its main source and its files.
fn fingerprint(document: &Document) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    document.main.hash(&mut hasher);
    document.files.hash(&mut hasher);
    hasher.finish()
}

/// The UI strings the document uses, beside the indicator words.
pub const KEYS: &[&str] = &[
    "cite_title",
    "cite_license",
    "pdf_contents",
    "pdf_overview",
    "key_figures",
    "summary_heading",
    "read_online",
    "footer_note",
    "source_label",
    "published",
    "information_as_of",
    "byline_by",
    "enumeration_separator",
    "derived_heading",
    "sources_heading",
];

/// What the document needs besides the pages: the theme's template and
/// the UI strings, each missing one a problem naming where it belongs.
fn check_needs(render: &LanguageRender<'_>) -> Result<(), Diagnostic> {
    let site = render.site;
    if !site.pdf_theme.iter().any(|f| f.name == EDITION_TEMPLATE) {
        return Err(Diagnostic::in_file(
            site.config.path(),
            format!(
                "`[pdf]`: the theme has no PDF template (looked for themes/{}/pdf/{EDITION_TEMPLATE} and pdf/{EDITION_TEMPLATE}); copy the default theme's",
                site.config.theme
            ),
        ));
    }
    let lang = &render.language.code;
    let strings = site.templates.i18n.strings(lang);
    let missing: Vec<&str> = KEYS
        .iter()
        .copied()
        .filter(|k| !strings.contains_key(*k))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::in_file(
        site.templates.i18n.file(lang),
        format!(
            "the PDF edition needs these UI strings for `{lang}`: {}",
            missing.join(", ")
        ),
    ))
}

/// The document of `render`'s language, or what it lacks (its template,
/// UI strings); none when a page's shortcodes fail (the page's own render
/// reports them). Beside it, warnings for what it leaves out (raw HTML),
/// each at its Markdown line.
pub(super) fn document(
    render: &LanguageRender<'_>,
    links: &PageLinks,
    highlight: &markdown::highlight::Cache,
) -> (Result<Option<Document>, Diagnostic>, Diagnostics) {
    if let Err(problem) = check_needs(render) {
        return (Err(problem), Diagnostics::new());
    }
    let site = render.site;
    let theme = &site.pdf_theme;
    let stylesheet = theme
        .iter()
        .find(|f| f.name == CHART_STYLESHEET)
        .map_or("", |f| std::str::from_utf8(&f.bytes).unwrap_or(""));
    let presenter = render.presenter();
    let expander = presenter.map(|p| Expander::typst(p, stylesheet));
    let options = render.markdown_options(links, expander.as_ref(), highlight);
    let mut writer = DocumentWriter {
        render,
        main: String::new(),
        chunks: Vec::new(),
        images: RefCell::new(Vec::new()),
        failed: false,
        warnings: Diagnostics::new(),
    };
    writer.preamble();
    for page in site.content.pages(&render.language.code) {
        writer.page(page, &options);
    }
    if let Some(presenter) = &presenter {
        writer.appendix(presenter);
    }
    let DocumentWriter {
        main,
        chunks,
        images,
        failed,
        warnings,
        ..
    } = writer;
    if failed {
        return (Ok(None), warnings);
    }
    let mut files: Vec<(String, Vec<u8>)> = theme
        .iter()
        .map(|f| (format!("/theme/{}", f.name), f.bytes.clone()))
        .collect();
    files.extend(images.into_inner());
    let document = Document {
        main,
        files,
        file_origins: theme
            .iter()
            .map(|f: &PdfThemeFile| (format!("/theme/{}", f.name), f.path.clone()))
            .collect(),
        chunks,
        generated_by: site.config.path(),
        // PDF/A wants a date: the publication's, else the build's.
        date: site
            .config
            .publication
            .as_ref()
            .map_or_else(crate::dates::build_date, |p| {
                (p.date.year, p.date.month, p.date.day.unwrap_or(1))
            }),
    };
    (Ok(Some(document)), warnings)
}

struct DocumentWriter<'r, 'a> {
    render: &'r LanguageRender<'a>,
    main: String,
    chunks: Vec<Chunk>,
    /// The site's images the pages show: (path in the world, bytes).
    images: RefCell<Vec<(String, Vec<u8>)>>,
    /// Whether a page's shortcodes failed (reported by its own render).
    failed: bool,
    warnings: Diagnostics,
}

impl DocumentWriter<'_, '_> {
    fn site(&self) -> &Site {
        self.render.site
    }

    /// The UI string `key` (one of [`KEYS`], which `check_needs` found).
    fn t(&self, key: &str) -> String {
        let lang = &self.render.language.code;
        self.site()
            .templates
            .i18n
            .get(lang, key)
            .unwrap_or_default()
    }

    /// The theme's import, the `site-link` helper and the `edition` call
    /// with the cover's data.
    fn preamble(&mut self) {
        let config = &self.site().config;
        let language = self.render.language;
        let home = config
            .base_url
            .absolute(&config.base_url.join(&format!("{}/", language.code)));
        let pdf = config.pdf.as_ref();
        let mut out = format!(
            "#import \"/theme/{EDITION_TEMPLATE}\": *\n\
             #let site-origin = \"{origin}\"\n\
             #let site-link(target, path, body) = context {{\n  \
               if query(target).len() > 0 {{ link(target, body) }} else {{ link(site-origin + path, body) }}\n\
             }}\n\
             #show: edition.with(\n  lang: \"{lang}\",\n  title: [{title}],\n  short-title: [{short}],\n  \
             description: [{description}],\n  url: \"{url}\",\n  paper: \"{paper}\",\n",
            origin = string(&config.base_url.origin),
            lang = string(&language.code),
            title = markup(&language.title),
            short = markup(&language.short_title),
            description = markup(&language.description),
            url = string(&home),
            paper = string(pdf.map_or("a4", |p| p.paper.as_str())),
        );
        let _ = writeln!(
            out,
            "  meta-title: \"{}\",\n  meta-description: \"{}\",",
            string(&language.title),
            string(&language.description)
        );
        self.date_lines(&mut out);
        self.key_figures(&mut out);
        self.citation(&mut out);
        if pdf.is_some() {
            let f = &config.fonts;
            let _ = writeln!(
                out,
                "  fonts: (serif: \"{}\", sans: \"{}\", cjk-serif: \"{}\", cjk-sans: \"{}\", mono: \"{}\"),",
                string(&f.serif),
                string(&f.sans),
                string(&f.cjk_serif),
                string(&f.cjk_sans),
                string(&f.mono)
            );
        }
        out.push_str("  strings: (\n");
        for key in [
            "cite_title",
            "cite_license",
            "pdf_contents",
            "key_figures",
            "summary_heading",
            "read_online",
            "footer_note",
            "source_label",
        ] {
            let _ = writeln!(
                out,
                "    {}: [{}],",
                key.replace('_', "-"),
                markup(&self.t(key))
            );
        }
        out.push_str("  ),\n)\n\n");
        self.main.push_str(&out);
    }

    /// "Cite this brief" for the contents page: the reference as the site
    /// shows it (the same rendering, as Typst markup) and the licence.
    fn citation(&self, out: &mut String) {
        let Some(reference) = self.render.reference() else {
            return;
        };
        let lang = &self.render.language.code;
        let license = self
            .site()
            .config
            .publication
            .as_ref()
            .and_then(|p| p.license.as_ref())
            .map_or("none".to_string(), |l| {
                let name = l.name.get(lang).cloned().unwrap_or_default();
                let url = l.url.get(lang).cloned().unwrap_or_default();
                format!("link(\"{}\")[{}]", string(&url), markup(&name))
            });
        let _ = writeln!(
            out,
            "  citation: (reference: [{}], license: {license}),",
            reference.typst
        );
    }

    /// The date line of the cover: published, information as of, by.
    fn date_lines(&self, out: &mut String) {
        let Some(publication) = &self.site().config.publication else {
            return;
        };
        let lang = &self.render.language.code;
        let strings = self.site().templates.i18n.strings(lang);
        let local = |date: &crate::config::PartialDate| {
            crate::dates::local_date(&date.to_string(), |key| {
                strings.get(key).map(String::as_str)
            })
            .unwrap_or_else(|| date.to_string())
        };
        let _ = writeln!(
            out,
            "  date: [{}{}],",
            markup(&self.t("published")),
            markup(&local(&publication.date))
        );
        if let Some(as_of) = &publication.as_of {
            let _ = writeln!(
                out,
                "  as-of: [{}{}],",
                markup(&self.t("information_as_of")),
                markup(&local(as_of))
            );
        }
        let names = publication.byline(lang);
        out.push_str("  authors: (");
        for name in &names {
            let _ = write!(out, "\"{}\", ", string(name));
        }
        out.push_str("),\n");
        if !names.is_empty() {
            let separator = self.t("enumeration_separator");
            let _ = writeln!(
                out,
                "  byline: [{}{}],",
                markup(&self.t("byline_by")),
                markup(&names.join(&separator))
            );
        }
    }

    /// The home page's key figures, for the cover.
    fn key_figures(&self, out: &mut String) {
        let lang = &self.render.language.code;
        let Some(home) = self.site().content.home(lang) else {
            return;
        };
        // A bad entry fails the home page's own rendering, which says so.
        let presenter = self.render.presenter();
        let Ok(figures) = crate::indicators::page::key_figures(presenter.as_ref(), home) else {
            return;
        };
        out.push_str("  key-figures: (\n");
        for figure in figures {
            let _ = writeln!(
                out,
                "    (value: [{}], label: [{}], when: [{}]),",
                markup(&figure.text),
                markup(&figure.label),
                markup(&figure.when),
            );
        }
        out.push_str("  ),\n");
    }

    /// One page: its title as a level-1 heading (the home page's summary
    /// first, as the takeaways), then its body.
    fn page(&mut self, page: &Page, options: &markdown::Options<'_>) {
        let site = self.site();
        let page_path = site.config.base_url.join(&page.site_path());
        let targets = PageTargets {
            site,
            page_path: page_path.clone(),
            page_file: crate::walk::slash_path(&page.output_file()),
            images: &self.images,
        };
        let (body, errors, warnings) = markdown::render_typst(&page.body, options, &targets);
        let place = |d: Diagnostic| d.with_path(&page.path).below(page.body_line);
        // A bad shortcode is the site's problem too, and the page's own
        // render reports it; the edition is left out rather than made
        // without the call.
        if !errors.is_empty() {
            self.failed = true;
        }
        for warning in warnings {
            self.warnings.push(place(warning));
        }
        let split = body.summary_end.unwrap_or(0);
        if page.kind == PageKind::Home && split > 0 {
            let _ = write!(
                self.main,
                "#heading(level: 1)[{}]\n\n#takeaways[\n",
                markup(&self.t("summary_heading"))
            );
            self.body_part(page, &body, 0..split);
            self.main.push_str("]\n\n");
        }
        let title = match page.kind {
            PageKind::Home => self.t("pdf_overview"),
            _ => page.front.title.clone(),
        };
        let _ = write!(
            self.main,
            "#heading(level: 1)[{}] <{}>\n\n",
            markup(&title),
            label(&page_path)
        );
        let rest = if page.kind == PageKind::Home {
            split
        } else {
            0
        };
        self.body_part(page, &body, rest..body.markup.len());
    }

    /// Copies `range` of a page body's markup into the document, noting
    /// where it came from.
    fn body_part(
        &mut self,
        page: &Page,
        body: &markdown::TypstBody,
        range: std::ops::Range<usize>,
    ) {
        let start = self.main.len();
        self.main.push_str(&body.markup[range.clone()]);
        self.main.push_str("\n\n");
        self.chunks.push(Chunk {
            range: start..self.main.len(),
            body_start: start - range.start,
            file: page.path.clone(),
            body_line: page.body_line,
            lines: body.lines.clone(),
        });
    }

    /// The indicators page as an appendix: the tables by group with their
    /// notes, the derived figures and the sources, each labelled with its
    /// place on the site so that the figures' links land on it.
    fn appendix(&mut self, presenter: &Presenter<'_>) {
        let config = &self.site().config;
        let lang = &self.render.language.code;
        let page = config.base_url.join(&format!("{lang}/{INDICATORS_PATH}"));
        let mut out = format!(
            "#appendix-start()\n#heading(level: 1)[{}] <{}>\n\n",
            markup(presenter.labels.get("indicators_title")),
            label(&page)
        );
        for group in presenter.group_tables() {
            let _ = write!(out, "{}\n\n", presenter.table_typst(&group.spec));
            for indicator in &group.spec.indicators {
                if let Some(note) = &indicator.note {
                    let _ = write!(
                        out,
                        "#indicator-note[{}{}][{}]\n\n",
                        markup(presenter.label(indicator)),
                        markup(presenter.labels.get("label_separator")),
                        markup(note.get(lang))
                    );
                }
            }
        }
        self.appendix_derived(&mut out, presenter, &page);
        self.appendix_sources(&mut out, presenter, &page);
        self.main.push_str(&out);
    }

    fn appendix_derived(&self, out: &mut String, presenter: &Presenter<'_>, page: &str) {
        let derived = presenter.derived_views();
        if derived.is_empty() {
            return;
        }
        let _ = write!(
            out,
            "#heading(level: 2)[{}]\n\n",
            markup(&self.t("derived_heading"))
        );
        for d in derived {
            let _ = write!(
                out,
                "#derived-entry(name: [{}{}], value: [{}], method: [{}], note: [{}]) <{}>\n\n",
                markup(&d.label),
                markup(presenter.labels.get("label_separator")),
                markup(&d.value),
                markup(&d.method),
                markup(&d.note),
                label(&format!("{page}#{}", derived_anchor(&d.id)))
            );
        }
    }

    fn appendix_sources(&self, out: &mut String, presenter: &Presenter<'_>, page: &str) {
        let _ = write!(
            out,
            "#heading(level: 2)[{}]\n\n",
            markup(&self.t("sources_heading"))
        );
        let strings = self
            .site()
            .templates
            .i18n
            .strings(&self.render.language.code);
        for s in presenter.source_views() {
            let date =
                crate::dates::local_date(&s.date, |key| strings.get(key).map(String::as_str))
                    .unwrap_or_else(|| s.date.clone());
            let _ = write!(
                out,
                "#source-entry(number: {}, publisher: [{}], title: [{}], date: [{}], separator: [{}], url: \"{}\") <{}>\n\n",
                s.number,
                markup(&s.publisher),
                markup(&s.title),
                markup(&date),
                markup(presenter.labels.get("field_separator")),
                string(&s.url),
                label(&format!("{page}#{}", source_anchor(&s.id)))
            );
        }
    }
}

/// Where the links and images of one page go in the PDF.
struct PageTargets<'s> {
    site: &'s Site,
    /// The page's site path: `/brief/zh/goals/`.
    page_path: String,
    /// The page's output file: `zh/goals/index.html`.
    page_file: String,
    images: &'s RefCell<Vec<(String, Vec<u8>)>>,
}

impl TypstTargets for PageTargets<'_> {
    fn page_path(&self) -> &str {
        &self.page_path
    }

    fn link(&self, dest: &str) -> LinkTarget {
        match destination(&self.site.config.base_url, &self.page_file, dest) {
            Destination::Site(path) => LinkTarget::Site(place(&path)),
            Destination::External(url) => LinkTarget::Url(url),
            Destination::Skip if dest.trim().to_ascii_lowercase().starts_with("mailto:") => {
                LinkTarget::Url(dest.trim().to_string())
            }
            // `javascript:`, `data:` and the like: no link on paper.
            Destination::Skip => LinkTarget::None,
        }
    }

    fn image(&self, dest: &str) -> Option<String> {
        let base = &self.site.config.base_url;
        let Destination::Site(path) = destination(base, &self.page_file, dest) else {
            return None;
        };
        let relative = path.strip_prefix(&base.path)?;
        let file = self
            .site
            .static_files
            .iter()
            .find(|f| crate::walk::slash_path(&f.output) == relative)?;
        let bytes = std::fs::read(&file.real).ok()?;
        let world_path = format!("/site/{relative}");
        self.images.borrow_mut().push((world_path.clone(), bytes));
        Some(world_path)
    }
}

/// A site path as the PDF's labels name places: a page by its directory
/// (`/brief/zh/goals/`, not `…/goals/index.html`), with its fragment.
fn place(path: &str) -> String {
    let (page, fragment) = match path.find('#') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let page = page.split('?').next().unwrap_or(page);
    let page = page.strip_suffix("index.html").unwrap_or(page);
    format!("{page}{fragment}")
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn places_are_named_by_the_page_directory() {
        assert_eq!(place("/b/en/goals/index.html#scale"), "/b/en/goals/#scale");
        assert_eq!(place("/b/en/districts/"), "/b/en/districts/");
        assert_eq!(
            place("/b/en/indicators/?x=1#source-s1"),
            "/b/en/indicators/#source-s1"
        );
    }
}
