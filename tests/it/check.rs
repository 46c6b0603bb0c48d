//! `brief check`: every kind of problem in one run, each naming its file,
//! nothing written; external links listed, and fetched only on request.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use crate::common::Fixture;
use brief::check::{CheckOptions, check};
use brief::site::SiteOptions;

const DATA: &str = r#"
[[sources]]
id = "s1"
publisher = { zh = "来源", en = "Source" }
title = { zh = "报道", en = "Report" }
date = 2024-06-20

[[indicators]]
id = "used"
unit = "percent"
label = { zh = "用到的", en = "Used" }
points = [{ year = 2023, value = 40, kind = "actual", source = "s1" }]

[[indicators]]
id = "unused"
unit = "percent"
label = { zh = "没用到的", en = "Unused" }
points = [{ year = 2023, value = 1, kind = "actual", source = "s1" }]
"#;

fn good_site() -> Fixture {
    let site = Fixture::new();
    site.file("content/indicators.toml", DATA)
        .file(
            "content/goals.zh.md",
            "+++\ntitle = \"目标\"\n+++\n\n## 规模\n\n增速{{ figure(id=\"used\") }}。见[外部](https://example.com/report)。\n",
        )
        .file(
            "content/goals.en.md",
            "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\nGrowth {{ figure(id=\"used\") }}.\n",
        );
    site
}

fn options(site: &Fixture) -> CheckOptions {
    CheckOptions {
        site: SiteOptions {
            root: site.root().to_path_buf(),
            ..SiteOptions::default()
        },
        ..CheckOptions::default()
    }
}

#[test]
fn a_good_site_passes_and_lists_external_links() {
    let site = good_site();
    site.file(
        "content/indicators.toml",
        DATA.replace("id = \"unused\"", "id = \"also-used\""),
    )
    .file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\n{{ indicator_table(ids=[\"used\", \"also-used\"]) }}\n",
    )
    .file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\n+++\n\n## 规模\n\n{{ indicator_table(ids=[\"used\", \"also-used\"]) }}\n\n[外部](https://example.com/report)\n",
    );
    let report = check(&options(&site));
    assert!(report.is_ok(), "{}", report.problems);
    assert_eq!(report.external.len(), 1);
    assert_eq!(report.external[0].url, "https://example.com/report");
    assert!(!report.fetched);
    assert!(!site.output().exists(), "check writes nothing");

    let run = site.brief_in_root(&["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("https://example.com/report"),
        "{}",
        run.stdout
    );
    // What it checked: every HTML page a build writes (both homes, both
    // goals pages, both indicators pages, the root index and 404.html).
    let summary = format!(
        "Checked {} pages, {} internal and 1 external links: no problems found.",
        report.pages, report.internal_links
    );
    assert!(
        run.stdout.contains(&summary),
        "{summary} in\n{}",
        run.stdout
    );
    site.build_ok();
    let html_files = walkdir::WalkDir::new(site.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert_eq!(report.pages, html_files);
    assert!(
        report.internal_links > report.pages,
        "every page links at least home and its translation"
    );
}

#[test]
fn every_kind_of_problem_is_reported_in_one_run() {
    let site = good_site();
    site.file(
        "content/goals.en.md",
        "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\n\
         Growth {{ figure(id=\"used\") }}, firms {{ figure(id=\"nowhere\") }}.\n\n\
         See [gone](../gone/), [anchor](#no-such-heading) and ![chart](/brief/img/missing.png).\n",
    )
    // A page without its Chinese version.
    .file(
        "content/lonely.en.md",
        "+++\ntitle = \"Lonely\"\n+++\n\nAlone.\n",
    )
    // A UI string only the Chinese strings have.
    .file("i18n/zh.toml", "extra_key = \"额外\"\n");

    let report = check(&options(&site));
    let problems: Vec<String> = report.problems.iter().map(|d| d.to_string()).collect();
    let expect = [
        ("content/goals.en.md:7:", "unknown indicator `nowhere`"),
        ("content/goals.en.md:9:5:", "link `../gone/`"),
        ("content/goals.en.md:9:", "link `#no-such-heading`"),
        ("content/goals.en.md:9:", "link `/brief/img/missing.png`"),
        ("content/lonely.en.md", "no 中文 version"),
        (
            "i18n/en.toml",
            "UI string `extra_key` is missing for language `en`",
        ),
        (
            "content/indicators.toml:",
            "indicator `unused` is never used",
        ),
    ];
    for (file, message) in expect {
        assert!(
            problems
                .iter()
                .any(|p| p.contains(file) && p.contains(message)),
            "no problem with {file:?} and {message:?} in:\n{}",
            problems.join("\n")
        );
    }
    assert!(!site.output().exists(), "check writes nothing");

    // The command prints them as a numbered list and exits 1.
    let run = site.brief_in_root(&["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("  1. "), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{:>3}. ", problems.len())),
        "{}",
        run.stdout
    );
}

/// A one-connection-at-a-time HTTP server on loopback answering 200 for
/// `/ok` and 404 otherwise, for a bounded number of requests.
fn tiny_server(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let status = if request_line.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    address
}

#[test]
fn external_links_are_fetched_only_with_external() {
    let server = tiny_server(4);
    let site = good_site();
    site.file(
        "content/goals.en.md",
        format!(
            "+++\ntitle = \"Goals\"\n+++\n\n## Scale\n\nGrowth {{{{ figure(id=\"used\") }}}} \
             and {{{{ figure(id=\"unused\") }}}}. [ok]({server}/ok) [dead]({server}/dead)\n"
        ),
    )
    .file(
        "content/goals.zh.md",
        "+++\ntitle = \"目标\"\n+++\n\n## 规模\n\n{{ figure(id=\"used\") }}{{ figure(id=\"unused\") }}\n",
    );
    let offline = check(&options(&site));
    assert!(offline.is_ok(), "{}", offline.problems);
    assert_eq!(offline.external.len(), 2);

    let mut online = options(&site);
    online.external = true;
    online.timeout = Duration::from_secs(5);
    let report = check(&online);
    let problems: Vec<String> = report.problems.iter().map(|d| d.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("/dead answers HTTP 404"),
        "{problems:?}"
    );
    // At the line of the Markdown where the link is written.
    let at = format!("{}:7:", site.root().join("content/goals.en.md").display());
    assert!(problems[0].starts_with(&at), "{problems:?}");
}
