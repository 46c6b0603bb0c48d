//! The link checker's HTML scanner, `brief::linkcheck::scan`, against
//! lol_html on any input. The check is in `fuzz/checks.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::link_scan(text));
