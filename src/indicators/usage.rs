//! Which indicators the brief uses: every id a page's shortcodes or key
//! figures refer to. Tables and charts of a group use all its indicators;
//! a derived figure uses the indicators of both its points.

use std::collections::BTreeSet;

use super::Indicators;
use super::shortcodes::referenced_ids;
use crate::content::Page;
use crate::markdown::shortcodes::find;

/// The ids of the indicators that `pages` refer to (whether or not the
/// ids exist).
pub fn referenced<'p>(
    data: &Indicators,
    pages: impl IntoIterator<Item = &'p Page>,
) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for page in pages {
        for call in find(&page.body).into_iter().flatten() {
            ids.extend(referenced_ids(&call, data));
        }
        ids.extend(
            page.front
                .key_figures
                .iter()
                .map(|k| k.get_ref().id.clone()),
        );
    }
    ids
}

/// The ids of defined indicators that no page refers to, in file order.
pub fn unused<'p>(data: &Indicators, pages: impl IntoIterator<Item = &'p Page>) -> Vec<String> {
    let used = referenced(data, pages);
    data.indicators
        .iter()
        .filter(|i| !used.contains(&i.id))
        .map(|i| i.id.clone())
        .collect()
}
