//! What GitHub Pages gets: a site under a subpath whose every internal
//! `href`/`src` resolves to a file of the output, a sitemap with every page
//! and its language alternates, Atom feeds that parse, robots.txt,
//! .nojekyll, CNAME and social metadata.

use std::collections::BTreeSet;

use crate::common::{BASE_PATH, Fixture, ORIGIN, attrs, select};

fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/_index.zh.md",
        "+++\ntitle = \"首页\"\ndescription = \"简介\"\n+++\n\n见[目标](goals.zh.md)。\n",
    )
    .file(
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\ndescription = \"About\"\n+++\n\nSee [the goals](goals.en.md).\n",
    )
    .file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\ndescription = \"目标说明\"\ndate = 2024-06-20\nweight = 1\n+++\n\n## 规模\n\n[回到首页](_index.zh.md)\n",
    )
    .file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals & targets\"\ndescription = \"What the plan wants\"\ndate = 2024-06-20\nupdated = 2024-07-01\nweight = 1\n+++\n\n## Scale\n\n[Home](_index.en.md)\n",
    )
    .file(
        "content/method.zh.md",
        "+++\ntitle = \"方法\"\ndate = 2024-06-21\nweight = 2\n+++\n\n[规模](goals.zh.md#规模)\n",
    )
    .file(
        "content/method.en.md",
        "+++\ntitle = \"Method\"\nweight = 2\n+++\n\n[Scale](goals.en.md#scale)\n",
    );
    site
}

/// Every `href` and `src` of every HTML page that points inside the site
/// resolves to a file of the output (the way GitHub Pages serves it).
#[test]
fn every_internal_link_of_the_output_resolves_to_a_file() {
    let site = site();
    site.build_ok();
    let files: BTreeSet<String> = site.snapshot().into_keys().collect();
    let mut checked = 0;
    for page in site.html_files() {
        let doc = site.html(&page);
        for attr in ["href", "src"] {
            for value in attrs(&doc, &format!("[{attr}]"), attr) {
                let path = if let Some(rest) = value.strip_prefix(ORIGIN) {
                    rest.to_string()
                } else if value.starts_with('/') {
                    value.clone()
                } else {
                    continue; // fragments and external URLs
                };
                let path = path.split(['#', '?']).next().unwrap();
                let inside = path
                    .strip_prefix(BASE_PATH)
                    .unwrap_or_else(|| panic!("{page}: {value} is outside {BASE_PATH}"));
                let file = if inside.is_empty() || inside.ends_with('/') {
                    format!("{inside}index.html")
                } else {
                    inside.to_string()
                };
                assert!(files.contains(&file), "{page}: {value} → {file} is missing");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn sitemap_lists_every_page_with_both_alternates() {
    let site = site();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses as XML");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let locs: BTreeSet<String> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|c| c.has_tag_name("loc"))
                .unwrap()
                .text()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: BTreeSet<String> = [
        "zh/",
        "en/",
        "zh/goals/",
        "en/goals/",
        "zh/method/",
        "en/method/",
    ]
    .iter()
    .map(|p| format!("{ORIGIN}{BASE_PATH}{p}"))
    .collect();
    assert_eq!(locs, expected);
    for url in &urls {
        let alternates: BTreeSet<&str> = url
            .children()
            .filter(|c| c.has_tag_name("link"))
            .map(|c| c.attribute("hreflang").unwrap())
            .collect();
        assert_eq!(alternates, BTreeSet::from(["en", "x-default", "zh-Hans"]));
    }
    let goals_en = urls
        .iter()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some(&format!("{ORIGIN}{BASE_PATH}en/goals/")))
        })
        .unwrap();
    let lastmod = goals_en
        .children()
        .find(|c| c.has_tag_name("lastmod"))
        .unwrap();
    assert_eq!(lastmod.text(), Some("2024-07-01T00:00:00Z"));
}

#[test]
fn feeds_parse_and_list_dated_sections() {
    let site = site();
    site.build_ok();
    let xml = site.read("en/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed parses as XML");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    // `method.en.md` has no date, so it is not in the feed.
    assert_eq!(entries.len(), 1);
    let title = entries[0]
        .children()
        .find(|c| c.has_tag_name("title"))
        .unwrap();
    assert_eq!(title.text(), Some("Goals & targets"));
    let updated = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("updated"))
        .unwrap();
    assert_eq!(updated.text(), Some("2024-07-01T00:00:00Z"));

    let zh = site.read("zh/atom.xml");
    let doc = roxmltree::Document::parse(&zh).expect("feed parses as XML");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, 2);
    let head = site.html("en/goals/index.html");
    assert_eq!(
        attrs(&head, "link[type=\"application/atom+xml\"]", "href"),
        [format!("{BASE_PATH}en/atom.xml")]
    );
}

#[test]
fn pages_extras_and_social_metadata() {
    let site = site();
    site.file(
        "config.toml",
        crate::common::CONFIG.replace(
            "theme = \"default\"\n",
            "theme = \"default\"\ncustom_domain = \"brief.example.org\"\n",
        ),
    );
    site.build_ok();
    assert!(site.exists(".nojekyll"));
    assert_eq!(site.read("CNAME"), "brief.example.org\n");
    assert_eq!(
        site.read("robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {ORIGIN}{BASE_PATH}sitemap.xml\n")
    );
    let not_found = site.html("404.html");
    let homes = attrs(&not_found, "main a", "href");
    assert!(
        homes.contains(&format!("{BASE_PATH}zh/")) && homes.contains(&format!("{BASE_PATH}en/")),
        "{homes:?}"
    );

    let doc = site.html("en/goals/index.html");
    let meta = |property: &str| attrs(&doc, &format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(meta("og:locale"), ["en_US"]);
    assert_eq!(meta("og:locale:alternate"), ["zh_CN"]);
    assert_eq!(meta("og:title"), ["Goals & targets"]);
    assert_eq!(meta("og:url"), [format!("{ORIGIN}{BASE_PATH}en/goals/")]);
    assert_eq!(
        attrs(&doc, "meta[name=\"twitter:card\"]", "content"),
        ["summary"]
    );
    assert_eq!(
        attrs(&doc, "meta[name=\"description\"]", "content"),
        ["What the plan wants"]
    );
    assert!(select(&doc, "meta[name=\"twitter:description\"]").len() == 1);
}

#[test]
fn custom_domain_must_be_a_domain() {
    let site = site();
    site.file(
        "config.toml",
        crate::common::CONFIG.replace(
            "theme = \"default\"\n",
            "theme = \"default\"\ncustom_domain = \"https://x.org/\"\n",
        ),
    );
    let run = site.run(&[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("config.toml: `custom_domain`"),
        "{}",
        run.stderr
    );
}

#[test]
fn feeds_and_sitemap_carry_the_publications_authors_licence_and_date() {
    let site = site();
    site.file(
        "config.toml",
        format!(
            "{}\n[publication]\ndate = 2026-11-27\nauthors = [{{ name = {{ zh = \"李明\", en = \"Li, Ming\" }} }}, {{ name = {{ zh = \"王芳\", en = \"Wang, Fang\" }} }}]\n\n[publication.license]\nid = \"CC-BY-4.0\"\nname = {{ zh = \"署名 4.0\", en = \"CC BY 4.0\" }}\nurl = {{ zh = \"https://creativecommons.org/licenses/by/4.0/\", en = \"https://creativecommons.org/licenses/by/4.0/\" }}\n",
            crate::common::CONFIG
        ),
    );
    site.build_ok();
    let doc_text = site.read("en/atom.xml");
    let doc = roxmltree::Document::parse(&doc_text).expect("feed parses as XML");
    let feed = doc.root_element();
    let authors: Vec<&str> = feed
        .children()
        .filter(|c| c.has_tag_name("author"))
        .filter_map(|a| a.children().find(|c| c.has_tag_name("name"))?.text())
        .collect();
    assert_eq!(authors, ["Ming Li", "Fang Wang"]);
    let rights = feed.children().find(|c| c.has_tag_name("rights")).unwrap();
    assert_eq!(rights.text(), Some("CC BY 4.0"));
    let zh = site.read("zh/atom.xml");
    assert!(zh.contains("<author><name>李明</name></author>"), "{zh}");
    // A page without a date of its own (the home page) is dated by the
    // publication in the sitemap.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let home = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.children().any(|c| {
                c.has_tag_name("loc") && c.text().is_some_and(|t| t.ends_with("/brief/en/"))
            })
        })
        .expect("the home page is in the sitemap");
    let lastmod = home.children().find(|c| c.has_tag_name("lastmod")).unwrap();
    assert_eq!(lastmod.text(), Some("2026-11-27T00:00:00Z"));
}
