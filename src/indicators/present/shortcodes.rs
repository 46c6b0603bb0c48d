//! The shortcodes that put data into the brief:
//!
//! - `{{ figure(id="ai-core-scale", year=2026) }}`: one value, inline;
//! - `{{ derived(id="core-cagr-2023-2026") }}`: one derived figure, inline;
//! - `{{ indicator_table(group="scale", derived=["cagr"]) }}` or
//!   `ids=[...]`, optional `caption="..."`: a table, as its own paragraph;
//! - `{{ indicator_chart(id="ai-industry-scale") }}` or `ids=[...]` /
//!   `group="..."`, optional `caption="..."`: an SVG bar chart, as its own
//!   paragraph.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::indicators::table::{DerivedColumn, TableSpec};
use crate::indicators::{Indicator, PointKind, Presenter};
use crate::markdown::shortcodes::{ArgValue, Expansion, Shortcode, ShortcodeHandler};

/// What identifies a table or chart call: its name and its arguments.
type CallKey = (String, Vec<(String, ArgValue)>);

/// What an expander writes.
#[derive(Debug, Clone, Copy)]
enum Target<'a> {
    /// The site's HTML.
    Html,
    /// The PDF edition's Typst.
    Typst { chart_stylesheet: &'a str },
}

/// The names of the shortcodes this module expands.
pub const NAMES: &[&str] = &["figure", "derived", "indicator_table", "indicator_chart"];

/// Expands the data shortcodes of one language.
///
/// A table or chart depends only on the call and the language, and a large
/// brief repeats the same ones on many pages, so each distinct call is
/// expanded once and its markup reused (the expander is shared by the
/// threads that render the pages).
#[derive(Debug)]
pub struct Expander<'a> {
    presenter: Presenter<'a>,
    /// What the expansions are written in.
    target: Target<'a>,
    /// Markup of the tables and charts expanded so far, by call (name and
    /// arguments as written).
    blocks: Mutex<HashMap<CallKey, String>>,
}

impl<'a> Expander<'a> {
    /// An expander writing HTML in the presenter's language.
    pub fn new(presenter: Presenter<'a>) -> Self {
        Self::with_target(presenter, Target::Html)
    }

    /// An expander writing Typst for the PDF edition; charts carry
    /// `chart_stylesheet` (the theme's chart colours for paper).
    pub fn typst(presenter: Presenter<'a>, chart_stylesheet: &'a str) -> Self {
        Self::with_target(presenter, Target::Typst { chart_stylesheet })
    }

    fn with_target(presenter: Presenter<'a>, target: Target<'a>) -> Self {
        Expander {
            presenter,
            target,
            blocks: Mutex::new(HashMap::new()),
        }
    }

    /// The markup of a table or chart `call`, made by `expand` the first
    /// time the call is seen. A failed expansion is not kept, so every page
    /// with the bad call reports it.
    fn block(
        &self,
        call: &Shortcode,
        expand: impl FnOnce(&Self, &Shortcode) -> Result<String, Diagnostic>,
    ) -> Result<String, Diagnostic> {
        let key = (call.name.clone(), call.args.clone());
        if let Some(html) = self.blocks().get(&key) {
            return Ok(html.clone());
        }
        let html = expand(self, call)?;
        self.blocks().insert(key, html.clone());
        Ok(html)
    }

    fn blocks(&self) -> std::sync::MutexGuard<'_, HashMap<CallKey, String>> {
        // The map only ever holds finished entries, so a panic elsewhere
        // while it was locked leaves nothing half written.
        self.blocks.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn figure(&self, call: &Shortcode) -> Result<String, Diagnostic> {
        call.check_args(&["id", "year", "kind"])?;
        let indicator = self.indicator(required(call, "id")?)?;
        let year = match call.integer("year")? {
            Some(y) => Some(
                i32::try_from(y)
                    .map_err(|_| call.problem(format!("`figure`: year {y} is out of range")))?,
            ),
            None => None,
        };
        let kind = call.string("kind")?.map(PointKind::parse).transpose()?;
        let point = self.presenter.find_point(indicator, year, kind)?;
        Ok(match self.target {
            Target::Html => self.presenter.figure(indicator, point),
            Target::Typst { .. } => self.presenter.figure_typst(indicator, point),
        })
    }

    fn derived(&self, call: &Shortcode) -> Result<String, Diagnostic> {
        call.check_args(&["id"])?;
        let id = required(call, "id")?;
        match self.target {
            Target::Html => self.presenter.derived_figure(id),
            Target::Typst { .. } => self.presenter.derived_figure_typst(id),
        }
    }

    fn table(&self, call: &Shortcode) -> Result<String, Diagnostic> {
        call.check_args(&["group", "ids", "caption", "derived"])?;
        let (indicators, default_caption, id) = self.selection(call, false)?;
        let derived = call
            .strings("derived")?
            .unwrap_or_default()
            .into_iter()
            .map(DerivedColumn::parse)
            .collect::<Result<Vec<_>, _>>()?;
        let caption = call
            .string("caption")?
            .map_or(default_caption, str::to_string);
        let spec = TableSpec {
            id: format!("table-{id}"),
            caption,
            indicators,
            derived,
            row_anchors: false,
        };
        Ok(match self.target {
            Target::Html => self.presenter.table(&spec),
            Target::Typst { .. } => self.presenter.table_typst(&spec),
        })
    }

    fn chart(&self, call: &Shortcode) -> Result<String, Diagnostic> {
        call.check_args(&["id", "ids", "group", "caption"])?;
        let (indicators, default_caption, id) = self.selection(call, true)?;
        let caption = call
            .string("caption")?
            .map_or(default_caption, str::to_string);
        let id = format!("chart-{id}");
        match self.target {
            Target::Html => self.presenter.chart(&id, &caption, &indicators),
            Target::Typst { chart_stylesheet } => {
                self.presenter
                    .chart_typst(&id, &caption, &indicators, chart_stylesheet)
            }
        }
    }

    /// The indicators a table or chart shows: one `id` (charts only), a
    /// list of `ids`, or a `group`. Returns them, a default caption and an
    /// id for the markup.
    fn selection(
        &self,
        call: &Shortcode,
        allow_single: bool,
    ) -> Result<(Vec<&'a Indicator>, String, String), Diagnostic> {
        let single = if allow_single {
            call.string("id")?
        } else {
            None
        };
        let ids = call.strings("ids")?;
        let group = call.string("group")?;
        let data = self.presenter.data;
        let lang = self.presenter.lang;
        match (single, ids, group) {
            (Some(id), None, None) => {
                let indicator = self.indicator(id)?;
                Ok((
                    vec![indicator],
                    self.presenter.label(indicator).to_string(),
                    id.to_string(),
                ))
            }
            (None, Some(ids), None) if !ids.is_empty() => {
                let indicators = ids
                    .iter()
                    .map(|id| self.indicator(id))
                    .collect::<Result<Vec<_>, _>>()?;
                let caption = indicators
                    .iter()
                    .map(|i| self.presenter.label(i))
                    .collect::<Vec<_>>()
                    .join(self.presenter.labels.get("enumeration_separator"));
                Ok((indicators, caption, ids.join("-")))
            }
            (None, None, Some(group)) => {
                let found = data
                    .group(group)
                    .ok_or_else(|| call.problem(format!("unknown group `{group}`")))?;
                let indicators = data.in_group(group);
                if indicators.is_empty() {
                    return Err(call.problem(format!("group `{group}` has no indicators")));
                }
                Ok((
                    indicators,
                    found.label.get(lang).to_string(),
                    group.to_string(),
                ))
            }
            _ => Err(call.problem(format!(
                "`{}` needs exactly one of {}`ids=[...]` or `group=\"...\"`",
                call.name,
                if allow_single { "`id=\"...\"`, " } else { "" }
            ))),
        }
    }

    fn indicator(&self, id: &str) -> Result<&'a Indicator, Diagnostic> {
        self.presenter.data.require(id)
    }
}

impl ShortcodeHandler for Expander<'_> {
    fn expand(&self, call: &Shortcode) -> Result<Expansion, Diagnostic> {
        let (html, block) = match call.name.as_str() {
            "figure" => (self.figure(call)?, false),
            "derived" => (self.derived(call)?, false),
            "indicator_table" => (self.block(call, Self::table)?, true),
            "indicator_chart" => (self.block(call, Self::chart)?, true),
            other => {
                return Err(call.problem(format!(
                    "unknown shortcode `{other}`{} (known: {})",
                    crate::suggest::did_you_mean(other, NAMES.iter().copied()),
                    NAMES.join(", ")
                )));
            }
        };
        Ok(Expansion {
            markup: html,
            block,
        })
    }
}

fn required<'c>(call: &'c Shortcode, name: &str) -> Result<&'c str, Diagnostic> {
    call.string(name)?
        .ok_or_else(|| call.problem(format!("`{}` needs `{name}=\"...\"`", call.name)))
}
