//! Share cards: every page of the shipped brief names a 1200×630 PNG as
//! its `og:image` (and Twitter's `summary_large_image`), the file is
//! there, each page's own; a font that is not installed is an error in the
//! configuration; without `[cards]` there is no image. The cards of the
//! home and one section in each language are copied to
//! `target/screenshots/` to be looked at.

use std::path::Path;

use crate::common::{CONFIG, Fixture, attrs};

/// A site of one page per language.
fn small_site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/_index.zh.md",
        "+++\ntitle = \"首页\"\n+++\n\n正文。\n",
    )
    .file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\n+++\n\nText.\n",
    );
    site
}
use brief::site::SiteOptions;
use brief::{BuildOptions, build};

/// The width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn every_shipped_page_has_its_own_1200_by_630_card() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    build(&BuildOptions {
        site: SiteOptions {
            root: repo.to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(public.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not build:\n{e}"));
    let shots = repo.join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for lang in ["zh", "en"] {
        for page in [
            "",
            "goals/",
            "model-strategy/",
            "medical-ai/",
            "districts/",
            "sources/",
            "indicators/",
        ] {
            let html =
                std::fs::read_to_string(public.join(lang).join(page).join("index.html")).unwrap();
            let doc = scraper::Html::parse_document(&html);
            let image = attrs(&doc, r#"meta[property="og:image"]"#, "content");
            assert_eq!(image.len(), 1, "{lang}/{page}");
            assert_eq!(
                attrs(&doc, r#"meta[name="twitter:image"]"#, "content"),
                image
            );
            assert_eq!(
                attrs(&doc, r#"meta[name="twitter:card"]"#, "content"),
                ["summary_large_image"]
            );
            assert!(!attrs(&doc, r#"meta[property="og:image:alt"]"#, "content")[0].is_empty());
            let path = image[0]
                .strip_prefix("https://example.github.io/brief/")
                .unwrap_or_else(|| panic!("{lang}/{page}: {}", image[0]));
            let png = std::fs::read(public.join(path)).unwrap();
            assert_eq!(png_size(&png), (1200, 630), "{path}");
            assert!(seen.insert(path.to_string()), "{lang}/{page} shares {path}");
            if page.is_empty() || page == "goals/" {
                let name = if page.is_empty() { "home" } else { "goals" };
                std::fs::write(shots.join(format!("card-{lang}-{name}.png")), &png).unwrap();
            }
        }
    }
}

#[test]
fn a_missing_card_font_names_the_config_and_the_package() {
    let site = small_site();
    site.file(
        "config.toml",
        format!(
            "{CONFIG}\n[cards]\n\n[pdf]\nenabled = false\n\n[pdf.fonts]\nsans = \"No Such Sans\"\n"
        ),
    );
    let problems = site.build().unwrap_err().to_string();
    assert!(
        problems.contains("config.toml")
            && problems
                .contains("the share cards need the font family `No Such Sans` (`pdf.fonts.sans`)"),
        "{problems}"
    );
}

#[test]
fn without_cards_pages_have_no_image() {
    let site = small_site();
    site.build_ok();
    let doc = site.html("en/index.html");
    assert!(attrs(&doc, r#"meta[property="og:image"]"#, "content").is_empty());
    assert_eq!(
        attrs(&doc, r#"meta[name="twitter:card"]"#, "content"),
        ["summary"]
    );
    assert!(!site.output().join("cards").exists());
}

#[test]
fn a_rebuild_takes_unchanged_cards_from_the_last_output() {
    let site = small_site();
    site.file("config.toml", format!("{CONFIG}\n[cards]\n"));
    site.build_ok();
    let doc = site.html("en/index.html");
    let url = attrs(&doc, r#"meta[property="og:image"]"#, "content").remove(0);
    let file = url.rsplit_once("/brief/").unwrap().1.to_string();
    assert!(
        file.starts_with("cards/") && file.ends_with(".png"),
        "{file}"
    );
    // A card that was not drawn again keeps whatever bytes it had.
    let marker = b"\x89PNG\r\n\x1a\nnot drawn again".to_vec();
    std::fs::write(site.output().join(&file), &marker).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read(site.output().join(&file)).unwrap(), marker);
    // A changed title is a new card, drawn.
    site.file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\n+++\n\nText.\n",
    );
    site.file(
        "config.toml",
        format!("{CONFIG}\n[cards]\n").replace("title = \"", "title = \"New "),
    );
    site.build_ok();
    let doc = site.html("en/index.html");
    let changed = attrs(&doc, r#"meta[property="og:image"]"#, "content").remove(0);
    assert_ne!(changed, url);
    let png = std::fs::read(
        site.output()
            .join(changed.rsplit_once("/brief/").unwrap().1),
    )
    .unwrap();
    assert_eq!(png_size(&png), (1200, 630));
}
