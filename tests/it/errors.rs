//! Bad input fails the build with exit code 1 and a message that names the
//! offending file (and line:column where known), without panicking and
//! without touching the previous output.
//!
//! Every test builds a good site first, so `public/` exists, then breaks
//! one thing and runs the real binary.

use std::collections::BTreeMap;
use std::fs;

use crate::common::{Fixture, Run};

const HOME_ZH: &str = "+++\ntitle = \"首页\"\n+++\n\n首页。\n";
const HOME_EN: &str = "+++\ntitle = \"Home\"\n+++\n\nHome.\n";
const GOALS_ZH: &str = "+++\ntitle = \"目标\"\nweight = 1\n+++\n\n## 发展目标\n\n内容。\n";
const GOALS_EN: &str = "+++\ntitle = \"Goals\"\nweight = 1\n+++\n\n## Targets\n\nText.\n";
const BACKGROUND_ZH: &str = "+++\ntitle = \"背景\"\nweight = 2\n+++\n\n内容。\n";
const BACKGROUND_EN: &str = "+++\ntitle = \"Background\"\nweight = 2\n+++\n\nText.\n";

/// A good site, built once so `public/` holds a previous build, and a
/// snapshot of that output.
struct Broken {
    site: Fixture,
    before: BTreeMap<String, Vec<u8>>,
}

fn built_site() -> Broken {
    let site = Fixture::new();
    site.file("content/_index.zh.md", HOME_ZH)
        .file("content/_index.en.md", HOME_EN)
        .file("content/goals.zh.md", GOALS_ZH)
        .file("content/goals.en.md", GOALS_EN)
        .file("content/background.zh.md", BACKGROUND_ZH)
        .file("content/background.en.md", BACKGROUND_EN);
    site.build_ok();
    let before = site.snapshot();
    assert!(
        before.contains_key("zh/goals/index.html"),
        "{:?}",
        before.keys()
    );
    Broken { site, before }
}

impl Broken {
    /// Runs `brief build` with `args` and checks that it failed cleanly:
    /// exit code 1, no panic, each of `expected` in stderr, the previous
    /// output unchanged and no staging directory left behind. Returns the
    /// run for further checks.
    fn fails(&self, args: &[&str], expected: &[&str]) -> Run {
        let run = self.site.run(args);
        assert_eq!(
            run.code,
            Some(1),
            "exit code\nstdout:\n{}\nstderr:\n{}",
            run.stdout,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
        for needle in expected {
            assert!(
                run.stderr.contains(needle),
                "stderr does not contain {needle:?}:\n{}",
                run.stderr
            );
        }
        assert!(run.stdout.is_empty(), "stdout on failure: {}", run.stdout);
        let after = self.site.snapshot();
        assert_eq!(
            after.keys().collect::<Vec<_>>(),
            self.before.keys().collect::<Vec<_>>(),
            "the file list of public/ changed"
        );
        assert!(after == self.before, "the content of public/ changed");
        assert!(
            self.site.leftovers().is_empty(),
            "leftovers beside public/: {:?}",
            self.site.leftovers()
        );
        run
    }

    /// `fails` with no extra arguments.
    fn build_fails(&self, expected: &[&str]) -> Run {
        self.fails(&[], expected)
    }
}

#[test]
fn malformed_front_matter_toml() {
    let b = built_site();
    b.site.file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\nweight = = 1\n+++\n\n内容。\n",
    );
    b.build_fails(&["content/goals.zh.md:3:", "invalid TOML"]);
}

#[test]
fn a_page_that_fails_to_parse_is_not_reported_as_missing() {
    // goals.zh.md exists but is broken: that is the one problem; its
    // English version must not be reported as lacking a Chinese one.
    let b = built_site();
    b.site.file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\nweight = = 1\n+++\n\n内容。\n",
    );
    let run = b.build_fails(&["content/goals.zh.md:3:"]);
    let errors: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one problem expected:\n{}", run.stderr);
}

#[test]
fn missing_front_matter_fences() {
    let b = built_site();
    b.site
        .file("content/goals.en.md", "# Goals\n\nNo front matter.\n");
    b.build_fails(&["content/goals.en.md:1:1", "front matter"]);
}

#[test]
fn unclosed_front_matter() {
    let b = built_site();
    b.site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n\n## Targets\n\nText.\n",
    );
    b.build_fails(&["content/goals.en.md:1:1", "not closed"]);
}

#[test]
fn missing_title() {
    let b = built_site();
    b.site.file(
        "content/background.en.md",
        "+++\nweight = 2\n+++\n\nText.\n",
    );
    b.build_fails(&["content/background.en.md", "`title`"]);
}

#[test]
fn empty_title() {
    let b = built_site();
    b.site.file(
        "content/background.en.md",
        "+++\ntitle = \"  \"\nweight = 2\n+++\n\nText.\n",
    );
    b.build_fails(&["content/background.en.md:2:", "`title`"]);
}

#[test]
fn wrong_type_names_key_and_line() {
    let b = built_site();
    b.site.file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\nweight = \"x\"\n+++\n\n内容。\n",
    );
    b.build_fails(&["content/goals.zh.md:3:10", "`weight`"]);
}

#[test]
fn unknown_front_matter_key() {
    let b = built_site();
    b.site.file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\nweight = 1\ncolour = \"red\"\n+++\n\n内容。\n",
    );
    b.build_fails(&["content/goals.zh.md:4:1", "`colour`"]);
}

#[test]
fn misspelt_front_matter_key_gets_a_suggestion() {
    let b = built_site();
    b.site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\nwieght = 1\n+++\n\nText.\n",
    );
    b.build_fails(&[
        "content/goals.en.md:3:1",
        "unknown field `wieght`",
        "did you mean `weight`?",
    ]);
}

#[test]
fn missing_theme_names_the_config_line_and_the_themes_there() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("theme = \"default\"", "theme = \"defualt\"");
    b.site.file("config.toml", config);
    b.build_fails(&[
        "config.toml:3:9: `theme`: theme `defualt` not found",
        "did you mean `default`?",
        "(the themes here: default)",
    ]);
}

#[test]
fn missing_default_theme_says_there_is_no_theme_key() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("theme = \"default\"\n", "");
    b.site.file("config.toml", config);
    fs::remove_dir_all(b.site.root().join("themes")).unwrap();
    b.build_fails(&[
        "config.toml: no `theme` key, so the theme is `default`: theme `default` not found",
        "themes/ has no themes; `brief init` writes the default one",
    ]);
}

#[test]
fn duplicate_slug() {
    let b = built_site();
    b.site.file(
        "content/background.zh.md",
        "+++\ntitle = \"背景\"\nweight = 2\nslug = \"goals\"\n+++\n\n内容。\n",
    );
    b.build_fails(&[
        "content/background.zh.md",
        "content/goals.zh.md",
        "duplicate slug `goals`",
    ]);
}

#[test]
fn missing_translation_names_the_expected_file() {
    let b = built_site();
    b.site.remove("content/background.en.md");
    b.build_fails(&["content/background.zh.md", "content/background.en.md"]);
}

#[test]
fn non_ascii_file_name_without_slug() {
    let b = built_site();
    b.site
        .file(
            "content/区域布局.zh.md",
            "+++\ntitle = \"区域布局\"\n+++\n\n内容。\n",
        )
        .file(
            "content/区域布局.en.md",
            "+++\ntitle = \"Districts\"\n+++\n\nText.\n",
        );
    b.build_fails(&["content/区域布局.zh.md", "content/区域布局.en.md", "slug"]);
}

#[test]
fn non_ascii_file_name_with_slug_builds() {
    let b = built_site();
    b.site
        .file(
            "content/区域布局.zh.md",
            "+++\ntitle = \"区域布局\"\nslug = \"districts\"\n+++\n\n内容。\n",
        )
        .file(
            "content/区域布局.en.md",
            "+++\ntitle = \"Districts\"\nslug = \"districts\"\n+++\n\nText.\n",
        );
    let run = b.site.run(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(b.site.exists("zh/districts/index.html"));
}

#[test]
fn unknown_template_names_page_and_line() {
    let b = built_site();
    b.site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\nweight = 1\ntemplate = \"wide.html\"\n+++\n\nText.\n",
    );
    b.build_fails(&["content/goals.en.md:4:", "wide.html"]);
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let b = built_site();
    b.site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    );
    b.build_fails(&["templates/page.html:3:"]);
}

#[test]
fn missing_i18n_key_names_key_and_language() {
    let b = built_site();
    b.site
        .file("i18n/zh.toml", "only_in_chinese = \"只有中文\"\n");
    b.build_fails(&["`only_in_chinese`", "`en`"]);
}

#[test]
fn ui_string_in_a_language_the_site_lacks_names_template_and_language() {
    let b = built_site();
    b.site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ t(key=\"next\", lang=\"fr\") }}\n{% endblock content %}\n",
    );
    b.build_fails(&[
        "templates/page.html",
        "`fr` is not a language of the site (zh, en)",
    ]);
}

#[test]
fn invalid_utf8_in_a_page() {
    let b = built_site();
    let mut bytes = b"+++\ntitle = \"Goals\"\nweight = 1\n+++\n\nab".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"cd\n");
    b.site.file("content/goals.en.md", bytes);
    b.build_fails(&["content/goals.en.md:6:3", "UTF-8"]);
}

#[test]
fn config_is_a_directory() {
    let b = built_site();
    fs::remove_file(b.site.root().join("config.toml")).unwrap();
    fs::create_dir(b.site.root().join("config.toml")).unwrap();
    b.build_fails(&["config.toml"]);
}

#[test]
fn config_is_missing() {
    let b = built_site();
    b.site.remove("config.toml");
    b.build_fails(&["config.toml"]);
}

#[test]
fn config_unknown_key() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("theme = ", "colour = \"red\"\ntheme = ");
    b.site.file("config.toml", config);
    b.build_fails(&["config.toml:3:1", "`colour`"]);
}

#[test]
fn config_wrong_type() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("theme = \"default\"", "theme = 7");
    b.site.file("config.toml", config);
    b.build_fails(&["config.toml:3:", "`theme`"]);
}

#[test]
fn config_nested_wrong_type() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("title = \"Test Brief\"", "title = [1]");
    b.site.file("config.toml", config);
    b.build_fails(&["config.toml:10:9", "`languages.en.title`"]);
}

#[test]
fn unknown_language_suffix() {
    let b = built_site();
    b.site.file(
        "content/goals.fr.md",
        "+++\ntitle = \"Objectifs\"\n+++\n\nTexte.\n",
    );
    b.build_fails(&["content/goals.fr.md", "`fr`"]);
}

#[test]
fn unknown_language_suffix_suggests_valid_names() {
    let b = built_site();
    b.site.file(
        "content/goals.fr.md",
        "+++\ntitle = \"Objectifs\"\n+++\n\nTexte.\n",
    );
    let run = b.build_fails(&["content/goals.fr.md"]);
    assert!(
        run.stderr.contains("`goals.zh.md`") && run.stderr.contains("`goals.en.md`"),
        "should suggest goals.zh.md / goals.en.md:\n{}",
        run.stderr
    );
}

#[test]
fn bad_base_url_option() {
    let b = built_site();
    b.fails(
        &["--base-url", "example.org/brief/"],
        &["--base-url", "example.org/brief/"],
    );
}

#[test]
fn bad_base_url_in_config() {
    let b = built_site();
    let config = crate::common::CONFIG.replace("https://example.org/brief/", "ftp://example.org/");
    b.site.file("config.toml", config);
    b.build_fails(&["config.toml", "`base_url`"]);
}

#[test]
fn several_problems_are_reported_in_one_run() {
    let b = built_site();
    b.site
        .file(
            "content/goals.zh.md",
            "+++\ntitle = \"目标\"\nweight = \"x\"\n+++\n\n内容。\n",
        )
        .file(
            "content/background.en.md",
            "+++\ntitle = \"Background\"\ncolour = 1\n+++\n\nText.\n",
        )
        .file(
            "content/extra.zh.md",
            "+++\ntitle = \"附加\"\n+++\n\n内容。\n",
        )
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ %}{% endblock content %}\n",
        );
    let run = b.build_fails(&[
        "content/goals.zh.md:3:10",
        "`weight`",
        "content/background.en.md:3:1",
        "`colour`",
        "content/extra.zh.md",
        "content/extra.en.md",
        "templates/page.html:2:",
    ]);
    let count: usize = run
        .stderr
        .lines()
        .find_map(|l| l.strip_suffix(" problems found; nothing was written"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no problem count:\n{}", run.stderr));
    assert!(count >= 4, "{}", run.stderr);
}

#[test]
fn config_publication_problems_are_reported_together() {
    let b = built_site();
    let config = format!(
        "{}\n[publication]\ndate = \"2026-02-30\"\nas_of = \"mid-2024\"\npublisher = {{ zh = \"编辑部\" }}\n",
        crate::common::CONFIG
    );
    b.site.file("config.toml", config);
    b.build_fails(&[
        "config.toml: `publication.date`: `2026-02-30` is not a date",
        "config.toml: `publication.as_of`: `mid-2024`",
        "config.toml: `publication.publisher`: the `en` text is missing",
    ]);
}

#[test]
fn config_publication_unknown_key() {
    let b = built_site();
    let config = format!(
        "{}\n[publication]\ndate = 2026-02-03\neditor = \"x\"\n",
        crate::common::CONFIG
    );
    b.site.file("config.toml", config);
    b.build_fails(&["config.toml", "`editor`"]);
}
