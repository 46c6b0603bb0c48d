use super::*;

fn bar(year: i32, value: f64, kind: BarKind, label: &str) -> Bar {
    Bar {
        year,
        value,
        kind,
        label: label.to_owned(),
    }
}

fn spec(id: &str, series: Vec<Series>) -> ChartSpec {
    ChartSpec {
        id: id.to_owned(),
        title: "人工智能核心产业规模".to_owned(),
        description: "2023年实际780亿元，2024年目标1000亿元，2026年目标1700亿元。".to_owned(),
        unit_label: "亿元".to_owned(),
        kind_labels: ["实际".to_owned(), "目标".to_owned(), "估计".to_owned()],
        separator: "，".to_owned(),
        series,
    }
}

fn three_bars(id: &str) -> ChartSpec {
    spec(
        id,
        vec![Series {
            name: "规模".to_owned(),
            bars: vec![
                bar(2023, 780.0, BarKind::Actual, "780"),
                bar(2024, 1000.0, BarKind::Target, "1000"),
                bar(2026, 1700.0, BarKind::Target, "1700"),
            ],
        }],
    )
}

/// The shipped brief's chart, id `c`: one series (`first`) for 2023 and
/// 2024, another (`second`) for 2026.
fn shipped_chart(first: &str, second: &str) -> ChartSpec {
    spec(
        "c",
        vec![
            series(
                first,
                vec![
                    bar(2023, 780.0, BarKind::Actual, "780"),
                    bar(2024, 1000.0, BarKind::Target, "1000"),
                ],
            ),
            series(second, vec![bar(2026, 1700.0, BarKind::Target, "1700")]),
        ],
    )
}

fn series(name: &str, bars: Vec<Bar>) -> Series {
    Series {
        name: name.to_owned(),
        bars,
    }
}

/// Whether `xml` is a well-formed XML document (roxmltree parses it).
fn check_xml(xml: &str) -> Result<(), String> {
    roxmltree::Document::parse(xml)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The values of attribute `name` in the output, in order.
fn attribute_values<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    svg.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &svg[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Asserts every number in coordinate attributes has at most two
/// decimals.
fn assert_short_numbers(svg: &str) {
    for name in [
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "width",
        "height",
        "viewBox",
        "transform",
        "dy",
    ] {
        for value in attribute_values(svg, name) {
            for part in value.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
                if let Some((_, decimals)) = part.split_once('.') {
                    assert!(decimals.len() <= 2, "{name}=\"{value}\"");
                }
            }
        }
    }
}

#[test]
fn root_is_accessible_svg() {
    let svg = columns(&three_bars("ai-scale"));
    assert!(svg.starts_with(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-columns\" role=\"img\""
    ));
    assert!(svg.contains("aria-labelledby=\"ai-scale-title ai-scale-desc\""));
    assert!(svg.contains("viewBox=\"0 0 640 "));
    let after_root = svg.split_once(">\n").map(|(_, rest)| rest).unwrap_or("");
    assert!(after_root.starts_with("<title id=\"ai-scale-title\">人工智能核心产业规模</title>\n<desc id=\"ai-scale-desc\">2023年实际780亿元"));
    let root = &svg[..svg.find('>').unwrap_or(0)];
    assert!(
        !root.contains(" width=") && !root.contains(" height="),
        "{root}"
    );
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn one_rect_per_bar_with_kind_class() {
    let svg = columns(&three_bars("c"));
    assert_eq!(svg.matches("<rect class=\"bar ").count(), 3);
    assert_eq!(
        svg.matches("<rect class=\"bar actual series-1\"").count(),
        1
    );
    assert_eq!(
        svg.matches("<rect class=\"bar target series-1\"").count(),
        2
    );
    assert_eq!(svg.matches("<rect class=\"bar estimate").count(), 0);
}

#[test]
fn target_bars_reference_the_hatch_pattern() {
    let svg = columns(&three_bars("c"));
    assert!(svg.contains("<pattern id=\"c-hatch-1\""));
    for line in svg
        .lines()
        .filter(|l| l.starts_with("<rect class=\"bar target"))
    {
        assert!(line.contains("fill=\"url(#c-hatch-1)\""), "{line}");
    }
    for line in svg
        .lines()
        .filter(|l| l.starts_with("<rect class=\"bar actual"))
    {
        assert!(!line.contains("url(#"), "{line}");
    }
    // Every referenced pattern is defined.
    for reference in svg.match_indices("url(#").map(|(at, _)| &svg[at + 5..]) {
        let id = &reference[..reference.find(')').unwrap_or(0)];
        assert!(svg.contains(&format!("<pattern id=\"{id}\"")), "{id}");
    }
}

#[test]
fn labels_units_and_years_appear_as_text() {
    let svg = columns(&three_bars("c"));
    for text in [
        ">780</text>",
        ">1000</text>",
        ">1700</text>",
        ">亿元</text>",
        ">2023</text>",
        ">2026</text>",
        ">实际</text>",
        ">目标</text>",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // Only the kinds present are in the legend; one series, no names.
    assert!(!svg.contains(">估计</text>"));
    assert!(!svg.contains(">规模</text>"));
    // Every year from the first to the last has its place: 2025 is a gap.
    assert!(svg.contains(">2025</text>"));
    // Tick labels of the nice scale.
    for tick in [">0</text>", ">500</text>", ">2000</text>"] {
        assert!(svg.contains(tick), "{tick}");
    }
}

#[test]
fn text_and_attributes_are_escaped() {
    let mut spec = spec(
        "x",
        vec![
            series(
                "A<&\"'>",
                vec![bar(2020, 1.0, BarKind::Actual, "<1 & \"2\"")],
            ),
            series("B", vec![bar(2020, 2.0, BarKind::Estimate, "2")]),
        ],
    );
    spec.title = "R&D <spending> \"2024\"".to_owned();
    spec.description = "a < b & c".to_owned();
    spec.unit_label = "'%'".to_owned();
    spec.kind_labels[0] = "<b>".to_owned();
    let svg = columns(&spec);
    assert!(svg.contains("R&amp;D &lt;spending&gt; &quot;2024&quot;"));
    assert!(svg.contains("&lt;1 &amp; &quot;2&quot;"));
    assert!(svg.contains("A&lt;&amp;&quot;&#39;&gt;"));
    assert!(svg.contains("a &lt; b &amp; c"));
    assert!(svg.contains("&#39;%&#39;"));
    assert!(svg.contains("&lt;b&gt;"));
    assert!(!svg.contains("<spending>") && !svg.contains("<b>") && !svg.contains("<1"));
    check_xml(&svg).unwrap();
}

#[test]
fn ids() {
    // Escaping itself is `crate::escape`'s, tested there.
    assert_eq!(safe_id("ai-core-2024"), "ai-core-2024");
    assert_eq!(safe_id("a b\"<"), "a_20b_22_3c");
    assert_ne!(safe_id("a_20b"), safe_id("a b"));
    assert_eq!(safe_id(""), "chart");
    let svg = columns(&three_bars("a b"));
    assert!(svg.contains("aria-labelledby=\"a_20b-title a_20b-desc\""));
    assert!(svg.contains("<title id=\"a_20b-title\">"));
    check_xml(&svg).unwrap();
}

#[test]
fn nice_maximum() {
    assert_eq!(nice_max(1700.0), 2000.0);
    assert_eq!(nice_max(40.0), 50.0);
    assert_eq!(nice_max(780.0), 1000.0);
    assert_eq!(nice_max(1000.0), 1000.0);
    assert_eq!(nice_max(2100.0), 2500.0);
    assert_eq!(nice_max(3.2), 5.0);
    assert_eq!(nice_max(99.0), 100.0);
    assert_eq!(nice_max(0.03), 0.05);
    assert!(nice_max(0.0) > 0.0);
    assert!(nice_max(-5.0) > 0.0);
    assert!(nice_max(f64::NAN) > 0.0);
    for m in [
        0.0, 0.001, 0.3, 1.0, 1.5, 2.2, 7.0, 12.0, 40.0, 99.0, 250.0, 1700.0, 4.7e6, 1e15,
    ] {
        let s = nice_scale(m);
        assert!(s.max >= m, "{m}");
        assert!((4..=6).contains(&s.intervals), "{m}: {s:?}");
        assert!(
            (s.step * s.intervals as f64 - s.max).abs() <= s.max * 1e-9,
            "{m}: {s:?}"
        );
    }
    let s = nice_scale(1700.0);
    assert_eq!((s.step, s.intervals, s.decimals), (500.0, 4, 0));
    let s = nice_scale(0.4);
    assert_eq!(
        (tick_text(&s, 1), tick_text(&s, 5)),
        ("0.1".to_owned(), "0.5".to_owned())
    );
}

#[test]
fn numbers_have_at_most_two_decimals() {
    assert_eq!(num(1.0), "1");
    assert_eq!(num(1.005), "1");
    assert_eq!(num(2.5), "2.5");
    assert_eq!(num(1.0 / 3.0), "0.33");
    assert_eq!(num(-0.001), "0");
    assert_eq!(num(f64::NAN), "0");
    let mut many = Vec::new();
    for s in 0..3 {
        many.push(series(
            &format!("S{s}"),
            (0..7)
                .map(|i| bar(2000 + i, (i * 37 + s) as f64 / 3.0, BarKind::Actual, "x"))
                .collect(),
        ));
    }
    assert_short_numbers(&columns(&spec("n", many)));
    assert_short_numbers(&columns(&three_bars("n")));
}

#[test]
fn output_is_well_formed_xml() {
    check_xml(&columns(&three_bars("c"))).unwrap();
    assert!(check_xml("<svg><g></svg>").is_err());
    assert!(check_xml("<svg a=\"1></svg>").is_err());
    assert!(check_xml("<svg>a & b</svg>").is_err());
    assert!(check_xml("<svg/><svg/>").is_err());
    assert!(check_xml("<svg a=\"1\" a=\"2\"/>").is_err());
}

#[test]
fn pattern_ids_are_per_chart() {
    let a = columns(&three_bars("first"));
    let b = columns(&three_bars("second"));
    let ids = |svg: &str| -> Vec<String> {
        attribute_values(svg, "id")
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let (a_ids, b_ids) = (ids(&a), ids(&b));
    assert!(a_ids.iter().any(|id| id.contains("hatch")));
    for id in &a_ids {
        assert!(id.starts_with("first-"), "{id}");
        assert!(!b_ids.contains(id), "{id}");
    }
    assert!(b.contains("url(#second-hatch-1)") && !b.contains("url(#first-"));
}

#[test]
fn no_style_attributes_or_colours() {
    let svg = columns(&spec(
        "c",
        vec![
            series(
                "a",
                vec![
                    bar(2023, 780.0, BarKind::Actual, "780"),
                    bar(2024, 900.0, BarKind::Estimate, "近900"),
                ],
            ),
            series("b", vec![bar(2023, 10.0, BarKind::Target, "10")]),
        ],
    ));
    assert!(!svg.contains("style="));
    assert!(!svg.contains('#') || svg.matches('#').count() == svg.matches("url(#").count());
    assert!(!svg.contains("rgb("));
}

#[test]
fn several_series_get_classes_and_legend() {
    let names = ["A", "B", "C", "D", "E"];
    let all: Vec<Series> = names
        .iter()
        .enumerate()
        .map(|(s, name)| {
            series(
                name,
                (2015..2027)
                    .filter(|y| (y + s as i32) % 4 != 0)
                    .map(|y| {
                        let kind = if y > 2023 {
                            BarKind::Target
                        } else if y == 2023 {
                            BarKind::Estimate
                        } else {
                            BarKind::Actual
                        };
                        bar(
                            y,
                            (y - 2010) as f64 * (s as f64 + 1.0) * 13.7,
                            kind,
                            &format!("more than {},{}00", y - 2000, s),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let count: usize = all.iter().map(|s| s.bars.len()).sum();
    let svg = columns(&spec("five", all));
    check_xml(&svg).unwrap();
    assert_short_numbers(&svg);
    assert_eq!(svg.matches("<rect class=\"bar ").count(), count);
    for (s, name) in names.iter().enumerate() {
        assert!(svg.contains(&format!("class=\"bar actual series-{}\"", s + 1)));
        assert!(svg.contains(&format!(">{name}</text>")), "{name}");
    }
    assert!(svg.contains(">估计</text>"));
    // Kind swatches are neutral with several series.
    assert!(svg.contains("class=\"swatch target neutral\""));
    assert!(svg.contains("fill=\"url(#five-hatch-key)\""));
    // Narrow bars: labels rotated at the small size.
    assert!(svg.contains("<text class=\"label\"") && svg.contains("rotate(-90"));
    assert!(!svg.contains("font-size=\"12"));
}

#[test]
fn narrow_labels_shrink_or_rotate_and_stay_inside() {
    let long = "more than 4,700,000";
    let bars: Vec<Bar> = (2010..2026)
        .map(|y| bar(y, 4700.0, BarKind::Actual, long))
        .collect();
    let svg = columns(&spec("n", vec![series("s", bars)]));
    check_xml(&svg).unwrap();
    assert!(svg.contains("transform=\"rotate(-90"));
    // Everything drawn inside the viewBox horizontally.
    for x in attribute_values(&svg, "x") {
        let x: f64 = x.parse().unwrap_or(-1.0);
        assert!((0.0..=WIDTH).contains(&x), "{x}");
    }
    // A short label at a wide bar stays horizontal at the default size.
    let svg = columns(&three_bars("w"));
    assert!(svg.contains("<text class=\"label\" x=") && !svg.contains("class=\"label\" x=\"0\""));
    assert!(
        !svg.lines()
            .any(|l| l.starts_with("<text class=\"label\"") && l.contains("rotate"))
    );
}

#[test]
fn the_title_names_the_drawings_but_is_not_drawn_and_text_wraps() {
    let mut s = three_bars("t");
    s.title = "Scale of the core artificial intelligence industry in the province, actual and targets, 2023–2026".to_owned();
    for svg in [columns(&s), rows(&s)] {
        check_xml(&svg).unwrap();
        assert_eq!(svg.matches(&s.title).count(), 1, "in <title> only: {svg}");
        assert!(svg.contains(&format!(">{}</title>", s.title)));
    }
    let lines = wrap(&s.title, 16.0, 300.0);
    assert!(lines.len() > 1);
    assert!(lines.iter().all(|l| text_width(l, 16.0) <= 300.0));
    assert_eq!(lines.join(" "), s.title);
    let zh = wrap(
        "人工智能核心产业规模，实际值与目标值（2023—2026年）",
        16.0,
        160.0,
    );
    assert!(
        zh.len() > 1
            && zh
                .iter()
                .all(|l| !l.starts_with('，') && !l.starts_with('）'))
    );
    assert_eq!(wrap("", FONT, 100.0), Vec::<String>::new());
    assert_eq!(wrap("   ", FONT, 100.0), Vec::<String>::new());
    assert!(!wrap("Supercalifragilisticexpialidocious", FONT, 40.0).is_empty());
}

#[test]
fn edge_cases_do_not_panic() {
    let cases = vec![
        spec("empty", vec![]),
        spec("no-bars", vec![series("a", vec![]), series("b", vec![])]),
        spec(
            "zero",
            vec![series(
                "a",
                vec![
                    bar(2020, 0.0, BarKind::Actual, "0"),
                    bar(2021, 0.0, BarKind::Target, "0"),
                ],
            )],
        ),
        spec(
            "negative",
            vec![series(
                "a",
                vec![
                    bar(2020, -5.0, BarKind::Actual, "−5"),
                    bar(2021, 3.0, BarKind::Actual, "3"),
                ],
            )],
        ),
        spec(
            "nan",
            vec![series(
                "a",
                vec![
                    bar(2020, f64::NAN, BarKind::Actual, "n/a"),
                    bar(2021, f64::INFINITY, BarKind::Estimate, "inf"),
                    bar(2022, f64::NEG_INFINITY, BarKind::Target, "-inf"),
                    bar(2023, f64::MAX, BarKind::Actual, "max"),
                    bar(2024, f64::MIN_POSITIVE, BarKind::Actual, "tiny"),
                ],
            )],
        ),
        spec(
            "single",
            vec![series("a", vec![bar(2024, 5.0, BarKind::Target, "5")])],
        ),
        spec(
            "same-year",
            vec![series(
                "a",
                vec![
                    bar(2024, 5.0, BarKind::Target, "5"),
                    bar(2024, 4.0, BarKind::Actual, "4"),
                    bar(2024, 4.5, BarKind::Estimate, "4.5"),
                ],
            )],
        ),
        spec(
            "years",
            vec![series(
                "a",
                (1990..2030)
                    .map(|y| bar(y, y as f64, BarKind::Actual, &y.to_string()))
                    .collect(),
            )],
        ),
        spec(
            "extreme-years",
            vec![series(
                "a",
                vec![
                    bar(i32::MIN, 1.0, BarKind::Actual, "1"),
                    bar(i32::MAX, 2.0, BarKind::Actual, "2"),
                ],
            )],
        ),
        spec(
            "",
            vec![series("", vec![bar(2020, 1.0, BarKind::Actual, "")])],
        ),
    ];
    for case in cases {
        let svg = columns(&case);
        check_xml(&svg).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert_short_numbers(&svg);
        assert!(
            !svg.contains("NaN") && !svg.contains("inf\""),
            "{}",
            case.id
        );
        let bars: usize = case.series.iter().map(|s| s.bars.len()).sum();
        assert_eq!(
            svg.matches("<rect class=\"bar ").count(),
            bars,
            "{}",
            case.id
        );
        // Labels are shown even for clamped bars.
        for s in &case.series {
            for b in &s.bars {
                assert!(
                    svg.contains(&format!(">{}</text>", escape::xml(&b.label)))
                        || b.label.is_empty(),
                    "{}",
                    b.label
                );
            }
        }
    }
    // A negative value is drawn as an empty bar at zero.
    let svg = columns(&spec(
        "neg",
        vec![series("a", vec![bar(2020, -5.0, BarKind::Actual, "−5")])],
    ));
    assert!(
        svg.lines()
            .any(|l| l.starts_with("<rect class=\"bar actual") && l.contains("height=\"0\""))
    );
}

#[test]
fn output_is_deterministic() {
    let s = three_bars("d");
    assert_eq!(columns(&s), columns(&s.clone()));
}

#[test]
fn estimates_are_dashed_and_light() {
    let svg = columns(&spec(
        "e",
        vec![series("a", vec![bar(2025, 3.0, BarKind::Estimate, "约3")])],
    ));
    let line = svg
        .lines()
        .find(|l| l.starts_with("<rect class=\"bar estimate"))
        .unwrap_or("");
    assert!(
        line.contains("stroke-dasharray") && line.contains("fill-opacity"),
        "{line}"
    );
    assert!(!svg.contains("<pattern"));
}

/// The `x` attribute of every `<text class="year">` and the centre of every
/// bar, by order in the output.
fn year_and_bar_centres(svg: &str) -> (Vec<f64>, Vec<f64>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let number =
        |n: roxmltree::Node<'_, '_>, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    let years = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("year"))
        .map(|n| number(n, "x"))
        .collect();
    let bars = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar ")))
        .map(|n| number(n, "x") + number(n, "width") / 2.0)
        .collect();
    (years, bars)
}

#[test]
fn a_years_bars_are_centred_on_its_label_whatever_the_other_series() {
    let s = shipped_chart("产业", "核心产业");
    let (years, bars) = year_and_bar_centres(&columns(&s));
    assert_eq!(years.len(), 4, "2023 to 2026, 2025 included");
    for (bar, year) in bars.iter().zip([years[0], years[1], years[3]]) {
        assert!(
            (bar - year).abs() < 0.01,
            "bar at {bar}, year label at {year}"
        );
    }
    // Two bars in one year sit either side of it, symmetrically.
    let two = spec(
        "d",
        vec![
            series("a", vec![bar(2023, 1.0, BarKind::Actual, "1")]),
            series("b", vec![bar(2023, 2.0, BarKind::Actual, "2")]),
        ],
    );
    let (years, bars) = year_and_bar_centres(&columns(&two));
    assert!(((bars[0] + bars[1]) / 2.0 - years[0]).abs() < 0.01);
    assert!(bars[0] < years[0] && years[0] < bars[1]);
}

#[test]
fn gaps_are_years_on_the_axis_but_a_long_span_only_shows_years_with_values() {
    assert_eq!(
        axis_years(vec![2026, 2023, 2024, 2023]),
        vec![2023, 2024, 2025, 2026]
    );
    assert_eq!(axis_years(vec![1900, 2000]), vec![1900, 2000]);
    assert_eq!(
        axis_years(vec![i32::MIN, i32::MAX]),
        vec![i32::MIN, i32::MAX]
    );
    assert_eq!(axis_years(Vec::new()), Vec::<i32>::new());
}

#[test]
fn the_legend_puts_kinds_and_series_in_rows_of_their_own() {
    let s = shipped_chart("产业", "核心产业");
    let svg = columns(&s);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let swatches: Vec<(String, &str, f64)> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("swatch"))
        })
        .map(|n| {
            let y = n
                .attribute("y")
                .or(n.attribute("cy"))
                .unwrap()
                .parse()
                .unwrap();
            (
                n.attribute("class").unwrap().to_owned(),
                n.tag_name().name(),
                y,
            )
        })
        .collect();
    let kinds: Vec<_> = swatches.iter().filter(|s| s.1 == "rect").collect();
    let dots: Vec<_> = swatches.iter().filter(|s| s.1 == "circle").collect();
    assert_eq!(kinds.len(), 2, "{swatches:?}");
    assert_eq!(dots.len(), 2, "{swatches:?}");
    assert!(
        kinds.iter().all(|k| k.0.contains("neutral")),
        "kinds are not coloured: {kinds:?}"
    );
    assert!(dots[0].0.contains("series-1") && dots[1].0.contains("series-2"));
    let lowest_kind = kinds.iter().map(|k| k.2).fold(f64::MIN, f64::max);
    assert!(
        dots.iter().all(|d| d.2 > lowest_kind),
        "series below kinds: {swatches:?}"
    );
}

#[test]
fn bar_chart_is_both_drawings_with_their_own_ids() {
    let svg = bar_chart(&three_bars("c"));
    assert_eq!(svg.matches("<svg ").count(), 2);
    assert!(svg.contains("class=\"chart chart-columns\""));
    assert!(svg.contains("class=\"chart chart-rows\""));
    assert!(svg.contains("aria-labelledby=\"c-title c-desc\""));
    assert!(svg.contains("aria-labelledby=\"c-rows-title c-rows-desc\""));
    assert!(svg.contains("url(#c-rows-hatch-1)") && svg.contains("<pattern id=\"c-rows-hatch-1\""));
    // Two documents, each well formed.
    let (first, second) = svg.split_at(svg.find("\n<svg").unwrap());
    check_xml(first).unwrap();
    check_xml(second.trim_start()).unwrap();
}

#[test]
fn rows_are_drawn_in_css_pixels_with_every_bar_named_in_words() {
    let s = shipped_chart("人工智能产业规模", "人工智能核心产业规模");
    let svg = rows(&s);
    check_xml(&svg).unwrap();
    assert_short_numbers(&svg);
    assert!(!svg.contains("viewBox"), "text must keep its size");
    assert!(svg.contains("width=\"100%\""));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .map(|d| d.text().unwrap())
                .collect()
        })
        .collect();
    for expected in [
        "2023 实际，人工智能产业规模",
        "2024 目标，人工智能产业规模",
        "2026 目标，人工智能核心产业规模",
        "1700",
        "亿元",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected} in {texts:?}"
        );
    }
    // No text under 13 px; bars in order, the largest 99 % wide.
    for size in attribute_values(&svg, "font-size") {
        assert!(size.parse::<f64>().unwrap() >= 13.0, "{size}");
    }
    let widths: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar ")))
        .map(|n| n.attribute("width").unwrap())
        .collect();
    assert_eq!(widths, ["45.42%", "58.24%", "99%"]);
    // Labels are wrapped for the narrowest box: each line leaves room for its value.
    for line in texts.iter().filter(|t| t.starts_with("20")) {
        assert!(
            text_width(line, 14.0) + text_width("1700", 14.0) + 12.0 <= ROWS_MIN_WIDTH,
            "{line}"
        );
    }
}

#[test]
fn rows_of_one_series_name_the_kind_only_and_wrap_long_words() {
    let mut s = three_bars("c");
    s.series[0].name = "A very long series name that would not fit one line".to_owned();
    let svg = rows(&s);
    assert!(svg.contains(">2023</tspan> 实际</tspan>"), "{svg}");
    assert!(
        !svg.contains("A very long"),
        "one series: the title names it"
    );
    s.series.push(series(
        "Second series with a long name, long enough to wrap",
        vec![bar(2024, 5.0, BarKind::Estimate, "more than 4,700")],
    ));
    let svg = rows(&s);
    check_xml(&svg).unwrap();
    assert!(
        svg.matches("<tspan x=\"0\" dy=\"19\">").count() >= 2,
        "{svg}"
    );
}
