//! Templates that would render without end, found when they load: Tera
//! has no recursion limit, so a template that includes itself (directly
//! or through others) or a macro that always calls itself overflows the
//! stack and kills the process. Two kinds of cycle are certain:
//!
//! - a cycle of `{% include %}`s: an include takes no arguments, so the
//!   included template sees the same context every time round and takes
//!   the same path again (whatever `{% if %}` it sits in);
//! - a cycle of includes and macro calls that are each unconditional (not
//!   inside an `{% if %}` or a `{% for %}`, not on the right of `and` or
//!   `or`): nothing can stop it.
//!
//! A recursive macro whose call sits inside a condition is how Tera walks
//! a tree, and is left alone.

use std::collections::{BTreeSet, HashMap};

use tera::Tera;
use tera::ast::{Expr, ExprVal, Node};

/// A piece of template that rendering enters: a whole template, or one
/// macro of a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Unit {
    Template(String),
    Macro { file: String, name: String },
}

impl Unit {
    fn file(&self) -> &str {
        match self {
            Unit::Template(file) | Unit::Macro { file, .. } => file,
        }
    }

    fn describe(&self) -> String {
        match self {
            Unit::Template(file) => file.clone(),
            Unit::Macro { file, name } => format!("{file} (macro {name})"),
        }
    }
}

/// Rendering `from` enters `to`.
#[derive(Debug)]
struct Edge {
    to: Unit,
    /// An `{% include %}` (or `{% extends %}`) from a template.
    include: bool,
    /// Taken whenever `from` renders.
    certain: bool,
}

/// A cycle that never ends: the template file to blame (the cycle's
/// first) and what to say about it.
#[derive(Debug)]
pub(super) struct Cycle {
    pub file: String,
    pub message: String,
}

/// Every cycle of the templates in `tera` that would render without end.
pub(super) fn find(tera: &Tera) -> Vec<Cycle> {
    let mut graph: HashMap<Unit, Vec<Edge>> = HashMap::new();
    for name in tera.get_template_names() {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        let unit = Unit::Template(name.to_string());
        let mut walker = Walker::new(tera, name);
        if let Some(parent) = &template.parent {
            walker.edge(Unit::Template(parent.clone()), true, true);
        }
        walker.nodes(&template.ast, true);
        graph.insert(unit, walker.edges);
        for (macro_name, definition) in &template.macros {
            let mut walker = Walker::new(tera, name);
            walker.nodes(&definition.body, true);
            let unit = Unit::Macro {
                file: name.to_string(),
                name: macro_name.clone(),
            };
            graph.insert(unit, walker.edges);
        }
    }
    let mut cycles = Vec::new();
    let mut seen = BTreeSet::new();
    let includes = |e: &Edge| e.include;
    let certain = |e: &Edge| e.certain;
    for (keep, kind) in [
        (&includes as &dyn Fn(&Edge) -> bool, Kind::Includes),
        (&certain, Kind::Unconditional),
    ] {
        for cycle in cycles_in(&graph, keep) {
            let members: BTreeSet<Unit> = cycle.iter().cloned().collect();
            if seen.insert(members) {
                cycles.push(describe(&cycle, kind));
            }
        }
    }
    cycles
}

#[derive(Clone, Copy)]
enum Kind {
    Includes,
    Unconditional,
}

fn describe(cycle: &[Unit], kind: Kind) -> Cycle {
    let mut path: Vec<String> = cycle.iter().map(Unit::describe).collect();
    path.push(cycle[0].describe());
    let path = path.join(" → ");
    let message = match kind {
        Kind::Includes if cycle.len() == 1 => format!(
            "this template includes itself ({path}), so it would render without end: an include \
             sees the same context every time, whatever `{{% if %}}` it is in; to render a \
             tree, use a macro that calls itself inside an `{{% if %}}` or `{{% for %}}`"
        ),
        Kind::Includes => format!(
            "these templates include each other ({path}), so they would render without end: an \
             include sees the same context every time, whatever `{{% if %}}` it is in"
        ),
        Kind::Unconditional => format!(
            "this would render without end: {path}, and no call on the way is inside an \
             `{{% if %}}` or a `{{% for %}}` that could stop it"
        ),
    };
    Cycle {
        file: cycle[0].file().to_string(),
        message,
    }
}

/// A cycle through every strongly connected part of the graph that
/// `keep` leaves, each as a list of units (the first the smallest).
fn cycles_in(graph: &HashMap<Unit, Vec<Edge>>, keep: &dyn Fn(&Edge) -> bool) -> Vec<Vec<Unit>> {
    let mut units: Vec<&Unit> = graph.keys().collect();
    units.sort();
    let mut done: BTreeSet<&Unit> = BTreeSet::new();
    let mut found = Vec::new();
    for start in units {
        if done.contains(start) {
            continue;
        }
        // Depth first, with the path kept: an edge back into the path
        // closes a cycle.
        let mut path: Vec<(&Unit, usize)> = vec![(start, 0)];
        let mut on_path: BTreeSet<&Unit> = BTreeSet::from([start]);
        while let Some((unit, next)) = path.last_mut() {
            let edges: Vec<&Edge> = graph
                .get(*unit)
                .map(|e| e.iter().filter(|e| keep(e)).collect())
                .unwrap_or_default();
            let Some(edge) = edges.get(*next) else {
                done.insert(*unit);
                on_path.remove(*unit);
                path.pop();
                continue;
            };
            *next += 1;
            let Some((to, _)) = graph.get_key_value(&edge.to) else {
                continue;
            };
            if on_path.contains(to) {
                let from = path.iter().position(|(u, _)| *u == to).unwrap_or(0);
                let mut cycle: Vec<Unit> = path[from..].iter().map(|(u, _)| (*u).clone()).collect();
                let smallest = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
                cycle.rotate_left(smallest);
                found.push(cycle);
            } else if !done.contains(to) {
                on_path.insert(to);
                path.push((to, 0));
            }
        }
    }
    found
}

/// Collects the edges out of one unit's nodes.
struct Walker<'a> {
    tera: &'a Tera,
    /// The template file whose imports name the macro namespaces.
    file: &'a str,
    edges: Vec<Edge>,
}

impl<'a> Walker<'a> {
    fn new(tera: &'a Tera, file: &'a str) -> Self {
        Walker {
            tera,
            file,
            edges: Vec::new(),
        }
    }

    fn edge(&mut self, to: Unit, include: bool, certain: bool) {
        self.edges.push(Edge {
            to,
            include,
            certain,
        });
    }

    /// `certain`: whether these nodes render whenever their unit does.
    fn nodes(&mut self, nodes: &[Node], certain: bool) {
        for node in nodes {
            match node {
                Node::Include(_, names, _) => {
                    // Tera renders the first of the names that exists.
                    if let Some(name) = names.iter().find(|n| self.tera.get_template(n).is_ok()) {
                        self.edge(Unit::Template(name.clone()), true, certain);
                    }
                }
                Node::VariableBlock(_, expr) => self.expr(expr, certain),
                Node::Set(_, set) => self.expr(&set.value, certain),
                Node::FilterSection(_, section, _) => {
                    self.args(section.filter.args.values(), certain);
                    self.nodes(&section.body, certain);
                }
                Node::Block(_, block, _) => self.nodes(&block.body, certain),
                Node::Forloop(_, forloop, _) => {
                    self.expr(&forloop.container, certain);
                    self.nodes(&forloop.body, false);
                    if let Some(empty) = &forloop.empty_body {
                        self.nodes(empty, false);
                    }
                }
                Node::If(branches, _) => {
                    for (i, (_, condition, body)) in branches.conditions.iter().enumerate() {
                        self.expr(condition, certain && i == 0);
                        self.nodes(body, false);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.nodes(body, false);
                    }
                }
                // A macro's body is a unit of its own.
                _ => {}
            }
        }
    }

    fn args<'e>(&mut self, args: impl Iterator<Item = &'e Expr>, certain: bool) {
        for arg in args {
            self.expr(arg, certain);
        }
    }

    fn expr(&mut self, expr: &Expr, certain: bool) {
        self.value(&expr.val, certain);
        for filter in &expr.filters {
            self.args(filter.args.values(), certain);
        }
    }

    fn value(&mut self, value: &ExprVal, certain: bool) {
        match value {
            ExprVal::MacroCall(call) => {
                if let Some(file) = self.macro_file(&call.namespace, &call.name) {
                    let unit = Unit::Macro {
                        file,
                        name: call.name.clone(),
                    };
                    self.edge(unit, false, certain);
                }
                self.args(call.args.values(), certain);
            }
            ExprVal::FunctionCall(call) => self.args(call.args.values(), certain),
            ExprVal::Math(math) => {
                self.expr(&math.lhs, certain);
                self.expr(&math.rhs, certain);
            }
            // `and` and `or` stop early: the right side may not run.
            ExprVal::Logic(logic) => {
                self.expr(&logic.lhs, certain);
                self.expr(&logic.rhs, false);
            }
            ExprVal::Test(test) => self.args(test.args.iter(), certain),
            ExprVal::Array(items) => self.args(items.iter(), certain),
            ExprVal::StringConcat(concat) => {
                for value in &concat.values {
                    self.value(value, certain);
                }
            }
            ExprVal::In(within) => {
                self.expr(&within.lhs, certain);
                self.expr(&within.rhs, certain);
            }
            _ => {}
        }
    }

    /// The file that defines macro `namespace::name` as seen from this
    /// unit's file: the file itself for `self`, else the file imported
    /// under that namespace.
    fn macro_file(&self, namespace: &str, name: &str) -> Option<String> {
        let file = if namespace == "self" {
            self.file.to_string()
        } else {
            let template = self.tera.get_template(self.file).ok()?;
            template
                .imported_macro_files
                .iter()
                .find(|(_, ns)| ns == namespace)?
                .0
                .clone()
        };
        let defines = self
            .tera
            .get_template(&file)
            .is_ok_and(|t| t.macros.contains_key(name));
        defines.then_some(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles(templates: &[(&str, &str)]) -> Vec<Cycle> {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied())
            .expect("templates parse");
        find(&tera)
    }

    #[test]
    fn include_cycles_are_found_whatever_condition_they_sit_in() {
        let found = cycles(&[("a.html", r#"{% if x %}{% include "a.html" %}{% endif %}"#)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, "a.html");
        assert!(
            found[0]
                .message
                .contains("includes itself (a.html → a.html)")
        );

        let found = cycles(&[
            ("page.html", r#"{% include "b.html" %}"#),
            (
                "b.html",
                r#"{% for i in items %}{% include "c.html" %}{% endfor %}"#,
            ),
            ("c.html", r#"{% include "b.html" %}"#),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("b.html → c.html → b.html"),
            "{found:?}"
        );
    }

    #[test]
    fn unconditional_macro_recursion_is_found() {
        let found = cycles(&[(
            "macros.html",
            "{% macro list(n) %}{{ self::list(n=n) }}{% endmacro list %}",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("macros.html (macro list)"));

        // Through an import, an include and a filter argument.
        let found = cycles(&[
            (
                "m.html",
                r#"{% macro a() %}{% include "p.html" %}{% endmacro a %}"#,
            ),
            (
                "p.html",
                r#"{% import "m.html" as m %}{{ "x" | replace(from="x", to=m::a()) }}"#,
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn recursion_with_a_way_out_is_left_alone() {
        let found = cycles(&[
            (
                "tree.html",
                "{% macro node(n) %}{% for c in n.children %}{{ self::node(n=c) }}{% endfor %}\
                 {% if n.more and self::node(n=n.more) %}{% endif %}{% endmacro node %}",
            ),
            (
                "page.html",
                r#"{% import "tree.html" as t %}{{ t::node(n=page) }}{% include "part.html" %}"#,
            ),
            ("part.html", "{{ page.title }}"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
