//! Table cells that name their column: every body cell of a Markdown table
//! gets `data-label`, the plain text of its column's header, so that a
//! narrow screen can set each row as a card ("What the report says: …")
//! instead of hiding columns off the side (the stylesheet does the rest).

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use crate::escape;

/// Where the pass is in a table.
#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    headers: Vec<String>,
    in_head: bool,
    /// The cell being read in the head, or the index of the next body cell.
    cell: usize,
    in_head_cell: bool,
}

/// Event pass: replaces the start of every body cell with a `<td>` that
/// carries `data-label` (and the alignment pulldown-cmark would write),
/// collecting the header texts on the way. The cell's end is left to the
/// HTML writer, which closes it and counts it.
pub(super) fn label_table_cells(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut state = TableState::default();
    events
        .into_iter()
        .map(|event| step(&mut state, event))
        .collect()
}

fn step<'a>(state: &mut TableState, event: Event<'a>) -> Event<'a> {
    match &event {
        Event::Start(Tag::Table(alignments)) => {
            *state = TableState {
                alignments: alignments.clone(),
                ..TableState::default()
            };
        }
        Event::Start(Tag::TableHead) => state.in_head = true,
        Event::End(TagEnd::TableHead) => state.in_head = false,
        Event::Start(Tag::TableRow) => state.cell = 0,
        Event::Start(Tag::TableCell) if state.in_head => {
            state.headers.push(String::new());
            state.in_head_cell = true;
        }
        Event::End(TagEnd::TableCell) if state.in_head => state.in_head_cell = false,
        Event::Text(text) | Event::Code(text) if state.in_head_cell => {
            if let Some(header) = state.headers.last_mut() {
                header.push_str(text);
            }
        }
        Event::Start(Tag::TableCell) => {
            let cell = body_cell(state);
            state.cell += 1;
            return Event::InlineHtml(CowStr::from(cell));
        }
        _ => {}
    }
    event
}

/// The opening tag of the next body cell.
fn body_cell(state: &TableState) -> String {
    let label = state
        .headers
        .get(state.cell)
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let align = match state.alignments.get(state.cell) {
        Some(Alignment::Left) => " style=\"text-align: left\"",
        Some(Alignment::Center) => " style=\"text-align: center\"",
        Some(Alignment::Right) => " style=\"text-align: right\"",
        _ => "",
    };
    if label.is_empty() {
        format!("<td{align}>")
    } else {
        format!("<td data-label=\"{}\"{align}>", escape::html(&label))
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    use super::*;

    fn render(markdown: &str) -> String {
        let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).collect();
        let mut out = String::new();
        html::push_html(&mut out, label_table_cells(events).into_iter());
        out
    }

    #[test]
    fn body_cells_carry_their_column_header_as_plain_text() {
        let out = render(
            "| Layer | *What* it `is` | Note |\n|---|---:|:-:|\n| L0 | base | a |\n| L1 | industry | b |\n",
        );
        assert!(out.contains("<th>Layer</th>"), "{out}");
        assert!(out.contains(r#"<td data-label="Layer">L0</td>"#), "{out}");
        assert!(
            out.contains(r#"<td data-label="What it is" style="text-align: right">base</td>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<td data-label="Note" style="text-align: center">b</td>"#),
            "{out}"
        );
    }

    #[test]
    fn labels_are_escaped_and_empty_headers_give_none() {
        // Inline HTML in a header is not part of its text.
        let out = render("| a \"b\" & <c <i>d</i> | |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            out.contains(r#"<td data-label="a &quot;b&quot; &amp; &lt;c d">1</td>"#),
            "{out}"
        );
        assert!(out.contains("<td>2</td>"), "{out}");
    }

    #[test]
    fn ragged_rows_and_second_tables_are_labelled_by_their_own_headers() {
        let out = render("| x | y |\n|---|---|\n| 1 |\n\n| p |\n|---|\n| q | r |\n");
        assert!(out.contains(r#"<td data-label="x">1</td>"#), "{out}");
        assert!(out.contains(r#"<td data-label="p">q</td>"#), "{out}");
        assert!(out.contains(r#"<td data-label="y"></td>"#), "{out}");
        assert!(!out.contains(r#"data-label="r""#), "{out}");
    }
}
