//! Which indicators the brief uses: every id a page's shortcodes or key
//! figures refer to. Tables and charts of a group use all its indicators;
//! a derived figure uses the indicators of both its points.

use std::collections::BTreeSet;

use crate::content::Page;
use crate::indicators::Indicators;
use crate::markdown::shortcodes::Shortcode;
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

/// The indicator ids a shortcode call refers to, for usage checks; empty
/// for calls that name none.
pub fn referenced_ids(call: &Shortcode, data: &crate::indicators::Indicators) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    if call.name == "derived" {
        if let Ok(Some(id)) = call.string("id")
            && let Some(derived) = data.derived(id)
        {
            ids.push(derived.from.indicator.clone());
            ids.push(derived.to.indicator.clone());
        }
        return ids;
    }
    if let Ok(Some(id)) = call.string("id") {
        ids.push(id.to_string());
    }
    if let Ok(Some(list)) = call.strings("ids") {
        ids.extend(list.into_iter().map(str::to_string));
    }
    if let Ok(Some(group)) = call.string("group") {
        ids.extend(data.in_group(group).iter().map(|i| i.id.clone()));
    }
    ids
}
