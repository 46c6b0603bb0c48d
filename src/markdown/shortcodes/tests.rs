use super::*;

fn one(body: &str) -> Shortcode {
    let mut found = find(body);
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0).expect("parses")
}

fn error(body: &str) -> Diagnostic {
    let mut found = find(body);
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0).expect_err("fails")
}

#[test]
fn parses_names_and_typed_arguments() {
    let call = one(
        r#"Scale: {{ figure(id="ai-core-scale", year=2026, x=1.5, ok=true, ids=["a", "b"]) }}."#,
    );
    assert_eq!(call.name, "figure");
    assert_eq!(call.string("id").unwrap(), Some("ai-core-scale"));
    assert_eq!(call.integer("year").unwrap(), Some(2026));
    assert_eq!(call.arg("x"), Some(&ArgValue::Float(1.5)));
    assert_eq!(call.arg("ok"), Some(&ArgValue::Bool(true)));
    assert_eq!(call.strings("ids").unwrap(), Some(vec!["a", "b"]));
    assert_eq!(call.position, Position { line: 1, column: 8 });
}

#[test]
fn no_arguments_trailing_commas_and_line_breaks() {
    assert!(one("{{ chart() }}").args.is_empty());
    let call = one("{{ table(\n  group = \"scale\",\n) }}");
    assert_eq!(call.string("group").unwrap(), Some("scale"));
}

#[test]
fn strings_keep_escapes_and_cjk() {
    let call = one(r#"{{ t(caption="规模 \"目标\" \\ ok") }}"#);
    assert_eq!(call.string("caption").unwrap(), Some("规模 \"目标\" \\ ok"));
}

#[test]
fn syntax_errors_have_positions() {
    let e = error("text\n{{ figure(id=\"x\", year=2026)\nmore text\n");
    assert!(e.message().starts_with("unclosed shortcode"), "{e:?}");
    assert_eq!(e.position(), Some(Position { line: 2, column: 1 }));

    let e = error("{{ figure(id=\"x) }}");
    assert!(e.message().starts_with("unclosed string"), "{e:?}");

    let e = error("{{ figure(id x) }}");
    assert!(e.message().contains("`=` after `id`"), "{e:?}");

    let e = error("{{ Figure() }}");
    assert!(e.message().contains("shortcode name"), "{e:?}");

    let e = error("{{ figure(year=20x6) }}");
    assert!(e.message().contains("`,` or `)`"), "{e:?}");
}

#[test]
fn escaped_braces_are_not_calls() {
    assert!(find(r"write \{{ figure() }} literally").is_empty());
}

#[test]
fn argument_checks_name_the_problem() {
    let call = one(r#"{{ figure(id=3, colour="red") }}"#);
    assert!(
        call.string("id")
            .unwrap_err()
            .message()
            .contains("must be a string")
    );
    assert!(
        call.check_args(&["id"])
            .unwrap_err()
            .message()
            .contains("no argument `colour`")
    );
    let twice = one(r#"{{ figure(id="a", id="b") }}"#);
    assert!(
        twice
            .check_args(&["id"])
            .unwrap_err()
            .message()
            .contains("given twice")
    );
}
