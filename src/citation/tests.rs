use super::*;
use crate::config::PartialDate;

/// An edition with every field, in `lang`.
pub(crate) fn edition(lang: &str) -> Edition {
    let zh = lang == "zh";
    Edition {
        key: format!("brief-2026-{lang}"),
        lang: lang.into(),
        language_tag: if zh { "zh-Hans" } else { "en" }.into(),
        csl_locale: if zh { "zh-CN" } else { "en-US" }.into(),
        title: if zh {
            "成都人工智能产业三年行动计划：政策简报"
        } else {
            "Chengdu’s AI Plan: A Policy Brief"
        }
        .into(),
        description: "An abstract & <more>".into(),
        creators: vec![
            Name::parse(
                if zh { "李明" } else { "Li, Ming" },
                Some("0000-0002-1825-0097".into()),
            ),
            Name::parse("Smith, Jane", None),
        ],
        publisher: Some(
            if zh {
                "成都研究所"
            } else {
                "Chengdu Institute"
            }
            .into(),
        ),
        date: PartialDate::parse("2026-11-27").unwrap(),
        as_of: PartialDate::parse("2024-06"),
        url: format!("https://example.org/brief/{lang}/"),
        pdf_url: Some(format!("https://example.org/brief/{lang}/brief.pdf")),
        doi: Some("10.5281/zenodo.1234567".into()),
        series: Some(if zh { "政策简报" } else { "Policy Briefs" }.into()),
        number: Some("2026-01".into()),
        license: Some(LicenseText {
            id: "CC-BY-4.0".into(),
            name: "Creative Commons Attribution 4.0 International".into(),
            url: "https://creativecommons.org/licenses/by/4.0/".into(),
        }),
        style: crate::config::default_citation_style(lang).into(),
        others: Vec::new(),
        original: (!zh).then(|| "https://example.org/brief/zh/".to_string()),
        sources: vec![SourceText {
            title: "《报道》".into(),
            publisher: "每日经济新闻".into(),
            date: "2024-06-20".into(),
            url: None,
        }],
    }
}

#[test]
fn references_follow_each_languages_style() {
    let zh = Reference::new(&edition("zh")).unwrap();
    let en = Reference::new(&edition("en")).unwrap();
    println!("{zh:#?}\n{en:#?}");
    assert!(zh.style_name.contains("7714"), "{}", zh.style_name);
    assert!(en.style_name.contains("APA"), "{}", en.style_name);
}

#[test]
fn bibtex_has_every_field_escaped_and_whole_names_braced() {
    let mut e = edition("en");
    e.title = "Costs & {benefits} 100%".into();
    e.creators.push(Name::Whole {
        name: "Chengdu Institute".into(),
        orcid: None,
        organisation: true,
    });
    let bib = to_bibtex(&e);
    assert!(bib.starts_with("@techreport{brief-2026-en,\n"), "{bib}");
    for field in [
        "author = {Li, Ming and Smith, Jane and {Chengdu Institute}},",
        "title = {{Costs \\& \\{benefits\\} 100\\%}},",
        "institution = {Chengdu Institute},",
        "series = {Policy Briefs},",
        "number = {2026-01},",
        "year = {2026},",
        "date = {2026-11-27},",
        "doi = {10.5281/zenodo.1234567},",
        "url = {https://example.org/brief/en/},",
        "month = nov,",
    ] {
        assert!(bib.contains(field), "{field} in\n{bib}");
    }
    let unescaped = bib.replace("\\{", "").replace("\\}", "");
    assert_eq!(
        unescaped.matches('{').count(),
        unescaped.matches('}').count(),
        "{bib}"
    );
}

#[test]
fn ris_is_one_record_of_tagged_lines() {
    let mut e = edition("zh");
    e.description = "two\nlines".into();
    let ris = to_ris(&e);
    assert!(ris.starts_with("TY  - RPRT\r\n") && ris.ends_with("ER  - \r\n"));
    for line in ris.lines() {
        assert!(line.len() >= 6 && &line[2..6] == "  - ", "{line:?}");
    }
    for line in [
        "AU  - 李明",
        "AU  - Smith, Jane",
        "DA  - 2026/11/27/",
        "DO  - 10.5281/zenodo.1234567",
        "SN  - 2026-01",
        "AB  - two lines",
    ] {
        assert!(ris.contains(line), "{line} in\n{ris}");
    }
}

#[test]
fn csl_json_is_an_array_of_one_report() {
    let json: serde_json::Value = serde_json::from_str(&to_csl_json(&edition("en"))).unwrap();
    let item = &json[0];
    assert_eq!(item["type"], "report");
    assert_eq!(item["author"][0]["family"], "Li");
    assert_eq!(
        item["issued"]["date-parts"][0],
        serde_json::json!([2026, 11, 27])
    );
    assert_eq!(item["DOI"], "10.5281/zenodo.1234567");
    assert_eq!(item["collection-title"], "Policy Briefs");
}

#[test]
fn json_ld_links_the_editions_and_cannot_close_its_script() {
    let mut zh = edition("zh");
    zh.others = vec![("en".into(), "https://example.org/brief/en/".into())];
    zh.title = "</script><script>alert(1)</script>".into();
    let text = report_json_ld(&zh);
    assert!(!text.contains('<'), "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["@type"], "Report");
    assert_eq!(report["name"], "</script><script>alert(1)</script>");
    assert_eq!(
        report["workTranslation"][0]["@id"],
        "https://example.org/brief/en/#report"
    );
    assert_eq!(
        report["author"][0]["sameAs"],
        "https://orcid.org/0000-0002-1825-0097"
    );
    assert_eq!(report["isBasedOn"][0]["publisher"]["name"], "每日经济新闻");
    let en: serde_json::Value = serde_json::from_str(&report_json_ld(&edition("en"))).unwrap();
    assert_eq!(
        en["translationOfWork"]["@id"],
        "https://example.org/brief/zh/#report"
    );
    assert_eq!(
        en["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
}

#[test]
fn an_organisation_that_publishes_is_named_once_and_as_written() {
    for (lang, expected) in [
        (
            "en",
            "Chengdu institute. (2026). Chengdu’s AI Plan: A Policy Brief.",
        ),
        (
            "zh",
            "成都人工智能产业三年行动计划：政策简报[R/OL]. Chengdu institute, 2026.",
        ),
    ] {
        let mut e = edition(lang);
        e.publisher = Some("Chengdu institute".into());
        e.creators = vec![Name::Whole {
            name: "Chengdu institute".into(),
            orcid: None,
            organisation: true,
        }];
        e.doi = None;
        let reference = Reference::new(&e).unwrap();
        assert!(
            reference.text.starts_with(expected),
            "{lang}: {}",
            reference.text
        );
        assert_eq!(
            reference.text.matches("Chengdu institute").count(),
            1,
            "{}",
            reference.text
        );
    }
}
