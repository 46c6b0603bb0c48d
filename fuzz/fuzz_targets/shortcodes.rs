//! The shortcode parser: `brief::markdown::shortcodes::find`.
//! The checks are in `fuzz/checks.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::shortcodes(text));
