//! The shortcode parser: `brief::markdown::shortcodes::find` over any text
//! must not panic, and every call it returns must point at `{{ ... }}` in
//! the body, at a position inside it.

#![no_main]

use brief::markdown::shortcodes::find;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let mut last_end = 0;
    for found in find(body) {
        match found {
            Ok(call) => {
                let text = body
                    .get(call.range.clone())
                    .expect("a call's range lies on character boundaries of the body");
                assert!(text.starts_with("{{") && text.ends_with("}}"), "{text:?}");
                assert!(call.range.start >= last_end, "calls are in order and do not overlap");
                last_end = call.range.end;
                assert!(!call.name.is_empty());
                assert!(call.position.line >= 1 && call.position.column >= 1);
                assert!(call.position.line <= body.lines().count().max(1));
                // The typed accessors never panic, whatever the arguments are.
                for (key, _) in &call.args {
                    let _ = call.string(key);
                    let _ = call.integer(key);
                    let _ = call.strings(key);
                }
                let _ = call.check_args(&["id", "year", "kind", "group", "ids", "derived", "caption"]);
            }
            Err(error) => {
                assert!(error.position.line >= 1 && error.position.column >= 1);
                assert!(!error.message.is_empty());
            }
        }
    }
});
