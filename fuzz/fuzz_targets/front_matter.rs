//! Front matter: `brief::content::front_matter::split` and `parse`.
//! The checks are in `fuzz/checks.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::front_matter(text));
