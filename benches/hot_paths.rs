//! Criterion micro-benchmarks of the parts of a build that run once per
//! page or more: Markdown rendering of one page, highlighting one code
//! block, shortcode expansion, number formatting, scanning a finished page
//! for the link check, and rendering a small site end to end in memory.
//!
//! ```sh
//! cargo bench --bench hot_paths                # everything
//! cargo bench --bench hot_paths -- highlight   # one group
//! ```
//!
//! The inputs are pages of the benchmark corpus (`benches/corpus`), so the
//! figures match what `build_vs_hugo` builds.

#[path = "corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use std::hint::black_box;
use std::path::Path;
use std::sync::Mutex;

use criterion::{Criterion, criterion_group, criterion_main};

use brief::indicators::format::Context;
use brief::indicators::shortcodes::Expander;
use brief::indicators::{Labels, NumberFormat, Presenter, Qualifier, Unit};
use brief::linkcheck::LinkIndex;
use brief::markdown::shortcodes::{self, ShortcodeHandler};
use brief::markdown::{self, LinkResolver};
use brief::site::{Site, SiteOptions};

const SEED: u64 = 42;
const PAGES: usize = 20;

/// Links to source files resolve as the build resolves them.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, file: &str) -> Option<String> {
        let (name, rest) = file.split_once('.')?;
        let lang = rest.strip_suffix(".md")?;
        Some(format!("/bench/{lang}/{name}/"))
    }
}

fn load_site(dir: &Path) -> Site {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    corpus::write_brief_site(dir, SEED, PAGES, &theme, corpus::Theme::Default)
        .expect("write the corpus");
    Site::load(&SiteOptions {
        root: dir.to_path_buf(),
        ..SiteOptions::default()
    })
    .unwrap_or_else(|e| panic!("the corpus does not load:\n{e}"))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let site = load_site(dir.path());
    let labels: Vec<Labels> = ["zh", "en"]
        .iter()
        .map(|lang| Labels::new(&site.templates.i18n.strings(lang)).expect("UI strings"))
        .collect();
    let numbers = [
        ("zh", NumberFormat::new("zh-Hans", &labels[0])),
        ("en", NumberFormat::new("en", &labels[1])),
    ];
    let presenters: Vec<Presenter<'_>> = numbers
        .iter()
        .zip(&labels)
        .map(|((lang, numbers), labels)| Presenter {
            data: &site.indicators,
            lang,
            numbers,
            labels,
            page_url: "/bench/indicators/",
        })
        .collect();
    let layout_ids: Vec<String> = Vec::new();

    // Markdown rendering of one page, shortcodes, links and all.
    let mut group = c.benchmark_group("markdown");
    for (presenter, smart) in presenters.iter().zip([false, true]) {
        let lang = presenter.lang;
        let expander = Expander::new(*presenter);
        let options = markdown::Options {
            smart_punctuation: smart,
            heading_anchor_label: "#",
            reserved_ids: &layout_ids,
            shortcodes: Some(&expander),
            links: Some(&Links),
            highlight_cache: None,
        };
        let page = site
            .content
            .pages(lang)
            .iter()
            .find(|p| p.name == "s00003")
            .expect("page 3");
        group.bench_function(format!("page_{lang}"), |b| {
            b.iter(|| markdown::render(black_box(&page.body), &options).expect("renders"))
        });
    }
    group.finish();

    // Highlighting one code block (about 20 lines of Rust).
    let code = page_code_block(&site);
    let plain = markdown::Options {
        smart_punctuation: false,
        heading_anchor_label: "#",
        reserved_ids: &layout_ids,
        shortcodes: None,
        links: None,
        highlight_cache: None,
    };
    c.bench_function("highlight/rust_block", |b| {
        b.iter(|| markdown::render(black_box(&code), &plain).expect("renders"))
    });

    // Shortcode expansion: finding the calls in a page, and expanding an
    // inline figure and an indicator table.
    let mut group = c.benchmark_group("shortcodes");
    let en = presenters[1];
    let body = &site.content.pages("en")[3].body;
    group.bench_function("find_in_page", |b| {
        b.iter(|| shortcodes::find(black_box(body)))
    });
    let calls: Vec<_> = shortcodes::find(body).into_iter().flatten().collect();
    for call in &calls {
        // A new expander each time: the first expansion of the call.
        group.bench_function(format!("expand_{}", call.name), |b| {
            b.iter(|| Expander::new(en).expand(black_box(call)).expect("expands"))
        });
    }
    // A table already made for another page is reused.
    let expander = Expander::new(en);
    if let Some(table) = calls.iter().find(|c| c.name == "indicator_table") {
        expander.expand(table).expect("expands");
        group.bench_function("expand_indicator_table_again", |b| {
            b.iter(|| expander.expand(black_box(table)).expect("expands"))
        });
    }
    group.finish();

    // Number formatting.
    let mut group = c.benchmark_group("format");
    for (lang, numbers) in &numbers {
        group.bench_function(format!("compact_cny_{lang}"), |b| {
            b.iter(|| {
                numbers.quantity(
                    black_box(78_000_000_000.0),
                    &Unit::Cny,
                    Qualifier::Nearly,
                    Context::Prose,
                    lang,
                )
            })
        });
        group.bench_function(format!("plain_pflops_{lang}"), |b| {
            b.iter(|| {
                numbers.quantity(
                    black_box(4_700.0),
                    &Unit::Pflops,
                    Qualifier::MoreThan,
                    Context::Prose,
                    lang,
                )
            })
        });
        group.bench_function(format!("percent_{lang}"), |b| {
            b.iter(|| numbers.percent(black_box(0.28217)))
        });
    }
    group.finish();

    // The whole site in memory (no files), and the link-check scan of one
    // finished page.
    let page_html = Mutex::new(Vec::new());
    let sink = |path: &Path, bytes: &[u8]| {
        if path == Path::new("en/s00003/index.html") {
            *page_html.lock().unwrap() = bytes.to_vec();
        }
        Ok(())
    };
    c.bench_function(&format!("render/site_{}_pages_in_memory", 2 * PAGES), |b| {
        // A new cache each time: a cold render, as a build does.
        b.iter(|| {
            let reuse = brief::render::Reuse::default();
            brief::render::render_site(&site, &sink, &reuse).expect("renders")
        })
    });
    let html = page_html.into_inner().unwrap();
    c.bench_function("linkcheck/scan_page", |b| {
        b.iter(|| LinkIndex::default().record(Path::new("en/s00003/index.html"), black_box(&html)))
    });
}

/// The fenced code block of page 3, as Markdown.
fn page_code_block(site: &Site) -> String {
    let body = &site.content.pages("en")[3].body;
    let start = body.find("```rust").expect("a code block");
    let end = body[start + 3..].find("```").expect("closed") + start + 6;
    format!("{}\n", &body[start..end])
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
