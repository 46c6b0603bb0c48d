//! The Markdown pipeline: `brief::markdown::render_lenient`.
//! The checks are in `fuzz/checks.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::markdown(text));
