//! The default theme is linear: a section page's size does not grow with
//! the number of sections. A brief of up to 20 sections lists them all in
//! its navigation; a larger site lists the 20 around the page and links to
//! the full list on the home page.

use crate::common::{Fixture, attrs};

/// A site of `sections` Chinese sections (published in one language).
fn site_of(sections: usize) -> Fixture {
    let site = Fixture::new();
    for i in 1..=sections {
        site.file(
            &format!("content/s{i:04}.zh.md"),
            format!(
                "+++\ntitle = \"第{i}节\"\nweight = {i}\nuntranslated = true\n+++\n\n## 要点\n\n内容。\n"
            ),
        );
    }
    site.build_ok();
    site
}

#[test]
fn a_section_page_is_the_same_size_at_50_and_2000_sections() {
    let small = site_of(50);
    let large = site_of(2000);
    let page = "zh/s0025/index.html";
    let (a, b) = (small.read(page).len(), large.read(page).len());
    let ratio = b as f64 / a as f64;
    assert!(
        (0.97..1.03).contains(&ratio),
        "{a} bytes at 50, {b} at 2000"
    );
    for site in [&small, &large] {
        let doc = site.html(page);
        let links = attrs(&doc, "nav.site-nav a", "href");
        // The 20 around the page, then the link to the whole list.
        assert_eq!(links.len(), 21, "{links:?}");
        assert!(links.contains(&"/brief/zh/s0025/".to_string()), "{links:?}");
        assert_eq!(links.last().unwrap(), "/brief/zh/#sections-title");
    }
    // The home page lists every section.
    let home = large.html("zh/index.html");
    assert_eq!(
        attrs(&home, ".section-list a.section-link", "href").len(),
        2000
    );
}

#[test]
fn a_brief_of_twenty_sections_lists_them_all() {
    let site = site_of(20);
    let doc = site.html("zh/s0001/index.html");
    let links = attrs(&doc, "nav.site-nav a", "href");
    assert_eq!(links.len(), 20, "{links:?}");
    assert!(!links.iter().any(|l| l.contains("#sections-title")));
}
