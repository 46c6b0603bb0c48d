//! Links written as source files resolve to page URLs under the base path;
//! a link to a page that is not published is an error at its line.

use crate::common::{Fixture, attrs};

fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\n+++\n\n## 规模\n\n见[模型](models.zh.md#策略)。\n",
    )
    .file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\nSee [models](./models.en.md) and [up](../model-strategy/).\n",
    )
    .file(
        "content/models.zh.md",
        "+++\ntitle = \"模型\"\nslug = \"model-strategy\"\n+++\n\n## 策略\n\n回到[目标](goals.zh.md#规模)。\n",
    )
    .file(
        "content/models.en.md",
        "+++\ntitle = \"Models\"\nslug = \"model-strategy\"\n+++\n\nBack to [goals](goals.en.md#scale).\n",
    );
    site
}

#[test]
fn source_file_links_become_page_urls_with_slugs_and_fragments() {
    let site = site();
    site.build_ok();
    let zh = site.html("zh/goals/index.html");
    // pulldown-cmark percent-encodes non-ASCII in URLs; browsers decode the
    // fragment before matching the heading id `策略`.
    assert!(
        attrs(&zh, ".prose a", "href")
            .contains(&"/brief/zh/model-strategy/#%E7%AD%96%E7%95%A5".to_string())
    );
    let en = site.html("en/goals/index.html");
    let hrefs = attrs(&en, ".prose a", "href");
    assert!(
        hrefs.contains(&"/brief/en/model-strategy/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../model-strategy/".to_string()),
        "relative URLs stay: {hrefs:?}"
    );
    let back = attrs(
        &site.html("en/model-strategy/index.html"),
        ".prose a",
        "href",
    );
    assert!(back.contains(&"/brief/en/goals/#scale".to_string()));
}

#[test]
fn links_to_missing_or_draft_pages_fail_the_build_at_their_line() {
    let site = site();
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\nSee [models](modles.en.md).\n",
    )
    .file(
        "content/models.zh.md",
        "+++\ntitle = \"模型\"\nslug = \"model-strategy\"\ndraft = true\n+++\n\n## 策略\n",
    );
    let run = site.run(&[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("content/goals.en.md:5:5: link to `modles.en.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/goals.zh.md:7:2: link to `models.zh.md`"),
        "draft target: {}",
        run.stderr
    );
    // With --drafts the draft is published and the link resolves.
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\nSee [models](models.en.md).\n",
    );
    let run = site.run(&["--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn broken_internal_links_and_anchors_fail_the_build_unless_downgraded() {
    let site = site();
    site.build_ok();
    let before = site.snapshot();
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\nSee [nowhere](../nowhere/) and [here](#missing).\n",
    );
    let run = site.run(&[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains(
            "content/goals.en.md:7:5: link `../nowhere/` points to en/nowhere/index.html"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/goals.en.md:7:32: link `#missing`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.snapshot(),
        before,
        "a failed build leaves public/ as it was"
    );

    let run = site.run(&["--warn-broken-links"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("content/goals.en.md:7:5"));
    assert!(
        warning.is_some_and(|l| l.starts_with("warning: ")),
        "{}",
        run.stderr
    );
    assert!(site.read("en/goals/index.html").contains("../nowhere/"));
}
