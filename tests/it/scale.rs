//! The default theme is linear: a section page's size does not grow with
//! the number of sections. A brief of up to 20 sections lists them all in
//! its navigation; a larger site lists the 20 around the page and links to
//! the full list on the home page.

use crate::common::{Fixture, attrs};

/// A site of `sections` Chinese sections (published in one language).
fn site_of(sections: usize) -> Fixture {
    let site = unbuilt_site_of(sections);
    site.build_ok();
    site
}

fn unbuilt_site_of(sections: usize) -> Fixture {
    let site = Fixture::new();
    for i in 1..=sections {
        site.file(
            &format!("content/s{i:04}.zh.md"),
            format!(
                "+++\ntitle = \"第{i}节\"\nweight = {i}\nuntranslated = true\n+++\n\n## 要点\n\n内容。\n"
            ),
        );
    }
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

/// `page.nav` (what the default theme's navigation reads) is, item for
/// item, what `sections(near=page.url, limit=20)` gives, on the first,
/// a middle and the last section, the indicators-less home page and the
/// 404 page.
#[test]
fn page_nav_is_the_window_sections_gives() {
    let site = unbuilt_site_of(45);
    site.file(
        "templates/partials/site_nav.html",
        concat!(
            "{% for s in page.nav %}<i class=\"nav\">{{ s.url }} {{ s.title }} ",
            "{{ s.nav_title }} {{ s.current }}</i>{% endfor %}",
            "{% for s in sections(near=page.url, limit=20) %}<i class=\"fn\">{{ s.url }} ",
            "{{ s.title }} {{ s.nav_title }} {{ s.current }}</i>{% endfor %}",
        ),
    );
    site.build_ok();
    for page in [
        "zh/s0001/index.html",
        "zh/s0023/index.html",
        "zh/s0045/index.html",
        "zh/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        let items = |class: &str| -> Vec<String> {
            let open = format!("<i class=\"{class}\">");
            html.split(&open)
                .skip(1)
                .map(|rest| rest.split("</i>").next().unwrap_or_default().to_string())
                .collect()
        };
        let (nav, window) = (items("nav"), items("fn"));
        assert_eq!(nav.len(), 20, "{page}: {nav:?}");
        assert_eq!(nav, window, "{page}");
        let current = nav.iter().filter(|i| i.ends_with(" true")).count();
        let expected = usize::from(page.contains("/s00"));
        assert_eq!(current, expected, "{page}: {nav:?}");
    }
}
