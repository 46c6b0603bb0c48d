//! Reading and validating the data file. Structure errors (bad TOML, an
//! unknown key) stop at the first one, as a compiler's syntax errors do;
//! every content problem (duplicate ids, unknown units and sources, missing
//! labels, values that are not numbers, implausible years, repeated points)
//! is collected and reported together, each with its line.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, Result, parse_toml, read_text};
use crate::escape;
use crate::indicators::derive;
use crate::indicators::{
    Derived, Group, Indicator, Indicators, Localized, Method, Point, PointKind, PointRef,
    Qualifier, Source, Unit,
};
use crate::suggest::did_you_mean;

/// Where the data file lives, relative to the site root.
pub const DATA_FILE: &str = "content/indicators.toml";

/// Years outside this range are taken to be typing mistakes.
pub const YEARS: std::ops::RangeInclusive<i64> = 1949..=2100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    groups: Vec<RawGroup>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    #[serde(default)]
    derived: Vec<RawDerived>,
}

type RawLocalized = Spanned<BTreeMap<String, String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    publisher: RawLocalized,
    title: RawLocalized,
    date: Spanned<toml::value::Datetime>,
    url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    label: RawLocalized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    label: RawLocalized,
    unit: Spanned<String>,
    counter: Option<RawLocalized>,
    group: Option<Spanned<String>>,
    note: Option<RawLocalized>,
    #[serde(default)]
    points: Vec<RawPoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    year: Spanned<toml::Value>,
    value: Spanned<toml::Value>,
    kind: Spanned<String>,
    #[serde(default)]
    qualifier: Option<Spanned<String>>,
    source: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerived {
    id: Spanned<String>,
    label: RawLocalized,
    method: Spanned<String>,
    from: Spanned<RawPointRef>,
    to: Spanned<RawPointRef>,
    note: Option<RawLocalized>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPointRef {
    indicator: String,
    year: i64,
    kind: Option<String>,
}

/// Loads `content/indicators.toml` under the site root. A site without the
/// file has no indicators.
pub fn load(config: &Config) -> Result<Indicators> {
    let path = config.root.join(DATA_FILE);
    if !path.exists() {
        return Ok(Indicators {
            path,
            ..Indicators::default()
        });
    }
    let text = read_text(&path)?;
    let languages: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    parse(&path, &text, &languages)
}

/// Parses and validates the text of a data file.
pub fn parse(path: &Path, text: &str, languages: &[&str]) -> Result<Indicators> {
    let raw: RawFile = parse_toml(path, text, 0)?;
    let mut checker = Checker {
        path,
        lines: LineIndex::new(text),
        languages,
        problems: Diagnostics::new(),
    };
    let sources = checker.sources(raw.sources);
    let groups = checker.groups(raw.groups);
    let indicators = checker.indicators(raw.indicators, &sources, &groups);
    let derived = checker.derived(raw.derived, &indicators);
    checker.problems.into_result(Indicators {
        path: path.to_path_buf(),
        indicators,
        groups,
        sources,
        derived,
    })
}

/// Collects problems while turning raw records into checked ones.
struct Checker<'a> {
    path: &'a Path,
    lines: LineIndex<'a>,
    languages: &'a [&'a str],
    problems: Diagnostics,
}

impl Checker<'_> {
    fn problem<T>(&mut self, at: &Spanned<T>, message: String) {
        let position = self.lines.position(at.span().start);
        self.problems
            .push(Diagnostic::in_file(self.path, message).at(position));
    }

    /// Ids are lowercase ASCII words joined by `-`, unique within `seen`.
    fn id(&mut self, what: &str, id: &Spanned<String>, seen: &mut HashSet<String>) -> String {
        let text = id.get_ref();
        let well_formed = !text.is_empty()
            && text.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !well_formed {
            self.problem(
                id,
                format!(
                    "{what} id `{text}` must be lowercase ASCII letters and digits, words joined by `-`"
                ),
            );
        } else if !seen.insert(text.clone()) {
            self.problem(id, format!("duplicate {what} id `{text}`"));
        }
        text.clone()
    }

    /// Every configured language must have a non-empty text.
    fn localized(&mut self, what: &str, raw: RawLocalized) -> Localized {
        let missing: Vec<&str> = self
            .languages
            .iter()
            .copied()
            .filter(|lang| raw.get_ref().get(*lang).is_none_or(|t| t.trim().is_empty()))
            .collect();
        if !missing.is_empty() {
            self.problem(&raw, format!("{what} is missing in {}", missing.join(", ")));
        }
        Localized(raw.into_inner())
    }

    fn sources(&mut self, raw: Vec<RawSource>) -> Vec<Source> {
        let mut seen = HashSet::new();
        raw.into_iter()
            .map(|s| {
                let id = self.id("source", &s.id, &mut seen);
                let date = s.date.get_ref();
                if date.date.is_none() || date.time.is_some() {
                    self.problem(
                        &s.date,
                        format!("source `{id}`: `date` must be a date like 2024-06-20"),
                    );
                }
                if let Some(url) = &s.url
                    && let Err(e) = escape::check_url(url.get_ref())
                {
                    self.problem(url, format!("source `{id}`: `url`: {}", e.message()));
                }
                Source {
                    publisher: self.localized(&format!("source `{id}`: `publisher`"), s.publisher),
                    title: self.localized(&format!("source `{id}`: `title`"), s.title),
                    date: date.to_string(),
                    url: s.url.map(Spanned::into_inner),
                    id,
                }
            })
            .collect()
    }

    fn groups(&mut self, raw: Vec<RawGroup>) -> Vec<Group> {
        let mut seen = HashSet::new();
        raw.into_iter()
            .map(|g| {
                let id = self.id("group", &g.id, &mut seen);
                Group {
                    label: self.localized(&format!("group `{id}`: `label`"), g.label),
                    id,
                }
            })
            .collect()
    }

    fn indicators(
        &mut self,
        raw: Vec<RawIndicator>,
        sources: &[Source],
        groups: &[Group],
    ) -> Vec<Indicator> {
        let mut seen = HashSet::new();
        raw.into_iter()
            .map(|i| {
                let id = self.id("indicator", &i.id, &mut seen);
                let position = self.lines.position(i.id.span().start);
                let label = self.localized(&format!("indicator `{id}`: `label`"), i.label);
                let unit = self.unit(&id, &i.unit, i.counter);
                if let Some(group) = &i.group
                    && !groups.iter().any(|g| &g.id == group.get_ref()) {
                        self.problem(
                            group,
                            format!(
                                "indicator `{id}`: unknown group `{}`{} (declare it in a [[groups]] table)",
                                group.get_ref(),
                                did_you_mean(group.get_ref(), groups.iter().map(|g| g.id.as_str()))
                            ),
                        );
                    }
                let note = i
                    .note
                    .map(|n| self.localized(&format!("indicator `{id}`: `note`"), n));
                let non_negative = !matches!(unit, Unit::Cny | Unit::Percent);
                let points = self.points(&id, i.points, sources, non_negative);
                Indicator {
                    id,
                    label,
                    unit,
                    group: i.group.map(Spanned::into_inner),
                    note,
                    points,
                    position: Some(position),
                }
            })
            .collect()
    }

    fn unit(&mut self, id: &str, unit: &Spanned<String>, counter: Option<RawLocalized>) -> Unit {
        match (unit.get_ref().as_str(), counter) {
            ("cny", None) => Unit::Cny,
            ("percent", None) => Unit::Percent,
            ("pflops", None) => Unit::Pflops,
            ("count", Some(counter)) => Unit::Count {
                counter: self.localized(&format!("indicator `{id}`: `counter`"), counter),
            },
            ("count", None) => {
                self.problem(
                    unit,
                    format!(
                        "indicator `{id}`: unit `count` needs `counter`, the counting word per language (e.g. {{ zh = \"家\", en = \"enterprises\" }})"
                    ),
                );
                Unit::Count {
                    counter: Localized::default(),
                }
            }
            (known @ ("cny" | "percent" | "pflops"), Some(counter)) => {
                self.problem(
                    &counter,
                    format!("indicator `{id}`: `counter` is only for unit `count`, not `{known}`"),
                );
                Unit::Cny
            }
            (other, _) => {
                self.problem(
                    unit,
                    format!(
                        "indicator `{id}`: unknown unit `{other}` (known: cny, percent, pflops, count)"
                    ),
                );
                Unit::Cny
            }
        }
    }

    /// The points of indicator `id`; `non_negative` for units that cannot
    /// be below zero (counts, computing power).
    fn points(
        &mut self,
        id: &str,
        raw: Vec<RawPoint>,
        sources: &[Source],
        non_negative: bool,
    ) -> Vec<Point> {
        let mut seen: HashSet<(i32, PointKind)> = HashSet::new();
        let mut points = Vec::with_capacity(raw.len());
        for p in raw {
            let year = self.year(id, &p.year);
            let value = self.value(id, &p.value);
            if non_negative && value.is_some_and(|v| v < 0.0) {
                self.problem(
                    &p.value,
                    format!("indicator `{id}`: a count or computing power cannot be negative"),
                );
            }
            let kind = self.point_kind(id, &p.kind);
            let qualifier = p.qualifier.as_ref().and_then(|q| self.qualifier(id, q));
            if !sources.iter().any(|s| &s.id == p.source.get_ref()) {
                self.problem(
                    &p.source,
                    format!(
                        "indicator `{id}`: unknown source `{}`{}",
                        p.source.get_ref(),
                        did_you_mean(p.source.get_ref(), sources.iter().map(|s| s.id.as_str()))
                    ),
                );
            }
            let (Some(year), Some(value), Some(kind)) = (year, value, kind) else {
                continue;
            };
            if !seen.insert((year, kind)) {
                self.problem(
                    &p.year,
                    format!("indicator `{id}`: two {kind:?} values for {year}").to_lowercase(),
                );
                continue;
            }
            points.push(Point {
                year,
                value,
                kind,
                qualifier: qualifier.unwrap_or_default(),
                source: p.source.into_inner(),
            });
        }
        points.sort_by_key(|p| (p.year, p.kind));
        points
    }

    fn year(&mut self, id: &str, year: &Spanned<toml::Value>) -> Option<i32> {
        match year.get_ref() {
            toml::Value::Integer(y) if YEARS.contains(y) => i32::try_from(*y).ok(),
            toml::Value::Integer(y) => {
                self.problem(
                    year,
                    format!(
                        "indicator `{id}`: year {y} is outside {}–{}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
                None
            }
            other => {
                self.problem(
                    year,
                    format!("indicator `{id}`: `year` must be a whole number, not {other}"),
                );
                None
            }
        }
    }

    fn value(&mut self, id: &str, value: &Spanned<toml::Value>) -> Option<f64> {
        let number = match value.get_ref() {
            toml::Value::Integer(v) => Some(*v as f64),
            toml::Value::Float(v) if v.is_finite() => Some(*v),
            _ => None,
        };
        if number.is_none() {
            self.problem(
                value,
                format!(
                    "indicator `{id}`: `value` must be a number, not {}",
                    value.get_ref()
                ),
            );
        }
        number
    }

    fn point_kind(&mut self, id: &str, kind: &Spanned<String>) -> Option<PointKind> {
        PointKind::parse(kind.get_ref())
            .map_err(|e| self.problem(kind, format!("indicator `{id}`: {}", e.message())))
            .ok()
    }

    fn qualifier(&mut self, id: &str, qualifier: &Spanned<String>) -> Option<Qualifier> {
        let parsed = match qualifier.get_ref().as_str() {
            "exact" => Some(Qualifier::Exact),
            "nearly" => Some(Qualifier::Nearly),
            "more_than" => Some(Qualifier::MoreThan),
            "about" => Some(Qualifier::About),
            _ => None,
        };
        if parsed.is_none() {
            self.problem(
                qualifier,
                format!(
                    "indicator `{id}`: unknown qualifier `{}` (known: exact, nearly, more_than, about)",
                    qualifier.get_ref()
                ),
            );
        }
        parsed
    }

    fn derived(&mut self, raw: Vec<RawDerived>, indicators: &[Indicator]) -> Vec<Derived> {
        let mut seen = HashSet::new();
        raw.into_iter()
            .map(|d| {
                let id = self.id("derived figure", &d.id, &mut seen);
                let label = self.localized(&format!("derived figure `{id}`: `label`"), d.label);
                let method = match d.method.get_ref().as_str() {
                    "growth" => Method::Growth,
                    "cagr" => Method::Cagr,
                    "ratio" => Method::Ratio,
                    other => {
                        self.problem(
                            &d.method,
                            format!(
                                "derived figure `{id}`: unknown method `{other}` (known: growth, cagr, ratio)"
                            ),
                        );
                        Method::Ratio
                    }
                };
                let from = self.point_ref(&id, &d.from, indicators);
                let to = self.point_ref(&id, &d.to, indicators);
                if method == Method::Cagr && from.year >= to.year {
                    self.problem(
                        &d.to,
                        format!("derived figure `{id}`: a growth rate needs `to` later than `from`"),
                    );
                } else {
                    self.finite(&id, &d.id, method, (&from, &to), indicators);
                }
                let note = d
                    .note
                    .map(|n| self.localized(&format!("derived figure `{id}`: `note`"), n));
                Derived {
                    id,
                    label,
                    method,
                    from,
                    to,
                    note,
                }
            })
            .collect()
    }

    /// A derived figure must come out as a number: a growth rate from a
    /// negative value to a positive one (or the other way) has none.
    fn finite(
        &mut self,
        id: &str,
        at: &Spanned<String>,
        method: Method,
        (from, to): (&PointRef, &PointRef),
        indicators: &[Indicator],
    ) {
        let value_of = |r: &PointRef| {
            let indicator = indicators.iter().find(|i| i.id == r.indicator)?;
            Some(indicator.point(r.year, r.kind)?.value)
        };
        let (Some(a), Some(b)) = (value_of(from), value_of(to)) else {
            return;
        };
        let value = derive::compute(method, a, b, to.year - from.year);
        let rate = matches!(method, Method::Growth | Method::Cagr);
        if rate && (a <= 0.0 || b < 0.0) {
            self.problem(
                at,
                format!(
                    "derived figure `{id}`: a growth rate from {a} to {b} is not a number: it needs a \
                     value above zero to start from and one not below zero to end at"
                ),
            );
        } else if !value.is_finite() {
            self.problem(
                at,
                format!(
                    "derived figure `{id}`: from {a} to {b} the result is not a number ({value})"
                ),
            );
        }
    }

    /// A reference must name an existing point with a non-zero value.
    fn point_ref(
        &mut self,
        id: &str,
        raw: &Spanned<RawPointRef>,
        indicators: &[Indicator],
    ) -> PointRef {
        let r = raw.get_ref();
        let kind = match r.kind.as_deref() {
            None => None,
            Some(k) => PointKind::parse(k)
                .map_err(|e| self.problem(raw, format!("derived figure `{id}`: {}", e.message())))
                .ok(),
        };
        let year = i32::try_from(r.year).unwrap_or(0);
        match indicators.iter().find(|i| i.id == r.indicator) {
            None => self.problem(
                raw,
                format!(
                    "derived figure `{id}`: unknown indicator `{}`{}",
                    r.indicator,
                    did_you_mean(&r.indicator, indicators.iter().map(|i| i.id.as_str()))
                ),
            ),
            Some(indicator) => match indicator.point(year, kind) {
                None => self.problem(
                    raw,
                    format!(
                        "derived figure `{id}`: indicator `{}` has no value for {}",
                        r.indicator, r.year
                    ),
                ),
                Some(point) if point.value == 0.0 => self.problem(
                    raw,
                    format!("derived figure `{id}`: cannot compute from a value of zero"),
                ),
                Some(_) => {}
            },
        }
        PointRef {
            indicator: r.indicator.clone(),
            year,
            kind,
        }
    }
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
