//! Front matter: `split` then `parse` of any page file must not panic;
//! a split page's parts are the file's own text, in order.

#![no_main]

use std::path::Path;

use brief::content::front_matter::{parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("content/fuzz.en.md");
    let Ok(page) = split(path, text) else {
        return;
    };
    assert!(text.ends_with(page.body), "the body is the end of the file");
    assert!(text.contains(page.front_matter));
    assert!(page.body_line >= 2, "the body starts after both fences");
    if let Ok(front) = parse(path, &page) {
        assert!(!front.title.trim().is_empty());
        for value in [&front.date, &front.updated].into_iter().flatten() {
            let _ = brief::content::front_matter::rfc3339(value.get_ref());
            let _ = brief::content::front_matter::position_of(&page, value);
        }
        if let Some(slug) = &front.slug {
            let _ = brief::content::front_matter::position_of(&page, slug);
        }
    }
});
